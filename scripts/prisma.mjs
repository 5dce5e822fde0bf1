#!/usr/bin/env node
// Runs the Prisma CLI offline: the native engines cannot be downloaded here, and with
// engine "js" + driver adapters (prisma.config.ts) neither placeholder below is executed.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const placeholderDir = path.join(root, "node_modules", ".cache", "tminus");
const placeholder = path.join(placeholderDir, "prisma-engine-placeholder");
if (!existsSync(placeholder)) {
  mkdirSync(placeholderDir, { recursive: true });
  writeFileSync(placeholder, "not an engine: prisma runs with engine=js and driver adapters\n");
}

const env = {
  ...process.env,
  PRISMA_QUERY_ENGINE_LIBRARY: process.env.PRISMA_QUERY_ENGINE_LIBRARY ?? placeholder,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? placeholder,
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  CHECKPOINT_DISABLE: "1",
};
const bin = path.join(root, "node_modules", "prisma", "build", "index.js");
const preload = path.join(root, "scripts", "prisma-preload.cjs");
const result = spawnSync(process.execPath, ["--require", preload, bin, ...process.argv.slice(2)], { stdio: "inherit", env, cwd: root });
process.exit(result.status ?? 1);
