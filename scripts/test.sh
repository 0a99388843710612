#!/usr/bin/env bash
# Runs the whole suite from a test build dir: starts a throw-away PostgreSQL on 127.0.0.1,
# runs CTest (unit, store and integration tests; the integration suite once per driver),
# and stops PostgreSQL again whatever happens.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-build-asan}"
[[ "$build" = /* ]] || build="$here/$build"

tmp="$(mktemp -d /tmp/onegrid-test.XXXXXX)"
if [[ $(id -u) -eq 0 ]]; then chown postgres "$tmp"; fi
cleanup() {
  "$here/scripts/pg-temp.sh" stop "$tmp" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

ONEGRID_TEST_PG_URL="$("$here/scripts/pg-temp.sh" start "$tmp")"
export ONEGRID_TEST_PG_URL
echo "test: PostgreSQL at $ONEGRID_TEST_PG_URL"

# ASan: fail on leaks and errors; UBSan: print stacks.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:strict_string_checks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

# Unit and store tests in parallel; then the integration suite once per driver, whose
# GoogleTest summaries are printed (the full output goes to build/…/integration.log).
status=0
ctest --test-dir "$build" --output-on-failure -j "$(nproc)" --timeout 1500 -E '^integration_' || status=1
log="$build/integration.log"
if ctest --test-dir "$build" --timeout 1500 -R '^integration_' -V >"$log" 2>&1; then
  grep -E '^[0-9]+: (\[==========\]|\[  PASSED  \]|durability:)|tests passed' "$log" || true
else
  status=1
  grep -E 'Failure|FAILED|Expected|Which is|Value of|  Actual|ERROR|tests passed' "$log" | head -200
  echo "test: integration failed; full output in $log"
fi
# Web console: unit tests (vitest), then browser end-to-end tests (playwright-core + Debian's
# chromium, axe-core) against this build's server.
if [[ -f "$here/web/package.json" ]]; then
  (cd "$here/web" && npm test) || status=1
  "$here/scripts/e2e.sh" "$build/onegrid" || status=1
fi
exit $status
