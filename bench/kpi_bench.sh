#!/usr/bin/env bash
# KPI query latency at scale (issue 4): fills a SQLite store with N events of the past year
# (`onegrid bench-data events`, cached between runs in KPI_BENCH_DIR), starts the server on it,
# times R requests of /api/v1/kpis (every group, periods of 7 days to a quarter, as the district
# and as a community worker and a department) plus /kpis/series and /kpis/breakdown, one at a
# time over keep-alive, and reports p50/p95 per kind and the server's peak resident memory
# (VmHWM). Writes the section "KPI queries" of docs/performance.md.
#
# Usage: bench/kpi_bench.sh [EVENTS=5000000] [REQUESTS=240] [ONEGRID_BINARY]
#   Without a binary it builds the release one: cmake -B build -DCMAKE_BUILD_TYPE=Release
#   -DONEGRID_TESTS=OFF && cmake --build build --target onegrid.
#   KPI_BENCH_DIR=DIR keeps the generated store there (default: a temp dir, removed at the end).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
events="${1:-5000000}"
requests="${2:-240}"
bin="${3:-}"
if [[ -z "$bin" ]]; then
  cmake -S "$here" -B "$here/build" -DCMAKE_BUILD_TYPE=Release -DONEGRID_TESTS=OFF >/dev/null
  cmake --build "$here/build" -j"$(nproc)" --target onegrid
  bin="$here/build/onegrid"
fi
[[ -x "$bin" ]] || { echo "no binary at $bin" >&2; exit 1; }

