import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { ZFeedbackSummary, type TFeedbackDetail, type TFeedbackSummary } from "@/lib/feedback/schemas";
import { belongsTo, feedbackKeys, newArrivals, normalizeQuery, patchLists, predict, toSummary } from "./feedback";

const NOW = Date.parse("2026-03-10T12:00:00Z");
const item = (over: Partial<TFeedbackSummary> = {}): TFeedbackSummary => ({
  id: "i1",
  number: 1,
  ref: "FB-1",
  type: "bug",
  title: "Checkout button does nothing",
  excerpt: "",
  status: "new",
  severity: null,
  labels: [],
  assignee: null,
  source: "form",
  voteCount: 0,
  commentCount: 0,
  reporterCount: 1,
  spamReasons: [],
  snoozedUntil: null,
  duplicateOf: null,
  fixedIn: null,
  sprintId: null,
  externalUrl: null,
  createdAt: "2026-03-10T10:00:00.000Z",
  updatedAt: "2026-03-10T10:00:00.000Z",
  ...over,
});

describe("normalizeQuery (one cache entry per list)", () => {
  it("drops empty filters and the default view, and trims the search", () => {
    expect(normalizeQuery({ view: "inbox", q: "  ", type: undefined })).toEqual({});
    expect(normalizeQuery({ view: "open", q: " checkout " })).toEqual({ view: "open", q: "checkout" });
    expect(feedbackKeys.list("p", { view: "inbox" })).toEqual(feedbackKeys.list("p", {}));
  });
});

describe("belongsTo (an item leaves a list the moment it is triaged)", () => {
  it("keeps only new, unsnoozed items in the inbox", () => {
    expect(belongsTo(item(), {}, NOW)).toBe(true);
    expect(belongsTo(item({ status: "accepted" }), {}, NOW)).toBe(false);
    expect(belongsTo(item({ snoozedUntil: "2026-03-11T09:00:00Z" }), {}, NOW)).toBe(false);
    // A snooze that has run out puts the item back.
    expect(belongsTo(item({ snoozedUntil: "2026-03-09T09:00:00Z" }), {}, NOW)).toBe(true);
  });

  it("reads the open and snoozed views and the status filter (the spam view)", () => {
    expect(belongsTo(item({ status: "in_progress" }), { view: "open" }, NOW)).toBe(true);
    expect(belongsTo(item({ status: "declined" }), { view: "open" }, NOW)).toBe(false);
    expect(belongsTo(item({ snoozedUntil: "2026-03-11T09:00:00Z" }), { view: "snoozed" }, NOW)).toBe(true);
    expect(belongsTo(item(), { view: "snoozed" }, NOW)).toBe(false);
    expect(belongsTo(item({ status: "new" }), { view: "all", status: "spam" }, NOW)).toBe(false);
    expect(belongsTo(item({ status: "spam" }), { status: "spam" }, NOW)).toBe(true);
    expect(belongsTo(item({ status: "accepted", snoozedUntil: "2026-03-11T09:00:00Z" }), { view: "snoozed" }, NOW)).toBe(false);
    expect(belongsTo(item({ status: "declined" }), { view: "all" }, NOW)).toBe(true);
  });

  it("applies every filter but full-text search", () => {
    expect(belongsTo(item({ severity: "high" }), { severity: "critical" }, NOW)).toBe(false);
    expect(belongsTo(item({ labels: ["checkout"] }), { label: "checkout" }, NOW)).toBe(true);
    expect(belongsTo(item(), { label: "checkout" }, NOW)).toBe(false);
    expect(belongsTo(item({ assignee: { id: "u2", name: "Max" } }), { assigneeId: "u1" }, NOW)).toBe(false);
    expect(belongsTo(item({ source: "github" }), { source: "form" }, NOW)).toBe(false);
    expect(belongsTo(item({ type: "idea" }), { type: "bug" }, NOW)).toBe(false);
    expect(belongsTo(item(), { q: "anything at all" }, NOW)).toBe(true);
  });
});

