#!/usr/bin/env bash
# Latency as a user meets it: each request at a fixed arrival rate below saturation (an open model), not
# at 32 closed-loop connections, where p99 measures the queue in front of the server rather than the
# server. Goal (issue 17): p99 < 20 ms at 50 % of the maximum rate at 10 M time entries.
#
#   bench/latency.sh                              → bench/results/latency.md   (10 k time entries)
#   SIZES="10000 10000000" bench/latency.sh       (10 M: seeding takes minutes and ~4 GB, reused later)
#   SIZES=10000 MAX_DURATION=3s SECONDS_PER_LEVEL=5 WARMUP_SECONDS=2 bench/latency.sh   (a smoke run)
#
# Data: the databases of bench/scale.sh (cm_bench_scale_<SIZE>), reused when there, seeded otherwise.
# Requests (as bench/ceiling.sh): GET /api/time-entries?limit=10&depth=0, …&depth=1, the sent invoices
# sorted by due date, and a client by id.
#
# Per request: (1) the maximum rate, wrk -t2 -c32 for MAX_DURATION after a warm-up (closed loop: it
# finds the rate at which the server saturates); (2) Gatling (bench/latency/, Maven Central, a separate
# Maven project) in its open model, constantUsersPerSec: a warm-up at the first level, then
# SECONDS_PER_LEVEL at each of LEVELS (% of the maximum). A request starts at its scheduled instant
# whatever earlier ones are doing (the shared connection pool grows when all are busy), so a stall shows
# in the latency of every request scheduled during it: the histogram is free of coordinated omission.
# Gatling records milliseconds, so the percentiles are whole ms. Each request gets a freshly started
# server: a level the server cannot keep up with (an open model keeps sending past saturation) fills its
# heap with the backlog, and the next request would measure the garbage collector's recovery.
#
# Knobs: SIZES="10000", LEVELS="50 80", MAX_DURATION=10s, WARMUP=15s (wrk), WARMUP_SECONDS=10 and
#        SECONDS_PER_LEVEL=30 (Gatling), PORT=18140, JAVA_OPTS (server JVM, default -Xmx512m), FRESH, REBUILD
# a fresh server's JIT needs more than lib.sh's 5 s before its maximum rate is measured
WARMUP="${WARMUP:-15s}"
source "$(dirname "$0")/lib.sh"
SIZES="${SIZES:-10000}"
LEVELS="${LEVELS:-50 80}"
MAX_DURATION="${MAX_DURATION:-10s}"
WARMUP_SECONDS="${WARMUP_SECONDS:-10}"
SECONDS_PER_LEVEL="${SECONDS_PER_LEVEL:-30}"
PORT="${PORT:-18140}"
SERVER_OPTS="${JAVA_OPTS:--Xmx512m}"
RAW="$RESULTS/raw/latency"
OUT="$RESULTS/latency.md"
GATLING="$BENCH/latency"
PID=""
cleanup() { [[ -n "$PID" ]] && stop_server "$PID"; return 0; }
trap cleanup EXIT

# gatling_stats DIR: one line per measured phase of a Gatling report, "name count ko p50 p99 p99.9 max"
gatling_stats() {
  python3 - "$1/js/stats.js" <<'PY'
import json, re, sys
text = open(sys.argv[1]).read()
for m in re.finditer(r'\nstats: \{', text):
    start, depth = m.end() - 1, 0
    for i in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        if depth == 0:
            break
    s = json.loads(text[start:i + 1])
    if not s["name"].startswith("at "):
        continue  # the warm-up and the all-requests total
    v = lambda k: s[k]["total"]
    print(s["name"].split()[1].removesuffix("/s"), v("numberOfRequests"), s["numberOfRequests"]["ko"],
          v("percentiles1"), v("percentiles2"), v("percentiles3"), v("percentiles4"))
PY
}

