import { randomUUID } from "node:crypto";
import type { FeedbackStatus, Prisma } from "@prisma/client";
import { db, type Tx } from "../db";
import { authorize, requireActor, actorLabel, type Ctx } from "../auth/context";
import { writeAudit } from "../audit/write";
import { ConflictError, NotFoundError, ValidationError, parseInput } from "../errors";
import { enqueueInTx } from "../jobs/enqueue";
import { recordEvent } from "../live/events";
import { Effects } from "../deployments/core";
import { isProduction } from "../launch/gate";
import { enqueueLaunchRefresh } from "../launch/refresh-queue";
import { notifyInTx } from "../notifications/notify";
import { env } from "../env";
import { FEEDBACK_EVENT, fromSubmit, submit } from "./intake";
import { feedbackPath } from "./jobs";
import { suggestDuplicates } from "./similar";
import { feedbackStats } from "./stats";
import {
  FEEDBACK_FLOW, FEEDBACK_STATUS_LABELS, ZFeedbackBulk, ZFeedbackComment, ZFeedbackListQuery, ZFeedbackSubmit, ZFeedbackTriage, fbRef, mentionedRefs,
  type TFeedbackDetail, type TFeedbackStats, type TFeedbackStatus, type TFeedbackSummary, type TFeedbackTriage,
} from "./schemas";

// Triage: the verbs the inbox, the item page, the REST API and the workers share. Every change is one transaction
// with its audit row and a stored live event ("feedback.updated"), so open inboxes follow without a reload.

const SUMMARY = {
  assignee: { select: { id: true, name: true } },
  duplicateOf: { select: { id: true, number: true, title: true } },
  fixedInRelease: { select: { id: true, version: true } },
  _count: { select: { reporters: true } },
} satisfies Prisma.FeedbackItemInclude;
type SummaryRow = Prisma.FeedbackItemGetPayload<{ include: typeof SUMMARY }>;

const OPEN_FLOW: FeedbackStatus[] = ["accepted", "planned", "in_progress", "fixed"];
const SEVERITY_RANK = `CASE "severity" WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END`;

