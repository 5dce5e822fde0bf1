import type { FeedbackSprint } from "@prisma/client";
import { db } from "../db";
import { authorize, type Ctx } from "../auth/context";
import { writeAudit } from "../audit/write";
import { NotFoundError, ValidationError, parseInput } from "../errors";
import { ZSprintCreate, ZSprintUpdate, type TSprint } from "./schemas";

// Post-launch sprints: a named date range; accepted items are pulled into one (FeedbackItem.sprintId) and move across
// the board's columns by status.

async function toSprints(rows: FeedbackSprint[]): Promise<TSprint[]> {
  const counts = await db.feedbackItem.groupBy({ by: ["sprintId", "status"], where: { sprintId: { in: rows.map((r) => r.id) } }, _count: { _all: true } });
  return rows.map((r) => {
    const mine = counts.filter((c) => c.sprintId === r.id);
    return {
      id: r.id,
      name: r.name,
      startsAt: r.startsAt.toISOString(),
      endsAt: r.endsAt.toISOString(),
      itemCount: mine.reduce((n, c) => n + c._count._all, 0),
      doneCount: mine.filter((c) => c.status === "fixed" || c.status === "released").reduce((n, c) => n + c._count._all, 0),
    };
  });
}

export async function listSprints({ ctx, input }: { ctx: Ctx; input: { projectId: string } }): Promise<TSprint[]> {
  await authorize(ctx, input.projectId, "feedback.read");
  return toSprints(await db.feedbackSprint.findMany({ where: { projectId: input.projectId }, orderBy: { startsAt: "desc" } }));
}

export async function createSprint({ ctx, input }: { ctx: Ctx; input: { projectId: string; data: unknown } }): Promise<TSprint> {
  await authorize(ctx, input.projectId, "feedback.triage");
  const data = parseInput(ZSprintCreate, input.data);
  const row = await db.$transaction(async (tx) => {
    const row = await tx.feedbackSprint.create({ data: { projectId: input.projectId, name: data.name, startsAt: new Date(data.startsAt), endsAt: new Date(data.endsAt) } });
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "feedback.sprint_create", objectType: "feedback_sprint", objectId: row.id, after: data });
    return row;
  });
  return (await toSprints([row]))[0];
}

export async function updateSprint({ ctx, input }: { ctx: Ctx; input: { projectId: string; sprintId: string; data: unknown } }): Promise<TSprint> {
  await authorize(ctx, input.projectId, "feedback.triage");
  const patch = parseInput(ZSprintUpdate, input.data);
  const row = await db.$transaction(async (tx) => {
    const before = await tx.feedbackSprint.findFirst({ where: { id: input.sprintId, projectId: input.projectId } });
    if (!before) throw new NotFoundError("Sprint");
    const startsAt = patch.startsAt ? new Date(patch.startsAt) : before.startsAt;
    const endsAt = patch.endsAt ? new Date(patch.endsAt) : before.endsAt;
    if (endsAt <= startsAt) throw new ValidationError([{ path: "endsAt", rule: "after_start", message: "must be after startsAt" }]);
    const row = await tx.feedbackSprint.update({ where: { id: before.id }, data: { name: patch.name ?? before.name, startsAt, endsAt } });
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "feedback.sprint_update", objectType: "feedback_sprint", objectId: row.id, before: { name: before.name, startsAt: before.startsAt, endsAt: before.endsAt }, after: patch });
    return row;
  });
  return (await toSprints([row]))[0];
}

/** Deleting a sprint keeps its items (they leave the sprint, their status stays). */
export async function deleteSprint({ ctx, input }: { ctx: Ctx; input: { projectId: string; sprintId: string } }): Promise<void> {
  await authorize(ctx, input.projectId, "feedback.triage");
  await db.$transaction(async (tx) => {
    const before = await tx.feedbackSprint.findFirst({ where: { id: input.sprintId, projectId: input.projectId } });
    if (!before) throw new NotFoundError("Sprint");
    await tx.feedbackSprint.delete({ where: { id: before.id } });
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "feedback.sprint_delete", objectType: "feedback_sprint", objectId: before.id, before: { name: before.name } });
  });
}
