// Brings up PostgreSQL and Redis for local runs, in the order /work/shared/ENVIRONMENT.md prescribes:
// what answers at the URL; else locally installed servers; else apt-get as root on Debian; else Docker; else a
// message naming what to install. Nothing here touches a server that already answers.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import tls from "node:tls";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/tminus";
export const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";
const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]", ""]);

export class ServiceError extends Error {}

const log = (msg) => console.log(`[services] ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const isRoot = () => process.getuid?.() === 0;
const onPath = (cmd) => spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
const shell = (cmd, args) => [cmd, ...args].map((a) => (a === "" ? `""` : a)).join(" ");
const redact = (url) => url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");

function run(cmd, args, { quiet = true, env } = {}) {
  const res = spawnSync(cmd, args, {
    cwd: REPO_ROOT,
    encoding: "utf8",
    stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit",
    env: { ...process.env, ...env },
    timeout: 15 * 60_000,
  });
  const output = `${res.stdout ?? ""}${res.stderr ?? ""}`.trim();
  return { ok: res.status === 0, status: res.status, output, error: res.error };
}

// docker-compose.yml requires the app secrets (${VAR:?}) even when only db/redis start; they do not use them.
const COMPOSE_ENV = {
  NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET || "unused-by-db-and-redis",
  ENCRYPTION_KEY: process.env.ENCRYPTION_KEY || "unused-by-db-and-redis",
};

function mustRun(cmd, args, opts) {
  log(`$ ${shell(cmd, args)}`);
  const res = run(cmd, args, opts);
  if (!res.ok) {
    const tail = res.output.split("\n").slice(-15).join("\n");
    throw new ServiceError(`\`${shell(cmd, args)}\` failed (exit ${res.status ?? res.error?.message})\n${tail}`);
  }
  return res;
}

let aptUpdated = false;
function aptInstall(packages) {
  const env = { DEBIAN_FRONTEND: "noninteractive" };
  if (!aptUpdated) {
    mustRun("apt-get", ["update"], { env });
    aptUpdated = true;
  }
  mustRun("apt-get", ["install", "-y", "--no-install-recommends", ...packages], { env });
}

const canApt = () => isRoot() && existsSync("/etc/debian_version") && onPath("apt-get");
let dockerState;
const dockerAnswers = () => (dockerState ??= onPath("docker") && run("docker", ["info"]).ok);

async function waitFor(check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await check();
    if (last.ok) return last;
    await sleep(300);
  }
  return last ?? (await check());
}

function tcpConnect(host, port, timeoutMs = 1500) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok, error) => {
      socket.destroy();
      resolve({ ok, error });
    };
    socket.setTimeout(timeoutMs, () => done(false, "timeout"));
    socket.once("connect", () => done(true));
    socket.once("error", (err) => done(false, err.code ?? err.message));
  });
}

function hostPort(url, defaultPort) {
  const u = new URL(url);
  return { host: u.hostname.replace(/^\[|\]$/g, "") || "127.0.0.1", port: Number(u.port || defaultPort) };
}

// ---------------------------------------------------------------- PostgreSQL

function maintenanceUrl(url) {
  const u = new URL(url);
  u.pathname = "/postgres";
  return u.toString();
}

/** `ok` when the server runs SELECT 1; `reachable` tells "not listening" apart from "listening but refusing us". */
export async function checkPostgres(url) {
  const { host, port } = hostPort(url, 5432);
  const tcp = await tcpConnect(host, port);
  if (!tcp.ok) return { ok: false, reachable: false, error: tcp.error };
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: maintenanceUrl(url), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const { rows } = await client.query("select current_setting('server_version') as version");
    return { ok: true, reachable: true, version: rows[0].version };
  } catch (err) {
    return { ok: false, reachable: true, error: err.message, code: err.code };
  } finally {
    await client.end().catch(() => {});
  }
}

function clusters() {
  if (!existsSync("/etc/postgresql")) return [];
  return readdirSync("/etc/postgresql")
    .filter((v) => existsSync(`/etc/postgresql/${v}/main/postgresql.conf`))
    .sort((a, b) => Number(b) - Number(a));
}

