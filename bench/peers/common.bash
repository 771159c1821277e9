# Shared by the bench/peers scripts (source it after cd-ing to the repo root).

SUDO=""
if [[ $EUID -ne 0 ]] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi

# ensure_tool COMMAND APT_PACKAGE: apt-get install only if COMMAND is missing (apt-get update on first failure).
# Returns non-zero when it is still missing; the caller decides whether that skips a peer or stops the run.
ensure_tool() {
  local cmd="$1" pkg="$2"
  command -v "$cmd" >/dev/null 2>&1 && return 0
  echo "==> $cmd not found; installing $pkg with apt-get" >&2
  $SUDO apt-get install -y "$pkg" >/dev/null 2>&1 \
    || { $SUDO apt-get update >/dev/null 2>&1 || true; $SUDO apt-get install -y "$pkg" >/dev/null 2>&1 || true; }
  command -v "$cmd" >/dev/null 2>&1
}

# require_tool COMMAND APT_PACKAGE: ensure_tool, or stop with a message that says what to install.
require_tool() {
  ensure_tool "$1" "$2" || { echo "error: could not install $2 (apt-get install -y $2); install $1 and re-run" >&2; exit 1; }
}

# ensure_npm_peers DIR PACKAGE@VERSION...: npm install into DIR (under artifacts/, outside the source tree) unless every
# package is already there. Returns non-zero when npm is missing or the install failed; the caller skips that peer.
ensure_npm_peers() {
  local dir="$1"; shift
  local missing=0 spec name
  for spec in "$@"; do
    name="${spec%@*}"
    [[ -f "$dir/node_modules/$name/package.json" ]] || missing=1
  done
  [[ $missing == 0 ]] && return 0
  command -v npm >/dev/null 2>&1 || { echo "==> npm not found; cannot install $*" >&2; return 1; }
  echo "==> installing $* into $dir" >&2
  mkdir -p "$dir"
  (cd "$dir" && npm install --no-audit --no-fund --silent "$@" >/dev/null 2>&1)
}

# publish_aot_peer PROJECT_DIR OUT_DIR [SOURCE_DIR...]: dotnet publish PROJECT_DIR (NativeAOT, Release) into OUT_DIR when
# its binary (OUT_DIR/<PROJECT_DIR's name>) is missing or older than any .cs/.csproj under PROJECT_DIR or a SOURCE_DIR.
# Without dotnet an existing binary is used as it is. Returns non-zero (the reason and the log's tail on stderr) when
# there is no binary to run; the caller skips the peers that need it.
publish_aot_peer() {
  local project="$1" out="$2"; shift 2
  local bin="$out/${project##*/}" log
  if [[ -x "$bin" ]]; then
    command -v dotnet >/dev/null 2>&1 || return 0
    [[ -z "$(find "$project" "$@" -type f \( -name '*.cs' -o -name '*.csproj' \) -newer "$bin")" ]] && return 0
  fi
  command -v dotnet >/dev/null 2>&1 || { echo "dotnet not found, cannot publish $project" >&2; return 1; }
  echo "==> publishing ${project##*/} (NativeAOT) to $out" >&2
  mkdir -p "$out"; log="$out.publish.log"
  if dotnet publish "$project" -c Release -r linux-x64 -o "$out" >"$log" 2>&1; then touch "$bin"; return 0; fi
  tail -20 "$log" >&2
  echo "dotnet publish $project failed (log above)" >&2
  return 1
}

# rss_kb PID: resident set size in KiB (VmRSS), 0 when the process is gone.
rss_kb() { awk '/^VmRSS:/ { print $2; found=1 } END { if (!found) print 0 }' "/proc/$1/status" 2>/dev/null || echo 0; }

