#!/usr/bin/env bash
# Side-by-side HTTP client throughput: AotSuite's FetchClient vs .NET's HttpClient (both in the same NativeAOT load
# program, bench/peers/http-client/ClientBench) vs undici (npm, Node's fastest client), GET /plaintext with keep-alive,
# a closed loop of C concurrent requests. Server pinned to CPU 0, client to CPU 1; servers: HelloHttp and Node's http.
#
#   bash bench/peers/http-client.sh           # 10 s per measurement, concurrency 32 and 1
#   bash bench/peers/http-client.sh --quick   # 3 s per measurement
#
# Env: DURATION (seconds, default 10), CONCURRENCY (default "32 1"), HELLO_BIN (default artifacts/bin/HelloHttp/HelloHttp).
# Writes the table to artifacts/bench/http-client.md as well.
set -euo pipefail

for arg in "$@"; do
  case "$arg" in
    --quick) DURATION=3 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg (accepted: --quick)" >&2; exit 2 ;;
  esac
done
DURATION="${DURATION:-10}"
CONCURRENCY="${CONCURRENCY:-32 1}"

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
REPO_ROOT="$(pwd)"
HELLO_BIN="${HELLO_BIN:-artifacts/bin/HelloHttp/HelloHttp}"
PEERS="bench/peers/http-client"
BENCH_DIR="artifacts/peers/http-client"
BENCH_BIN="$BENCH_DIR/ClientBench/ClientBench"
UNDICI_VERSION="7.30.2"  # undici 8 needs Node 22; this machine has Node 20
OUT_MD="artifacts/bench/http-client.md"

source bench/peers/common.bash  # not *.sh: build.cs runs every *.sh here as a benchmark

TMP="$(mktemp -d "${TMPDIR:-/tmp}/http-client-bench.XXXXXX")"
SERVER_PID=""
stop_server() {
  [[ -n "$SERVER_PID" ]] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}
trap 'stop_server; rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

declare -A SKIP=() RPS=() ALLOC=() CPU=()
CLIENTS=(fetch httpclient undici)
declare -A CLIENT_NAMES=([fetch]="AotSuite FetchClient" [httpclient]=".NET HttpClient" [undici]="undici $UNDICI_VERSION")
SERVERS=(hellohttp node)
declare -A SERVER_NAMES=([hellohttp]="HelloHttp" [node]="Node http")

# --- clients ---
publish_aot_peer "$PEERS/ClientBench" "$BENCH_DIR/ClientBench" src/AotSuite.Http.Client src/AotSuite.Http \
  || { SKIP[fetch]="could not publish $PEERS/ClientBench (see above)"; SKIP[httpclient]="${SKIP[fetch]}"; }
if ! ensure_tool node nodejs; then
  SKIP[undici]="node not found and apt-get install -y nodejs failed"
  SKIP[node]="${SKIP[undici]}"
elif [[ ! -f "$BENCH_DIR/node_modules/undici/package.json" ]] ||
     [[ "$(node -p "require('./$BENCH_DIR/node_modules/undici/package.json').version")" != "$UNDICI_VERSION" ]]; then
  echo "==> installing undici@$UNDICI_VERSION into $BENCH_DIR with npm" >&2
  mkdir -p "$BENCH_DIR"
  ensure_tool npm npm && npm install --prefix "$BENCH_DIR" --no-save --no-audit --no-fund "undici@$UNDICI_VERSION" >"$TMP/npm.log" 2>&1 \
    || { tail -20 "$TMP/npm.log" >&2; SKIP[undici]="npm install undici@$UNDICI_VERSION failed (log above)"; }
fi
[[ -x "$HELLO_BIN" ]] || SKIP[hellohttp]="$HELLO_BIN not found; build it first: dotnet run build.cs -- publish"

# client_cmd CLIENT URL C: sets CMDLINE to the load command.
client_cmd() {
  case "$1" in
    fetch|httpclient) CMDLINE=("$BENCH_BIN" "$1" "$2" "$3" "$DURATION" 2) ;;
    undici) CMDLINE=(env NODE_PATH="$REPO_ROOT/$BENCH_DIR/node_modules" node "$PEERS/undici-client.js" "$2" "$3" "$DURATION" 2) ;;
  esac
}

