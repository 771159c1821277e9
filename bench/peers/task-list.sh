#!/usr/bin/env bash
# Side-by-side benchmark: `task list` (AotSuite NativeAOT binary) vs the
# Node.js peer in bench/peers/task-node/task.js, on 1,000 and 100,000 tasks.
#
#   bash bench/peers/task-list.sh           # 20 runs per command
#   bash bench/peers/task-list.sh --quick   # 5 runs per command
#
# Env: TASK_BIN (default artifacts/bin/task/task, relative to the repo root),
#      RUNS (default 20; --quick sets 5), NO_PIN=1 (let both use every core).
set -euo pipefail

for arg in "$@"; do
  case "$arg" in
    --quick) RUNS=5 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg (accepted: --quick)" >&2; exit 2 ;;
  esac
done
RUNS="${RUNS:-20}"

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
REPO_ROOT="$(pwd)"
NODE_TASK="bench/peers/task-node/task.js"
MAKE_TASKS="bench/peers/task-node/make-tasks.js"

TASK_BIN="${TASK_BIN:-artifacts/bin/task/task}"
if [[ ! -x "$TASK_BIN" ]]; then
  echo "error: $TASK_BIN not found (relative to $REPO_ROOT)" >&2
  echo "build it first: dotnet run build.cs -- publish" >&2
  exit 1
fi

source bench/peers/common.bash  # not *.sh: build.cs runs every *.sh here as a benchmark

require_tool hyperfine hyperfine
require_tool node nodejs

# Pin hyperfine (and so both commands, which inherit it) to one CPU when taskset is available: steadier numbers,
# and no extra taskset exec inside each timed run.
PIN=""
if [[ "${NO_PIN:-}" != 1 ]] && command -v taskset >/dev/null 2>&1; then PIN="taskset -c 1 "; fi

TMP="$(mktemp -d "${TMPDIR:-/tmp}/task-list-bench.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

# Send the commands' stdout to a pipe (as `task list | less` would) where this
# hyperfine has --output; otherwise it goes to /dev/null (hyperfine's default).
OUTPUT_OPT=()
if hyperfine --help 2>/dev/null | grep -q -- '--output <'; then OUTPUT_OPT=(--output=pipe); fi

export NO_COLOR=1
SIZES=(1000 100000)

for n in "${SIZES[@]}"; do
  store="$TMP/tasks-$n.json"
  node "$MAKE_TASKS" "$n" "$store"
  echo
  echo "==> task list, $n tasks ($(du -h "$store" | cut -f1) store), $RUNS runs"
  ${PIN}hyperfine -N --warmup 3 --runs "$RUNS" "${OUTPUT_OPT[@]}" --export-markdown "$TMP/list-$n.md" --export-json "$TMP/list-$n.json" \
    -n "aotsuite task ($n)" "$TASK_BIN list --file $store" \
    -n "node task.js ($n)" "node $NODE_TASK list --file $store"
  record_hyperfine task-list "task list, $n tasks" "$TMP/list-$n.json" aotsuite
done

echo
echo "==> Results (NO_COLOR=1, node $(node --version)${PIN:+, pinned with taskset -c 1})"
for n in "${SIZES[@]}"; do
  echo
  echo "### task list — $n tasks"
  echo
  cat "$TMP/list-$n.md"
done

size_bytes="$(stat -c %s "$TASK_BIN")"
echo
echo "Binary size: $TASK_BIN = $(awk -v b="$size_bytes" 'BEGIN { printf "%.2f", b / 1048576 }') MB ($size_bytes bytes)"
