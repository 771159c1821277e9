#!/usr/bin/env bash
# Side-by-side benchmark: the minipm2 daemon vs PM2's (npm pm2, installed into artifacts/peers/pm2), each managing
# 4 copies of bench/peers/pm2/app.sh (a shell that records its start, then execs sleep):
#   - the daemon's RSS, and its CPU time over IDLE seconds with nothing happening;
#   - restart: an app is killed with SIGKILL; time until its replacement has started (RUNS kills, median and p90).
#
#   bash bench/peers/minipm2.sh           # RUNS=10, IDLE=10
#   bash bench/peers/minipm2.sh --quick   # RUNS=5, IDLE=5
#
# Env: MINIPM2_BIN (default artifacts/bin/minipm2/minipm2), RUNS, IDLE.
set -euo pipefail

for arg in "$@"; do
  case "$arg" in
    --quick) RUNS=5; IDLE=5 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg (accepted: --quick)" >&2; exit 2 ;;
  esac
done
RUNS="${RUNS:-10}"
IDLE="${IDLE:-10}"

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source bench/peers/common.bash  # not *.sh: build.cs runs every *.sh here as a benchmark

MINIPM2_BIN="${MINIPM2_BIN:-artifacts/bin/minipm2/minipm2}"
[[ -x "$MINIPM2_BIN" ]] || { echo "error: $MINIPM2_BIN not found; build it first: dotnet run build.cs -- publish" >&2; exit 1; }
MINIPM2_BIN="$(realpath "$MINIPM2_BIN")"
require_tool node nodejs
require_tool bc bc
PEERS="$(pwd)/artifacts/peers/pm2"
HAVE_PM2=1
ensure_npm_peers "$PEERS" pm2@5.4.3 || { HAVE_PM2=0; echo "==> skipping PM2: npm install failed" >&2; record_skip minipm2 "PM2 5.4.3" "npm install pm2@5.4.3 failed"; }
APP="$(pwd)/bench/peers/pm2/app.sh"

TMP="$(mktemp -d "${TMPDIR:-/tmp}/minipm2-bench.XXXXXX")"
export STARTED_DIR="$TMP/started" MINIPM2_HOME="$TMP/minipm2" PM2_HOME="$TMP/pm2"
mkdir -p "$STARTED_DIR"
PM2="node $PEERS/node_modules/pm2/bin/pm2"
cleanup() {
  "$MINIPM2_BIN" kill >/dev/null 2>&1 || true
  [[ $HAVE_PM2 == 1 ]] && $PM2 kill >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT

RESULTS="$TMP/results.md"
echo "| manager | daemon RSS | daemon CPU over ${IDLE} s idle | restart median | restart p90 |" > "$RESULTS"
echo "|---|---|---|---|---|" >> "$RESULTS"

# measure NAME DAEMON_PID_FILE START_COMMAND_PREFIX
measure() {
  local name="$1" pidfile="$2"
  shift 2
  rm -f "$STARTED_DIR"/*
  for i in 1 2 3 4; do "$@" "a$i" >/dev/null; done
  for i in 1 2 3 4; do
    for _ in $(seq 1 200); do [[ -s "$STARTED_DIR/a$i.pid" ]] && break; sleep 0.05; done
  done
  sleep 3
  local daemon rss before after
  daemon=$(cat "$pidfile")
  rss=$(rss_kb "$daemon")
  before=$(cpu_ticks "$daemon")
  sleep "$IDLE"
  after=$(cpu_ticks "$daemon")
  local restarts=()
  for r in $(seq 1 "$RUNS"); do
    local lines t0 t1 victim
    lines=$(wc -l < "$STARTED_DIR/a1")
    victim=$(cat "$STARTED_DIR/a1.pid")
    t0=$(now_ns)
    kill -9 "$victim"
    for _ in $(seq 1 5000); do
      [[ $(wc -l < "$STARTED_DIR/a1") -gt $lines ]] && break
      sleep 0.002
    done
    t1=$(sed -n "$((lines + 1))p" "$STARTED_DIR/a1")
    restarts+=( $(( (t1 - t0) / 1000 )) )
    sleep 1.5 # past both managers' 1 s min_uptime, so no backoff applies
  done
  local sorted median p90
  sorted=$(printf '%s\n' "${restarts[@]}" | sort -n)
  median=$(echo "$sorted" | awk -v n="$RUNS" 'NR == int((n + 1) / 2) { print }')
  p90=$(echo "$sorted" | awk -v n="$RUNS" 'NR == int(n * 0.9 + 0.5) { print }')
  printf '| %s | %.1f MB | %d ms | %.1f ms | %.1f ms |\n' "$name" "$(echo "$rss / 1024" | bc -l)" "$(( (after - before) * 10 ))" \
    "$(echo "$median / 1000" | bc -l)" "$(echo "$p90 / 1000" | bc -l)" >> "$RESULTS"
  record_result minipm2 "daemon RSS" lower "$(bench_role "$name" minipm2)" "$name" "$(echo "$rss / 1024" | bc -l)" MB
  record_result minipm2 "SIGKILL to replacement start, median" lower "$(bench_role "$name" minipm2)" "$name" "$(echo "$median / 1000" | bc -l)" ms
  echo "==> $name done"
}

# The floor: the same app started straight from a shell, no manager involved (process start-up on this machine).
floor=()
for r in $(seq 1 "$RUNS"); do
  t0=$(now_ns)
  timeout 1 sh -c "exec $APP floor" || true
  floor+=( $(( ($(tail -1 "$STARTED_DIR/floor") - t0) / 1000 )) )
done
floor_median=$(printf '%s\n' "${floor[@]}" | sort -n | awk -v n="$RUNS" 'NR == int((n + 1) / 2) { print }')

start_minipm2() { "$MINIPM2_BIN" start --name "$1" -- "$APP" "$1"; }
measure "minipm2" "$MINIPM2_HOME/daemon.pid" start_minipm2
"$MINIPM2_BIN" kill >/dev/null
if [[ $HAVE_PM2 == 1 ]]; then
  start_pm2() { $PM2 start "$APP" --name "$1" -- "$1"; }
  measure "PM2 5.4.3" "$PM2_HOME/pm2.pid" start_pm2
  $PM2 kill >/dev/null
fi
echo
cat "$RESULTS"
printf '\nfloor: the app started directly from sh takes %.1f ms (median of %d) on this machine right now\n' "$(echo "$floor_median / 1000" | bc -l)" "$RUNS"