# cpu_ticks PID: utime + stime in clock ticks (1/100 s).
cpu_ticks() { awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$1/stat" 2>/dev/null || echo 0; }

# --- holding a server to a share of its core, so the server and not the load generator sets the rate ---
# cpu_cap_setup NAME PERCENT: makes a CPU cgroup (v1 `cpu` or v2 `cpu.max`) whose processes together get PERCENT of one
# core (a 10 ms period: throttling stalls stay short). Sets CPU_CAP_DIR; on failure prints why and returns non-zero.
cpu_cap_setup() {
  local name="$1" percent="$2" quota=$(( $2 * 100 ))
  CPU_CAP_DIR=""
  if [[ -d /sys/fs/cgroup/cpu ]] && $SUDO mkdir -p "/sys/fs/cgroup/cpu/$name" 2>/dev/null \
     && echo 10000 | $SUDO tee "/sys/fs/cgroup/cpu/$name/cpu.cfs_period_us" >/dev/null 2>&1 \
     && echo "$quota" | $SUDO tee "/sys/fs/cgroup/cpu/$name/cpu.cfs_quota_us" >/dev/null 2>&1; then
    CPU_CAP_DIR="/sys/fs/cgroup/cpu/$name"
  elif [[ -f /sys/fs/cgroup/cgroup.controllers ]] && grep -qw cpu /sys/fs/cgroup/cgroup.subtree_control 2>/dev/null \
     && $SUDO mkdir -p "/sys/fs/cgroup/$name" 2>/dev/null \
     && echo "$quota 10000" | $SUDO tee "/sys/fs/cgroup/$name/cpu.max" >/dev/null 2>&1; then
    CPU_CAP_DIR="/sys/fs/cgroup/$name"
  else
    echo "no writable CPU cgroup (v1 /sys/fs/cgroup/cpu or v2 with the cpu controller) to hold servers to $percent% of a core" >&2
    return 1
  fi
}

# cpu_cap PID: moves PID and every process below it (nginx's worker, say) into CPU_CAP_DIR, all their threads with them.
cpu_cap() {
  local pid child
  echo "$1" | $SUDO tee "$CPU_CAP_DIR/cgroup.procs" >/dev/null
  for child in $(pgrep -P "$1" 2>/dev/null); do cpu_cap "$child"; done
}

# cpu_cap_remove: the cgroup goes once its processes have ended (rmdir fails while any is left, which is harmless).
cpu_cap_remove() { [[ -n "${CPU_CAP_DIR:-}" ]] && $SUDO rmdir "$CPU_CAP_DIR" 2>/dev/null; return 0; }

# now_ns: wall clock in nanoseconds.
now_ns() { date +%s%N; }

# --- machine-readable results, for `dotnet run build.cs -- bench` (report.md and its charts) ---
# Lines go to $BENCH_RESULTS (build.cs sets it and starts it empty), else to artifacts/bench/results.tsv. Columns:
# suite, metric, better, role, subject, value, unit, note (build/BenchReport/README.md).

# record_result SUITE METRIC higher|lower ours|peer SUBJECT VALUE UNIT: one measured value. An empty VALUE (the
# measurement failed) is reported as skipped.
record_result() {
  _record_line "$1" "$2" "$3" "$4" "$5" "$6" "$7" ""
}

# record_skip SUITE SUBJECT REASON: a subject that was not measured, and why; the report lists it.
record_skip() {
  _record_line "$1" "-" "-" skipped "$2" "" "" "$3"
}

# bench_role KEY [OURS_PREFIX]: "ours" when KEY starts with OURS_PREFIX (default aotsuite, the key the scripts give our
# own binary), else "peer".
bench_role() { [[ $1 == "${2:-aotsuite}"* ]] && echo ours || echo peer; }

# record_hyperfine SUITE METRIC JSON OURS_PREFIX: the mean time (ms) of every command in a hyperfine --export-json file;
# commands whose name starts with OURS_PREFIX are ours.
record_hyperfine() {
  local suite="$1" metric="$2" json="$3" ours="$4" name mean role
  while IFS=$'\t' read -r name mean; do
    [[ $name == "$ours"* ]] && role=ours || role=peer
    record_result "$suite" "$metric" lower "$role" "$name" "$mean" ms
  done < <(awk -F'"' '$2 == "command" { name = $4 } $2 == "mean" { v = $3; gsub(/[^0-9.eE+-]/, "", v); printf "%s\t%.3f\n", name, v * 1000 }' "$json")
}

_record_line() {
  local file="${BENCH_RESULTS:-artifacts/bench/results.tsv}" field line=""
  mkdir -p "$(dirname "$file")"
  for field in "$@"; do
    field="${field//$'\t'/ }"
    line+="${field//$'\n'/ }"$'\t'
  done
  printf '%s\n' "${line%$'\t'}" >>"$file"
}
