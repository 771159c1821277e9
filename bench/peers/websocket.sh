#!/usr/bin/env bash
# Side-by-side WebSocket: chat-server (NativeAOT) vs ws (npm) on Node, the same load client driving both
# (bench/peers/websocket/FanoutBench: NativeAOT, on AotSuite's WebSocketClient; Node's ws client saturated its core first).
#   echo:      64 connections, 32-byte text round trips for DURATION s             → round trips/s, server CPU and the
#              kernel's part of it per round trip; then again with the server held to CAP% of CPU 0 (a CPU cgroup), so
#              the server and not the load client sets the rate; io_uring also with --io-uring-spin SPIN (µs); and
#              in bursts: BURST messages per write, each connection waiting for all their echoes (as pipelined HTTP)
#   broadcast: 1 sender, RECEIVERS (1000) clients in one room, MESSAGES (500) lines → messages delivered/s
#   idle:      IDLE (4000) open connections, then IDLE more in 8 steps             → server RSS per connection: the slope
#              of RSS over the second batch (one more idle connection), what the second batch added from end to end,
#              and the first batch's (with what the server pays once)
# Server pinned to CPU 0, the load client to CPU 1.
#
#   bash bench/peers/websocket.sh           # 10 s echo
#   bash bench/peers/websocket.sh --quick   # 3 s echo, 200 receivers, 500 idle
#
# Env: DURATION, RECEIVERS, MESSAGES, IDLE (each also wins over --quick's), CAP (default 50; 0 skips the held echo),
# SPIN (default 50; 0 skips the spinning echo), BURST (default 8; 1 skips the echo in bursts),
# CHAT_BIN (default artifacts/bin/chat-server/chat-server). Writes the table to artifacts/bench/websocket.md as well.
set -euo pipefail

for arg in "$@"; do
  case "$arg" in
    --quick) DURATION="${DURATION:-3}" RECEIVERS="${RECEIVERS:-200}" MESSAGES="${MESSAGES:-200}" IDLE="${IDLE:-500}" ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg (accepted: --quick)" >&2; exit 2 ;;
  esac
done
DURATION="${DURATION:-10}"
RECEIVERS="${RECEIVERS:-1000}"
MESSAGES="${MESSAGES:-500}"
IDLE="${IDLE:-4000}"
CAP="${CAP:-50}"
SPIN="${SPIN:-50}"
BURST="${BURST:-8}"
WS_VERSION="8.23.0"

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
CHAT_BIN="${CHAT_BIN:-artifacts/bin/chat-server/chat-server}"
PEERS="bench/peers/websocket"
MODULES="artifacts/npm/node_modules"
BENCH_DIR="artifacts/peers/websocket"
BENCH_BIN="$BENCH_DIR/FanoutBench/FanoutBench"
OUT_MD="artifacts/bench/websocket.md"

source bench/peers/common.bash  # not *.sh: build.cs runs every *.sh here as a benchmark

require_tool node nodejs
require_tool npm npm
if ! grep -q "\"version\": \"$WS_VERSION\"" "$MODULES/ws/package.json" 2>/dev/null; then
  echo "==> installing ws@$WS_VERSION into artifacts/npm" >&2
  npm install --prefix artifacts/npm --no-save --ignore-scripts --no-audit --no-fund "ws@$WS_VERSION" >/dev/null
fi
ulimit -n 65536 2>/dev/null || true

# The load client, republished when its sources (or the WebSocket library's) are newer than the binary.
publish_aot_peer "$PEERS/FanoutBench" "$BENCH_DIR/FanoutBench" src/AotSuite.WebSockets \
  || { echo "error: no load client, nothing to measure" >&2; exit 1; }

SERVER_PID=""
stop_server() {
  [[ -n "$SERVER_PID" ]] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}
trap 'stop_server; cpu_cap_remove' EXIT
trap 'exit 130' INT TERM

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

wait_port() {
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "error: nothing listens on 127.0.0.1:$1" >&2; return 1
}

start_server() {  # name port
  case "$1" in
    aotsuite) taskset -c 0 "$CHAT_BIN" --port "$2" --quiet --heartbeat 3600 --sockets >/dev/null & ;;
    aotsuite-uring) taskset -c 0 "$CHAT_BIN" --port "$2" --quiet --heartbeat 3600 >/dev/null & ;;
    aotsuite-spin) taskset -c 0 "$CHAT_BIN" --port "$2" --quiet --heartbeat 3600 --io-uring-spin "$SPIN" >/dev/null & ;;
    ws) taskset -c 0 node "$PEERS/ws-server.mjs" "$2" "$MODULES" >/dev/null & ;;
  esac
  SERVER_PID=$!
  wait_port "$2"
}

load() { taskset -c 1 "$BENCH_BIN" "$@"; }

