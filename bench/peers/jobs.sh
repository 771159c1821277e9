#!/usr/bin/env bash
# Job queue throughput and latency on one throw-away PostgreSQL server (CPU 0; the workers on CPU 1): AotSuite.Jobs
# (the NativeAOT program jobs/JobsBench) vs graphile-worker and pg-boss (npm, pinned below, in artifacts/peers/jobs-npm),
# with AotSuite.Jobs' SQLite store beside them. Each system gets a fresh database.
#   throughput: enqueue JOBS no-op jobs in batches of BATCH (timed), then run them with CONCURRENCY at once until all
#               are recorded completed (timed) -> jobs/s, as graphile-worker's perfTest does
#   latency:    one idle worker (concurrency 1); SAMPLES jobs added one at a time, each after the previous started:
#               add->start p50/p99 (all three wake on LISTEN/NOTIFY)
#
#   bash bench/peers/jobs.sh           # JOBS=100000 BATCH=1000 CONCURRENCY=24 SAMPLES=1000
#   bash bench/peers/jobs.sh --quick   # JOBS=20000 SAMPLES=200
#
# Writes the table to artifacts/bench/jobs.md as well.
set -euo pipefail

for arg in "$@"; do
  case "$arg" in
    --quick) JOBS="${JOBS:-20000}"; SAMPLES="${SAMPLES:-200}" ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg (accepted: --quick)" >&2; exit 2 ;;
  esac
done
JOBS="${JOBS:-100000}"
BATCH="${BATCH:-1000}"
CONCURRENCY="${CONCURRENCY:-24}"
SAMPLES="${SAMPLES:-1000}"
GRAPHILE_VERSION="0.18.0"
PGBOSS_VERSION="12.38.0"

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
REPO_ROOT="$(pwd)"
PEERS="bench/peers/jobs"
BENCH_DIR="artifacts/peers/jobs"
BENCH_BIN="$BENCH_DIR/JobsBench/JobsBench"
NPM_DIR="artifacts/peers/jobs-npm"
OUT_MD="artifacts/bench/jobs.md"

source bench/peers/common.bash    # not *.sh: build.cs runs every *.sh here as a benchmark
source bench/peers/postgres.bash

TMP="$(mktemp -d "${TMPDIR:-/tmp}/jobs-bench.XXXXXX")"
trap 'pg_stop; rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

declare -A SKIP=() RESULT=()
SYSTEMS=(ours graphile pgboss sqlite)
declare -A NAMES=([ours]="AotSuite.Jobs (PostgreSQL)" [graphile]="graphile-worker $GRAPHILE_VERSION" [pgboss]="pg-boss $PGBOSS_VERSION" [sqlite]="AotSuite.Jobs (SQLite, WAL)")

# --- set-up ---
publish_aot_peer "$PEERS/JobsBench" "$BENCH_DIR/JobsBench" src/AotSuite.Jobs src/AotSuite.Pooling \
  || { SKIP[ours]="could not publish $PEERS/JobsBench (see above)"; SKIP[sqlite]="${SKIP[ours]}"; }
if ! ensure_tool node nodejs; then
  SKIP[graphile]="node not found and apt-get install -y nodejs failed"; SKIP[pgboss]="${SKIP[graphile]}"
else
  ensure_npm_peers "$NPM_DIR" "graphile-worker@$GRAPHILE_VERSION" "pg-boss@$PGBOSS_VERSION" \
    || { SKIP[graphile]="npm install graphile-worker@$GRAPHILE_VERSION pg-boss@$PGBOSS_VERSION failed"; SKIP[pgboss]="${SKIP[graphile]}"; }
fi
pg_start || { echo "error: cannot start PostgreSQL; nothing to measure" >&2; exit 1; }
echo "==> PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT (CPU 0)" >&2

# run SYSTEM MODE: one measurement on a fresh database (or SQLite file); sets RESULT[SYSTEM.MODE] to its key=value line.
run() {
  local system="$1" mode="$2" out
  local n=("$JOBS" "$BATCH" "$CONCURRENCY")
  [[ "$mode" == latency ]] && n=("$SAMPLES")
  pg_create_db "bench_${system}_$mode"
  case "$system" in
    ours) cmd=("$BENCH_BIN" "$mode" pg "$DB_CONN" "${n[@]}") ;;
    sqlite) rm -f "$TMP"/jobs.db*; cmd=("$BENCH_BIN" "$mode" sqlite "$TMP/jobs.db" "${n[@]}") ;;
    graphile) cmd=(env NODE_PATH="$REPO_ROOT/$NPM_DIR/node_modules" node "$PEERS/graphile.js" "$mode" "$DB_URL" "${n[@]}") ;;
    pgboss) cmd=(env NODE_PATH="$REPO_ROOT/$NPM_DIR/node_modules" node "$PEERS/pgboss.js" "$mode" "$DB_URL" "${n[@]}") ;;
  esac
  if out="$(taskset -c 1 "${cmd[@]}" 2>"$TMP/err")"; then
    RESULT[$system.$mode]="$out"
    echo "    ${NAMES[$system]}, $mode: $out" >&2
  else
    echo "    ${NAMES[$system]}, $mode: FAILED: $(tail -5 "$TMP/err")" >&2
  fi
}

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
for system in "${SYSTEMS[@]}"; do
  if [[ -n "${SKIP[$system]:-}" ]]; then echo "==> ${NAMES[$system]}: SKIPPED: ${SKIP[$system]}" >&2; continue; fi
  run "$system" throughput
  run "$system" latency
done
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

# --- report ---
field() { echo "${RESULT[$1]:-}" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
ratio() { [[ -n "${1:-}" && -n "${2:-}" ]] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }' || echo "n/a"; }
{
  echo "## Job queue: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "nproc $(nproc); CPU $(lscpu | grep 'Model name' | sed 's/.*: *//'); PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') (fsync off); node $(node --version 2>/dev/null || echo n/a)."
  echo "Load average before/after: $LOAD_BEFORE / $LOAD_AFTER. PostgreSQL on CPU 0, the workers on CPU 1."
  echo "$JOBS no-op jobs enqueued in batches of $BATCH, then run $CONCURRENCY at a time; latency over $SAMPLES jobs added one by one."
  echo
  echo "| system | enqueue jobs/s | run jobs/s | run vs graphile-worker | add→start p50 ms | p99 ms | max ms |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  for system in "${SYSTEMS[@]}"; do
    if [[ -n "${SKIP[$system]:-}" ]]; then record_skip jobs "${NAMES[$system]}" "${SKIP[$system]}"; echo "| ${NAMES[$system]} | skipped: ${SKIP[$system]} | | | | | |"; continue; fi
    r="$(field "$system.throughput" jobs_per_s)"
    [[ $system == ours || $system == sqlite ]] && role=ours || role=peer
    record_result jobs "run jobs/s" higher "$role" "${NAMES[$system]}" "$r" jobs/s
    record_result jobs "add to start p99" lower "$role" "${NAMES[$system]}" "$(field "$system.latency" p99_ms)" ms
    echo "| ${NAMES[$system]} | $(field "$system.throughput" enqueue_per_s) | ${r:-failed} | $(ratio "$r" "$(field graphile.throughput jobs_per_s)") | $(field "$system.latency" p50_ms) | $(field "$system.latency" p99_ms) | $(field "$system.latency" max_ms) |"
  done
} >"$TMP/table.md"
mkdir -p "$(dirname "$OUT_MD")"
cp "$TMP/table.md" "$OUT_MD"
echo
cat "$OUT_MD"
echo
echo "(written to $REPO_ROOT/$OUT_MD)"
