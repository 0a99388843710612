#!/usr/bin/env bash
# Browser end-to-end tests of the web console: starts `BUILD_BIN serve` on a free port with a
# throw-away data dir and web/dist, runs web/e2e/*.test.mjs (playwright-core + /usr/bin/chromium,
# axe-core), then the login-route performance measurement; stops the server whatever happens.
# Usage: scripts/e2e.sh [BUILD_BIN]   (default build/onegrid). Screenshots: build/e2e/.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$here/build/onegrid}"
[[ "$bin" = /* ]] || bin="$PWD/$bin"
[[ -x "$bin" ]] || { echo "e2e: no server binary at $bin" >&2; exit 2; }
[[ -f "$here/web/dist/index.html" ]] || { echo "e2e: build the console first (cd web && npm run build)" >&2; exit 2; }
[[ -x /usr/bin/chromium ]] || { echo "e2e: /usr/bin/chromium missing (apt-get install chromium)" >&2; exit 2; }

out="$here/build/e2e"
mkdir -p "$out"
data="$(mktemp -d /tmp/onegrid-e2e.XXXXXX)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
log="$out/server.log"
pid=""
cleanup() {
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -rf "$data"
}
trap cleanup EXIT

# A thousand demo events (the dashboard and KPI pages have data) rather than the default year's
# 20,000: the sanitizer build seeds them in seconds instead of minutes. The suites log in some
# thirty times from one address within a minute: the login rate limit (tested by the integration
# suite) is raised so it never decides an e2e run.
"$bin" serve --listen "127.0.0.1:$port" --data-dir "$data" --web-root "$here/web/dist" \
  --demo-events "${E2E_DEMO_EVENTS:-1000}" --login-burst 200 >"$log" 2>&1 &
pid=$!
base="http://127.0.0.1:$port"
for i in $(seq 1800); do
  if curl -fsS -o /dev/null "$base/readyz" 2>/dev/null; then break; fi
  kill -0 "$pid" 2>/dev/null || { echo "e2e: server exited"; cat "$log"; exit 1; }
  sleep 0.1
  [[ $i -eq 1800 ]] && { echo "e2e: server not ready after 180 s"; cat "$log"; exit 1; }
done
echo "e2e: server at $base"

status=0
(cd "$here/web" && BASE_URL="$base" SCREENSHOT_DIR="$out" npm run --silent e2e) || status=1
(cd "$here/web" && BASE_URL="$base" node scripts/measure.mjs | tee "$out/performance.md") || status=1
echo "e2e: screenshots and reports in $out"
exit $status
