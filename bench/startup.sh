#!/usr/bin/env bash
# Start-up: milliseconds from launching the JVM to the first 200 of GET /health (polled every 20 ms),
# median / min / max of RUNS starts, with an external PostgreSQL and with the embedded one.
#
#   bench/startup.sh [JAR]          JAR defaults to target/clearmargin.jar (packaged by you, not here)
#   → bench/results/startup.md
#
# Cases, one server at a time:
#   external  CLEARMARGIN_DB_URL=jdbc:postgresql://127.0.0.1:5432/$DB (dropped and created here) and
#             CLEARMARGIN_DB_USER=postgres; the first start migrates the empty database and is shown
#             apart, the next RUNS starts are measured
#   embedded  no CLEARMARGIN_DB_URL: the server's own PostgreSQL under CLEARMARGIN_DATA_DIR/pg; the
#             first start (initdb, migrations, demo data) is shown apart, the next RUNS are measured
# Commands, alternating start by start so that the machine's load falls on both alike:
#   plain     java -jar JAR                                          (the README's command)
#   spring    java -Dspring.aot.enabled=true -jar JAR                (Spring AOT's build-time bean definitions only)
#   aot       java -XX:AOTCache=$WORK/fast-start/clearmargin.aot -Dspring.aot.enabled=true
#                  -jar $WORK/fast-start/clearmargin.jar             (fast start, docs/operations.md: the jar
#             extracted and a JDK AOT cache from a training run, by src/main/scripts/fast-start.sh, plus
#             Spring AOT)
#   AOT=0 runs plain only.
# Every start also records the JVM's CPU time (user + system, /proc/<pid>/stat) at its first 200: on a
# machine shared with other work, wall time stretches with the load, CPU time much less.
#
# Knobs: RUNS (5), PORT (18460), DB (cm_bench_startup), CASES ("external embedded"), AOT (1),
# PG (jdbc:postgresql://127.0.0.1:5432), JAVA_HOME_25, JAVA_OPTS (added to every command), KEEP=1 (keep $WORK)
set -euo pipefail
# lib.sh (BENCH, REPO, JAVA, the results header rows) takes its PostgreSQL from BENCH_PG: hand it ours
BENCH_PG="${PG:-jdbc:postgresql://127.0.0.1:5432}"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
JAR="$(realpath "${1:-$REPO/target/clearmargin.jar}")"
RUNS="${RUNS:-5}" PORT="${PORT:-18460}" DB="${DB:-cm_bench_startup}" CASES="${CASES:-external embedded}"
AOT="${AOT:-1}"
OUT="$BENCH/results/startup.md"
RAW="$BENCH/results/raw/startup"
WORK="/tmp/clearmargin-bench-startup"
TICK_MS=$((1000 / $(getconf CLK_TCK)))
log() { echo "[startup $(date -u +%H:%M:%S)] $*" >&2; }

[[ -f "$JAR" ]] || { log "no $JAR: package it first (./mvnw -DskipTests package)"; exit 1; }
command -v psql >/dev/null || { log "psql is missing: apt-get install postgresql-client"; exit 1; }
if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/"; then
  log "port $PORT is in use: stop what listens there or set PORT"; exit 1
fi
rm -rf "$WORK" "$RAW"
mkdir -p "$WORK" "$RAW"
PID=""
cleanup() {
  [[ -n "$PID" ]] && stop "$PID" "${DATA:-}"
  psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  [[ -n "${KEEP:-}" ]] || rm -rf "$WORK"
}
trap cleanup EXIT

# stop PID DATA_DIR: SIGTERM, wait for the JVM and, with the embedded database, for its postmaster
stop() {
  local pid=$1 data=$2
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for _ in $(seq 1 300); do [[ -f "$data/pg/postmaster.pid" ]] || break; sleep 0.1; done
  PID=""
}

# start NAME DATA_DIR DB_URL COMMAND...: one start; sets WALL and CPU (ms) and stops the server
start() {
  local name=$1 data=$2 url=$3; shift 3
  local t0 t1
  t0=$(date +%s%N)
  env CLEARMARGIN_DB_URL="$url" CLEARMARGIN_DB_USER=postgres CLEARMARGIN_DATA_DIR="$data" PORT="$PORT" \
    "$@" > "$RAW/$name.log" 2>&1 &
  PID=$!
  DATA=$data
  until curl -fs -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/health"; do
    if ! kill -0 "$PID" 2>/dev/null; then tail -30 "$RAW/$name.log" >&2; log "$name: the server exited"; exit 1; fi
    if (( ($(date +%s%N) - t0) / 1000000000 > 600 )); then log "$name: no 200 within 600 s"; exit 1; fi
    sleep 0.02
  done
  t1=$(date +%s%N)
  CPU=$(awk -v t="$TICK_MS" '{print ($14 + $15) * t}' "/proc/$PID/stat")
  WALL=$(((t1 - t0) / 1000000))
  stop "$PID" "$data"
}

# command lines, as the table shows them and as they run
plain=("$JAVA" ${JAVA_OPTS:-} -jar "$JAR")
spring=("$JAVA" ${JAVA_OPTS:-} -Dspring.aot.enabled=true -jar "$JAR")
aot=("$JAVA" ${JAVA_OPTS:-} -XX:AOTCache="$WORK/fast-start/clearmargin.aot" -Dspring.aot.enabled=true
  -jar "$WORK/fast-start/clearmargin.jar")
