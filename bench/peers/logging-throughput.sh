#!/usr/bin/env bash
# Side-by-side logging throughput: 1,000,000 info lines with three fields (int, string, double) as NDJSON, to a file
# and to /dev/null, in one run: AotSuite.Logging (JIT and NativeAOT) vs plain ZLogger (UseJsonFormatter), Serilog
# (CompactJsonFormatter, buffered file sink behind Serilog.Sinks.Async) and pino (node; sync and async destinations).
# Each figure is the best of RUNS runs; every file run is checked to hold exactly LINES lines.
#
#   bash bench/peers/logging-throughput.sh            # RUNS=3, LINES=1000000
#   bash bench/peers/logging-throughput.sh --quick    # RUNS=1, LINES=200000
#
# Env: RUNS, LINES, LOG_DIR (where the files go; default a temp dir on the repo's disk, artifacts/bench/logging-tmp).
# Writes the table to artifacts/bench/logging-throughput.md as well.
set -euo pipefail

for arg in "$@"; do
  case "$arg" in
    --quick) RUNS=1; LINES=200000 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg (accepted: --quick)" >&2; exit 2 ;;
  esac
done
RUNS="${RUNS:-3}"
LINES="${LINES:-1000000}"

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
REPO_ROOT="$(pwd)"
PEERS="bench/peers/logging"
JIT_DIR="artifacts/peers/logging-jit"
AOT_DIR="artifacts/peers/logging-aot"
PINO_PREFIX="artifacts/npm/pino"
PINO_VERSION="10.4.0"
OUT_MD="artifacts/bench/logging-throughput.md"
LOG_DIR="${LOG_DIR:-artifacts/bench/logging-tmp}"

source bench/peers/common.bash  # not *.sh: build.cs runs every *.sh here as a benchmark

mkdir -p "$LOG_DIR"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/logging-bench.XXXXXX")"
trap 'rm -rf "$TMP" "$LOG_DIR"/*.log' EXIT
trap 'exit 130' INT TERM

declare -A SKIP=() BEST=() local_best_net=() local_best_pino=()
PEER_IDS=(aotsuite-aot aotsuite-jit zlogger serilog pino-sync pino-async)
declare -A NAMES=(
  [aotsuite-aot]="AotSuite.Logging (NativeAOT)" [aotsuite-jit]="AotSuite.Logging (JIT)"
  [zlogger]="ZLogger 2.6.1 UseJsonFormatter (JIT)" [serilog]="Serilog 4.4.0 compact JSON, buffered async file (JIT)"
  [pino-sync]="pino $PINO_VERSION, pino.destination sync (node)" [pino-async]="pino $PINO_VERSION, destination sync:false (node)")

stale() {  # stale BINARY: true when missing or older than the peer sources or the logging library
  [[ ! -x "$1" ]] && return 0
  [[ -n "$(find "$PEERS/dotnet" src/AotSuite.Logging generators/AotSuite.Logging.Generators -type f \( -name '*.cs' -o -name '*.csproj' \) -newer "$1" | head -1)" ]]
}

# --- set up each peer (or record why it is skipped) ---
if ! command -v dotnet >/dev/null 2>&1; then
  for p in aotsuite-aot aotsuite-jit zlogger serilog; do SKIP[$p]="dotnet not found"; done
else
  if stale "$JIT_DIR/LogPeers"; then
    echo "==> building $PEERS/dotnet (JIT) into $JIT_DIR" >&2
    if dotnet build "$PEERS/dotnet" -c Release -o "$JIT_DIR" >"$TMP/jit.log" 2>&1; then touch "$JIT_DIR/LogPeers"
    else tail -20 "$TMP/jit.log" >&2; for p in aotsuite-jit zlogger serilog; do SKIP[$p]="dotnet build $PEERS/dotnet failed (log above)"; done; fi
  fi
  if stale "$AOT_DIR/LogPeers"; then
    echo "==> publishing $PEERS/dotnet (NativeAOT) into $AOT_DIR" >&2
    if dotnet publish "$PEERS/dotnet" -c Release -r linux-x64 -o "$AOT_DIR" >"$TMP/aot.log" 2>&1; then touch "$AOT_DIR/LogPeers"
    else tail -20 "$TMP/aot.log" >&2; SKIP[aotsuite-aot]="dotnet publish (NativeAOT) failed (log above)"; fi
  fi
fi
if ensure_tool node nodejs && ensure_tool npm npm; then
  if [[ ! -f "$PINO_PREFIX/node_modules/pino/package.json" ]] || ! grep -q "\"version\": \"$PINO_VERSION\"" "$PINO_PREFIX/node_modules/pino/package.json"; then
    echo "==> npm install pino@$PINO_VERSION into $PINO_PREFIX" >&2
    mkdir -p "$PINO_PREFIX"
    npm install --prefix "$PINO_PREFIX" "pino@$PINO_VERSION" --no-audit --no-fund --loglevel=error >"$TMP/npm.log" 2>&1 \
      || { tail -5 "$TMP/npm.log" >&2; SKIP[pino-sync]="npm install pino@$PINO_VERSION failed"; SKIP[pino-async]="${SKIP[pino-sync]}"; }
  fi
