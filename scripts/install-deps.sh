#!/usr/bin/env bash
# Installs what OneGrid needs to build, run and test on Debian 12, skipping what is present.
# Usage: scripts/install-deps.sh [--test]   (--test adds the test-only tools)
# Every dependency the project adds goes into one of the lists below.
set -euo pipefail

# Build and run.
PACKAGES=(
  build-essential cmake pkg-config ccache clang-format
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev  # Beast/Asio, JSON, URL, Geometry
  libsqlite3-dev sqlite3            # embedded store
  libpq-dev                         # PostgreSQL client
  libsodium-dev                     # Argon2id, keyed hashes, secretbox
  libspdlog-dev libfmt-dev          # logging
  libcli11-dev libtomlplusplus-dev  # command line, TOML configuration
)
# Tests and benchmarks.
TEST_PACKAGES=(
  libgtest-dev libgmock-dev libbenchmark-dev
  postgresql                         # a real server the tests start in a temp dir
  wrk nginx-light                    # load generator and the static-file baseline
  procps psmisc                      # ps/pkill for the durability and benchmark scripts
  chromium                           # browser for web/e2e (driven by playwright-core; never a downloaded browser)
  fonts-noto-cjk                     # Chinese glyphs in headless screenshots
)

want=("${PACKAGES[@]}")
if [[ "${1:-}" == "--test" ]]; then want+=("${TEST_PACKAGES[@]}"); fi
if ! command -v node >/dev/null 2>&1; then want+=(nodejs); fi
if ! command -v npm >/dev/null 2>&1; then want+=(npm); fi

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
  # nginx-light starts a service on install; the benchmark runs its own instance.
  if [[ " ${missing[*]} " == *" nginx-light "* ]] && command -v systemctl >/dev/null 2>&1; then
    $SUDO systemctl disable --now nginx >/dev/null 2>&1 || true
  fi
else
  echo "install-deps: all system packages present"
fi

# Front-end packages, when the console exists and its modules are missing or stale.
here="$(cd "$(dirname "$0")/.." && pwd)"
if [[ -f "$here/web/package.json" ]]; then
  if [[ ! -d "$here/web/node_modules" || "$here/web/package-lock.json" -nt "$here/web/node_modules" ]]; then
    echo "install-deps: npm ci in web/"
    (cd "$here/web" && npm ci --no-audit --no-fund)
    touch "$here/web/node_modules"
  fi
fi
