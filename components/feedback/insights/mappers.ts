import type { TFeedbackSeverity, TFeedbackStats, TFeedbackType } from "@/lib/feedback/schemas";

// Pure mappers behind the insights page: the charts, their text summaries and the tables read the same figures.

/** The periods the page offers (the API's days=30|90). */
export const INSIGHT_DAYS = [30, 90] as const;
export type InsightDays = (typeof INSIGHT_DAYS)[number];

export type PerDay = TFeedbackStats["perDay"][number];
export const TYPE_KEYS: TFeedbackType[] = ["bug", "idea", "question", "praise"];
export const SEVERITY_KEYS: TFeedbackSeverity[] = ["critical", "high", "medium", "low"];
export const TYPE_NAMES: Record<TFeedbackType, [one: string, many: string]> = { bug: ["bug", "bugs"], idea: ["idea", "ideas"], question: ["question", "questions"], praise: ["praise", "praise"] };
export const TYPE_TITLES: Record<TFeedbackType, string> = { bug: "Bugs", idea: "Ideas", question: "Questions", praise: "Praise" };
export const SEVERITY_TITLES: Record<TFeedbackSeverity, string> = { critical: "Critical", high: "High", medium: "Medium", low: "Low" };

export const dayTotal = (d: PerDay, keys: readonly (keyof PerDay)[]) => keys.reduce((sum, k) => sum + (Number(d[k]) || 0), 0);

export function totals<K extends keyof PerDay>(perDay: PerDay[], keys: readonly K[]): Record<K, number> {
  const out = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  for (const d of perDay) for (const k of keys) out[k] += Number(d[k]) || 0;
  return out;
}

/** "3 Jun": a day of the stats (yyyy-mm-dd, a UTC day) without shifting it into the reader's zone. */
export function formatStatDay(day: string, withYear = false): string {
  const d = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return day;
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", ...(withYear ? { year: "numeric" } : {}), timeZone: "UTC" }).format(d);
}

const plural = (n: number, [one, many]: [string, string]) => `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;

function busiest(perDay: PerDay[], keys: readonly (keyof PerDay)[]): { day: string; n: number } | null {
  let best: { day: string; n: number } | null = null;
  for (const d of perDay) {
    const n = dayTotal(d, keys);
    if (n > 0 && (!best || n > best.n)) best = { day: d.day, n };
  }
  return best;
}

/** "412 items came in over the last 30 days: 210 bugs, 120 ideas, … The busiest day was 3 Jun, with 40." */
export function typeSummary(stats: Pick<TFeedbackStats, "days" | "perDay">): string {
  const t = totals(stats.perDay, TYPE_KEYS);
  const all = TYPE_KEYS.reduce((s, k) => s + t[k], 0);
  if (all === 0) return `No feedback came in over the last ${stats.days} days.`;
  const parts = TYPE_KEYS.filter((k) => t[k] > 0).map((k) => plural(t[k], TYPE_NAMES[k]));
  const peak = busiest(stats.perDay, TYPE_KEYS);
  return `${plural(all, ["item", "items"])} came in over the last ${stats.days} days: ${parts.join(", ")}.${peak ? ` The busiest day was ${formatStatDay(peak.day)}, with ${peak.n}.` : ""}`;
}

/** Severity is set in triage: items not rated yet are counted apart rather than left out silently. */
export function severitySummary(stats: Pick<TFeedbackStats, "days" | "perDay">): string {
  const all = TYPE_KEYS.reduce((s, k) => s + totals(stats.perDay, TYPE_KEYS)[k], 0);
  const t = totals(stats.perDay, SEVERITY_KEYS);
  const rated = SEVERITY_KEYS.reduce((s, k) => s + t[k], 0);
  if (rated === 0) return all === 0 ? `Nothing to rate over the last ${stats.days} days.` : `None of the ${plural(all, ["item", "items"])} of the last ${stats.days} days has a severity yet.`;
  const parts = SEVERITY_KEYS.map((k) => `${t[k].toLocaleString("en-GB")} ${k}`);
  const unrated = Math.max(0, all - rated);
  const peak = busiest(stats.perDay, ["critical"]);
  return `By severity: ${parts.join(", ")}${unrated ? `; ${unrated.toLocaleString("en-GB")} not rated yet` : ""}.${peak && peak.n > 1 ? ` The most critical items in one day: ${peak.n}, on ${formatStatDay(peak.day)}.` : ""}`;
}

/** Hours as people read them: "45 min" under an hour, "4.2 h" under ten, "36 h" beyond, "—" with no data. */
export function formatHours(h: number | null): string {
  if (h === null || !Number.isFinite(h)) return "—";
  if (h < 1) return `${Math.max(1, Math.round(h * 60))} min`;
  if (h < 10) return `${(Math.round(h * 10) / 10).toFixed(1).replace(/\.0$/, "")} h`;
  return `${Math.round(h).toLocaleString("en-GB")} h`;
}

/** The duplicate rate is a fraction (0.12 = 12%); percentages below 10 keep one decimal. */
export function formatRate(rate: number | null): string {
  if (rate === null || !Number.isFinite(rate)) return "—";
  const pct = rate * 100;
  return `${pct < 10 ? (Math.round(pct * 10) / 10).toFixed(1).replace(/\.0$/, "") : Math.round(pct)}%`;
}
