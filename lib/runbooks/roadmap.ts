import type { Prisma } from "@prisma/client";
import { db } from "../db";
import { authorize, type Ctx } from "../auth/context";
import { writeAudit } from "../audit/write";
import { ConflictError, NotFoundError, ValidationError, parseInput } from "../errors";
import { renderMarkdown } from "../markdown/render";
import { fbRef } from "../feedback/schemas";
import { assertMember } from "./pages";
import { ZRoadmapCreate, ZRoadmapUpdate, type TRoadmap, type TRoadmapItem } from "./schemas";

// The roadmap: what comes after launch. Planned items (from accepted feedback, or written by hand), scalability notes
// and known issues, each with an owner and a target release. The handoff pack prints it as is.

const include = {
  owner: { select: { id: true, name: true } },
  feedbackItem: { select: { id: true, number: true, status: true, voteCount: true } },
} as const;
type Row = Prisma.RoadmapItemGetPayload<{ include: typeof include }>;

const toItem = (r: Row): TRoadmapItem => ({
  id: r.id,
  kind: r.kind,
  status: r.status,
  title: r.title,
  notes: r.notes,
  notesHtml: renderMarkdown(r.notes),
  owner: r.owner,
  targetRelease: r.targetRelease,
  feedback: r.feedbackItem ? { id: r.feedbackItem.id, ref: fbRef(r.feedbackItem.number), status: r.feedbackItem.status, voteCount: r.feedbackItem.voteCount } : null,
  position: r.position,
  updatedAt: r.updatedAt.toISOString(),
});

const KIND_ORDER = { planned: 0, known_issue: 1, scalability: 2 } as const;
const STATUS_ORDER = { in_progress: 0, open: 1, done: 2, dropped: 3 } as const;

export async function getRoadmap({ ctx, input }: { ctx: Ctx; input: { projectId: string } }): Promise<TRoadmap> {
  await authorize(ctx, input.projectId, "roadmap.read");
  const [rows, unplanned] = await Promise.all([
    db.roadmapItem.findMany({ where: { projectId: input.projectId }, include, orderBy: [{ position: "asc" }, { createdAt: "asc" }] }),
    db.feedbackItem.findMany({
      where: { projectId: input.projectId, status: { in: ["accepted", "planned", "in_progress"] }, roadmapItem: null },
      orderBy: [{ voteCount: "desc" }, { createdAt: "asc" }],
      take: 20,
      select: { id: true, number: true, title: true, voteCount: true, severity: true },
    }),
  ]);
  rows.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.position - b.position);
  return {
    items: rows.map(toItem),
    unplanned: unplanned.map((f) => ({ id: f.id, ref: fbRef(f.number), title: f.title, voteCount: f.voteCount, severity: f.severity })),
  };
}


export async function createRoadmapItem({ ctx, input }: { ctx: Ctx; input: { projectId: string; data: unknown } }): Promise<TRoadmapItem> {
  await authorize(ctx, input.projectId, "roadmap.write");
  const data = parseInput(ZRoadmapCreate, input.data);
  const row = await db.$transaction(async (tx) => {
    await assertMember(tx, input.projectId, data.ownerId);
    let title = data.title;
    if (data.feedbackItemId) {
      const fb = await tx.feedbackItem.findFirst({ where: { id: data.feedbackItemId, projectId: input.projectId }, include: { roadmapItem: { select: { id: true } } } });
      if (!fb) throw new ValidationError([{ path: "feedbackItemId", rule: "exists", message: "must be a feedback item of this project" }]);
      if (fb.roadmapItem) throw new ConflictError(`${fbRef(fb.number)} is already on the roadmap`, "already_planned");
      if (!["accepted", "planned", "in_progress", "fixed"].includes(fb.status)) {
        throw new ValidationError([{ path: "feedbackItemId", rule: "accepted", message: `must be accepted feedback (${fbRef(fb.number)} is ${fb.status.replace("_", " ")})` }]);
      }
      // The feedback item's own status is left to triage (moving it sends reporters mail and has its own audit).
      title ??= fb.title;
    }
    const last = await tx.roadmapItem.aggregate({ where: { projectId: input.projectId }, _max: { position: true } });
    const row = await tx.roadmapItem.create({
      data: {
        projectId: input.projectId,
        kind: data.kind ?? "planned",
        title: title!,
        notes: data.notes ?? "",
        ownerId: data.ownerId ?? null,
        targetRelease: data.targetRelease || null,
        feedbackItemId: data.feedbackItemId ?? null,
        position: (last._max.position ?? -1) + 1,
      },
      include,
    });
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "roadmap.create", objectType: "roadmap_item", objectId: row.id, after: { kind: row.kind, title: row.title, feedbackItemId: row.feedbackItemId } });
    return row;
  });
  return toItem(row);
}

export async function updateRoadmapItem({ ctx, input }: { ctx: Ctx; input: { projectId: string; roadmapItemId: string; data: unknown } }): Promise<TRoadmapItem> {
  await authorize(ctx, input.projectId, "roadmap.write");
  const patch = parseInput(ZRoadmapUpdate, input.data);
  const row = await db.$transaction(async (tx) => {
    const before = await tx.roadmapItem.findFirst({ where: { id: input.roadmapItemId, projectId: input.projectId } });
    if (!before) throw new NotFoundError("Roadmap item");
    await assertMember(tx, input.projectId, patch.ownerId);
    const { targetRelease, ...rest } = patch;
    const row = await tx.roadmapItem.update({
      where: { id: before.id },
      data: { ...rest, ...(targetRelease !== undefined ? { targetRelease: targetRelease || null } : {}) },
      include,
    });
    await writeAudit(tx, ctx, {
      projectId: input.projectId,
      action: "roadmap.update",
      objectType: "roadmap_item",
      objectId: row.id,
      before: { kind: before.kind, status: before.status, title: before.title, ownerId: before.ownerId, targetRelease: before.targetRelease },
      after: patch,
    });
    return row;
  });
  return toItem(row);
}

export async function deleteRoadmapItem({ ctx, input }: { ctx: Ctx; input: { projectId: string; roadmapItemId: string } }): Promise<void> {
  await authorize(ctx, input.projectId, "roadmap.write");
  await db.$transaction(async (tx) => {
    const before = await tx.roadmapItem.findFirst({ where: { id: input.roadmapItemId, projectId: input.projectId } });
    if (!before) throw new NotFoundError("Roadmap item");
    await tx.roadmapItem.delete({ where: { id: before.id } });
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "roadmap.delete", objectType: "roadmap_item", objectId: before.id, before: { kind: before.kind, title: before.title } });
  });
}
