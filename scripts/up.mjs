#!/usr/bin/env node
// `npm run up` (production build) and `npm run dev` (--dev): one command from a fresh clone to a running T-Minus.
// Every step skips itself when its inputs are unchanged, so a second run starts in seconds.
import { execFile, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEMO_ACCOUNTS, DEMO_TARGETS } from "./lib/demo-accounts.mjs";
import { loadEnvFile } from "./lib/env-file.mjs";
import { runAll } from "./lib/run-all.mjs";

// Same rule as lib/env.ts (which this plain-Node script cannot import before dependencies are installed).
const isLoopbackHost = (host) => /^(127(\.\d{1,3}){3}|::1|\[::1\]|localhost)$/i.test(host);

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const r = (...p) => path.join(ROOT, ...p);
const args = process.argv.slice(2);
const DEV = args.includes("--dev");
const unknown = args.filter((a) => a !== "--dev");
if (unknown.length) fail(`unknown argument ${unknown.join(" ")} (use --dev)`);

const step = (msg) => console.log(`[up] ${msg}`);
function fail(msg) {
  console.error(`[up] ${msg}`);
  process.exit(1);
}
function sh(cmd, cmdArgs, { env } = {}) {
  const res = spawnSync(cmd, cmdArgs, { cwd: ROOT, stdio: "inherit", env: { ...process.env, ...env } });
  if (res.status !== 0) fail(`\`${[cmd, ...cmdArgs].join(" ")}\` failed (exit ${res.status ?? res.signal ?? res.error?.message})`);
}
const bin = (name) => r("node_modules", ".bin", name);
const mtime = (p) => (existsSync(p) ? statSync(p).mtimeMs : 0);

// Hash of file paths and contents; directories are walked in a stable order.
function hashInputs(inputs) {
  const hash = createHash("sha256");
  const visit = (rel) => {
    const abs = r(rel);
    if (!existsSync(abs)) return;
    const st = statSync(abs);
    if (st.isDirectory()) {
      for (const entry of readdirSync(abs).sort()) {
        if (entry === "node_modules" || entry === ".next" || entry.startsWith(".DS_Store")) continue;
        visit(path.join(rel, entry));
      }
    } else {
      hash.update(rel).update("\0").update(readFileSync(abs)).update("\0");
    }
  };
  for (const i of inputs) visit(i);
  return hash.digest("hex");
}
const readMarker = (p) => (existsSync(p) ? readFileSync(p, "utf8").trim() : "");
function writeMarker(p, value) {
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, value + "\n");
}

function portFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, () => srv.close(() => resolve(true)));
  });
}

// 1. Dependencies
const lockMarker = r("node_modules", ".package-lock.json");
if (!existsSync(r("node_modules")) || mtime(r("package-lock.json")) > mtime(lockMarker)) {
  step("installing dependencies (npm ci)");
  sh("npm", ["ci", "--no-audit", "--no-fund"]);
} else {
  step("dependencies are up to date");
}

// 2. Environment: .env first, then local defaults for whatever is still unset.
const fromFile = loadEnvFile(r(".env"));
if (fromFile.length) step(`loaded ${fromFile.length} variable(s) from .env`);
const PORT = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(PORT) || PORT < 1 || PORT > 65535) fail(`PORT must be a port number, got ${process.env.PORT}`);
process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/tminus";
process.env.REDIS_URL ??= "redis://127.0.0.1:6379";
process.env.NEXT_TELEMETRY_DISABLED ??= "1"; // offline machines; no point trying
// Loopback unless configured: anything else makes this a shared server, where development secrets and the demo
// sign-ins printed in the README would let anyone in.
const HOST = process.env.LISTEN_HOST || "127.0.0.1";
process.env.LISTEN_HOST = HOST;
const LOCAL = isLoopbackHost(HOST);
const browseHost = LOCAL ? "localhost" : HOST === "0.0.0.0" || HOST === "::" ? os.hostname() : HOST;
process.env.NEXTAUTH_URL ??= `http://${browseHost}:${PORT}`;
// A server others reach starts with workers kept off loopback and private ranges (admins can open them later).
if (!LOCAL) process.env.NETWORK_POLICY ??= "hosted";
if (!process.env.NEXTAUTH_SECRET || !process.env.ENCRYPTION_KEY) {
  if (!LOCAL) {
    fail(
      `LISTEN_HOST=${HOST} makes T-Minus reachable from other machines, so it will not use the development secrets.\n` +
        "[up] Set both in .env:  NEXTAUTH_SECRET=$(openssl rand -base64 48)  ENCRYPTION_KEY=$(openssl rand -base64 32)",
    );
  }
  // lib/env.ts refuses built-in dev secrets in production unless this is set; fine on a developer machine.
  process.env.TMINUS_ALLOW_DEV_SECRETS ??= "1";
  step("NEXTAUTH_SECRET/ENCRYPTION_KEY not set: using local development secrets (set both in .env for anything shared)");
}

