#!/usr/bin/env bash
# Starts and stops a throw-away PostgreSQL 15 server for tests.
#   scripts/pg-temp.sh start DIR   initdb into DIR/pg, start on a free port of 127.0.0.1, print the
#                                  URL (postgresql://onegrid@127.0.0.1:PORT/postgres), also DIR/url
#   scripts/pg-temp.sh stop DIR    stop it (fast shutdown); does nothing if it is not running
# As root the server runs as user postgres (PostgreSQL refuses root): DIR must belong to postgres
# (an empty DIR owned by root is handed over). Everything but the URL goes to stderr.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

die() {
  echo "pg-temp: $*" >&2
  exit 1
}

usage() {
  echo "usage: $0 start|stop DIR" >&2
  exit 2
}

[ $# -eq 2 ] || usage
cmd=$1
dir=$2

# Runs a PostgreSQL binary as the server's owner.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

show_log() {
  if [ -f "$dir/log" ]; then
    echo "pg-temp: last lines of $dir/log:" >&2
    tail -n 30 "$dir/log" >&2
  fi
}

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
  [ -x "$PG_BIN/initdb" ] || die "PostgreSQL 15 binaries not found in $PG_BIN"
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die "running as root needs the 'postgres' user"
    if [ "$(stat -c %U "$dir")" != postgres ]; then
      [ -z "$(ls -A "$dir")" ] || die "$dir must be owned by postgres (or be empty)"
      chown postgres "$dir"
    fi
  fi

  # Already running? Report the URL again.
  if [ -f "$dir/url" ] && [ -f "$dir/pg/postmaster.pid" ]; then
    local port
    port=$(sed -n 4p "$dir/pg/postmaster.pid")
    if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port"; then
      cat "$dir/url"
      return 0
    fi
  fi

  if [ ! -f "$dir/pg/PG_VERSION" ]; then
    as_owner "$PG_BIN/initdb" -D "$dir/pg" -A trust -U onegrid -E UTF8 --locale=C.UTF-8 \
      >"$dir/initdb.log" 2>&1 || {
      tail -n 30 "$dir/initdb.log" >&2
      die "initdb failed (log: $dir/initdb.log)"
    }
  fi

  local attempt port=""
  for attempt in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 40000))
    port_free "$port" || continue
    if as_owner "$PG_BIN/pg_ctl" -D "$dir/pg" -l "$dir/log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=on" start >&2; then
      break
    fi
    port=""
    echo "pg-temp: start attempt $attempt failed, trying another port" >&2
  done
  if [ -z "$port" ]; then
    show_log
    die "could not start PostgreSQL in $dir/pg"
  fi

  local _
  for _ in $(seq 1 100); do
    if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port"; then
      local url="postgresql://onegrid@127.0.0.1:$port/postgres"
      echo "$url" >"$dir/url"
      echo "$url"
      return 0
    fi
    sleep 0.1
  done
  show_log
  die "PostgreSQL on port $port did not become ready"
}

stop() {
  [ -d "$dir" ] || return 0
  [ -f "$dir/pg/postmaster.pid" ] || return 0
  as_owner "$PG_BIN/pg_ctl" -D "$dir/pg" -m fast -w -t 60 stop >&2 || {
    # A stale pid file from a crashed server is fine; a server that would not stop is not.
    if as_owner "$PG_BIN/pg_ctl" -D "$dir/pg" status >/dev/null 2>&1; then
      show_log
      die "could not stop PostgreSQL in $dir/pg"
    fi
  }
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
