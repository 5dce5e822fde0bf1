import { z } from "zod";
import { isValidTimeZone } from "./freeze-time";

// No server imports: the route table and the UI share these.

const noControl = (s: string) => !/[\u0000-\u001f\u007f]/.test(s);
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

const name = z.string().trim().min(1, "is required").max(80, "must be at most 80 characters").refine(noControl, "must not contain control characters");
const targetId = z.string().trim().min(1, "must not be empty").max(200).nullable().optional().describe("omit or null: every target of the project");
const instant = z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time with a time zone offset, such as 2024-11-22T18:00:00+01:00" });
const time = z.string().regex(HHMM, 'must be a time "HH:MM" from 00:00 to 23:59');
const timeZone = z
  .string()
  .trim()
  .refine(isValidTimeZone, { message: "must be an IANA time zone such as Europe/Amsterdam or UTC", params: { rule: "timezone" } });
// A field of the other kind is refused, naming it, rather than stored and never read.
const onlyFor = (kind: string) => z.never({ error: `is only for ${kind} windows; leave it out` }).optional();

export const ZFreezeWindowOneOff = z
  .object({
    kind: z.literal("one_off"),
    name,
    targetId,
    startsAt: instant,
    endsAt: instant.describe("exclusive: deployments may go out from this instant"),
    timeZone: timeZone.default("UTC").describe("only for showing the times; the instants carry their own offset"),
    weekdays: onlyFor("weekly"),
    startTime: onlyFor("weekly"),
    endTime: onlyFor("weekly"),
  })
  .strict()
  .refine((w) => Date.parse(w.endsAt) > Date.parse(w.startsAt), { path: ["endsAt"], message: "must be after startsAt", params: { rule: "after_start" } });

export const ZFreezeWindowWeekly = z
  .object({
    kind: z.literal("weekly"),
    name,
    targetId,
    weekdays: z
      .array(z.int("must be a whole number").min(1, "must be from 1 (Monday) to 7 (Sunday)").max(7, "must be from 1 (Monday) to 7 (Sunday)"))
      .min(1, "must list at least one day")
      .refine((days) => new Set(days).size === days.length, { message: "must not repeat a day", params: { rule: "unique" } })
      .describe("ISO weekdays the window opens on: 1 Monday … 7 Sunday"),
    startTime: time.describe("local time in timeZone the window opens"),
    endTime: time.describe("local time it closes; at or before startTime means the next day"),
    timeZone: timeZone.describe("IANA time zone of startTime and endTime, such as Europe/Amsterdam"),
    startsAt: onlyFor("one_off"),
    endsAt: onlyFor("one_off"),
  })
  .strict();

export const ZFreezeWindowCreate = z.discriminatedUnion("kind", [ZFreezeWindowOneOff, ZFreezeWindowWeekly], {
  error: (issue) => (issue.code === "invalid_union" ? 'must be "one_off" or "weekly"' : undefined),
});
export type TFreezeWindowCreate = z.infer<typeof ZFreezeWindowCreate>;

export const ZFreezeWindow = z.object({
  id: z.string(),
  projectId: z.string(),
  targetId: z.string().nullable().describe("null: every target of the project"),
  name: z.string(),
  kind: z.enum(["one_off", "weekly"]),
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  weekdays: z.array(z.number().int()),
  startTime: z.string().nullable(),
  endTime: z.string().nullable(),
  timeZone: z.string(),
  description: z.string().describe("when the window is open, for people"),
  openNow: z.boolean(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type TFreezeWindow = z.infer<typeof ZFreezeWindow>;