declare -A ECHO=() ECHO_CPU=() ECHO_SYS=() BURST_ECHO=() BURST_CPU=() HELD_ECHO=() HELD_ECHO_CPU=() FANOUT=() FANOUT_CPU=() CLIENT_CPU=() SLOPE=() PERCONN=() FIRSTCONN=() SKIP=()
NAMES=([0]="AotSuite chat-server (NativeAOT, --sockets)" [1]="AotSuite chat-server (NativeAOT, io_uring)" [2]="ws $WS_VERSION (Node $(node --version))")
SERVERS=(aotsuite aotsuite-uring ws)
[[ -x "$CHAT_BIN" ]] || SKIP[aotsuite]="$CHAT_BIN not found; publish it: dotnet publish tools/chat-server -c Release -r linux-x64 -o artifacts/bin/chat-server"
[[ -z "${SKIP[aotsuite]:-}" ]] || SKIP[aotsuite-uring]="${SKIP[aotsuite]}"

CAP_SKIP=""
if (( CAP > 0 )); then
  cpu_cap_setup "aotsuite-websocket-$$" "$CAP" 2>/tmp/websocket-cap.$$ || CAP_SKIP="$(cat /tmp/websocket-cap.$$)"
  rm -f /tmp/websocket-cap.$$
else
  CAP_SKIP="CAP=0"
fi

for name in "${SERVERS[@]}"; do
  [[ -z "${SKIP[$name]:-}" ]] || { echo "skip $name: ${SKIP[$name]}" >&2; continue; }
  port="$(free_port)"; start_server "$name" "$port"
  read -r _ ECHO[$name] ECHO_CPU[$name] _ ECHO_SYS[$name] < <(load echo "ws://127.0.0.1:$port/echo" 64 "$DURATION" "$SERVER_PID")
  (( BURST > 1 )) && read -r _ BURST_ECHO[$name] BURST_CPU[$name] _ < <(load echo "ws://127.0.0.1:$port/echo" 64 "$DURATION" "$SERVER_PID" "$BURST")
  if [[ -z "$CAP_SKIP" ]]; then
    cpu_cap "$SERVER_PID"
    read -r _ HELD_ECHO[$name] HELD_ECHO_CPU[$name] _ < <(load echo "ws://127.0.0.1:$port/echo" 64 "$DURATION" "$SERVER_PID")
  fi
  stop_server
  if [[ $name == aotsuite-uring ]] && (( SPIN > 0 )); then
    port="$(free_port)"; start_server aotsuite-spin "$port"
    read -r _ ECHO[aotsuite-spin] ECHO_CPU[aotsuite-spin] _ ECHO_SYS[aotsuite-spin] < <(load echo "ws://127.0.0.1:$port/echo" 64 "$DURATION" "$SERVER_PID")
    stop_server
    echo "aotsuite-uring spinning $SPIN µs: echo ${ECHO[aotsuite-spin]} rt/s (${ECHO_CPU[aotsuite-spin]} server CPU µs each)" >&2
  fi
  port="$(free_port)"; start_server "$name" "$port"
  read -r _ FANOUT[$name] FANOUT_CPU[$name] CLIENT_CPU[$name] _ < <(load broadcast "ws://127.0.0.1:$port/chat" "$RECEIVERS" "$MESSAGES" "$SERVER_PID")
  stop_server
  port="$(free_port)"; start_server "$name" "$port"
  read -r _ before middle after SLOPE[$name] < <(load idle "ws://127.0.0.1:$port/echo" "$IDLE" "$SERVER_PID")
  FIRSTCONN[$name]="$(( (middle - before) * 1024 / IDLE ))"
  PERCONN[$name]="$(( (after - middle) * 1024 / IDLE ))"
  stop_server
  echo "$name: echo ${ECHO[$name]} rt/s (${ECHO_CPU[$name]} server CPU µs each, ${ECHO_SYS[$name]} of it in the kernel; held to $CAP%: ${HELD_ECHO[$name]:-n/a} rt/s; in bursts of $BURST: ${BURST_ECHO[$name]:-n/a} rt/s at ${BURST_CPU[$name]:-n/a} µs), broadcast ${FANOUT[$name]} msg/s (${FANOUT_CPU[$name]} server, ${CLIENT_CPU[$name]} client CPU µs each), ${SLOPE[$name]} B/idle connection (second $IDLE end to end: ${PERCONN[$name]} B, first $IDLE: ${FIRSTCONN[$name]} B each)" >&2
done