// 3. Services (imported late: they need `pg` from node_modules)
const { ensurePostgres, ensureRedis, ensureDatabase, ServiceError } = await import("./lib/services.mjs");
try {
  await ensurePostgres(process.env.DATABASE_URL);
  await ensureDatabase(process.env.DATABASE_URL);
  await ensureRedis(process.env.REDIS_URL);
} catch (err) {
  fail(err instanceof ServiceError ? err.message : err.stack);
}

// 4. Database schema and demo data
const generateMarker = r("node_modules", ".cache", "tminus", "prisma-generate.hash");
const generateHash = hashInputs(["prisma/schema.prisma", "prisma.config.ts", "package-lock.json"]);
const output = /^\s*output\s*=\s*"([^"]+)"/m.exec(readFileSync(r("prisma", "schema.prisma"), "utf8"))?.[1];
const generatedDir = output ? path.resolve(r("prisma"), output) : r("node_modules", ".prisma", "client");
if (readMarker(generateMarker) !== generateHash || !existsSync(generatedDir)) {
  step("generating the Prisma client");
  sh(process.execPath, ["scripts/prisma.mjs", "generate"]);
  writeMarker(generateMarker, generateHash);
} else {
  step("Prisma client is up to date");
}
step("applying migrations (prisma migrate deploy)");
sh(process.execPath, ["scripts/prisma.mjs", "migrate", "deploy"]);
if (!LOCAL) {
  step(`listening on ${HOST}: no demo data or demo sign-ins on a shared server; the first visitor of /setup becomes the admin`);
} else if (existsSync(r("prisma", "seed.ts"))) {
  step("seeding demo data (idempotent)");
  sh(bin("tsx"), ["prisma/seed.ts"]);
} else {
  step("no prisma/seed.ts yet: skipping demo data");
}

// 5. Build (production only)
if (!DEV) {
  const buildMarker = r(".next", "tminus-build.hash");
  const buildInputs = ["app", "components", "lib", "public", "next.config.ts", "instrumentation.ts", "proxy.ts", "package-lock.json", "tsconfig.json"];
  for (const f of readdirSync(ROOT)) if (/^(tailwind|postcss)\.config\./.test(f)) buildInputs.push(f);
  const buildHash = hashInputs(buildInputs);
  if (readMarker(buildMarker) !== buildHash || !existsSync(r(".next", "BUILD_ID"))) {
    step("building the web app (next build)");
    sh(bin("next"), ["build"]);
    writeMarker(buildMarker, buildHash);
  } else {
    step("web build is up to date");
  }
}

// 6. Run everything
const busy = [];
for (const port of [PORT, ...(LOCAL ? DEMO_TARGETS : []).map((t) => t.port)]) if (!(await portFree(port))) busy.push(port);
if (busy.length) fail(`port ${busy.join(", ")} already in use (another \`npm run up\`?); stop it or set PORT for the web app`);