for s in "${SERVERS[@]}"; do
  if [[ -n "${SKIP[$s]:-}" ]]; then echo "==> server ${SERVER_NAMES[$s]}: SKIPPED: ${SKIP[$s]}" >&2; continue; fi
  port=18190
  case "$s" in
    hellohttp) taskset -c 0 "$HELLO_BIN" --port "$port" --host 127.0.0.1 >"$TMP/$s.log" 2>&1 & ;;
    node) taskset -c 0 node bench/peers/http/node-server.js "$port" 127.0.0.1 >"$TMP/$s.log" 2>&1 & ;;
  esac
  SERVER_PID=$!
  up=0
  for _ in $(seq 100); do
    if curl -sf -o /dev/null "http://127.0.0.1:$port/plaintext"; then up=1; break; fi
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  if [[ $up == 0 ]]; then
    echo "==> server ${SERVER_NAMES[$s]}: FAILED to start; its output:" >&2; tail -20 "$TMP/$s.log" >&2
    SKIP[$s]="failed to start"; stop_server; continue
  fi
  url="http://127.0.0.1:$port/plaintext"
  for c in $CONCURRENCY; do
    for client in "${CLIENTS[@]}"; do
      if [[ -n "${SKIP[$client]:-}" ]]; then echo "==> ${CLIENT_NAMES[$client]}: SKIPPED: ${SKIP[$client]}" >&2; continue; fi
      client_cmd "$client" "$url" "$c"
      if out="$(taskset -c 1 "${CMDLINE[@]}" 2>"$TMP/client.err")"; then
        RPS[$s.$c.$client]="$(echo "$out" | awk '{print $6}')"
        ALLOC[$s.$c.$client]="$(echo "$out" | awk '{print $8}')"
        CPU[$s.$c.$client]="$(echo "$out" | awk '{print $10}')"
        echo "    ${SERVER_NAMES[$s]}, c=$c, ${CLIENT_NAMES[$client]}: ${RPS[$s.$c.$client]} req/s ($out)" >&2
      else
        echo "    ${SERVER_NAMES[$s]}, c=$c, ${CLIENT_NAMES[$client]}: FAILED: $out $(head -5 "$TMP/client.err")" >&2
      fi
    done
  done
  stop_server
done

# --- report ---
ratio() {  # ratio A B: A / B, or n/a
  [[ -n "${1:-}" && -n "${2:-}" ]] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }' || echo "n/a"
}
ver() { "$@" 2>&1 | head -1 || true; }
{
  echo "## HTTP client: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "nproc $(nproc); CPU $(lscpu | grep 'Model name' | sed 's/.*: *//'); node $(ver node --version); dotnet $(ver dotnet --version)."
  echo "GET /plaintext, keep-alive, closed loop of C concurrent requests, ${DURATION} s after a 2 s warm-up; server on CPU 0, client on CPU 1."
  echo
  echo "CPU µs/req is the client process's user+system time over the measurement divided by its requests: on a shared VM"
  echo "the rate moves with the neighbours' load, the CPU a request costs much less. Lower is better."
  echo
  echo "| server | C | client | req/s | req/s vs HttpClient | client CPU µs/req | allocated B/req |"
  echo "|---|---:|---|---:|---:|---:|---:|"
  for s in "${SERVERS[@]}"; do
    if [[ -n "${SKIP[$s]:-}" ]]; then record_skip http-client "${SERVER_NAMES[$s]} (server)" "${SKIP[$s]}"; echo "| ${SERVER_NAMES[$s]} | | skipped: ${SKIP[$s]} | | | | |"; continue; fi
    for c in $CONCURRENCY; do
      for client in "${CLIENTS[@]}"; do
        r="${RPS[$s.$c.$client]:-}"
        if [[ -z "$r" ]]; then record_skip http-client "${CLIENT_NAMES[$client]}" "${SKIP[$client]:-failed}"; echo "| ${SERVER_NAMES[$s]} | $c | ${CLIENT_NAMES[$client]} | ${SKIP[$client]:-failed} | | | |"; continue; fi
        record_result http-client "GET /plaintext req/s from ${SERVER_NAMES[$s]}, $c concurrent" higher "$(bench_role "$client" fetch)" "${CLIENT_NAMES[$client]}" "$r" req/s
        echo "| ${SERVER_NAMES[$s]} | $c | ${CLIENT_NAMES[$client]} | $r | $(ratio "$r" "${RPS[$s.$c.httpclient]:-}") | ${CPU[$s.$c.$client]} | ${ALLOC[$s.$c.$client]} |"
      done
    done
  done
} >"$TMP/table.md"
mkdir -p "$(dirname "$OUT_MD")"
cp "$TMP/table.md" "$OUT_MD"
echo
cat "$OUT_MD"
echo
echo "(written to $REPO_ROOT/$OUT_MD)"
