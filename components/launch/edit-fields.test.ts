import { describe, expect, it } from "vitest";
import type { TBindingKind, TItem } from "@/lib/queries/launch";
import { bindingForm, bindingInput, issuesToFields, pathWords, sameBinding } from "./edit-fields";

const kinds: TBindingKind[] = [
  {
    kind: "uptime",
    label: "Uptime",
    description: "",
    params: [
      { name: "targetId", description: "the target", required: true },
      { name: "checkId", description: "the check", required: false },
      { name: "windowDays", description: "1, 7, 30 or 90 (default 7)", required: false },
      { name: "minPercent", description: "0–100 (default 99.9)", required: false },
    ],
  },
  { kind: "deployment_succeeded", label: "Latest deploy succeeded", description: "", params: [{ name: "targetId", description: "the target", required: true }] },
];
const bound = (kind: string, params: Record<string, unknown>): TItem["binding"] => ({ kind, params, label: "", ok: null, summary: null, href: null, checkedAt: null });

describe("issuesToFields (server issues beside their fields)", () => {
  it("puts labelled paths on their field, first issue wins, and lists the rest in words", () => {
    const out = issuesToFields(
      [
        { path: "title", message: "is required" },
        { path: "title", message: "must be at most 200 characters" },
        { path: "binding.targetId", message: "is not a target of this project" },
        { path: "binding.windowDays", message: "must be 1, 7, 30 or 90" },
        { path: "position", message: "must be at least 0" },
      ],
      { title: "Title", "binding.targetId": "Target" },
    );
    expect(out.fields).toEqual({ title: "Title is required.", "binding.targetId": "Target is not a target of this project." });
    expect(out.other).toEqual(["The automated check's window (days) must be 1, 7, 30 or 90.", "Position must be at least 0."]);
  });
  it("names paths in words", () => {
    expect(pathWords("")).toBe("The request");
    expect(pathWords("binding")).toBe("The automated check");
    expect(pathWords("targetDate")).toBe("Target date");
  });
});

describe("the binding as form values and back", () => {
  it("reads an item's binding into text inputs, and manual as no kind", () => {
    expect(bindingForm(null)).toEqual({ kind: "", params: {} });
    expect(bindingForm(bound("uptime", { targetId: "t1", checkId: "c1", windowDays: 7, minPercent: 99.9 }))).toEqual({
      kind: "uptime",
      params: { targetId: "t1", checkId: "c1", windowDays: "7", minPercent: "99.9" },
    });
  });
  it("sends null for manual, numbers as numbers, and leaves out empty optional params", () => {
    expect(bindingInput({ kind: "", params: { targetId: "t1" } }, kinds)).toEqual({ binding: null, errors: {} });
    expect(bindingInput({ kind: "uptime", params: { targetId: " t1 ", checkId: "", windowDays: "30", minPercent: "99.5" } }, kinds)).toEqual({
      binding: { kind: "uptime", targetId: "t1", windowDays: 30, minPercent: 99.5 },
      errors: {},
    });
    // Params of another kind, left over from switching, are not sent.
    expect(bindingInput({ kind: "deployment_succeeded", params: { targetId: "t1", windowDays: "7" } }, kinds).binding).toEqual({ kind: "deployment_succeeded", targetId: "t1" });
  });
  it("says what to enter, keyed like the server's paths", () => {
    const { binding, errors } = bindingInput({ kind: "uptime", params: { windowDays: "a week" } }, kinds);
    expect(binding).toBeNull();
    expect(errors).toEqual({ "binding.targetId": "Choose the target T-Minus should watch.", "binding.windowDays": "Window (days) must be a number: 1, 7, 30 or 90 (default 7)." });
    expect(bindingInput({ kind: "gone", params: {} }, kinds).errors).toEqual({ "binding.kind": "Choose what T-Minus should watch from the list, or Manual." });
  });
  it("knows an unchanged binding, so the PATCH leaves it (and its measurement) alone", () => {
    const current = bound("uptime", { targetId: "t1", checkId: "c1", windowDays: 7, minPercent: 99.9 });
    const again = bindingInput(bindingForm(current), kinds).binding;
    expect(sameBinding(current, again)).toBe(true);
    expect(sameBinding(current, { ...again!, windowDays: 30 })).toBe(false);
    expect(sameBinding(current, { kind: "uptime", targetId: "t1", windowDays: 7, minPercent: 99.9 })).toBe(false);
    expect(sameBinding(current, null)).toBe(false);
    expect(sameBinding(null, null)).toBe(true);
    expect(sameBinding(null, { kind: "deployment_succeeded", targetId: "t1" })).toBe(false);
  });
});
