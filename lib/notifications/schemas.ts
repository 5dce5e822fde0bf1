import { z } from "zod";
import { ZRecipients } from "./recipients";

export const NOTIFICATION_EVENTS = [
  "deployment.requested",
  "deployment.awaiting_approval",
  "deployment.approved",
  "deployment.rejected",
  "deployment.succeeded",
  "deployment.failed",
  "deployment.rolled_back",
  "deployment.cancelled",
  "deployment.bypassed",
  "target.locked",
  "target.unlocked",
  "target.override",
  "incident.opened",
  "incident.reminder",
  "incident.acknowledged",
  "incident.resolved",
  "launch.stage_changed",
  "checklist.assigned",
  "checklist.mentioned",
  "qa.failed",
  "qa.passed",
  "feedback.received",
  "feedback.critical",
] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

export const NOTIFICATION_EVENT_DESCRIPTIONS: Record<NotificationEvent, string> = {
  "deployment.requested": "Someone asked to deploy a release to a target.",
  "deployment.awaiting_approval": "A deployment waits for an approver.",
  "deployment.approved": "An approver let a deployment go ahead.",
  "deployment.rejected": "An approver turned a deployment down.",
  "deployment.succeeded": "A deployment finished and the target is healthy.",
  "deployment.failed": "A deployment stopped with an error.",
  "deployment.rolled_back": "A target was rolled back to its previous good deploy.",
  "deployment.cancelled": "Someone cancelled a deployment before it finished.",
  "deployment.bypassed": "An admin skipped approvals for an emergency deploy.",
  "target.locked": "Someone locked a target against deployments.",
  "target.unlocked": "A target's lock was lifted.",
  "target.override": "An admin deployed through a lock or a freeze window.",
  "incident.opened": "An uptime check failed often enough in a row to open an incident.",
  "incident.reminder": "An incident is still open and nobody has acknowledged it (at the check's reminder interval).",
  "incident.acknowledged": "Someone acknowledged an open incident.",
  "incident.resolved": "A check passed often enough in a row to close its incident.",
  "launch.stage_changed": "A launch moved to another stage: a go/no-go decision (or an admin's override).",
  "checklist.assigned": "Someone assigned a launch checklist item to a member.",
  "checklist.mentioned": "Someone mentioned a member in a comment on a checklist item.",
  "qa.failed": "A QA run failed its gates or could not measure the target.",
  "qa.passed": "A QA run passed every gate.",
  "feedback.received": "New feedback arrived (from the form, the widget, the API, GitHub or Discord); spam is never sent.",
  "feedback.critical": "A feedback item is critical: it arrived marked critical, or someone set its severity to critical.",
};

/** Sent only by "send test notification"; no channel subscribes to it. */
export const TEST_EVENT = "test";
export const ALL_EVENTS = "*";

export const WEBHOOK_FORMATS = ["slack", "discord", "json"] as const;
export const CHANNEL_FORMATS = [...WEBHOOK_FORMATS, "email"] as const;
export type TChannelFormat = (typeof CHANNEL_FORMATS)[number];
const formatError = `must be one of ${CHANNEL_FORMATS.join(", ")}`;
export const SEVERITIES = ["info", "success", "warning", "danger"] as const;

// The URL is a credential (Slack and Discord put the token in the path), so it is stored encrypted and only its
// origin is ever shown; the guarded client and the instance network policy decide reachability at send time.
export const webhookUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).max(2000, "must be at most 2000 characters");

const events = z
  .array(z.enum([...NOTIFICATION_EVENTS, ALL_EVENTS], { error: `must be one of ${NOTIFICATION_EVENTS.join(", ")} or "*"` }))
  .min(1, "choose at least one event, or [\"*\"] for all")
  .max(NOTIFICATION_EVENTS.length + 1)
  .refine((v) => !v.includes(ALL_EVENTS) || v.length === 1, { message: '"*" already means every event; send it alone', params: { rule: "all_alone" } })
  .transform((v) => [...new Set(v)]);

const name = z.string().trim().min(1, "is required").max(80, "must be at most 80 characters");

