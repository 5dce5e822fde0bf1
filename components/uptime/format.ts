import type { DayBar, Figures, LatencyPoint, TCheck, TOverviewRow, WindowName } from "@/lib/queries/uptime";

// Figures, days and checks in words and shapes for the uptime pages: pure, unit-tested (format.test.ts).

export const WINDOWS: WindowName[] = ["24h", "7d", "30d", "90d"];
export const WINDOW_LABELS: Record<WindowName, string> = { "24h": "24 hours", "7d": "7 days", "30d": "30 days", "90d": "90 days" };

export type Summary = Record<TCheck["state"], number> & { total: number; openIncidents: number };
export function summarize(rows: TCheck[]): Summary {
  const s: Summary = { up: 0, degraded: 0, down: 0, unknown: 0, paused: 0, total: rows.length, openIncidents: 0 };
  for (const r of rows) {
    s[r.state]++;
    if (r.openIncidentId) s.openIncidents++;
  }
  return s;
}

/** Case-insensitive match on the check's and its target's names: the search box filters what is already loaded. */
export function matchesSearch(row: Pick<TOverviewRow, "name" | "targetName" | "environment">, q: string) {
  const needle = q.trim().toLowerCase();
  if (!needle) return true;
  return [row.name, row.targetName, row.environment].some((s) => s?.toLowerCase().includes(needle));
}

/** "99.2%", "100%", "99.99%": truncated, never rounded up, so 99.996% does not read as 100%. */
export function formatPct(pct: number | null): string {
  if (pct === null) return "No data";
  const floored = Math.floor(pct * 100) / 100;
  return `${floored.toFixed(2).replace(/\.?0+$/, "")}%`;
}

/** "40 s", "11 min", "2 h 5 min", "3 d 4 h": how long something lasted, to the minute. */
export function formatSpan(ms: number): string {
  if (ms < 60_000) return `${Math.max(1, Math.round(ms / 1000))} s`;
  const m = Math.round(ms / 60_000);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

/** "excludes 12 min unknown, 3 min maintenance", or null when nothing was left out. */
export function excludedSentence(f: Pick<Figures, "unknownMs" | "maintenanceMs">): string | null {
  const parts = [f.unknownMs >= 1000 ? `${formatSpan(f.unknownMs)} unknown` : null, f.maintenanceMs >= 1000 ? `${formatSpan(f.maintenanceMs)} maintenance` : null].filter(Boolean);
  return parts.length ? `excludes ${parts.join(", ")}` : null;
}

export const formatMs = (ms: number | null) => (ms === null ? "—" : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2).replace(/\.?0+$/, "")} s`);

const dayFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
/** "29 Oct" for a UTC day "2026-10-29". */
export const dayLabel = (day: string) => dayFormat.format(new Date(`${day}T00:00:00Z`));

export type DayKind = "none" | "up" | "degraded" | "down" | "maintenance";
/** The worst thing that happened on a day: what its bar shows by height and colour. */
export function dayKind(bar: DayBar): DayKind {
  if (bar.downMs > 0) return "down";
  if (bar.degradedMs > 0) return "degraded";
  if (bar.upMs > 0) return "up";
  if (bar.maintenanceMs > 0) return "maintenance";
  return "none";
}

/** "29 Oct: 99.2% up, 11 min down, 3 min maintenance, 12 min unknown": a day bar's accessible name. */
export function daySummary(bar: DayBar): string {
  const label = dayLabel(bar.day);
  if (bar.uptimePct === null) {
    const parts = [bar.maintenanceMs >= 1000 ? `${formatSpan(bar.maintenanceMs)} maintenance` : null, bar.unknownMs >= 1000 ? `${formatSpan(bar.unknownMs)} unknown` : null].filter(Boolean);
    return `${label}: no data${parts.length ? `, ${parts.join(", ")}` : ""}`;
  }
  const parts = [`${formatPct(bar.uptimePct)} up`];
  if (bar.downMs >= 1000) parts.push(`${formatSpan(bar.downMs)} down`);
  if (bar.degradedMs >= 1000) parts.push(`${formatSpan(bar.degradedMs)} degraded`);
  if (bar.maintenanceMs >= 1000) parts.push(`${formatSpan(bar.maintenanceMs)} maintenance`);
  if (bar.unknownMs >= 1000) parts.push(`${formatSpan(bar.unknownMs)} unknown`);
  return `${label}: ${parts.join(", ")}`;
}

/** The polyline of a sparkline in a width × height box, oldest left; null with fewer than two points. */
export function sparklinePoints(values: number[], width: number, height: number, pad = 2): string | null {
  if (values.length < 2) return null;
  const max = Math.max(...values);
  const min = Math.min(...values);
  const span = max - min || 1;
  const step = (width - 2 * pad) / (values.length - 1);
  return values.map((v, i) => `${(pad + i * step).toFixed(1)},${(height - pad - ((v - min) / span) * (height - 2 * pad)).toFixed(1)}`).join(" ");
}

/** What a check probes, in one line: "GET https://…/health expecting 200-299". Settings come untyped from the API. */
export function describeCheck(c: Pick<TCheck, "kind" | "settings">): string {
  const s = c.settings as Record<string, unknown>;
  if (c.kind === "http") {
    const extras = [`expecting ${String(s.expectedStatus ?? "200-299")}`];
    const kw = s.keyword as { text: string; mode: string } | undefined;
    if (kw) extras.push(`"${kw.text}" ${kw.mode === "absent" ? "absent" : "present"}`);
    const jp = s.jsonPath as { path: string; equals: string } | undefined;
    if (jp) extras.push(`${jp.path} = "${jp.equals}"`);
    if (typeof s.degradedAboveMs === "number") extras.push(`degraded above ${s.degradedAboveMs} ms`);
    return `${String(s.method ?? "GET")} ${String(s.url)} ${extras.join(", ")}`;
  }
  if (c.kind === "tls") return `TLS certificate of ${String(s.host)}:${String(s.port ?? 443)}, warns ${String(s.warnDays ?? 14)} days before it expires`;
  return `TCP port ${String(s.port)} open on ${String(s.host)}`;
}

/** "every 30 s", "every 5 min", "every 1 h". */
export function everyLabel(seconds: number) {
  if (seconds < 60) return `every ${seconds} s`;
  if (seconds < 3600) return seconds % 60 ? `every ${seconds} s` : `every ${seconds / 60} min`;
  return seconds % 3600 ? `every ${Math.round(seconds / 60)} min` : `every ${seconds / 3600} h`;
}


/** The chart's text summary: what a screen-reader user (or anyone) should take from it. */
export function latencySummary(points: LatencyPoint[], window: WindowName): string {
  const withRuns = points.filter((p) => p.p50 !== null);
  const downMs = points.reduce((sum, p) => sum + p.downMs, 0);
  const span = WINDOW_LABELS[window];
  if (!withRuns.length) return `No runs in the last ${span}${downMs ? `; ${formatSpan(downMs)} down` : ""}.`;
  const p50s = withRuns.map((p) => p.p50!).sort((a, b) => a - b);
  const median = p50s[Math.floor(p50s.length / 2)];
  const worst = withRuns.reduce((a, b) => ((b.p95 ?? 0) > (a.p95 ?? 0) ? b : a));
  const down = downMs ? `${formatSpan(downMs)} down in total` : "no down time";
  return `Last ${span}: typical p50 ${formatMs(median)}, p95 highest ${formatMs(worst.p95)}; ${down}.`;
}
