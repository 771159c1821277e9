#!/usr/bin/env bash
# Side-by-side HTTP throughput: AotSuite's HelloHttp vs Kestrel (NativeAOT), Node's http module and nginx,
# on GET /plaintext and GET /json, keep-alive, wrk -t1 -c32. Server pinned to CPU 0, wrk to CPU 1.
#
#   bash bench/peers/http-plaintext.sh           # 10 s per measurement
#   bash bench/peers/http-plaintext.sh --quick   # 3 s per measurement
#
# Env: DURATION (seconds, default 10), HELLO_BIN (default artifacts/bin/HelloHttp/HelloHttp).
# Writes the table to artifacts/bench/http-plaintext.md as well.
set -euo pipefail

for arg in "$@"; do
  case "$arg" in
    --quick) DURATION=3 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg (accepted: --quick)" >&2; exit 2 ;;
  esac
done
DURATION="${DURATION:-10}"

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
REPO_ROOT="$(pwd)"
HELLO_BIN="${HELLO_BIN:-artifacts/bin/HelloHttp/HelloHttp}"
PEERS="bench/peers/http"
KESTREL_BIN="artifacts/peers/kestrel/KestrelHello"
OUT_MD="artifacts/bench/http-plaintext.md"

source bench/peers/common.bash  # not *.sh: build.cs runs every *.sh here as a benchmark

require_tool wrk wrk
PATH="$PATH:/usr/sbin"  # nginx lives in /usr/sbin, which a non-root PATH may lack

TMP="$(mktemp -d "${TMPDIR:-/tmp}/http-bench.XXXXXX")"
SERVER_PID=""
stop_server() {
  [[ -n "$SERVER_PID" ]] || return 0
  pkill -TERM -P "$SERVER_PID" 2>/dev/null || true  # children (nginx worker, ...)
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}
trap 'stop_server; rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

declare -A SKIP=() RPS=() P99=()
SERVERS=(aotsuite kestrel node nginx)
NAMES=([0]="AotSuite HelloHttp" [1]="Kestrel (NativeAOT)" [2]="Node http" [3]="nginx")

# --- set up each server (or record why it is skipped) ---
if [[ ! -x "$HELLO_BIN" ]]; then
  SKIP[aotsuite]="$HELLO_BIN not found; build it first: dotnet run build.cs -- publish"
fi

kestrel_stale() {
  [[ ! -x "$KESTREL_BIN" ]] && return 0
  [[ -n "$(find "$PEERS/kestrel" -maxdepth 1 -type f \( -name '*.cs' -o -name '*.csproj' \) -newer "$KESTREL_BIN")" ]]
}
if ! command -v dotnet >/dev/null 2>&1 && [[ ! -x "$KESTREL_BIN" ]]; then
  SKIP[kestrel]="dotnet not found, cannot publish $PEERS/kestrel"
elif kestrel_stale; then
  echo "==> publishing Kestrel peer (NativeAOT) to artifacts/peers/kestrel" >&2
  if dotnet publish "$PEERS/kestrel" -c Release -r linux-x64 -p:PublishAot=true -o artifacts/peers/kestrel \
       >"$TMP/kestrel-publish.log" 2>&1; then
    touch "$KESTREL_BIN"
  else
    tail -20 "$TMP/kestrel-publish.log" >&2
    SKIP[kestrel]="dotnet publish $PEERS/kestrel failed (log above)"
  fi
fi
ensure_tool node nodejs || SKIP[node]="node not found and apt-get install -y nodejs failed"
ensure_tool nginx nginx || SKIP[nginx]="nginx not found and apt-get install -y nginx failed"

# server_cmd SERVER PORT: sets CMDLINE to the foreground command line of that server.
server_cmd() {
  case "$1" in
    aotsuite) CMDLINE=("$HELLO_BIN" --port "$2" --host 127.0.0.1) ;;
    kestrel) CMDLINE=("$KESTREL_BIN" --urls "http://127.0.0.1:$2") ;;
    node) CMDLINE=(node "$PEERS/node-server.js" "$2" 127.0.0.1) ;;
    nginx) mkdir -p "$TMP/nginx"  # -p prefix: pid, logs and temp dirs all live in the tmpdir
           sed "s/127\.0\.0\.1:18083/127.0.0.1:$2/" "$PEERS/nginx.conf" >"$TMP/nginx.conf"
           CMDLINE=(nginx -c "$TMP/nginx.conf" -p "$TMP/nginx/" -e "$TMP/nginx/error.log" -g 'daemon off;') ;;
  esac
}

