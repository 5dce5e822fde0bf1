#!/usr/bin/env node
// The feedback widget's weight on other people's pages: public/widget.js gzipped (level 9, as a CDN would), at most
// 15 kB. Prints the figure; exits 1 above the budget. `node scripts/widget-size.mjs [file]` checks another file.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

export const WIDGET_BUDGET_BYTES = 15 * 1024;
const DEFAULT_FILE = fileURLToPath(new URL("../public/widget.js", import.meta.url));

/** Raw and gzipped bytes of the file. */
export function widgetSize(file = DEFAULT_FILE) {
  const raw = readFileSync(file);
  return { raw: raw.length, gzip: gzipSync(raw, { level: 9 }).length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2] ?? DEFAULT_FILE;
  const { raw, gzip } = widgetSize(file);
  const kB = (n) => `${(n / 1024).toFixed(1)} kB`;
  const verdict = gzip <= WIDGET_BUDGET_BYTES ? "within" : "OVER";
  console.log(`${path.basename(file)}: ${kB(gzip)} gzipped (${kB(raw)} raw), ${verdict} the ${kB(WIDGET_BUDGET_BYTES)} budget`);
  if (gzip > WIDGET_BUDGET_BYTES) process.exit(1);
}
