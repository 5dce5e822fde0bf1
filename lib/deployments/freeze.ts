import type { FreezeWindow } from "@prisma/client";
import { db, type Tx } from "../db";
import { actorLabel, authorize, requireActor, type Ctx } from "../auth/context";
import { writeAudit } from "../audit/write";
import { NotFoundError, parseInput } from "../errors";
import { activeFreeze, describeFreeze, freezeOpenAt, freezeReason } from "./freeze-time";
import { ZFreezeWindowCreate, type TFreezeWindow } from "./freeze-schemas";

export { activeFreeze, describeFreeze, freezeOpenAt, freezeReason } from "./freeze-time";

export function toFreezeWindow(w: FreezeWindow, now: Date = new Date()): TFreezeWindow {
  return {
    id: w.id,
    projectId: w.projectId,
    targetId: w.targetId,
    name: w.name,
    kind: w.kind,
    startsAt: w.startsAt?.toISOString() ?? null,
    endsAt: w.endsAt?.toISOString() ?? null,
    weekdays: w.weekdays,
    startTime: w.startTime,
    endTime: w.endTime,
    timeZone: w.timeZone,
    description: describeFreeze(w),
    openNow: freezeOpenAt(w, now) !== null,
    createdBy: w.createdBy,
    createdAt: w.createdAt.toISOString(),
  };
}

const auditView = (w: FreezeWindow) => ({
  name: w.name,
  targetId: w.targetId,
  kind: w.kind,
  startsAt: w.startsAt,
  endsAt: w.endsAt,
  weekdays: w.weekdays,
  startTime: w.startTime,
  endTime: w.endTime,
  timeZone: w.timeZone,
  description: describeFreeze(w),
});

async function checkTarget(tx: Tx | typeof db, projectId: string, targetId: string) {
  if (!(await tx.target.findFirst({ where: { id: targetId, projectId }, select: { id: true } }))) throw new NotFoundError("Target");
}

/** With a targetId: the windows that hold that target back, its own and the project-wide ones. */
export async function listFreezeWindows({ ctx, input }: { ctx: Ctx; input: { projectId: string; targetId?: string } }): Promise<TFreezeWindow[]> {
  await authorize(ctx, input.projectId, "deployment.read");
  if (input.targetId) await checkTarget(db, input.projectId, input.targetId);
  const rows = await db.freezeWindow.findMany({
    where: { projectId: input.projectId, ...(input.targetId ? { OR: [{ targetId: input.targetId }, { targetId: null }] } : {}) },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const now = new Date();
  return rows.map((w) => toFreezeWindow(w, now));
}

export async function createFreezeWindow({ ctx, input }: { ctx: Ctx; input: { projectId: string; data: unknown } }): Promise<TFreezeWindow> {
  await authorize(ctx, input.projectId, "freeze.manage");
  const data = parseInput(ZFreezeWindowCreate, input.data);
  const actor = requireActor(ctx);
  return db.$transaction(async (tx) => {
    if (data.targetId) await checkTarget(tx, input.projectId, data.targetId);
    const times =
      data.kind === "one_off"
        ? { startsAt: new Date(data.startsAt), endsAt: new Date(data.endsAt) }
        : { weekdays: [...data.weekdays].sort((a, b) => a - b), startTime: data.startTime, endTime: data.endTime };
    const row = await tx.freezeWindow.create({
      data: { projectId: input.projectId, targetId: data.targetId ?? null, name: data.name, kind: data.kind, timeZone: data.timeZone, ...times, createdBy: actorLabel(actor) },
    });
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "freeze.create", objectType: "freeze_window", objectId: row.id, after: auditView(row) });
    return toFreezeWindow(row);
  });
}

export async function deleteFreezeWindow({ ctx, input }: { ctx: Ctx; input: { projectId: string; freezeWindowId: string } }) {
  await authorize(ctx, input.projectId, "freeze.manage");
  await db.$transaction(async (tx) => {
    const before = await tx.freezeWindow.findFirst({ where: { id: input.freezeWindowId, projectId: input.projectId } });
    if (!before) throw new NotFoundError("Freeze window");
    await tx.freezeWindow.delete({ where: { id: before.id } });
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "freeze.delete", objectType: "freeze_window", objectId: before.id, before: auditView(before) });
  });
  return { deleted: true as const };
}

/**
 * For the deployment gate, which has already authorized its caller: the window holding this target back at `at`
 * (its own or a project-wide one), with the sentence to show, or null when deployments may go out.
 */
export async function activeFreezeFor(
  projectId: string,
  targetId: string,
  at: Date = new Date(),
): Promise<{ window: FreezeWindow; endsAt: Date | null; reason: string } | null> {
  const windows = await db.freezeWindow.findMany({ where: { projectId, OR: [{ targetId }, { targetId: null }] }, orderBy: { createdAt: "asc" } });
  const open = activeFreeze(windows, at);
  return open && { ...open, reason: freezeReason(open.window, open.endsAt, at) };
}
