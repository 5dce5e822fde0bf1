import { hostname } from "node:os";
import { db } from "../db";
import { redis, redisKey } from "../redis";
import { log } from "./log";

export const HEARTBEAT_TTL_SECONDS = 30;
export const heartbeatKey = (workerId: string) => redisKey("worker", "heartbeat", workerId);

type Part = { ok: boolean; detail?: string; latencyMs?: number };

/** A failure whose message is written for anyone reading /api/health; other errors stay in the log. */
class PublicFailure extends Error {}

// The endpoint is public: driver errors can carry hosts, users and file paths, so callers see only a plain sentence.
async function timed(part: string, unreachable: string, fn: () => Promise<string | undefined>): Promise<Part> {
  const started = performance.now();
  try {
    const detail = await Promise.race([
      fn(),
      new Promise<never>((_, r) => setTimeout(() => r(new PublicFailure(`${unreachable} (no answer within 2 s)`)), 2000)),
    ]);
    return { ok: true, latencyMs: Math.round(performance.now() - started), ...(detail ? { detail } : {}) };
  } catch (error) {
    if (error instanceof PublicFailure) return { ok: false, detail: error.message };
    log.error("health.failed", { part, error });
    return { ok: false, detail: `${unreachable}; the server log has the details` };
  }
}

/** Database, Redis and a live worker heartbeat; any failing part makes the whole answer 503. */
export async function healthReport() {
  const [database, redisPart] = await Promise.all([
    timed("database", "The database did not answer", async () => {
      await db.$queryRaw`SELECT 1`;
      return undefined;
    }),
    timed("redis", "Redis did not answer", async () => {
      await redis().ping();
      return undefined;
    }),
  ]);
  let worker: Part = { ok: false, detail: "Redis unreachable, worker heartbeat unknown" };
  if (redisPart.ok) {
    worker = await timed("worker", "The worker heartbeat could not be read", async () => {
      const alive = await liveWorkers();
      if (!alive) throw new PublicFailure(`No worker is running (no live worker heartbeat in the last ${HEARTBEAT_TTL_SECONDS} s); jobs wait until one starts: npm run worker`);
      return `${alive} worker(s) alive`;
    });
  }
  const ok = database.ok && redisPart.ok && worker.ok;
  return { status: ok ? "ok" : "degraded", checks: { database, redis: redisPart, worker } } as const;
}

/**
 * Counts heartbeats, but a worker on this host that was killed (-9, OOM) leaves its key for up to the TTL: its pid is
 * checked, and a dead one's key is removed, so health says "down" at once instead of 30 s later.
 */
async function liveWorkers(): Promise<number> {
  const keys = await redis().keys(heartbeatKey("*"));
  if (!keys.length) return 0;
  const values = await redis().mget(...keys);
  let alive = 0;
  for (const [i, raw] of values.entries()) {
    const beat = parseBeat(raw);
    if (beat && beat.id.startsWith(`${hostname()}-`) && !processExists(beat.pid)) {
      await redis().del(keys[i]);
      continue;
    }
    if (raw) alive++;
  }
  return alive;
}

function parseBeat(raw: string | null): { id: string; pid: number } | null {
  try {
    const beat = JSON.parse(raw ?? "");
    return typeof beat?.id === "string" && Number.isInteger(beat?.pid) ? beat : null;
  } catch {
    return null;
  }
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

