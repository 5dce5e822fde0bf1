#!/usr/bin/env node
// First-load JavaScript per page route of the last `next build`, gzipped: the runtime chunks every page loads plus
// every chunk the route's client reference manifest lists (layouts, boundaries, page). Exits 1 above the budget.
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import { gzipSync } from "node:zlib";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const NEXT = path.join(ROOT, ".next");
const BUDGET_KB = Number(process.env.JS_BUDGET_KB ?? 180);

const gzCache = new Map();
const gzBytes = (file) => {
  if (!gzCache.has(file)) gzCache.set(file, gzipSync(readFileSync(path.join(NEXT, file))).length);
  return gzCache.get(file);
};

function* manifests(dir) {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* manifests(full);
    else if (name === "page_client-reference-manifest.js") yield full;
  }
}

/** The manifest is a script that assigns globalThis.__RSC_MANIFEST[entry]; run it in an empty context. */
function entryFiles(file) {
  const sandbox = { globalThis: {}, self: {} };
  sandbox.globalThis = sandbox;
  vm.runInNewContext(readFileSync(file, "utf8"), sandbox);
  const [entry, manifest] = Object.entries(sandbox.__RSC_MANIFEST ?? {})[0] ?? [];
  return { entry, files: Object.values(manifest?.entryJSFiles ?? {}).flat() };
}

const routeOf = (entry) =>
  entry
    .replace(/\/page$/, "")
    .replace(/\/\([^)]+\)/g, "")
    .replace(/^$/, "/") || "/";

let buildManifest;
try {
  buildManifest = JSON.parse(readFileSync(path.join(NEXT, "build-manifest.json"), "utf8"));
} catch {
  console.error("[js-budget] no .next/build-manifest.json: run `next build` first");
  process.exit(2);
}
const shared = buildManifest.rootMainFiles ?? [];
const rows = [];
for (const file of manifests(path.join(NEXT, "server", "app"))) {
  const { entry, files } = entryFiles(file);
  if (!entry) continue;
  const all = new Set([...shared, ...files]);
  const bytes = [...all].reduce((sum, f) => sum + gzBytes(f), 0);
  rows.push({ route: routeOf(entry), kb: bytes / 1024 });
}
rows.sort((a, b) => a.route.localeCompare(b.route));

const width = Math.max(...rows.map((r) => r.route.length), 5);
console.log(`[js-budget] first-load JS per route, gzipped (budget ${BUDGET_KB} kB)`);
console.log(`  ${"Route".padEnd(width)}  ${"kB".padStart(7)}`);
for (const r of rows) console.log(`  ${r.route.padEnd(width)}  ${r.kb.toFixed(1).padStart(7)}${r.kb > BUDGET_KB ? "  OVER BUDGET" : ""}`);
const over = rows.filter((r) => r.kb > BUDGET_KB);
if (over.length) {
  console.error(`[js-budget] ${over.length} route(s) over ${BUDGET_KB} kB: ${over.map((r) => r.route).join(", ")}`);
  process.exit(1);
}
