import type { Prisma } from "@prisma/client";
import { db } from "../db";
import { authorize, type Ctx } from "../auth/context";
import { writeAudit } from "../audit/write";
import { ConflictError, NotFoundError, ValidationError, parseInput } from "../errors";
import { Effects } from "../deployments/core";
import { enqueueLaunchRefresh } from "../launch/refresh-queue";
import { hasMermaid, openPrompts, renderMarkdown } from "../markdown/render";
import { REVIEW_FRESH_DAYS, ZRunbookCreate, ZRunbookUpdate, type TRunbookDetail, type TRunbookSummary } from "./schemas";
import { RUNBOOK_TEMPLATES, templateByKey } from "./templates";

// Runbook pages: Markdown the team writes for whoever keeps the product running. Each save is a revision (nothing
// written is lost, and an edit made from an older version is refused rather than silently overwriting a newer one).
// "Reviewed" is a person saying the page is still true on a date; the checklist's runbook_page binding reads it.

const DAY = 86_400_000;
type Tx = Prisma.TransactionClient;

const pageInclude = { owner: { select: { id: true, name: true } } } as const;
type PageRow = Prisma.RunbookPageGetPayload<{ include: typeof pageInclude }>;

async function userNames(ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((v): v is string => !!v))];
  if (!wanted.length) return new Map();
  const rows = await db.user.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true } });
  return new Map(rows.map((r) => [r.id, r.name]));
}

export function reviewDue(reviewedAt: Date | null, now = new Date(), days = REVIEW_FRESH_DAYS): boolean {
  return !reviewedAt || now.getTime() - reviewedAt.getTime() > days * DAY;
}

function toSummary(row: PageRow, names: Map<string, string>, now: Date): TRunbookSummary {
  return {
    id: row.id,
    key: row.key,
    title: row.title,
    template: row.template,
    owner: row.owner ? { id: row.owner.id, name: row.owner.name } : null,
    reviewedAt: row.reviewedAt?.toISOString() ?? null,
    reviewedBy: row.reviewedById ? (names.get(row.reviewedById) ?? null) : null,
    reviewDue: reviewDue(row.reviewedAt, now),
    openPrompts: openPrompts(row.body).length,
    hasDiagram: hasMermaid(row.body),
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedById ? (names.get(row.updatedById) ?? null) : null,
  };
}

async function findPage(tx: Tx | typeof db, projectId: string, key: string) {
  const page = await tx.runbookPage.findUnique({ where: { projectId_key: { projectId, key } }, include: pageInclude });
  if (!page) throw new NotFoundError("Runbook page");
  return page;
}

/** An owner must be a member of the project (field error otherwise). */
export async function assertMember(tx: Tx, projectId: string, userId: string | null | undefined, field = "ownerId") {
  if (!userId) return;
  const m = await tx.membership.findUnique({ where: { projectId_userId: { projectId, userId } } });
  if (!m) throw new ValidationError([{ path: field, rule: "member", message: "must be a member of this project" }]);
}

export async function listRunbooks({ ctx, input }: { ctx: Ctx; input: { projectId: string } }): Promise<TRunbookSummary[]> {
  await authorize(ctx, input.projectId, "runbook.read");
  const rows = await db.runbookPage.findMany({ where: { projectId: input.projectId }, include: pageInclude, orderBy: [{ createdAt: "asc" }, { key: "asc" }] });
  const names = await userNames(rows.flatMap((r) => [r.reviewedById, r.updatedById]));
  const now = new Date();
  return rows.map((r) => toSummary(r, names, now));
}

export async function getRunbook({ ctx, input }: { ctx: Ctx; input: { projectId: string; key: string } }): Promise<TRunbookDetail> {
  await authorize(ctx, input.projectId, "runbook.read");
  const row = await findPage(db, input.projectId, input.key);
  const revisions = await db.runbookRevision.findMany({ where: { pageId: row.id }, orderBy: { version: "desc" }, take: 50 });
  const names = await userNames([row.reviewedById, row.updatedById, ...revisions.map((r) => r.authorId)]);
  return {
    ...toSummary(row, names, new Date()),
    body: row.body,
    html: renderMarkdown(row.body),
    prompts: openPrompts(row.body),
    revisions: revisions.map((r) => ({ version: r.version, title: r.title, author: r.authorId ? (names.get(r.authorId) ?? null) : null, createdAt: r.createdAt.toISOString() })),
  };
}

export const actorUserId = (ctx: Ctx) => (ctx.actor?.type === "user" ? ctx.actor.userId : null);

/** The template pages a new project starts with (called inside createProject's transaction). */
export async function seedRunbookTemplates(tx: Tx, projectId: string, ownerId: string | null) {
  for (const t of RUNBOOK_TEMPLATES) {
    const page = await tx.runbookPage.create({ data: { projectId, key: t.key, title: t.title, body: t.body, template: t.key, ownerId, updatedById: ownerId } });
    await tx.runbookRevision.create({ data: { pageId: page.id, version: 1, title: t.title, body: t.body, authorId: ownerId } });
  }
}

