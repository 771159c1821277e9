#!/usr/bin/env bash
# Side-by-side benchmark: the `watcher` binary vs nodemon and chokidar (npm, installed into artifacts/peers/watch).
# On a generated tree of 10,000 files (100 folders x 100 files), for each tool:
#   - latency: a file is written, the command the tool runs appends its start time; RUNS writes, median and p90;
#   - idle: RSS of the watching process, and its CPU time over IDLE seconds with nothing changing.
#
#   bash bench/peers/watcher.sh           # RUNS=20, IDLE=10
#   bash bench/peers/watcher.sh --quick   # RUNS=8, IDLE=5
#
# Env: WATCHER_BIN (default artifacts/bin/watcher/watcher), RUNS, IDLE, FILES_PER_DIR (default 100).
set -euo pipefail

for arg in "$@"; do
  case "$arg" in
    --quick) RUNS=8; IDLE=5 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg (accepted: --quick)" >&2; exit 2 ;;
  esac
done
RUNS="${RUNS:-20}"
IDLE="${IDLE:-10}"
FILES_PER_DIR="${FILES_PER_DIR:-100}"

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source bench/peers/common.bash  # not *.sh: build.cs runs every *.sh here as a benchmark

WATCHER_BIN="${WATCHER_BIN:-artifacts/bin/watcher/watcher}"
[[ -x "$WATCHER_BIN" ]] || { echo "error: $WATCHER_BIN not found; build it first: dotnet run build.cs -- publish" >&2; exit 1; }
WATCHER_BIN="$(realpath "$WATCHER_BIN")"
require_tool node nodejs
PEERS="$(pwd)/artifacts/peers/watch"
HAVE_PEERS=1
ensure_npm_peers "$PEERS" chokidar@4.0.3 nodemon@3.1.14 || { HAVE_PEERS=0; echo "==> skipping chokidar and nodemon: npm install failed" >&2; record_skip watcher "nodemon, chokidar" "npm install chokidar@4.0.3 nodemon@3.1.14 failed"; }
CHOKIDAR_RUN="$(pwd)/bench/peers/watch/chokidar-run.js"

TMP="$(mktemp -d "${TMPDIR:-/tmp}/watcher-bench.XXXXXX")"
PID=""
cleanup() { [[ -n "$PID" ]] && kill -- "-$PID" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT

TREE="$TMP/tree"
for d in $(seq 1 100); do
  mkdir -p "$TREE/pkg$d"
  for f in $(seq 1 "$FILES_PER_DIR"); do : > "$TREE/pkg$d/file$f.js"; done
done
echo "==> tree: $(find "$TREE" -type f | wc -l) files in $(find "$TREE" -type d | wc -l) folders"

STARTED="$TMP/started"
RECORD="date +%s%N >> $STARTED"
RESULTS="$TMP/results.md"
echo "| tool | latency median | latency p90 | idle RSS | idle CPU over ${IDLE} s |" > "$RESULTS"
echo "|---|---|---|---|---|" >> "$RESULTS"

# measure NAME COMMAND...: start the tool in its own process group (setsid), let it settle, then measure.
measure() {
  local name="$1"; shift
  : > "$STARTED"
  setsid "$@" > "$TMP/$name.log" 2>&1 &
  PID=$!
  # Ready once the initial run (nodemon, watcher) has happened or the tool printed 'ready' (chokidar), plus a settle.
  for _ in $(seq 1 200); do
    [[ -s "$STARTED" ]] && break
    grep -q ready "$TMP/$name.log" 2>/dev/null && break
    sleep 0.05
  done
  sleep 2
  local rss ticks_before ticks_after
  rss=$(rss_kb "$PID")
  ticks_before=$(cpu_ticks "$PID")
  sleep "$IDLE"
  ticks_after=$(cpu_ticks "$PID")
  local latencies=()
  for i in $(seq 1 "$RUNS"); do
    local lines before after
    lines=$(wc -l < "$STARTED")
    before=$(now_ns)
    echo "change $i" >> "$TREE/pkg$(( (i % 100) + 1 ))/file1.js"
    for _ in $(seq 1 2000); do
      [[ $(wc -l < "$STARTED") -gt $lines ]] && break
      sleep 0.002
    done
    after=$(sed -n "$((lines + 1))p" "$STARTED")
    latencies+=( $(( (after - before) / 1000 )) )
    sleep 0.5
  done
  kill -- "-$PID" 2>/dev/null || true
  wait "$PID" 2>/dev/null || true
  PID=""
  local sorted median p90
  sorted=$(printf '%s\n' "${latencies[@]}" | sort -n)
  median=$(echo "$sorted" | awk -v n="$RUNS" 'NR == int((n + 1) / 2) { print }')
  p90=$(echo "$sorted" | awk -v n="$RUNS" 'NR == int(n * 0.9 + 0.5) { print }')
  printf '| %s | %.1f ms | %.1f ms | %.1f MB | %d ms |\n' "$name" "$(echo "$median / 1000" | bc -l)" "$(echo "$p90 / 1000" | bc -l)" \
    "$(echo "$rss / 1024" | bc -l)" "$(( (ticks_after - ticks_before) * 10 ))" >> "$RESULTS"
  record_result watcher "change to command start, median" lower "$(bench_role "$name" watcher)" "$name" "$(echo "$median / 1000" | bc -l)" ms
  record_result watcher "idle RSS" lower "$(bench_role "$name" watcher)" "$name" "$(echo "$rss / 1024" | bc -l)" MB
  echo "==> $name done"
}

require_tool bc bc
measure "watcher --delay 0" "$WATCHER_BIN" --dir "$TREE" --exec "$RECORD" --delay 0ms
measure "watcher (default --delay 100ms)" "$WATCHER_BIN" --dir "$TREE" --exec "$RECORD"
if [[ $HAVE_PEERS == 1 ]]; then
  measure "nodemon 3.1.14 (default, no delay)" node "$PEERS/node_modules/nodemon/bin/nodemon.js" --watch "$TREE" --ext js --exec "$RECORD"
  measure "chokidar 4.0.3 (run on every event)" env NODE_PATH="$PEERS/node_modules" node "$CHOKIDAR_RUN" "$TREE" "$RECORD"
fi
echo
cat "$RESULTS"
