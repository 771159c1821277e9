# A throw-away PostgreSQL server for the bench/peers scripts (source it; not *.sh, since build.cs runs every *.sh here).
# The same settings as the tests' server (tests/Shared/PostgresServer.cs): initdb into a temp folder, 127.0.0.1 on a
# free port, fsync off. Pinned to CPU 0 like every server in these benchmarks.
#   pg_start             sets PG_DIR, PG_PORT, PG_CONN (Npgsql form) and PG_URL (postgres:// form); installs postgresql if missing
#   pg_create_db NAME    an empty database; sets DB_CONN and DB_URL
#   pg_stop              stops the server and deletes its folder (call it from an EXIT trap)

PG_DIR=""
pg_bin() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  if [[ -z "$dir" ]]; then
    ensure_tool pg_config postgresql >/dev/null 2>&1 || true
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  fi
  [[ -n "$dir" ]] && echo "$dir"
}

pg_as() { if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pg_start() {
  local bin
  bin="$(pg_bin)" || { echo "error: PostgreSQL is not installed and apt-get install -y postgresql failed" >&2; return 1; }
  PG_DIR="$(mktemp -d /tmp/aotsuite-bench-pg.XXXXXX)"
  [[ $EUID -eq 0 ]] && chown postgres:postgres "$PG_DIR"
  pg_as "$bin/initdb" -D "$PG_DIR" -U postgres -A trust -E UTF8 --no-sync --no-instructions >/dev/null
  PG_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  taskset -c 0 bash -c "$(declare -f pg_as); pg_as '$bin/pg_ctl' start -w -t 60 -D '$PG_DIR' -l '$PG_DIR/server.log' \
    -o '-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c shared_buffers=128MB'" >/dev/null
  PG_BIN="$bin"
  PG_CONN="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
  PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
}

pg_create_db() {
  PGOPTIONS="-c client_min_messages=warning" pg_as "$PG_BIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" -c "CREATE DATABASE \"$1\"" >/dev/null
  DB_CONN="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$1"
  DB_URL="postgres://postgres@127.0.0.1:$PG_PORT/$1"
}

pg_stop() {
  [[ -n "$PG_DIR" ]] || return 0
  pg_as "$PG_BIN/pg_ctl" stop -m immediate -w -D "$PG_DIR" >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  PG_DIR=""
}
