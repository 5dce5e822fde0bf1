import { Queue } from "bullmq";
import type IORedis from "ioredis";
import type { Prisma } from "@prisma/client";
import { db, type Tx } from "../db";
import { createRedis } from "../redis";
import { env } from "../env";
import { log } from "../observability/log";
import { JOBS, QUEUE, parseJob, queueOf, type JobName, type JobPayload } from "./contract";

/**
 * Records a job in the outbox inside the caller's transaction. The row id is also the BullMQ job id,
 * so relaying twice (web after commit, worker on its poll) adds the job once.
 */
export async function enqueueInTx<N extends JobName>(tx: Tx, name: N, jobId: string, payload: JobPayload<N>) {
  const data = parseJob(name, payload);
  await tx.outboxJob.create({ data: { id: jobId, name, payload: data as Prisma.InputJsonValue } });
}

const globalForQueue = globalThis as unknown as { tminusQueues?: Map<string, Queue> };
/** The process's producer for a queue (the main one by default), made once. */
export function queue(name: string = QUEUE): Queue {
  const queues = (globalForQueue.tminusQueues ??= new Map());
  let q = queues.get(name);
  if (!q) queues.set(name, (q = new Queue(name, { connection: createRedis("queue"), prefix: env.REDIS_PREFIX })));
  return q;
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

/** Row-specific errors (not outages) a row may meet before it becomes a dead letter. */
export const MAX_RELAY_ATTEMPTS = 5;

// Names paths and rules only: a payload value (which could be sensitive) never reaches lastError or the admin view.
function payloadProblem(name: string, payload: unknown): string | null {
  if (!Object.hasOwn(JOBS, name)) return "unknown job name";
  const parsed = JOBS[name as JobName].schema.safeParse(payload);
  if (parsed.success) return null;
  return `invalid payload: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"} ${i.code}`).join("; ")}`.slice(0, 500);
}

async function redisAnswers(q: Queue) {
  try {
    await withTimeout(q.client.then((c) => (c as unknown as IORedis).ping()), 1000);
    return true;
  } catch {
    return false;
  }
}

/**
 * Pushes pending outbox rows to BullMQ. Returns how many were enqueued. A row that cannot be relayed (unknown name,
 * bad payload, or MAX_RELAY_ATTEMPTS refusals) becomes a dead letter and the pass goes on; rows wait while Redis is down.
 */
export async function relayOutbox(opts: { ids?: string[]; limit?: number; queues?: Map<string, Queue>; q?: Queue } = {}): Promise<number> {
  const pending = await db.outboxJob.findMany({
    where: { enqueuedAt: null, failedAt: null, ...(opts.ids ? { id: { in: opts.ids } } : {}) },
    orderBy: { createdAt: "asc" },
    take: opts.limit ?? 100,
  });
  // `q` sends every row to one queue (tests); `queues` gives the worker's own producers by queue name.
  const queueFor = (name: string) => opts.q ?? opts.queues?.get(name) ?? queue(name);
  let relayed = 0;
  for (const row of pending) {
    const problem = payloadProblem(row.name, row.payload);
    if (problem) {
      log.warn("outbox.dead_letter", { id: row.id, name: row.name, error: problem });
      await db.outboxJob.update({ where: { id: row.id }, data: { failedAt: new Date(), lastError: problem } });
      continue;
    }
    const name = row.name as JobName;
    const q = queueFor(queueOf(name));
    try {
      await withTimeout(q.add(name, parseJob(name, row.payload), { ...JOBS[name].options, jobId: row.id }), 3000);
      await db.outboxJob.update({ where: { id: row.id }, data: { enqueuedAt: new Date(), attempts: { increment: 1 } } });
      relayed++;
    } catch (error) {
      const lastError = (error as Error).message.slice(0, 500);
      if (!(await redisAnswers(q))) {
        // Redis is unreachable: not the row's fault, so no attempt is counted; keep order and retry on the next poll.
        await db.outboxJob.update({ where: { id: row.id }, data: { lastError } });
        break;
      }
      const dead = row.attempts + 1 >= MAX_RELAY_ATTEMPTS;
      if (dead) log.warn("outbox.dead_letter", { id: row.id, name: row.name, error: lastError });
      await db.outboxJob.update({ where: { id: row.id }, data: { attempts: { increment: 1 }, lastError, ...(dead ? { failedAt: new Date() } : {}) } });
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

export type OutboxState = "waiting" | "queued" | "failed";

export async function outboxState(id: string): Promise<OutboxState | null> {
  const row = await db.outboxJob.findUnique({ where: { id }, select: { enqueuedAt: true, failedAt: true } });
  if (!row) return null;
  return row.failedAt ? "failed" : row.enqueuedAt ? "queued" : "waiting";
}
