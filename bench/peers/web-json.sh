#!/usr/bin/env bash
# Side-by-side web framework benchmark: AotSuite.Web (examples/HelloWeb, NativeAOT) vs ASP.NET Core minimal APIs on
# Kestrel (NativeAOT), Fastify, Koa (+ @koa/router) and Express. Every app answers GET /users/42 with
# {"id":42,"name":"Ada Lovelace","active":true} through one middleware that sets X-Powered-By. nginx (one worker)
# answering the same bytes from a constant is the floor: what a server that does nearly nothing gets on this machine.
#   throughput: keep-alive, wrk -t1 -c32 pinned to CPU 1, server pinned to CPU 0, after a 2 s warm-up;
#   held:       the same run again with the server (all its threads and children) held to CAP% of CPU 0 by a CPU
#               cgroup: one wrk thread saturates its core near nginx's rate, so uncapped the fastest servers measure
#               wrk; held to a share of a core, every server is the limit and the req/s ratios compare the servers.
#   pipelined:  the throughput run again, uncapped, with PIPELINE requests in every write (bench/peers/web/pipeline.lua;
#               HTTP/1.1 pipelining, as TechEmpower's plaintext test): wrk's cost per request drops that many times,
#               so it no longer sets the rate. A different workload from the others (a server may answer a batch in
#               one write): a second view of the servers' own cost, beside the held run, not a replacement for it.
#   startup:    spawn the server (CPU 0), poll GET /users/42 with curl until the first 200, kill; median of N runs;
#               the example app (examples/TaskBoard) too, to its first GET /api/tasks.
#
#   bash bench/peers/web-json.sh           # DURATION=10 s per measurement, STARTUP_RUNS=10
#   bash bench/peers/web-json.sh --quick   # 3 s, 5 startup runs, one round
#
# Env: DURATION, STARTUP_RUNS, CAP (percent of a core for the held run, default 50; 0 skips it), PIPELINE (requests per
# write in the pipelined run, default 8; 0 skips it), ROUNDS (passes over all servers, default 3; each server's median
# round is reported), TASKBOARD_BIN (default
# artifacts/bin/TaskBoard/TaskBoard, from `dotnet run build.cs -- publish`), HELLO_BIN (default
# artifacts/bin/HelloWeb/HelloWeb, published when missing or older than its sources). npm peers are installed, pinned,
# into artifacts/peers/web-npm; the Kestrel peer is published to artifacts/peers/kestrel-web. Writes the table to
# artifacts/bench/web-json.md as well. The report records the load average before and after: figures taken while other
# builds load the machine are not comparable with quiet ones.
set -euo pipefail

for arg in "$@"; do
  case "$arg" in
    --quick) DURATION=3; STARTUP_RUNS=5; ROUNDS="${ROUNDS:-1}" ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg (accepted: --quick)" >&2; exit 2 ;;
  esac
done
DURATION="${DURATION:-10}"
STARTUP_RUNS="${STARTUP_RUNS:-10}"
CAP="${CAP:-50}"
PIPELINE="${PIPELINE:-8}"
ROUNDS="${ROUNDS:-3}"

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
REPO_ROOT="$(pwd)"
HELLO_BIN="${HELLO_BIN:-artifacts/bin/HelloWeb/HelloWeb}"
PEERS="bench/peers/web"
KESTREL_BIN="artifacts/peers/kestrel-web/KestrelWeb"
TASKBOARD_BIN="${TASKBOARD_BIN:-artifacts/bin/TaskBoard/TaskBoard}"
NPM_PREFIX="artifacts/peers/web-npm"
# name@version, pinned; each must be one the registry serves.
NPM_PINS=(fastify@5.12.8 koa@3.2.1 @koa/router@15.7.0 express@5.3.0)
OUT_MD="artifacts/bench/web-json.md"
EXPECTED='{"id":42,"name":"Ada Lovelace","active":true}'

source bench/peers/common.bash  # not *.sh: build.cs runs every *.sh here as a benchmark