# --- run ---
# wrk_run URL [wrk options]: prints "req/s p99" from a measured wrk run.
wrk_run() {
  local out url="$1"; shift
  out="$(taskset -c 1 wrk -t1 -c32 -d"${DURATION}s" --latency "$@" "$url")"
  echo "$out" | grep -E '^\s*(Non-2xx|Socket errors)' >&2 || true
  printf '%s %s\n' "$(echo "$out" | awk '/^Requests\/sec:/ {print $2}')" \
                   "$(echo "$out" | awk '$1 == "99%" {print $2}')"
}

for i in "${!SERVERS[@]}"; do
  s="${SERVERS[$i]}"; port=$((18080 + i))
  if [[ -n "${SKIP[$s]:-}" ]]; then echo "==> ${NAMES[$i]}: SKIPPED: ${SKIP[$s]}" >&2; continue; fi
  echo "==> ${NAMES[$i]} on 127.0.0.1:$port" >&2
  server_cmd "$s" "$port"
  taskset -c 0 "${CMDLINE[@]}" >"$TMP/$s.log" 2>&1 &
  SERVER_PID=$!
  up=0
  for _ in $(seq 100); do
    if curl -sf -o /dev/null "http://127.0.0.1:$port/plaintext"; then up=1; break; fi
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  if [[ $up == 0 ]]; then
    echo "==> ${NAMES[$i]}: FAILED to start within 10 s; its output:" >&2; tail -20 "$TMP/$s.log" >&2
    SKIP[$s]="failed to start"; stop_server; continue
  fi
  [[ "$(curl -s "http://127.0.0.1:$port/plaintext")" == 'Hello, World!' ]] || echo "    warning: unexpected /plaintext body" >&2
  [[ "$(curl -s "http://127.0.0.1:$port/json")" == '{"message":"Hello, World!"}' ]] || echo "    warning: unexpected /json body" >&2
  for path in plaintext json; do
    taskset -c 1 wrk -t1 -c32 -d2s "http://127.0.0.1:$port/$path" >/dev/null  # warm-up
    read -r RPS[$s.$path] P99[$s.$path] < <(wrk_run "http://127.0.0.1:$port/$path")
    echo "    /$path: ${RPS[$s.$path]} req/s, p99 ${P99[$s.$path]}" >&2
  done
  read -r RPS[$s.pipelined] P99[$s.pipelined] < <(wrk_run "http://127.0.0.1:$port/plaintext" -s bench/peers/http/pipeline.lua)
  echo "    /plaintext pipelined x16: ${RPS[$s.pipelined]} req/s" >&2
  stop_server
done

# --- report ---
ratio() {  # ratio SERVER BASE: plaintext req/s of SERVER / BASE, or "n/a"
  local a="${RPS[$1.plaintext]:-}" b="${RPS[$2.plaintext]:-}"
  [[ -n "$a" && -n "$b" ]] && awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2fx", a / b }' || echo "n/a"
}
ver() { "$@" 2>&1 | head -1 || true; }
{
  echo "## HTTP plaintext / JSON: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "nproc $(nproc); CPU $(lscpu | grep 'Model name' | sed 's/.*: *//'); $(ver nginx -v); node $(ver node --version);" \
       "dotnet $(ver dotnet --version); $(ver wrk --version | sed 's/ Copyright.*//')."
  echo "wrk -t1 -c32 -d${DURATION}s --latency (keep-alive), after a 2 s warm-up; server on CPU 0, wrk on CPU 1."
  echo
  echo "| server | plaintext req/s | p99 | json req/s | p99 | plaintext pipelined x16 req/s | ratio vs nginx (plaintext) | ratio vs Kestrel (plaintext) |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  for i in "${!SERVERS[@]}"; do
    s="${SERVERS[$i]}"
    if [[ -n "${SKIP[$s]:-}" ]]; then record_skip http-plaintext "${NAMES[$i]}" "${SKIP[$s]}"; echo "| ${NAMES[$i]} | skipped: ${SKIP[$s]} | | | | | | |"; continue; fi
    for m in plaintext json pipelined; do record_result http-plaintext "GET /$m req/s" higher "$(bench_role "$s")" "${NAMES[$i]}" "${RPS[$s.$m]}" req/s; done
    printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "${NAMES[$i]}" \
      "$(printf '%.0f' "${RPS[$s.plaintext]}")" "${P99[$s.plaintext]}" \
      "$(printf '%.0f' "${RPS[$s.json]}")" "${P99[$s.json]}" "$(printf '%.0f' "${RPS[$s.pipelined]}")" \
      "$(ratio "$s" nginx)" "$(ratio "$s" kestrel)"
  done
} >"$TMP/table.md"
mkdir -p "$(dirname "$OUT_MD")"
cp "$TMP/table.md" "$OUT_MD"
echo
cat "$OUT_MD"
echo
echo "(written to $REPO_ROOT/$OUT_MD)"
