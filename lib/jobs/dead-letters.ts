import { z } from "zod";
import type { OutboxJob } from "@prisma/client";
import { db } from "../db";
import { requireUser, type Ctx } from "../auth/context";
import { writeAudit } from "../audit/write";
import { ForbiddenError, NotFoundError } from "../errors";
import { relayAfterCommit } from "./enqueue";

// What admins see of a stuck job: ids and the error, never the payload (a future job could carry sensitive input).
export const ZDeadLetter = z.object({
  id: z.string(),
  name: z.string().describe("job name, e.g. target.probe"),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  failedAt: z.string().nullable(),
  state: z.enum(["failed", "waiting", "queued"]).describe("failed = dead letter; waiting = back in the outbox; queued = reached the job queue"),
});
export type TDeadLetter = z.infer<typeof ZDeadLetter>;

const toDeadLetter = (row: OutboxJob): TDeadLetter => ({
  id: row.id,
  name: row.name,
  attempts: row.attempts,
  lastError: row.lastError,
  createdAt: row.createdAt.toISOString(),
  failedAt: row.failedAt?.toISOString() ?? null,
  state: row.failedAt ? "failed" : row.enqueuedAt ? "queued" : "waiting",
});

const isInstanceAdmin = (ctx: Ctx) => ctx.actor?.type === "user" && ctx.actor.isInstanceAdmin;

function requireInstanceAdmin(ctx: Ctx) {
  const user = requireUser(ctx);
  if (!user.isInstanceAdmin) throw new ForbiddenError("Only instance admins can see and retry stuck jobs");
  return user;
}

export async function listDeadLetters({ ctx }: { ctx: Ctx }): Promise<TDeadLetter[]> {
  requireInstanceAdmin(ctx);
  const rows = await db.outboxJob.findMany({ where: { failedAt: { not: null } }, orderBy: { failedAt: "desc" }, take: 200 });
  return rows.map(toDeadLetter);
}

/** Puts a dead letter back in the outbox with fresh attempts and relays it at once; the worker's poll is the fallback. */
export async function retryDeadLetter({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<TDeadLetter> {
  // Others learn nothing about which job ids exist, as outsiders of a project get 404 for its ids.
  if (requireUser(ctx) && !isInstanceAdmin(ctx)) throw new NotFoundError("Stuck job");
  await db.$transaction(async (tx) => {
    const before = await tx.outboxJob.findFirst({ where: { id: input.id, failedAt: { not: null } } });
    if (!before) throw new NotFoundError("Stuck job");
    await tx.outboxJob.update({ where: { id: before.id }, data: { failedAt: null, attempts: 0, lastError: null } });
    await writeAudit(tx, ctx, {
      projectId: null,
      action: "outbox.retry",
      objectType: "outbox_job",
      objectId: before.id,
      before: { name: before.name, attempts: before.attempts, lastError: before.lastError, failedAt: before.failedAt },
    });
  });
  await relayAfterCommit([input.id]);
  return toDeadLetter(await db.outboxJob.findUniqueOrThrow({ where: { id: input.id } }));
}
