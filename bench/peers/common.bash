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