else
  SKIP[pino-sync]="node/npm not found and apt-get install failed"; SKIP[pino-async]="${SKIP[pino-sync]}"
fi

# peer_cmd PEER TARGET: sets CMDLINE to the command that logs LINES lines to TARGET.
peer_cmd() {
  case "$1" in
    aotsuite-aot) CMDLINE=("$AOT_DIR/LogPeers" aotsuite "$2" "$LINES") ;;
    aotsuite-jit) CMDLINE=("$JIT_DIR/LogPeers" aotsuite "$2" "$LINES") ;;
    zlogger|serilog) CMDLINE=("$JIT_DIR/LogPeers" "$1" "$2" "$LINES") ;;
    pino-sync) CMDLINE=(env NODE_PATH="$PINO_PREFIX/node_modules" node "$PEERS/pino-bench.js" sync "$2" "$LINES") ;;
    pino-async) CMDLINE=(env NODE_PATH="$PINO_PREFIX/node_modules" node "$PEERS/pino-bench.js" async "$2" "$LINES") ;;
  esac
}

# --- run: interleaved rounds, so every peer sees the same machine weather ---
for target in file devnull; do
  for round in $(seq "$RUNS"); do
    for p in "${PEER_IDS[@]}"; do
      [[ -n "${SKIP[$p]:-}" ]] && continue
      if [[ $target == file ]]; then dest="$LOG_DIR/$p.log"; rm -f "$dest"; else dest=/dev/null; fi
      peer_cmd "$p" "$dest"
      out="$("${CMDLINE[@]}" | tail -1)"
      rate="$(echo "$out" | awk '{print $4}')"
      if [[ $target == file ]]; then
        n="$(wc -l <"$dest")"
        if [[ "$n" != "$LINES" ]]; then echo "    $p: file holds $n lines, expected $LINES" >&2; SKIP[$p]="lost lines ($n of $LINES)"; continue; fi
        rm -f "$dest"
      fi
      echo "    $target round $round: ${NAMES[$p]}: $rate lines/s" >&2
      key="$p.$target"
      if [[ -z "${BEST[$key]:-}" ]] || (( rate > BEST[$key] )); then BEST[$key]=$rate; fi
    done
  done
done

# --- report ---
best_of() {  # best_of TARGET PEER...: the highest rate among the peers that ran
  local target="$1" best=0 p; shift
  for p in "$@"; do local r="${BEST[$p.$target]:-0}"; (( r > best )) && best=$r; done
  echo "$best"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "%.2fx", a / b; else print "n/a" }'; }
{
  echo "## Logging throughput: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "nproc $(nproc); CPU $(lscpu | grep 'Model name' | sed 's/.*: *//'); load average at start:$(uptime | sed 's/.*load average://');" \
       "dotnet $(dotnet --version 2>/dev/null || echo n/a); node $(node --version 2>/dev/null || echo n/a)."
  echo "$LINES info lines, 3 fields each (int, string, double), NDJSON; best of $RUNS interleaved runs; clock from the first call to the last line handed to the OS."
  echo
  echo "| logger | file lines/s | /dev/null lines/s |"
  echo "|---|---:|---:|"
  for p in "${PEER_IDS[@]}"; do
    if [[ -n "${SKIP[$p]:-}" ]]; then record_skip logging-throughput "${NAMES[$p]}" "${SKIP[$p]}"; echo "| ${NAMES[$p]} | skipped: ${SKIP[$p]} | |"; continue; fi
    for t in file devnull; do record_result logging-throughput "lines/s to $([[ $t == file ]] && echo a file || echo /dev/null)" higher "$(bench_role "$p")" "${NAMES[$p]}" "${BEST[$p.$t]:-}" lines/s; done
    printf '| %s | %s | %s |\n' "${NAMES[$p]}" "${BEST[$p.file]:-n/a}" "${BEST[$p.devnull]:-n/a}"
  done
  echo
  echo "| ratio | file | /dev/null |"
  echo "|---|---:|---:|"
  for ours in aotsuite-aot aotsuite-jit; do
    for target in file devnull; do
      local_best_net[$target]="$(best_of "$target" zlogger serilog)"
      local_best_pino[$target]="$(best_of "$target" pino-sync pino-async)"
    done
    printf '| %s vs fastest .NET peer | %s | %s |\n' "${NAMES[$ours]}" \
      "$(ratio "${BEST[$ours.file]:-0}" "${local_best_net[file]}")" "$(ratio "${BEST[$ours.devnull]:-0}" "${local_best_net[devnull]}")"
    printf '| %s vs fastest pino | %s | %s |\n' "${NAMES[$ours]}" \
      "$(ratio "${BEST[$ours.file]:-0}" "${local_best_pino[file]}")" "$(ratio "${BEST[$ours.devnull]:-0}" "${local_best_pino[devnull]}")"
  done
} >"$TMP/table.md"
mkdir -p "$(dirname "$OUT_MD")"
cp "$TMP/table.md" "$OUT_MD"
echo
cat "$OUT_MD"
echo
echo "(written to $REPO_ROOT/$OUT_MD)"
