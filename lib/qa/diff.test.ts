import { describe, expect, it } from "vitest";
import { diffFindings } from "./diff";
import type { EngineFinding } from "./engine";

const f = (fingerprint: string, title = fingerprint): EngineFinding => ({
  fingerprint, rule: "r", severity: "serious", title, location: "/", advice: "fix it", detail: {},
});

describe("diffFindings", () => {
  it("marks everything new on a first run", () => {
    const out = diffFindings([f("a"), f("b")], null, "run2", null);
    expect(out.map((x) => [x.fingerprint, x.change, x.firstSeenRunId])).toEqual([["a", "new", "run2"], ["b", "new", "run2"]]);
  });

  it("tells new, still there (keeping the first run it was seen in) and fixed apart", () => {
    const previous = [{ ...f("a"), firstSeenRunId: "run0" }, { ...f("gone", "Old problem"), firstSeenRunId: "run1" }];
    const out = diffFindings([f("a"), f("b")], previous, "run2", "run1");
    expect(out.map((x) => [x.fingerprint, x.change, x.firstSeenRunId])).toEqual([
      ["a", "persisting", "run0"],
      ["b", "new", "run2"],
      ["gone", "fixed", "run1"],
    ]);
    expect(out.find((x) => x.change === "fixed")?.title).toBe("Old problem");
  });

  it("drops a duplicated fingerprint within one run instead of failing", () => {
    expect(diffFindings([f("a"), f("a")], [], "r", null)).toHaveLength(1);
  });
});