ratio() { awk "BEGIN{printf \"%.2f\", $1/$2}"; }
mkdir -p "$(dirname "$OUT_MD")"
{
  echo "| Server | Echo round trips/s (64 conns) | server CPU µs per round trip | of it in the kernel | echo held to $CAP% of a core | echo in bursts of $BURST | server CPU µs per message (bursts) | Broadcast delivered/s ($RECEIVERS clients) | server CPU µs per delivery | Memory per idle connection | the second $IDLE end to end | the first $IDLE's, each |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for i in "${!SERVERS[@]}"; do
    name="${SERVERS[$i]}"
    if [[ -n "${SKIP[$name]:-}" ]]; then record_skip websocket "${NAMES[$i]}" "${SKIP[$name]}"; echo "| ${NAMES[$i]} | skipped: ${SKIP[$name]} | | | | | | | | | | |"; continue; fi
    role="$(bench_role "$name")"
    record_result websocket "echo round trips/s" higher "$role" "${NAMES[$i]}" "${ECHO[$name]}" "round trips/s"
    record_result websocket "broadcast deliveries/s, $RECEIVERS clients" higher "$role" "${NAMES[$i]}" "${FANOUT[$name]}" "messages/s"
    record_result websocket "memory per idle connection" lower "$role" "${NAMES[$i]}" "${SLOPE[$name]}" B
    [[ -n "${HELD_ECHO[$name]:-}" ]] && record_result websocket "echo round trips/s, server held to $CAP% of a core" higher "$role" "${NAMES[$i]}" "${HELD_ECHO[$name]}" "round trips/s"
    [[ -n "${BURST_ECHO[$name]:-}" ]] && record_result websocket "echo round trips/s, bursts of $BURST" higher "$role" "${NAMES[$i]}" "${BURST_ECHO[$name]}" "round trips/s"
    echo "| ${NAMES[$i]} | ${ECHO[$name]} | ${ECHO_CPU[$name]} | ${ECHO_SYS[$name]} | ${HELD_ECHO[$name]:-${CAP_SKIP:+skipped}} | ${BURST_ECHO[$name]:-} | ${BURST_CPU[$name]:-} | ${FANOUT[$name]} | ${FANOUT_CPU[$name]} | ${SLOPE[$name]} B | ${PERCONN[$name]} B | ${FIRSTCONN[$name]} B |"
  done
  for ours in aotsuite aotsuite-uring; do
    [[ -n "${ECHO[$ours]:-}" && -n "${ECHO[ws]:-}" ]] || continue
    echo
    echo "Ratios ($ours / ws): echo $(ratio "${ECHO[$ours]}" "${ECHO[ws]}")×, broadcast $(ratio "${FANOUT[$ours]}" "${FANOUT[ws]}")×, idle memory $(ratio "${SLOPE[$ours]}" "${SLOPE[ws]}")× (end to end $(ratio "${PERCONN[$ours]}" "${PERCONN[ws]}")×)." \
      "Server CPU per operation (ws / $ours): echo $(ratio "${ECHO_CPU[ws]}" "${ECHO_CPU[$ours]}")×, broadcast $(ratio "${FANOUT_CPU[ws]}" "${FANOUT_CPU[$ours]}")×." \
      "Load client CPU µs per delivery: ${CLIENT_CPU[$ours]} ($ours run), ${CLIENT_CPU[ws]} (ws run)."
    [[ -n "${HELD_ECHO[$ours]:-}" && -n "${HELD_ECHO[ws]:-}" ]] && echo "Echo with both held to $CAP% of a core: $(ratio "${HELD_ECHO[$ours]}" "${HELD_ECHO[ws]}")×."
    [[ -n "${BURST_ECHO[$ours]:-}" && -n "${BURST_ECHO[ws]:-}" ]] && echo "Echo in bursts of $BURST per write: $(ratio "${BURST_ECHO[$ours]}" "${BURST_ECHO[ws]}")× ws (server CPU per message, ws / $ours: $(ratio "${BURST_CPU[ws]}" "${BURST_CPU[$ours]}")×)."
    awk -v w="${ECHO_CPU[ws]}" -v k="${ECHO_SYS[$ours]}" -v n="$ours" 'BEGIN { printf "Floor: 3× ws by CPU is %.2f µs per round trip; %s spent %.2f µs of each in the kernel alone.\n", w / 3, n, k }'
  done
  if [[ -n "${ECHO[aotsuite-spin]:-}" && -n "${ECHO[ws]:-}" ]]; then
    record_result websocket "echo round trips/s" higher ours "AotSuite chat-server (NativeAOT, io_uring, --io-uring-spin $SPIN)" "${ECHO[aotsuite-spin]}" "round trips/s"
    echo
    echo "io_uring with \`--io-uring-spin $SPIN\` (the ring watches for work ${SPIN} µs before it sleeps): echo ${ECHO[aotsuite-spin]} round trips/s at ${ECHO_CPU[aotsuite-spin]} server CPU µs each (${ECHO_SYS[aotsuite-spin]} in the kernel): $(ratio "${ECHO[aotsuite-spin]}" "${ECHO[ws]}")× ws, $(ratio "${ECHO[aotsuite-spin]}" "${ECHO[aotsuite-uring]}")× the same server not spinning."
  fi
  echo
  echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
} | tee "$OUT_MD"
