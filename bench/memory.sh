#!/usr/bin/env bash
# Memory and startup: heap and RSS at steady load with the JVM's default heap and with -Xmx512m and
# -Xmx256m, garbage collection under that load, and the time from process start to the first 200 of
# /health, with an external PostgreSQL and with the embedded one. Ends with an -Xmx recommendation.
#
#   bench/memory.sh                      → bench/results/memory.md
#   SIZE=10000 LOAD_SECONDS=10 SAMPLE_EVERY=2 bench/memory.sh     (a smoke run)
#
# Runs, one server at a time:
#   external PostgreSQL, empty database (startup only: includes the Flyway migrations)
#   external PostgreSQL, the bench/scale.sh database of SIZE time entries: default heap, -Xmx512m, -Xmx256m
#   embedded PostgreSQL (no CLEARMARGIN_DB_URL): first start on an empty data directory (initdb + demo
#     data), then a second start, loaded with the demo key
# Each loaded run: wrk -t2 -c32 for LOAD_SECONDS over a mix of GET requests (bench/wrk/paths.lua), the
# heap (jvm_memory_used_bytes{area="heap"} from GET /metrics) and the process's RSS (VmRSS of
# /proc/<pid>/status) sampled every SAMPLE_EVERY seconds, GC pause count and time from /metrics before
# and after. With the embedded database, its PostgreSQL processes are measured separately (PSS).
#
# Knobs: SIZE=1000000 LOAD_SECONDS=60 SAMPLE_EVERY=5 CONNS=32 THREADS=2 PORT=18140, HEAPS ("default 512m 256m"), REBUILD=1
source "$(dirname "$0")/lib.sh"
SIZE="${SIZE:-1000000}"
LOAD_SECONDS="${LOAD_SECONDS:-60}" SAMPLE_EVERY="${SAMPLE_EVERY:-5}"
PORT="${PORT:-18140}"
HEAPS="${HEAPS:-default 512m 256m}"
RAW="$RESULTS/raw/memory"
OUT="$RESULTS/memory.md"
WORK="$(mktemp -d /tmp/clearmargin-bench-memory.XXXXXX)"
PID=""
cleanup() {
  [[ -n "$PID" ]] && stop_server "$PID"
  psql_at postgres -c "DROP DATABASE IF EXISTS cm_bench_memory_empty WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# launch NAME JVM_OPTS ENV...: starts the jar (stdout to $RAW/NAME.log), polls /health every 50 ms;
# sets PID and READY_MS (process start → first 200 of /health) and SPRING_S (Spring's "Started … in X seconds")
launch() {
  local name=$1 opts=$2; shift 2
  local t0 log="$RAW/$name.log"
  t0="$(now_ms)"
  LAUNCHED_MS=$t0
  # shellcheck disable=SC2086 # opts is a list of JVM options
  env CLEARMARGIN_DEMO=false PORT="$PORT" "$@" "$JAVA" $opts -jar "$JAR" > "$log" 2>&1 &
  PID=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$PORT/health" 2>/dev/null; do
    kill -0 "$PID" 2>/dev/null || { tail -30 "$log" >&2; return 1; }
    (( $(now_ms) - t0 > 600000 )) && { log "$name: not healthy after 10 minutes"; return 1; }
    sleep 0.05
  done
  READY_MS=$(($(now_ms) - t0))
  SPRING_S="$(sed -n 's/.*Started Clearmargin in \([0-9.]*\) seconds.*/\1/p' "$log" | head -1)"
}

# demo_ready NAME: waits until the server has printed its demo key (the demo data are written after the
# application is ready; /health answers UP only after that, so by then the key is printed); sets DEMO_MS (process start → key printed)
demo_ready() {
  local log="$RAW/$1.log"
  until grep -q "Clearmargin is ready" "$log"; do
    kill -0 "$PID" 2>/dev/null || { tail -30 "$log" >&2; return 1; }
    (( $(now_ms) - LAUNCHED_MS > 600000 )) && { log "$1: no demo key after 10 minutes"; return 1; }
    sleep 0.05
  done
  DEMO_MS=$(($(now_ms) - LAUNCHED_MS))
}


# load_and_sample NAME AUTH [PG_DATA_DIR]: wrk over the mix while sampling; appends one result row to ROWS
load_and_sample() {
  local name=$1 auth=$2 pgdir=${3:-} metrics_before metrics_after samples="$RAW/$name.samples"
  local base="http://127.0.0.1:$PORT"
  WRK_PATHS="$WORK/paths.txt" wrk -t"$THREADS" -c"$CONNS" -d5s -s "$BENCH/wrk/paths.lua" -H "$auth" "$base" >/dev/null
  metrics_before="$(curl -fsS "$base/metrics")"
  local idle_rss; idle_rss="$(awk '/^VmRSS:/{print int($2 / 1024)}' "/proc/$PID/status")"
  WRK_PATHS="$WORK/paths.txt" wrk -t"$THREADS" -c"$CONNS" -d"${LOAD_SECONDS}s" --latency -s "$BENCH/wrk/paths.lua" \
    -H "$auth" "$base" > "$RAW/$name.wrk.txt" &
  local wrk_pid=$!
  : > "$samples"
  while kill -0 "$wrk_pid" 2>/dev/null; do
    sleep "$SAMPLE_EVERY"
    kill -0 "$wrk_pid" 2>/dev/null || break
    local m heap rss pg=0
    m="$(curl -fsS "$base/metrics")"
    heap="$(echo "$m" | metric jvm_memory_used_bytes 'area="heap"')"
    rss="$(awk '/^VmRSS:/{print $2 * 1024}' "/proc/$PID/status")"
    [[ -n "$pgdir" ]] && pg="$(pg_pss "$pgdir")"
    echo "$heap $rss $pg" >> "$samples"
  done
  wait "$wrk_pid"
  metrics_after="$(curl -fsS "$base/metrics")"
  local gc_n gc_s heap_max live hwm nonheap
  gc_n="$(python3 -c "print(int($(echo "$metrics_after" | metric jvm_gc_pause_seconds_count) - $(echo "$metrics_before" | metric jvm_gc_pause_seconds_count)))")"
  gc_s="$(python3 -c "print(f'{$(echo "$metrics_after" | metric jvm_gc_pause_seconds_sum) - $(echo "$metrics_before" | metric jvm_gc_pause_seconds_sum):.3f}')")"
  heap_max="$(echo "$metrics_after" | metric jvm_memory_max_bytes 'area="heap"')"
  live="$(echo "$metrics_after" | metric jvm_gc_live_data_size_bytes)"
  nonheap="$(echo "$metrics_after" | metric jvm_memory_used_bytes 'area="nonheap"')"
  hwm="$(awk '/^VmHWM:/{print int($2 / 1024)}' "/proc/$PID/status")"
  read -r rps p50 p99 errors < <(wrk_cols "| x | $(awk '/Requests\/sec/{print $2}' "$RAW/$name.wrk.txt") | $(awk '/^ +50%/{print $2}' "$RAW/$name.wrk.txt") | - | - | $(awk '/^ +99%/{print $2}' "$RAW/$name.wrk.txt") | $(awk '/Non-2xx/{print $NF}' "$RAW/$name.wrk.txt") |")
  python3 - "$samples" "$name" "$heap_max" "$live" "$nonheap" "$idle_rss" "$hwm" "$gc_n" "$gc_s" "$LOAD_SECONDS" \
    "$rps" "$p50" "$p99" "${errors:-0}" "$READY_MS" "$SPRING_S" >> "$WORK/rows" <<'PY'
import sys
(samples, name, heap_max, live, nonheap, idle_rss, hwm, gc_n, gc_s, secs,
 rps, p50, p99, errors, ready_ms, spring_s) = sys.argv[1:]
rows = [list(map(float, l.split())) for l in open(samples) if l.strip()]
mib = lambda b: b / 1048576
heaps = [r[0] for r in rows]; rsss = [r[1] for r in rows]; pgs = [r[2] for r in rows]
mean = lambda xs: sum(xs) / len(xs) if xs else float("nan")
heap_max_s = "unbounded" if float(heap_max) <= 0 else f"{mib(float(heap_max)):.0f}"
pg = f"{mean(pgs):.0f} / {max(pgs):.0f}" if any(pgs) else "–"
live_s = f"{mib(float(live)):.0f}" if float(live) > 0 else "n/a"  # 0 until an old-generation collection ran
print(" | ".join([f"| {name}", heap_max_s, f"{mib(mean(heaps)):.0f} / {mib(max(heaps)):.0f}", live_s,
                 f"{mib(float(nonheap)):.0f}", idle_rss, f"{mib(mean(rsss)):.0f} / {mib(max(rsss)):.0f}", hwm, pg,
                 gc_n, f"{float(gc_s) * 1000:.0f} ({100 * float(gc_s) / float(secs):.2f} %)", rps, p50, p99, errors,
                 f"{int(ready_ms) / 1000:.2f}", spring_s or "?"]) + " |")
PY
}

# mix_paths BASE AUTH: the GET mix: lists at depth 0 and 1, filters, counts, a get by id
mix_paths() {
  local base=$1 auth=$2 client project invoice
  client="$(api -f -H "$auth" "$base/api/clients?limit=1&depth=0&sort=createdAt" | json 'd["docs"][0]["id"]')"
  project="$(api -f -H "$auth" "$base/api/projects?limit=1&depth=0&sort=createdAt" | json 'd["docs"][0]["id"]')"
  invoice="$(api -f -H "$auth" "$base/api/invoices?limit=1&depth=0" | json 'd["docs"][0]["id"]')"
  cat > "$WORK/paths.txt" <<EOF
/api/time-entries?limit=10&depth=0
/api/time-entries?limit=10&depth=1
/api/time-entries?where[project][equals]=$project&limit=10&sort=-date
/api/time-entries/count
/api/invoices?where[status][equals]=sent&sort=-dueDate&limit=25
/api/invoices/$invoice
/api/clients/$client
/api/projects?limit=25&depth=1
/api/clients?where[name][like]=a&limit=10
/api/organization
EOF
}

need_tools
build_jar
mkdir -p "$RAW"
rm -f "$RAW"/*
port_free "$PORT"
: > "$WORK/rows"
STARTS=()

log "startup on an empty external database (Flyway migrations included)"
fresh_db cm_bench_memory_empty
launch external-empty "-Xmx512m" CLEARMARGIN_DB_URL="$PG/cm_bench_memory_empty" CLEARMARGIN_DATA_DIR="$WORK/data-empty"
STARTS+=("| external PostgreSQL, empty database (migrations run) | -Xmx512m | $(awk "BEGIN{printf \"%.2f\", $READY_MS/1000}") | $SPRING_S |")
stop_server "$PID"; PID=""

ensure_scale_db "$SIZE"
AUTH="Authorization: Bearer $KEY"
for heap in $HEAPS; do
  opts=""; [[ "$heap" != default ]] && opts="-Xmx$heap"
  name="external-$heap"
  log "$name: start, then ${LOAD_SECONDS}s of load"
  launch "$name" "$opts" CLEARMARGIN_DB_URL="$PG/$DB" CLEARMARGIN_DATA_DIR="$WORK/data-ext"
  STARTS+=("| external PostgreSQL, $SIZE time entries | ${opts:-(default)} | $(awk "BEGIN{printf \"%.2f\", $READY_MS/1000}") | $SPRING_S |")
  [[ -s "$WORK/paths.txt" ]] || mix_paths "http://127.0.0.1:$PORT" "$AUTH"
  cp "$WORK/paths.txt" "$RAW/paths-external.txt"
  load_and_sample "$name" "$AUTH"
  stop_server "$PID"; PID=""
done

log "embedded PostgreSQL: first start (initdb + demo data), then a second start under load"
EMB="$WORK/data-embedded"
launch embedded-first "-Xmx512m" CLEARMARGIN_DATA_DIR="$EMB" CLEARMARGIN_DEMO=true
demo_ready embedded-first
STARTS+=("| embedded PostgreSQL, first start: initdb, migrations, demo data (/health is UP once they are written) | -Xmx512m | $(awk "BEGIN{printf \"%.2f\", $READY_MS/1000}") | $SPRING_S |")
STARTS+=("| embedded PostgreSQL, first start: until the demo key is printed | -Xmx512m | $(awk "BEGIN{printf \"%.2f\", $DEMO_MS/1000}") | |")
stop_server "$PID"; PID=""
launch embedded-second "-Xmx512m" CLEARMARGIN_DATA_DIR="$EMB" CLEARMARGIN_DEMO=true
demo_ready embedded-second
STARTS+=("| embedded PostgreSQL, second start | -Xmx512m | $(awk "BEGIN{printf \"%.2f\", $READY_MS/1000}") | $SPRING_S |")
# The demo key is limited to 1,000 requests a minute: under load it would measure the 429 path. Raise the
# demo organization's maximum in its database (the port is in the log) and create a key of 1,000,000/min.
EMB_PG_PORT="$(sed -n 's/.*Embedded PostgreSQL [a-z]* on port \([0-9]*\).*/\1/p' "$RAW/embedded-second.log" | head -1)"
psql -h 127.0.0.1 -p "$EMB_PG_PORT" -U postgres -d postgres -qtAc "UPDATE organizations SET max_rate_limit_per_minute = 100000000" >/dev/null
sleep 1.5 # the server caches organization settings for a second
DEMO_KEY="$(api -f -H "Authorization: Bearer $(cat "$EMB/demo-api-key")" -H 'Content-Type: application/json' \
  -d '{"name":"bench","scopes":["full_access"],"rateLimitPerMinute":1000000}' "http://127.0.0.1:$PORT/api/api-keys" | json 'd["doc"]["key"]')"
DEMO_AUTH="Authorization: Bearer $DEMO_KEY"
mix_paths "http://127.0.0.1:$PORT" "$DEMO_AUTH"
cp "$WORK/paths.txt" "$RAW/paths-embedded.txt"
load_and_sample "embedded-512m" "$DEMO_AUTH" "$EMB/pg"
stop_server "$PID"; PID=""

# The recommendation: the smallest heap tried whose throughput stays within 5 % of the default heap's and
# whose GC pauses take under 2 % of the time, with the live data after GC as the justification.
RECOMMENDATION="$(python3 - "$WORK/rows" <<'PY'
import re, sys
rows = {}
for line in open(sys.argv[1]):
    c = [x.strip() for x in line.strip().strip("|").split("|")]
    rows[c[0]] = c
default = rows.get("external-default")
def gc_share(c): return float(re.search(r"\(([\d.]+) %\)", c[10]).group(1))
live = max([float(c[3]) for name, c in rows.items() if name.startswith("external-") and c[3] != "n/a"] or [0.0])
ok = []
for name, c in rows.items():
    if not name.startswith("external-") or name == "external-default": continue
    mb = int(name.split("-")[1].rstrip("m"))
    rel = float(c[11]) / float(default[11]) if default else 1.0
    if rel >= 0.95 and gc_share(c) < 2: ok.append((mb, rel, gc_share(c)))
if ok:
    mb, rel, gc = min(ok)
    print(f"**-Xmx{mb}m**: the smallest heap tried that keeps {100 * rel:.0f} % of the default heap's throughput with GC "
          f"pauses at {gc:.2f} % of the time. The live data after GC peaked at {live:.0f} MiB, so {mb} MiB leaves "
          f"{mb / max(live, 1):.1f}× that for allocation bursts.")
else:
    print(f"No heap tried below the default kept ≥ 95 % of its throughput with GC pauses < 2 % (live data after GC: "
          f"{live:.0f} MiB); keep the default or try a larger -Xmx.")
PY
)"

