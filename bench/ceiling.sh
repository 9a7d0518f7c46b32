#!/usr/bin/env bash
# How close does the API come to the database's own ceiling? For each request, the exact SQL the server
# issues for it (captured from its jOOQ log) is run by pgbench at the same concurrency, and the API's
# throughput (wrk against the server, same data) is reported as a share of pgbench's. Goal: ≥ 50 %.
# A JFR profile of the server under the hottest request says where the rest of the time goes.
#
#   bench/ceiling.sh                     → bench/results/ceiling.md   (1 M time entries)
#   SIZE=10000 DURATION=3s WARMUP=1s bench/ceiling.sh      (a smoke run)
#
# Data: the database of bench/scale.sh for SIZE time entries (cm_bench_scale_<SIZE>), reused when it is
# there, seeded otherwise. Requests (as bench/peer-compare.sh): GET /api/time-entries?limit=10&depth=0,
# …&depth=1, the sent invoices sorted by due date, and a client by id.
#
# Per request a pgbench transaction is the request's statements in order, each in autocommit as the
# server runs them (a read runs no transaction), with the values of one captured request as literals,
# prepared once (-M prepared, as the JDBC driver prepares a statement it runs often). The API key and
# organization lookups are cached for a second per node and are left out of the pgbench script.
#
# Knobs: SIZE=1000000 THREADS=2 CONNS=32 WARMUP=5s DURATION=20s PORT=18120 PROFILE=time-entries_depth1
#        JAVA_OPTS (server JVM, default -Xmx512m), FRESH=1 (reseed), REBUILD=1
source "$(dirname "$0")/lib.sh"
SIZE="${SIZE:-1000000}"
PORT="${PORT:-18120}"
PROFILE="${PROFILE:-time-entries_depth1}"
SERVER_OPTS="${JAVA_OPTS:--Xmx512m}"
RAW="$RESULTS/raw/ceiling"
OUT="$RESULTS/ceiling.md"
PID=""
cleanup() { [[ -n "$PID" ]] && stop_server "$PID"; return 0; }
trap cleanup EXIT

seconds() { echo "${1%s}"; }   # wrk's "20s" → pgbench's -T 20

# pgbench_tps NAME FILE: warm-up, then a measured run; prints "tps latency_average_ms"
pgbench_tps() {
  local name=$1 file=$2
  pgbench -h 127.0.0.1 -U postgres -n -M prepared -c "$CONNS" -j "$THREADS" -T "$(seconds "$WARMUP")" -f "$file" "$DB" >/dev/null 2>&1
  pgbench -h 127.0.0.1 -U postgres -n -M prepared -c "$CONNS" -j "$THREADS" -T "$(seconds "$DURATION")" -f "$file" "$DB" \
    > "$RAW/pgbench-$name.txt" 2>&1
  awk '/^tps = /{tps=$3} /^latency average/{lat=$4} END{print tps, lat}' "$RAW/pgbench-$name.txt"
}