require_tool wrk wrk
require_tool curl curl
require_tool taskset util-linux
PATH="$PATH:/usr/sbin"  # nginx lives in /usr/sbin, which a non-root PATH may lack

# The script, and so curl and wrk, stay off the server's CPU; each server is started on CPU 0 explicitly.
taskset -cp 1 $$ >/dev/null

TMP="$(mktemp -d "${TMPDIR:-/tmp}/web-bench.XXXXXX")"
SERVER_PID=""
stop_server() {
  [[ -n "$SERVER_PID" ]] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}
trap 'stop_server; cpu_cap_remove; rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

declare -A SKIP=() RPS=() P99=() START=() PERCPU=() WRKCPU=() HELD_RPS=() HELD_P99=() HELD_PERCPU=() HELD_WRKCPU=() PIPE_RPS=() PIPE_P99=() PIPE_PERCPU=() PIPE_WRKCPU=()
SERVERS=(aotsuite aotsuite-uring kestrel fastify koa express nginx)
declare -A NAMES=([aotsuite]="AotSuite.Web (HelloWeb, NativeAOT)" [aotsuite-uring]="AotSuite.Web (HelloWeb, NativeAOT, io_uring)" [kestrel]="ASP.NET minimal API (Kestrel, NativeAOT)"
                  [fastify]="Fastify" [koa]="Koa + @koa/router" [express]="Express"
                  [nginx]="nginx return 200 (constant, floor)")
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"

# --- set up each server (or record why it is skipped) ---
# stale BINARY DIR...: true when BINARY is missing or any .cs/.csproj under DIRs is newer.
stale() {
  local bin="$1"; shift
  [[ ! -x "$bin" ]] && return 0
  [[ -n "$(find "$@" \( -name bin -o -name obj \) -prune -o -type f \( -name '*.cs' -o -name '*.csproj' \) -newer "$bin" -print -quit)" ]]
}
publish() {  # publish NAME PROJECT OUTDIR BINARY [extra args]: dotnet publish, or record a skip with the log's tail
  local name="$1" project="$2" out="$3" bin="$4"; shift 4
  echo "==> publishing $project (NativeAOT) to $out" >&2
  if dotnet publish "$project" -c Release -r linux-x64 -o "$out" "$@" >"$TMP/$name-publish.log" 2>&1; then
    grep -E ' warning ' "$TMP/$name-publish.log" | sort -u >&2 || true
    touch "$bin"
  else
    tail -20 "$TMP/$name-publish.log" >&2
    SKIP[$name]="dotnet publish $project failed (log above)"
  fi
}

if ! command -v dotnet >/dev/null 2>&1; then
  [[ -x "$HELLO_BIN" ]] || SKIP[aotsuite]="dotnet not found, cannot publish examples/HelloWeb"
  [[ -x "$KESTREL_BIN" ]] || SKIP[kestrel]="dotnet not found, cannot publish $PEERS/kestrel"
else
  if [[ "$HELLO_BIN" == artifacts/bin/HelloWeb/HelloWeb ]] \
     && stale "$HELLO_BIN" examples/HelloWeb src/AotSuite.Web src/AotSuite.Http src/AotSuite.Json generators; then
    publish aotsuite examples/HelloWeb artifacts/bin/HelloWeb "$HELLO_BIN"
  fi
  stale "$KESTREL_BIN" "$PEERS/kestrel" && publish kestrel "$PEERS/kestrel" artifacts/peers/kestrel-web "$KESTREL_BIN" -p:PublishAot=true
fi
[[ -x "$HELLO_BIN" ]] || SKIP[aotsuite]="${SKIP[aotsuite]:-$HELLO_BIN not found}"
[[ -z "${SKIP[aotsuite]:-}" ]] || SKIP[aotsuite-uring]="${SKIP[aotsuite]}"