keep="${KPI_BENCH_DIR:-}"
data="${keep:-$(mktemp -d /tmp/onegrid-kpi-bench.XXXXXX)}"
mkdir -p "$data"
cleanup() {
  [[ -n "${server_pid:-}" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  [[ -z "$keep" ]] && rm -rf "$data"
  return 0
}
trap cleanup EXIT

db="$data/onegrid.db"
have=0
if [[ -f "$db" ]]; then have=$(sqlite3 "$db" 'SELECT COUNT(*) FROM event' 2>/dev/null || echo 0); fi
gen_secs="(cached)"  # data from an earlier run, kept in KPI_BENCH_DIR
if (( have < events )); then
  echo "generating $((events - have)) events into $db ..." >&2
  t0=$(date +%s)
  "$bin" bench-data events --events "$((events - have))" --data-dir "$data" --log-level warn \
    2>&1 | tee "$data/bench-data.log" >&2
  gen_secs="$(( $(date +%s) - t0 )) s"
fi
if [[ "$gen_secs" == "(cached)" ]]; then
  # A cached store migrates here (perhaps from an older schema); the rollup is rebuilt whole by
  # this build, timed.
  rollup_out=$("$bin" kpi-rollup --full --data-dir "$data" --log-level warn)
  echo "$rollup_out" >&2
  rollup_secs=$(grep -o 'in [0-9.]* s' <<<"$rollup_out" | cut -d' ' -f2-)
else
  rollup_secs=$(grep -o 'rebuilt in [0-9.]* s' "$data/bench-data.log" | tail -1 | cut -d' ' -f3-)
fi
count=$(sqlite3 "$db" 'SELECT COUNT(*) FROM event')
if ldd "$bin" | grep -q libasan; then
  build_label="DEBUG build with ASan/UBSan ($bin): slower than release, and its resident memory includes the sanitizer's shadow memory and quarantine"
else
  build_label="release build"
fi
db_mb=$(( $(stat -c %s "$db") / 1048576 ))

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port)
# The hourly sweep keeps its overdue flags (new transitions, so rollup days to rebuild) out of
# the timed requests; in production the periodic job refreshes the rollup after each sweep.
"$bin" serve --listen "127.0.0.1:$port" --data-dir "$data" --demo-events 0 --log-level warn \
  --sweep-seconds 3600 \
  >"$data/server.out" 2>"$data/server.err" &
server_pid=$!
for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$port/readyz" >/dev/null || { cat "$data/server.err" >&2; exit 1; }

result=$(python3 - "$port" "$requests" <<'PY'
import http.client, json, random, statistics, sys, time, datetime
port, n = int(sys.argv[1]), int(sys.argv[2])
def login(user):
    c = http.client.HTTPConnection("127.0.0.1", port)
    c.request("POST", "/api/v1/auth/login", json.dumps({"username": user, "password": "onegrid-demo"}),
              {"Content-Type": "application/json"})
    return json.loads(c.getresponse().read())["token"]
tokens = {u: login(u) for u in ("district", "community", "dept")}
today = (datetime.datetime.utcnow() + datetime.timedelta(hours=8)).date()
def period(days, back=0):
    to = today - datetime.timedelta(days=back)
    return f"from={to - datetime.timedelta(days=days - 1)}&to={to}"
rng = random.Random(4)
kinds = []
for i in range(n):
    group = ["grid", "community", "street", "department"][i % 4]
    days, back = rng.choice([(7, 0), (30, 0), (30, 60), (31, 120), (90, 0)])
    who = "district" if i % 3 else rng.choice(["community", "dept"])
    kinds.append(("kpis", who, f"/api/v1/kpis?group={group}&{period(days, back)}"))
for i in range(max(1, n // 4)):
    kinds.append(("series", "district", "/api/v1/kpis/series?interval=" + rng.choice(["day", "month"])))
    kinds.append(("breakdown", "district", "/api/v1/kpis/breakdown?by=" + rng.choice(["class", "channel", "state"])))
year = [("year", "district", f"/api/v1/kpis?group={g}&{period(365)}") for g in ("community", "department")]
year = (year + [("year", "district", f"/api/v1/kpis/breakdown?by=class&{period(365)}")]) * 3
conn = http.client.HTTPConnection("127.0.0.1", port)
times = {}
bad = 0
for kind, who, target in kinds[:8]:  # warm the page cache and the statement caches
    conn.request("GET", target, headers={"Authorization": "Bearer " + tokens[who]}); conn.getresponse().read()
rng.shuffle(kinds)
for kind, who, target in kinds + year:
    t = time.perf_counter()
    conn.request("GET", target, headers={"Authorization": "Bearer " + tokens[who]})
    r = conn.getresponse(); r.read()
    times.setdefault(kind, []).append((time.perf_counter() - t) * 1000)
    bad += r.status != 200
def pct(v, q):
    v = sorted(v); return v[min(len(v) - 1, int(round(q * (len(v) - 1))))]
for kind in ("kpis", "series", "breakdown", "year"):
    v = times[kind]
    print(f"{kind} {len(v)} {pct(v, .5):.1f} {pct(v, .95):.1f} {max(v):.1f}")
print(f"bad {bad}")
PY
)
rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$server_pid/status")
echo "$result" >&2
read -r _ k_n k_p50 k_p95 k_max < <(grep '^kpis ' <<<"$result")
read -r _ s_n s_p50 s_p95 s_max < <(grep '^series ' <<<"$result")
read -r _ b_n b_p50 b_p95 b_max < <(grep '^breakdown ' <<<"$result")
read -r _ y_n y_p50 y_p95 y_max < <(grep '^year ' <<<"$result")
bad=$(awk '/^bad/ {print $2}' <<<"$result")

doc="$here/docs/performance.md"
section=$(cat <<MD
<!-- kpi_bench:start -->
## KPI queries

Command: \`bench/kpi_bench.sh $events $requests\` ($build_label; SQLite store; data from
\`onegrid bench-data events --events $events\`: $count events over the past year with their summoned
departments and overdue flags, store file $db_mb MB, $( [[ "$gen_secs" == "(cached)" ]] && echo "generated by an earlier run and kept in KPI_BENCH_DIR" || echo "generated in $gen_secs")). Requests one at a time
over keep-alive from Python on the same 2-core machine; \`/kpis\` mixes every group (grid,
community, street, department), periods of 7, 30, 31 and 90 days ending today or months back,
as the district officer, a community worker and department staff.
Tables, series and breakdowns are summed from the KPI rollup (\`kpi_rollup\`: day rows, and
month rows for the calendar months wholly inside a period; rebuilt by
\`events::refresh_kpi_rollup\` for the days new transitions touch; the server ran with
\`--sweep-seconds 3600\` so no sweep landed between the timed requests). Full rollup rebuild
(\`onegrid kpi-rollup\` after the data load): $rollup_secs.
Measured $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores.

| request | n | p50 ms | p95 ms | max ms |
|---|---|---|---|---|
| \`/api/v1/kpis\` (7–90 days) | $k_n | $k_p50 | **$k_p95** | $k_max |
| \`/api/v1/kpis/series\` (30 days / 12 months) | $s_n | $s_p50 | $s_p95 | $s_max |
| \`/api/v1/kpis/breakdown\` (30 days) | $b_n | $b_p50 | $b_p95 | $b_max |
| a whole year: \`/api/v1/kpis\` (community, department), \`/kpis/breakdown\` | $y_n | $y_p50 | $y_p95 | $y_max |

Server peak resident memory (VmHWM): **$((rss_kb / 1024)) MB**. Targets: p95 < 200 ms at 5 million
events, RSS < 1 GB. Non-200 responses: $bad.
<!-- kpi_bench:end -->
MD
)
python3 - "$doc" "$section" <<'PY'
import sys, re
path, section = sys.argv[1], sys.argv[2]
text = open(path).read()
pat = re.compile(r"<!-- kpi_bench:start -->.*?<!-- kpi_bench:end -->", re.S)
text = pat.sub(lambda m: section, text) if pat.search(text) else text.rstrip("\n") + "\n\n" + section + "\n"
open(path, "w").write(text)
PY
echo "KPI p50 ${k_p50} ms, p95 ${k_p95} ms over $count events; peak RSS $((rss_kb / 1024)) MB"
