import { z } from "zod";

export const RUNBOOK_LIMITS = { key: 60, title: 120, body: 100_000, notes: 20_000, release: 40 } as const;
/** A page is "recently reviewed" for this many days unless a checklist binding says otherwise. */
export const REVIEW_FRESH_DAYS = 90;

const ZKey = z
  .string({ error: "must be text" })
  .trim()
  .min(1, { error: "is required" })
  .max(RUNBOOK_LIMITS.key, { error: `must be at most ${RUNBOOK_LIMITS.key} characters` })
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: "must be lowercase letters, digits and single hyphens (e.g. on-call)" });
const ZTitle = z.string({ error: "must be text" }).trim().min(1, { error: "is required" }).max(RUNBOOK_LIMITS.title, { error: `must be at most ${RUNBOOK_LIMITS.title} characters` });
const ZBody = z.string({ error: "must be text" }).max(RUNBOOK_LIMITS.body, { error: `must be at most ${RUNBOOK_LIMITS.body} characters` });
const ZUserRef = z.string({ error: "must be a user id or null" }).min(1, { error: "must be a user id or null" }).nullable();

export const ZRunbookCreate = z
  .object({
    key: ZKey.optional(),
    title: ZTitle.optional(),
    body: ZBody.optional(),
    template: z.string({ error: "must be a template key" }).optional(),
    ownerId: ZUserRef.optional(),
  })
  .strict()
  .refine((v) => v.template !== undefined || v.title !== undefined, { error: "is required (or give a template)", path: ["title"] });
export type TRunbookCreate = z.infer<typeof ZRunbookCreate>;

export const ZRunbookUpdate = z
  .object({
    title: ZTitle.optional(),
    body: ZBody.optional(),
    ownerId: ZUserRef.optional(),
    // The version the editor started from: a save over someone else's newer save is refused (409), not lost.
    baseVersion: z.number({ error: "must be a number" }).int({ error: "must be a whole number" }).min(1, { error: "must be at least 1" }).optional(),
  })
  .strict();

export const ZRunbookSummary = z.object({
  id: z.string(),
  key: z.string(),
  title: z.string(),
  template: z.string().nullable(),
  owner: z.object({ id: z.string(), name: z.string() }).nullable(),
  reviewedAt: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  reviewDue: z.boolean(),
  openPrompts: z.number(),
  hasDiagram: z.boolean(),
  version: z.number(),
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
});
export type TRunbookSummary = z.infer<typeof ZRunbookSummary>;

export const ZRunbookDetail = ZRunbookSummary.extend({
  body: z.string(),
  html: z.string(),
  prompts: z.array(z.string()),
  revisions: z.array(z.object({ version: z.number(), title: z.string(), author: z.string().nullable(), createdAt: z.string() })),
});
export type TRunbookDetail = z.infer<typeof ZRunbookDetail>;

export const ROADMAP_KINDS = ["planned", "scalability", "known_issue"] as const;
export const ROADMAP_KIND_LABELS: Record<(typeof ROADMAP_KINDS)[number], string> = { planned: "Planned", scalability: "Scalability note", known_issue: "Known issue" };
export const ROADMAP_STATUSES = ["open", "in_progress", "done", "dropped"] as const;
export const ROADMAP_STATUS_LABELS: Record<(typeof ROADMAP_STATUSES)[number], string> = { open: "Open", in_progress: "In progress", done: "Done", dropped: "Dropped" };

const ZRelease = z.string({ error: "must be text" }).trim().max(RUNBOOK_LIMITS.release, { error: `must be at most ${RUNBOOK_LIMITS.release} characters` });
const ZNotes = z.string({ error: "must be text" }).max(RUNBOOK_LIMITS.notes, { error: `must be at most ${RUNBOOK_LIMITS.notes} characters` });

export const ZRoadmapCreate = z
  .object({
    kind: z.enum(ROADMAP_KINDS, { error: `must be one of ${ROADMAP_KINDS.join(", ")}` }).optional(),
    title: ZTitle.optional(),
    notes: ZNotes.optional(),
    ownerId: ZUserRef.optional(),
    targetRelease: ZRelease.nullable().optional(),
    // Plan an accepted feedback item: the roadmap item takes its title and links back to it.
    feedbackItemId: z.string({ error: "must be a feedback item id" }).min(1, { error: "must be a feedback item id" }).optional(),
  })
  .strict()
  .refine((v) => v.feedbackItemId !== undefined || v.title !== undefined, { error: "is required (or give feedbackItemId)", path: ["title"] })
  .refine((v) => v.feedbackItemId !== undefined || v.kind !== undefined, { error: "is required (or give feedbackItemId)", path: ["kind"] });

export const ZRoadmapUpdate = z
  .object({
    kind: z.enum(ROADMAP_KINDS, { error: `must be one of ${ROADMAP_KINDS.join(", ")}` }).optional(),
    status: z.enum(ROADMAP_STATUSES, { error: `must be one of ${ROADMAP_STATUSES.join(", ")}` }).optional(),
    title: ZTitle.optional(),
    notes: ZNotes.optional(),
    ownerId: ZUserRef.optional(),
    targetRelease: ZRelease.nullable().optional(),
    position: z.number({ error: "must be a number" }).int({ error: "must be a whole number" }).min(0, { error: "must be 0 or more" }).max(100_000, { error: "must be at most 100000" }).optional(),
  })
  .strict();

export const ZRoadmapItem = z.object({
  id: z.string(),
  kind: z.enum(ROADMAP_KINDS),
  status: z.enum(ROADMAP_STATUSES),
  title: z.string(),
  notes: z.string(),
  notesHtml: z.string(),
  owner: z.object({ id: z.string(), name: z.string() }).nullable(),
  targetRelease: z.string().nullable(),
  feedback: z.object({ id: z.string(), ref: z.string(), status: z.string(), voteCount: z.number() }).nullable(),
  position: z.number(),
  updatedAt: z.string(),
});
export type TRoadmapItem = z.infer<typeof ZRoadmapItem>;

export const ZRoadmap = z.object({
  items: z.array(ZRoadmapItem),
  // Accepted feedback that is not on the roadmap yet: the "plan it" suggestions.
  unplanned: z.array(z.object({ id: z.string(), ref: z.string(), title: z.string(), voteCount: z.number(), severity: z.string().nullable() })),
});
export type TRoadmap = z.infer<typeof ZRoadmap>;