export function toSummary(r: SummaryRow): TFeedbackSummary {
  const excerpt = r.body.replace(/\s+/g, " ").trim();
  return {
    id: r.id,
    number: r.number,
    ref: fbRef(r.number),
    type: r.type,
    title: r.title,
    excerpt: excerpt.length > 160 ? `${excerpt.slice(0, 159)}…` : excerpt,
    status: r.status,
    severity: r.severity,
    labels: r.labels,
    assignee: r.assignee,
    source: r.source,
    voteCount: r.voteCount,
    commentCount: r.commentCount,
    // The first reporter is on the row; merged duplicates add theirs.
    reporterCount: Math.max(r._count.reporters, r.reporterEmail || r.reporterName ? 1 : 0),
    spamReasons: r.spamReasons,
    snoozedUntil: r.snoozedUntil?.toISOString() ?? null,
    duplicateOf: r.duplicateOf ? { id: r.duplicateOf.id, ref: fbRef(r.duplicateOf.number), title: r.duplicateOf.title } : null,
    fixedIn: r.fixedInRelease,
    sprintId: r.sprintId,
    externalUrl: r.externalUrl,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** An item of the project by id or by its ref ("FB-12" or "12"). */
async function findItem(client: Tx | typeof db, projectId: string, itemId: string) {
  const m = /^(?:FB-)?(\d{1,9})$/i.exec(itemId.trim());
  const row = m
    ? await client.feedbackItem.findUnique({ where: { projectId_number: { projectId, number: Number(m[1]) } }, include: SUMMARY })
    : await client.feedbackItem.findFirst({ where: { id: itemId, projectId }, include: SUMMARY });
  if (!row) throw new NotFoundError("Feedback item");
  return row;
}

export async function listFeedback({ ctx, input }: { ctx: Ctx; input: { projectId: string; query: unknown } }): Promise<TFeedbackSummary[]> {
  await authorize(ctx, input.projectId, "feedback.read");
  const q = parseInput(ZFeedbackListQuery, input.query ?? {}, "query");
  const now = new Date();
  const where: Prisma.FeedbackItemWhereInput = { projectId: input.projectId };
  const view = q.status ? "all" : (q.view ?? "inbox");
  if (view === "inbox") Object.assign(where, { status: "new", OR: [{ snoozedUntil: null }, { snoozedUntil: { lte: now } }] });
  if (view === "snoozed") Object.assign(where, { status: "new", snoozedUntil: { gt: now } });
  if (view === "open") Object.assign(where, { status: { in: ["new", ...OPEN_FLOW] } });
  if (q.status) where.status = q.status;
  if (q.type) where.type = q.type;
  if (q.severity) where.severity = q.severity;
  if (q.label) where.labels = { has: q.label };
  if (q.assigneeId) where.assigneeId = q.assigneeId;
  if (q.source) where.source = q.source;
  if (q.sprintId) where.sprintId = q.sprintId;
  if (q.q) {
    // "FB-12" finds that item (within the view and filters); anything else searches the text: websearch syntax
    // ("phrases", -not, or) over the generated tsvector, and a title substring for short words.
    const ref = /^FB-(\d{1,9})$/i.exec(q.q);
    if (ref) where.number = Number(ref[1]);
    else {
      const ids = await db.$queryRaw<{ id: string }[]>`
        SELECT "id" FROM "FeedbackItem" WHERE "projectId" = ${input.projectId}
           AND ("search" @@ websearch_to_tsquery('english', ${q.q}) OR "title" ILIKE ${`%${q.q.replace(/[\\%_]/g, "\\$&")}%`})
         LIMIT 1000`;
      where.id = { in: ids.map((r) => r.id) };
    }
  }
  if (q.before) {
    const anchor = await db.feedbackItem.findFirst({ where: { id: q.before, projectId: input.projectId }, select: { createdAt: true, id: true } });
    if (anchor) where.AND = [{ OR: [{ createdAt: { lt: anchor.createdAt } }, { createdAt: anchor.createdAt, id: { lt: anchor.id } }] }];
  }
  const sort = q.sort ?? "newest";
  if (sort === "severity") {
    // Critical first, then by age: one query for the ordered ids, one for the rows.
    const filtered = await db.feedbackItem.findMany({ where, select: { id: true }, take: 2000 });
    if (!filtered.length) return [];
    const ordered = await db.$queryRawUnsafe<{ id: string }[]>(
      `SELECT "id" FROM "FeedbackItem" WHERE "id" = ANY($1::text[]) ORDER BY ${SEVERITY_RANK}, "createdAt" DESC LIMIT $2`,
      filtered.map((f) => f.id),
      q.limit,
    );
    const rows = await db.feedbackItem.findMany({ where: { id: { in: ordered.map((o) => o.id) } }, include: SUMMARY });
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ordered.map((o) => toSummary(byId.get(o.id)!));
  }
  const orderBy: Prisma.FeedbackItemOrderByWithRelationInput[] =
    sort === "oldest" ? [{ createdAt: "asc" }, { id: "asc" }] : sort === "votes" ? [{ voteCount: "desc" }, { createdAt: "desc" }] : [{ createdAt: "desc" }, { id: "desc" }];
  const rows = await db.feedbackItem.findMany({ where, include: SUMMARY, orderBy, take: q.limit });
  return rows.map(toSummary);
}

export async function getFeedback({ ctx, input }: { ctx: Ctx; input: { projectId: string; itemId: string } }): Promise<TFeedbackDetail> {
  await authorize(ctx, input.projectId, "feedback.read");
  const row = await findItem(db, input.projectId, input.itemId);
  return detailOf(ctx, row);
}

async function detailOf(ctx: Ctx, row: SummaryRow): Promise<TFeedbackDetail> {
  const actor = requireActor(ctx);
  const [reporters, comments, duplicates, suggestions, myVote] = await Promise.all([
    db.feedbackReporter.findMany({ where: { itemId: row.id }, orderBy: { createdAt: "asc" } }),
    db.feedbackComment.findMany({ where: { itemId: row.id }, orderBy: { createdAt: "asc" } }),
    db.feedbackItem.findMany({ where: { duplicateOfId: row.id }, select: { id: true, number: true, title: true }, orderBy: { number: "asc" } }),
    // A person confirms: suggestions are shown while the item is still to be triaged.
    row.status === "new" || row.status === "spam" ? suggestDuplicates(db, { id: row.id, projectId: row.projectId, title: row.title, body: row.body }, 3) : Promise.resolve([]),
    actor.type === "user" ? db.feedbackVote.findUnique({ where: { itemId_voterKey: { itemId: row.id, voterKey: `user:${actor.userId}` } } }) : Promise.resolve(null),
  ]);
  return {
    ...toSummary(row),
    body: row.body,
    pageUrl: row.pageUrl,
    userAgent: row.userAgent,
    meta: (row.meta ?? {}) as Record<string, unknown>,
    reporters: reporters.map((r) => ({ email: r.email, name: r.name, source: r.source, createdAt: r.createdAt.toISOString() })),
    comments: comments.map((c) => ({ id: c.id, authorName: c.authorName, body: c.body, source: c.source, createdAt: c.createdAt.toISOString() })),
    duplicates: duplicates.map((d) => ({ id: d.id, ref: fbRef(d.number), title: d.title })),
    suggestions,
    declineReason: row.declineReason,
    votedByMe: Boolean(myVote),
    triagedAt: row.triagedAt?.toISOString() ?? null,
    fixedAt: row.fixedAt?.toISOString() ?? null,
    releasedAt: row.releasedAt?.toISOString() ?? null,
  };
}

/** Support tools and scripts file items with a project API token (member role or above). */
export async function submitFeedbackViaApi({ ctx, input }: { ctx: Ctx; input: { projectId: string; data: unknown } }): Promise<TFeedbackSummary & { created: boolean }> {
  await authorize(ctx, input.projectId, "feedback.submit");
  const data = parseInput(ZFeedbackSubmit, input.data);
  const actor = requireActor(ctx);
  const stored = await submit(fromSubmit(input.projectId, actor.type === "user" ? "team" : "api", data, { name: data.name ?? actorLabel(actor) }));
  const row = await findItem(db, input.projectId, stored.id);
  return { ...toSummary(row), created: stored.created };
}

// Triage ----------------------------------------------------------------------------------------------------------

const conflict = (message: string, code = "invalid_transition") => new ConflictError(message, code);
const label = (s: TFeedbackStatus) => FEEDBACK_STATUS_LABELS[s];

type Change = { data: Prisma.FeedbackItemUncheckedUpdateInput; audit: string; status?: FeedbackStatus; critical?: boolean };

/** Decides what one triage action does to one item (throws when it makes no sense), inside the transaction. */
async function plan(tx: Tx, ctx: Ctx, item: SummaryRow, change: TFeedbackTriage, now: Date): Promise<Change> {
  const actor = requireActor(ctx);
  const by = actor.type === "user" ? actor.userId : null;
  const triaged = item.triagedAt ? {} : { triagedAt: now, triagedById: by };
  const need = <K extends keyof TFeedbackTriage>(key: K, message: string): NonNullable<TFeedbackTriage[K]> => {
    const v = change[key];
    if (v === undefined || v === null) throw new ValidationError([{ path: String(key), rule: "required", message }]);
    return v as NonNullable<TFeedbackTriage[K]>;
  };
  switch (change.action) {
    case "accept":
      if (item.status !== "new") throw conflict(`${fbRef(item.number)} is ${label(item.status)}; only new items are accepted (reopen it first)`);
      return { data: { status: "accepted", snoozedUntil: null, ...triaged }, audit: "feedback.accept", status: "accepted" };
    case "decline": {
      const reason = need("reason", "is required: say why it is declined");
      if (!["new", ...OPEN_FLOW].includes(item.status)) throw conflict(`${fbRef(item.number)} is ${label(item.status)} and cannot be declined`);
      return { data: { status: "declined", declineReason: reason, snoozedUntil: null, ...triaged }, audit: "feedback.decline", status: "declined" };
    }
    case "duplicate": {
      const target = need("duplicateOfId", "is required: the item this one duplicates");
      let original = await tx.feedbackItem.findFirst({
        where: { projectId: item.projectId, OR: [{ id: target }, ...(/^(FB-)?\d{1,9}$/i.test(target) ? [{ number: Number(target.replace(/^FB-/i, "")) }] : [])] },
      });
      if (!original) throw new ValidationError([{ path: "duplicateOfId", rule: "exists", message: "is not a feedback item of this project" }]);
      // Point at the root: a duplicate of a duplicate joins the original.
      for (let hops = 0; original.status === "duplicate" && original.duplicateOfId && hops < 10; hops++) {
        original = (await tx.feedbackItem.findUnique({ where: { id: original.duplicateOfId } }))!;
      }
      if (original.id === item.id) throw new ValidationError([{ path: "duplicateOfId", rule: "not_self", message: "must be another item, not this one" }]);
      if (original.status === "spam") throw new ValidationError([{ path: "duplicateOfId", rule: "not_spam", message: `${fbRef(original.number)} is in spam; pick a real item` }]);
      if (item.status === "duplicate") throw conflict(`${fbRef(item.number)} is already a duplicate of another item; reopen it first`);
      await mergeInto(tx, item.id, original.id);
      return {
        data: { status: "duplicate", duplicateOfId: original.id, snoozedUntil: null, voteCount: 0, commentCount: 0, ...triaged },
        audit: "feedback.duplicate",
        status: "duplicate",
      };
    }
    case "snooze": {
      const until = new Date(need("until", "is required: when the item comes back to the inbox"));
      if (until <= now) throw new ValidationError([{ path: "until", rule: "future", message: "must be in the future" }]);
      if (item.status !== "new") throw conflict(`Only items in the inbox can be snoozed; ${fbRef(item.number)} is ${label(item.status)}`);
      return { data: { snoozedUntil: until }, audit: "feedback.snooze" };
    }
    case "unsnooze":
      return { data: { snoozedUntil: null }, audit: "feedback.unsnooze" };
    case "spam":
      if (item.status !== "new") throw conflict(`Only new items go to spam; ${fbRef(item.number)} is ${label(item.status)}`);
      return { data: { status: "spam", snoozedUntil: null, spamReasons: item.spamReasons.includes("marked") ? item.spamReasons : [...item.spamReasons, "marked"] }, audit: "feedback.spam", status: "spam" };
    case "not_spam":
      if (item.status !== "spam") throw conflict(`${fbRef(item.number)} is not in spam`);
      return { data: { status: "new", spamReasons: [] }, audit: "feedback.not_spam", status: "new" };
    case "reopen":
      if (!["declined", "duplicate"].includes(item.status)) throw conflict(`${fbRef(item.number)} is ${label(item.status)}; only declined or duplicate items are reopened`);
      return { data: { status: "new", declineReason: null, duplicateOfId: null }, audit: "feedback.reopen", status: "new" };
    case "status": {
      const next = need("status", "is required: one of accepted, planned, in_progress, fixed, released");
      if (!(FEEDBACK_FLOW as readonly string[]).includes(item.status))
        throw conflict(item.status === "new" ? `Accept ${fbRef(item.number)} before planning it` : `${fbRef(item.number)} is ${label(item.status)}; reopen it first`);
      const data: Prisma.FeedbackItemUncheckedUpdateInput = { status: next };
      let releaseId = change.releaseId === undefined ? item.fixedInReleaseId : change.releaseId;
      if (change.releaseId) {
        const release = await tx.release.findFirst({ where: { projectId: item.projectId, OR: [{ id: change.releaseId }, { version: change.releaseId }] } });
        if (!release) throw new ValidationError([{ path: "releaseId", rule: "exists", message: "is not a release of this project" }]);
        releaseId = release.id;
      }
      if (next === "fixed" || next === "released") Object.assign(data, { fixedInReleaseId: releaseId ?? null, fixedAt: item.fixedAt ?? now });
      if (next === "released") {
        // Released means it reached users: the release that fixed it is live in production.
        if (!releaseId) throw conflict(`Say which release fixed ${fbRef(item.number)}; it becomes released when that release reaches production`, "release_required");
        if (!(await liveInProduction(tx, releaseId)))
          throw conflict(`The release that fixed ${fbRef(item.number)} has not reached production yet; it is marked released automatically when it does`, "not_in_production");
        data.releasedAt = item.releasedAt ?? now;
      }
      if (next !== "fixed" && next !== "released") Object.assign(data, { fixedAt: null, releasedAt: null, ...(change.releaseId !== undefined ? { fixedInReleaseId: releaseId } : {}) });
      if (next === "fixed" && releaseId && (await liveInProduction(tx, releaseId))) Object.assign(data, { status: "released", releasedAt: now });
      return { data, audit: "feedback.status", status: data.status as FeedbackStatus };
    }
    case "update": {
      const data: Prisma.FeedbackItemUncheckedUpdateInput = {};
      if (change.severity !== undefined) data.severity = change.severity;
      if (change.labels !== undefined) data.labels = [...new Set(change.labels)];
      if (change.type !== undefined) data.type = change.type;
      if (change.title !== undefined) data.title = change.title;
      if (change.assigneeId !== undefined) {
        if (change.assigneeId && !(await tx.membership.findUnique({ where: { projectId_userId: { projectId: item.projectId, userId: change.assigneeId } } })))
          throw new ValidationError([{ path: "assigneeId", rule: "member", message: "must be a member of this project" }]);
        data.assigneeId = change.assigneeId;
      }
      if (change.sprintId !== undefined) {
        if (change.sprintId && !(await tx.feedbackSprint.findFirst({ where: { id: change.sprintId, projectId: item.projectId } })))
          throw new ValidationError([{ path: "sprintId", rule: "exists", message: "is not a sprint of this project" }]);
        if (change.sprintId && !(FEEDBACK_FLOW as readonly string[]).includes(item.status)) throw conflict(`Accept ${fbRef(item.number)} before pulling it into a sprint`);
        data.sprintId = change.sprintId;
      }
      if (!Object.keys(data).length) throw new ValidationError([{ path: "body", rule: "nothing_to_change", message: "names nothing to change (severity, labels, assigneeId, sprintId, type or title)" }]);
      return { data, audit: "feedback.update", critical: change.severity === "critical" && item.severity !== "critical" };
    }
  }
}

/** Moves a duplicate's votes, reporters and comments to the original (votes once per voter). */
async function mergeInto(tx: Tx, fromId: string, toId: string) {
  await tx.$executeRaw`INSERT INTO "FeedbackVote" ("itemId","voterKey","createdAt") SELECT ${toId}, "voterKey", "createdAt" FROM "FeedbackVote" WHERE "itemId" = ${fromId} ON CONFLICT DO NOTHING`;
  await tx.feedbackVote.deleteMany({ where: { itemId: fromId } });
  // The duplicate's own reporter (on its row) becomes a reporter of the original.
  const from = await tx.feedbackItem.findUniqueOrThrow({ where: { id: fromId }, select: { reporterEmail: true, reporterName: true, source: true, createdAt: true, _count: { select: { reporters: true } } } });
  if (!from._count.reporters && (from.reporterEmail || from.reporterName))
    await tx.feedbackReporter.create({ data: { itemId: toId, email: from.reporterEmail, name: from.reporterName, source: from.source, createdAt: from.createdAt } });
  await tx.feedbackReporter.updateMany({ where: { itemId: fromId }, data: { itemId: toId } });
  await tx.feedbackComment.updateMany({ where: { itemId: fromId }, data: { itemId: toId } });
  // Items already merged into the duplicate follow it to the original.
  await tx.feedbackItem.updateMany({ where: { duplicateOfId: fromId }, data: { duplicateOfId: toId } });
  await recount(tx, toId);
}

async function recount(tx: Tx, itemId: string) {
  await tx.$executeRaw`UPDATE "FeedbackItem" SET "voteCount" = (SELECT count(*) FROM "FeedbackVote" WHERE "itemId" = ${itemId}),
                         "commentCount" = (SELECT count(*) FROM "FeedbackComment" WHERE "itemId" = ${itemId}) WHERE "id" = ${itemId}`;
}

/** Whether a release has a succeeded deployment (not a rollback away from it) on a production target. */
async function liveInProduction(tx: Tx, releaseId: string): Promise<boolean> {
  const deployments = await tx.deployment.findMany({ where: { releaseId, status: "succeeded" }, select: { target: { select: { environment: true } } } });
  return deployments.some((d) => isProduction(d.target.environment));
}

const MAIL_STATUSES: FeedbackStatus[] = ["accepted", "planned", "in_progress", "fixed", "released", "declined"];

/** Applies changes to items of one project in one transaction: audit, live event, mails to reporters, critical alerts. */
async function applyTriage(ctx: Ctx, projectId: string, itemIds: string[], change: TFeedbackTriage) {
  const fx = new Effects();
  const now = new Date();
  await db.$transaction(async (tx) => {
    const ids: string[] = [];
    for (const itemId of itemIds) {
      const item = await findItem(tx, projectId, itemId);
      const planned = await plan(tx, ctx, item, change, now);
      const data = { ...planned.data, ...(planned.status && planned.status !== item.status ? { statusChangedAt: now } : {}) };
      const after = await tx.feedbackItem.update({ where: { id: item.id }, data });
      ids.push(item.id);
      await writeAudit(tx, ctx, {
        projectId,
        action: planned.audit,
        objectType: "feedback_item",
        objectId: item.id,
        before: { status: item.status, severity: item.severity, labels: item.labels, assigneeId: item.assigneeId },
        after: { ref: fbRef(item.number), status: after.status, severity: after.severity, labels: after.labels, assigneeId: after.assigneeId, ...(change.reason ? { reason: change.reason } : {}) },
      });
      if (after.status !== item.status && MAIL_STATUSES.includes(after.status) && (after.reporterEmail || (await tx.feedbackReporter.count({ where: { itemId: item.id, email: { not: null } } })))) {
        const jobId = `feedback-mail-${item.id}-${randomUUID().slice(0, 8)}`;
        await enqueueInTx(tx, "feedback.reporter_mail", jobId, { itemId: item.id, status: after.status });
        fx.jobs.push(jobId);
      }
      if (planned.critical && after.status !== "spam") {
        fx.jobs.push(
          ...(await notifyInTx(tx, projectId, "feedback.critical", {
            title: `Critical: ${fbRef(item.number)} ${item.title}`.slice(0, 500),
            text: item.body.slice(0, 1000),
            url: `${env.NEXTAUTH_URL.replace(/\/+$/, "")}${feedbackPath(projectId, item.id)}`,
            severity: "danger",
          })),
        );
      }
    }
    fx.events.push(await recordEvent(tx, projectId, FEEDBACK_EVENT, { kind: "changed", ids }));
    // The launch's "no open critical feedback" items re-measure.
    fx.jobs.push(...(await enqueueLaunchRefresh(tx, [projectId])));
  });
  await fx.flush();
}

export async function triageFeedback({ ctx, input }: { ctx: Ctx; input: { projectId: string; itemId: string; data: unknown } }): Promise<TFeedbackDetail> {
  await authorize(ctx, input.projectId, "feedback.triage");
  const change = parseInput(ZFeedbackTriage, input.data);
  const item = await findItem(db, input.projectId, input.itemId);
  await applyTriage(ctx, input.projectId, [item.id], change);
  return detailOf(ctx, await findItem(db, input.projectId, item.id));
}

/** The same change to many items, all or nothing: one refusal names the item and nothing is changed. */
export async function bulkTriage({ ctx, input }: { ctx: Ctx; input: { projectId: string; data: unknown } }): Promise<{ updated: number }> {
  await authorize(ctx, input.projectId, "feedback.triage");
  const { ids, change } = parseInput(ZFeedbackBulk, input.data);
  if (change.action === "duplicate" && ids.includes(change.duplicateOfId ?? "")) throw new ValidationError([{ path: "change.duplicateOfId", rule: "not_self", message: "must not be one of the items being marked" }]);
  const unique = [...new Set(ids)];
  await applyTriage(ctx, input.projectId, unique, change);
  return { updated: unique.length };
}

// Votes and comments ----------------------------------------------------------------------------------------------

export async function voteFeedback({ ctx, input }: { ctx: Ctx; input: { projectId: string; itemId: string; on: boolean } }): Promise<{ voteCount: number; votedByMe: boolean }> {
  await authorize(ctx, input.projectId, "feedback.vote");
  const actor = requireActor(ctx);
  const voterKey = actor.type === "user" ? `user:${actor.userId}` : actor.type === "token" ? `token:${actor.tokenId}` : null;
  if (!voterKey) throw new ValidationError([{ path: "body", rule: "voter", message: "only people and API tokens vote" }]);
  const fx = new Effects();
  const count = await db.$transaction(async (tx) => {
    const item = await findItem(tx, input.projectId, input.itemId);
    // A vote on a duplicate counts for its original.
    const targetId = item.status === "duplicate" && item.duplicateOfId ? item.duplicateOfId : item.id;
    if (input.on) await tx.$executeRaw`INSERT INTO "FeedbackVote" ("itemId","voterKey","createdAt") VALUES (${targetId}, ${voterKey}, now()) ON CONFLICT DO NOTHING`;
    else await tx.feedbackVote.deleteMany({ where: { itemId: targetId, voterKey } });
    await recount(tx, targetId);
    fx.events.push(await recordEvent(tx, input.projectId, FEEDBACK_EVENT, { kind: "changed", ids: [targetId] }));
    return (await tx.feedbackItem.findUniqueOrThrow({ where: { id: targetId }, select: { voteCount: true } })).voteCount;
  });
  await fx.flush();
  return { voteCount: count, votedByMe: input.on };
}

export async function commentFeedback({ ctx, input }: { ctx: Ctx; input: { projectId: string; itemId: string; data: unknown } }) {
  await authorize(ctx, input.projectId, "feedback.triage");
  const { body } = parseInput(ZFeedbackComment, input.data);
  const actor = requireActor(ctx);
  const fx = new Effects();
  const comment = await db.$transaction(async (tx) => {
    const item = await findItem(tx, input.projectId, input.itemId);
    const c = await tx.feedbackComment.create({ data: { itemId: item.id, authorId: actor.type === "user" ? actor.userId : null, authorName: actorLabel(actor), body, source: "team" } });
    await recount(tx, item.id);
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "feedback.comment", objectType: "feedback_item", objectId: item.id, after: { ref: fbRef(item.number), commentId: c.id } });
    fx.events.push(await recordEvent(tx, input.projectId, FEEDBACK_EVENT, { kind: "changed", ids: [item.id] }));
    return c;
  });
  await fx.flush();
  return { id: comment.id, authorName: comment.authorName, body: comment.body, source: comment.source, createdAt: comment.createdAt.toISOString() };
}