// A fresh Debian cluster uses scram for TCP; the default URL has no password, so local TCP gets trust.
// Only ever applied to a cluster this script just installed.
function trustLoopback(version) {
  const file = `/etc/postgresql/${version}/main/pg_hba.conf`;
  const text = readFileSync(file, "utf8");
  const next = text.replace(/^(host\s+all\s+all\s+(?:127\.0\.0\.1\/32|::1\/128)\s+)\S+\s*$/gm, "$1trust");
  if (next !== text) {
    writeFileSync(file, next);
    log(`set trust for loopback TCP in ${file} (fresh install for local development)`);
  }
}

function startClusters(list) {
  for (const version of list) {
    log(`starting PostgreSQL ${version} cluster "main"`);
    const res = run("pg_ctlcluster", ["--skip-systemctl-redirect", version, "main", "start"]);
    // Exit 2 means "already running", which is fine: the caller re-checks the URL.
    if (!res.ok && res.status !== 2) log(`pg_ctlcluster ${version} main start failed: ${res.output.split("\n").pop()}`);
  }
}

const POSTGRES_HELP =
  "PostgreSQL is not running and could not be started. Install it, then run this again:\n" +
  "  Debian/Ubuntu: sudo apt-get install -y postgresql\n" +
  "  macOS:         brew install postgresql@15 && brew services start postgresql@15\n" +
  "or install Docker (the compose file has a `db` service), or set DATABASE_URL to a server that answers.";

export async function ensurePostgres(url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL) {
  const shown = redact(url);
  let state = await checkPostgres(url);
  if (state.ok) {
    log(`PostgreSQL ${state.version} answers at ${shown}`);
    return { url, started: null };
  }
  if (state.reachable) {
    throw new ServiceError(`PostgreSQL at ${shown} is listening but refused the check: ${state.error}`);
  }
  const { host } = hostPort(url, 5432);
  if (!LOCAL_HOSTS.has(host)) {
    throw new ServiceError(`PostgreSQL at ${shown} does not answer (${state.error}); it is not local, so it is not started here.`);
  }
  log(`PostgreSQL does not answer at ${shown} (${state.error})`);

  let how = null;
  if (clusters().length && onPath("pg_ctlcluster")) {
    startClusters(clusters());
    how = "local";
  } else if (canApt()) {
    log("installing PostgreSQL with apt-get (one time)");
    aptInstall(["postgresql"]);
    for (const v of clusters()) trustLoopback(v);
    startClusters(clusters());
    how = "apt";
  } else if (dockerAnswers()) {
    mustRun("docker", ["compose", "up", "-d", "--wait", "db"], { env: COMPOSE_ENV });
    how = "docker";
  } else {
    throw new ServiceError(POSTGRES_HELP);
  }
  state = await waitFor(() => checkPostgres(url), how === "docker" ? 90_000 : 20_000);
  if (!state.ok) {
    throw new ServiceError(`PostgreSQL was started (${how}) but ${shown} still does not answer: ${state.error}`);
  }
  log(`PostgreSQL ${state.version} started (${how}) and answers at ${shown}`);
  return { url, started: how };
}

