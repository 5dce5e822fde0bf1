import type { DayBar } from "@/lib/monitoring/uptime";
import type { PublicTarget } from "@/lib/monitoring/status-page";

// Pure mappers for the public status page: a day's roll-up becomes a level (colour and legend entry) and a sentence
// that says the same in words, so nothing is told by colour alone. Times are UTC: visitors are anywhere.

export type DayLevel = "up" | "degraded" | "partial" | "major" | "maintenance" | "none";
export type Bar = { day: string; level: DayLevel; label: string };

// Hues far enough apart to tell degraded, partial and major apart at a glance; each bar's name and the read-out
// below say the same in words, and days without data are shorter bars.
export const LEVEL_CLASS: Record<DayLevel, string> = {
  up: "bg-emerald-600 dark:bg-emerald-500",
  degraded: "bg-yellow-500 dark:bg-yellow-300",
  partial: "bg-orange-600 dark:bg-orange-500",
  major: "bg-red-700 dark:bg-red-500",
  maintenance:
    "bg-[repeating-linear-gradient(45deg,var(--color-sky-600)_0_2px,transparent_2px_5px)] dark:bg-[repeating-linear-gradient(45deg,var(--color-sky-400)_0_2px,transparent_2px_5px)] ring-1 ring-inset ring-sky-600 dark:ring-sky-400",
  none: "bg-zinc-300 dark:bg-zinc-700",
};

/** Shape as well as hue, as the in-app bars do: the worse the day, the shorter its bar; maintenance is hatched. */
export const LEVEL_HEIGHT: Record<DayLevel, string> = { up: "h-full", degraded: "h-3/4", partial: "h-1/2", major: "h-1/3", maintenance: "h-full", none: "h-1/6" };

/** Below this share of known time up, a day reads as a major outage rather than a partial one. */
const MAJOR_BELOW_PCT = 95;

export const LEVEL_LABEL: Record<DayLevel, string> = {
  up: "No downtime (full bar)",
  degraded: "Degraded (¾ bar)",
  partial: "Partial outage (½ bar)",
  major: "Major outage (⅓ bar)",
  maintenance: "Maintenance (hatched)",
  none: "No data (stub)",
};

/** Downtime outranks announced maintenance, which outranks slowness: the colour shows what mattered most that day. */
export function dayLevel(d: DayBar): DayLevel {
  if (d.uptimePct === null) return d.maintenanceMs > 0 ? "maintenance" : "none";
  if (d.downMs > 0) return d.uptimePct < MAJOR_BELOW_PCT ? "major" : "partial";
  if (d.maintenanceMs > 0) return "maintenance";
  return d.degradedMs > 0 ? "degraded" : "up";
}

/** "99.2%": floored, so a day with any downtime never reads as 100%. */
export function formatPct(pct: number, decimals = 1): string {
  if (pct >= 100) return "100%";
  let d = decimals;
  let shown = Math.floor(pct * 10 ** d) / 10 ** d;
  // 99.96 floors to "99.9"; with more digits it can still be told from a perfect day.
  while (shown >= 100 - 10 ** -d && d < 3) shown = Math.floor(pct * 10 ** ++d) / 10 ** d;
  return `${shown.toFixed(d).replace(/\.?0+$/, "")}%`;
}

/** "11 min", "2 h 5 min", "under a minute". */
export function formatMinutes(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return "under a minute";
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  return minutes % 60 ? `${h} h ${minutes % 60} min` : `${h} h`;
}

const dayFmt = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const timeFmt = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" });

/** "29 Oct" for a UTC day such as "2026-10-29". */
export const formatDayUtc = (day: string) => dayFmt.format(new Date(`${day}T00:00:00Z`));

/** "26 Nov 14:05 UTC". */
export const formatUtc = (iso: string) => `${timeFmt.format(new Date(iso)).replace(",", "")} UTC`;

/** "29 Oct: 99.2% up, 11 min down, 2 h maintenance" — the bar's accessible name and its visible read-out. */
export function daySummary(d: DayBar): string {
  const parts: string[] = [];
  if (d.uptimePct !== null) parts.push(`${formatPct(d.uptimePct)} up`);
  if (d.downMs > 0) parts.push(`${formatMinutes(d.downMs)} down`);
  if (d.degradedMs > 0) parts.push(`${formatMinutes(d.degradedMs)} degraded`);
  if (d.maintenanceMs > 0) parts.push(`${formatMinutes(d.maintenanceMs)} maintenance`);
  if (d.unknownMs >= 60_000 && d.uptimePct !== null) parts.push(`${formatMinutes(d.unknownMs)} unknown`);
  if (d.uptimePct === null && d.maintenanceMs === 0) parts.push("no data");
  return `${formatDayUtc(d.day)}: ${parts.join(", ")}`;
}

export const toBars = (days: DayBar[]): Bar[] => days.map((d) => ({ day: d.day, level: dayLevel(d), label: daySummary(d) }));

/** The target's own status as a tone for the pill and banner: text and icon together. */
export const STATUS_TONE: Record<PublicTarget["status"], "success" | "warning" | "danger" | "neutral"> = {
  operational: "success",
  degraded: "warning",
  outage: "danger",
  unknown: "neutral",
};
