#!/usr/bin/env bash
# Event intake and event-list benchmarks (issue 4), in one run on this machine:
#  1. intake: sustained events/s through POST /api/v1/events on SQLite (wrk -t2 -c64, a Lua
#     script filing distinct events as the demo grid worker);
#  2. kill -9 under that load: 8 writers file events and record every acknowledged id, the
#     server is killed mid-stream, restarted on the same store, and every acknowledged event is
#     looked up (target: zero lost);
#  3. the event list (GET /api/v1/events?limit=50 as the community worker, on the demo's year of
#     events) against nginx serving the same bytes as a static file.
# Writes the figures to docs/performance.md. Usage: bench/events_bench.sh [seconds] [demo-events]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
secs="${1:-15}"
demo_events="${2:-20000}"
bin="${ONEGRID_BIN:-$here/build/onegrid}"
[[ -x "$bin" ]] || { echo "build first: make build" >&2; exit 1; }
command -v wrk >/dev/null && command -v nginx >/dev/null || { echo "needs wrk and nginx (scripts/install-deps.sh --test)" >&2; exit 1; }

tmp="$(mktemp -d /tmp/onegrid-events-bench.XXXXXX)"
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill -9 "$server_pid" 2>/dev/null || true
  [[ -f "$tmp/nginx.pid" ]] && kill "$(cat "$tmp/nginx.pid")" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port)
base="http://127.0.0.1:$port"

