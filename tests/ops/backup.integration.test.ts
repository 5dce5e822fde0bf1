import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createMigratedDatabase, databaseUrl, dropDatabase } from "@/scripts/lib/scratch.mjs";
import { uid } from "@/tests/helpers/fixtures";

// npm run backup / npm run restore end to end: the real scripts as child processes, against databases of their own on
// the test server (never the developer's), seeded with the demo data the way `npm run db:seed` does it.
const ROOT = path.resolve(import.meta.dirname, "../..");
const serverUrl = inject("serverUrl");
const suffix = uid();
const SRC = `tminus_backup_src_${suffix}`;
const DST = `tminus_backup_dst_${suffix}`;
const srcUrl = databaseUrl(serverUrl, SRC);
const dstUrl = databaseUrl(serverUrl, DST);
const work = mkdtempSync(path.join(tmpdir(), "tminus-backup-"));
const BACKUP = /^tminus-\d{8}T\d{6}Z\.dump$/;

/** Runs scripts/<script> with DATABASE_URL set (as an operator's shell or .env would) and the given arguments. */
function run(script: string, args: string[], databaseUrlEnv = srcUrl) {
  const res = spawnSync(process.execPath, [path.join(ROOT, "scripts", script), ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrlEnv },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr, output: `${res.stdout}${res.stderr}` };
}

async function withDb<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Every table in public: row count and an md5 over its rows in a fixed order; and every sequence's position. */
const snapshot = (url: string) =>
  withDb(url, async (client) => {
    const out: Record<string, { rows: number; md5: string | null } | string> = {};
    const { rows: tables } = await client.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
    for (const { name } of tables) {
      const id = client.escapeIdentifier(name);
      const { rows } = await client.query(`SELECT count(*)::int AS rows, md5(string_agg(t::text, '|' ORDER BY t::text)) AS md5 FROM public.${id} t`);
      out[name] = rows[0];
    }
    const { rows: seqs } = await client.query<{ name: string; last: string | null }>(
      `SELECT sequencename AS name, last_value::text AS last FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1`,
    );
    for (const s of seqs) out[`sequence ${s.name}`] = s.last ?? "unused";
    return out;
  });

beforeAll(async () => {
  await createMigratedDatabase(serverUrl, SRC);
  // The demo seed, as `npm run db:seed` runs it, into the source database (its Redis keys under this run's prefix).
  const seed = spawnSync(process.execPath, ["--import", "tsx", "prisma/seed.ts"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: srcUrl, REDIS_PREFIX: `${inject("redisPrefix")}:backup-seed` },
    encoding: "utf8",
    timeout: 280_000,
  });
  expect(seed.status, `${seed.stdout}\n${seed.stderr}`).toBe(0);
}, 300_000);

afterAll(async () => {
  await dropDatabase(serverUrl, SRC);
  await dropDatabase(serverUrl, DST);
  rmSync(work, { recursive: true, force: true });
});

