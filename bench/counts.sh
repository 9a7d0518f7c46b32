#!/usr/bin/env bash
# What does totalDocs cost at 10 M time entries, and what do count=estimate and count=none save? A filter
# matching ~30 % of 10 M entries (3 M rows), measured on the jar before this change (BEFORE_JAR, exact count
# as before) and right after on this checkout's jar (its migration's index, the visibility map current, and the
# three count modes), back to back, plus the exact count with the visibility map cleared (what a table that
# autovacuum has not visited since its rows were written costs).
#
#   BEFORE_JAR=/path/to/main/target/clearmargin.jar bench/counts.sh      → bench/results/counts.md
#
# The database (cm_bench_counts, ~4 GB) is seeded once by the admin CLI's bulk seed with bench/scale.sh's shape
# and 10 M time entries (minutes), and reused by later runs (the marker table bench_seed); FRESH=1 reseeds,
# DROP=1 drops it at the end. It is seeded by BEFORE_JAR so that the "before" server meets the schema it knows;
# the "after" server then applies this checkout's migrations to it (a second run: "before" then runs on the
# migrated schema, so reseed with FRESH=1 for a clean before/after).
#
# Knobs: BEFORE_JAR (default: the jar of the main worktree), THREADS=2 CONNS_COUNTS=4 WARMUP=5s DURATION=20s,
#        PORT=18125, TIME_ENTRIES=10000000, JAVA_OPTS (server JVM, default -Xmx512m), REBUILD
source "$(dirname "$0")/lib.sh"
CONNS="${CONNS_COUNTS:-4}"
PORT="${PORT:-18125}"
TIME_ENTRIES="${TIME_ENTRIES:-10000000}"
BEFORE_JAR="${BEFORE_JAR:-$REPO/../main/target/clearmargin.jar}"
AFTER_JAR="$JAR"
DB="${COUNTS_DB:-cm_bench_counts}"
SERVER_OPTS="${JAVA_OPTS:--Xmx512m}"
OUT="$RESULTS/counts.md"
PID=""
cleanup() { [[ -n "$PID" ]] && stop_server "$PID"; return 0; }
trap cleanup EXIT

need_tools
build_jar
[[ -f "$BEFORE_JAR" ]] || { log "no BEFORE_JAR at $BEFORE_JAR"; exit 1; }
mkdir -p "$RESULTS/raw"
port_free "$PORT"

# ---------------------------------------------------------------- the data (seeded by the jar before the change)
args="$SEED_SHAPE --time-entries $TIME_ENTRIES"
marker="$(psql_at "$DB" -c "SELECT org || ' ' || key || ' ' || seconds FROM bench_seed WHERE args = '$args'" 2>/dev/null || true)"
if [[ -n "$marker" && -z "${FRESH:-}" ]]; then
  read -r ORG KEY SEED_SECONDS <<<"$marker"
  log "reusing $DB (seeded earlier with: seed $args)"
else
  log "seeding $DB: seed $args"
  JAR="$BEFORE_JAR"
  fresh_db "$DB"
  bench_org "$DB" "Counts $TIME_ENTRIES"
  t0=$SECONDS
  # shellcheck disable=SC2086 # SEED_SHAPE is a list of options
  cli "$DB" seed --org "$ORG" $SEED_SHAPE --time-entries "$TIME_ENTRIES" > "$RESULTS/raw/counts-seed.json"
  SEED_SECONDS=$((SECONDS - t0))
  JAR="$AFTER_JAR"
  psql_at "$DB" -c "CREATE TABLE bench_seed (args text, org text, key text, seconds int)" \
    -c "INSERT INTO bench_seed VALUES ('$args', '$ORG', '$KEY', $SEED_SECONDS)" >/dev/null
fi
AUTH="Authorization: Bearer $KEY"
BASE="http://127.0.0.1:$PORT"
ORG_UUID="$(psql_at "$DB" -c "SELECT id FROM organizations LIMIT 1")"
# the date from which on ~30 % of the entries lie, as in bench/scale.sh's broad filter
BROAD_DATE="$(psql_at "$DB" -c "SELECT percentile_disc(0.7) WITHIN GROUP (ORDER BY date) FROM time_entries")"
BROAD_ROWS="$(psql_at "$DB" -c "SELECT count(*) FROM time_entries WHERE date >= '$BROAD_DATE'")"
TOTAL_ROWS="$(psql_at "$DB" -c "SELECT count(*) FROM time_entries")"
UNBILLED_ROWS="$(psql_at "$DB" -c "SELECT count(*) FROM time_entries WHERE status = 'unbilled' AND date >= '$BROAD_DATE'")"

