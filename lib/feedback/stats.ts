import { db } from "../db";
import { FEEDBACK_SEVERITIES, FEEDBACK_TYPES, type TFeedbackStats } from "./schemas";

// The feedback dashboard's figures for one project, in two queries whatever the number of days.
//
// The window is the last `days` whole UTC days, today included: from midnight UTC `days - 1` days before `now` to the
// coming midnight. Over the window:
//   perDay        items created each day, per type and per severity (spam left out; an item without a severity counts
//                 in its type only); every day is present, zeros included;
//   timeToTriage  over items triaged in the window (whenever they were created): median and 90th percentile of the
//                 hours from creation to triage (percentile_cont, interpolated), and how many;
//   duplicateRate items created in the window now marked duplicate, over all non-spam items created in the window
//                 (null when there are none).
// And the state as of `now`, whatever the age of the items: openCriticals (critical and still open: new, accepted,
// planned or in progress), inbox (new and not snoozed past now), spam (the spam folder).

const DAY_MS = 86_400_000;
const OPEN = ["new", "accepted", "planned", "in_progress"] as const;

type DayRow = { day: string } & Record<(typeof FEEDBACK_TYPES)[number] | (typeof FEEDBACK_SEVERITIES)[number], number>;
type Totals = {
  p50: number | null;
  p90: number | null;
  triaged: number;
  duplicates: number;
  created: number;
  openCriticals: number;
  inbox: number;
  spam: number;
};

const hours = (h: number | null) => (h === null ? null : Math.round(Number(h) * 100) / 100);

export async function feedbackStats(projectId: string, opts: { days?: number; now?: Date } = {}): Promise<TFeedbackStats> {
  const days = opts.days ?? 30;
  if (!Number.isInteger(days) || days < 1 || days > 366) throw new RangeError("days must be a whole number from 1 to 366");
  const now = opts.now ?? new Date();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const startMs = today - (days - 1) * DAY_MS;
  // The columns are timestamp(3) holding UTC; the bounds go in as UTC instants, whatever the session's time zone.
  const from = new Date(startMs).toISOString();
  const until = new Date(today + DAY_MS).toISOString();
  const asOf = now.toISOString();

  const [perDayRows, [t]] = await Promise.all([
    db.$queryRaw<DayRow[]>`
      SELECT to_char(date_trunc('day', "createdAt"), 'YYYY-MM-DD') AS day,
             count(*) FILTER (WHERE "type" = 'bug')::int AS bug,
             count(*) FILTER (WHERE "type" = 'idea')::int AS idea,
             count(*) FILTER (WHERE "type" = 'question')::int AS question,
             count(*) FILTER (WHERE "type" = 'praise')::int AS praise,
             count(*) FILTER (WHERE "severity" = 'critical')::int AS critical,
             count(*) FILTER (WHERE "severity" = 'high')::int AS high,
             count(*) FILTER (WHERE "severity" = 'medium')::int AS medium,
             count(*) FILTER (WHERE "severity" = 'low')::int AS low
        FROM "FeedbackItem"
       WHERE "projectId" = ${projectId} AND "status" <> 'spam'
         AND "createdAt" >= (${from}::timestamptz AT TIME ZONE 'UTC') AND "createdAt" < (${until}::timestamptz AT TIME ZONE 'UTC')
       GROUP BY 1`,
    db.$queryRaw<Totals[]>`
      WITH w AS (
        SELECT (${from}::timestamptz AT TIME ZONE 'UTC') AS "from", (${until}::timestamptz AT TIME ZONE 'UTC') AS "until",
               (${asOf}::timestamptz AT TIME ZONE 'UTC') AS "now"
      )
      SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM i."triagedAt" - i."createdAt") / 3600)
               FILTER (WHERE i."triagedAt" >= w."from" AND i."triagedAt" < w."until") AS p50,
             percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM i."triagedAt" - i."createdAt") / 3600)
               FILTER (WHERE i."triagedAt" >= w."from" AND i."triagedAt" < w."until") AS p90,
             count(*) FILTER (WHERE i."triagedAt" >= w."from" AND i."triagedAt" < w."until")::int AS triaged,
             count(*) FILTER (WHERE i."status" = 'duplicate' AND i."createdAt" >= w."from" AND i."createdAt" < w."until")::int AS duplicates,
             count(*) FILTER (WHERE i."status" <> 'spam' AND i."createdAt" >= w."from" AND i."createdAt" < w."until")::int AS created,
             count(*) FILTER (WHERE i."severity" = 'critical' AND i."status"::text = ANY(${[...OPEN]}::text[]))::int AS "openCriticals",
             count(*) FILTER (WHERE i."status" = 'new' AND (i."snoozedUntil" IS NULL OR i."snoozedUntil" <= w."now"))::int AS inbox,
             count(*) FILTER (WHERE i."status" = 'spam')::int AS spam
        FROM w LEFT JOIN "FeedbackItem" i ON i."projectId" = ${projectId}`,
  ]);

  const byDay = new Map(perDayRows.map((r) => [r.day, r]));
  const perDay = Array.from({ length: days }, (_, k) => {
    const day = new Date(startMs + k * DAY_MS).toISOString().slice(0, 10);
    const r = byDay.get(day);
    return {
      day,
      bug: r?.bug ?? 0,
      idea: r?.idea ?? 0,
      question: r?.question ?? 0,
      praise: r?.praise ?? 0,
      critical: r?.critical ?? 0,
      high: r?.high ?? 0,
      medium: r?.medium ?? 0,
      low: r?.low ?? 0,
    };
  });
  return {
    days,
    perDay,
    timeToTriage: { p50Hours: hours(t.p50), p90Hours: hours(t.p90), triaged: t.triaged },
    duplicateRate: t.created ? t.duplicates / t.created : null,
    openCriticals: t.openCriticals,
    inbox: t.inbox,
    spam: t.spam,
  };
}
