#!/usr/bin/env bash
# What authentication and the rate limit cost per request (FOUNDATION issue, target < 5 %).
#
# Runs the packaged jar against the PostgreSQL service on a fresh database and measures
# GET /api/organization with wrk (warm-up, then measured with --latency):
#   (a) as shipped: API key authentication + rate limit
#   (b) the same with the rate-limit filter off (CLEARMARGIN_RATELIMIT_ENABLED=false)
#   (c) GET /health, which needs no key, for scale
# and, during (a), a JFR CPU profile whose samples inside the auth and rate-limit code give their
# share of the server's CPU. Writes bench/results/auth-overhead.md (+ raw output in results/raw/).
#
# Knobs (environment): THREADS=2 CONNS=32 WARMUP=5s DURATION=20s PORT=18090 REBUILD=1 (repackage)
#   PG=jdbc:postgresql://127.0.0.1:5432 PGUSER=postgres DB=cm_bench_auth
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
export JAVA_HOME="${JAVA_HOME_25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
JAR="$REPO/target/clearmargin.jar"
PG="${PG:-jdbc:postgresql://127.0.0.1:5432}"
PGUSER="${PGUSER:-postgres}"
DB="${DB:-cm_bench_auth}"
PORT="${PORT:-18090}"
THREADS="${THREADS:-2}" CONNS="${CONNS:-32}" WARMUP="${WARMUP:-5s}" DURATION="${DURATION:-20s}"
RESULTS="$HERE/results"
RAW="$RESULTS/raw/auth-overhead"
WORK="$(mktemp -d /tmp/clearmargin-bench-auth.XXXXXX)"
OUT="$RESULTS/auth-overhead.md"
SERVER_PID=""

log() { echo "[auth-overhead $(date -u +%H:%M:%S)] $*" >&2; }
cleanup() {
  [[ -n "$SERVER_PID" ]] && stop_server "$SERVER_PID"
  psql -h 127.0.0.1 -U "$PGUSER" -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

need_tools() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v psql >/dev/null || missing+=(postgresql-client)
  command -v curl >/dev/null || missing+=(curl)
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

psql_db() { psql -h 127.0.0.1 -U "$PGUSER" -d "$DB" -qtAc "$1"; }

cli() {
  CLEARMARGIN_DB_URL="$PG/$DB" CLEARMARGIN_DB_USER="$PGUSER" CLEARMARGIN_DATA_DIR="$WORK/data" \
    "$JAVA" -jar "$JAR" "$@" 2>>"$WORK/cli.log"
}

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

# start_server NAME [ENV=VALUE...]: the jar in the background on $PORT; sets SERVER_PID once healthy
start_server() {
  local name=$1; shift
  env CLEARMARGIN_DB_URL="$PG/$DB" CLEARMARGIN_DB_USER="$PGUSER" CLEARMARGIN_DATA_DIR="$WORK/data" \
    CLEARMARGIN_DEMO=false PORT="$PORT" "$@" \
    "$JAVA" -XX:FlightRecorderOptions:stackdepth=256 -jar "$JAR" >"$WORK/server-$name.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 180); do
    curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -30 "$WORK/server-$name.log" >&2; return 1; }
    sleep 1
  done
  log "server $name did not become healthy"; return 1
}

stop_server() {
  local pid=$1
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || { SERVER_PID=""; return 0; }; sleep 1; done
  kill -9 "$pid" 2>/dev/null || true
  SERVER_PID=""
}

# measure NAME PATH [HEADER]: warm-up, then the measured run; the raw wrk output goes to $RAW/NAME.txt
measure() {
  local name=$1 path=$2 header=${3:-}
  local args=(-t"$THREADS" -c"$CONNS")
  [[ -n "$header" ]] && args+=(-H "$header")
  wrk "${args[@]}" -d"$WARMUP" "http://127.0.0.1:$PORT$path" >/dev/null
  echo "load before $name: $(cut -d' ' -f1-3 /proc/loadavg)" >"$RAW/$name.load"
  wrk "${args[@]}" -d"$DURATION" --latency "http://127.0.0.1:$PORT$path" >"$RAW/$name.txt"
}