# npm_ver NAME: the installed version (read from the file: a package's "exports" may hide its package.json from require).
npm_ver() { node -p "require('$REPO_ROOT/$NPM_PREFIX/node_modules/$1/package.json').version" 2>/dev/null || echo "?"; }
npm_peers_ok() {  # every pinned package installed at its pinned version
  local pin name version
  for pin in "${NPM_PINS[@]}"; do
    name="${pin%@*}"; version="${pin##*@}"
    [[ "$(npm_ver "$name")" == "$version" ]] || return 1
  done
}
if ! ensure_tool node nodejs || ! ensure_tool npm npm; then
  for s in fastify koa express; do SKIP[$s]="node/npm not found and apt-get install -y nodejs npm failed"; done
elif ! npm_peers_ok; then
  echo "==> installing ${NPM_PINS[*]} into $NPM_PREFIX" >&2
  mkdir -p "$NPM_PREFIX"
  # One command for all pins: with --no-save, a later install would prune what an earlier one added.
  if ! npm install --prefix "$NPM_PREFIX" --no-save --ignore-scripts --no-audit --no-fund "${NPM_PINS[@]}" >"$TMP/npm.log" 2>&1 \
     || ! npm_peers_ok; then
    tail -20 "$TMP/npm.log" >&2
    for s in fastify koa express; do SKIP[$s]="npm install ${NPM_PINS[*]} failed (log above)"; done
  fi
fi

ensure_tool nginx nginx || SKIP[nginx]="nginx not found and apt-get install -y nginx failed"

# server_cmd SERVER PORT: sets CMDLINE to the foreground command line of that server.
server_cmd() {
  case "$1" in
    aotsuite) CMDLINE=("$HELLO_BIN" --port "$2" --host 127.0.0.1) ;;
    aotsuite-uring) CMDLINE=("$HELLO_BIN" --port "$2" --host 127.0.0.1 --io-uring) ;;
    taskboard) CMDLINE=("$TASKBOARD_BIN" --port "$2" --quiet --file "$TMP/tasks.json") ;;
    kestrel) CMDLINE=("$KESTREL_BIN" --urls "http://127.0.0.1:$2") ;;
    fastify|koa|express) CMDLINE=(env NODE_ENV=production NODE_PATH="$REPO_ROOT/$NPM_PREFIX/node_modules" node "$PEERS/$1.js" "$2" 127.0.0.1) ;;
    nginx) mkdir -p "$TMP/nginx"  # -p prefix: pid, logs and temp dirs all live in the tmpdir
           sed "s/@PORT@/$2/" "$PEERS/nginx.conf" >"$TMP/nginx-$2.conf"
           CMDLINE=(nginx -c "$TMP/nginx-$2.conf" -p "$TMP/nginx/" -e "$TMP/nginx/error.log" -g 'daemon off;') ;;
  esac
}

# start_server SERVER PORT: starts it on CPU 0 and waits (up to 60 s: the machine may be loaded) for the first 200.
start_server() {
  server_cmd "$1" "$2"
  taskset -c 0 "${CMDLINE[@]}" >"$TMP/$1.log" 2>&1 &
  SERVER_PID=$!
  local deadline=$((SECONDS + 60))
  until curl -sf -o /dev/null "http://127.0.0.1:$2/users/42"; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null || (( SECONDS > deadline )); then return 1; fi
    sleep 0.05
  done
}

# startup_ms SERVER PORT [PATH]: median over STARTUP_RUNS of spawn → first 200 on PATH (/users/42), in ms (tight curl
# poll, no sleep).
startup_ms() {
  local runs=() i t0 t1 pid
  server_cmd "$1" "$2"
  for ((i = 0; i < STARTUP_RUNS; i++)); do
    t0=$(date +%s%N)
    taskset -c 0 "${CMDLINE[@]}" >"$TMP/$1-startup.log" 2>&1 &
    pid=$!
    until curl -sf -o /dev/null "http://127.0.0.1:$2${3:-/users/42}"; do
      if ! kill -0 "$pid" 2>/dev/null; then
        echo "    startup run $((i + 1)) failed; its output:" >&2; tail -5 "$TMP/$1-startup.log" >&2
        echo "n/a"; return
      fi
    done
    t1=$(date +%s%N)
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    runs+=($(( (t1 - t0) / 1000 )))
  done
  printf '%s\n' "${runs[@]}" | sort -n | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.1f\n", m / 1000 }'
}

