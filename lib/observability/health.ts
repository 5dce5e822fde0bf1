import { db } from "../db";
import { redis, redisKey } from "../redis";

export const HEARTBEAT_TTL_SECONDS = 30;
export const heartbeatKey = (workerId: string) => redisKey("worker", "heartbeat", workerId);

type Part = { ok: boolean; detail?: string; latencyMs?: number };

async function timed(fn: () => Promise<string | undefined>): Promise<Part> {
  const started = performance.now();
  try {
    const detail = await Promise.race([fn(), new Promise<never>((_, r) => setTimeout(() => r(new Error("timed out after 2 s")), 2000))]);
    return { ok: true, latencyMs: Math.round(performance.now() - started), ...(detail ? { detail } : {}) };
  } catch (error) {
    return { ok: false, detail: (error as Error).message };
  }
}

/** Database, Redis and a live worker heartbeat; any failing part makes the whole answer 503. */
export async function healthReport() {
  const [database, redisPart] = await Promise.all([
    timed(async () => {
      await db.$queryRaw`SELECT 1`;
      return undefined;
    }),
    timed(async () => {
      await redis().ping();
      return undefined;
    }),
  ]);
  let worker: Part = { ok: false, detail: "Redis unreachable, worker heartbeat unknown" };
  if (redisPart.ok) {
    worker = await timed(async () => {
      const keys = await redis().keys(heartbeatKey("*"));
      if (!keys.length) throw new Error(`no worker heartbeat in the last ${HEARTBEAT_TTL_SECONDS} s; start one with npm run worker`);
      return `${keys.length} worker(s) alive`;
    });
  }
  const ok = database.ok && redisPart.ok && worker.ok;
  return { status: ok ? "ok" : "degraded", checks: { database, redis: redisPart, worker } } as const;
}