# stats NAME: "req/s p50 p99 non2xx" from a raw wrk output
stats() {
  awk '/Requests\/sec/{r=$2} /^ +50%/{p50=$2} /^ +99%/{p99=$2} /Non-2xx/{e=$NF}
       END{print r, p50, p99, (e==""?0:e)}' "$RAW/$1.txt"
}

# cpu_share JFR: shares of execution samples inside authentication and inside the rate limiter
cpu_share() {
  "$JAVA_HOME/bin/jfr" print --events jdk.ExecutionSample --stack-depth 256 "$1" | python3 -c '
import re, sys
samples = auth = limit = 0
frames = []
def flush():
    global samples, auth, limit
    if not frames:
        return
    samples += 1
    text = "\n".join(frames)
    if "app.clearmargin.auth.ApiKeys.authenticate" in text or "app.clearmargin.auth.AuthFilter.presentedKey" in text:
        auth += 1
    elif "app.clearmargin.ratelimit.RateLimitFilter.doFilterInternal" in text and "FilterChain.doFilter" not in text.split("app.clearmargin.ratelimit.RateLimitFilter.doFilterInternal")[0]:
        limit += 1
for line in sys.stdin:
    if line.startswith("jdk.ExecutionSample"):
        flush(); frames = []
    elif re.match(r"\s+[\w$.<>]+\(", line):
        frames.append(line.strip())
flush()
print(samples, auth, limit)
'
}

need_tools
build_jar
mkdir -p "$RAW"
log "fresh database $DB"
psql -h 127.0.0.1 -U "$PGUSER" -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" >/dev/null

log "organization and key via the admin CLI"
ORG_JSON="$(cli org create --name "Bench auth overhead")"
ORG_ID="$(echo "$ORG_JSON" | json 'd["organization"]["id"]')"
# A key limited to 10,000/min (the default organization maximum) would answer mostly 429 at this
# request rate and measure the refusal path instead. The benchmark organization's maximum is
# raised in the database so that the bucket is consulted on every request and never runs dry.
psql_db "UPDATE organizations SET max_rate_limit_per_minute = 100000000" >/dev/null
KEY="$(cli key create --org "$ORG_ID" --name bench --scopes full_access --rate-limit 100000000 | json 'd["apiKey"]')"
AUTH="Authorization: Bearer $KEY"
JAR_INFO="$(cd "$REPO" && git rev-parse --short HEAD 2>/dev/null || echo unknown)"

log "(a) auth + rate limit"
start_server limit-on
curl -fs -H "$AUTH" "http://127.0.0.1:$PORT/api/organization" >/dev/null
measure health /health
PROFILE="$WORK/limit-on.jfr"
wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" -H "$AUTH" "http://127.0.0.1:$PORT/api/organization" >/dev/null
"$JAVA_HOME/bin/jcmd" "$SERVER_PID" JFR.start name=auth settings=profile filename="$PROFILE" >/dev/null
echo "load before limit-on: $(cut -d' ' -f1-3 /proc/loadavg)" >"$RAW/limit-on.load"
wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency -H "$AUTH" "http://127.0.0.1:$PORT/api/organization" >"$RAW/limit-on.txt"
"$JAVA_HOME/bin/jcmd" "$SERVER_PID" JFR.stop name=auth >/dev/null
HEADERS_ON="$(curl -fsi -H "$AUTH" "http://127.0.0.1:$PORT/api/organization" | grep -ci '^x-ratelimit-' || true)"
stop_server "$SERVER_PID"

log "(b) auth only: CLEARMARGIN_RATELIMIT_ENABLED=false"
start_server limit-off CLEARMARGIN_RATELIMIT_ENABLED=false
HEADERS_OFF="$(curl -fsi -H "$AUTH" "http://127.0.0.1:$PORT/api/organization" | grep -ci '^x-ratelimit-' || true)"
measure limit-off /api/organization "$AUTH"
stop_server "$SERVER_PID"

