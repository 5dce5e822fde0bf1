import { z } from "zod";
import { db } from "../db";
import { authorize, type Ctx } from "../auth/context";
import { parseInput } from "../errors";
import { loadCheck } from "./checks";
import { HISTOGRAM_SIZE, addTo, emptyHistogram, percentile } from "./histogram";

// Uptime by time, from the roll-ups. A window [from, to) is cut into whole days, whole hours and minutes at its edges,
// so a 90-day figure reads about 90 + 48 + 120 rows per check whatever the check's interval.

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

export const WINDOWS = { "24h": DAY, "7d": 7 * DAY, "30d": 30 * DAY, "90d": 90 * DAY } as const;
export type WindowName = keyof typeof WINDOWS;
export const WINDOW_NAMES = Object.keys(WINDOWS) as WindowName[];

type Range = { table: "CheckRollupMinute" | "CheckRollupHour" | "CheckRollupDay"; from: number; to: number };

const ceilTo = (t: number, size: number) => Math.ceil(t / size) * size;
const floorTo = (t: number, size: number) => Math.floor(t / size) * size;

/** [from, to) as whole-day, whole-hour and minute ranges (minute edges: a window starts and ends on a minute). */
export function decompose(from: number, to: number): Range[] {
  from = floorTo(from, MINUTE);
  to = ceilTo(to, MINUTE);
  if (to <= from) return [];
  const out: Range[] = [];
  const h0 = Math.min(ceilTo(from, HOUR), to);
  const h1 = Math.max(floorTo(to, HOUR), h0);
  if (from < h0) out.push({ table: "CheckRollupMinute", from, to: h0 });
  if (h0 < h1) {
    const d0 = Math.min(ceilTo(h0, DAY), h1);
    const d1 = Math.max(floorTo(h1, DAY), d0);
    if (h0 < d0) out.push({ table: "CheckRollupHour", from: h0, to: d0 });
    if (d0 < d1) out.push({ table: "CheckRollupDay", from: d0, to: d1 });
    if (d1 < h1) out.push({ table: "CheckRollupHour", from: d1, to: h1 });
  }
  if (h1 < to) out.push({ table: "CheckRollupMinute", from: h1, to });
  return out;
}

export type Figures = {
  /** Percentage of known, non-maintenance time that was up or degraded; null when none of the window is known. */
  uptimePct: number | null;
  upMs: number;
  degradedMs: number;
  downMs: number;
  maintenanceMs: number;
  unknownMs: number;
  /** Time left out of the percentage (maintenance and unknown), so the figure says what it stands on. */
  excludedMs: number;
  runs: number;
  failures: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  avgMs: number | null;
};

type Sums = { upMs: number; degradedMs: number; downMs: number; maintenanceMs: number; runs: number; failures: number; latencyCount: number; latencySum: number; latencyMax: number; hist: number[] };
const emptySums = (): Sums => ({ upMs: 0, degradedMs: 0, downMs: 0, maintenanceMs: 0, runs: 0, failures: 0, latencyCount: 0, latencySum: 0, latencyMax: 0, hist: emptyHistogram() });

function unionSql(ranges: Range[], withHist: boolean, firstParam: number) {
  const cols = `"checkId", "upMs", "degradedMs", "downMs", "maintenanceMs", "runs", "failures", "latencyCount", "latencySum", "latencyMax"${withHist ? `, "latencyHist"` : ""}`;
  const params: Date[] = [];
  const parts = ranges.map((r) => {
    params.push(new Date(r.from), new Date(r.to));
    const a = firstParam + params.length - 2;
    return `SELECT ${cols} FROM "${r.table}" WHERE "checkId" = ANY($1) AND "bucket" >= $${a} AND "bucket" < $${a + 1}`;
  });
  return { sql: parts.join(" UNION ALL "), params };
}