DATE_PATH="/api/time-entries?where[date][greater_than_equal]=$BROAD_DATE&limit=10"
UNBILLED_PATH="/api/time-entries?where[status][equals]=unbilled&where[date][greater_than_equal]=$BROAD_DATE&limit=10"
DATE_SQL="SELECT count(*) FROM time_entries WHERE organization_id = '$ORG_UUID' AND (date >= '$BROAD_DATE')"
UNBILLED_SQL="SELECT count(*) FROM time_entries WHERE organization_id = '$ORG_UUID' AND (status = 'unbilled' AND date >= '$BROAD_DATE')"

ROWS=()
PLANS=""
visibility() {
  psql_at "$DB" -c "SELECT round(100.0 * relallvisible / greatest(relpages, 1)) || ' % of ' || relpages || ' pages all-visible' FROM pg_class WHERE relname = 'time_entries'"
}
# measure JAR_LABEL STATE NAME PATH: one warmed-up wrk run; the answer's totalDocs first (a 200 or nothing)
measure() {
  local jar=$1 state=$2 name=$3 path=$4 answer total estimated row rps p50 p99 errors
  answer="$(api -H "$AUTH" -w '\n%{http_code}' "$BASE$path")"
  if [[ "${answer##*$'\n'}" == 200 ]]; then
    total="$(echo "${answer%$'\n'*}" | json 'json.dumps(d["totalDocs"])')"
    estimated="$(echo "${answer%$'\n'*}" | json 'json.dumps(d["totalDocsEstimated"]) if "totalDocsEstimated" in d else ""')"
  else
    # a count over the statement timeout (3 s) is cancelled: 503; measured all the same
    total="HTTP ${answer##*$'\n'}: $(echo "${answer%$'\n'*}" | json 'd["errors"][0]["message"]' 2>/dev/null | cut -c1-60)"
    estimated=""
  fi
  log "$jar / $state / $name: totalDocs $total ${estimated:+(estimated: $estimated)}"
  row="$(wrk_timed "counts-$jar-${name//[^a-z=]/_}" "$BASE$path")"
  read -r rps p50 p99 errors < <(wrk_cols "$row")
  ROWS+=("| $jar | $state | $name | $total | ${estimated:-–} | $rps | $p50 | $p99 | $errors |")
}
# wrk_timed NAME URL: lib.sh's wrk_row with a 20 s request timeout (an exact count of 3 M rows under 4
# connections takes longer than wrk's default 2 s, and a timed-out request would not count at all)
wrk_timed() {
  local name=$1 url=$2 out="$RESULTS/raw/$1.txt"
  wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" --timeout 20s -H "$AUTH" "$url" >/dev/null
  wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --timeout 20s --latency -H "$AUTH" "$url" > "$out"
  awk -v n="$name" '/Requests\/sec/{r=$2} /^ +50%/{p50=$2} /^ +75%/{p75=$2} /^ +90%/{p90=$2} /^ +99%/{p99=$2} /Non-2xx/{e=$NF}
    END{printf "| %s | %s | %s | %s | %s | %s | %s |\n", n, r, p50, p75, p90, p99, (e==""?"0":e)}' "$out"
}
# plan TITLE SQL: EXPLAIN (ANALYZE, BUFFERS) of a count, for the plans section
plan() {
  PLANS+=$'\n'"### $1"$'\n\n```sql\n'"$2;"$'\n```\n\n```text\n'"$(psql_at "$DB" -c "EXPLAIN (ANALYZE, BUFFERS) $2")"$'\n```\n'
}

# ---------------------------------------------------------------- before: the jar before the change, exact counts
log "before: $BEFORE_JAR on $DB"
VIS_BEFORE="$(visibility)"
JAR="$BEFORE_JAR"
PID="$(JAVA_OPTS="$SERVER_OPTS" start_server "$DB" "$PORT")"
measure before "as seeded ($VIS_BEFORE)" "date ≥ (exact)" "$DATE_PATH"
measure before "as seeded ($VIS_BEFORE)" "unbilled, date ≥ (exact)" "$UNBILLED_PATH"
plan "before: date ≥ $BROAD_DATE" "$DATE_SQL"
plan "before: unbilled, date ≥ $BROAD_DATE (no index on status)" "$UNBILLED_SQL"
stop_server "$PID"; PID=""

# ---------------------------------------------------------------- after: this checkout's jar (migrates the database)
log "after: $AFTER_JAR on $DB (applies its migrations)"
JAR="$AFTER_JAR"
t0=$SECONDS
PID="$(JAVA_OPTS="$SERVER_OPTS" start_server "$DB" "$PORT")"
MIGRATE_SECONDS=$((SECONDS - t0))
psql_at "$DB" -c "VACUUM (ANALYZE) time_entries"
VIS_AFTER="$(visibility)"
for mode in exact estimate none; do
  measure after "vacuumed ($VIS_AFTER)" "date ≥ (count=$mode)" "$DATE_PATH&count=$mode"
done
for mode in exact estimate none; do
  measure after "vacuumed ($VIS_AFTER)" "unbilled, date ≥ (count=$mode)" "$UNBILLED_PATH&count=$mode"
done
plan "after: date ≥ $BROAD_DATE" "$DATE_SQL"
plan "after: unbilled, date ≥ $BROAD_DATE (time_entries_status_date)" "$UNBILLED_SQL"

# ---------------------------------------------------------------- the visibility map cleared: what VACUUM buys
log "after, visibility map cleared (pg_visibility's pg_truncate_visibility_map)"
psql_at "$DB" -c "CREATE EXTENSION IF NOT EXISTS pg_visibility" -c "SELECT pg_truncate_visibility_map('time_entries')" >/dev/null
measure after "visibility map cleared" "date ≥ (count=exact)" "$DATE_PATH&count=exact"
measure after "visibility map cleared" "date ≥ (count=none)" "$DATE_PATH&count=none"
plan "after, visibility map cleared: date ≥ $BROAD_DATE" "$DATE_SQL"
stop_server "$PID"; PID=""
t0=$SECONDS
psql_at "$DB" -c "VACUUM (ANALYZE) time_entries" -c "DROP EXTENSION pg_visibility"
VACUUM_SECONDS=$((SECONDS - t0))

{
  echo "# Counts at $TIME_ENTRIES time entries: exact, estimate, none"
  echo
  echo "Produced by \`bench/counts.sh\` at commit $(cd "$REPO" && git rev-parse --short HEAD). The \"before\" and"
  echo "\"after\" servers ran back to back on the same database, one at a time; the machine is shared with other"
  echo "builds (see the load row), so compare rows of this run with each other rather than with other files."
  echo
  machine
  echo "| PostgreSQL settings | shared_buffers $(psql_at postgres -c 'show shared_buffers'), work_mem $(psql_at postgres -c 'show work_mem'), autovacuum $(psql_at postgres -c 'show autovacuum'), max_parallel_workers_per_gather $(psql_at postgres -c 'show max_parallel_workers_per_gather') |"
  echo "| before | \`$BEFORE_JAR\` (exact count only) |"
  echo "| after | \`target/clearmargin.jar\` of this commit; its migrations took the first start to ${MIGRATE_SECONDS} s (time_entries_status_date built on $TOTAL_ROWS rows), then \`VACUUM (ANALYZE) time_entries\` |"
  echo "| server | \`CLEARMARGIN_DB_URL=$PG/$DB CLEARMARGIN_DEMO=false PORT=$PORT java $SERVER_OPTS -jar <jar>\` |"
  echo "| wrk | \`wrk -t$THREADS -c$CONNS -d$DURATION --timeout 20s --latency -H 'Authorization: Bearer sk_live_…' <url>\` after a $WARMUP warm-up of the same URL |"
  echo "| seed | \`java -jar <before jar> seed --org <org> $SEED_SHAPE --time-entries $TIME_ENTRIES\` (${SEED_SECONDS} s, ends with VACUUM (ANALYZE)) |"
  echo "| data | $TOTAL_ROWS time entries; date ≥ $BROAD_DATE: $BROAD_ROWS entries ($((BROAD_ROWS * 100 / TOTAL_ROWS)) %); unbilled and date ≥ $BROAD_DATE: $UNBILLED_ROWS |"
  echo "| paths | date ≥: \`${DATE_PATH}\`; unbilled, date ≥: \`${UNBILLED_PATH}\` (plus \`&count=…\` after) |"
  echo "| VACUUM (ANALYZE) time_entries after the cleared run | ${VACUUM_SECONDS} s |"
  echo
  echo "| jar | visibility map | request | totalDocs | totalDocsEstimated | req/s | p50 ms | p99 ms | non-2xx |"
  echo "|---|---|---|---:|:---:|---:|---:|---:|---:|"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "Raw wrk output: \`bench/results/raw/counts-<jar>-<request>.txt\` (not committed)."
  echo
  echo "## Plans of the counts"
  echo
  echo "The count statement the server sends for each filter (bind values inlined), run with"
  echo "\`EXPLAIN (ANALYZE, BUFFERS)\` right after the load test of its state."
  echo "$PLANS"
} > "$OUT"
cat "$OUT"

if [[ -n "${DROP:-}" ]]; then
  psql_at postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
fi
