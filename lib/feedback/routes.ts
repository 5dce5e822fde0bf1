import { z } from "zod";
import type { RouteDef } from "../api/handler";
import { bulkTriage, commentFeedback, getFeedback, getFeedbackStats, listFeedback, submitFeedbackViaApi, triageFeedback, voteFeedback } from "./items";
import { createSprint, deleteSprint, listSprints, updateSprint } from "./sprints";
import { getFeedbackSettings, updateFeedbackSettings } from "./settings";
import {
  ZFeedbackBulk, ZFeedbackComment, ZFeedbackDetail, ZFeedbackListQuery, ZFeedbackSettings, ZFeedbackSettingsUpdate, ZFeedbackStats, ZFeedbackSubmit,
  ZFeedbackSummary, ZFeedbackTriage, ZSprint, ZSprintCreate, ZSprintUpdate,
} from "./schemas";

const F = "/projects/{projectId}/feedback";
const S = "/projects/{projectId}/feedback-sprints";
const tag = "Feedback";
const ZVote = z.object({ voteCount: z.number(), votedByMe: z.boolean() });
const ZComment = z.object({ id: z.string(), authorName: z.string(), body: z.string(), source: z.string(), createdAt: z.string() });

// Spread into ROUTES (lib/api/routes.ts): the handlers, the OpenAPI document and the RBAC matrix read them there.
export const FEEDBACK_ROUTES: RouteDef[] = [
  {
    id: "feedback.list", method: "GET", path: F, tag,
    summary: "Feedback items: the inbox (new, not snoozed) by default; view=open|snoozed|all or a status, filters, full-text search (q), sort; page with ?before=<itemId>",
    auth: "feedback.read", mutating: false, query: ZFeedbackListQuery, response: z.array(ZFeedbackSummary),
    run: ({ ctx, params, query }) => listFeedback({ ctx, input: { projectId: params.projectId, query } }),
  },
  {
    id: "feedback.create", method: "POST", path: F, tag,
    summary: "File a feedback item (support tools, scripts: a project API token with the member role). idempotencyKey makes a retried post store once (200 with the first item)",
    auth: "feedback.submit", mutating: true, body: ZFeedbackSubmit, successStatus: 201, response: ZFeedbackSummary,
    run: async ({ ctx, params, body }) => {
      const item = await submitFeedbackViaApi({ ctx, input: { projectId: params.projectId, data: body } });
      const { created, ...summary } = item;
      return created ? summary : Response.json(summary, { status: 200 });
    },
  },
  {
    id: "feedback.bulk", method: "POST", path: `${F}/bulk`, tag, summary: "Apply one triage change to many items, all or nothing",
    auth: "feedback.triage", mutating: true, body: ZFeedbackBulk, response: z.object({ updated: z.number() }),
    run: ({ ctx, params, body }) => bulkTriage({ ctx, input: { projectId: params.projectId, data: body } }),
  },
  {
    id: "feedback.get", method: "GET", path: `${F}/{feedbackId}`, tag,
    summary: "One item (by id or FB-12): details, reporters, comments, merged duplicates, and the likely duplicates with their scores while it waits for triage",
    auth: "feedback.read", mutating: false, response: ZFeedbackDetail,
    run: ({ ctx, params }) => getFeedback({ ctx, input: { projectId: params.projectId, itemId: params.feedbackId } }),
  },
  {
    id: "feedback.triage", method: "POST", path: `${F}/{feedbackId}/triage`, tag,
    summary:
      "Triage an item: accept, decline (with a reason), duplicate (of another item: its votes, reporters and comments move there), snooze until, spam / not spam, reopen, status (planned, in progress, fixed with the release, released once that release is in production) or update severity, labels, assignee, sprint, type, title",
    auth: "feedback.triage", mutating: true, body: ZFeedbackTriage, response: ZFeedbackDetail,
    run: ({ ctx, params, body }) => triageFeedback({ ctx, input: { projectId: params.projectId, itemId: params.feedbackId, data: body } }),
  },
  {
    id: "feedback.vote", method: "POST", path: `${F}/{feedbackId}/vote`, tag, summary: "+1 an item (once per person; a vote on a duplicate counts for its original)",
    auth: "feedback.vote", mutating: true, response: ZVote,
    run: ({ ctx, params }) => voteFeedback({ ctx, input: { projectId: params.projectId, itemId: params.feedbackId, on: true } }),
  },
  {
    id: "feedback.unvote", method: "DELETE", path: `${F}/{feedbackId}/vote`, tag, summary: "Take back your +1",
    auth: "feedback.vote", mutating: true, response: ZVote,
    run: ({ ctx, params }) => voteFeedback({ ctx, input: { projectId: params.projectId, itemId: params.feedbackId, on: false } }),
  },
  {
    id: "feedback.comment", method: "POST", path: `${F}/{feedbackId}/comments`, tag, summary: "Comment on an item (the team's notes; GitHub comments arrive by webhook)",
    auth: "feedback.triage", mutating: true, body: ZFeedbackComment, successStatus: 201, response: ZComment,
    run: ({ ctx, params, body }) => commentFeedback({ ctx, input: { projectId: params.projectId, itemId: params.feedbackId, data: body } }),
  },
  {
    id: "feedback.stats", method: "GET", path: "/projects/{projectId}/feedback-stats", tag,
    summary: "Figures: items per day by type and severity, time to triage (p50, p90), duplicate rate, open criticals, inbox and spam counts, over ?days (default 30)",
    auth: "feedback.read", mutating: false, query: z.object({ days: z.string().optional() }), response: ZFeedbackStats,
    run: ({ ctx, params, query }) => getFeedbackStats({ ctx, input: { projectId: params.projectId, days: query.days } }),
  },
  {
    id: "feedbackSprints.list", method: "GET", path: S, tag, summary: "Post-launch sprints (date ranges), newest first, with their item and done counts",
    auth: "feedback.read", mutating: false, response: z.array(ZSprint),
    run: ({ ctx, params }) => listSprints({ ctx, input: { projectId: params.projectId } }),
  },
  {
    id: "feedbackSprints.create", method: "POST", path: S, tag, summary: "Start a post-launch sprint; pull accepted items into it with the triage verb (update sprintId)",
    auth: "feedback.triage", mutating: true, body: ZSprintCreate, successStatus: 201, response: ZSprint,
    run: ({ ctx, params, body }) => createSprint({ ctx, input: { projectId: params.projectId, data: body } }),
  },
  {
    id: "feedbackSprints.update", method: "PATCH", path: `${S}/{sprintId}`, tag, summary: "Rename a sprint or move its dates",
    auth: "feedback.triage", mutating: true, body: ZSprintUpdate, response: ZSprint,
    run: ({ ctx, params, body }) => updateSprint({ ctx, input: { projectId: params.projectId, sprintId: params.sprintId, data: body } }),
  },
  {
    id: "feedbackSprints.delete", method: "DELETE", path: `${S}/{sprintId}`, tag, summary: "Delete a sprint (its items stay, out of the sprint)",
    auth: "feedback.triage", mutating: true, successStatus: 204,
    run: ({ ctx, params }) => deleteSprint({ ctx, input: { projectId: params.projectId, sprintId: params.sprintId } }),
  },
  {
    id: "feedbackSettings.get", method: "GET", path: "/projects/{projectId}/feedback-settings", tag,
    summary: "Intake settings: the public key and widget snippet, the form and board links, allowed origins, whether a GitHub secret is set (never the secret), Discord keys",
    auth: "feedback.read", mutating: false, response: ZFeedbackSettings,
    run: ({ ctx, params }) => getFeedbackSettings({ ctx, input: { projectId: params.projectId } }),
  },
  {
    id: "feedbackSettings.update", method: "PATCH", path: "/projects/{projectId}/feedback-settings", tag,
    summary: "Change intake settings: allowed origins, public board, GitHub webhook secret (write-only; null removes it), Discord public key and application id, rotate the public key",
    auth: "feedback.manage", mutating: true, body: ZFeedbackSettingsUpdate, response: ZFeedbackSettings,
    run: ({ ctx, params, body }) => updateFeedbackSettings({ ctx, input: { projectId: params.projectId, data: body } }),
  },
];
