#!/usr/bin/env bash
# Memory per idle upgraded connection on AotSuite.Http: a server whose requests all switch protocols to an idle read
# loop (what a WebSocket does between messages), N raw connections held open, server RSS (/proc/PID/status) before and
# after, divided by N. Measures the HTTP layer's part of an idle WebSocket; bench/peers/websocket.sh measures the whole.
#   bash bench/peers/http-upgrade-idle.sh            # 2,000 connections
#   bash bench/peers/http-upgrade-idle.sh --quick    # 500
# Env: IDLE (2000).
set -euo pipefail
for arg in "$@"; do
  case "$arg" in
    --quick) IDLE=500 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg (accepted: --quick)" >&2; exit 2 ;;
  esac
done
IDLE="${IDLE:-2000}"
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source bench/peers/common.bash  # not *.sh: build.cs runs every *.sh here as a benchmark
require_tool node nodejs
ulimit -n 65536 2>/dev/null || true
DIR="bench/peers/http/upgrade-idle"
dotnet build "$DIR/UpgradeIdle.cs" -c Release >/dev/null
OUT="$(mktemp)"
taskset -c 0 dotnet run --no-build -c Release "$DIR/UpgradeIdle.cs" >"$OUT" &
PID=$!
trap 'kill "$PID" 2>/dev/null || true; rm -f "$OUT"' EXIT
for _ in $(seq 1 300); do [[ -s "$OUT" ]] && break; sleep 0.1; done
PORT="$(head -1 "$OUT")"
# dotnet run starts the app as a child process: measure the app, not the launcher.
SERVER="$(pgrep -P "$PID" | head -1)"; SERVER="${SERVER:-$PID}"
read -r _ before after < <(taskset -c 1 node "$DIR/idle.mjs" "$PORT" "$IDLE" "$SERVER")
echo "AotSuite.Http upgraded idle connection: $(( (after - before) * 1024 / IDLE )) B per connection (RSS $before -> $after KiB, $IDLE connections)"
