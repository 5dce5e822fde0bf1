#!/usr/bin/env node
// Restores a backup made by scripts/backup.mjs into a PostgreSQL database.
// Usage: node scripts/restore.mjs <file.dump> [--database-url URL] [--create] [--yes] [--pg-bin DIR]
//   --database-url  the database to restore into (default: DATABASE_URL, which then needs --yes)
//   --create        create that database when it does not exist
//   --yes           really overwrite: needed for the configured DATABASE_URL and for any database that has tables
//   --pg-bin DIR    take pg_restore from DIR instead of searching for the one matching the server's major version
// pg_restore runs with --clean --if-exists --no-owner --no-privileges --single-transaction: what the backup holds
// replaces what the database has, objects are owned by the user in the URL, and a failure leaves the database as it was.
// Stop the web app and workers first; start them again afterwards (Redis holds no only copy of anything).
import { existsSync } from "node:fs";
import path from "node:path";
import {
  OpsError,
  configuredDatabaseUrl,
  databaseName,
  findPgTool,
  libpqConnection,
  parseArgs,
  redactUrl,
  runTool,
  sameDatabase,
  serverMajor,
  tail,
  withClient,
} from "./lib/pg-tools.mjs";
import { databaseUrl } from "./lib/scratch.mjs";

const log = (msg) => console.log(`[restore] ${msg}`);
const USAGE = "usage: node scripts/restore.mjs <file.dump> [--database-url URL] [--create] [--yes] [--pg-bin DIR]";

async function main() {
  const args = parseArgs(process.argv.slice(2), { values: ["database-url", "pg-bin"], booleans: ["create", "yes", "help"] });
  if (args.help) {
    console.log(USAGE);
    return;
  }
  if (args._.length !== 1) throw new OpsError(`name one backup file\n${USAGE}`);
  const file = path.resolve(args._[0]);
  if (!existsSync(file)) throw new OpsError(`${file} does not exist`);

  const configured = configuredDatabaseUrl();
  const target = args["database-url"] ?? configured;
  const name = databaseName(target);
  if (!name) throw new OpsError(`${redactUrl(target)} names no database`);
  const shown = redactUrl(target);
  if (sameDatabase(target, configured) && !args.yes) {
    throw new OpsError(
      `refusing to restore into ${shown}: it is this install's DATABASE_URL, and a restore replaces its contents.\n` +
        `Stop the web app and workers, then run again with --yes; or restore elsewhere with --database-url <url> --create.`,
    );
  }

  // The server's `postgres` database answers even when the target does not exist yet.
  const maintenance = databaseUrl(target, "postgres");
  const major = await serverMajor(maintenance);
  const pgRestore = findPgTool("pg_restore", major, args["pg-bin"]);
  const conn = libpqConnection(target);

  // Read the archive before touching anything: a corrupt or foreign file stops here.
  const list = await runTool(pgRestore.file, ["--list", file], { env: conn.env });
  if (list.code !== 0) throw new OpsError(`${file} is not a readable pg_dump archive (pg_restore --list exit ${list.code})\n${tail(list.stderr)}`);
  const tables = list.stdout.split("\n").filter((l) => / TABLE DATA /.test(l)).length;
  const from = /Dumped from database version: (.*)/.exec(list.stdout)?.[1]?.trim();
  const at = /Archive created at (.*)/.exec(list.stdout)?.[1]?.trim();
  log(`${file}: ${tables} tables, made ${at ?? "at an unknown time"} from PostgreSQL ${from ?? "?"}`);

  const exists = await withClient(maintenance, async (client) => (await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount > 0);
  if (!exists) {
    if (!args.create) throw new OpsError(`database "${name}" does not exist on ${redactUrl(maintenance)}; pass --create to create it`);
    await withClient(maintenance, (client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`));
    log(`created database "${name}"`);
  } else if (!args.yes) {
    const existing = await withClient(target, async (client) => {
      const { rows } = await client.query("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')");
      return rows[0].n;
    });
    if (existing > 0) {
      throw new OpsError(`refusing to restore into ${shown}: it already has ${existing} tables, which the restore would replace. Run again with --yes to overwrite.`);
    }
  }

  log(`restoring into ${shown} with ${pgRestore.file}`);
  const restore = await runTool(
    pgRestore.file,
    ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", "--no-password", `--dbname=${conn.url}`, file],
    { env: conn.env, echoStderr: true },
  );
  if (restore.code !== 0) {
    throw new OpsError(`pg_restore failed (exit ${restore.code}); the restore ran in one transaction, so ${shown} is unchanged\n${tail(restore.stderr)}`);
  }
  const migration = await withClient(target, async (client) => {
    const { rows } = await client.query(`SELECT "migration_name" FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL ORDER BY "migration_name" DESC LIMIT 1`).catch(() => ({ rows: [] }));
    return rows[0]?.migration_name;
  });
  log(`restored ${tables} tables into ${shown}${migration ? ` (latest migration ${migration})` : ""}`);
  log("start the web app and workers again; if this T-Minus is newer than the backup, run npm run db:migrate first");
}

main().catch((err) => {
  console.error(`[restore] ${err instanceof OpsError ? err.message : err.stack}`);
  process.exit(1);
});
