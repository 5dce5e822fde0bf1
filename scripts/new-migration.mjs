#!/usr/bin/env node
// `npm run db:migration -- <name>`: writes the SQL that takes the last migration's schema to prisma/schema.prisma.
// `prisma migrate dev` cannot run here (its adapter misreads pg_catalog), so each migration keeps a snapshot of the
// schema it produced and the next one is diffed from that snapshot, without a shadow database.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const name = (process.argv[2] ?? "").trim();
if (!/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -- <name>   (name: lower-case letters, digits and _)");
  process.exit(2);
}
const migrationsDir = path.join(root, "prisma", "migrations");
mkdirSync(migrationsDir, { recursive: true });
const previous = readdirSync(migrationsDir).filter((d) => /^\d{14}_/.test(d)).sort().at(-1);
const from = previous
  ? ["--from-schema-datamodel", path.join(migrationsDir, previous, "schema.prisma")]
  : ["--from-empty"];
const diff = spawnSync(
  process.execPath,
  [path.join(root, "scripts", "prisma.mjs"), "migrate", "diff", ...from, "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
  { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
);
if (diff.status !== 0) process.exit(diff.status ?? 1);
if (/^-- This is an empty migration\.\s*$/m.test(diff.stdout) || !diff.stdout.trim()) {
  console.log("schema.prisma matches the last migration: nothing to write.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join(migrationsDir, `${stamp}_${name}`);
mkdirSync(dir);
writeFileSync(path.join(dir, "migration.sql"), diff.stdout);
copyFileSync(path.join(root, "prisma", "schema.prisma"), path.join(dir, "schema.prisma"));
if (!existsSync(path.join(migrationsDir, "migration_lock.toml"))) {
  writeFileSync(path.join(migrationsDir, "migration_lock.toml"), 'provider = "postgresql"\n');
}
console.log(`wrote prisma/migrations/${stamp}_${name}/migration.sql — review it, then npm run db:migrate`);
