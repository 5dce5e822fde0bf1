import { z } from "zod";

// Post-launch feedback: inputs (validated by verbs) and response shapes (for the OpenAPI document and the pages).
// No server imports, so client components may import the types.

export const FEEDBACK_TYPES = ["bug", "idea", "question", "praise"] as const;
export type TFeedbackType = (typeof FEEDBACK_TYPES)[number];
export const FEEDBACK_TYPE_LABELS: Record<TFeedbackType, string> = { bug: "Bug", idea: "Idea", question: "Question", praise: "Praise" };

export const FEEDBACK_STATUSES = ["new", "accepted", "planned", "in_progress", "fixed", "released", "declined", "duplicate", "spam"] as const;
export type TFeedbackStatus = (typeof FEEDBACK_STATUSES)[number];
export const FEEDBACK_STATUS_LABELS: Record<TFeedbackStatus, string> = {
  new: "New",
  accepted: "Accepted",
  planned: "Planned",
  in_progress: "In progress",
  fixed: "Fixed",
  released: "Released",
  declined: "Declined",
  duplicate: "Duplicate",
  spam: "Spam",
};
/** After acceptance an item moves along these, in order (a sprint board's columns). */
export const FEEDBACK_FLOW = ["accepted", "planned", "in_progress", "fixed", "released"] as const satisfies readonly TFeedbackStatus[];
/** Closed without work: out of the inbox and off the board. */
export const FEEDBACK_CLOSED = ["declined", "duplicate", "spam"] as const satisfies readonly TFeedbackStatus[];

export const FEEDBACK_SEVERITIES = ["critical", "high", "medium", "low"] as const;
export type TFeedbackSeverity = (typeof FEEDBACK_SEVERITIES)[number];
export const FEEDBACK_SEVERITY_LABELS: Record<TFeedbackSeverity, string> = { critical: "Critical", high: "High", medium: "Medium", low: "Low" };

export const FEEDBACK_SOURCES = ["form", "widget", "api", "github", "discord", "team"] as const;
export type TFeedbackSource = (typeof FEEDBACK_SOURCES)[number];

export const fbRef = (number: number) => `FB-${number}`;
/** FB-123 anywhere in a text (a changelog, a commit message): the numbers it mentions, once each. */
export function mentionedRefs(text: string): number[] {
  const out = new Set<number>();
  for (const m of text.matchAll(/(?<![A-Za-z0-9-])FB-(\d{1,9})(?![0-9])/gi)) out.add(Number(m[1]));
  return [...out];
}

export const LIMITS = { title: 200, body: 10_000, email: 254, url: 2048, userAgent: 512, label: 40, labels: 10, reason: 1000, comment: 10_000, idempotencyKey: 200 } as const;

