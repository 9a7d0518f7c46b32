#!/usr/bin/env bash
# Runs a command (default: `npm test`) against the packaged server jar: creates a fresh database,
# issues keys with the jar's `org create`, starts the jar with CLEARMARGIN_TESTING=true on a free
# loopback port, exports CLEARMARGIN_BASE_URL / CLEARMARGIN_API_KEY / CLEARMARGIN_API_KEY_B, runs
# the command, then stops the server and drops the database. Exit status: the command's.
#
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PG_URL=jdbc:postgresql://127.0.0.1:5432 \
#     test/run-against-jar.sh npm test
#
# Environment: JAVA_HOME (a JDK 25; default Temurin's path), PG_URL (JDBC URL of the PostgreSQL
# server, no database; default jdbc:postgresql://127.0.0.1:5432), PG_ADMIN_DB (an existing database
# to connect to for CREATE/DROP DATABASE; default test), PG_USER (default postgres, trust auth),
# CLEARMARGIN_JAR (default <repo>/target/clearmargin.jar). Needs psql, curl and python3 (free port).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
JAR="${CLEARMARGIN_JAR:-$REPO/target/clearmargin.jar}"
PG_URL="${PG_URL:-jdbc:postgresql://127.0.0.1:5432}"
PG_ADMIN_DB="${PG_ADMIN_DB:-test}"
PG_USER="${PG_USER:-postgres}"
# psql's connection from the JDBC URL: host and port.
PG_HOSTPORT="${PG_URL#jdbc:postgresql://}"; PG_HOSTPORT="${PG_HOSTPORT%%/*}"
PG_HOST="${PG_HOSTPORT%%:*}"; PG_PORT="5432"
[[ "$PG_HOSTPORT" == *:* ]] && PG_PORT="${PG_HOSTPORT##*:}"

log() { echo "[sdk-ts $(date -u +%H:%M:%S)] $*" >&2; }
[[ -x "$JAVA" ]] || { log "no java at $JAVA (set JAVA_HOME to a JDK 25)"; exit 2; }
[[ -f "$JAR" ]] || { log "no $JAR (build it: ./mvnw -B -ntp package -DskipTests)"; exit 2; }
[[ $# -gt 0 ]] || set -- npm test

DB="cm_sdk_ts_$(date +%s)_$$"
DATA_DIR="$(mktemp -d)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
psqlc() { psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_ADMIN_DB" -qc "$1"; }
psqlc "CREATE DATABASE $DB"
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 1; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
  fi
  psqlc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$DATA_DIR"
}
trap cleanup EXIT

export CLEARMARGIN_DB_URL="$PG_URL/$DB" CLEARMARGIN_DB_USER="$PG_USER" CLEARMARGIN_DATA_DIR="$DATA_DIR"
key_of() { python3 -c 'import json,sys; print(json.load(sys.stdin)["apiKey"])'; }
KEY_A="$("$JAVA" -jar "$JAR" org create --name "SDK TypeScript A" | key_of)"
KEY_B="$("$JAVA" -jar "$JAR" org create --name "SDK TypeScript B" | key_of)"
log "starting $JAR on 127.0.0.1:$PORT against $DB (CLEARMARGIN_TESTING=true)"
CLEARMARGIN_TESTING=true PORT="$PORT" "$JAVA" -jar "$JAR" > "$DATA_DIR/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$DATA_DIR/server.log"; log "server exited"; exit 1; }
  sleep 1
done
curl -fs "http://127.0.0.1:$PORT/health" >/dev/null || { tail -50 "$DATA_DIR/server.log"; log "server not healthy"; exit 1; }

export CLEARMARGIN_BASE_URL="http://127.0.0.1:$PORT" CLEARMARGIN_API_KEY="$KEY_A" CLEARMARGIN_API_KEY_B="$KEY_B"
status=0
(cd "$HERE" && "$@") || status=$?
if [[ $status -ne 0 ]]; then
  log "failed (exit $status); server log tail:"
  tail -60 "$DATA_DIR/server.log" >&2
fi
exit $status
