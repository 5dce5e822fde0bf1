import { randomBytes } from "node:crypto";
import { createMigratedDatabase, dropDatabase, dropRedisPrefix } from "../../scripts/lib/scratch.mjs";

// A bench gets what an integration run gets: its own migrated database and Redis key prefix on the local servers,
// dropped afterwards, and the same short deployment timings (tests/setup/integration-env.ts). Call it before anything
// imports lib/env, then import the code under test dynamically.

export async function scratchEnv(label: string) {
  const serverUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/tminus";
  const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  const name = `tminus_bench_${label}_${randomBytes(4).toString("hex")}`;
  const url = await createMigratedDatabase(serverUrl, name);
  Object.assign(process.env, {
    DATABASE_URL: url,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: name,
    ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    NEXTAUTH_SECRET: "bench-secret-bench-secret-bench-secret-0001",
    NEXTAUTH_URL: "http://localhost:3000",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    OUTBOX_POLL_MS: "100",
    DEPLOY_LEASE_MS: "1500",
    DEPLOY_POLL_MS: "100",
    DEPLOY_VERIFY_INTERVAL_MS: "100",
  });
  return {
    name,
    async drop() {
      await dropDatabase(serverUrl, name);
      await dropRedisPrefix(redisUrl, name);
    },
  };
}

/** Nearest-rank percentile. */
export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};
