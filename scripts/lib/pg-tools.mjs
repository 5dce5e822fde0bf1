// Shared by scripts/backup.mjs and scripts/restore.mjs: which database, which pg_dump/pg_restore, and how to run them.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { loadEnvFile } from "./env-file.mjs";
import { DEFAULT_DATABASE_URL, repoPath } from "./services.mjs";

export class OpsError extends Error {}

/** DATABASE_URL as the app sees it: the environment first, then .env at the repository root, then the default. */
export function configuredDatabaseUrl() {
  loadEnvFile(repoPath(".env"));
  return process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
}

export const redactUrl = (url) => url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
export const databaseName = (url) => decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));

/** The same server and database? (Compares host, port and name, not how the URL is written.) */
export function sameDatabase(a, b) {
  const key = (url) => {
    const u = new URL(url);
    const host = u.hostname.replace(/^\[|\]$/g, "").toLowerCase();
    return [["localhost", "127.0.0.1", "::1", ""].includes(host) ? "loopback" : host, u.port || "5432", databaseName(url)].join("|");
  };
  return key(a) === key(b);
}

// Prisma's own URL parameters mean nothing to libpq, which refuses unknown ones.
const PRISMA_ONLY_PARAMS = ["schema", "connection_limit", "pool_timeout", "pgbouncer", "statement_cache_size", "socket_timeout", "sslaccept"];

/** A URL for libpq tools without the password (handed over in PGPASSWORD, so it never shows in `ps`). */
export function libpqConnection(url) {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = "";
  for (const p of PRISMA_ONLY_PARAMS) u.searchParams.delete(p);
  return { url: u.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

export async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (err) {
    throw new OpsError(`cannot connect to ${redactUrl(url)}: ${err.message}`);
  }
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** The server's major version (15 for 15.4), from SHOW server_version_num. */
export async function serverMajor(url) {
  return withClient(url, async (client) => {
    const { rows } = await client.query("SHOW server_version_num");
    return Math.floor(Number(rows[0].server_version_num) / 10000);
  });
}

function toolMajor(file) {
  const res = spawnSync(file, ["--version"], { encoding: "utf8" });
  const m = /\(PostgreSQL\)\s+(\d+)/.exec(res.stdout ?? "");
  return res.status === 0 && m ? Number(m[1]) : null;
}

/**
 * The pg_dump or pg_restore whose major version is the server's: a newer one writes archives an older pg_restore cannot
 * read, an older one refuses the server. `binDir` (--pg-bin) limits the search to one directory.
 */
export function findPgTool(name, major, binDir) {
  const candidates = [];
  if (binDir) candidates.push(path.join(binDir, name));
  else {
    candidates.push(`/usr/lib/postgresql/${major}/bin/${name}`, `/usr/pgsql-${major}/bin/${name}`);
    candidates.push(`/opt/homebrew/opt/postgresql@${major}/bin/${name}`, `/usr/local/opt/postgresql@${major}/bin/${name}`);
    for (const dir of (process.env.PATH ?? "").split(path.delimiter).filter(Boolean)) candidates.push(path.join(dir, name));
    if (existsSync("/usr/lib/postgresql")) {
      for (const v of readdirSync("/usr/lib/postgresql")) candidates.push(`/usr/lib/postgresql/${v}/bin/${name}`);
    }
  }
  const found = [];
  for (const file of [...new Set(candidates)]) {
    if (!existsSync(file)) continue;
    const v = toolMajor(file);
    if (v === major) return { file, major: v };
    if (v !== null) found.push(`${file} (${v})`);
  }
  const where = binDir ? ` in ${binDir}` : "";
  throw new OpsError(
    found.length
      ? `no ${name} for PostgreSQL ${major}${where}; found only ${found.join(", ")}. Install the client tools of the server's version (Debian: apt-get install postgresql-client-${major}) or point --pg-bin at their directory`
      : `${name} not found${where}. Install the PostgreSQL ${major} client tools (Debian: apt-get install postgresql-client-${major}; macOS: brew install postgresql@${major}) or point --pg-bin at their directory`,
  );
}

/** Runs a tool; resolves with its exit code, stdout and stderr (stderr also echoed as it comes when `echoStderr`). */
export function runTool(file, args, { env, echoStderr = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(file, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
      if (echoStderr) process.stderr.write(chunk);
    });
    child.on("error", (err) => resolve({ code: null, stdout, stderr: err.message }));
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? `signal ${signal}` : null), stdout, stderr }));
  });
}

export const tail = (text, lines = 15) => text.trim().split("\n").slice(-lines).join("\n");

/** `--flag value` / `--flag=value` / booleans; positional arguments in `_`. Unknown flags are an error. */
export function parseArgs(argv, { values = [], booleans = [] }) {
  const out = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) {
      out._.push(arg);
      continue;
    }
    const [flag, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (booleans.includes(flag) && inline === undefined) out[flag] = true;
    else if (values.includes(flag)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value.startsWith("--")) throw new OpsError(`--${flag} needs a value`);
      out[flag] = value;
    } else throw new OpsError(`unknown argument ${arg}`);
  }
  return out;
}