# cpu_ticks PID: user + system CPU time the process (all its threads) has used, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# wrk_run URL PID [WRK ARGS...]: prints "req/s p99 requests-per-server-CPU-second wrk-CPU-%" from a measured wrk run. The third figure
# divides the requests answered by the CPU time the server used meanwhile: unlike req/s it holds when other work shares
# the core. The last is how busy wrk kept its own core: near 100, the load generator, not the server, set the rate.
wrk_run() {
  local out before after requests wrk_ticks
  before="$(cpu_ticks "$2")"
  # The subshell's children's CPU time (fields 16 and 17 of its stat, once wrk is waited for) is wrk's.
  out="$(taskset -c 1 wrk -t1 -c32 -d"${DURATION}s" --latency "${@:3}" "$1"; awk '{ print "wrk-ticks", $16 + $17 }' "/proc/$BASHPID/stat")"
  after="$(cpu_ticks "$2")"
  wrk_ticks="$(echo "$out" | awk '/^wrk-ticks/ {print $2}')"
  echo "$out" | grep -E '^\s*(Non-2xx|Socket errors)' >&2 || true
  requests="$(echo "$out" | awk '/requests in/ {print $1}')"
  printf '%s %s %s %s\n' "$(echo "$out" | awk '/^Requests\/sec:/ {print $2}')" \
                   "$(echo "$out" | awk '$1 == "99%" {print $2}')" \
                   "$(awk -v r="$requests" -v t="$((after - before))" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.0f", (t > 0 ? r * hz / t : 0) }')" \
                   "$(awk -v t="$wrk_ticks" -v d="$DURATION" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.0f", 100 * t / hz / d }')"
}

# free_port FROM: the first port from FROM on that nothing listens on (other benchmarks may share this machine).
free_port() {
  local port="$1"
  while [[ -n "$(ss -Hltn "sport = :$port" 2>/dev/null)" ]]; do port=$((port + 1)); done
  echo "$port"
}

CAP_SKIP=""
if (( CAP > 0 )); then
  cpu_cap_setup "aotsuite-web-json-$$" "$CAP" 2>"$TMP/cap.err" || CAP_SKIP="$(cat "$TMP/cap.err")"
else
  CAP_SKIP="CAP=0"
fi

# measure PASS SERVER URL [WRK ARGS...]: one wrk run, its line kept under PASS for the server's median and printed.
declare -A RUNS=()
measure() {
  local pass="$1" s="$2" line r p c w; shift 2
  line="$(wrk_run "$1" "$SERVER_PID" "${@:2}")"
  RUNS[$pass:$s]+="$line"$'\n'
  read -r r p c w <<<"$line"
  echo "    $pass: $r req/s, p99 $p, $c requests per server CPU-second, wrk $w% of its core" >&2
}