describe("npm run backup / npm run restore", () => {
  let backupFile = "";

  it("backs up a seeded database and restores it into a fresh one with every table's rows and the migrations identical", async () => {
    const dir = path.join(work, "roundtrip");
    const backup = run("backup.mjs", ["--dir", dir]);
    expect(backup.status, backup.output).toBe(0);
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(BACKUP);
    backupFile = path.join(dir, files[0]);
    expect(backup.stdout).toContain(`wrote ${backupFile}`);

    const restore = run("restore.mjs", [backupFile, "--database-url", dstUrl, "--create"]);
    expect(restore.status, restore.output).toBe(0);
    expect(restore.stdout).toContain(`created database "${DST}"`);
    expect(restore.stdout).toMatch(/restored \d+ tables into .*\(latest migration \d+_\w+\)/);

    const [before, after] = [await snapshot(srcUrl), await snapshot(dstUrl)];
    expect(Object.keys(after)).toEqual(Object.keys(before));
    for (const table of Object.keys(before)) expect(after[table], table).toEqual(before[table]);
    // The comparison covered real data: the migrations and the demo project's rows, not a set of empty tables.
    const rows = (t: string) => (before[t] as { rows: number }).rows;
    expect(rows("_prisma_migrations")).toBeGreaterThan(0);
    for (const t of ["User", "Project", "Target", "Check", "Release", "Deployment", "QaRun", "QaArtifact", "FeedbackItem", "Launch", "ChecklistItem", "AuditLog"]) {
      expect(rows(t), t).toBeGreaterThan(0);
    }
  });

  it("restore refuses to overwrite the configured DATABASE_URL without --yes, or any database that has tables", async () => {
    // The restored copy stands in for an install's own database: DATABASE_URL points at it.
    await withDb(dstUrl, (c) => c.query(`UPDATE "Project" SET "name" = 'edited after the backup'`));
    const projectNames = () => withDb(dstUrl, async (c) => (await c.query(`SELECT DISTINCT "name" FROM "Project"`)).rows.map((r) => r.name));

    const implicit = run("restore.mjs", [backupFile], dstUrl);
    expect(implicit.status).toBe(1);
    expect(implicit.stderr).toMatch(/refusing to restore into .*tminus_backup_dst_\w+: it is this install's DATABASE_URL.*\n.*--yes/);
    // Named explicitly, however the URL is spelled, it is still the configured database.
    const explicit = run("restore.mjs", [backupFile, "--database-url", dstUrl.replace("127.0.0.1", "localhost")], dstUrl);
    expect(explicit.status).toBe(1);
    expect(explicit.stderr).toMatch(/it is this install's DATABASE_URL/);
    // Another database that has tables is not overwritten without --yes either.
    const other = run("restore.mjs", [backupFile, "--database-url", dstUrl], srcUrl);
    expect(other.status).toBe(1);
    expect(other.stderr).toMatch(/already has \d+ tables, which the restore would replace\. Run again with --yes/);
    expect(await projectNames()).toEqual(["edited after the backup"]);

    const confirmed = run("restore.mjs", [backupFile, "--yes"], dstUrl);
    expect(confirmed.status, confirmed.output).toBe(0);
    expect(await projectNames()).not.toContain("edited after the backup");
    expect(await snapshot(dstUrl)).toEqual(await snapshot(srcUrl));

    // A file that is not an archive stops before anything is touched.
    const junk = path.join(work, "junk.dump");
    writeFileSync(junk, "not a dump");
    const bad = run("restore.mjs", [junk, "--yes"], dstUrl);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/is not a readable pg_dump archive/);
  });

  it("keeps the newest --keep backups, deletes only files named like backups, and --max-age-days drops old ones", () => {
    const dir = path.join(work, "retention");
    mkdirSync(dir);
    const old = ["tminus-20200101T000000Z.dump", "tminus-20230615T120000Z.dump", "tminus-20240301T080000Z.dump"];
    const unrelated = ["notes.txt", "tminus-manual.dump", "tminus-20190101T000000Z.dump.bak", "other-20190101T000000Z.dump"];
    for (const f of [...old, ...unrelated]) writeFileSync(path.join(dir, f), "x");

    const first = run("backup.mjs", ["--dir", dir, "--keep", "2"]);
    expect(first.status, first.output).toBe(0);
    const made = readdirSync(dir).filter((f) => BACKUP.test(f) && !old.includes(f));
    expect(made).toHaveLength(1);
    expect(readdirSync(dir).sort()).toEqual([...unrelated, "tminus-20240301T080000Z.dump", made[0]].sort());
    expect(first.stdout).toContain(`deleted ${path.join(dir, "tminus-20200101T000000Z.dump")} (beyond the newest 2)`);
    expect(first.stdout).toContain(`deleted ${path.join(dir, "tminus-20230615T120000Z.dump")} (beyond the newest 2)`);

    const second = run("backup.mjs", ["--dir", dir, "--keep", "10", "--max-age-days", "30"]);
    expect(second.status, second.output).toBe(0);
    expect(second.stdout).toContain(`deleted ${path.join(dir, "tminus-20240301T080000Z.dump")} (older than 30 days)`);
    const backups = readdirSync(dir).filter((f) => BACKUP.test(f));
    expect(backups).toHaveLength(2);
    expect(backups).toContain(made[0]);
    expect(readdirSync(dir).filter((f) => !BACKUP.test(f)).sort()).toEqual([...unrelated].sort());
  });

  it("fails with a clear message and leaves no file when pg_dump is missing or fails", async () => {
    const empty = path.join(work, "no-tools");
    mkdirSync(empty);
    const dirA = path.join(work, "missing");
    const missing = run("backup.mjs", ["--dir", dirA, "--pg-bin", empty]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/pg_dump not found in .*no-tools\. Install the PostgreSQL \d+ client tools/);

    // A pg_dump of the right version that writes half an archive and then fails, as on a full disk or a lost connection.
    const major = await withDb(srcUrl, async (c) => Math.floor(Number((await c.query("SHOW server_version_num")).rows[0].server_version_num) / 10000));
    const fake = path.join(work, "failing-tools");
    mkdirSync(fake);
    const version = `case "$1" in --version) echo "$(basename "$0") (PostgreSQL) ${major}.0"; exit 0;; esac\n`;
    writeFileSync(
      path.join(fake, "pg_dump"),
      `#!/bin/sh\n${version}for a in "$@"; do case "$a" in --file=*) printf 'PGDMP half an archive' > "\${a#--file=}";; esac; done\necho "pg_dump: error: simulated failure" >&2\nexit 1\n`,
    );
    writeFileSync(path.join(fake, "pg_restore"), `#!/bin/sh\n${version}exit 1\n`);
    for (const f of ["pg_dump", "pg_restore"]) chmodSync(path.join(fake, f), 0o755);
    const dirB = path.join(work, "failing");
    const failed = run("backup.mjs", ["--dir", dirB, "--pg-bin", fake]);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/pg_dump failed \(exit 1\); nothing written\n.*simulated failure/);
    expect(readdirSync(dirB)).toEqual([]);

    // A server that does not answer for the database named.
    const gone = run("backup.mjs", ["--dir", dirB], databaseUrl(serverUrl, `tminus_backup_absent_${suffix}`));
    expect(gone.status).toBe(1);
    expect(gone.stderr).toMatch(/cannot connect to .*tminus_backup_absent_\w+: database .* does not exist/);
    expect(readdirSync(dirB)).toEqual([]);
  });
});