export async function getFeedbackStats({ ctx, input }: { ctx: Ctx; input: { projectId: string; days?: unknown } }): Promise<TFeedbackStats> {
  await authorize(ctx, input.projectId, "feedback.read");
  const days = input.days === undefined ? 30 : Number(input.days);
  if (!Number.isInteger(days) || days < 1 || days > 365) throw new ValidationError([{ path: "query.days", rule: "range", message: "must be a whole number of days from 1 to 365" }]);
  return feedbackStats(input.projectId, { days });
}

// Releases --------------------------------------------------------------------------------------------------------

/**
 * A release whose notes or commit messages mention FB-123 fixes those items (in the same transaction as the release
 * change). Items already declined, duplicates or spam are left alone. If the release is already live in production
 * they are released at once.
 */
export async function linkReleaseMentions(tx: Tx, ctx: Ctx, fx: Effects, release: { id: string; projectId: string; version: string; notes: string; title: string; commits: unknown }): Promise<string[]> {
  const messages = Array.isArray(release.commits) ? (release.commits as { message?: unknown }[]).map((c) => String(c?.message ?? "")) : [];
  const numbers = mentionedRefs([release.title, release.notes, ...messages].join("\n"));
  if (!numbers.length) return [];
  const items = await tx.feedbackItem.findMany({ where: { projectId: release.projectId, number: { in: numbers }, status: { in: ["new", ...OPEN_FLOW] } } });
  if (!items.length) return [];
  const now = new Date();
  const live = await liveInProduction(tx, release.id);
  for (const item of items) {
    await tx.feedbackItem.update({
      where: { id: item.id },
      data: {
        status: live ? "released" : "fixed",
        fixedInReleaseId: release.id,
        fixedAt: item.fixedAt ?? now,
        ...(live ? { releasedAt: now } : {}),
        statusChangedAt: now,
        ...(item.triagedAt ? {} : { triagedAt: now }),
      },
    });
    await writeAudit(tx, ctx, { projectId: release.projectId, action: "feedback.fixed_in_release", objectType: "feedback_item", objectId: item.id, after: { ref: fbRef(item.number), release: release.version, status: live ? "released" : "fixed" } });
  }
  fx.events.push(await recordEvent(tx, release.projectId, FEEDBACK_EVENT, { kind: "changed", ids: items.map((i) => i.id) }));
  return items.map((i) => i.id);
}

/** A deployment of a release succeeded on a production target: items fixed in that release are released. */
export async function releaseFixedItems(tx: Tx, fx: Effects, deployment: { projectId: string; releaseId: string; target: { environment: string } }): Promise<number> {
  if (!isProduction(deployment.target.environment)) return 0;
  const items = await tx.feedbackItem.findMany({ where: { projectId: deployment.projectId, fixedInReleaseId: deployment.releaseId, status: { in: ["accepted", "planned", "in_progress", "fixed"] } }, select: { id: true, reporterEmail: true } });
  if (!items.length) return 0;
  const now = new Date();
  await tx.feedbackItem.updateMany({ where: { id: { in: items.map((i) => i.id) } }, data: { status: "released", releasedAt: now, statusChangedAt: now } });
  for (const item of items) {
    const jobId = `feedback-mail-${item.id}-${randomUUID().slice(0, 8)}`;
    await enqueueInTx(tx, "feedback.reporter_mail", jobId, { itemId: item.id, status: "released" });
    fx.jobs.push(jobId);
  }
  fx.events.push(await recordEvent(tx, deployment.projectId, FEEDBACK_EVENT, { kind: "changed", ids: items.map((i) => i.id) }));
  return items.length;
}
