// The one date and duration formatter of the app: relative words in the text, absolute time with its zone on hover.

const UNITS: [Intl.RelativeTimeFormatUnit, number, string][] = [
  ["year", 365 * 86_400_000, "y"],
  ["month", 30 * 86_400_000, "mo"],
  ["day", 86_400_000, "d"],
  ["hour", 3_600_000, "h"],
  ["minute", 60_000, "min"],
];

/** "3 min ago", "in 2 days", "just now". */
export function formatRelative(iso: string | Date, now: number = Date.now()): string {
  const diff = new Date(iso).getTime() - now;
  const abs = Math.abs(diff);
  if (abs < 45_000) return "just now";
  for (const [unit, ms, short] of UNITS) {
    if (abs >= ms || unit === "minute") {
      const n = Math.max(1, Math.round(abs / ms));
      if (unit === "day" || unit === "month" || unit === "year") {
        const words = `${n} ${unit}${n === 1 ? "" : "s"}`;
        return diff < 0 ? `${words} ago` : `in ${words}`;
      }
      return diff < 0 ? `${n} ${short} ago` : `in ${n} ${short}`;
    }
  }
  return "just now";
}

/** "25 Nov 2026, 14:03:12 UTC" — in the given zone (the browser's own when omitted). */
export function formatAbsolute(iso: string | Date, timeZone?: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    timeZone,
    timeZoneName: "short",
  }).format(new Date(iso));
}

/** "25 Nov 2026" for dates without a time of day (expiry dates). */
export function formatDay(iso: string | Date, timeZone?: string): string {
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone }).format(new Date(iso));
}

/** "850 ms", "4.2 s", "1 m 12 s", "2 h 5 m". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(1).replace(/\.0$/, "")} s`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} m ${s % 60} s` : `${m} m`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} m` : `${h} h`;
}
