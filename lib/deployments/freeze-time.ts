// When a freeze window is open, in plain Intl: no server imports, so the UI can describe windows the same way.

export type FreezeKindName = "one_off" | "weekly";

/** The fields of a FreezeWindow row that say when it is open. */
export type FreezeWindowTimes = {
  name: string;
  kind: FreezeKindName;
  startsAt: Date | null;
  endsAt: Date | null;
  weekdays: number[];
  startTime: string | null;
  endTime: string | null;
  timeZone: string;
};

/** One stretch of a window: `endsAt` is exclusive; null means it never closes (a weekly window covering every hour). */
export type FreezeOpening = { startsAt: Date; endsAt: Date | null };

const DAY_MS = 86_400_000;
const WEEKDAY_SHORT = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;
// Fixed English names: ICU's en-GB short month for September changed to "Sept" between versions.
const MONTH_SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

type LocalDate = { y: number; m: number; d: number };
type LocalDateTime = LocalDate & { h: number; mi: number; s: number };

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether Intl knows the zone; UTC offsets such as "+01:00" are not IANA zones and are refused. */
export function isValidTimeZone(timeZone: string): boolean {
  if (!timeZone || /^[+-]/.test(timeZone)) return false;
  try {
    partsFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

function localParts(at: number, timeZone: string): LocalDateTime {
  const p: Record<string, number> = {};
  for (const { type, value } of partsFormatter(timeZone).formatToParts(at)) if (type !== "literal") p[type] = Number(value);
  return { y: p.year, m: p.month, d: p.day, h: p.hour, mi: p.minute, s: p.second };
}

const wallMs = (t: LocalDateTime) => Date.UTC(t.y, t.m - 1, t.d, t.h, t.mi, t.s);

/** The zone's offset from UTC at an instant, in ms (whole seconds; no zone has sub-second offsets). */
function offsetAt(at: number, timeZone: string) {
  const whole = Math.floor(at / 1000) * 1000;
  return wallMs(localParts(whole, timeZone)) - whole;
}

/**
 * The instant a local wall time names, as Temporal's "compatible" rule has it: in a fall-back overlap the earlier
 * instant, in a spring-forward gap the wall time moved forward by the gap (02:30 becomes 03:30 in Amsterdam).
 */
export function zonedInstant(date: LocalDate, time: string, timeZone: string): Date {
  const [h, mi] = time.split(":").map(Number);
  const wall = Date.UTC(date.y, date.m - 1, date.d, h, mi);
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const valid = [...new Set([before, after])].map((o) => wall - o).filter((t) => offsetAt(t, timeZone) === wall - t);
  return new Date(valid.length ? Math.min(...valid) : wall - before);
}

function addDays(date: LocalDate, days: number): LocalDate {
  const t = new Date(Date.UTC(date.y, date.m - 1, date.d + days));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

const isoWeekday = (date: LocalDate) => ((new Date(Date.UTC(date.y, date.m - 1, date.d)).getUTCDay() + 6) % 7) + 1;

// An end at or before the start ends the next day; equal times make a 24-hour stretch.
const wraps = (w: FreezeWindowTimes) => w.endTime! <= w.startTime!;

/** The stretch a weekly window opens on this local date, or null when the weekday is not listed. */
function weeklyOpening(w: FreezeWindowTimes, date: LocalDate): { startsAt: Date; endsAt: Date } | null {
  if (!w.weekdays.includes(isoWeekday(date))) return null;
  const startsAt = zonedInstant(date, w.startTime!, w.timeZone);
  const endsAt = zonedInstant(wraps(w) ? addDays(date, 1) : date, w.endTime!, w.timeZone);
  // A start moved forward by a spring-forward gap can land on or past the end: that night the window does not open.
  return endsAt > startsAt ? { startsAt, endsAt } : null;
}

/**
 * The stretch of `window` open at `at` (start inclusive, end exclusive), or null when it is closed. For weekly windows
 * the end runs on through back-to-back stretches (Fri, Sat and Sun 00:00–00:00 is open until Monday), so the end is
 * when a deployment could actually go out.
 */
export function freezeOpenAt(window: FreezeWindowTimes, at: Date): FreezeOpening | null {
  const t = at.getTime();
  if (window.kind === "one_off") {
    if (!window.startsAt || !window.endsAt) return null;
    return window.startsAt.getTime() <= t && t < window.endsAt.getTime() ? { startsAt: window.startsAt, endsAt: window.endsAt } : null;
  }
  if (!window.startTime || !window.endTime || !window.weekdays.length) return null;
  const today = localParts(t, window.timeZone);
  // A stretch lasts at most a day (plus a DST hour), so the one open now started today or on one of the two days before.
  for (const back of [2, 1, 0]) {
    const day = addDays(today, -back);
    const opening = weeklyOpening(window, day);
    if (!opening || opening.startsAt.getTime() > t || t >= opening.endsAt.getTime()) continue;
    let endsAt = opening.endsAt;
    for (let ahead = 1; ahead <= 7; ahead++) {
      const next = weeklyOpening(window, addDays(day, ahead));
      if (!next) continue;
      if (next.startsAt > endsAt) return { startsAt: opening.startsAt, endsAt };
      if (next.endsAt > endsAt) endsAt = next.endsAt;
    }
    // Still open a week later: every hour of the week is frozen.
    return { startsAt: opening.startsAt, endsAt: null };
  }
  return null;
}

/** The open window that holds deployments back longest (a window with no end first), or null when none is open. */
export function activeFreeze<W extends FreezeWindowTimes>(windows: W[], at: Date): { window: W; endsAt: Date | null } | null {
  let best: { window: W; endsAt: Date | null } | null = null;
  for (const window of windows) {
    const open = freezeOpenAt(window, at);
    if (!open) continue;
    const later = !best || (best.endsAt !== null && (open.endsAt === null || open.endsAt > best.endsAt));
    if (later) best = { window, endsAt: open.endsAt };
  }
  return best;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** "Mon 25 Nov 08:00" in the zone, with the year when it is not the year of `reference`. */
export function formatLocal(at: Date, timeZone: string, reference?: Date): string {
  const p = localParts(at.getTime(), timeZone);
  const month = MONTH_SHORT[p.m - 1];
  const weekday = WEEKDAY_SHORT[isoWeekday(p) - 1];
  const year = reference && localParts(reference.getTime(), timeZone).y === p.y ? "" : ` ${p.y}`;
  return `${weekday} ${p.d} ${month}${year} ${pad(p.h)}:${pad(p.mi)}`;
}

/** "Mon–Fri", "Mon, Wed and Fri", "Sat–Mon": runs of three or more consecutive days (wrapping Sunday) are ranges. */
function describeWeekdays(weekdays: number[]): string {
  const days = [...new Set(weekdays)].sort((a, b) => a - b);
  if (days.length === 7) return "day";
  // Start each run after a gap, so Sat, Sun and Mon read as one run across the week's end.
  const start = days.findIndex((d, i) => d - 1 !== (days[(i + days.length - 1) % days.length] % 7));
  const ordered = [...days.slice(Math.max(start, 0)), ...days.slice(0, Math.max(start, 0))];
  const runs: number[][] = [];
  for (const d of ordered) {
    const run = runs[runs.length - 1];
    if (run && d === (run[run.length - 1] % 7) + 1) run.push(d);
    else runs.push([d]);
  }
  const names = runs.flatMap((run) =>
    run.length >= 3 ? [`${WEEKDAY_SHORT[run[0] - 1]}–${WEEKDAY_SHORT[run[run.length - 1] - 1]}`] : run.map((d) => WEEKDAY_SHORT[d - 1]),
  );
  return names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}` : names[0];
}

/**
 * When the window is open, for people: "Every Fri from 18:00 to Sat 08:00 (Europe/Amsterdam)",
 * "Every Mon–Fri from 12:00 to 13:00 (UTC)", "Once, from Fri 22 Nov 2024 18:00 to Mon 25 Nov 2024 08:00 (Europe/Amsterdam)".
 */
export function describeFreeze(window: FreezeWindowTimes): string {
  const zone = `(${window.timeZone})`;
  if (window.kind === "one_off") {
    if (!window.startsAt || !window.endsAt) return `Once, at no time ${zone}`;
    return `Once, from ${formatLocal(window.startsAt, window.timeZone)} to ${formatLocal(window.endsAt, window.timeZone)} ${zone}`;
  }
  if (!window.startTime || !window.endTime || !window.weekdays.length) return `Weekly, on no day ${zone}`;
  const days = describeWeekdays(window.weekdays);
  if (!wraps(window)) return `Every ${days} from ${window.startTime} to ${window.endTime} ${zone}`;
  const single = new Set(window.weekdays).size === 1;
  const end = single ? `${WEEKDAY_SHORT[window.weekdays[0] % 7]} ${window.endTime}` : `${window.endTime} the next day`;
  return `Every ${days} from ${window.startTime} to ${end} ${zone}`;
}

/** Why the deployment gate holds: the sentence shown to whoever asked for the deployment. */
export function freezeReason(window: FreezeWindowTimes, endsAt: Date | null, at: Date = new Date()): string {
  const until = endsAt ? `until ${formatLocal(endsAt, window.timeZone, at)} ${window.timeZone}` : "at every hour of the week until it is deleted";
  return `Freeze window "${window.name}" is open ${until}; an admin can override it with a reason.`;
}