export async function createRunbook({ ctx, input }: { ctx: Ctx; input: { projectId: string; data: unknown } }): Promise<TRunbookDetail> {
  await authorize(ctx, input.projectId, "runbook.write");
  const data = parseInput(ZRunbookCreate, input.data);
  const template = data.template !== undefined ? templateByKey(data.template) : undefined;
  if (data.template !== undefined && !template) {
    throw new ValidationError([{ path: "template", rule: "enum", message: `must be one of ${RUNBOOK_TEMPLATES.map((t) => t.key).join(", ")}` }]);
  }
  const title = data.title ?? template!.title;
  const key = data.key ?? (template?.key || slugKey(title));
  if (!key) throw new ValidationError([{ path: "key", rule: "required", message: "is required (the title has no letters or digits to make one from)" }]);
  const body = data.body ?? template?.body ?? "";
  const userId = actorUserId(ctx);
  const fx = new Effects();
  await db.$transaction(async (tx) => {
    await assertMember(tx, input.projectId, data.ownerId);
    if (await tx.runbookPage.findUnique({ where: { projectId_key: { projectId: input.projectId, key } } })) {
      throw new ConflictError(`A runbook page with the key "${key}" exists in this project; choose another key`, "key_taken");
    }
    const page = await tx.runbookPage.create({
      data: { projectId: input.projectId, key, title, body, template: template?.key ?? null, ownerId: data.ownerId === undefined ? userId : data.ownerId, updatedById: userId },
    });
    await tx.runbookRevision.create({ data: { pageId: page.id, version: 1, title, body, authorId: userId } });
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "runbook.create", objectType: "runbook_page", objectId: page.id, after: { key, title, template: template?.key ?? null } });
    // Checklist items bound to this page (runbook_page) re-measure.
    fx.jobs.push(...(await enqueueLaunchRefresh(tx, [input.projectId])));
  });
  await fx.flush();
  return getRunbook({ ctx, input: { projectId: input.projectId, key } });
}

export function slugKey(title: string): string {
  return title
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
}

export async function updateRunbook({ ctx, input }: { ctx: Ctx; input: { projectId: string; key: string; data: unknown } }): Promise<TRunbookDetail> {
  await authorize(ctx, input.projectId, "runbook.write");
  const patch = parseInput(ZRunbookUpdate, input.data);
  const userId = actorUserId(ctx);
  const fx = new Effects();
  await db.$transaction(async (tx) => {
    const before = await findPage(tx, input.projectId, input.key);
    if (patch.baseVersion !== undefined && patch.baseVersion !== before.version) {
      throw new ConflictError(
        `This page was saved by someone else since you opened it (version ${before.version}, you started from ${patch.baseVersion}). Copy your text, reload the page and apply your change again.`,
        "stale_version",
      );
    }
    await assertMember(tx, input.projectId, patch.ownerId);
    const title = patch.title ?? before.title;
    const body = patch.body ?? before.body;
    const ownerId = patch.ownerId === undefined ? before.ownerId : patch.ownerId;
    const textChanged = title !== before.title || body !== before.body;
    const version = textChanged ? before.version + 1 : before.version;
    // Only the version we read may be updated: two saves racing from the same version cannot both win.
    const { count } = await tx.runbookPage.updateMany({
      where: { id: before.id, version: before.version },
      data: { title, body, version, ownerId, updatedById: userId },
    });
    if (!count) throw new ConflictError("This page was saved by someone else at the same moment. Reload it and apply your change again.", "stale_version");
    if (textChanged) await tx.runbookRevision.create({ data: { pageId: before.id, version, title, body, authorId: userId } });
    await writeAudit(tx, ctx, {
      projectId: input.projectId,
      action: "runbook.update",
      objectType: "runbook_page",
      objectId: before.id,
      before: { title: before.title, version: before.version, ownerId: before.ownerId },
      after: { title, version, ownerId, bodyChanged: body !== before.body },
    });
    // Checklist items bound to this page (runbook_page) re-measure.
    fx.jobs.push(...(await enqueueLaunchRefresh(tx, [input.projectId])));
  });
  await fx.flush();
  return getRunbook({ ctx, input: { projectId: input.projectId, key: input.key } });
}

/** "Still true today": records who reviewed the page and when. Open template prompts make a page not reviewable. */
export async function reviewRunbook({ ctx, input }: { ctx: Ctx; input: { projectId: string; key: string } }): Promise<TRunbookDetail> {
  await authorize(ctx, input.projectId, "runbook.write");
  const userId = actorUserId(ctx);
  const fx = new Effects();
  await db.$transaction(async (tx) => {
    const page = await findPage(tx, input.projectId, input.key);
    const left = openPrompts(page.body);
    if (left.length) {
      throw new ConflictError(
        `This page still has ${left.length} template prompt${left.length === 1 ? "" : "s"} to fill in (first: "${left[0]}"). Replace ${left.length === 1 ? "it" : "them"}, then mark the page reviewed.`,
        "prompts_open",
      );
    }
    const reviewedAt = new Date();
    await tx.runbookPage.update({ where: { id: page.id }, data: { reviewedAt, reviewedById: userId } });
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "runbook.review", objectType: "runbook_page", objectId: page.id, before: { reviewedAt: page.reviewedAt }, after: { reviewedAt } });
    // Checklist items bound to this page (runbook_page) re-measure.
    fx.jobs.push(...(await enqueueLaunchRefresh(tx, [input.projectId])));
  });
  await fx.flush();
  return getRunbook({ ctx, input: { projectId: input.projectId, key: input.key } });
}

export async function deleteRunbook({ ctx, input }: { ctx: Ctx; input: { projectId: string; key: string } }): Promise<void> {
  await authorize(ctx, input.projectId, "runbook.delete");
  const fx = new Effects();
  await db.$transaction(async (tx) => {
    const page = await findPage(tx, input.projectId, input.key);
    await tx.runbookPage.delete({ where: { id: page.id } });
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "runbook.delete", objectType: "runbook_page", objectId: page.id, before: { key: page.key, title: page.title, version: page.version } });
    // Checklist items bound to this page (runbook_page) re-measure.
    fx.jobs.push(...(await enqueueLaunchRefresh(tx, [input.projectId])));
  });
  await fx.flush();
}