need_tools
command -v pgbench >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-contrib >/dev/null; }
build_jar
mkdir -p "$RAW"
rm -f "$RAW"/*
port_free "$PORT"
ensure_scale_db "$SIZE"
AUTH="Authorization: Bearer $KEY"
BASE="http://127.0.0.1:$PORT"

log "server on $DB"
PID="$(JAVA_OPTS="$SERVER_OPTS -XX:FlightRecorderOptions:stackdepth=256 $SQL_LOG_OPTS" start_server "$DB" "$PORT")"
CLIENT="$(api -f -H "$AUTH" "$BASE/api/clients?sort=createdAt&limit=1&depth=0" | json 'd["docs"][0]["id"]')"
NAMES=(time-entries_depth0 time-entries_depth1 invoices_sent_by_due_date client_by_id)
PATHS=("/api/time-entries?limit=10&depth=0" "/api/time-entries?limit=10&depth=1"
       "/api/invoices?where[status][equals]=sent&sort=-dueDate&limit=25" "/api/clients/$CLIENT")

# 1. the SQL of each request → one pgbench script per request
for i in "${!NAMES[@]}"; do
  capture_sql "$PORT" "${PATHS[$i]}" "$AUTH" | sed 's/$/;/' > "$RAW/${NAMES[$i]}.sql"
  [[ -s "$RAW/${NAMES[$i]}.sql" ]] || { log "no SQL captured for ${PATHS[$i]}"; exit 1; }
  # every statement must run as it is (and return what the server read)
  psql_at "$DB" -f "$RAW/${NAMES[$i]}.sql" >/dev/null
done

# 2. the API under wrk, one request at a time
API_ROWS=()
for i in "${!NAMES[@]}"; do
  api -f -o /dev/null -H "$AUTH" "$BASE${PATHS[$i]}"
  log "wrk ${PATHS[$i]}"
  API_ROWS+=("$(wrk_row "ceiling-api-${NAMES[$i]}" "$BASE${PATHS[$i]}" "$AUTH")")
done

# 3. a CPU profile of the server under the profiled request (a separate wrk run of the same length)
for i in "${!NAMES[@]}"; do [[ "${NAMES[$i]}" == "$PROFILE" ]] && PROFILE_PATH="${PATHS[$i]}"; done
log "JFR profile under $PROFILE_PATH"
"$JAVA_HOME/bin/jcmd" "$PID" JFR.start name=ceiling settings=profile >/dev/null
wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" -H "$AUTH" "$BASE$PROFILE_PATH" > "$RAW/wrk-profiled.txt"
"$JAVA_HOME/bin/jcmd" "$PID" JFR.stop name=ceiling filename="$RAW/ceiling.jfr" >/dev/null
HOT_METHODS="$("$JAVA_HOME/bin/jfr" view --width 140 hot-methods "$RAW/ceiling.jfr" | head -40)"
TOP_FRAMES="$(top_frames "$RAW/ceiling.jfr")"
stop_server "$PID"; PID=""

# 4. the same statements with pgbench, the server stopped
PG_ROWS=()
for i in "${!NAMES[@]}"; do
  log "pgbench ${NAMES[$i]}"
  PG_ROWS+=("$(pgbench_tps "${NAMES[$i]}" "$RAW/${NAMES[$i]}.sql")")
done

{
  echo "# API throughput vs the database's ceiling"
  echo
  echo "Produced by \`bench/ceiling.sh\` at commit $(cd "$REPO" && git rev-parse --short HEAD) on $SIZE time entries"
  echo "(database $DB). Goal: the API reaches ≥ 50 % of what pgbench gets from PostgreSQL for the same"
  echo "statements at the same concurrency. Both load generators, the server and PostgreSQL share the"
  echo "machine's cores; the server is stopped while pgbench runs."
  echo
  machine
  echo "| pgbench | $(pgbench --version) |"
  echo "| server | \`CLEARMARGIN_DB_URL=$PG/$DB CLEARMARGIN_DEMO=false PORT=$PORT java $SERVER_OPTS -jar target/clearmargin.jar\` (pool ${CLEARMARGIN_DB_POOL_SIZE:-20}) |"
  echo "| API load | \`wrk -t$THREADS -c$CONNS -d$DURATION --latency -H 'Authorization: Bearer sk_live_…' <url>\` after a $WARMUP warm-up |"
  echo "| SQL load | \`pgbench -n -M prepared -c $CONNS -j $THREADS -T $(seconds "$DURATION") -f <request>.sql $DB\` after a $(seconds "$WARMUP") s warm-up; one transaction = the statements of one request |"
  echo
  echo "| request | statements | API req/s | API p50 | API p99 | non-2xx | pgbench tps | pgbench latency avg (ms) | API / pgbench |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  for i in "${!NAMES[@]}"; do
    read -r rps p50 p99 errors < <(wrk_cols "${API_ROWS[$i]}")
    read -r tps lat <<<"${PG_ROWS[$i]}"
    tps="$(printf '%.0f' "$tps")"
    share="$(python3 -c "print(f'{100 * $rps / $tps:.0f} %')")"
    echo "| \`GET ${PATHS[$i]}\` | $(wc -l < "$RAW/${NAMES[$i]}.sql") | $rps | $p50 ms | $p99 ms | $errors | $tps | $lat | **$share** |"
  done
  echo
  for i in "${!NAMES[@]}"; do
    echo "<details><summary>pgbench script of GET ${PATHS[$i]}</summary>"
    echo
    echo '```sql'
    cat "$RAW/${NAMES[$i]}.sql"
    echo '```'
    echo "</details>"
    echo
  done
  echo "## Where the server's CPU goes: GET $PROFILE_PATH"
  echo
  echo "JFR (\`jcmd <pid> JFR.start settings=profile\`) over a $DURATION wrk run of that request"
  echo "($(awk '/Requests\/sec/{print $2}' "$RAW/wrk-profiled.txt") req/s while recording)."
  echo
  echo "$TOP_FRAMES"
  echo
  echo "\`jfr view hot-methods\` (top frames):"
  echo
  echo '```text'
  echo "$HOT_METHODS"
  echo '```'
  echo
  echo "Raw wrk and pgbench output and the recording: \`bench/results/raw/ceiling/\` (not committed)."
} > "$OUT"
cat "$OUT"
