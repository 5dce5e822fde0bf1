#!/usr/bin/env node
// Makes PostgreSQL, Redis and the app database answer. Usage: node scripts/ensure-services.mjs [--chromium] [--check]
//   --check     only report what answers; start and create nothing (exit 1 when something is missing)
//   --chromium  also make sure a Chromium binary exists (for Playwright)
import { loadEnvFile } from "./lib/env-file.mjs";
import {
  DEFAULT_DATABASE_URL,
  DEFAULT_REDIS_URL,
  ServiceError,
  checkPostgres,
  checkRedis,
  ensureChromium,
  ensureDatabase,
  ensurePostgres,
  ensureRedis,
  repoPath,
} from "./lib/services.mjs";

const args = new Set(process.argv.slice(2));
for (const a of args) {
  if (!["--chromium", "--check"].includes(a)) {
    console.error(`[services] unknown argument ${a} (use --check, --chromium)`);
    process.exit(2);
  }
}

loadEnvFile(repoPath(".env"));
const databaseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
const redisUrl = process.env.REDIS_URL ?? DEFAULT_REDIS_URL;

try {
  if (args.has("--check")) {
    const [pg, redis] = await Promise.all([checkPostgres(databaseUrl), checkRedis(redisUrl)]);
    console.log(`[services] PostgreSQL: ${pg.ok ? `answers (${pg.version})` : `does not answer (${pg.error})`}`);
    console.log(`[services] Redis: ${redis.ok ? "answers PONG" : `does not answer (${redis.error})`}`);
    process.exit(pg.ok && redis.ok ? 0 : 1);
  }
  await ensurePostgres(databaseUrl);
  await ensureDatabase(databaseUrl);
  await ensureRedis(redisUrl);
  if (args.has("--chromium")) ensureChromium();
} catch (err) {
  console.error(`[services] ${err instanceof ServiceError ? err.message : err.stack}`);
  process.exit(1);
}