/** Creates the database named in the URL when it is missing (via the server's `postgres` database). */
export async function ensureDatabase(url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL) {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
  if (!name) throw new ServiceError(`DATABASE_URL ${redact(url)} names no database`);
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: maintenanceUrl(url), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const { rowCount } = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (rowCount) {
      log(`database "${name}" exists`);
      return { created: false };
    }
    try {
      await client.query(`create database ${client.escapeIdentifier(name)}`);
    } catch (err) {
      if (err.code !== "42P04") throw err; // created concurrently by another process
    }
    log(`created database "${name}"`);
    return { created: true };
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------- Redis

/** PING over a raw socket (with AUTH when the URL carries credentials). */
export function checkRedis(url, timeoutMs = 1500) {
  const u = new URL(url);
  const { host, port } = hostPort(url, 6379);
  const user = decodeURIComponent(u.username);
  const pass = decodeURIComponent(u.password);
  const cmd = (...parts) => `*${parts.length}\r\n` + parts.map((p) => `$${Buffer.byteLength(p)}\r\n${p}\r\n`).join("");
  const payload = (pass ? (user ? cmd("AUTH", user, pass) : cmd("AUTH", pass)) : "") + cmd("PING");
  return new Promise((resolve) => {
    const socket = u.protocol === "rediss:" ? tls.connect({ host, port, servername: host }) : net.connect({ host, port });
    let buffer = "";
    let connected = false;
    const done = (result) => {
      socket.destroy();
      resolve({ reachable: connected, ...result });
    };
    socket.setTimeout(timeoutMs, () => done({ ok: false, error: "timeout" }));
    socket.once(u.protocol === "rediss:" ? "secureConnect" : "connect", () => {
      connected = true;
      socket.write(payload);
    });
    socket.on("data", (chunk) => {
      buffer += chunk;
      if (buffer.includes("+PONG")) done({ ok: true });
      else if (/^-.*\r\n/m.test(buffer)) done({ ok: false, error: buffer.match(/^-(.*)\r\n/m)[1] });
    });
    socket.once("error", (err) => done({ ok: false, error: err.code ?? err.message }));
  });
}

const REDIS_HELP =
  "Redis is not running and could not be started. Install it, then run this again:\n" +
  "  Debian/Ubuntu: sudo apt-get install -y redis-server\n" +
  "  macOS:         brew install redis && brew services start redis\n" +
  "or install Docker (the compose file has a `redis` service), or set REDIS_URL to a server that answers.";

export async function ensureRedis(url = process.env.REDIS_URL ?? DEFAULT_REDIS_URL) {
  const shown = redact(url);
  let state = await checkRedis(url);
  if (state.ok) {
    log(`Redis answers PONG at ${shown}`);
    return { url, started: null };
  }
  if (state.reachable) throw new ServiceError(`Redis at ${shown} is listening but refused PING: ${state.error}`);
  const { host, port } = hostPort(url, 6379);
  if (!LOCAL_HOSTS.has(host)) {
    throw new ServiceError(`Redis at ${shown} does not answer (${state.error}); it is not local, so it is not started here.`);
  }
  log(`Redis does not answer at ${shown} (${state.error})`);

  const startLocal = () =>
    mustRun("redis-server", ["--daemonize", "yes", "--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no"]);
  let how;
  if (onPath("redis-server")) {
    startLocal();
    how = "local";
  } else if (canApt()) {
    log("installing Redis with apt-get (one time)");
    aptInstall(["redis-server"]);
    // The package may have started its own service already; start ours only if nothing answers.
    if (!(await waitFor(() => checkRedis(url), 2000)).ok) startLocal();
    how = "apt";
  } else if (dockerAnswers()) {
    mustRun("docker", ["compose", "up", "-d", "--wait", "redis"], { env: COMPOSE_ENV });
    how = "docker";
  } else {
    throw new ServiceError(REDIS_HELP);
  }
  state = await waitFor(() => checkRedis(url), how === "docker" ? 60_000 : 10_000);
  if (!state.ok) throw new ServiceError(`Redis was started (${how}) but ${shown} still does not answer: ${state.error}`);
  log(`Redis started (${how}) and answers PONG at ${shown}`);
  return { url, started: how };
}

// ---------------------------------------------------------------- Chromium

export const CHROMIUM_PATH = "/usr/bin/chromium";

/** Returns the browser path (CHROMIUM_PATH wins); installs Debian's chromium as root when missing. */
export function ensureChromium(wanted = process.env.CHROMIUM_PATH) {
  if (wanted) {
    if (existsSync(wanted)) {
      log(`Chromium at ${wanted} (CHROMIUM_PATH)`);
      return wanted;
    }
    throw new ServiceError(`CHROMIUM_PATH=${wanted} does not exist`);
  }
  if (existsSync(CHROMIUM_PATH)) {
    log(`Chromium at ${CHROMIUM_PATH}`);
    return CHROMIUM_PATH;
  }
  if (canApt()) {
    log("installing Chromium with apt-get (one time)");
    aptInstall(["chromium"]);
    if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  }
  throw new ServiceError(
    `Chromium is missing at ${CHROMIUM_PATH}. Install it (Debian: sudo apt-get install -y chromium) ` +
      "or set CHROMIUM_PATH to a Chromium or Chrome binary.",
  );
}

export const repoPath = (...parts) => path.join(REPO_ROOT, ...parts);
