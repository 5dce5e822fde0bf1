import { describe, expect, it } from "vitest";
import { applyResult, type CheckResultEvent, type DayBar, type TCheck } from "@/lib/queries/uptime";
import { daySummary, excludedSentence, formatPct, formatSpan, latencySummary, matchesSearch, sparklinePoints, summarize } from "./format";

const MIN = 60_000;
const check = (over: Partial<TCheck> = {}): TCheck => ({
  id: "c1",
  projectId: "p",
  targetId: "t",
  name: "Health",
  kind: "http",
  settings: {},
  secretKeys: [],
  intervalSeconds: 30,
  timeoutSeconds: 10,
  failuresToOpen: 2,
  successesToClose: 1,
  reminderMinutes: 60,
  enabled: true,
  state: "up",
  stale: false,
  lastResultAt: "2026-10-29T10:00:00.000Z",
  nextRunAt: "2026-10-29T10:00:30.000Z",
  lastLatencyMs: 100,
  lastError: null,
  consecutiveFailures: 0,
  openIncidentId: null,
  recentLatencies: [100],
  createdAt: "2026-10-01T00:00:00.000Z",
  ...over,
});
const result = (over: Partial<CheckResultEvent> = {}): CheckResultEvent => ({ checkId: "c1", targetId: "t", at: "2026-10-29T10:00:30.000Z", status: "down", maintenance: false, latencyMs: null, error: "Nothing answers", openIncidentId: "i1", ...over });
const bar = (over: Partial<DayBar> = {}): DayBar => ({ day: "2026-10-29", uptimePct: null, upMs: 0, degradedMs: 0, downMs: 0, maintenanceMs: 0, unknownMs: 0, ...over });

describe("applyResult", () => {
  it("moves state, last and next run, error and incident; a failed run adds no latency", () => {
    const next = applyResult(check(), result());
    expect(next).toMatchObject({ state: "down", lastResultAt: "2026-10-29T10:00:30.000Z", nextRunAt: "2026-10-29T10:01:00.000Z", lastError: "Nothing answers", openIncidentId: "i1", recentLatencies: [100] });
  });

  it("keeps the sparkline at the last 30 latencies", () => {
    const next = applyResult(check({ recentLatencies: Array.from({ length: 30 }, (_, i) => i) }), result({ status: "up", latencyMs: 999 }));
    expect(next.recentLatencies).toHaveLength(30);
    expect(next.recentLatencies.at(0)).toBe(1);
    expect(next.recentLatencies.at(-1)).toBe(999);
  });

  it("ignores a result older than what is held (a refetch got there first) and other checks' results", () => {
    const held = check({ lastResultAt: "2026-10-29T10:01:00.000Z" });
    expect(applyResult(held, result())).toBe(held);
    expect(applyResult(check(), result({ checkId: "other" }))).toEqual(check());
  });

  it("leaves a paused check paused", () => {
    expect(applyResult(check({ enabled: false, state: "paused", nextRunAt: null }), result()).state).toBe("paused");
  });
});

describe("figures in words", () => {
  it("never rounds a percentage up to 100", () => {
    expect(formatPct(99.996)).toBe("99.99%");
    expect(formatPct(100)).toBe("100%");
    expect(formatPct(99.2)).toBe("99.2%");
    expect(formatPct(null)).toBe("No data");
  });

  it("says spans in minutes and hours", () => {
    expect(formatSpan(40_000)).toBe("40 s");
    expect(formatSpan(11 * MIN)).toBe("11 min");
    expect(formatSpan(125 * MIN)).toBe("2 h 5 min");
    expect(formatSpan(3 * 24 * 60 * MIN + 4 * 60 * MIN)).toBe("3 d 4 h");
  });

  it("says what was excluded, or nothing", () => {
    expect(excludedSentence({ unknownMs: 12 * MIN, maintenanceMs: 3 * MIN })).toBe("excludes 12 min unknown, 3 min maintenance");
    expect(excludedSentence({ unknownMs: 0, maintenanceMs: 0 })).toBeNull();
  });

  it("summarises a day as the issue asks, with unknown and maintenance when present", () => {
    expect(daySummary(bar({ uptimePct: 99.2, upMs: 1000, downMs: 11 * MIN }))).toBe("29 Oct: 99.2% up, 11 min down");
    expect(daySummary(bar({ uptimePct: 100, upMs: 1000, maintenanceMs: 3 * MIN, unknownMs: 12 * MIN }))).toBe("29 Oct: 100% up, 3 min maintenance, 12 min unknown");
    expect(daySummary(bar({ unknownMs: 24 * 60 * MIN }))).toBe("29 Oct: no data, 24 h unknown");
  });

  it("summarises the latency chart", () => {
    const points = [
      { t: "a", p50: 100, p95: 200, avg: 110, downMs: 0, runs: 10 },
      { t: "b", p50: null, p95: null, avg: null, downMs: 5 * MIN, runs: 10 },
      { t: "c", p50: 120, p95: 900, avg: 150, downMs: 0, runs: 10 },
    ];
    expect(latencySummary(points, "24h")).toBe("Last 24 hours: typical p50 120 ms, p95 highest 900 ms; 5 min down in total.");
    expect(latencySummary([], "7d")).toBe("No runs in the last 7 days.");
  });
});

describe("overview helpers", () => {
  it("counts states and open incidents", () => {
    expect(summarize([check(), check({ id: "2", state: "down", openIncidentId: "i" }), check({ id: "3", state: "paused" })])).toMatchObject({ up: 1, down: 1, paused: 1, total: 3, openIncidents: 1 });
  });

  it("searches check, target and environment names", () => {
    const row = { name: "Health endpoint", targetName: "Production", environment: "production" };
    expect(matchesSearch(row, "prod")).toBe(true);
    expect(matchesSearch(row, " HEALTH ")).toBe(true);
    expect(matchesSearch(row, "staging")).toBe(false);
  });

  it("draws a sparkline oldest left, highest at the top", () => {
    expect(sparklinePoints([5], 100, 20)).toBeNull();
    expect(sparklinePoints([0, 10], 100, 20, 0)).toBe("0.0,20.0 100.0,0.0");
  });
});
