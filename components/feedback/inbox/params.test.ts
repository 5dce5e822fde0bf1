import { describe, expect, it } from "vitest";
import { filterCount, readFilters, toQuery, toSearch } from "./params";

describe("the inbox's state in the URL", () => {
  it("reads known values and drops the rest", () => {
    expect(readFilters({ view: "open", severity: "critical", type: "nonsense", q: "  checkout  ", assignee: "u1" })).toEqual({
      view: "open", type: undefined, severity: "critical", label: undefined, assigneeId: "u1", source: undefined, q: "checkout", sort: undefined,
    });
    expect(readFilters(new URLSearchParams("view=bogus")).view).toBe("inbox");
  });

  it("asks the API for spam by status and leaves the inbox as its default", () => {
    expect(toQuery({ view: "spam" })).toEqual({ status: "spam" });
    expect(toQuery({ view: "inbox", type: "bug" })).toEqual({ type: "bug" });
    expect(toQuery({ view: "all", q: "x" })).toEqual({ view: "all", q: "x" });
  });

  it("writes back only what differs from the default, and round-trips", () => {
    expect(toSearch({ view: "inbox" })).toBe("");
    const f = { view: "snoozed" as const, label: "checkout", assigneeId: "u1", sort: "votes" as const };
    const s = toSearch(f, "FB-12");
    expect(s).toBe("?view=snoozed&label=checkout&assignee=u1&sort=votes&item=FB-12");
    expect(readFilters(new URLSearchParams(s))).toMatchObject(f);
    expect(filterCount(f)).toBe(2);
  });
});
