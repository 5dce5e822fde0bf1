import { z } from "zod";

// Launch checklists: inputs (validated by verbs) and response shapes (for the OpenAPI document). No server imports,
// so client components may import the types.

export const LAUNCH_STAGES = ["planned", "soft_launch", "official_launch", "post_launch"] as const;
export type TLaunchStage = (typeof LAUNCH_STAGES)[number];
export const STAGE_LABELS: Record<TLaunchStage, string> = {
  planned: "Planned",
  soft_launch: "Soft launch",
  official_launch: "Official launch",
  post_launch: "Post-launch",
};

export const ITEM_STATUSES = ["todo", "in_progress", "done", "waived", "not_applicable"] as const;
export type TItemStatus = (typeof ITEM_STATUSES)[number];
export const STATUS_LABELS: Record<TItemStatus, string> = {
  todo: "To do",
  in_progress: "In progress",
  done: "Done",
  waived: "Waived",
  not_applicable: "Not applicable",
};
/** Statuses a person sets directly; "waived" is set only by the waive verb (approver, reason, expiry). */
export const SETTABLE_STATUSES = ["todo", "in_progress", "done", "not_applicable"] as const;

const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);
const required = (max: number) => text(max).min(1, "is required");
const isoDate = z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time, like 2026-12-01T09:00:00Z" });
const id = z.string().trim().min(1, "is required").max(200);

// ---- Bindings ------------------------------------------------------------------------------------------------------
// An automated item watches one fact T-Minus measures. Stored bindings name a target (or check) by id; template
// bindings name the target by environment ("production") and are resolved when a launch is made from the template.
// Sources register themselves in lib/launch/bindings.ts; a kind without a registered source is refused.

export const ZBindingParams = z.record(z.string(), z.unknown());
export const ZBindingInput = z
  .object({ kind: z.string().trim().min(1, "is required").max(60) })
  .catchall(z.unknown())
  .describe("{ kind, ...params } — see GET /launch-bindings for the kinds and their parameters");
export type TBindingInput = z.infer<typeof ZBindingInput>;

export const ZBindingView = z.object({
  kind: z.string(),
  params: ZBindingParams,
  label: z.string().describe('what it watches, in words: "Uptime ≥ 99.9% over 7 days on production"'),
  ok: z.boolean().nullable().describe("null until first evaluated"),
  summary: z.string().nullable().describe("the measured fact at the last evaluation"),
  href: z.string().nullable().describe("link to the run, chart or record that is the evidence"),
  checkedAt: z.string().nullable(),
});

export const ZBindingKind = z.object({
  kind: z.string(),
  label: z.string(),
  description: z.string(),
  params: z.array(z.object({ name: z.string(), description: z.string(), required: z.boolean() })),
});

// ---- Templates -----------------------------------------------------------------------------------------------------

export const ZTemplateItem = z
  .object({
    title: required(200),
    description: text(5000).default(""),
    blocking: z.boolean().default(false),
    signOffRequired: z.boolean().default(false),
    renewalDays: z.number().int().min(1, "must be at least 1 day").max(3650, "must be at most 3650 days").nullable().default(null),
    binding: ZBindingInput.nullable().default(null),
  })
  .strict();
export const ZTemplateSection = z.object({ title: required(120), items: z.array(ZTemplateItem).max(200, "must have at most 200 items") }).strict();
export const ZTemplateBody = z
  .object({ sections: z.array(ZTemplateSection).min(1, "needs at least one section").max(50, "must have at most 50 sections") })
  .strict();
export type TTemplateBody = z.infer<typeof ZTemplateBody>;

export const ZTemplateCreate = z
  .object({ name: required(120), description: text(2000).default(""), body: ZTemplateBody })
  .strict();
export const ZTemplateUpdate = z
  .object({ name: required(120).optional(), description: text(2000).optional(), body: ZTemplateBody.optional() })
  .strict();
export const ZTemplateImport = z
  .object({
    format: z.enum(["json", "yaml"], { error: "must be json or yaml" }),
    content: z.string().min(1, "is required").max(1_000_000, "must be at most 1 MB"),
    name: required(120).optional().describe("overrides the name in the document"),
  })
  .strict();
