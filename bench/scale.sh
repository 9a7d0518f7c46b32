#!/usr/bin/env bash
# Does the API stay fast as an organization's data grows? The same list / filter / count requests at
# 10 k, 1 M and (WITH_10M=1) 10 M time entries, 32 connections; target p99 < 20 ms.
#
#   bench/scale.sh                       → bench/results/scale.md   (10 k and 1 M)
#   WITH_10M=1 bench/scale.sh            → adds 10 M (seeding it takes minutes, the database ~4 GB)
#   SIZES="10000 100000" DURATION=3s WARMUP=1s bench/scale.sh     (a smoke run)
#
# One database per size (cm_bench_scale_<n>), one organization in it, seeded by the admin CLI's bulk
# `seed` command with the same shape at every size (only the time entries grow). The databases are
# kept and reused by later runs (and by bench/ceiling.sh); FRESH=1 reseeds, DROP=1 drops them at the end.
# For each size the server is started on its database, every request is warmed up and then measured
# with wrk; at the largest size the SQL of the hot requests is captured from the server's jOOQ log and
# run with EXPLAIN (ANALYZE, BUFFERS).
#
# Knobs: SIZES, WITH_10M, THREADS=2 CONNS=32 WARMUP=5s DURATION=20s, PORT=18110, FRESH, DROP, REBUILD,
#        SEED_SHAPE (the seed options other than --time-entries), JAVA_OPTS (server JVM, default -Xmx512m)
source "$(dirname "$0")/lib.sh"
SIZES="${SIZES:-10000 1000000}"
[[ -n "${WITH_10M:-}" ]] && SIZES="$SIZES 10000000"
PORT="${PORT:-18110}"
SERVER_OPTS="${JAVA_OPTS:--Xmx512m}"
OUT="$RESULTS/scale.md"
PID=""
cleanup() { [[ -n "$PID" ]] && stop_server "$PID"; return 0; }
trap cleanup EXIT

need_tools
build_jar
mkdir -p "$RESULTS/raw"
port_free "$PORT"
ROWS=()      # markdown rows of the results table
SUMMARY=()   # one row per size: data volume
LARGEST="${SIZES##* }"
for size in $SIZES; do
  ensure_scale_db "$size"
  AUTH="Authorization: Bearer $KEY"
  BASE="http://127.0.0.1:$PORT"
  # The filter values come from the data: the busiest project (the worst case for a project filter)
  # and the date from which on ~30 % of the entries lie (a broad filter whose count touches 30 %).
  read -r PROJECT_UUID PROJECT_ROWS < <(psql_at "$DB" -F ' ' -c \
    "SELECT project_id, count(*) FROM time_entries GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1")
  BROAD_DATE="$(psql_at "$DB" -c "SELECT percentile_disc(0.7) WITHIN GROUP (ORDER BY date) FROM time_entries")"
  BROAD_ROWS="$(psql_at "$DB" -c "SELECT count(*) FROM time_entries WHERE date >= '$BROAD_DATE'")"
  TOTAL_ROWS="$(psql_at "$DB" -c "SELECT count(*) FROM time_entries")"
  TABLE_SIZE="$(psql_at "$DB" -c "SELECT pg_size_pretty(pg_total_relation_size('time_entries'))")"
  PROJECT="$(public_id project "$PROJECT_UUID")"
  SUMMARY+=("| $size | $TOTAL_ROWS | $TABLE_SIZE | \`$PROJECT\` ($PROJECT_ROWS entries) | $BROAD_DATE ($BROAD_ROWS entries, $((BROAD_ROWS * 100 / TOTAL_ROWS)) %) | ${SEED_SECONDS} s |")

  NAMES=(list_depth0 list_depth1 project_filter_sorted count_all count_project broad_date_filter)
  PATHS=("/api/time-entries?limit=10&depth=0"
         "/api/time-entries?limit=10&depth=1"
         "/api/time-entries?where[project][equals]=$PROJECT&limit=10&sort=-date"
         "/api/time-entries/count"
         "/api/time-entries/count?where[project][equals]=$PROJECT"
         "/api/time-entries?where[date][greater_than_equal]=$BROAD_DATE&limit=10")

  log "size $size: server on $DB"
  PID="$(JAVA_OPTS="$SERVER_OPTS $SQL_LOG_OPTS" start_server "$DB" "$PORT")"
  for i in "${!PATHS[@]}"; do
    # one plain request first: it must answer 200 with the expected total, or the numbers mean nothing
    total="$(api -f -H "$AUTH" "$BASE${PATHS[$i]}" | json 'd["totalDocs"]')"
    log "size $size: ${NAMES[$i]} (totalDocs $total)"
    row="$(wrk_row "scale-$size-${NAMES[$i]}" "$BASE${PATHS[$i]}" "$AUTH")"
    read -r rps p50 p99 errors < <(wrk_cols "$row")
    verdict="$(python3 -c "print('yes' if $p99 < 20 else 'NO')")"
    ROWS+=("| $size | ${NAMES[$i]} | \`${PATHS[$i]/$PROJECT/<project>}\` | $total | $rps | $p50 | $p99 | $verdict | $errors |")
  done

  if [[ "$size" == "$LARGEST" ]]; then
    log "size $size: EXPLAIN (ANALYZE, BUFFERS) of the captured SQL"
    EXPLAINS=""
    for i in 0 2 5; do
      EXPLAINS+=$'\n'"### GET ${PATHS[$i]/$PROJECT/<project>}"$'\n'
      while IFS= read -r sql; do
        EXPLAINS+=$'\n```sql\n'"$sql;"$'\n```\n\n```text\n'
        EXPLAINS+="$(psql_at "$DB" -c "EXPLAIN (ANALYZE, BUFFERS) $sql")"
        EXPLAINS+=$'\n```\n'
      done < <(capture_sql "$PORT" "${PATHS[$i]}" "$AUTH")
    done
  fi
  stop_server "$PID"; PID=""
