#!/usr/bin/env bash
# Where a no-op job's time goes, for a loaded machine where jobs/s alone is noise: the throughput run of jobs.sh, with
# the PostgreSQL server's CPU (postmaster, backends and reaped backends, sampled every 50 ms) split into the enqueue
# and run phases, per job, and the worker process's own CPU. Systems run interleaved on one server, each on a fresh
# database. Needs jobs.sh's binaries and npm peers (run it once first). Not *.sh: build.cs runs those as benchmarks.
#   bash bench/peers/jobs/cpu-split.bash [ours|graphile|PATH/TO/JobsBench]...   # default: ours graphile ours graphile
#   JOBS=20000 by default.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
source bench/peers/common.bash
source bench/peers/postgres.bash
JOBS="${JOBS:-20000}"
NPM_MODULES="$(pwd)/artifacts/peers/jobs-npm/node_modules"
OURS="artifacts/peers/jobs/JobsBench/JobsBench"
(($# > 0)) || set -- ours graphile ours graphile
TMP="$(mktemp -d "${TMPDIR:-/tmp}/jobs-cpu.XXXXXX")"
SAMPLER=""
trap '[[ -n "$SAMPLER" ]] && kill "$SAMPLER" 2>/dev/null; pg_stop; rm -rf "$TMP"' EXIT
pg_start || { echo "error: cannot start PostgreSQL" >&2; exit 1; }
POSTMASTER="$(head -1 "$PG_DIR/postmaster.pid")"

# "<ns> <ticks>" lines: utime+stime of the postmaster and its live children, plus what its reaped children used.
sample() {
  set +e +o pipefail
  while true; do
    echo "$(date +%s%N) $(cat "/proc/$POSTMASTER/stat" $(pgrep -P "$POSTMASTER" | sed 's|.*|/proc/&/stat|') 2>/dev/null |
      awk -v pm="$POSTMASTER" '{ pid = $1; sub(/.*\) /, ""); s += $12 + $13; if (pid == pm) s += $14 + $15 } END { print s }')"
    sleep 0.05
  done >"$TMP/samples"
}
sample & SAMPLER=$!

n=0
for system in "$@"; do
  n=$((n + 1))
  pg_create_db "cpu_$n"
  case "$system" in
    ours) cmd=("$OURS" throughput pg "$DB_CONN" "$JOBS" 1000 24) ;;
    graphile) cmd=(env NODE_PATH="$NPM_MODULES" node bench/peers/jobs/graphile.js throughput "$DB_URL" "$JOBS" 1000 24) ;;
    *) cmd=("$system" throughput pg "$DB_CONN" "$JOBS" 1000 24) ;;
  esac
  start=$(now_ns)
  /usr/bin/time -f "%U %S" -o "$TMP/time" taskset -c 1 "${cmd[@]}" >"$TMP/out"
  end=$(now_ns)
  sleep 0.3 # the last backends exit and are reaped
  run_s="$(tr ' ' '\n' <"$TMP/out" | sed -n 's/^run_s=//p')"
  rate="$(tr ' ' '\n' <"$TMP/out" | sed -n 's/^jobs_per_s=//p')"
  read -r user system_s <"$TMP/time"
  # The run phase is the last run_s seconds of the process; before it: start-up and enqueue.
  awk -v start="$start" -v end="$end" -v run_s="$run_s" -v name="$system" -v rate="$rate" -v jobs="$JOBS" -v cpu="$(echo "$user + $system_s" | bc)" '
    { t[NR] = $1; c[NR] = $2 }
    END {
      split_at = end - run_s * 1e9
      for (i = 1; i <= NR; i++) { if (t[i] <= start) a = c[i]; if (t[i] <= split_at) b = c[i]; if (t[i] <= end + 3e8) e = c[i] }
      printf "%s: run %s jobs/s; server CPU per job: enqueue %.1f us, run %.1f us; worker process CPU %.2f s in all\n",
        name, rate, (b - a) * 1e4 / jobs, (e - b) * 1e4 / jobs, cpu }' "$TMP/samples"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