/** How a channel's url is read, by its format (an update may send a url and leave the stored format). */
export const channelTargetSchema = (format: TChannelFormat) => (format === "email" ? ZRecipients : webhookUrl);

// An e-mail channel's "url" is its recipients: like a webhook URL, where the channel sends and a secret. The object
// takes either shape and then reads it by the format, so an unknown format is still the enum's own issue.
const looseTarget = z
  .union([z.string().max(8000), z.array(z.string().max(320)).max(40)], { error: "must be a webhook URL, or e-mail addresses for an e-mail channel" })
  .describe("the webhook URL; for e-mail channels 1 to 20 recipient addresses, as a list or one text separated by commas");

/** The url read by the channel's format; it runs while other fields have issues too, so a form shows them all at once. */
const urlByFormat = [
  (v: { format: TChannelFormat; url: string | string[] }, ctx: z.RefinementCtx) => {
    const target = channelTargetSchema(v.format).safeParse(v.url);
    if (!target.success) for (const issue of target.error.issues) ctx.addIssue({ ...issue, path: ["url", ...issue.path] } as z.core.$ZodRawIssue);
  },
  {
    // Only on an object whose url and format parsed: a body that is not an object at all (null, a list) has its own issue.
    when: (payload: z.core.ParsePayload) =>
      typeof payload.value === "object" && payload.value !== null && !Array.isArray(payload.value) && !payload.issues.some((i) => !i.path?.length || i.path[0] === "url" || i.path[0] === "format"),
  },
] as const;

export const ZChannelCreate = z
  .object({ name, format: z.enum(CHANNEL_FORMATS, { error: formatError }), url: looseTarget, events, enabled: z.boolean().default(true) })
  .superRefine(...urlByFormat)
  .transform((v) => ({ ...v, url: channelTargetSchema(v.format).parse(v.url) as string | string[] }));
export type TChannelCreate = z.infer<typeof ZChannelCreate>;

// An omitted url keeps the stored one (the client never sees it, so it cannot send it back). The url is checked in
// the verb against the format the channel ends up with.
export const ZChannelUpdate = z
  .object({ name, format: z.enum(CHANNEL_FORMATS, { error: formatError }), url: looseTarget, events, enabled: z.boolean() })
  .partial()
  .refine((v) => Object.keys(v).length > 0, "send at least one field");
export type TChannelUpdate = z.infer<typeof ZChannelUpdate>;

export const ZChannel = z.object({
  id: z.string(),
  projectId: z.string(),
  name: z.string(),
  format: z.enum(CHANNEL_FORMATS),
  urlOrigin: z
    .string()
    .describe('scheme, host and port of the webhook URL, or for e-mail channels how many recipients at which domains ("3 recipients at example.com"); the URL and the addresses are secrets and never returned'),
  events: z.array(z.string()),
  enabled: z.boolean(),
  createdAt: z.string(),
  signingSecret: z
    .string()
    .optional()
    .describe("JSON channels only, and only in the response that created it (or switched the channel to JSON): the secret X-TMinus-Signature is made with. Store it in the receiver; it is never shown again"),
});
export type TChannel = z.infer<typeof ZChannel>;

export const ZNotificationData = z.object({
  title: z.string().min(1).max(500),
  text: z.string().max(10_000),
  url: z.url({ protocol: /^https?$/ }).max(2000).optional().describe("a link into T-Minus"),
  severity: z.enum(SEVERITIES),
  fields: z.array(z.object({ name: z.string().max(500), value: z.string().max(5000) })).max(50).optional(),
});
export type NotificationData = z.infer<typeof ZNotificationData>;

export const ZDelivery = z.object({
  id: z.string(),
  channelId: z.string(),
  event: z.string(),
  title: z.string(),
  status: z.enum(["queued", "running", "succeeded", "failed"]),
  httpStatus: z.number().int().nullable().describe("the receiver's HTTP status; null for e-mail, whose mail server's reply is quoted in error"),
  error: z.string().nullable().describe("a sentence; the webhook URL appears only as its origin, e-mail addresses not at all. On a sent e-mail, recipients the mail server refused"),
  attempts: z.number().int(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type TDelivery = z.infer<typeof ZDelivery>;
