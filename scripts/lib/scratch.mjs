// Throw-away databases and Redis key prefixes for test runs (integration and e2e): made fresh, dropped after.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import pg from "pg";
import IORedis from "ioredis";

/** The same server as `url`, database `name`. */
export function databaseUrl(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function onMaintenanceDb(url, statement) {
  const client = new pg.Client({ connectionString: databaseUrl(url, "postgres") });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export const createDatabase = (url, name) => onMaintenanceDb(url, `CREATE DATABASE "${name}"`);
export const dropDatabase = (url, name) => onMaintenanceDb(url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);

const PRISMA = fileURLToPath(new URL("../prisma.mjs", import.meta.url));
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** A new database `name` with every migration applied; dropped again if migrating fails. Returns its URL. */
export async function createMigratedDatabase(url, name) {
  await createDatabase(url, name);
  const target = databaseUrl(url, name);
  const migrate = spawnSync(process.execPath, [PRISMA, "migrate", "deploy"], { cwd: ROOT, env: { ...process.env, DATABASE_URL: target }, encoding: "utf8" });
  if (migrate.status !== 0) {
    await dropDatabase(url, name);
    throw new Error(`migrate deploy failed:\n${migrate.stdout}\n${migrate.stderr}`);
  }
  return target;
}

export async function dropRedisPrefix(redisUrl, prefix) {
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}
