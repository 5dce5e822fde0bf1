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

  it("does not call a finding fixed when the run that missed it was incomplete: it is carried over, marked not rechecked", () => {
    const previous = [{ ...f("a"), firstSeenRunId: "run0" }, { ...f("unchecked", "On a page the run never reached"), firstSeenRunId: null }];
    const out = diffFindings([f("a"), f("b")], previous, "run2", "run1", false);
    expect(out.map((x) => [x.fingerprint, x.change, x.firstSeenRunId])).toEqual([
      ["a", "persisting", "run0"],
      ["b", "new", "run2"],
      ["unchecked", "persisting", "run1"],
    ]);
    expect(out.some((x) => x.change === "fixed")).toBe(false);
    const carried = out.find((x) => x.fingerprint === "unchecked")!;
    expect(carried).toMatchObject({ title: "On a page the run never reached", detail: { notRechecked: true } });
    expect(out.find((x) => x.fingerprint === "a")!.detail).toEqual({});
    // The same inputs from a complete run do call it fixed (the default, so callers that pass nothing keep the old meaning).
    expect(diffFindings([f("a"), f("b")], previous, "run2", "run1").find((x) => x.fingerprint === "unchecked")!.change).toBe("fixed");
  });

  it("drops a duplicated fingerprint within one run instead of failing", () => {
    expect(diffFindings([f("a"), f("a")], [], "r", null)).toHaveLength(1);
  });
});
