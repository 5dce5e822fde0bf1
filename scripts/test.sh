#!/usr/bin/env bash
# `npm test`: the whole suite, from a fresh clone, against the real PostgreSQL, Redis and Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

step() { printf '\n[test] %s\n' "$*"; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Each runner's output is kept to add up one closing "N passed, N failed" line.
run() { "$@" 2>&1 | tee -a "$log"; }

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "installing dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi

step "services: PostgreSQL, Redis, Chromium"
node scripts/ensure-services.mjs --chromium

if ! command -v redis-server >/dev/null; then
  # The Redis-outage test runs and kills a redis-server of its own, so the binary must exist even when the
  # shared Redis lives elsewhere. Its Debian service must not start: the shared Redis may hold 6379.
  step "installing redis-server (binary only)"
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    created_policy=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; created_policy=1; fi
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server
    if [ "$created_policy" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
  else
    echo "[test] redis-server is not installed; install it (e.g. apt-get install redis-server) and run npm test again" >&2
    exit 1
  fi
fi

step "prisma generate"
node scripts/prisma.mjs generate >/dev/null

step "typecheck"
npx tsc --noEmit

step "lint"
npx eslint --max-warnings=0 .

step "unit tests"
run npx vitest run --project unit

step "integration tests (real PostgreSQL and Redis)"
run npx vitest run --project integration

step "end-to-end tests (Playwright, Chromium)"
run node scripts/e2e.mjs

plain=$(sed 's/\x1b\[[0-9;]*m//g' "$log")
vitest_passed=$(grep -E '^ +Tests +[0-9]+ passed' <<<"$plain" | grep -oE '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
e2e_passed=$(grep -E '^ +[0-9]+ passed \(' <<<"$plain" | awk '{s+=$1} END {print s+0}')
step "all suites passed"
echo "$((vitest_passed + e2e_passed)) passed, 0 failed"
