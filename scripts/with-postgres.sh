#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster: initdb in a temporary directory owned
# by the postgres user, a free port, a private socket directory; removed again on exit.
# Exports UNDERSTUDY_TEST_DATABASE_URL (the test suite's engine switch) and DATABASE_URL.
set -euo pipefail

PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
  echo "with-postgres: no PostgreSQL server binaries found (install postgresql)" >&2
  exit 1
fi

run_as_pg() {
  if [ "$(id -u)" = "0" ]; then
    # -H keeps root's environment out of the postgres user's way.
    su postgres -s /bin/bash -c "$*"
  else
    bash -c "$*"
  fi
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

DIR="$(mktemp -d /tmp/understudy-pg.XXXXXX)"
chmod 755 "$DIR"
[ "$(id -u)" = "0" ] && chown postgres "$DIR"
PORT="$(free_port)"

cleanup() {
  run_as_pg "'$PG_BIN/pg_ctl' -D '$DIR/data' -m immediate stop" >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT

run_as_pg "'$PG_BIN/initdb' -D '$DIR/data' -U postgres -A trust --no-sync -E UTF8" >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; exit 1; }
run_as_pg "'$PG_BIN/pg_ctl' -D '$DIR/data' -l '$DIR/server.log' -w -o \"-p $PORT -k '$DIR' -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300 -c shared_buffers=128MB\" start" >/dev/null \
  || { cat "$DIR/server.log" >&2; exit 1; }
run_as_pg "'$PG_BIN/psql' -h 127.0.0.1 -p $PORT -U postgres -qc 'create database understudy_test'" >/dev/null

export UNDERSTUDY_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/understudy_test"
export DATABASE_URL="$UNDERSTUDY_TEST_DATABASE_URL"
echo "with-postgres: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on port $PORT" >&2
"$@"
