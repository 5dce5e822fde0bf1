import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { createMigratedDatabase, dropDatabase, dropRedisPrefix } from "../../scripts/lib/scratch.mjs";

// One fresh database and one Redis key prefix per run (never the developer's data), dropped afterwards.
const serverUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/tminus";
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

export default async function setup(project: TestProject) {
  const name = `tminus_test_${randomBytes(4).toString("hex")}`;
  const url = await createMigratedDatabase(serverUrl, name);

  project.provide("databaseUrl", url);
  project.provide("serverUrl", serverUrl);
  project.provide("redisUrl", redisUrl);
  project.provide("redisPrefix", name);
  project.provide("encryptionKey", randomBytes(32).toString("base64"));

  return async () => {
    await dropDatabase(serverUrl, name);
    await dropRedisPrefix(redisUrl, name);
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    serverUrl: string;
    redisUrl: string;
    redisPrefix: string;
    encryptionKey: string;
  }
}
