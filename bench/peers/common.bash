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

# rss_kb PID: resident set size in KiB (VmRSS), 0 when the process is gone.
rss_kb() { awk '/^VmRSS:/ { print $2; found=1 } END { if (!found) print 0 }' "/proc/$1/status" 2>/dev/null || echo 0; }

# cpu_ticks PID: utime + stime in clock ticks (1/100 s).
cpu_ticks() { awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$1/stat" 2>/dev/null || echo 0; }

# now_ns: wall clock in nanoseconds.
now_ns() { date +%s%N; }
