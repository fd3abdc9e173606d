#!/usr/bin/env bash
# Starts a private PostgreSQL server for the tests: a fresh cluster in a
# temporary directory, listening on 127.0.0.1 only, trust authentication,
# owned by the "postgres" system user (initdb refuses to run as root).
# Installs Debian's postgresql package when it is missing.
#
#   scripts/postgres.sh start   # prints the URL to use as WIKICITIES_TEST_POSTGRES_URL
#   scripts/postgres.sh stop
#   scripts/postgres.sh restart [SECONDS]  # a real restart, keeping the data: pg_ctl restart
#                                          # -m fast, or stop -m fast, SECONDS down, start
#
# WIKICITIES_PG_PORT and WIKICITIES_PG_DIR choose another server (make faults
# starts and restarts a private one of its own this way; never restart the
# shared one on 55432, every running test uses it).
set -euo pipefail
port=${WIKICITIES_PG_PORT:-55432}
dir=${WIKICITIES_PG_DIR:-/tmp/wikicities-pg-$port}

bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$d" ] && echo "$d"
}

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# pg_start starts the cluster in $dir/data with the suite's options.
pg_start() {
  as_pg "$1/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >&2 \
    || { cat "$dir/server.log" >&2; exit 1; }
}

case "${1:-start}" in
start)
  if [ -z "$(bindir)" ]; then
    echo "installing PostgreSQL from Debian's packages" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 && apt-get install -y -qq postgresql >&2
  fi
  bin=$(bindir)
  if as_pg "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    echo "postgres://postgres@127.0.0.1:$port/wikicities_test?sslmode=disable"
    exit 0
  fi
  rm -rf "$dir"
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir"
  as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  pg_start "$bin"
  as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres wikicities_test
  echo "postgres://postgres@127.0.0.1:$port/wikicities_test?sslmode=disable"
  ;;
stop)
  bin=$(bindir)
  as_pg "$bin/pg_ctl" -D "$dir/data" -m fast stop >&2 || true
  ;;
restart)
  bin=$(bindir)
  pause=${2:-0}
  if [ "$pause" = 0 ]; then
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -m fast restart >&2 \
      || { cat "$dir/server.log" >&2; exit 1; }
  else
    as_pg "$bin/pg_ctl" -D "$dir/data" -w -m fast stop >&2
    sleep "$pause"
    pg_start "$bin"
  fi
  ;;
*) echo "usage: $0 start|stop|restart [SECONDS]" >&2; exit 2 ;;
esac