const label = { staging: "staging", production: "prod" };
// A crashed process comes back with backoff (scripts/lib/run-all.mjs) instead of taking the whole stack down.
const commands = [
  DEV
    ? { name: "web", cmd: bin("next"), args: ["dev", "-p", String(PORT), "-H", HOST], restart: true }
    : { name: "web", cmd: bin("next"), args: ["start", "-p", String(PORT), "-H", HOST], env: { NODE_ENV: "production" }, restart: true },
  DEV
    ? { name: "worker", cmd: bin("tsx"), args: ["watch", "workers/index.ts"], restart: true }
    : { name: "worker", cmd: bin("tsx"), args: ["workers/index.ts"], env: { NODE_ENV: "production" }, restart: true },
  ...(LOCAL ? DEMO_TARGETS : []).map((t) => ({
    restart: true,
    name: label[t.name] ?? t.name,
    cmd: process.execPath,
    args: ["examples/demo-target/server.mjs"],
    // The version T-Minus deploys to it is kept in .tminus/ so a restart serves what was deployed last.
    // Each demo page embeds the feedback widget from this T-Minus, with the demo project's public key (set by the seed).
    env: {
      PORT: String(t.port),
      TARGET_NAME: t.name,
      APP_VERSION: t.version,
      DEMO_STATE_FILE: r(".tminus", `demo-${t.name}.json`),
      TMINUS_WIDGET_SRC: `${process.env.NEXTAUTH_URL.replace(/\/+$/, "")}/widget.js`,
      TMINUS_WIDGET_KEY: "fbk_demo_acme_web",
    },
  })),
];
step(`starting ${commands.map((c) => c.name).join(", ")}${DEV ? " (dev mode)" : ""}`);
const run = runAll(commands, { cwd: ROOT });

// Where this machine reaches the web server it just started.
function probeHost() {
  if (HOST === "0.0.0.0" || HOST === "::" || HOST === "localhost") return "127.0.0.1";
  const bare = HOST.replace(/^\[|\]$/g, "");
  return bare.includes(":") ? `[${bare}]` : bare;
}

async function announceWhenHealthy() {
  const url = process.env.NEXTAUTH_URL;
  const deadline = Date.now() + (DEV ? 300_000 : 120_000);
  let stopped = false;
  run.done.then(() => (stopped = true));
  while (!stopped && Date.now() < deadline) {
    try {
      const res = await fetch(`http://${probeHost()}:${PORT}/api/health`, { signal: AbortSignal.timeout(5000) });
      if (res.ok) return printBox(url, LOCAL ? await checkDemoTargets() : []);
    } catch {
      /* not up yet */
    }
    await new Promise((res) => setTimeout(res, 1000));
  }
  if (!stopped) step(`web did not answer ${url}/api/health yet; it keeps starting, see the web | lines`);
}

// A real connection test of each demo target through the worker, so the box (and the first screen) shows
// whether they answer. A failure here is reported, never fatal.
async function checkDemoTargets() {
  try {
    const { stdout } = await promisify(execFile)(bin("tsx"), ["scripts/check-demo-targets.ts"], { cwd: ROOT, env: process.env, timeout: 60_000 });
    return JSON.parse(stdout.trim().split("\n").pop() ?? "[]");
  } catch (error) {
    step(`could not check the demo targets: ${(error.stderr || error.message || "").trim()}`);
    return [];
  }
}

function describeCheck(check) {
  if (!check) return "";
  if (check.status === "succeeded") return `answering (HTTP ${check.httpStatus}, ${check.latencyMs} ms, v${check.version ?? "?"})`;
  if (check.status === "failed") return `NOT answering: ${check.error}`;
  return `still ${check.status}`;
}

function printBox(url, checks = []) {
  const demo = LOCAL
    ? [
        "Demo sign-ins:",
        ...DEMO_ACCOUNTS.map((a) => `  ${a.role.padEnd(9)} ${a.email.padEnd(20)} ${a.password}`),
        "",
        "Demo targets:",
        ...DEMO_TARGETS.map((t) => `  ${t.name.padEnd(11)} ${t.url}  ${describeCheck(checks.find((c) => c.name === t.name)) || `v${t.version}`}`),
      ]
    : [`Shared server (LISTEN_HOST=${HOST}): open ${url}/setup to create the first admin.`];
  const rows = [`T-Minus is up: ${url}`, "", ...demo, "", "Ctrl-C stops everything; crashed processes restart by themselves."];
  const width = Math.max(...rows.map((s) => s.length));
  const line = "─".repeat(width + 2);
  console.log([`┌${line}┐`, ...rows.map((s) => `│ ${s.padEnd(width)} │`), `└${line}┘`].join("\n"));
}

announceWhenHealthy();
process.exit(await run.done);