export const ZTemplateClone = z.object({ name: required(120) }).strict();

export const ZTemplate = z.object({
  id: z.string().describe('"phase-5" for the built-in template'),
  name: z.string(),
  description: z.string(),
  builtIn: z.boolean(),
  sectionCount: z.number().int(),
  itemCount: z.number().int(),
  body: ZTemplateBody,
  createdBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type TTemplate = z.infer<typeof ZTemplate>;

// ---- Launches ------------------------------------------------------------------------------------------------------

export const ZLaunchCreate = z
  .object({
    name: required(120),
    targetDate: isoDate.nullable().optional(),
    templateId: text(200).nullable().optional().describe('"phase-5", a project template id, or null for an empty checklist'),
    replaceActive: z.boolean().default(false).describe("archive the project's active launch in the same step; without it, starting a second launch is refused (409)"),
  })
  .strict();
export const ZLaunchUpdate = z.object({ name: required(120).optional(), targetDate: isoDate.nullable().optional() }).strict();
export const ZStageMove = z
  .object({
    stage: z.enum(LAUNCH_STAGES, { error: `must be one of ${LAUNCH_STAGES.join(", ")}` }),
    notes: text(2000).default(""),
    override: z
      .object({ reason: required(500) })
      .strict()
      .optional()
      .describe("Admins: move on while readiness says no-go. Recorded with the decision, audited and notified"),
  })
  .strict();

export const ZExportQuery = z.object({ format: z.enum(["markdown", "csv"], { error: "must be markdown or csv" }).default("markdown") }).strict();

// ---- Items ---------------------------------------------------------------------------------------------------------

export const ZItemCreate = z
  .object({
    section: required(120),
    title: required(200),
    description: text(5000).default(""),
    ownerId: id.nullable().optional(),
    assigneeId: id.nullable().optional(),
    dueAt: isoDate.nullable().optional(),
    blocking: z.boolean().default(false),
    signOffRequired: z.boolean().default(false),
    renewalDays: z.number().int().min(1, "must be at least 1 day").max(3650, "must be at most 3650 days").nullable().optional(),
    binding: ZBindingInput.nullable().optional(),
  })
  .strict();
export const ZItemUpdate = z
  .object({
    section: required(120).optional(),
    title: required(200).optional(),
    description: text(5000).optional(),
    ownerId: id.nullable().optional(),
    assigneeId: id.nullable().optional(),
    dueAt: isoDate.nullable().optional(),
    blocking: z.boolean().optional(),
    signOffRequired: z.boolean().optional(),
    renewalDays: z.number().int().min(1, "must be at least 1 day").max(3650, "must be at most 3650 days").nullable().optional(),
    binding: ZBindingInput.nullable().optional(),
    status: z.enum(SETTABLE_STATUSES, { error: `must be one of ${SETTABLE_STATUSES.join(", ")} (waive an item with the waive action)` }).optional(),
    position: z.number().int().min(0).max(100_000).optional(),
  })
  .strict();
export const ZWaive = z
  .object({ reason: required(1000), expiresAt: isoDate.describe("when the waiver lapses; the item then holds the launch again") })
  .strict();
export const ZSignOff = z.object({ note: text(1000).optional() }).strict();
export const ZEvidenceCreate = z
  .object({
    kind: z.enum(["link", "note"], { error: "must be link or note" }),
    url: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).max(2000, "must be at most 2000 characters").optional(),
    text: text(5000).default(""),
  })
  .strict()
  .superRefine((v, c) => {
    if (v.kind === "link" && !v.url) c.addIssue({ code: "custom", path: ["url"], message: "is required for a link" });
    if (v.kind === "note" && !v.text) c.addIssue({ code: "custom", path: ["text"], message: "is required for a note" });
  });
export const ZCommentCreate = z.object({ body: required(5000).describe("Markdown; @name or @email mentions a member, who is notified") }).strict();

const ZPerson = z.object({ id: z.string(), name: z.string(), email: z.string() });

export const ZItem = z.object({
  id: z.string(),
  launchId: z.string(),
  number: z.number().int(),
  ref: z.string().describe('short reference, "L-12"'),
  position: z.number().int(),
  section: z.string(),
  title: z.string(),
  description: z.string().describe("Markdown, rendered sanitised"),
  owner: ZPerson.nullable(),
  assignee: ZPerson.nullable(),
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
  blocking: z.boolean(),
  signOffRequired: z.boolean(),
  status: z.enum(ITEM_STATUSES),
  renewalDays: z.number().int().nullable(),
  signOff: z.object({ by: z.string(), at: z.string(), expiresAt: z.string().nullable(), expired: z.boolean() }).nullable(),
  waiver: z.object({ by: z.string(), reason: z.string(), expiresAt: z.string(), expired: z.boolean() }).nullable(),
  binding: ZBindingView.nullable(),
  evidenceCount: z.number().int(),
  commentCount: z.number().int(),
  satisfied: z.boolean().describe("counts as complete for readiness (done and signed off if required, validly waived, or not applicable)"),
  problem: z.string().nullable().describe("why the item holds the launch back, in a sentence; null when it does not"),
  updatedAt: z.string(),
});
export type TItem = z.infer<typeof ZItem>;

export const ZEvidence = z.object({ id: z.string(), kind: z.enum(["link", "note", "auto"]), url: z.string().nullable(), text: z.string(), addedBy: z.string(), createdAt: z.string() });
export const ZComment = z.object({ id: z.string(), author: z.string(), body: z.string(), createdAt: z.string() });
export const ZActivity = z.object({ id: z.string(), actor: z.string(), action: z.string(), text: z.string(), createdAt: z.string() });
export const ZItemDetail = ZItem.extend({ evidence: z.array(ZEvidence), comments: z.array(ZComment), activity: z.array(ZActivity) });
export type TItemDetail = z.infer<typeof ZItemDetail>;

export const ZReadinessItem = z.object({ id: z.string(), ref: z.string(), title: z.string(), section: z.string(), problem: z.string() });
export const ZSectionReadiness = z.object({
  title: z.string(),
  score: z.number().describe("0–100"),
  satisfied: z.number().int(),
  total: z.number().int().describe("items that count (not applicable ones do not)"),
  blockingOpen: z.number().int(),
});
export const ZReadiness = z.object({
  score: z.number().describe("0–100; blocking items weigh three times as much, and any open blocking item caps it at 99"),
  go: z.boolean(),
  verdict: z.string().describe('"Go" or "No-go: 2 blocking items open, 1 sign-off expired"'),
  holding: z.array(ZReadinessItem).describe("every item that makes it no-go, blocking first"),
  sections: z.array(ZSectionReadiness),
  counts: z.record(z.enum(ITEM_STATUSES), z.number().int()),
  total: z.number().int(),
  at: z.string(),
});
export type TReadiness = z.infer<typeof ZReadiness>;

export const ZDecisionView = z.object({
  id: z.string(),
  fromStage: z.enum(LAUNCH_STAGES),
  toStage: z.enum(LAUNCH_STAGES),
  go: z.boolean(),
  overridden: z.boolean(),
  readiness: z.object({ score: z.number(), verdict: z.string(), holding: z.array(ZReadinessItem) }),
  notes: z.string(),
  decidedBy: z.string(),
  createdAt: z.string(),
});
export type TDecision = z.infer<typeof ZDecisionView>;

export const ZLaunch = z.object({
  id: z.string(),
  projectId: z.string(),
  name: z.string(),
  stage: z.enum(LAUNCH_STAGES),
  targetDate: z.string().nullable(),
  templateName: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  archivedAt: z.string().nullable(),
  readiness: ZReadiness,
});
export type TLaunch = z.infer<typeof ZLaunch>;
export const ZLaunchDetail = ZLaunch.extend({ items: z.array(ZItem), decisions: z.array(ZDecisionView) });
export type TLaunchDetail = z.infer<typeof ZLaunchDetail>;
