#!/usr/bin/env bash
# Runs the Java SDK's tests and its example program against the packaged server jar.
#
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 clients/java/run-against-jar.sh            # verify + example
#   JAVA_HOME=… clients/java/run-against-jar.sh bash                                         # a shell with the env below
#
# Creates a fresh database on the PostgreSQL at $PG_URL (user postgres, trust auth), starts
# target/clearmargin.jar with CLEARMARGIN_TESTING=true on a free loopback port, creates an
# organization with `org create` (its full_access key), then runs the command (default: `mvn verify`
# of clients/java and the Newcomer example) with CLEARMARGIN_BASE_URL and CLEARMARGIN_API_KEY set,
# and stops the server and drops the database however it ends. Needs psql, curl, python3.
# SDK_MVN_OPTS adds Maven options (e.g. -o when ~/.m2 already holds the SDK's dependencies).
# With CLEARMARGIN_BASE_URL and CLEARMARGIN_API_KEY already set (a server of yours started with
# CLEARMARGIN_TESTING=true, a full_access key), it starts nothing and runs against that server.
set -euo pipefail

SDK="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$SDK/../.." && pwd)"
: "${JAVA_HOME:?set JAVA_HOME to a JDK 25}"
JAVA="$JAVA_HOME/bin/java"
PG_URL="${PG_URL:-${CI_PG_URL:-jdbc:postgresql://127.0.0.1:5432}}"
PG_ADMIN_DB="${PG_ADMIN_DB:-${CI_PG_ADMIN_DB:-test}}"
JAR="${SERVER_JAR:-$REPO/target/clearmargin.jar}"
PG_HOSTPORT="${PG_URL#jdbc:postgresql://}"; PG_HOSTPORT="${PG_HOSTPORT%%/*}"
PG_HOST="${PG_HOSTPORT%%:*}"; PG_PORT="${PG_HOSTPORT##*:}"; [[ "$PG_PORT" == "$PG_HOSTPORT" ]] && PG_PORT=5432

log() { echo "[sdk-java $(date -u +%H:%M:%S)] $*"; }

run_sdk() {
  local status=0
  if [[ $# -gt 0 ]]; then
    "$@" || status=$?
  else
    local MVN=("$REPO/mvnw" -B -ntp ${SDK_MVN_OPTS:-} -f "$SDK/pom.xml")
    log "tests: mvn verify of clients/java against $CLEARMARGIN_BASE_URL"
    "${MVN[@]}" verify "-Dclearmargin.baseUrl=$CLEARMARGIN_BASE_URL" || status=$?
    if [[ $status -eq 0 ]]; then
      log "example: app.clearmargin.sdk.examples.Newcomer"
      "$JAVA" -cp "$SDK/target/classes:$(cat "$SDK/target/classpath.txt")" app.clearmargin.sdk.examples.Newcomer || status=$?
    fi
  fi
  return $status
}

if [[ -n "${CLEARMARGIN_BASE_URL:-}" && -n "${CLEARMARGIN_API_KEY:-}" ]]; then
  export CLEARMARGIN_BASE_URL CLEARMARGIN_API_KEY
  log "against the running server $CLEARMARGIN_BASE_URL"
  status=0; run_sdk "$@" || status=$?
  log "done (exit $status)"
  exit $status
fi

test -f "$JAR" || { log "no $JAR: build it with ./mvnw package -DskipTests"; exit 2; }

DB="cm_sdkjava_$(date +%s)_$$"
DATA_DIR="$(mktemp -d)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d "$PG_ADMIN_DB" -qc "CREATE DATABASE $DB"
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 1; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
  fi
  psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d "$PG_ADMIN_DB" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$DATA_DIR"
}
trap cleanup EXIT

export CLEARMARGIN_DB_URL="$PG_URL/$DB" CLEARMARGIN_DB_USER=postgres CLEARMARGIN_DATA_DIR="$DATA_DIR"
# The admin CLI prints the organization and its full_access key as JSON.
"$JAVA" -jar "$JAR" org create --name "SDK Java" > "$DATA_DIR/org.json" 2> "$DATA_DIR/org.err" \
  || { cat "$DATA_DIR/org.err"; log "org create failed"; exit 1; }
CLEARMARGIN_API_KEY="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["apiKey"])' "$DATA_DIR/org.json")" \
  || { cat "$DATA_DIR/org.json" "$DATA_DIR/org.err"; log "org create printed no key"; exit 1; }
log "starting $JAR on 127.0.0.1:$PORT (database $DB, CLEARMARGIN_TESTING=true)"
CLEARMARGIN_TESTING=true PORT="$PORT" "$JAVA" -jar "$JAR" > "$DATA_DIR/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 180); do
  curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$DATA_DIR/server.log"; log "server exited"; exit 1; }
  sleep 1
done
curl -fs "http://127.0.0.1:$PORT/health" >/dev/null || { tail -50 "$DATA_DIR/server.log"; log "server not healthy"; exit 1; }
export CLEARMARGIN_BASE_URL="http://127.0.0.1:$PORT" CLEARMARGIN_API_KEY

status=0
run_sdk "$@" || status=$?
if [[ $status -ne 0 ]]; then
  log "failed (exit $status); server log tail:"
  tail -60 "$DATA_DIR/server.log"
fi
log "done (exit $status)"
exit $status