describe("toSummary", () => {
  it("keeps exactly the fields of a summary", () => {
    const detail = {
      ...item(),
      body: "b",
      pageUrl: null,
      userAgent: null,
      meta: {},
      reporters: [],
      comments: [],
      duplicates: [],
      suggestions: [],
      declineReason: null,
      votedByMe: false,
      triagedAt: null,
      fixedAt: null,
      releasedAt: null,
    } satisfies TFeedbackDetail;
    expect(Object.keys(toSummary(detail)).sort()).toEqual(Object.keys(ZFeedbackSummary.shape).sort());
  });
});

describe("patchLists", () => {
  it("updates a row where it still belongs and drops it where it no longer does", () => {
    const qc = new QueryClient();
    const inbox = feedbackKeys.list("p", {});
    const open = feedbackKeys.list("p", { view: "open" });
    const other = item({ id: "i2", ref: "FB-2" });
    qc.setQueryData(inbox, { pages: [[item(), other]], pageParams: [undefined] });
    qc.setQueryData(open, { pages: [[item()]], pageParams: [undefined] });
    patchLists(qc, "p", [item({ status: "accepted", severity: "high" })], NOW);
    expect(qc.getQueryData<{ pages: TFeedbackSummary[][] }>(inbox)?.pages[0].map((r) => r.id)).toEqual(["i2"]);
    expect(qc.getQueryData<{ pages: TFeedbackSummary[][] }>(open)?.pages[0][0]).toMatchObject({ status: "accepted", severity: "high" });
  });
});

describe("newArrivals (what the inbox announces)", () => {
  it("counts items newer than anything seen and not seen before", () => {
    const seen = new Set(["i1"]);
    const rows = [item({ id: "i3", createdAt: "2026-03-10T11:00:00.000Z" }), item(), item({ id: "old", createdAt: "2026-03-01T00:00:00.000Z" })];
    expect(newArrivals(seen, "2026-03-10T10:00:00.000Z", rows).map((r) => r.id)).toEqual(["i3"]);
    expect(newArrivals(seen, null, rows)).toEqual([]);
  });
});

describe("predict (what the inbox shows before the server answers)", () => {
  it("moves the item the way the server will", () => {
    expect(predict(item({ snoozedUntil: "2026-03-11T09:00:00Z" }), { action: "accept" })).toMatchObject({ status: "accepted", snoozedUntil: null });
    expect(predict(item(), { action: "spam" })?.status).toBe("spam");
    expect(predict(item({ status: "spam" }), { action: "not_spam" })?.status).toBe("new");
    expect(predict(item(), { action: "snooze", until: "2026-03-11T09:00:00Z" })?.snoozedUntil).toBe("2026-03-11T09:00:00Z");
    expect(predict(item(), { action: "update", severity: "critical", labels: ["a", "a", "b"] })).toMatchObject({ severity: "critical", labels: ["a", "b"] });
    // Who an id names is the server's to say: the assignee waits for the answer, an unassignment does not.
    expect(predict(item(), { action: "update", assigneeId: "u9" })?.assignee).toBeNull();
    expect(predict(item({ assignee: { id: "u1", name: "Ada" } }), { action: "update", assigneeId: null })?.assignee).toBeNull();
  });

  it("takes an item out of the inbox list at once when accepted", () => {
    const qc = new QueryClient();
    const inbox = feedbackKeys.list("p", {});
    qc.setQueryData(inbox, { pages: [[item(), item({ id: "i2" })]], pageParams: [undefined] });
    patchLists(qc, "p", [predict(item(), { action: "accept" })!], NOW);
    expect(qc.getQueryData<{ pages: TFeedbackSummary[][] }>(inbox)?.pages[0].map((r) => r.id)).toEqual(["i2"]);
  });
});
