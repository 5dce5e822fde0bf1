import IORedis, { type RedisOptions } from "ioredis";
import { env } from "./env";

// BullMQ needs maxRetriesPerRequest: null on its connections; web requests want fast failure instead,
// so callers pick a profile. Redis down must never take a page down: commands fail fast and callers fall back.
export function createRedis(profile: "queue" | "command" | "subscriber", url = env.REDIS_URL): IORedis {
  const options: RedisOptions = {
    lazyConnect: false,
    // Commands issued while connecting wait for the connection; with Redis down they fail after one retry.
    enableOfflineQueue: true,
    maxRetriesPerRequest: profile === "command" ? 1 : null,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  };
  const client = new IORedis(url, options);
  client.on("error", () => {
    /* reconnects by itself; health and outbox report the outage */
  });
  return client;
}

const globalForRedis = globalThis as unknown as { tminusRedis?: IORedis };
export function redis(): IORedis {
  return (globalForRedis.tminusRedis ??= createRedis("command"));
}

export const redisKey = (...parts: string[]) => [env.REDIS_PREFIX, ...parts].join(":");
