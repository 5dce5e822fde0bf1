import { describe, expect, it } from "vitest";
import type { Prisma } from "@prisma/client";
import { db } from "@/lib/db";
import { feedbackStats } from "@/lib/feedback/stats";
import { ZFeedbackStats } from "@/lib/feedback/schemas";
import { projectWithRoles } from "../helpers/fixtures";

// Hand-made rows with explicit times around the window's edges; every figure below is worked out by hand.

const NOW = new Date("2026-03-15T12:00:00.000Z");
const at = (iso: string) => new Date(iso);
const hoursAfter = (iso: string, h: number) => new Date(Date.parse(iso) + h * 3_600_000);

async function items(projectId: string, rows: Omit<Prisma.FeedbackItemUncheckedCreateInput, "projectId" | "number" | "source" | "title">[]) {
  let number = 1;
  for (const row of rows) await db.feedbackItem.create({ data: { projectId, number: number++, source: "form", title: `Item ${number}`, ...row } });
}

const zeroDay = (day: string) => ({ day, bug: 0, idea: 0, question: 0, praise: 0, critical: 0, high: 0, medium: 0, low: 0 });

describe("feedbackStats", () => {
  it("counts per UTC day, triage percentiles, the duplicate rate and the current state, exactly", async () => {
    const { project } = await projectWithRoles();
    const other = await projectWithRoles();
    // Window for days = 7 and NOW = 15 March 12:00 UTC: 9 March 00:00 to 16 March 00:00 (UTC).
    await items(project.id, [
      // Before the window: in no daily count, yet its state counts (open critical, inbox); triaged inside the window.
      { type: "bug", severity: "critical", status: "accepted", createdAt: at("2026-03-08T20:00:00Z"), triagedAt: at("2026-03-09T06:00:00Z") }, // 10 h
      { type: "bug", status: "new", createdAt: at("2026-03-08T23:59:59.999Z") },
      // 9 March: the first instant of the window and the last one of the day.
      { type: "bug", severity: "critical", status: "new", createdAt: at("2026-03-09T00:00:00Z") },
      { type: "idea", severity: "low", status: "accepted", createdAt: at("2026-03-09T23:59:59.999Z"), triagedAt: hoursAfter("2026-03-09T23:59:59.999Z", 1) }, // 1 h
      // 10 March: triaged after 2 h; a critical that is fixed is no longer open.
      { type: "question", severity: "high", status: "planned", createdAt: at("2026-03-10T00:00:00Z"), triagedAt: at("2026-03-10T02:00:00Z") }, // 2 h
      { type: "bug", severity: "critical", status: "fixed", createdAt: at("2026-03-10T08:00:00Z"), triagedAt: at("2026-03-10T12:00:00Z") }, // 4 h
      // 11 March: spam (in no daily count and not in the rate's denominator), once by the intake, once by a person.
      { type: "bug", severity: "critical", status: "spam", createdAt: at("2026-03-11T09:00:00Z") },
      { type: "idea", status: "spam", createdAt: at("2026-03-11T10:00:00Z"), triagedAt: at("2026-03-11T10:30:00Z") }, // 0.5 h
      // 12 March: two duplicates and a declined item.
      { type: "bug", severity: "medium", status: "duplicate", createdAt: at("2026-03-12T07:00:00Z"), triagedAt: at("2026-03-12T10:00:00Z") }, // 3 h
      { type: "bug", status: "duplicate", createdAt: at("2026-03-12T15:00:00Z") },
      { type: "praise", status: "declined", createdAt: at("2026-03-12T16:00:00Z") },
      // 13 and 14 March: nothing. 15 March (today): snoozed until after now (not in the inbox), until now exactly and
      // until earlier (both back in the inbox), and one created later today.
      { type: "idea", severity: "low", status: "new", snoozedUntil: at("2026-03-15T12:00:00.001Z"), createdAt: at("2026-03-15T01:00:00Z") },
      { type: "bug", severity: "high", status: "new", snoozedUntil: at("2026-03-15T12:00:00Z"), createdAt: at("2026-03-15T02:00:00Z") },
      { type: "question", status: "new", snoozedUntil: at("2026-03-14T00:00:00Z"), createdAt: at("2026-03-15T03:00:00Z") },
      { type: "praise", status: "in_progress", severity: "critical", createdAt: at("2026-03-15T23:59:59.999Z") },
      // After the window; and triaged before it (not in the percentiles).
      { type: "bug", status: "new", createdAt: at("2026-03-16T00:00:00Z") },
      { type: "idea", status: "declined", createdAt: at("2026-03-01T00:00:00Z"), triagedAt: at("2026-03-08T23:00:00Z") },
    ]);
    // Another project's items never count.
    await items(other.project.id, [{ type: "bug", severity: "critical", status: "new", createdAt: at("2026-03-12T07:00:00Z") }]);

    const stats = await feedbackStats(project.id, { days: 7, now: NOW });
    expect(ZFeedbackStats.parse(stats)).toEqual(stats);
    expect(stats.days).toBe(7);
    expect(stats.perDay).toEqual([
      { ...zeroDay("2026-03-09"), bug: 1, idea: 1, critical: 1, low: 1 },
      { ...zeroDay("2026-03-10"), bug: 1, question: 1, critical: 1, high: 1 },
      zeroDay("2026-03-11"),
      { ...zeroDay("2026-03-12"), bug: 2, praise: 1, medium: 1 },
      zeroDay("2026-03-13"),
      zeroDay("2026-03-14"),
      { ...zeroDay("2026-03-15"), bug: 1, idea: 1, question: 1, praise: 1, critical: 1, high: 1, low: 1 },
    ]);
    // Triaged in the window: 10, 1, 2, 4, 0.5, 3 hours → sorted 0.5 1 2 3 4 10. percentile_cont: p50 at position
    // 0.5 × 5 = 2.5 → 2 + 0.5 × (3 − 2) = 2.5; p90 at 0.9 × 5 = 4.5 → 4 + 0.5 × (10 − 4) = 7.
    expect(stats.timeToTriage).toEqual({ p50Hours: 2.5, p90Hours: 7, triaged: 6 });
    // Created in the window, not spam: 9 March 2, 10 March 2, 12 March 3, 15 March 4 = 11; of them 2 duplicates.
    expect(stats.duplicateRate).toBe(2 / 11);
    // Critical and open: accepted (8 March), new (9 March), in progress (15 March); not fixed, not spam.
    expect(stats.openCriticals).toBe(3);
    // New and not snoozed past now: 8 March, 9 March, snoozed until now, snoozed until yesterday, 16 March.
    expect(stats.inbox).toBe(5);
    expect(stats.spam).toBe(2);

    // A one-day window is today only; the default is 30 days, every day present.
    const oneDay = await feedbackStats(project.id, { days: 1, now: NOW });
    expect(oneDay.perDay).toEqual([{ ...zeroDay("2026-03-15"), bug: 1, idea: 1, question: 1, praise: 1, critical: 1, high: 1, low: 1 }]);
    expect(oneDay.timeToTriage).toEqual({ p50Hours: null, p90Hours: null, triaged: 0 });
    expect(oneDay.duplicateRate).toBe(0);
    const month = await feedbackStats(project.id, { now: NOW });
    expect(month.days).toBe(30);
    expect(month.perDay.map((d) => d.day)).toEqual(Array.from({ length: 30 }, (_, k) => new Date(Date.UTC(2026, 1, 14 + k)).toISOString().slice(0, 10)));
    expect(month.perDay.at(0)!.day).toBe("2026-02-14");
    // 1 March's declined idea and 8 March's two bugs join the window; the spam stays out.
    expect(month.perDay.find((d) => d.day === "2026-03-01")).toEqual({ ...zeroDay("2026-03-01"), idea: 1 });
    expect(month.perDay.find((d) => d.day === "2026-03-08")).toEqual({ ...zeroDay("2026-03-08"), bug: 2, critical: 1 });
    // Now 7 triaged: 0.5 1 2 3 4 10 and 8 March's 191 h (1 March 00:00 → 8 March 23:00). p50 = 3; p90 at 0.9 × 6 = 5.4
    // → 10 + 0.4 × (191 − 10) = 82.4.
    expect(month.timeToTriage).toEqual({ p50Hours: 3, p90Hours: 82.4, triaged: 7 });
    expect(month.duplicateRate).toBe(2 / 14);
  });

  it("answers zeros and nulls for a project without feedback", async () => {
    const { project } = await projectWithRoles();
    const stats = await feedbackStats(project.id, { days: 3, now: NOW });
    expect(stats).toEqual({
      days: 3,
      perDay: [zeroDay("2026-03-13"), zeroDay("2026-03-14"), zeroDay("2026-03-15")],
      timeToTriage: { p50Hours: null, p90Hours: null, triaged: 0 },
      duplicateRate: null,
      openCriticals: 0,
      inbox: 0,
      spam: 0,
    });
    await expect(feedbackStats(project.id, { days: 0 })).rejects.toThrow(RangeError);
    await expect(feedbackStats(project.id, { days: 1.5 })).rejects.toThrow(RangeError);
  });
});
