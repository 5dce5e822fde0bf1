#!/usr/bin/env node
// Browser tests against a production build: a fresh database and Redis prefix, the web server, the worker and two
// demo targets on their own ports, then Playwright in Debian's Chromium. Everything is torn down afterwards.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runAll } from "./lib/run-all.mjs";
import { DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL, ensureChromium } from "./lib/services.mjs";
import { createDatabase, databaseUrl, dropDatabase, dropRedisPrefix } from "./lib/scratch.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const bin = (name) => path.join(ROOT, "node_modules", ".bin", name);
const step = (msg) => console.log(`[e2e] ${msg}`);

const suffix = randomBytes(4).toString("hex");
const dbName = `tminus_e2e_${suffix}`;
const baseDbUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
const redisUrl = process.env.REDIS_URL ?? DEFAULT_REDIS_URL;
const webPort = Number(process.env.E2E_WEB_PORT ?? 3200);
const baseUrl = `http://127.0.0.1:${webPort}`;
// Public anyway (it sits in the widget's script tag); the demo seed sets it on the demo project.
const DEMO_FEEDBACK_KEY = "fbk_demo_acme_web";
const targets = [
  { name: "staging", port: Number(process.env.E2E_STAGING_PORT ?? 4201), version: "1.4.0" },
  { name: "production", port: Number(process.env.E2E_PRODUCTION_PORT ?? 4202), version: "1.3.2" },
];

const env = {
  DATABASE_URL: databaseUrl(baseDbUrl, dbName),
  REDIS_URL: redisUrl,
  REDIS_PREFIX: dbName,
  NEXTAUTH_URL: baseUrl,
  TMINUS_ALLOW_DEV_SECRETS: "1",
  NEXT_TELEMETRY_DISABLED: "1",
  LOG_LEVEL: "warn",
  OUTBOX_POLL_MS: "250",
  E2E_BASE_URL: baseUrl,
  E2E_TARGET_URLS: JSON.stringify(Object.fromEntries(targets.map((t) => [t.name, `http://127.0.0.1:${t.port}`]))),
  // GitHub sign-in against e2e/fake-github-server.mjs; the API under /api/v3 as on GitHub Enterprise Server.
  GITHUB_ID: "e2e-github-client",
  GITHUB_SECRET: "e2e-github-secret",
  GITHUB_URL: `http://127.0.0.1:${process.env.E2E_GITHUB_PORT ?? 4290}`,
  GITHUB_API_URL: `http://127.0.0.1:${process.env.E2E_GITHUB_PORT ?? 4290}/api/v3`,
};

function sh(cmd, args, extraEnv = {}) {
  const res = spawnSync(cmd, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, ...extraEnv } });
  return res.status ?? 1;
}

/**
 * Like sh, without blocking this process: while Playwright runs, the servers' output must keep being read. Under
 * spawnSync nothing drains their pipes, and a server whose pipe fills (64 KB of log lines) blocks on its next write.
 */
function shAsync(cmd, args, extraEnv = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, ...extraEnv } });
    child.once("error", (error) => (step(`${cmd}: ${error.message}`), resolve(1)));
    child.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function cleanup(run) {
  if (run) await run.stop();
  await dropDatabase(baseDbUrl, dbName).catch((e) => step(`could not drop ${dbName}: ${e.message}`));
  await dropRedisPrefix(redisUrl, dbName);
}

async function waitForHealth(run) {
  let exited = false;
  run.done.then(() => (exited = true));
  const deadline = Date.now() + 180_000;
  while (!exited && Date.now() < deadline) {
    try {
      const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(5000) });
      if (res.ok) return true;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  return false;
}

ensureChromium();
step(`database ${dbName}`);
await createDatabase(baseDbUrl, dbName);
let run;
// npm test stops this run with SIGTERM when the integration tests beside it fail: the servers (each in its own process
// group) are stopped and the database dropped, as after a normal run.
process.once("SIGTERM", () => {
  step("stopped (SIGTERM); cleaning up");
  cleanup(run).finally(() => process.exit(143));
});

let code = 1;
try {
  if (sh(process.execPath, ["scripts/prisma.mjs", "migrate", "deploy"], { DATABASE_URL: env.DATABASE_URL })) throw new Error("migrate deploy failed");
  if (process.env.E2E_SKIP_BUILD !== "1") {
    step("building (next build)");
    if (sh(bin("next"), ["build"], { ...env, NODE_ENV: "production" })) throw new Error("next build failed");
    if (sh(process.execPath, ["scripts/js-budget.mjs"])) throw new Error("a route is over the first-load JS budget");
  }
  run = runAll(
    [
      { name: "web", cmd: bin("next"), args: ["start", "-p", String(webPort), "-H", "127.0.0.1"], env: { ...env, NODE_ENV: "production" } },
      { name: "worker", cmd: bin("tsx"), args: ["workers/index.ts"], env: { ...env, NODE_ENV: "production" } },
      { name: "github", cmd: process.execPath, args: ["e2e/fake-github-server.mjs"], env },
      ...targets.map((t) => ({
        name: t.name === "production" ? "prod" : t.name,
        cmd: process.execPath,
        args: ["examples/demo-target/server.mjs"],
        // Every demo page embeds the feedback widget from this run's T-Minus, with the key the seed gives the demo project.
        env: { PORT: String(t.port), TARGET_NAME: t.name, APP_VERSION: t.version, TMINUS_WIDGET_SRC: `${baseUrl}/widget.js`, TMINUS_WIDGET_KEY: DEMO_FEEDBACK_KEY },
      })),
    ],
    { cwd: ROOT, handleSignals: false },
  );
  if (!(await waitForHealth(run))) throw new Error(`${baseUrl}/api/health did not answer 200`);
  step("servers are up; running Playwright");
  code = await shAsync(bin("playwright"), ["test", ...process.argv.slice(2)], env);
} catch (error) {
  step(error.message);
  code = 1;
} finally {
  await cleanup(run);
}
process.exit(code);
