// Throw-away databases and Redis key prefixes for test runs (integration and e2e): made fresh, dropped after.
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
