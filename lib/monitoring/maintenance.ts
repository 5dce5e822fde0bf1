import type { MaintenanceWindow } from "@prisma/client";
import { db } from "../db";
import { actorLabel, authorize, requireActor, type Ctx } from "../auth/context";
import { writeAudit } from "../audit/write";
import { NotFoundError, ValidationError, parseInput } from "../errors";
import { describeFreeze } from "../deployments/freeze-time";
import { toFreezeWindow } from "../deployments/freeze";
import type { TFreezeWindow } from "../deployments/freeze-schemas";
import { ZFreezeWindowCreate } from "../deployments/freeze-schemas";
import { forgetMaintenance } from "./ingest";

// Maintenance windows have the shape of freeze windows (one-off, or weekly in a time zone) and share their time logic;
// they mean something else: results inside count as maintenance and incidents and reminders are held.

// Same fields as a freeze window, so the same view (description and "open now" included).
export type TMaintenanceWindow = TFreezeWindow;
export const toMaintenanceWindow = (w: MaintenanceWindow, now = new Date()): TMaintenanceWindow => toFreezeWindow(w, now);

export async function listMaintenanceWindows({ ctx, input }: { ctx: Ctx; input: { projectId: string } }) {
  await authorize(ctx, input.projectId, "check.read");
  const rows = await db.maintenanceWindow.findMany({ where: { projectId: input.projectId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  const now = new Date();
  return rows.map((w) => toMaintenanceWindow(w, now));
}

export async function createMaintenanceWindow({ ctx, input }: { ctx: Ctx; input: { projectId: string; data: unknown } }) {
  await authorize(ctx, input.projectId, "maintenance.manage");
  const data = parseInput(ZFreezeWindowCreate, input.data);
  const actor = requireActor(ctx);
  const row = await db.$transaction(async (tx) => {
    if (data.targetId && !(await tx.target.findFirst({ where: { id: data.targetId, projectId: input.projectId }, select: { id: true } }))) {
      throw new ValidationError([{ path: "targetId", rule: "not_found", message: "is not a target of this project" }]);
    }
    const times =
      data.kind === "one_off"
        ? { startsAt: new Date(data.startsAt), endsAt: new Date(data.endsAt) }
        : { weekdays: [...data.weekdays].sort((a, b) => a - b), startTime: data.startTime, endTime: data.endTime };
    const row = await tx.maintenanceWindow.create({
      data: { projectId: input.projectId, targetId: data.targetId ?? null, name: data.name, kind: data.kind, timeZone: data.timeZone, ...times, createdBy: actorLabel(actor) },
    });
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "maintenance.create", objectType: "maintenance_window", objectId: row.id, after: { name: row.name, description: describeFreeze(row), targetId: row.targetId } });
    return row;
  });
  forgetMaintenance(input.projectId);
  return toMaintenanceWindow(row);
}

export async function deleteMaintenanceWindow({ ctx, input }: { ctx: Ctx; input: { projectId: string; maintenanceWindowId: string } }) {
  await authorize(ctx, input.projectId, "maintenance.manage");
  await db.$transaction(async (tx) => {
    const before = await tx.maintenanceWindow.findFirst({ where: { id: input.maintenanceWindowId, projectId: input.projectId } });
    if (!before) throw new NotFoundError("Maintenance window");
    await tx.maintenanceWindow.delete({ where: { id: before.id } });
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "maintenance.delete", objectType: "maintenance_window", objectId: before.id, before: { name: before.name, description: describeFreeze(before) } });
  });
  forgetMaintenance(input.projectId);
  return { deleted: true as const };
}
