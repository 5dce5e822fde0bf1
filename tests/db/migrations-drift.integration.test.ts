import { spawnSync } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { describeCatalog } from "@/tests/helpers/catalog";
import { createDatabase, databaseUrl, dropDatabase } from "@/scripts/lib/scratch.mjs";

// Introspection fails offline, so drift is caught by building the schema both ways and comparing catalogs.
const root = path.resolve(__dirname, "../..");
// Objects only migration SQL can make (schema.prisma cannot declare them): they must exist, and are compared apart.
const SQL_ONLY_INDEXES = ["Deployment_one_active_per_target", "Launch_one_active_per_project", "FeedbackItem_search_idx", "FeedbackItem_title_trgm_idx"];
// Partitioned monitoring storage (lib/monitoring/storage.ts); their partitions are made at run time, not by migrations.
const SQL_ONLY_TABLES = ["CheckResult", "CheckRollupMinute", "CheckRollupHour", "CheckRollupDay"];
const server = inject("serverUrl");
const fromMigrations = `tminus_test_drift_${process.pid}_a`;
const fromSchema = `tminus_test_drift_${process.pid}_b`;
const prisma = (args: string[], url: string) =>
  spawnSync(process.execPath, [path.join(root, "scripts/prisma.mjs"), ...args], { cwd: root, env: { ...process.env, DATABASE_URL: url }, encoding: "utf8" });

describe("migrations and schema.prisma", () => {
  afterAll(async () => {
    await dropDatabase(server, fromMigrations);
    await dropDatabase(server, fromSchema);
  });

  it("produce the same tables, columns, indexes, constraints and enums", async () => {
    await createDatabase(server, fromMigrations);
    await createDatabase(server, fromSchema);
    const deploy = prisma(["migrate", "deploy"], databaseUrl(server, fromMigrations));
    expect(deploy.status, deploy.stderr).toBe(0);

    const diff = prisma(["migrate", "diff", "--from-empty", "--to-schema-datamodel", "prisma/schema.prisma", "--script"], databaseUrl(server, fromSchema));
    expect(diff.status, diff.stderr).toBe(0);
    const c = new pg.Client({ connectionString: databaseUrl(server, fromSchema) });
    await c.connect();
    await c.query(diff.stdout);
    await c.end();

    const [a, b] = await Promise.all([describeCatalog(databaseUrl(server, fromMigrations)), describeCatalog(databaseUrl(server, fromSchema))]);
    expect(a.tables.length).toBeGreaterThan(5);
    const nameOf = (row: string) => (JSON.parse(row) as { indexname: string }).indexname;
    for (const index of SQL_ONLY_INDEXES) expect(a.indexes.map(nameOf), `migration SQL creates ${index}`).toContain(index);
    a.indexes = a.indexes.filter((row) => !SQL_ONLY_INDEXES.includes(nameOf(row)));
    const tableOf = (row: string) => {
      const r = JSON.parse(row) as { table_name?: string; tablename?: string; tbl?: string };
      return (r.table_name ?? r.tablename ?? r.tbl ?? "").replace(/"/g, "");
    };
    for (const table of SQL_ONLY_TABLES) expect(a.tables.map(tableOf), `migration SQL creates ${table}`).toContain(table);
    const sqlOnly = (row: string) => SQL_ONLY_TABLES.some((t) => tableOf(row) === t || tableOf(row).startsWith(`${t}_p`));
    for (const key of ["tables", "columns", "indexes", "constraints"] as const) a[key] = a[key].filter((row) => !sqlOnly(row));
    expect(a, "run `npm run db:migration -- <name>` after changing prisma/schema.prisma").toEqual(b);
  });
});