/** Sums per check over [from, to). Histograms only when asked (the overview of many checks does not need them). */
async function sums(checkIds: string[], from: number, to: number, withHist: boolean): Promise<Map<string, Sums>> {
  const out = new Map<string, Sums>(checkIds.map((id) => [id, emptySums()]));
  const ranges = decompose(from, to);
  if (!ranges.length || !checkIds.length) return out;
  const { sql, params } = unionSql(ranges, withHist, 2);
  if (!withHist) {
    const rows = await db.$queryRawUnsafe<Record<string, string | number>[]>(
      `SELECT "checkId", SUM("upMs")::float8 AS "upMs", SUM("degradedMs")::float8 AS "degradedMs", SUM("downMs")::float8 AS "downMs",
              SUM("maintenanceMs")::float8 AS "maintenanceMs", SUM("runs")::float8 AS "runs", SUM("failures")::float8 AS "failures",
              SUM("latencyCount")::float8 AS "latencyCount", SUM("latencySum")::float8 AS "latencySum", MAX("latencyMax")::float8 AS "latencyMax"
         FROM (${sql}) u GROUP BY "checkId"`,
      checkIds,
      ...params,
    );
    for (const r of rows) Object.assign(out.get(r.checkId as string)!, { ...r, checkId: undefined, hist: emptyHistogram() });
    return out;
  }
  const rows = await db.$queryRawUnsafe<(Omit<Sums, "hist"> & { checkId: string; latencyHist: number[] })[]>(sql, checkIds, ...params);
  for (const r of rows) {
    const s = out.get(r.checkId)!;
    s.upMs += Number(r.upMs);
    s.degradedMs += Number(r.degradedMs);
    s.downMs += Number(r.downMs);
    s.maintenanceMs += Number(r.maintenanceMs);
    s.runs += r.runs;
    s.failures += r.failures;
    s.latencyCount += r.latencyCount;
    s.latencySum += Number(r.latencySum);
    s.latencyMax = Math.max(s.latencyMax, r.latencyMax);
    addTo(s.hist, r.latencyHist);
  }
  return out;
}

/** Figures from sums over a window of `spanMs` known-able time (the part of the window after the check existed). */
export function figuresOf(s: Sums, spanMs: number): Figures {
  const known = s.upMs + s.degradedMs + s.downMs;
  const unknownMs = Math.max(0, spanMs - known - s.maintenanceMs);
  const hasHist = s.hist.some((n) => n > 0);
  return {
    uptimePct: known > 0 ? (100 * (s.upMs + s.degradedMs)) / known : null,
    upMs: s.upMs,
    degradedMs: s.degradedMs,
    downMs: s.downMs,
    maintenanceMs: s.maintenanceMs,
    unknownMs,
    excludedMs: s.maintenanceMs + unknownMs,
    runs: s.runs,
    failures: s.failures,
    p50: hasHist ? percentile(s.hist, 50, s.latencyMax) : null,
    p95: hasHist ? percentile(s.hist, 95, s.latencyMax) : null,
    p99: hasHist ? percentile(s.hist, 99, s.latencyMax) : null,
    avgMs: s.latencyCount ? Math.round(s.latencySum / s.latencyCount) : null,
  };
}

/** Uptime over the window ending now for many checks at once (the overview): no percentiles. */
export async function uptimeFor(checks: { id: string; createdAt: Date }[], window: WindowName, now = Date.now()): Promise<Map<string, Figures>> {
  const from = now - WINDOWS[window];
  const all = await sums(
    checks.map((c) => c.id),
    from,
    now,
    false,
  );
  return new Map(checks.map((c) => [c.id, figuresOf(all.get(c.id)!, now - Math.max(from, floorTo(c.createdAt.getTime(), MINUTE)))]));
}

