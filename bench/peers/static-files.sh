#!/usr/bin/env bash
# Static files side by side: AotSuite's static-serve vs nginx (one worker, sendfile on) and the npm servers `serve`
# and `sirv-cli`, on a 1 KiB file and a 100 MiB file (both generated here), keep-alive GETs under wrk.
# Server pinned to CPU 0, wrk to CPU 1. The 1 KiB file is measured for DURATION, the 100 MiB one for 3 x DURATION.
#
#   bash bench/peers/static-files.sh           # 10 s per measurement
#   bash bench/peers/static-files.sh --quick   # 3 s per measurement
#
# Env: DURATION (seconds, default 10), STATIC_BIN (default artifacts/bin/static-serve/static-serve, published when
# missing or older than its sources).
# The npm peers are installed once into artifacts/peers/static-npm (versions pinned in bench/peers/static/package.json).
# Writes the table to artifacts/bench/static-files.md as well.
set -euo pipefail

for arg in "$@"; do
  case "$arg" in
    --quick) DURATION=3 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg (accepted: --quick)" >&2; exit 2 ;;
  esac
done
DURATION="${DURATION:-10}"
# A 100 MiB answer takes a large fraction of a second: three times as long, so a run holds enough of them to count.
LARGE_DURATION=$((DURATION * 3))

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
REPO_ROOT="$(pwd)"
STATIC_BIN="${STATIC_BIN:-artifacts/bin/static-serve/static-serve}"
PEERS="bench/peers/static"
NPM_DIR="artifacts/peers/static-npm"
OUT_MD="artifacts/bench/static-files.md"

source bench/peers/common.bash  # not *.sh: build.cs runs every *.sh here as a benchmark

require_tool wrk wrk
require_tool taskset util-linux
PATH="$PATH:/usr/sbin"  # nginx lives in /usr/sbin, which a non-root PATH may lack

TMP="$(mktemp -d "${TMPDIR:-/tmp}/static-bench.XXXXXX")"
SERVER_PID=""
stop_server() {
  [[ -n "$SERVER_PID" ]] || return 0
  pkill -TERM -P "$SERVER_PID" 2>/dev/null || true  # children (nginx worker, node behind npx, ...)
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}
trap 'stop_server; rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

