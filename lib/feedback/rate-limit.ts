import type IORedis from "ioredis";
import { env } from "../env";
import { redis, redisKey } from "../redis";
import { log } from "../observability/log";

// Fixed one-minute windows per (project, address), counted in Redis so every web process shares them. Redis is only
// asked for as long as a post can afford (a short timeout); when it is slow or away, this process's own counts decide,
// so intake keeps working with Redis down (the limits then hold per process, which is what one process can do).

export type RateLimits = {
  /** Posts per window from one address to one project before they are filed as spam (reason "rate"). */
  soft: number;
  /** Posts per window from one address to one project before they are refused (429). */
  hard: number;
  /** Posts per window to one project from clients without a trustworthy address, before they are refused. */
  project: number;
};

export type RateVerdict = {
  /** Refused: the caller is told to come back after retryAfterSeconds; nothing is stored. */
  refused: boolean;
  /** Over the soft limit: stored, but as spam. */
  soft: boolean;
  scope: "address" | "project";
  count: number;
  limit: number;
  retryAfterSeconds: number;
  /** Where the count came from: Redis (shared by all processes) or this process alone. */
  via: "redis" | "memory";
};

export type FeedbackLimiter = { check(projectId: string, ipHash: string | null): Promise<RateVerdict> };

type Options = {
  limits: RateLimits;
  redis?: () => IORedis;
  /** How long a post waits for Redis before this process's count decides. */
  timeoutMs?: number;
  windowMs?: number;
  now?: () => number;
};

const MAX_MEMORY_KEYS = 50_000;
/** After Redis failed or timed out, this process counts alone for this long before asking Redis again. */
const BACKOFF_MS = 1000;

export function createFeedbackLimiter({ limits, redis: client = redis, timeoutMs = 50, windowMs = 60_000, now = Date.now }: Options): FeedbackLimiter {
  const memory = new Map<string, { count: number; expiresAt: number }>();
  let skipRedisUntil = 0;

  function countInMemory(key: string, t: number, expiresAt: number): number {
    const entry = memory.get(key);
    if (entry && entry.expiresAt > t) return ++entry.count;
    if (memory.size >= MAX_MEMORY_KEYS) {
      for (const [k, v] of memory) if (v.expiresAt <= t) memory.delete(k);
      // Still full of live windows: forget the oldest rather than grow without bound.
      while (memory.size >= MAX_MEMORY_KEYS) memory.delete(memory.keys().next().value!);
    }
    memory.set(key, { count: 1, expiresAt });
    return 1;
  }

  async function countInRedis(key: string, t: number): Promise<number | null> {
    if (t < skipRedisUntil) return null;
    let conn: IORedis;
    try {
      conn = client();
    } catch {
      return null;
    }
    // Reconnecting or closed: a command would only wait in the offline queue.
    if (conn.status === "reconnecting" || conn.status === "end" || conn.status === "close") {
      skipRedisUntil = t + BACKOFF_MS;
      return null;
    }
    let timer: NodeJS.Timeout | undefined;
    const counted = conn
      .multi()
      .incr(key)
      .pexpire(key, windowMs + 1000)
      .exec()
      .then((replies) => {
        const [error, value] = replies?.[0] ?? [new Error("no reply")];
        if (error) throw error;
        return Number(value);
      });
    const timedOut = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs)));
    try {
      const result = await Promise.race([counted, timedOut]);
      if (result === null) {
        skipRedisUntil = t + BACKOFF_MS;
        counted.catch(() => undefined);
        log.warn("feedback.rate_limit_slow", { timeoutMs });
      }
      return result;
    } catch (error) {
      skipRedisUntil = t + BACKOFF_MS;
      log.warn("feedback.rate_limit_unavailable", { error: (error as Error).message });
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async check(projectId, ipHash) {
      const t = now();
      const window = Math.floor(t / windowMs);
      const windowEnd = (window + 1) * windowMs;
      const scope = ipHash ? "address" : "project";
      const key = redisKey("feedback", "rate", projectId, ipHash ?? "-", String(window));
      // This process always counts too: when Redis drops out mid-window, the limit still knows what it has seen.
      const local = countInMemory(key, t, windowEnd);
      const shared = await countInRedis(key, t);
      const count = Math.max(local, shared ?? 0);
      const limit = ipHash ? limits.hard : limits.project;
      return {
        refused: count > limit,
        soft: ipHash !== null && count > limits.soft,
        scope,
        count,
        limit,
        retryAfterSeconds: Math.max(1, Math.ceil((windowEnd - t) / 1000)),
        via: shared === null ? "memory" : "redis",
      };
    },
  };
}

export const envLimits = (): RateLimits => ({ soft: env.FEEDBACK_SOFT_PER_MINUTE, hard: env.FEEDBACK_HARD_PER_MINUTE, project: env.FEEDBACK_PROJECT_PER_MINUTE });

const globalForLimiter = globalThis as unknown as { tminusFeedbackLimiter?: FeedbackLimiter };

/** The limiter of this process, with the limits from the environment. */
export function feedbackLimiter(): FeedbackLimiter {
  return (globalForLimiter.tminusFeedbackLimiter ??= createFeedbackLimiter({ limits: envLimits() }));
}

/** Tests and benchmarks: a limiter with its own clock or limits in place of the process's (undefined: back to it). */
export function setFeedbackLimiter(limiter: FeedbackLimiter | undefined) {
  globalForLimiter.tminusFeedbackLimiter = limiter;
}