done

{
  echo "# Scale: the same requests at growing data volumes"
  echo
  echo "Produced by \`bench/scale.sh\` at commit $(cd "$REPO" && git rev-parse --short HEAD). Target: p99 < 20 ms at"
  echo "$CONNS connections. wrk, the server and PostgreSQL share the machine's cores (and the machine is"
  echo "shared with other developers: see the load row), so read the figures as one run's."
  echo
  machine
  echo "| PostgreSQL settings | shared_buffers $(psql_at postgres -c 'show shared_buffers'), work_mem $(psql_at postgres -c 'show work_mem') |"
  echo "| server | \`CLEARMARGIN_DB_URL=$PG/cm_bench_scale_<size> CLEARMARGIN_DEMO=false PORT=$PORT java $SERVER_OPTS -jar target/clearmargin.jar\` (pool ${CLEARMARGIN_DB_POOL_SIZE:-20}) |"
  echo "| wrk | \`wrk -t$THREADS -c$CONNS -d$DURATION --latency -H 'Authorization: Bearer sk_live_…' <url>\` after a $WARMUP warm-up of the same URL |"
  echo "| seed | \`java -jar target/clearmargin.jar seed --org <org> $SEED_SHAPE --time-entries <size>\` |"
  echo
  echo "| size | time entries | time_entries table + indexes | project of the project filter | broad filter: date ≥ | seed time |"
  echo "|---:|---:|---:|---|---|---:|"
  printf '%s\n' "${SUMMARY[@]}"
  echo
  echo "| size | request | path | totalDocs | req/s | p50 ms | p99 ms | p99 < 20 ms | non-2xx |"
  echo "|---:|---|---|---:|---:|---:|---:|:---:|---:|"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "Raw wrk output: \`bench/results/raw/scale-<size>-<request>.txt\` (not committed)."
  echo
  echo "## Query plans at $LARGEST time entries"
  echo
  echo "The statements the server issued for one request of each kind (captured from its jOOQ log, bind"
  echo "values inlined; the API key and organization lookups are cached for a second and left out), run"
  echo "with \`EXPLAIN (ANALYZE, BUFFERS)\` right after the load test."
  echo "$EXPLAINS"
} > "$OUT"
cat "$OUT"

if [[ -n "${DROP:-}" ]]; then
  for size in $SIZES; do psql_at postgres -c "DROP DATABASE IF EXISTS cm_bench_scale_$size WITH (FORCE)"; done
fi