{
  echo "# Memory, GC and startup"
  echo
  echo "Produced by \`bench/memory.sh\` at commit $(cd "$REPO" && git rev-parse --short HEAD). The server shares the machine with"
  echo "PostgreSQL and wrk (and other developers' work: see the load row)."
  echo
  machine
  echo "| JVM default max heap | $("$JAVA" -XX:+PrintFlagsFinal -version 2>/dev/null | awk '/ MaxHeapSize /{printf "%.0f MiB", $4 / 1048576}') (a quarter of the RAM), GC: $("$JAVA" -XX:+PrintCommandLineFlags -version 2>&1 | grep -o 'Use[A-Za-z0-9]*GC' | head -1) |"
  echo "| load | \`WRK_PATHS=paths.txt wrk -t$THREADS -c$CONNS -d${LOAD_SECONDS}s --latency -s bench/wrk/paths.lua\` after 5 s of the same, over the GET mix below; samples every ${SAMPLE_EVERY}s |"
  echo "| external database | $DB ($SIZE time entries, seeded by \`seed $SEED_SHAPE --time-entries $SIZE\`) |"
  echo "| embedded database | \`CLEARMARGIN_DATA_DIR=<tmp> CLEARMARGIN_DEMO=true java -Xmx512m -jar target/clearmargin.jar\` (demo organization) |"
  echo
  echo "## Startup"
  echo
  echo "From launching \`java … -jar target/clearmargin.jar\` to the first 200 of \`GET /health\` (polled every 50 ms), and"
  echo "Spring's own \"Started Clearmargin in X seconds\"."
  echo
  echo "| database | JVM options | to first 200 of /health (s) | Spring \"Started in\" (s) |"
  echo "|---|---|---:|---:|"
  printf '%s\n' "${STARTS[@]}"
  echo
  echo "## At steady load"
  echo
  echo "Heap: \`jvm_memory_used_bytes{area=\"heap\"}\`; live data: \`jvm_gc_live_data_size_bytes\` (old generation after the last"
  echo "collection; n/a while none has run); RSS: \`VmRSS\` of \`/proc/<pid>/status\` (HWM: its peak); GC: \`jvm_gc_pause_seconds\` during the load; embedded"
  echo "PostgreSQL: summed PSS of its processes. \"mean / max\" over the samples. Sizes in MiB."
  echo
  echo "| run | max heap | heap used mean / max | live data after GC | non-heap | RSS after warm-up | RSS mean / max | RSS HWM | embedded PG PSS mean / max | GC pauses | GC pause ms (share) | req/s | p50 ms | p99 ms | non-2xx | start → /health (s) | Spring started (s) |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  cat "$WORK/rows"
  echo
  echo "## Recommendation"
  echo
  echo "$RECOMMENDATION"
  echo
  echo "GET mix (external database; the embedded run uses the same paths with the demo data's ids):"
  echo
  echo '```'
  cat "$RAW/paths-external.txt"
  echo '```'
} > "$OUT"
cat "$OUT"