need_tools
build_jar
mkdir -p "$RAW"
rm -rf "${RAW:?}"/*
port_free "$PORT"
log "compiling the Gatling simulation (bench/latency)"
(cd "$REPO" && ./mvnw -B -ntp -q -f bench/latency/pom.xml test-compile)

ROWS=()
GOAL=()
GC_LINES=()
for size in $SIZES; do
  ensure_scale_db "$size"
  AUTH="Authorization: Bearer $KEY"
  BASE="http://127.0.0.1:$PORT"
  PID="$(start_server "$DB" "$PORT")"
  CLIENT="$(api -f --max-time 30 -H "$AUTH" "$BASE/api/clients?sort=createdAt&limit=1&depth=0" | json 'd["docs"][0]["id"]')"
  stop_server "$PID"; PID=""
  NAMES=(time-entries_depth0 time-entries_depth1 invoices_sent_by_due_date client_by_id)
  PATHS=("/api/time-entries?limit=10&depth=0" "/api/time-entries?limit=10&depth=1"
         "/api/invoices?where[status][equals]=sent&sort=-dueDate&limit=25" "/api/clients/$CLIENT")
  for i in "${!NAMES[@]}"; do
    name="${NAMES[$i]}" path="${PATHS[$i]}"
    log "$size: server on $DB for $path"
    PID="$(JAVA_OPTS="$SERVER_OPTS -Xlog:gc:file=$RAW/gc-$size-$name.log" start_server "$DB" "$PORT")"
    api -f --max-time 30 -o /dev/null -H "$AUTH" "$BASE$path"
    log "$size: maximum rate of $path (wrk, $MAX_DURATION)"
    row="$(DURATION="$MAX_DURATION" wrk_row "latency/wrk-$size-$name" "$BASE$path" "$AUTH")"
    read -r max _ _ _ < <(wrk_cols "$row")
    rates=""
    for level in $LEVELS; do rates="$rates $(python3 -c "print(max(1, round($max * $level / 100)))")"; done
    log "$size: $path at$rates req/s (Gatling, open model)"
    before="$(ls -d "$GATLING"/target/gatling/*/ 2>/dev/null | sort || true)"
    (cd "$REPO" && env LATENCY_NAME="$size $name" LATENCY_BASE_URL="$BASE" LATENCY_PATH="$path" LATENCY_KEY="$KEY" \
      LATENCY_RATES="$rates" LATENCY_WARMUP_SECONDS="$WARMUP_SECONDS" LATENCY_SECONDS="$SECONDS_PER_LEVEL" \
      ./mvnw -B -ntp -f bench/latency/pom.xml gatling:test > "$RAW/gatling-$size-$name.txt" 2>&1) \
      || log "Gatling reported failures (see $RAW/gatling-$size-$name.txt)"
    report="$(comm -13 <(echo "$before") <(ls -d "$GATLING"/target/gatling/*/ | sort) | tail -1)"
    [[ -n "$report" ]] || { log "no Gatling report for $path"; tail -30 "$RAW/gatling-$size-$name.txt" >&2; exit 1; }
    cp "$report/js/stats.js" "$RAW/stats-$size-$name.js"
    set -- $LEVELS
    while read -r rate count ko p50 p99 p999 pmax; do
      achieved="$(python3 -c "print(f'{($count - $ko) / $SECONDS_PER_LEVEL:.0f}')")"   # answered with 200
      ROWS+=("| $size | \`GET $path\` | $max | $1 % | $rate | $achieved | $ko | $p50 | **$p99** | $p999 | $pmax |")
      if [[ "$1" == 50 ]]; then
        GOAL+=("| $size | \`GET $path\` | $p99 ms | $([[ "$ko" == 0 && "$p99" -lt 20 ]] && echo met || echo "not met") |")
      fi
      shift
    done < <(gatling_stats "$report")
    gc="$RAW/gc-$size-$name.log"
    GC_LINES+=("| $size | \`GET $path\` | $(grep -o 'Using [A-Za-z0-9 ]*' "$gc" | head -1 | sed 's/Using //' || true) | $(grep -c 'Pause' "$gc" || true) | $(grep -c 'Pause Full' "$gc" || true) | $(grep 'Pause' "$gc" | grep -o '[0-9.]*ms$' | sort -n | tail -1 || true) |")
    stop_server "$PID"; PID=""
  done
done

{
  echo "# Latency at a fixed arrival rate (open model)"
  echo
  echo "Produced by \`bench/latency.sh\` at commit $(cd "$REPO" && git rev-parse --short HEAD). Each request is sent at"
  echo "$(echo "$LEVELS" | sed 's/ / % and /g') % of its maximum rate by Gatling's open model: a request starts at its"
  echo "scheduled instant whether or not earlier ones have been answered, so the percentiles include the"
  echo "time a request waits behind a slow one (no coordinated omission), unlike wrk's closed loop."
  echo "Goal (issue 17): p99 < 20 ms at 50 % load at 10 M time entries. The load generators, the server and"
  echo "PostgreSQL share the machine's cores; the load average below says how busy it was."
  echo
  machine
  echo "| Gatling | $(sed -n 's:.*<gatling.version>\(.*\)</gatling.version>.*:\1:p' "$GATLING/pom.xml") (bench/latency, Java DSL) |"
  echo "| command | \`SIZES=\"$SIZES\" LEVELS=\"$LEVELS\" MAX_DURATION=$MAX_DURATION WARMUP_SECONDS=$WARMUP_SECONDS SECONDS_PER_LEVEL=$SECONDS_PER_LEVEL bench/latency.sh\` |"
  echo "| server | \`CLEARMARGIN_DB_URL=$PG/cm_bench_scale_<size> CLEARMARGIN_DEMO=false PORT=$PORT java $SERVER_OPTS -jar target/clearmargin.jar\` (pool ${CLEARMARGIN_DB_POOL_SIZE:-20}) |"
  echo "| maximum rate | \`wrk -t$THREADS -c$CONNS -d$MAX_DURATION\` after a $WARMUP warm-up (closed loop, saturating) |"
  echo "| open model | Gatling \`constantUsersPerSec(rate).during($SECONDS_PER_LEVEL s)\` per level, after \`constantUsersPerSec(first level rate).during($WARMUP_SECONDS s)\` not counted; one shared keep-alive connection pool that grows when every connection is busy; a non-200 answer counts as an error |"
  echo
  echo "| time entries | request | max req/s (wrk) | load | target req/s | achieved req/s (200s) | errors (non-200, timeouts > 10 s) | p50 ms | p99 ms | p99.9 ms | max ms |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "Goal p99 < 20 ms at 50 % load (it applies at 10 M time entries; smaller sizes are shown for comparison):"
  echo
  echo "| time entries | request | p99 at 50 % | goal |"
  echo "|---:|---|---:|---|"
  printf '%s\n' "${GOAL[@]}"
  echo
  echo "Server garbage collection, one server per request, from its start to its stop (\`-Xlog:gc\`; the collector is the JVM's default here):"
  echo
  echo "| time entries | request | collector | GC pauses | of which full | longest pause |"
  echo "|---:|---|---|---:|---:|---:|"
  printf '%s\n' "${GC_LINES[@]}"
  echo
  echo "Raw wrk and Gatling output, Gatling's statistics and the GC logs: \`bench/results/raw/latency/\` (not committed);"
  echo "Gatling's HTML reports: \`bench/latency/target/gatling/\`."
} > "$OUT"
cat "$OUT"