# --- the files ---
SITE="$TMP/site"
mkdir -p "$SITE"
head -c 1024 /dev/urandom >"$SITE/1k.bin"
head -c $((100 * 1024 * 1024)) /dev/urandom >"$SITE/100m.bin"
cat "$SITE/100m.bin" >/dev/null  # into the page cache before the first server runs
# mktemp -d makes a 0700 folder; nginx's worker runs as another user (nobody) when started by root and must read it.
chmod 755 "$TMP" "$SITE"
chmod 644 "$SITE"/*

declare -A SKIP=() RPS=() MBPS=() P99=()
SERVERS=(aotsuite nginx serve sirv)
NAMES=([0]="AotSuite static-serve" [1]="nginx (1 worker, sendfile)" [2]="serve (npm)" [3]="sirv-cli (npm)")

# --- set up each server (or record why it is skipped) ---
# The default binary is published (NativeAOT) when missing or older than its sources, so a fresh clone runs unattended.
if [[ "$STATIC_BIN" == artifacts/bin/static-serve/static-serve ]]; then
  publish_aot_peer tools/static-serve artifacts/bin/static-serve src/AotSuite.StaticFiles src/AotSuite.Http \
    || SKIP[aotsuite]="static-serve could not be published (reason above)"
elif [[ ! -x "$STATIC_BIN" ]]; then
  SKIP[aotsuite]="$STATIC_BIN not found"
fi
ensure_tool nginx nginx || SKIP[nginx]="nginx not found and apt-get install -y nginx failed"
if ! ensure_tool node nodejs || ! command -v npm >/dev/null 2>&1; then
  SKIP[serve]="node/npm not found"; SKIP[sirv]="node/npm not found"
elif [[ ! -x "$NPM_DIR/node_modules/.bin/serve" || ! -x "$NPM_DIR/node_modules/.bin/sirv" \
        || "$PEERS/package.json" -nt "$NPM_DIR/package.json" ]]; then
  echo "==> installing serve and sirv-cli into $NPM_DIR (npm install, versions from $PEERS/package.json)" >&2
  mkdir -p "$NPM_DIR"
  cp "$PEERS/package.json" "$NPM_DIR/package.json"
  if ! npm install --prefix "$NPM_DIR" --no-audit --no-fund --loglevel=error >"$TMP/npm.log" 2>&1; then
    tail -20 "$TMP/npm.log" >&2
    SKIP[serve]="npm install failed (log above)"; SKIP[sirv]="npm install failed (log above)"
  fi
fi

# server_cmd SERVER PORT: sets CMDLINE to the foreground command line of that server.
server_cmd() {
  case "$1" in
    aotsuite) CMDLINE=("$STATIC_BIN" "$SITE" --port "$2" --host 127.0.0.1) ;;
    nginx) mkdir -p "$TMP/nginx"  # -p prefix: pid, logs and temp dirs all live in the tmpdir
           sed -e "s|@PORT@|$2|" -e "s|@ROOT@|$SITE|" "$PEERS/nginx.conf" >"$TMP/nginx.conf"
           CMDLINE=(nginx -c "$TMP/nginx.conf" -p "$TMP/nginx/" -e "$TMP/nginx/error.log" -g 'daemon off;') ;;
    serve) CMDLINE=("$NPM_DIR/node_modules/.bin/serve" --no-request-logging --no-clipboard --no-port-switching
                    -l "tcp://127.0.0.1:$2" "$SITE") ;;
    sirv) CMDLINE=("$NPM_DIR/node_modules/.bin/sirv" "$SITE" --host 127.0.0.1 --port "$2" --quiet --etag) ;;
  esac
}

# wrk_run URL CONNECTIONS SECONDS: prints "req/s MB/s p99" from a measured run (MB/s is what wrk read, headers included).
wrk_run() {
  local out
  out="$(taskset -c 1 wrk -t1 -c"$2" -d"$3s" --timeout 30s --latency "$1")"
  echo "$out" | grep -E '^\s*(Non-2xx|Socket errors)' >&2 || true
  printf '%s %s %s\n' "$(echo "$out" | awk '/^Requests\/sec:/ {print $2}')" \
                      "$(echo "$out" | awk '/^Transfer\/sec:/ { v = $2; u = substr(v, length(v) - 1); n = v + 0;
                            if (u == "GB") n *= 1024; else if (u == "KB") n /= 1024; else if (u != "MB") n /= 1048576; printf "%.0f", n }')" \
                      "$(echo "$out" | awk '$1 == "99%" {print $2}')"
}

for i in "${!SERVERS[@]}"; do
  s="${SERVERS[$i]}"; port=$((18180 + i))
  if [[ -n "${SKIP[$s]:-}" ]]; then echo "==> ${NAMES[$i]}: SKIPPED: ${SKIP[$s]}" >&2; continue; fi
  echo "==> ${NAMES[$i]} on 127.0.0.1:$port" >&2
  server_cmd "$s" "$port"
  echo "    $(printf '%q ' taskset -c 0 "${CMDLINE[@]}")" >&2
  taskset -c 0 "${CMDLINE[@]}" >"$TMP/$s.log" 2>&1 &
  SERVER_PID=$!
  up=0
  for _ in $(seq 300); do  # 30 s: Node takes seconds to start on a busy VM
    if curl -sf -o /dev/null "http://127.0.0.1:$port/1k.bin"; then up=1; break; fi
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  if [[ $up == 0 ]]; then
    echo "==> ${NAMES[$i]}: FAILED to start within 30 s; its output:" >&2; tail -20 "$TMP/$s.log" >&2
    SKIP[$s]="failed to start"; stop_server; continue
  fi
  cmp -s <(curl -s "http://127.0.0.1:$port/1k.bin") "$SITE/1k.bin" || echo "    warning: /1k.bin differs from the file" >&2
  cmp -s <(curl -s "http://127.0.0.1:$port/100m.bin") "$SITE/100m.bin" || echo "    warning: /100m.bin differs from the file" >&2
  taskset -c 1 wrk -t1 -c32 -d2s "http://127.0.0.1:$port/1k.bin" >/dev/null  # warm-up
  read -r RPS[$s.small] MBPS[$s.small] P99[$s.small] < <(wrk_run "http://127.0.0.1:$port/1k.bin" 32 "$DURATION")
  echo "    1 KiB, 32 connections: ${RPS[$s.small]} req/s, p99 ${P99[$s.small]}" >&2
  read -r RPS[$s.large] MBPS[$s.large] P99[$s.large] < <(wrk_run "http://127.0.0.1:$port/100m.bin" 4 "$LARGE_DURATION")
  echo "    100 MiB, 4 connections: ${RPS[$s.large]} req/s, ${MBPS[$s.large]} MB/s, p99 ${P99[$s.large]}" >&2
  stop_server
done

# --- report ---
ratio() {  # ratio SERVER BASE KIND: req/s of SERVER / BASE, or "n/a"
  local a="${RPS[$1.$3]:-}" b="${RPS[$2.$3]:-}"
  [[ -n "$a" && -n "$b" ]] && awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2fx", a / b }' || echo "n/a"
}
ver() { "$@" 2>&1 | head -1 || true; }
npm_ver() { node -p "require('./$NPM_DIR/node_modules/$1/package.json').version" 2>/dev/null || echo "?"; }
{
  echo "## Static files: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "nproc $(nproc); CPU $(lscpu | grep 'Model name' | sed 's/.*: *//'); $(ver nginx -v); node $(ver node --version);" \
       "serve $(npm_ver serve); sirv-cli $(npm_ver sirv-cli); $(ver wrk --version | sed 's/ Copyright.*//')."
  echo "GET /1k.bin: wrk -t1 -c32 -d${DURATION}s --timeout 30s --latency after a 2 s warm-up; GET /100m.bin: wrk -t1 -c4 -d${LARGE_DURATION}s --timeout 30s --latency."
  echo "Keep-alive, no Accept-Encoding; server on CPU 0, wrk on CPU 1; files in the page cache. Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "| server | 1 KiB req/s | p99 | 100 MiB req/s | MB/s | p99 | ratio vs nginx (1 KiB) | ratio vs nginx (100 MiB) |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  for i in "${!SERVERS[@]}"; do
    s="${SERVERS[$i]}"
    if [[ -n "${SKIP[$s]:-}" ]]; then record_skip static-files "${NAMES[$i]}" "${SKIP[$s]}"; echo "| ${NAMES[$i]} | skipped: ${SKIP[$s]} | | | | | | |"; continue; fi
    for m in small large; do record_result static-files "GET $([[ $m == small ]] && echo 1 KiB || echo 100 MiB) req/s" higher "$(bench_role "$s")" "${NAMES[$i]}" "${RPS[$s.$m]}" req/s; done
    printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "${NAMES[$i]}" \
      "$(printf '%.0f' "${RPS[$s.small]}")" "${P99[$s.small]}" \
      "${RPS[$s.large]}" "${MBPS[$s.large]}" "${P99[$s.large]}" \
      "$(ratio "$s" nginx small)" "$(ratio "$s" nginx large)"
  done
} >"$TMP/table.md"
mkdir -p "$(dirname "$OUT_MD")"
cp "$TMP/table.md" "$OUT_MD"
echo
cat "$OUT_MD"
echo
echo "(written to $REPO_ROOT/$OUT_MD)"