/** Every window for one check, with latency percentiles. */
export async function checkFigures(check: { id: string; createdAt: Date }, now = Date.now()): Promise<Record<WindowName, Figures>> {
  const entries = await Promise.all(
    WINDOW_NAMES.map(async (w) => {
      const from = now - WINDOWS[w];
      const s = (await sums([check.id], from, now, true)).get(check.id)!;
      return [w, figuresOf(s, now - Math.max(from, floorTo(check.createdAt.getTime(), MINUTE)))] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<WindowName, Figures>;
}

export type DayBar = { day: string; uptimePct: number | null; upMs: number; degradedMs: number; downMs: number; maintenanceMs: number; unknownMs: number };

/** One bar per UTC day for the last `days` days (today last, partial), from the day roll-ups (written as results arrive). */
export async function dailyBars(checks: { id: string; createdAt: Date }[], days = 90, now = Date.now()): Promise<DayBar[]> {
  const today = floorTo(now, DAY);
  const first = today - (days - 1) * DAY;
  const ids = checks.map((c) => c.id);
  const rows = ids.length
    ? await db.$queryRawUnsafe<{ bucket: Date; upMs: number; degradedMs: number; downMs: number; maintenanceMs: number }[]>(
        `SELECT "bucket", SUM("upMs")::float8 AS "upMs", SUM("degradedMs")::float8 AS "degradedMs", SUM("downMs")::float8 AS "downMs",
                SUM("maintenanceMs")::float8 AS "maintenanceMs"
           FROM "CheckRollupDay" WHERE "checkId" = ANY($1) AND "bucket" >= $2 AND "bucket" <= $3 GROUP BY "bucket"`,
        ids,
        new Date(first),
        new Date(today),
      )
    : [];
  const byDay = new Map(rows.map((r) => [new Date(r.bucket).getTime(), r]));
  const bars: DayBar[] = [];
  for (let d = first; d <= today; d += DAY) {
    const r = byDay.get(d);
    const end = Math.min(d + DAY, now);
    // Time each check could have been known that day (after it was created, up to now), summed over checks.
    const span = checks.reduce((sum, c) => sum + Math.max(0, end - Math.max(d, floorTo(c.createdAt.getTime(), MINUTE))), 0);
    const up = r?.upMs ?? 0;
    const degraded = r?.degradedMs ?? 0;
    const down = r?.downMs ?? 0;
    const maintenance = r?.maintenanceMs ?? 0;
    const known = up + degraded + down;
    bars.push({
      day: new Date(d).toISOString().slice(0, 10),
      uptimePct: known > 0 ? (100 * (up + degraded)) / known : null,
      upMs: up,
      degradedMs: degraded,
      downMs: down,
      maintenanceMs: maintenance,
      unknownMs: Math.max(0, span - known - maintenance),
    });
  }
  return bars;
}

export type LatencyPoint = { t: string; p50: number | null; p95: number | null; avg: number | null; downMs: number; runs: number };

const SERIES: Record<WindowName, { table: Range["table"]; step: number }> = {
  "24h": { table: "CheckRollupMinute", step: 5 * MINUTE },
  "7d": { table: "CheckRollupHour", step: HOUR },
  "30d": { table: "CheckRollupHour", step: 4 * HOUR },
  "90d": { table: "CheckRollupDay", step: DAY },
};

/** The latency chart of one check: p50, p95 and average per step, and time down per step. */
export async function latencySeries(checkId: string, window: WindowName, now = Date.now()): Promise<LatencyPoint[]> {
  const { table, step } = SERIES[window];
  const from = floorTo(now - WINDOWS[window], step);
  const rows = await db.$queryRawUnsafe<{ bucket: Date; downMs: number; runs: number; latencyCount: number; latencySum: number; latencyMax: number; latencyHist: number[] }[]>(
    `SELECT "bucket", "downMs"::float8 AS "downMs", "runs", "latencyCount", "latencySum"::float8 AS "latencySum", "latencyMax", "latencyHist"
       FROM "${table}" WHERE "checkId" = $1 AND "bucket" >= $2 AND "bucket" < $3 ORDER BY "bucket"`,
    checkId,
    new Date(from),
    new Date(now),
  );
  const points = new Map<number, { hist: number[]; downMs: number; runs: number; count: number; sum: number; max: number }>();
  for (const r of rows) {
    const key = floorTo(new Date(r.bucket).getTime(), step);
    let p = points.get(key);
    if (!p) points.set(key, (p = { hist: new Array<number>(HISTOGRAM_SIZE).fill(0), downMs: 0, runs: 0, count: 0, sum: 0, max: 0 }));
    addTo(p.hist, r.latencyHist);
    p.downMs += r.downMs;
    p.runs += r.runs;
    p.count += r.latencyCount;
    p.sum += r.latencySum;
    p.max = Math.max(p.max, r.latencyMax);
  }
  const out: LatencyPoint[] = [];
  for (let t = from; t < now; t += step) {
    const p = points.get(t);
    out.push({
      t: new Date(t).toISOString(),
      p50: p?.count ? percentile(p.hist, 50, p.max) : null,
      p95: p?.count ? percentile(p.hist, 95, p.max) : null,
      avg: p?.count ? Math.round(p.sum / p.count) : null,
      downMs: p?.downMs ?? 0,
      runs: p?.runs ?? 0,
    });
  }
  return out;
}

const ZWindowQuery = z.object({ window: z.enum(WINDOW_NAMES as [WindowName, ...WindowName[]]).default("24h") });

export async function getCheckUptime({ ctx, input }: { ctx: Ctx; input: { projectId: string; checkId: string } }) {
  await authorize(ctx, input.projectId, "check.read");
  const check = await loadCheck(db, input.projectId, input.checkId);
  const [windows, days] = await Promise.all([checkFigures(check), dailyBars([check])]);
  return { checkId: check.id, windows, days };
}

export async function getCheckLatency({ ctx, input }: { ctx: Ctx; input: { projectId: string; checkId: string; query?: unknown } }) {
  await authorize(ctx, input.projectId, "check.read");
  const q = parseInput(ZWindowQuery, input.query ?? {}, "query");
  const check = await loadCheck(db, input.projectId, input.checkId);
  return { checkId: check.id, window: q.window, points: await latencySeries(check.id, q.window) };
}
