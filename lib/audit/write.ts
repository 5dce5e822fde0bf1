import type { Prisma } from "@prisma/client";
import type { Tx } from "../db";
import { actorLabel, requireActor, type Ctx } from "../auth/context";

export type AuditEntry = {
  projectId: string | null;
  action: string;
  objectType: string;
  objectId?: string | null;
  before?: unknown;
  after?: unknown;
};

const asJson = (value: unknown) =>
  value === undefined || value === null ? undefined : (JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue);

/** Written inside the caller's transaction, so a change and its audit row commit or fail together. */
export async function writeAudit(tx: Tx, ctx: Ctx, entry: AuditEntry) {
  const actor = requireActor(ctx);
  await tx.auditLog.create({
    data: {
      projectId: entry.projectId,
      actorType: actor.type,
      actorId: actor.type === "user" ? actor.userId : actor.type === "token" ? actor.tokenId : null,
      actorLabel: actorLabel(actor),
      action: entry.action,
      objectType: entry.objectType,
      objectId: entry.objectId ?? null,
      before: asJson(entry.before),
      after: asJson(entry.after),
      requestId: ctx.requestId ?? null,
    },
  });
}
