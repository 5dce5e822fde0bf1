import { describe, expect, it } from "vitest";
import type { DayBar } from "@/lib/monitoring/uptime";
import { dayLevel, daySummary, formatMinutes, formatPct, formatUtc } from "./bars";

const MIN = 60_000;
const day = (over: Partial<DayBar>): DayBar => ({ day: "2026-10-29", uptimePct: 100, upMs: 1440 * MIN, degradedMs: 0, downMs: 0, maintenanceMs: 0, unknownMs: 0, ...over });

describe("status page bars", () => {
  it("says what a day was in words, as the issue's example", () => {
    expect(daySummary(day({ uptimePct: 99.236, upMs: 1429 * MIN, downMs: 11 * MIN }))).toBe("29 Oct: 99.2% up, 11 min down");
    expect(daySummary(day({}))).toBe("29 Oct: 100% up");
  });

  it("names maintenance and unknown time, and a day without data", () => {
    expect(daySummary(day({ uptimePct: 100, upMs: 1200 * MIN, maintenanceMs: 120 * MIN, unknownMs: 120 * MIN }))).toBe("29 Oct: 100% up, 2 h maintenance, 2 h unknown");
    expect(daySummary(day({ uptimePct: null, upMs: 0, maintenanceMs: 1440 * MIN }))).toBe("29 Oct: 24 h maintenance");
    expect(daySummary(day({ uptimePct: null, upMs: 0, unknownMs: 1440 * MIN }))).toBe("29 Oct: no data");
  });

  it("grades a day by its downtime, then maintenance; degraded time counts as up but shows", () => {
    expect(dayLevel(day({}))).toBe("up");
    expect(dayLevel(day({ degradedMs: MIN }))).toBe("degraded");
    expect(dayLevel(day({ uptimePct: 99.9, downMs: MIN }))).toBe("partial");
    expect(dayLevel(day({ uptimePct: 90, downMs: 144 * MIN }))).toBe("major");
    expect(dayLevel(day({ uptimePct: null, maintenanceMs: MIN }))).toBe("maintenance");
    expect(dayLevel(day({ maintenanceMs: 120 * MIN, degradedMs: MIN }))).toBe("maintenance");
    expect(dayLevel(day({ uptimePct: 99, downMs: 14 * MIN, maintenanceMs: 120 * MIN }))).toBe("partial");
    expect(dayLevel(day({ uptimePct: null }))).toBe("none");
  });

  it("never rounds a day with downtime up to 100%", () => {
    expect(formatPct(99.999)).toBe("99.999%");
    expect(formatPct(99.96)).toBe("99.96%");
    expect(formatPct(99.94, 2)).toBe("99.94%");
    expect(formatPct(100)).toBe("100%");
    expect(formatPct(50)).toBe("50%");
  });

  it("formats durations and UTC times for visitors anywhere", () => {
    expect(formatMinutes(20_000)).toBe("under a minute");
    expect(formatMinutes(125 * MIN)).toBe("2 h 5 min");
    expect(formatUtc("2026-11-26T14:05:30Z")).toBe("26 Nov 14:05 UTC");
  });
});
