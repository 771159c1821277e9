#!/usr/bin/env bash
# What an idle upgraded connection holds on chat-server's managed heap, by type (not a benchmark build.cs runs: it
# needs a JIT server and ptrace). chat-server runs JIT on CPU 0 serving /echo; IdleHeap (CPU 1) opens 200 connections
# and drops them (warm-up), then opens COUNT and walks the server's heap before and while they are open.
#   bash bench/peers/websocket/idle-heap.bash [COUNT]      # default 2000
#   CHAT_ARGS=--sockets bash bench/peers/websocket/idle-heap.bash   # over sockets instead of io_uring
set -euo pipefail
COUNT="${1:-2000}"
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
dotnet build tools/chat-server -c Release -nologo -v q >/dev/null
dotnet build bench/peers/websocket/IdleHeap -c Release -nologo -v q >/dev/null
PORT="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
taskset -c 0 dotnet tools/chat-server/bin/Release/net10.0/chat-server.dll --echo --port "$PORT" --quiet ${CHAT_ARGS:-} >/dev/null &
SERVER=$!
trap 'kill -TERM $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done
HEAP=bench/peers/websocket/IdleHeap/bin/Release/net10.0/IdleHeap
taskset -c 1 "$HEAP" "ws://127.0.0.1:$PORT/echo" 200 "$SERVER" >/dev/null
taskset -c 1 "$HEAP" "ws://127.0.0.1:$PORT/echo" "$COUNT" "$SERVER"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