# --- run ---
# ROUNDS passes over every server, one after another: this VM's speed drifts over minutes, so each server is met at
# several points of the drift and its median round is reported (round by round, the ratios are printed too).
for round in $(seq 1 "$ROUNDS"); do
  for i in "${!SERVERS[@]}"; do
    s="${SERVERS[$i]}"; port="$(free_port $((28180 + 10 * i)))"; url="http://127.0.0.1:$port/users/42"
    if [[ -n "${SKIP[$s]:-}" ]]; then (( round > 1 )) || echo "==> ${NAMES[$s]}: SKIPPED: ${SKIP[$s]}" >&2; continue; fi
    echo "==> ${NAMES[$s]} on 127.0.0.1:$port (round $round of $ROUNDS)" >&2
    if ! start_server "$s" "$port"; then
      echo "==> ${NAMES[$s]}: FAILED to answer within 60 s; its output:" >&2; tail -20 "$TMP/$s.log" >&2
      SKIP[$s]="failed to start"; stop_server; continue
    fi
    curl -si "$url" >"$TMP/$s.reply"
    [[ "$(sed -n '$p' "$TMP/$s.reply")" == "$EXPECTED" ]] || echo "    warning: unexpected body: $(sed -n '$p' "$TMP/$s.reply")" >&2
    grep -qi '^X-Powered-By:' "$TMP/$s.reply" || echo "    warning: no X-Powered-By header (is the middleware on?)" >&2
    taskset -c 1 wrk -t1 -c32 -d2s "$url" >/dev/null  # warm-up (JIT for Node)
    measure throughput "$s" "$url"
    (( PIPELINE > 0 )) && DEPTH="$PIPELINE" measure "pipelined $PIPELINE deep" "$s" "$url" -s "$PEERS/pipeline.lua"
    if [[ -z "$CAP_SKIP" ]]; then
      cpu_cap "$SERVER_PID"
      taskset -c 1 wrk -t1 -c32 -d1s "$url" >/dev/null
      measure "held to $CAP% of CPU 0" "$s" "$url"
    fi
    stop_server
    if (( round == 1 )); then
      START[$s]="$(startup_ms "$s" "$port")"
      echo "    startup (median of $STARTUP_RUNS): ${START[$s]} ms" >&2
    fi
  done
done

# median_round PASS SERVER: the line of the round with the median req/s (the lower middle one for an even count).
median_round() { printf '%s' "${RUNS[$1:$2]:-}" | sort -g -k1,1 | awk 'NF { a[++n] = $0 } END { if (n) print a[int((n + 1) / 2)] }'; }
for s in "${SERVERS[@]}"; do
  [[ -n "${RUNS[throughput:$s]:-}" ]] || continue
  read -r RPS[$s] P99[$s] PERCPU[$s] WRKCPU[$s] <<<"$(median_round throughput "$s")"
  [[ -z "${RUNS[pipelined $PIPELINE deep:$s]:-}" ]] || read -r PIPE_RPS[$s] PIPE_P99[$s] PIPE_PERCPU[$s] PIPE_WRKCPU[$s] <<<"$(median_round "pipelined $PIPELINE deep" "$s")"
  [[ -z "${RUNS[held to $CAP% of CPU 0:$s]:-}" ]] || read -r HELD_RPS[$s] HELD_P99[$s] HELD_PERCPU[$s] HELD_WRKCPU[$s] <<<"$(median_round "held to $CAP% of CPU 0" "$s")"
done
# The example app (a REST API over a task store, and its page): its start-up against the same peers'.
if [[ -x "$TASKBOARD_BIN" ]]; then
  echo "==> examples/TaskBoard: startup to the first GET /api/tasks" >&2
  TASKBOARD_START="$(startup_ms taskboard "$(free_port 28260)" /api/tasks) ms"
  echo "    startup (median of $STARTUP_RUNS): $TASKBOARD_START" >&2
else
  TASKBOARD_START="skipped: $TASKBOARD_BIN not found (dotnet run build.cs -- publish)"
fi
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

