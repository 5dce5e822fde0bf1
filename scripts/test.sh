#!/usr/bin/env bash
# `npm test`: the whole suite, from a fresh clone, against the real PostgreSQL, Redis and Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

step() { printf '\n[test] %s (%s)\n' "$*" "$(date -u +%H:%M:%S)"; }
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

# Both are single-threaded: side by side they take the time of the longer one. Each one's output is printed whole.
step "typecheck and lint"
tsc_out=$(mktemp); lint_out=$(mktemp)
npx tsc --noEmit >"$tsc_out" 2>&1 & tsc_pid=$!
npx eslint --max-warnings=0 . >"$lint_out" 2>&1 & lint_pid=$!
tsc_rc=0; lint_rc=0
wait "$tsc_pid" || tsc_rc=$?
wait "$lint_pid" || lint_rc=$?
cat "$tsc_out" "$lint_out"; rm -f "$tsc_out" "$lint_out"
if [ "$tsc_rc" != 0 ]; then echo "[test] typecheck failed" >&2; fi
if [ "$lint_rc" != 0 ]; then echo "[test] lint failed" >&2; fi
if [ "$tsc_rc" != 0 ] || [ "$lint_rc" != 0 ]; then exit 1; fi

step "unit tests"
run npx vitest run --project unit

# The browser side (the production build, then Playwright against it) runs beside the integration tests: both spend
# most of their time waiting (on PostgreSQL, Redis, child processes and live updates), so side by side they share the
# two cores instead of queueing for them. They share nothing else: each has its own database and Redis prefix, and the
# integration tests take free ports. The browser side's output is printed whole when both are done.
step "integration tests (real PostgreSQL and Redis), with the production build and the end-to-end tests (Playwright, Chromium) beside them"
browser_log=$(mktemp)
# Its own session, so a failure on the integration side can stop it whole (e2e.mjs then stops its servers and drops
# its database on SIGTERM).
setsid --wait node scripts/e2e.mjs >"$browser_log" 2>&1 &
browser_pid=$!
integration_rc=0
run npx vitest run --project integration || integration_rc=$?
if [ "$integration_rc" != 0 ]; then
  kill -TERM -- "-$browser_pid" 2>/dev/null || kill -TERM "$browser_pid" 2>/dev/null || true
  wait "$browser_pid" 2>/dev/null || true
  rm -f "$browser_log"
  exit "$integration_rc"
fi
step "integration tests passed; waiting for the end-to-end tests"
browser_rc=0
wait "$browser_pid" || browser_rc=$?

step "production build and end-to-end tests (they ran beside the integration tests)"
tee -a "$log" <"$browser_log"
rm -f "$browser_log"
if [ "$browser_rc" != 0 ]; then echo "[test] the production build or the end-to-end tests failed (above)" >&2; exit "$browser_rc"; fi

plain=$(sed 's/\x1b\[[0-9;]*m//g' "$log")
vitest_passed=$(grep -E '^ +Tests +[0-9]+ passed' <<<"$plain" | grep -oE '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
e2e_passed=$(grep -E '^ +[0-9]+ passed \(' <<<"$plain" | awk '{s+=$1} END {print s+0}')
step "all suites passed"
echo "$((vitest_passed + e2e_passed)) passed, 0 failed, in $((SECONDS / 60)) min $((SECONDS % 60)) s"
