#!/usr/bin/env bash
# Authenticated JSON read vs nginx serving the same bytes, in one run, on this machine.
# Measures requests/s and latency (wrk -t2 -c64) and the server's peak resident memory, and
# writes them to docs/performance.md. Usage: bench/http_bench.sh [seconds]   (needs build/onegrid)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
secs="${1:-15}"
bin="$here/build/onegrid"
[[ -x "$bin" ]] || { echo "build first: make build" >&2; exit 1; }
command -v wrk >/dev/null && command -v nginx >/dev/null || { echo "needs wrk and nginx (scripts/install-deps.sh --test)" >&2; exit 1; }

tmp="$(mktemp -d /tmp/onegrid-bench.XXXXXX)"
cleanup() {
  [[ -n "${server_pid:-}" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  [[ -f "$tmp/nginx.pid" ]] && kill "$(cat "$tmp/nginx.pid")" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
api_port=$(free_port)
"$bin" serve --listen "127.0.0.1:$api_port" --data-dir "$tmp/data" --demo-events 0 >"$tmp/server.out" 2>"$tmp/server.err" &
server_pid=$!
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$api_port/readyz" >/dev/null && break; sleep 0.1; done

token=$(curl -sf -X POST "http://127.0.0.1:$api_port/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"username":"community","password":"onegrid-demo"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
community=$(curl -sf "http://127.0.0.1:$api_port/api/v1/org/units?kind=community&limit=1" -H "Authorization: Bearer $token" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
path="/api/v1/org/units?kind=grid&parent_id=$community"
mkdir -p "$tmp/www"
curl -sf "http://127.0.0.1:$api_port$path" -H "Authorization: Bearer $token" >"$tmp/www/grids.json"
bytes=$(stat -c %s "$tmp/www/grids.json")

nginx_port=$(free_port)
cat >"$tmp/nginx.conf" <<CONF
worker_processes 2;
pid $tmp/nginx.pid;
error_log $tmp/nginx.err warn;
events { worker_connections 1024; }
http {
  access_log off;
  types { application/json json; }
  server {
    listen 127.0.0.1:$nginx_port;
    root $tmp/www;
  }
}
CONF
nginx -c "$tmp/nginx.conf" -p "$tmp"
sleep 0.3

run_wrk() {  # url [header] -> "rps p50 p99"
  local out
  if [[ $# -gt 1 ]]; then out=$(wrk -t2 -c64 -d"${secs}s" --latency -H "$2" "$1"); else out=$(wrk -t2 -c64 -d"${secs}s" --latency "$1"); fi
  echo "$out" >>"$tmp/wrk.log"
  local rps p50 p99 non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $4}' <<<"$out")
  echo "$rps $p50 $p99 ${non2xx:-0}"
}
# warm both, then measure
wrk -t2 -c16 -d2s -H "Authorization: Bearer $token" "http://127.0.0.1:$api_port$path" >/dev/null
wrk -t2 -c16 -d2s "http://127.0.0.1:$nginx_port/grids.json" >/dev/null
read -r api_rps api_p50 api_p99 api_bad < <(run_wrk "http://127.0.0.1:$api_port$path" "Authorization: Bearer $token")
read -r ngx_rps ngx_p50 ngx_p99 _ < <(run_wrk "http://127.0.0.1:$nginx_port/grids.json")
rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$server_pid/status")
ratio=$(python3 -c "print(f'{$api_rps/$ngx_rps:.2f}')")
[[ "$api_bad" == "0" ]] || echo "warning: $api_bad non-2xx API responses" >&2

doc="$here/docs/performance.md"
[[ -f "$doc" ]] || printf '# Performance\n\nFigures from bench/ programs on this project'"'"'s 2-core machines; ratios measured in one run are\nthe comparable numbers, absolute figures vary with the shared machine.\n' >"$doc"
section=$(cat <<MD
<!-- http_bench:start -->
## Authenticated JSON read vs nginx (issue 2)

Command: \`bench/http_bench.sh $secs\` (release build, SQLite store, demo district, access log on;
wrk -t2 -c64,
${secs} s each, on the same 2-core machine as the servers). Request: \`GET $path\` as the demo
community worker (${bytes} bytes of JSON); nginx serves the same bytes as a static file.
Measured $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores.

| | requests/s | p50 | p99 |
|---|---|---|---|
| onegrid API | $api_rps | $api_p50 | $api_p99 |
| nginx static | $ngx_rps | $ngx_p50 | $ngx_p99 |
| **ratio API / nginx** | **$ratio** | | |

Server peak resident memory during the run (VmHWM): $((rss_kb / 1024)) MB. Targets: ratio ≥ 0.50,
API p99 < 10 ms, peak RSS < 200 MB. Non-2xx API responses: $api_bad.
<!-- http_bench:end -->
MD
)
python3 - "$doc" "$section" <<'PY'
import sys, re
path, section = sys.argv[1], sys.argv[2]
text = open(path).read()
pat = re.compile(r"<!-- http_bench:start -->.*?<!-- http_bench:end -->", re.S)
text = pat.sub(lambda m: section, text) if pat.search(text) else text.rstrip("\n") + "\n\n" + section + "\n"
open(path, "w").write(text)
PY
echo "API $api_rps req/s (p99 $api_p99), nginx $ngx_rps req/s (p99 $ngx_p99), ratio $ratio, peak RSS $((rss_kb / 1024)) MB"