start_server() {  # data-dir demo-events
  "$bin" serve --listen "127.0.0.1:$port" --data-dir "$1" --demo-events "$2" --login-burst 1000 \
    >>"$tmp/server.out" 2>>"$tmp/server.err" &
  server_pid=$!
  for _ in $(seq 1 3000); do curl -sf "$base/readyz" >/dev/null && return 0; sleep 0.1; done
  echo "server did not start" >&2; cat "$tmp/server.err" >&2; exit 1
}
login() { curl -sf -X POST "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d "{\"username\":\"$1\",\"password\":\"onegrid-demo\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'; }

# ---- 1. intake on an empty event table ----------------------------------------------------
start_server "$tmp/intake" 0
worker=$(login gridworker)
subclass=$(curl -sf "$base/api/v1/taxonomy" -H "Authorization: Bearer $worker" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["subclasses"][0]["id"])')
cat >"$tmp/intake.lua" <<LUA
local counter = 0
local tid = 0
setup = function(thread) tid = tid + 1; thread:set("tid", tid) end
request = function()
  counter = counter + 1
  local body = '{"subclass_id":$subclass,"title":"压测事件 ' .. tid .. '-' .. counter .. '","description":"基准测试","address":"花家地西里5号楼"}'
  return wrk.format("POST", "/api/v1/events", {["Content-Type"]="application/json", ["Authorization"]="Bearer $worker"}, body)
end
LUA
wrk -t2 -c64 -d2s -s "$tmp/intake.lua" "$base" >/dev/null  # warm-up
intake_out=$(wrk -t2 -c64 -d"${secs}s" --latency -s "$tmp/intake.lua" "$base")
echo "$intake_out" >"$tmp/intake.log"
intake_rps=$(awk '/Requests\/sec/ {print $2}' <<<"$intake_out")
intake_p99=$(awk '$1=="99%" {print $2}' <<<"$intake_out")
intake_bad=$(awk '/Non-2xx/ {print $4}' <<<"$intake_out"); intake_bad=${intake_bad:-0}
intake_rss=$(awk '/VmHWM/ {print int($2/1024)}' "/proc/$server_pid/status")

# ---- 2. kill -9 under load -------------------------------------------------------------------
python3 - "$base" "$worker" "$subclass" "$tmp/acked.txt" "$server_pid" <<'PY'
import http.client, json, os, signal, sys, threading, time
base, token, subclass, out, pid = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
host, port = base.split("//")[1].split(":")
acked, lock, stop = [], threading.Lock(), threading.Event()
def writer(w):
    c = http.client.HTTPConnection(host, int(port), timeout=5)
    i = 0
    while not stop.is_set():
        i += 1
        title = f"断电测试 {w}-{i}"
        try:
            c.request("POST", "/api/v1/events", json.dumps({"subclass_id": subclass, "title": title}),
                      {"Content-Type": "application/json", "Authorization": "Bearer " + token})
            r = c.getresponse(); body = r.read()
            if r.status == 201:
                with lock: acked.append((json.loads(body)["id"], title))
        except Exception:
            return
ts = [threading.Thread(target=writer, args=(w,)) for w in range(8)]
for t in ts: t.start()
time.sleep(3)
os.kill(pid, signal.SIGKILL)
stop.set()
for t in ts: t.join()
with open(out, "w") as f:
    for i, t in acked: f.write(f"{i}\t{t}\n")
print(len(acked))
PY
wait "$server_pid" 2>/dev/null || true
server_pid=""
acked=$(wc -l <"$tmp/acked.txt")
start_server "$tmp/intake" 0
admin=$(login admin)
lost=$(python3 - "$base" "$admin" "$tmp/acked.txt" <<'PY'
import http.client, json, sys
base, token, path = sys.argv[1:4]
host, port = base.split("//")[1].split(":")
c = http.client.HTTPConnection(host, int(port), timeout=10)
lost = 0
for line in open(path):
    i, title = line.rstrip("\n").split("\t")
    c.request("GET", f"/api/v1/events/{i}", headers={"Authorization": "Bearer " + token})
    r = c.getresponse(); body = r.read()
    if r.status != 200 or json.loads(body)["title"] != title: lost += 1
print(lost)
PY
)
check=$("$bin" check --data-dir "$tmp/intake" 2>&1 | tail -1)
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""

# ---- 3. event list vs nginx on a year of demo events -----------------------------------------
seed_start=$(date +%s.%N)
start_server "$tmp/list" "$demo_events"
seed_secs=$(python3 -c "import time; print(f'{time.time()-$seed_start:.0f}')")
community=$(login community)
path="/api/v1/events?limit=50"
mkdir -p "$tmp/www"
curl -sf "$base$path" -H "Authorization: Bearer $community" >"$tmp/www/events.json"
bytes=$(stat -c %s "$tmp/www/events.json")
nginx_port=$(free_port)
cat >"$tmp/nginx.conf" <<CONF
worker_processes 2;
pid $tmp/nginx.pid;
error_log $tmp/nginx.err warn;
events { worker_connections 1024; }
http { access_log off; types { application/json json; } server { listen 127.0.0.1:$nginx_port; root $tmp/www; } }
CONF
nginx -c "$tmp/nginx.conf" -p "$tmp"
sleep 0.3
run_wrk() {  # url [header] -> "rps p99 non2xx"
  local out
  if [[ $# -gt 1 ]]; then out=$(wrk -t2 -c64 -d"${secs}s" --latency -H "$2" "$1"); else out=$(wrk -t2 -c64 -d"${secs}s" --latency "$1"); fi
  local rps p99 bad
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out"); p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  bad=$(awk '/Non-2xx/ {print $4}' <<<"$out")
  echo "$rps $p99 ${bad:-0}"
}
wrk -t2 -c16 -d2s -H "Authorization: Bearer $community" "$base$path" >/dev/null
read -r list_rps list_p99 list_bad < <(run_wrk "$base$path" "Authorization: Bearer $community")
read -r ngx_rps ngx_p99 _ < <(run_wrk "http://127.0.0.1:$nginx_port/events.json")
list_rss=$(awk '/VmHWM/ {print int($2/1024)}' "/proc/$server_pid/status")
ratio=$(python3 -c "print(f'{$list_rps/$ngx_rps:.2f}')")

doc="$here/docs/performance.md"
section=$(cat <<MD
<!-- events_bench:start -->
## Event intake, kill -9 and the event list (issue 4)

Command: \`bench/events_bench.sh $secs $demo_events\` (release build, SQLite store, wrk -t2 -c64,
${secs} s per measurement, client and server on the same $(nproc)-core machine). Measured
$(date -u +%Y-%m-%dT%H:%MZ).

| measure | value | target |
|---|---|---|
| intake: POST /api/v1/events, events/s | **$intake_rps** (p99 $intake_p99, non-2xx $intake_bad) | ≥ 5,000 |
| server peak RSS during intake | $intake_rss MB | |
| kill -9 under 8 concurrent writers: acknowledged / lost | $acked / **$lost** (then \`onegrid check\`: $check) | 0 lost |
| event list (50 per page, community worker, $demo_events demo events, $bytes bytes) | $list_rps req/s (p99 $list_p99, non-2xx $list_bad) | |
| nginx serving the same bytes | $ngx_rps req/s (p99 $ngx_p99) | |
| **ratio list / nginx** | **$ratio** | ≥ 0.5 |
| server peak RSS during the list run | $list_rss MB | |
| seeding $demo_events demo events at start (serve) | ${seed_secs} s | |

Each intake request authenticates, places the event (explicit grid), writes the event, its
first timeline step, the inbox rows of the grid worker's community and the audit record in one
transaction, acknowledged after the group commit (synchronous=FULL).
<!-- events_bench:end -->
MD
)
python3 - "$doc" "$section" <<'PY'
import sys, re
path, section = sys.argv[1], sys.argv[2]
text = open(path).read()
pat = re.compile(r"<!-- events_bench:start -->.*?<!-- events_bench:end -->", re.S)
text = pat.sub(lambda m: section, text) if pat.search(text) else text.rstrip("\n") + "\n\n" + section + "\n"
open(path, "w").write(text)
PY
echo "intake $intake_rps events/s; kill -9: $acked acknowledged, $lost lost; list $list_rps req/s vs nginx $ngx_rps (ratio $ratio)"
