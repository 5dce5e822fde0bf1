import { describe, expect, it } from "vitest";
import { allowed, dateAt9, describeChange, percent, snoozeChoices, undoOf } from "./triage";

const NOW = Date.parse("2026-03-10T12:00:00Z");
const item = { ref: "FB-7", status: "new" as const, severity: null, labels: ["checkout"], assignee: null, snoozedUntil: null, fixedIn: null };

describe("allowed (no button that could only earn a 409)", () => {
  it("offers accept, decline, duplicate, snooze and spam on a new item", () => {
    expect(allowed(item, NOW)).toMatchObject({ accept: true, decline: true, duplicate: true, snooze: true, unsnooze: false, spam: true, notSpam: false, reopen: false });
  });
  it("offers not-spam in spam, reopen when declined or a duplicate, and unsnooze while snoozed", () => {
    expect(allowed({ ...item, status: "spam" }, NOW)).toMatchObject({ accept: false, notSpam: true, spam: false, edit: false });
    expect(allowed({ ...item, status: "declined" }, NOW)).toMatchObject({ reopen: true, decline: false, accept: false });
    expect(allowed({ ...item, snoozedUntil: "2026-03-11T09:00:00Z" }, NOW)).toMatchObject({ snooze: false, unsnooze: true });
    expect(allowed({ ...item, status: "released" }, NOW)).toMatchObject({ decline: false, duplicate: false });
  });
});

describe("undoOf", () => {
  it("restores the fields an update changed, and only those", () => {
    expect(undoOf(item, { action: "update", severity: "high" })).toEqual({ action: "update", severity: null });
    expect(undoOf({ ...item, assignee: { id: "u1", name: "Ada" } }, { action: "update", assigneeId: "u2" })).toEqual({ action: "update", assigneeId: "u1" });
    expect(undoOf(item, { action: "update", labels: [] })).toEqual({ action: "update", labels: ["checkout"] });
  });
  it("takes back a snooze, spam and a decline of a new item", () => {
    expect(undoOf(item, { action: "snooze", until: "2026-03-11T09:00:00Z" })).toEqual({ action: "unsnooze" });
    expect(undoOf(item, { action: "spam" })).toEqual({ action: "not_spam" });
    expect(undoOf(item, { action: "decline", reason: "out of scope" })).toEqual({ action: "reopen" });
    expect(undoOf({ ...item, status: "spam" }, { action: "not_spam" })).toEqual({ action: "spam" });
  });
  it("moves a status back, with the release it had", () => {
    expect(undoOf({ ...item, status: "in_progress" }, { action: "status", status: "fixed", releaseId: "r2" })).toEqual({ action: "status", status: "in_progress", releaseId: null });
    expect(undoOf({ ...item, status: "fixed", fixedIn: { id: "r1", version: "1.2.0" } }, { action: "status", status: "planned" })).toEqual({ action: "status", status: "fixed", releaseId: "r1" });
  });
  it("offers nothing where the server has no way back", () => {
    expect(undoOf(item, { action: "accept" })).toBeNull();
    expect(undoOf(item, { action: "duplicate", duplicateOfId: "x" })).toBeNull();
    expect(undoOf({ ...item, status: "accepted" }, { action: "decline", reason: "no" })).toBeNull();
  });
});

describe("describeChange", () => {
  it("says what happened in a sentence", () => {
    expect(describeChange(item, { action: "accept" })).toBe("FB-7 accepted.");
    expect(describeChange(item, { action: "update", severity: "critical" })).toBe("FB-7: severity critical.");
    expect(describeChange(item, { action: "update", assigneeId: "u1" }, { assigneeName: "Ada" })).toBe("FB-7: assigned to Ada.");
    expect(describeChange(item, { action: "duplicate", duplicateOfId: "x" }, { duplicateOfRef: "FB-2" })).toMatch(/duplicate of FB-2/);
  });
});

describe("snooze times", () => {
  it("tomorrow and next Monday at 9:00 local time", () => {
    const wed = new Date(2026, 2, 11, 15, 30); // a Wednesday
    const { tomorrow, nextWeek } = snoozeChoices(wed);
    expect([tomorrow.getDate(), tomorrow.getHours(), tomorrow.getMinutes()]).toEqual([12, 9, 0]);
    expect([nextWeek.getDay(), nextWeek.getDate(), nextWeek.getHours()]).toEqual([1, 16, 9]);
    // On a Monday, next week is the Monday after.
    expect(snoozeChoices(new Date(2026, 2, 16, 8)).nextWeek.getDate()).toBe(23);
  });
  it("reads a picked date at 9:00", () => {
    const d = dateAt9("2026-04-02");
    expect([d?.getFullYear(), d?.getMonth(), d?.getDate(), d?.getHours()]).toEqual([2026, 3, 2, 9]);
    expect(dateAt9("")).toBeNull();
    expect(percent(0.826)).toBe("83%");
  });
});
