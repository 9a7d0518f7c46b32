#!/usr/bin/env bash
# Fast start (docs/operations.md, "Fast start"): the packaged jar extracted, plus a JDK 25 AOT cache
# (JEP 483/514/515) from a training run — classes loaded and linked, and method profiles — used
# together with Spring AOT's build-time bean definitions (-Dspring.aot.enabled=true, generated into
# the jar by the build's process-aot step).
#
#   src/main/scripts/fast-start.sh [JAR] [DIR]     defaults: target/clearmargin.jar, target/fast-start
#   ./mvnw -Pfast-start -DskipTests package        runs it after packaging
#
# then start the server with
#
#   java -XX:AOTCache=DIR/clearmargin.aot -Dspring.aot.enabled=true -jar DIR/clearmargin.jar
#
# Why not the packaged jar itself: the cache holds only classes the JVM's own class loaders read from
# plain jar files, and the packaged jar's libraries sit inside it (nested jars, read by Spring Boot's
# loader), so the jar is first extracted (Spring Boot's `-Djarmode=tools extract`: DIR/clearmargin.jar
# with the libraries beside it in DIR/lib). The cache is only valid for that directory's jars and the
# JDK that made it; after a rebuild or a JDK update, make it again (a stale cache is reported and
# ignored by the JVM, the server still starts).
#
# The training run starts the server, with -Dspring.aot.enabled=true like the launch command, on its
# own embedded PostgreSQL in a temporary data directory (demo data on, so that the first-start path is
# trained too; CLEARMARGIN_DB_URL of the calling environment is ignored, set TRAIN_DB_URL (and
# TRAIN_DB_USER) to train against a database of yours instead), waits for /health, sends a few
# requests with the demo key, and stops it; the JVM writes the cache as it exits.
# Knobs: TRAIN_PORT (18499), JAVA_HOME_25.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
JAVA_HOME="${JAVA_HOME_25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
JAR="$(realpath "${1:-$REPO/target/clearmargin.jar}")"
DIR="${2:-$REPO/target/fast-start}"
PORT="${TRAIN_PORT:-18499}"
log() { echo "[fast-start $(date -u +%H:%M:%S)] $*" >&2; }

[[ -f "$JAR" ]] || { log "no $JAR: package first (./mvnw -DskipTests package)"; exit 1; }
if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/"; then
  log "port $PORT is in use: set TRAIN_PORT"; exit 1
fi

rm -rf "$DIR"
mkdir -p "$DIR"
DIR="$(realpath "$DIR")"
log "extracting $JAR into $DIR"
"$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$DIR" >/dev/null

TRAIN="$(mktemp -d /tmp/clearmargin-aot-training.XXXXXX)"
PID=""
cleanup() {
  if [[ -n "$PID" ]] && kill -0 "$PID" 2>/dev/null; then kill -9 "$PID" 2>/dev/null || true; fi
  rm -rf "$TRAIN"
}
trap cleanup EXIT

log "training run on port $PORT (log: $DIR/training.log)"
env -u CLEARMARGIN_DB_URL -u CLEARMARGIN_DB_USER -u CLEARMARGIN_DB_PASSWORD \
  ${TRAIN_DB_URL:+CLEARMARGIN_DB_URL="$TRAIN_DB_URL"} ${TRAIN_DB_USER:+CLEARMARGIN_DB_USER="$TRAIN_DB_USER"} \
  CLEARMARGIN_DATA_DIR="$TRAIN/data" PORT="$PORT" \
  "$JAVA" -XX:AOTCacheOutput="$DIR/clearmargin.aot" -Dspring.aot.enabled=true -jar "$DIR/clearmargin.jar" \
  > "$DIR/training.log" 2>&1 &
PID=$!
for _ in $(seq 1 1500); do
  curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/health" && break
  kill -0 "$PID" 2>/dev/null || { tail -30 "$DIR/training.log" >&2; exit 1; }
  sleep 0.2
done
# what a client does first: lists, a filter, a populated read, the docs, the metrics
KEY="$(cat "$TRAIN/data/demo-api-key" 2>/dev/null || true)"
for path in /health /api/organization /api/clients '/api/invoices?depth=1&limit=5' \
  '/api/time-entries?where[billable][equals]=true&sort=-date&limit=10' /api/projects/count /openapi.json /metrics; do
  curl -gs -o /dev/null -H "Authorization: Bearer $KEY" "http://127.0.0.1:$PORT$path" || true
done
kill "$PID"
# the JVM assembles the cache after the server has stopped; that takes a while
wait "$PID" || true
PID=""
[[ -f "$DIR/clearmargin.aot" ]] || { tail -30 "$DIR/training.log" >&2; log "no cache written"; exit 1; }
log "wrote $DIR/clearmargin.aot ($(du -h "$DIR/clearmargin.aot" | cut -f1))"
echo "start with: $JAVA -XX:AOTCache=$DIR/clearmargin.aot -Dspring.aot.enabled=true -jar $DIR/clearmargin.jar"
