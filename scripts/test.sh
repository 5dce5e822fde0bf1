#!/usr/bin/env bash
# `npm test`: the whole suite, from a fresh clone, against the real PostgreSQL, Redis and Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

step() { printf '\n[test] %s\n' "$*"; }

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "installing dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi

step "services: PostgreSQL, Redis, Chromium"
node scripts/ensure-services.mjs --chromium

step "prisma generate"
node scripts/prisma.mjs generate >/dev/null

step "typecheck"
npx tsc --noEmit

step "lint"
npx eslint --max-warnings=0 .

step "unit tests"
npx vitest run --project unit

step "integration tests (real PostgreSQL and Redis)"
npx vitest run --project integration

step "end-to-end tests (Playwright, Chromium)"
node scripts/e2e.mjs

step "all suites passed"
