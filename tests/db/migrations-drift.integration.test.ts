import { spawnSync } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { describeCatalog } from "@/tests/helpers/catalog";

// Introspection fails offline, so drift is caught by building the schema both ways and comparing catalogs.
const root = path.resolve(__dirname, "../..");
const maintenance = inject("maintenanceUrl");
const name = `tminus_test_drift_${process.pid}`;
const urlFor = (db: string) => {
  const u = new URL(maintenance);
  u.pathname = `/${db}`;
  return u.toString();
};
const prisma = (args: string[], databaseUrl: string) =>
  spawnSync(process.execPath, [path.join(root, "scripts/prisma.mjs"), ...args], { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: "utf8" });

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: maintenance });
  await c.connect();
  await c.query(sql);
  await c.end();
}

describe("migrations and schema.prisma", () => {
  afterAll(async () => {
    await admin(`DROP DATABASE IF EXISTS "${name}_a" WITH (FORCE)`);
    await admin(`DROP DATABASE IF EXISTS "${name}_b" WITH (FORCE)`);
  });

  it("produce the same tables, columns, indexes, constraints and enums", async () => {
    await admin(`CREATE DATABASE "${name}_a"`);
    await admin(`CREATE DATABASE "${name}_b"`);
    const deploy = prisma(["migrate", "deploy"], urlFor(`${name}_a`));
    expect(deploy.status, deploy.stderr).toBe(0);

    const diff = prisma(["migrate", "diff", "--from-empty", "--to-schema-datamodel", "prisma/schema.prisma", "--script"], urlFor(`${name}_b`));
    expect(diff.status, diff.stderr).toBe(0);
    const c = new pg.Client({ connectionString: urlFor(`${name}_b`) });
    await c.connect();
    await c.query(diff.stdout);
    await c.end();

    const [fromMigrations, fromSchema] = await Promise.all([describeCatalog(urlFor(`${name}_a`)), describeCatalog(urlFor(`${name}_b`))]);
    expect(fromMigrations.tables.length).toBeGreaterThan(5);
    expect(fromMigrations, "run `npm run db:migration -- <name>` after changing prisma/schema.prisma").toEqual(fromSchema);
  });
});