read -r ON_RPS ON_P50 ON_P99 ON_ERR < <(stats limit-on)
read -r OFF_RPS OFF_P50 OFF_P99 OFF_ERR < <(stats limit-off)
read -r H_RPS H_P50 H_P99 H_ERR < <(stats health)
read -r SAMPLES AUTH_SAMPLES LIMIT_SAMPLES < <(cpu_share "$PROFILE")
pct() { python3 -c "print(f'{$1:.1f}')"; }
LIMIT_OVERHEAD="$(pct "($OFF_RPS - $ON_RPS) / $OFF_RPS * 100")"
AUTH_SHARE="$(pct "$AUTH_SAMPLES / max($SAMPLES, 1) * 100")"
LIMIT_SHARE="$(pct "$LIMIT_SAMPLES / max($SAMPLES, 1) * 100")"
BOTH_SHARE="$(pct "($AUTH_SAMPLES + $LIMIT_SAMPLES) / max($SAMPLES, 1) * 100")"

{
  echo "# Auth + rate-limit overhead"
  echo
  echo "Produced by \`bench/auth-overhead.sh\` (commit $JAR_INFO). Target: authentication + rate limit < 5 % of a cheap"
  echo "authenticated request. Loopback; wrk, the server and PostgreSQL share the machine's cores, and the"
  echo "machine is shared with other developers' builds, so absolute numbers are noisy: compare rows of one run."
  echo
  echo "| item | value |"
  echo "|---|---|"
  echo "| date (UTC) | $(date -u '+%Y-%m-%d %H:%M') |"
  echo "| machine | $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM, kernel $(uname -r) |"
  echo "| Java | $("$JAVA" -version 2>&1 | head -1) |"
  echo "| PostgreSQL | $(psql -h 127.0.0.1 -U "$PGUSER" -d postgres -qtAc 'select version()' | cut -d, -f1) |"
  echo "| wrk | $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2) |"
  echo "| load (1/5/15 min) before each run | health: $(cut -d: -f2 "$RAW/health.load"); (a): $(cut -d: -f2 "$RAW/limit-on.load"); (b): $(cut -d: -f2 "$RAW/limit-off.load") |"
  echo "| key | full_access, rateLimitPerMinute 100,000,000 (organization maximum raised for the benchmark so nothing is refused) |"
  echo "| wrk | \`wrk -t$THREADS -c$CONNS -d$DURATION --latency -H 'Authorization: Bearer sk_live_…' http://127.0.0.1:$PORT/api/organization\` after a $WARMUP warm-up |"
  echo "| servers | \`CLEARMARGIN_DB_URL=$PG/$DB CLEARMARGIN_DEMO=false PORT=$PORT java -jar target/clearmargin.jar\`; (b) adds \`CLEARMARGIN_RATELIMIT_ENABLED=false\` |"
  echo
  echo "| run | path | req/s | p50 | p99 | non-2xx | X-RateLimit headers |"
  echo "|---|---|---:|---:|---:|---:|---|"
  echo "| (a) auth + rate limit (as shipped) | GET /api/organization | $ON_RPS | $ON_P50 | $ON_P99 | $ON_ERR | $HEADERS_ON |"
  echo "| (b) auth, rate limit off | GET /api/organization | $OFF_RPS | $OFF_P50 | $OFF_P99 | $OFF_ERR | $HEADERS_OFF |"
  echo "| (c) no key at all (scale only: runs \`select 1\`) | GET /health | $H_RPS | $H_P50 | $H_P99 | $H_ERR | 0 |"
  echo
  echo "| overhead | value | how |"
  echo "|---|---:|---|"
  echo "| rate limit, throughput | $LIMIT_OVERHEAD % | ((b) − (a)) / (b) req/s |"
  echo "| authentication, CPU | $AUTH_SHARE % | JFR execution samples inside \`ApiKeys.authenticate\` / \`AuthFilter.presentedKey\` during (a): $AUTH_SAMPLES of $SAMPLES |"
  echo "| rate limit, CPU | $LIMIT_SHARE % | samples in \`RateLimitFilter\` outside the rest of the chain during (a): $LIMIT_SAMPLES of $SAMPLES |"
  echo "| auth + rate limit, CPU | $BOTH_SHARE % | sum of the two rows above (target < 5 %) |"
  echo
  echo "Raw wrk output: \`bench/results/raw/auth-overhead/\` (not committed)."
} >"$OUT"
cat "$OUT"
