import { randomBytes } from "node:crypto";
import { spawnSync } from "node:child_process";
import path from "node:path";
import pg from "pg";
import IORedis from "ioredis";
import type { TestProject } from "vitest/node";

// One fresh database and one Redis key prefix per run (never the developer's data), dropped afterwards.
const root = path.resolve(__dirname, "../..");
const adminUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/tminus";
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

export default async function setup(project: TestProject) {
  const suffix = randomBytes(4).toString("hex");
  const dbName = `tminus_test_${suffix}`;
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const maintenance = new URL(adminUrl);
  maintenance.pathname = "/postgres";

  const client = new pg.Client({ connectionString: maintenance.toString() });
  await client.connect();
  await client.query(`CREATE DATABASE "${dbName}"`);
  await client.end();

  const migrate = spawnSync(process.execPath, [path.join(root, "scripts/prisma.mjs"), "migrate", "deploy"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url.toString() },
    encoding: "utf8",
  });
  if (migrate.status !== 0) throw new Error(`migrate deploy failed:\n${migrate.stdout}\n${migrate.stderr}`);

  const prefix = `tminus_test_${suffix}`;
  project.provide("databaseUrl", url.toString());
  project.provide("maintenanceUrl", maintenance.toString());
  project.provide("redisUrl", redisUrl);
  project.provide("redisPrefix", prefix);
  project.provide("encryptionKey", randomBytes(32).toString("base64"));

  return async () => {
    const c = new pg.Client({ connectionString: maintenance.toString() });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await c.end();
    const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1 });
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
    redis.disconnect();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    maintenanceUrl: string;
    redisUrl: string;
    redisPrefix: string;
    encryptionKey: string;
  }
}