VARIANTS=(plain)
if [[ "$AOT" == 1 ]]; then
  log "fast start: extract + training run (src/main/scripts/fast-start.sh)"
  t=$SECONDS
  "$REPO/src/main/scripts/fast-start.sh" "$JAR" "$WORK/fast-start" >/dev/null
  AOT_SECONDS=$((SECONDS - t))
  VARIANTS+=(spring aot)
fi

stats() { # values... → "median min max"
  printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END{m=(NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2; printf "%d %d %d\n", m, v[1], v[NR]}'
}
secs() { awk -v ms="$1" 'BEGIN{printf "%.2f s", ms/1000}'; }

ROWS=()
FIRST_ROWS=()
for case in $CASES; do
  if [[ "$case" == external ]]; then
    psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" >/dev/null
    url="$PG/$DB" data="$WORK/external-data" env_shown="CLEARMARGIN_DB_URL=$PG/$DB CLEARMARGIN_DB_USER=postgres "
  else
    url="" data="$WORK/embedded-data" env_shown=""
  fi
  log "$case: first start (plain)"
  start "$case-first" "$data" "$url" "${plain[@]}"
  FIRST_ROWS+=("| $case | first start: $([[ $case == external ]] && echo "migrations" || echo "initdb, migrations") and demo data | \`${env_shown}java -jar target/clearmargin.jar\` | $(secs "$WALL") | $(secs "$CPU") |")
  declare -A walls=() cpus=()
  for i in $(seq 1 "$RUNS"); do
    for v in "${VARIANTS[@]}"; do
      case $v in
        plain) start "$case-$v-$i" "$data" "$url" "${plain[@]}" ;;
        spring) start "$case-$v-$i" "$data" "$url" "${spring[@]}" ;;
        aot) start "$case-$v-$i" "$data" "$url" "${aot[@]}" ;;
      esac
      log "$case $v #$i: $WALL ms (CPU $CPU ms), load $(cut -d' ' -f1 /proc/loadavg)"
      walls[$v]+="$WALL " cpus[$v]+="$CPU "
    done
  done
  for v in "${VARIANTS[@]}"; do
    # shellcheck disable=SC2086 # lists of numbers
    read -r med min max < <(stats ${walls[$v]})
    # shellcheck disable=SC2086
    read -r cmed _ _ < <(stats ${cpus[$v]})
    case $v in
      plain) shown="${env_shown}java -jar target/clearmargin.jar" ;;
      spring) shown="${env_shown}java -Dspring.aot.enabled=true -jar target/clearmargin.jar" ;;
      aot) shown="${env_shown}java -XX:AOTCache=target/fast-start/clearmargin.aot -Dspring.aot.enabled=true -jar target/fast-start/clearmargin.jar" ;;
    esac
    ROWS+=("| $case | \`$shown\` | $RUNS | **$(secs "$med")** | $(secs "$min") | $(secs "$max") | $(secs "$cmed") | ${walls[$v]% } |")
  done
  unset walls cpus
done

{
  echo "# Start-up: launch to the first 200 of GET /health"
  echo
  echo "Written by \`bench/startup.sh\` (rerun it on a quiet machine; see bench/README.md)."
  echo
  host_rows
  service_pg_row "PostgreSQL (external)"
  echo "| jar | \`${JAR#"$REPO"/}\`, $(du -m "$JAR" | cut -f1) MB |"
  load_row
  [[ "$AOT" == 1 ]] && echo "| fast start | extract + training run + cache assembly (\`src/main/scripts/fast-start.sh\`, what \`-Pfast-start\` runs): ${AOT_SECONDS} s, cache $(du -m "$WORK/fast-start/clearmargin.aot" | cut -f1) MB |"
  echo
  if awk -v l="${LOAD_AT_START%% *}" -v n="$(nproc)" 'BEGIN{exit !(l > n / 2)}'; then
    echo "**The machine was busy** (1-minute load ${LOAD_AT_START%% *} on $(nproc) cores when the script started): other work"
    echo "stretched these wall times, so they are not the server's start-up time; the CPU column and the ratio"
    echo "between the two commands are the more telling numbers. Rerun the script on a quiet machine."
    echo
  fi
  echo "Each start: the JVM is launched (port $PORT; \`CLEARMARGIN_DATA_DIR\` a directory of the script's), \`curl\`"
  echo "asks \`/health\` every 20 ms until the first 200, then the server is stopped (SIGTERM; with the embedded"
  echo "database the script also waits for its PostgreSQL to stop). Demo data is on (the default), so each start"
  echo "includes the demo check. \"CPU\" is the JVM's user + system time at that first 200 (JIT compiler and GC"
  echo "threads included; not the PostgreSQL processes). The commands alternate start by start. The table"
  echo "names the command each row ran; \`target/fast-start\` stands for the script's \`src/main/scripts/fast-start.sh\` output."
  echo
  echo "| case | command | starts | median | min | max | median CPU | every start (ms) |"
  echo "|---|---|---:|---:|---:|---:|---:|---|"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "Not counted in the medians:"
  echo
  echo "| case | start | command | to first 200 | CPU |"
  echo "|---|---|---|---:|---:|"
  printf '%s\n' "${FIRST_ROWS[@]}"
  echo
  echo "Goals (issue 17): median under 3 s with an external PostgreSQL, under 5 s with the embedded one already initialised."
} > "$OUT"
cat "$OUT"
