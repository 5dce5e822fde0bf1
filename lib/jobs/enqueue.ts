import { Queue } from "bullmq";
import type { Prisma } from "@prisma/client";
import { db, type Tx } from "../db";
import { createRedis } from "../redis";
import { env } from "../env";
import { log } from "../observability/log";
import { JOBS, QUEUE, parseJob, type JobName, type JobPayload } from "./contract";

/**
 * Records a job in the outbox inside the caller's transaction. The row id is also the BullMQ job id,
 * so relaying twice (web after commit, worker on its poll) adds the job once.
 */
export async function enqueueInTx<N extends JobName>(tx: Tx, name: N, jobId: string, payload: JobPayload<N>) {
  const data = parseJob(name, payload);
  await tx.outboxJob.create({ data: { id: jobId, name, payload: data as Prisma.InputJsonValue } });
}

const globalForQueue = globalThis as unknown as { tminusQueue?: Queue };
export function queue(): Queue {
  return (globalForQueue.tminusQueue ??= new Queue(QUEUE, {
    connection: createRedis("queue"),
    prefix: env.REDIS_PREFIX,
  }));
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`Redis did not answer in ${ms} ms`)), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Pushes pending outbox rows to BullMQ. Returns how many were enqueued; rows stay pending while Redis is down. */
export async function relayOutbox(opts: { ids?: string[]; limit?: number; q?: Queue } = {}): Promise<number> {
  const pending = await db.outboxJob.findMany({
    where: { enqueuedAt: null, ...(opts.ids ? { id: { in: opts.ids } } : {}) },
    orderBy: { createdAt: "asc" },
    take: opts.limit ?? 100,
  });
  const q = opts.q ?? queue();
  let relayed = 0;
  for (const row of pending) {
    if (!Object.hasOwn(JOBS, row.name)) {
      log.warn("outbox.unknown_job", { id: row.id, name: row.name });
      await db.outboxJob.update({ where: { id: row.id }, data: { enqueuedAt: new Date(), lastError: "unknown job name" } });
      continue;
    }
    const name = row.name as JobName;
    try {
      await withTimeout(q.add(name, parseJob(name, row.payload), { ...JOBS[name].options, jobId: row.id }), 3000);
      await db.outboxJob.update({ where: { id: row.id }, data: { enqueuedAt: new Date(), attempts: { increment: 1 } } });
      relayed++;
    } catch (error) {
      await db.outboxJob.update({
        where: { id: row.id },
        data: { attempts: { increment: 1 }, lastError: (error as Error).message.slice(0, 500) },
      });
      break; // Redis is unreachable: keep order and try again on the next poll.
    }
  }
  return relayed;
}

/** Called by web after its transaction commits; never throws, the worker's poll is the safety net. */
export async function relayAfterCommit(ids: string[]) {
  try {
    await relayOutbox({ ids });
  } catch (error) {
    log.warn("outbox.relay_failed", { error: (error as Error).message });
  }
}

export async function outboxState(id: string): Promise<"waiting" | "queued" | null> {
  const row = await db.outboxJob.findUnique({ where: { id }, select: { enqueuedAt: true } });
  if (!row) return null;
  return row.enqueuedAt ? "queued" : "waiting";
}
