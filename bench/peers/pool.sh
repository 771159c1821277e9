#!/usr/bin/env bash
# Connection pools under contention: BORROWERS concurrent loops on a pool of at most MAX, each borrow = acquire, use,
# release; borrows/s and the acquire wait (p50/p99). AotSuite.Pooling (the NativeAOT program pool/PoolBench) vs
# generic-pool and tarn (npm, pinned below, in artifacts/peers/pool-npm; pool/node-pools.js) vs Npgsql's own pool.
#   memory: plain objects, use = one yield to the scheduler (Task.Yield / setImmediate): the pools' own cost
#   pg:     connections to one throw-away PostgreSQL server (CPU 0), use = SELECT 1 as a prepared statement on every
#           side (Npgsql's auto-prepare; node-postgres's named query for the npm pools), so both send Bind/Execute
#           and the server does the same work per borrow
# Then the BenchmarkDotNet run of PoolAcquireBench (one warm acquire + release; must allocate 0 B).
#
#   bash bench/peers/pool.sh           # BORROWERS=64 MAX=10 DURATION=5
#   bash bench/peers/pool.sh --quick   # DURATION=2, no BenchmarkDotNet run
#
# Writes the table to artifacts/bench/pool.md as well.
set -euo pipefail

QUICK=0
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1; DURATION="${DURATION:-2}" ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg (accepted: --quick)" >&2; exit 2 ;;
  esac
done
BORROWERS="${BORROWERS:-64}"
MAX="${MAX:-10}"
DURATION="${DURATION:-5}"
GENERIC_POOL_VERSION="3.9.0"
TARN_VERSION="3.1.2"
PG_VERSION="8.23.1"

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
REPO_ROOT="$(pwd)"
PEERS="bench/peers/pool"
BENCH_DIR="artifacts/peers/pool"
BENCH_BIN="$BENCH_DIR/PoolBench/PoolBench"
NPM_DIR="artifacts/peers/pool-npm"
OUT_MD="artifacts/bench/pool.md"

source bench/peers/common.bash    # not *.sh: build.cs runs every *.sh here as a benchmark
source bench/peers/postgres.bash

TMP="$(mktemp -d "${TMPDIR:-/tmp}/pool-bench.XXXXXX")"
trap 'pg_stop; rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

declare -A SKIP=() RESULT=()
POOLS=(ours npgsql generic-pool tarn)
declare -A NAMES=([ours]="AotSuite.Pooling" [npgsql]="Npgsql's pool" [generic-pool]="generic-pool $GENERIC_POOL_VERSION" [tarn]="tarn $TARN_VERSION")

publish_aot_peer "$PEERS/PoolBench" "$BENCH_DIR/PoolBench" src/AotSuite.Pooling \
  || { SKIP[ours]="could not publish $PEERS/PoolBench (see above)"; SKIP[npgsql]="${SKIP[ours]}"; }
if ! ensure_tool node nodejs; then
  SKIP[generic-pool]="node not found and apt-get install -y nodejs failed"; SKIP[tarn]="${SKIP[generic-pool]}"
else
  ensure_npm_peers "$NPM_DIR" "generic-pool@$GENERIC_POOL_VERSION" "tarn@$TARN_VERSION" "pg@$PG_VERSION" \
    || { SKIP[generic-pool]="npm install generic-pool tarn pg failed"; SKIP[tarn]="${SKIP[generic-pool]}"; }
fi
pg_start || { echo "error: cannot start PostgreSQL; nothing to measure" >&2; exit 1; }
pg_create_db bench_pool

# measure POOL KIND: sets RESULT[POOL.KIND] to the program's key=value line.
measure() {
  local pool="$1" kind="$2" out
  case "$pool.$kind" in
    ours.memory) cmd=("$BENCH_BIN" memory "$BORROWERS" "$MAX" "$DURATION") ;;
    ours.pg) cmd=("$BENCH_BIN" pg-ours "$BORROWERS" "$MAX" "$DURATION" "$DB_CONN") ;;
    npgsql.memory) return 0 ;;  # Npgsql's pool holds only connections
    npgsql.pg) cmd=("$BENCH_BIN" pg-npgsql "$BORROWERS" "$MAX" "$DURATION" "$DB_CONN") ;;
    *) cmd=(env NODE_PATH="$REPO_ROOT/$NPM_DIR/node_modules" node "$PEERS/node-pools.js" "$pool" "$kind" "$BORROWERS" "$MAX" "$DURATION" "$DB_URL") ;;
  esac
  if out="$(taskset -c 1 "${cmd[@]}" 2>"$TMP/err")"; then
    RESULT[$pool.$kind]="$out"
    echo "    ${NAMES[$pool]}, $kind: $out" >&2
  else
    echo "    ${NAMES[$pool]}, $kind: FAILED: $(tail -5 "$TMP/err")" >&2
  fi
}

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
for kind in memory pg; do
  for pool in "${POOLS[@]}"; do
    if [[ -n "${SKIP[$pool]:-}" ]]; then echo "==> ${NAMES[$pool]}: SKIPPED: ${SKIP[$pool]}" >&2; continue; fi
    measure "$pool" "$kind"
  done
done
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

field() { echo "${RESULT[$1]:-}" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
ratio() { [[ -n "${1:-}" && -n "${2:-}" ]] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }' || echo "n/a"; }
{
  echo "## Connection pools: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "nproc $(nproc); CPU $(lscpu | grep 'Model name' | sed 's/.*: *//'); PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}'); node $(node --version 2>/dev/null || echo n/a)."
  echo "Load average before/after: $LOAD_BEFORE / $LOAD_AFTER. $BORROWERS borrowers, at most $MAX resources, ${DURATION} s after a 1 s warm-up; the pools on CPU 1, PostgreSQL on CPU 0."
  echo
  echo "| resources | pool | borrows/s | vs generic-pool | wait p50 µs | wait p99 µs | CPU µs/borrow |"
  echo "|---|---|---:|---:|---:|---:|---:|"
  for kind in memory pg; do
    for pool in "${POOLS[@]}"; do
      [[ "$pool.$kind" == npgsql.memory ]] && continue
      if [[ -n "${SKIP[$pool]:-}" ]]; then record_skip pool "${NAMES[$pool]}" "${SKIP[$pool]}"; echo "| $kind | ${NAMES[$pool]} | skipped: ${SKIP[$pool]} | | | | |"; continue; fi
      r="$(field "$pool.$kind" borrows_per_s)"
      record_result pool "borrows/s, $kind resources" higher "$(bench_role "$pool" ours)" "${NAMES[$pool]}" "$r" borrows/s
      echo "| $kind | ${NAMES[$pool]} | ${r:-failed} | $(ratio "$r" "$(field "generic-pool.$kind" borrows_per_s)") | $(field "$pool.$kind" wait_p50_us) | $(field "$pool.$kind" wait_p99_us) | $(field "$pool.$kind" cpu_us_per_borrow) |"
    done
  done
} >"$TMP/table.md"
mkdir -p "$(dirname "$OUT_MD")"
cp "$TMP/table.md" "$OUT_MD"
echo
cat "$OUT_MD"
echo
echo "(written to $REPO_ROOT/$OUT_MD)"

if [[ $QUICK == 0 ]]; then
  echo "==> BenchmarkDotNet: PoolAcquireBench (must show Allocated '-')" >&2
  # --job short --inProcess: on a loaded 2-core VM the out-of-process build outlives BenchmarkDotNet's 2-minute timeout
  dotnet run -c Release --project bench/AotSuite.Benchmarks -- --filter '*PoolAcquireBench*' --job short --inProcess
fi
