#!/usr/bin/env node
// Backs up T-Minus's PostgreSQL database (DATABASE_URL) with pg_dump --format=custom, then applies retention.
// Usage: node scripts/backup.mjs [--dir backups] [--keep 14] [--max-age-days D] [--database-url URL] [--pg-bin DIR]
//   --dir           where backups go (default: backups/ in the repository); created when missing
//   --keep N        keep the newest N backups in --dir, delete older ones (default 14)
//   --max-age-days  also delete backups older than D days (by the time in their name)
//   --database-url  back up this database instead of DATABASE_URL
//   --pg-bin DIR    take pg_dump from DIR instead of searching for the one matching the server's major version
// Files are named tminus-<UTC time>.dump (tminus-20260126T160203Z.dump). pg_dump writes to a hidden temporary name; the
// file gets its final name only once pg_dump succeeded and pg_restore can list it, so a failed or interrupted backup
// never leaves a file that looks complete. Retention only ever deletes files with that exact naming pattern.
import { existsSync, linkSync, mkdirSync, readdirSync, statSync, unlinkSync } from "node:fs";
import path from "node:path";
import {
  OpsError,
  configuredDatabaseUrl,
  findPgTool,
  libpqConnection,
  parseArgs,
  redactUrl,
  runTool,
  serverMajor,
  tail,
} from "./lib/pg-tools.mjs";
import { repoPath } from "./lib/services.mjs";

export const BACKUP_NAME = /^tminus-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z\.dump$/;
const PARTIAL_NAME = /^\.tminus-\d{8}T\d{6}Z\.dump\.partial-\d+$/;
const log = (msg) => console.log(`[backup] ${msg}`);

const stamp = (d) => d.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/[-:]/g, "");
const timeOf = (name) => {
  const m = BACKUP_NAME.exec(name);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : NaN;
};
const size = (bytes) => (bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} kB`);

function positiveInt(flag, value, min) {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new OpsError(`--${flag} must be a whole number of at least ${min}, got ${value}`);
  return n;
}

async function main() {
  const args = parseArgs(process.argv.slice(2), { values: ["dir", "keep", "max-age-days", "database-url", "pg-bin"], booleans: ["help"] });
  if (args.help) {
    console.log("usage: node scripts/backup.mjs [--dir backups] [--keep 14] [--max-age-days D] [--database-url URL] [--pg-bin DIR]");
    return;
  }
  if (args._.length) throw new OpsError(`unexpected argument ${args._[0]}`);
  const keep = positiveInt("keep", args.keep, 1) ?? 14;
  const maxAgeDays = positiveInt("max-age-days", args["max-age-days"], 1);
  const dir = path.resolve(args.dir ?? repoPath("backups"));
  const url = args["database-url"] ?? configuredDatabaseUrl();

  const major = await serverMajor(url);
  const pgDump = findPgTool("pg_dump", major, args["pg-bin"]);
  const pgRestore = findPgTool("pg_restore", major, args["pg-bin"]);
  mkdirSync(dir, { recursive: true });

  // Names have whole seconds: a backup right after another waits for the next second rather than share a name.
  let name = `tminus-${stamp(new Date())}.dump`;
  while (existsSync(path.join(dir, name))) {
    await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 5));
    name = `tminus-${stamp(new Date())}.dump`;
  }
  const final = path.join(dir, name);
  const partial = path.join(dir, `.${name}.partial-${process.pid}`);
  const conn = libpqConnection(url);
  log(`dumping ${redactUrl(url)} (PostgreSQL ${major}) with ${pgDump.file}`);
  const removePartial = () => {
    try {
      unlinkSync(partial);
    } catch {
      /* never created */
    }
  };
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.once(signal, () => {
      removePartial();
      console.error(`[backup] interrupted (${signal}); nothing written`);
      process.exit(130);
    });
  }
  const dump = await runTool(pgDump.file, ["--format=custom", "--no-password", `--file=${partial}`, `--dbname=${conn.url}`], { env: conn.env });
  if (dump.code !== 0) {
    removePartial();
    throw new OpsError(`pg_dump failed (exit ${dump.code}); nothing written\n${tail(dump.stderr)}`);
  }
  // A complete custom-format archive has a readable table of contents; a truncated one does not.
  const list = await runTool(pgRestore.file, ["--list", partial], { env: conn.env });
  if (list.code !== 0) {
    removePartial();
    throw new OpsError(`pg_dump finished but its archive does not read back (pg_restore --list exit ${list.code}); nothing written\n${tail(list.stderr)}`);
  }
  // link() refuses an existing name, unlike rename(): a backup never replaces another.
  try {
    linkSync(partial, final);
  } catch (err) {
    removePartial();
    throw new OpsError(`could not name the backup ${final} (${err.code ?? err.message}); nothing written`);
  }
  unlinkSync(partial);
  log(`wrote ${final} (${size(statSync(final).size)})`);

  // Retention: only files named like backups; the newest `keep`, none older than max-age-days; never the one just written.
  const backups = readdirSync(dir)
    .filter((f) => BACKUP_NAME.test(f))
    .sort()
    .reverse();
  const cutoff = maxAgeDays ? Date.now() - maxAgeDays * 86_400_000 : -Infinity;
  const doomed = backups.filter((f, i) => f !== name && (i >= keep || timeOf(f) < cutoff));
  for (const f of doomed) {
    unlinkSync(path.join(dir, f));
    log(`deleted ${path.join(dir, f)} (${timeOf(f) < cutoff ? `older than ${maxAgeDays} days` : `beyond the newest ${keep}`})`);
  }
  // Temporary files of backups killed outright (kill -9, power loss) more than a day ago.
  for (const f of readdirSync(dir).filter((f) => PARTIAL_NAME.test(f))) {
    const file = path.join(dir, f);
    if (Date.now() - statSync(file).mtimeMs > 86_400_000) {
      unlinkSync(file);
      log(`deleted ${file} (left by an interrupted backup)`);
    }
  }
  log(`${backups.length - doomed.length} backup(s) kept in ${dir} (--keep ${keep}${maxAgeDays ? `, --max-age-days ${maxAgeDays}` : ""})`);
}

main().catch((err) => {
  console.error(`[backup] ${err instanceof OpsError ? err.message : err.stack}`);
  process.exit(1);
});
