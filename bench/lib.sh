# Shared helpers of the benchmark scripts (source it). Everything runs on this machine on loopback.
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH/.." && pwd)"
export JAVA_HOME="${JAVA_HOME_25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
JAR="$REPO/target/clearmargin.jar"
PG="${BENCH_PG:-jdbc:postgresql://127.0.0.1:5432}"
RESULTS="$BENCH/results"
THREADS="${THREADS:-2}" CONNS="${CONNS:-32}" DURATION="${DURATION:-20s}" WARMUP="${WARMUP:-5s}"

log() { echo "[bench $(date -u +%H:%M:%S)] $*" >&2; }

need_tools() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v psql >/dev/null || missing+=(postgresql-client)
  if ((${#missing[@]})); then
    log "apt-get install ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

build_jar() {
  if [[ ! -f "$JAR" || -n "${REBUILD:-}" ]]; then
    log "packaging $JAR"
    (cd "$REPO" && ./mvnw -q -B -DskipTests package)
  fi
}

# fresh_db NAME: drop and create a database on the PostgreSQL service
fresh_db() {
  psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1" >/dev/null
}

# cli DB ARGS...: the admin CLI against a database; prints its JSON
cli() {
  local db=$1; shift
  CLEARMARGIN_DB_URL="$PG/$db" CLEARMARGIN_DATA_DIR="${DATA_DIR:-/tmp/clearmargin-bench}" "$JAVA" -jar "$JAR" "$@" 2>/dev/null
}

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

# start_server DB PORT [extra env assignments...]: starts the jar in the background, prints its pid
start_server() {
  local db=$1 port=$2; shift 2
  mkdir -p /tmp/clearmargin-bench
  env CLEARMARGIN_DB_URL="$PG/$db" CLEARMARGIN_DATA_DIR=/tmp/clearmargin-bench CLEARMARGIN_DEMO=false PORT="$port" "$@" \
    "$JAVA" ${JAVA_OPTS:-} -jar "$JAR" > "/tmp/clearmargin-bench/server-$port.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && { echo "$pid"; return; }
    kill -0 "$pid" 2>/dev/null || { tail -30 "/tmp/clearmargin-bench/server-$port.log" >&2; return 1; }
    sleep 1
  done
  log "server on $port did not become healthy"; return 1
}

stop_server() {
  local pid=$1
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || return 0; sleep 1; done
  kill -9 "$pid" 2>/dev/null || true
}

machine() {
  echo "| item | value |"
  echo "|---|---|"
  echo "| date (UTC) | $(date -u '+%Y-%m-%d %H:%M') |"
  echo "| machine | $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB RAM, kernel $(uname -r) |"
  echo "| Java | $("$JAVA" -version 2>&1 | head -1) |"
  echo "| PostgreSQL | $(psql -h 127.0.0.1 -U postgres -d postgres -qtAc 'select version()' | cut -d, -f1) |"
  echo "| wrk | $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2) |"
  echo "| load before run | $(cut -d' ' -f1-3 /proc/loadavg) |"
}

# wrk_row NAME URL HEADER: warm-up, then a measured run; prints "| name | req/s | p50 | p75 | p90 | p99 | non-2xx |"
wrk_row() {
  local name=$1 url=$2 header=$3 out
  wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" -H "$header" "$url" >/dev/null
  out="$RESULTS/raw/$name.txt"
  mkdir -p "$RESULTS/raw"
  wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency -H "$header" "$url" > "$out"
  awk -v n="$name" '/Requests\/sec/{r=$2} /^ +50%/{p50=$2} /^ +75%/{p75=$2} /^ +90%/{p90=$2} /^ +99%/{p99=$2} /Non-2xx/{e=$NF}
    END{printf "| %s | %s | %s | %s | %s | %s | %s |\n", n, r, p50, p75, p90, p99, (e==""?"0":e)}' "$out"
}
