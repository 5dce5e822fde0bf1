import { describe, expect, it } from "vitest";
import { actionFor, ariaKeys, isTyping, SHORTCUTS, type KeyInput } from "./keys";

// Stand-ins for DOM elements: the handler reads only tagName, isContentEditable and closest().
const el = (tagName: string, opts: { editable?: boolean; within?: string[] } = {}) => ({
  tagName,
  isContentEditable: opts.editable ?? false,
  closest: (selector: string) => (selector.split(",").some((s) => [tagName.toLowerCase(), ...(opts.within ?? [])].some((w) => s.trim().startsWith(w))) ? {} : null),
});
const press = (key: string, target: unknown = el("BODY"), mods: Partial<KeyInput> = {}): KeyInput => ({ key, altKey: false, ctrlKey: false, metaKey: false, target: target as EventTarget, ...mods });

describe("the inbox's keyboard map", () => {
  it("gives every key to one action only", () => {
    const keys = SHORTCUTS.flatMap((s) => s.keys);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("moves with j/k and the arrows, opens with o or Enter, and knows every triage key", () => {
    expect(actionFor(press("j"), false)).toBe("next");
    expect(actionFor(press("ArrowDown"), false)).toBe("next");
    expect(actionFor(press("k"), false)).toBe("prev");
    expect(actionFor(press("ArrowUp"), false)).toBe("prev");
    expect(actionFor(press("o"), false)).toBe("open");
    expect(actionFor(press("Enter"), false)).toBe("open");
    const triage = Object.fromEntries(["a", "d", "r", "s", "1", "2", "3", "4", "l", "i", "m", "x", "u"].map((k) => [k, actionFor(press(k), true)]));
    expect(triage).toEqual({
      a: "accept", d: "duplicate", r: "decline", s: "snooze", 1: "severity-critical", 2: "severity-high", 3: "severity-medium", 4: "severity-low", l: "labels", i: "assign", m: "spam", x: "select", u: "undo",
    });
    expect(actionFor(press("/"), false)).toBe("search");
    expect(actionFor(press("?"), false)).toBe("help");
  });

  it("never fires while typing in a field", () => {
    for (const target of [el("INPUT"), el("TEXTAREA"), el("SELECT"), el("DIV", { editable: true })]) {
      expect(isTyping(target as unknown as EventTarget)).toBe(true);
      expect(actionFor(press("a", target), true)).toBeNull();
      expect(actionFor(press("j", target), true)).toBeNull();
      expect(actionFor(press("/", target), true)).toBeNull();
    }
  });

  it("leaves Ctrl, Alt and Cmd combinations to the browser", () => {
    expect(actionFor(press("a", undefined, { ctrlKey: true }), true)).toBeNull();
    expect(actionFor(press("j", undefined, { metaKey: true }), true)).toBeNull();
    expect(actionFor(press("k", undefined, { altKey: true }), true)).toBeNull();
  });

  it("gives viewers the moving keys but none that change an item", () => {
    for (const k of ["a", "d", "r", "s", "1", "l", "i", "m", "x", "u"]) expect(actionFor(press(k), false)).toBeNull();
    expect(actionFor(press("j"), false)).toBe("next");
  });

  it("leaves Enter to a focused button, but opens from a row's link", () => {
    expect(actionFor(press("Enter", el("BUTTON")), true)).toBeNull();
    expect(actionFor(press("Enter", el("A", { within: ["a[href]", "[data-feedback-row-link]"] })), true)).toBe("open");
    // Other keys still work with a button focused (after pressing Accept, j moves on).
    expect(actionFor(press("j", el("BUTTON")), true)).toBe("next");
  });

  it("announces the keys on buttons as ARIA spells them", () => {
    expect(ariaKeys("accept")).toBe("a");
    expect(ariaKeys("next")).toBe("j ArrowDown");
    expect(ariaKeys("help")).toBe("Shift+?");
  });
});