# --- report ---
# The ratios are taken against the io_uring row when it ran (its server fell back to sockets if the kernel refused it).
REF=aotsuite-uring
[[ -n "${RPS[$REF]:-}" ]] || REF=aotsuite
ratio() {  # ratio A B: A / B to two decimals with an x, or n/a
  [[ -n "${1:-}" && -n "${2:-}" && "$1" != n/a && "$2" != n/a ]] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }' || echo "n/a"
}
ver() { "$@" 2>&1 | head -1 || true; }
{
  echo "## Web framework, GET /users/42 JSON through one middleware: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "nproc $(nproc --all); CPU $(lscpu | grep 'Model name' | sed 's/.*: *//'); dotnet $(ver dotnet --version); node $(ver node --version);" \
       "fastify $(npm_ver fastify), koa $(npm_ver koa), @koa/router $(npm_ver @koa/router), express $(npm_ver express); $(ver wrk --version | sed 's/ Copyright.*//')."
  echo "wrk -t1 -c32 -d${DURATION}s --latency (keep-alive) on CPU 1 after a 2 s warm-up; server on CPU 0. $ROUNDS round(s) over all servers; each server's median round."
  echo "Startup: spawn on CPU 0 → first 200 from GET /users/42 (curl polled without sleeping), median of $STARTUP_RUNS."
  echo "Load average (1/5/15 min) before: $LOAD_BEFORE; after: $LOAD_AFTER (other work on this machine shares both cores)."
  echo
  echo "AotSuite in the ratio columns and goal lines: ${NAMES[$REF]}."
  echo
  echo "| server | req/s | p99 | AotSuite ÷ this (req/s) | requests per server CPU-second | AotSuite ÷ this (per CPU-second) | wrk's CPU | startup median (ms) | this ÷ AotSuite (startup) |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  for s in "${SERVERS[@]}"; do
    if [[ -n "${SKIP[$s]:-}" ]]; then record_skip web-json "${NAMES[$s]}" "${SKIP[$s]}"; echo "| ${NAMES[$s]} | skipped: ${SKIP[$s]} | | | | | | | |"; continue; fi
    record_result web-json "GET /users/42 req/s" higher "$(bench_role "$s")" "${NAMES[$s]}" "${RPS[$s]}" req/s
    record_result web-json "startup to first answer" lower "$(bench_role "$s")" "${NAMES[$s]}" "${START[$s]}" ms
    printf '| %s | %s | %s | %s | %s | %s | %s%% | %s | %s |\n' "${NAMES[$s]}" "$(printf '%.0f' "${RPS[$s]}")" "${P99[$s]}" \
      "$(ratio "${RPS[$REF]:-}" "${RPS[$s]}")" "${PERCPU[$s]}" "$(ratio "${PERCPU[$REF]:-}" "${PERCPU[$s]}")" "${WRKCPU[$s]}" \
      "${START[$s]}" "$(ratio "${START[$s]}" "${START[$REF]:-}")"
  done
  echo
  # round_ratios PASS PEER [OVER]: OVER's (default AotSuite's) req/s over PEER's, round by round (the servers met the
  # same drift in a round).
  round_ratios() {
    (( ROUNDS > 1 )) || return 0
    paste <(printf '%s' "${RUNS[$1:${3:-$REF}]:-}") <(printf '%s' "${RUNS[$1:$2]:-}") \
      | awk 'NF >= 8 && $5 > 0 { printf "%s%.2f×", (n++ ? ", " : "; by round: "), $1 / $5 }'
  }
  goal() {  # goal PEER TARGET
    local r c; r="$(ratio "${RPS[$REF]:-}" "${RPS[$1]:-}")"; c="$(ratio "${PERCPU[$REF]:-}" "${PERCPU[$1]:-}")"
    [[ "$r" == n/a ]] && { echo "- vs ${NAMES[$1]}: n/a (goal ≥ $2×)"; return; }
    awk -v r="${r%x}" -v c="${c%x}" -v t="$2" -v n="${NAMES[$1]}" -v b="$(round_ratios throughput "$1")" \
      'BEGIN { printf "- vs %s: %.2f× req/s (goal ≥ %s×: %s%s), %.2f× requests per CPU-second\n", n, r, t, (r >= t) ? "met" : "not met", b, c }'
    if [[ -n "${HELD_RPS[$REF]:-}" && -n "${HELD_RPS[$1]:-}" ]]; then
      r="$(ratio "${HELD_RPS[$REF]}" "${HELD_RPS[$1]}")"
      awk -v r="${r%x}" -v t="$2" -v cap="$CAP" -v w="${HELD_WRKCPU[$REF]}" -v b="$(round_ratios "held to $CAP% of CPU 0" "$1")" \
        'BEGIN { printf "  - every server held to %s%% of CPU 0: %.2f× req/s (goal ≥ %s×: %s%s%s)\n", cap, r, t, (r >= t) ? "met" : "not met", (w >= 95) ? "; but wrk was the limit" : ", the servers were the limit", b }'
    fi
    if [[ -n "${PIPE_RPS[$REF]:-}" && -n "${PIPE_RPS[$1]:-}" ]]; then
      r="$(ratio "${PIPE_RPS[$REF]}" "${PIPE_RPS[$1]}")"
      awk -v r="${r%x}" -v d="$PIPELINE" -v w="${PIPE_WRKCPU[$REF]}" -v b="$(round_ratios "pipelined $PIPELINE deep" "$1")" \
        'BEGIN { printf "  - pipelined %s deep, uncapped: %.2f× req/s (%s%s)\n", d, r, (w >= 95) ? "wrk was still the limit" : "the servers were the limit", b }'
    fi
  }
  goal kestrel 1.5
  goal fastify 3
  for s in "${SERVERS[@]}"; do
    [[ -n "${WRKCPU[$s]:-}" && "${WRKCPU[$s]}" -ge 95 ]] || continue
    echo "- wrk kept its core ${WRKCPU[$s]}% busy against ${NAMES[$s]}: that rate is what one wrk thread generates here, the server had room to spare"
  done
  echo "- the example app (examples/TaskBoard, NativeAOT): spawn → first 200 from GET /api/tasks, median of $STARTUP_RUNS: $TASKBOARD_START (Kestrel's hello app ${START[kestrel]:-n/a}, Fastify's ${START[fastify]:-n/a}, Koa's ${START[koa]:-n/a}, Express's ${START[express]:-n/a})"
  if [[ -n "${RPS[fastify]:-}" && -n "${RPS[nginx]:-}" ]]; then
    awk -v f="${RPS[fastify]}" -v n="${RPS[nginx]}" -v c="${PERCPU[nginx]}" -v o="${PERCPU[$REF]:-0}" -v b="$(round_ratios throughput fastify nginx)" 'BEGIN {
      printf "- floor: 3× Fastify is %.0f req/s; nginx returning the bytes from a constant answered %.0f (%.2f× Fastify%s), with %.1f µs of server CPU per request (AotSuite.Web: %.1f µs)\n", 3 * f, n, n / f, b, (c > 0 ? 1e6 / c : 0), (o > 0 ? 1e6 / o : 0) }'
  fi
  echo
  # pass_table PREFIX TITLE METRIC: the table of a second pass, from its PREFIX_RPS, _P99, _PERCPU and _WRKCPU figures.
  pass_table() {
    local -n rps="$1_RPS" p99="$1_P99" percpu="$1_PERCPU" wrkcpu="$1_WRKCPU"
    echo "### $2"
    echo
    echo "| server | req/s | p99 | AotSuite ÷ this (req/s) | requests per server CPU-second | wrk's CPU |"
    echo "|---|---:|---:|---:|---:|---:|"
    for s in "${SERVERS[@]}"; do
      [[ -n "${rps[$s]:-}" ]] || continue
      record_result web-json "GET /users/42 req/s, $3" higher "$(bench_role "$s")" "${NAMES[$s]}" "${rps[$s]}" req/s
      printf '| %s | %s | %s | %s | %s | %s%% |\n' "${NAMES[$s]}" "$(printf '%.0f' "${rps[$s]}")" "${p99[$s]}" \
        "$(ratio "${rps[$REF]:-}" "${rps[$s]}")" "${percpu[$s]}" "${wrkcpu[$s]}"
    done
  }
  if [[ -n "$CAP_SKIP" ]]; then
    echo "Held run skipped: $CAP_SKIP."
  else
    pass_table HELD "The same servers held to $CAP% of CPU 0 (a CPU cgroup over the server's threads and children; wrk as above)" "server held to $CAP% of a core"
  fi
  if (( PIPELINE > 0 )); then
    echo
    pass_table PIPE "Pipelined: $PIPELINE requests in every write (wrk -s bench/peers/web/pipeline.lua), uncapped" "pipelined $PIPELINE deep"
  fi
} >"$TMP/table.md"
mkdir -p "$(dirname "$OUT_MD")"
cp "$TMP/table.md" "$OUT_MD"
echo
cat "$OUT_MD"
echo
echo "(written to $REPO_ROOT/$OUT_MD)"