const oneOf = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: `must be one of ${values.join(", ")}` });
const id = z.string().trim().min(1, "is required").max(200);
const title = z.string({ error: "must be text" }).trim().min(3, "must be at least 3 characters").max(LIMITS.title, `must be at most ${LIMITS.title} characters`);
const body = z.string({ error: "must be text" }).max(LIMITS.body, `must be at most ${LIMITS.body} characters`);
const email = z.string({ error: "must be text" }).trim().max(LIMITS.email).email("must be an e-mail address");
const pageUrl = z
  .string({ error: "must be text" })
  .trim()
  .max(LIMITS.url, `must be at most ${LIMITS.url} characters`)
  .refine((v) => /^https?:\/\//i.test(v) && URL.canParse(v), { message: "must be an http(s) URL", params: { rule: "url" } });
const label = z.string().trim().min(1, "must not be empty").max(LIMITS.label, `must be at most ${LIMITS.label} characters`).regex(/^[^,\n]+$/, "must not contain commas or line breaks");
const labels = z.array(label).max(LIMITS.labels, `must have at most ${LIMITS.labels} labels`);
const reason = z.string({ error: "must be text" }).trim().min(3, "must say why (at least 3 characters)").max(LIMITS.reason);
const instant = z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time with a time zone" });

/** What any intake (form, widget, API, GitHub, Discord) hands to the store. */
export const ZFeedbackSubmit = z
  .object({
    type: oneOf(FEEDBACK_TYPES),
    title,
    details: body.default(""),
    email: email.optional(),
    name: z.string().trim().max(100).optional(),
    pageUrl: pageUrl.optional(),
    /** The browser's user agent and what the widget measured (viewport, language, time zone). */
    browser: z.string().max(LIMITS.userAgent).optional(),
    meta: z.record(z.string().max(40), z.union([z.string().max(300), z.number(), z.boolean()])).optional(),
    /** A retried post with the same key is stored once (the first item is returned). */
    idempotencyKey: z.string().trim().min(8, "must be at least 8 characters").max(LIMITS.idempotencyKey).optional(),
    severity: oneOf(FEEDBACK_SEVERITIES).optional(),
    labels: labels.optional(),
  })
  .strict();
export type TFeedbackSubmit = z.infer<typeof ZFeedbackSubmit>;

export const ZFeedbackListQuery = z.object({
  /** "inbox" = new and not snoozed (the default); "open" = new + accepted..fixed; or one status. */
  view: z.enum(["inbox", "open", "snoozed", "all"], { error: "must be one of inbox, open, snoozed, all" }).optional(),
  status: oneOf(FEEDBACK_STATUSES).optional(),
  type: oneOf(FEEDBACK_TYPES).optional(),
  severity: oneOf(FEEDBACK_SEVERITIES).optional(),
  label: label.optional(),
  assigneeId: id.optional(),
  source: oneOf(FEEDBACK_SOURCES).optional(),
  sprintId: id.optional(),
  /** Full-text search over title and details (PostgreSQL websearch syntax: words, "phrases", -not). */
  q: z.string().trim().max(200, "must be at most 200 characters").optional(),
  sort: z.enum(["newest", "oldest", "votes", "severity"], { error: "must be one of newest, oldest, votes, severity" }).optional(),
  limit: z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").max(200, "must be at most 200").default(50),
  /** Page on: the id of the last item of the previous page. */
  before: z.string().max(200).optional(),
});
export type TFeedbackListQuery = z.infer<typeof ZFeedbackListQuery>;

/** One change to one item; the same shape serves the bulk verb (applied to each of its ids, all or nothing). */
export const ZFeedbackTriage = z
  .object({
    action: z.enum(["accept", "decline", "duplicate", "snooze", "unsnooze", "spam", "not_spam", "reopen", "status", "update"], {
      error: "must be one of accept, decline, duplicate, snooze, unsnooze, spam, not_spam, reopen, status, update",
    }),
    /** decline: why (the reporter sees it on the public board if the item was public). */
    reason: reason.optional(),
    /** duplicate: the original this one is a duplicate of; its votes, reporters and comments move there. */
    duplicateOfId: id.optional(),
    /** snooze: out of the inbox until then. */
    until: instant.optional(),
    /** status: a step after acceptance. */
    status: oneOf(FEEDBACK_FLOW).optional(),
    /** status fixed: the release that fixed it (by id). */
    releaseId: id.nullable().optional(),
    severity: oneOf(FEEDBACK_SEVERITIES).nullable().optional(),
    labels: labels.optional(),
    assigneeId: id.nullable().optional(),
    sprintId: id.nullable().optional(),
    type: oneOf(FEEDBACK_TYPES).optional(),
    title: title.optional(),
  })
  .strict();
export type TFeedbackTriage = z.infer<typeof ZFeedbackTriage>;

export const ZFeedbackBulk = z
  .object({ ids: z.array(id).min(1, "must name at least one item").max(200, "must name at most 200 items"), change: ZFeedbackTriage })
  .strict();

export const ZFeedbackComment = z.object({ body: z.string().trim().min(1, "must not be empty").max(LIMITS.comment, `must be at most ${LIMITS.comment} characters`) }).strict();

export const ZSprintCreate = z
  .object({ name: z.string().trim().min(1, "is required").max(80, "must be at most 80 characters"), startsAt: instant, endsAt: instant })
  .strict()
  .refine((s) => Date.parse(s.endsAt) > Date.parse(s.startsAt), { path: ["endsAt"], message: "must be after startsAt", params: { rule: "after_start" } });
export const ZSprintUpdate = z
  .object({ name: z.string().trim().min(1, "is required").max(80).optional(), startsAt: instant.optional(), endsAt: instant.optional() })
  .strict();

export const ZFeedbackSettingsUpdate = z
  .object({
    /** Origins (https://shop.example.com) whose pages may post through the widget; empty = any origin. */
    allowedOrigins: z
      .array(z.string().trim().max(200).regex(/^https?:\/\/[^/\s]+$/i, "must be an origin such as https://example.com (no path)"))
      .max(20, "must have at most 20 origins")
      .optional(),
    boardPublic: z.boolean({ error: "must be true or false" }).optional(),
    /** The GitHub webhook secret (write-only; null removes it and the webhook stops accepting deliveries). */
    githubSecret: z.string().min(16, "must be at least 16 characters").max(200).nullable().optional(),
    /** The Discord application's public key (64 hex digits) and id, for the optional /feedback command. */
    discordPublicKey: z.string().trim().regex(/^[0-9a-f]{64}$/i, "must be 64 hexadecimal digits").nullable().optional(),
    discordApplicationId: z.string().trim().regex(/^\d{5,25}$/, "must be a Discord application id (digits)").nullable().optional(),
    /** Make a new public key: widgets with the old one stop working. */
    rotatePublicKey: z.literal(true, { error: "must be true" }).optional(),
  })
  .strict();

// Responses ------------------------------------------------------------------------------------------------------

export const ZFeedbackSummary = z.object({
  id: z.string(),
  number: z.number(),
  ref: z.string(),
  type: z.enum(FEEDBACK_TYPES),
  title: z.string(),
  excerpt: z.string(),
  status: z.enum(FEEDBACK_STATUSES),
  severity: z.enum(FEEDBACK_SEVERITIES).nullable(),
  labels: z.array(z.string()),
  assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
  source: z.enum(FEEDBACK_SOURCES),
  voteCount: z.number(),
  commentCount: z.number(),
  reporterCount: z.number(),
  spamReasons: z.array(z.string()),
  snoozedUntil: z.string().nullable(),
  duplicateOf: z.object({ id: z.string(), ref: z.string(), title: z.string() }).nullable(),
  fixedIn: z.object({ id: z.string(), version: z.string() }).nullable(),
  sprintId: z.string().nullable(),
  externalUrl: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TFeedbackSummary = z.infer<typeof ZFeedbackSummary>;

export const ZDuplicateSuggestion = z.object({ id: z.string(), ref: z.string(), title: z.string(), status: z.enum(FEEDBACK_STATUSES), voteCount: z.number(), score: z.number() });
export type TDuplicateSuggestion = z.infer<typeof ZDuplicateSuggestion>;

export const ZFeedbackDetail = ZFeedbackSummary.extend({
  body: z.string(),
  pageUrl: z.string().nullable(),
  userAgent: z.string().nullable(),
  meta: z.record(z.string(), z.unknown()),
  reporters: z.array(z.object({ email: z.string().nullable(), name: z.string().nullable(), source: z.enum(FEEDBACK_SOURCES), createdAt: z.string() })),
  comments: z.array(z.object({ id: z.string(), authorName: z.string(), body: z.string(), source: z.enum(FEEDBACK_SOURCES), createdAt: z.string() })),
  duplicates: z.array(z.object({ id: z.string(), ref: z.string(), title: z.string() })),
  suggestions: z.array(ZDuplicateSuggestion),
  declineReason: z.string().nullable(),
  votedByMe: z.boolean(),
  triagedAt: z.string().nullable(),
  fixedAt: z.string().nullable(),
  releasedAt: z.string().nullable(),
});
export type TFeedbackDetail = z.infer<typeof ZFeedbackDetail>;

export const ZFeedbackStats = z.object({
  days: z.number(),
  perDay: z.array(z.object({ day: z.string(), bug: z.number(), idea: z.number(), question: z.number(), praise: z.number(), critical: z.number(), high: z.number(), medium: z.number(), low: z.number() })),
  timeToTriage: z.object({ p50Hours: z.number().nullable(), p90Hours: z.number().nullable(), triaged: z.number() }),
  duplicateRate: z.number().nullable(),
  openCriticals: z.number(),
  inbox: z.number(),
  spam: z.number(),
});
export type TFeedbackStats = z.infer<typeof ZFeedbackStats>;

export const ZSprint = z.object({ id: z.string(), name: z.string(), startsAt: z.string(), endsAt: z.string(), itemCount: z.number(), doneCount: z.number() });
export type TSprint = z.infer<typeof ZSprint>;

export const ZFeedbackSettings = z.object({
  publicKey: z.string(),
  allowedOrigins: z.array(z.string()),
  boardPublic: z.boolean(),
  githubSecretSet: z.boolean(),
  discordPublicKey: z.string().nullable(),
  discordApplicationId: z.string().nullable(),
  /** Paths under this instance's origin: the webhook URLs to paste into GitHub and Discord. */
  githubWebhookPath: z.string(),
  discordInteractionsPath: z.string(),
  formPath: z.string(),
  boardPath: z.string(),
  widgetSnippet: z.string(),
});
export type TFeedbackSettings = z.infer<typeof ZFeedbackSettings>;

export const ZPublicBoardItem = z.object({ ref: z.string(), type: z.enum(FEEDBACK_TYPES), title: z.string(), status: z.enum(FEEDBACK_STATUSES), voteCount: z.number(), fixedIn: z.string().nullable() });
