#!/usr/bin/env bash
# What authentication and the rate limit cost per request (FOUNDATION issue, target < 5 %).
#
# Runs the packaged jar twice against the PostgreSQL service on a fresh database and measures
# GET /api/organization with wrk (warm-up, then measured with --latency) on
#   (a) the server as shipped: API key authentication + rate limit, port PORT
#   (b) the same with the rate-limit filter off (CLEARMARGIN_RATELIMIT_ENABLED=false), port PORT+1
# in alternating rounds (a b a b …), so that the load of a shared machine hits both alike;
# (c) GET /health, which needs no key, for scale; and, during the (a) rounds, a JFR CPU profile whose
# samples inside the auth and rate-limit code give their share of the server's CPU.
# Writes bench/results/auth-overhead.md (+ raw output in bench/results/raw/auth-overhead/).
#
# Knobs (environment): THREADS=2 CONNS=32 WARMUP=5s DURATION=20s ROUNDS=3 PORT=18090
#   REBUILD=1 (repackage) PG=jdbc:postgresql://127.0.0.1:5432 PGUSER=postgres DB=cm_bench_auth
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
THREADS="${THREADS:-2}" CONNS="${CONNS:-32}" WARMUP="${WARMUP:-5s}" DURATION="${DURATION:-20s}" ROUNDS="${ROUNDS:-3}"
RESULTS="$HERE/results"
RAW="$RESULTS/raw/auth-overhead"
WORK="$(mktemp -d /tmp/clearmargin-bench-auth.XXXXXX)"
OUT="$RESULTS/auth-overhead.md"
PIDS=()

log() { echo "[auth-overhead $(date -u +%H:%M:%S)] $*" >&2; }
cleanup() {
  for pid in "${PIDS[@]}"; do stop_server "$pid"; done
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

# start_server NAME PORT [ENV=VALUE...]: the jar in the background; returns once healthy, pid in PIDS
start_server() {
  local name=$1 port=$2; shift 2
  env CLEARMARGIN_DB_URL="$PG/$DB" CLEARMARGIN_DB_USER="$PGUSER" CLEARMARGIN_DATA_DIR="$WORK/data" \
    CLEARMARGIN_DEMO=false PORT="$port" "$@" \
    "$JAVA" -Xmx512m -XX:FlightRecorderOptions:stackdepth=256 -jar "$JAR" >"$WORK/server-$name.log" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  for _ in $(seq 1 180); do
    curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || { tail -30 "$WORK/server-$name.log" >&2; return 1; }
    sleep 1
  done
  log "server $name did not become healthy"; return 1
}

stop_server() {
  local pid=$1
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || return 0; sleep 1; done
  kill -9 "$pid" 2>/dev/null || true
}

# measure NAME URL [HEADER]: one measured wrk run (no warm-up); raw output in $RAW/NAME.txt
measure() {
  local name=$1 url=$2 header=${3:-}
  local args=(-t"$THREADS" -c"$CONNS" -d"$DURATION" --latency)
  [[ -n "$header" ]] && args+=(-H "$header")
  echo "$(cut -d' ' -f1-3 /proc/loadavg)" >"$RAW/$name.load"
  wrk "${args[@]}" "$url" >"$RAW/$name.txt"
}

warm_up() {
  wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" -H "$2" "$1" >/dev/null
}

# stats NAME...: mean req/s, mean p50 and p99 (ms), total non-2xx over the named raw wrk outputs
stats() {
  for n in "$@"; do cat "$RAW/$n.txt"; echo "--end--"; done | python3 -c '
import re, sys
def ms(v):
    m = re.match(r"([\d.]+)(us|ms|s)", v)
    return float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
runs, cur = [], {}
for line in sys.stdin:
    f = line.split()
    if line.startswith("--end--"):
        runs.append(cur); cur = {}
    elif line.startswith("Requests/sec"):
        cur["rps"] = float(f[1])
    elif re.match(r"\s+50%", line):
        cur["p50"] = ms(f[1])
    elif re.match(r"\s+99%", line):
        cur["p99"] = ms(f[1])
    elif "Non-2xx" in line:
        cur["err"] = int(f[-1])
n = len(runs)
def mean(k):
    return sum(r[k] for r in runs) / n
print("%.0f %.2f %.2f %d" % (mean("rps"), mean("p50"), mean("p99"), sum(r.get("err", 0) for r in runs)))
'
}

# cpu_share JFR: shares of execution samples inside authentication and inside the rate limiter
cpu_share() {
  "$JAVA_HOME/bin/jfr" print --events jdk.ExecutionSample --stack-depth 256 "$1" | python3 -c '
import re, sys
import collections
samples = auth = limit = 0
frames = []
leaves = collections.Counter()
def flush():
    global samples, auth, limit
    if not frames:
        return
    samples += 1
    text = "\n".join(frames)
    if "app.clearmargin.auth.ApiKeys.authenticate" in text or "app.clearmargin.auth.AuthFilter.presentedKey" in text:
        auth += 1
        leaves[frames[0].split("(")[0]] += 1
    elif "app.clearmargin.ratelimit.RateLimitFilter.doFilterInternal" in text and "FilterChain.doFilter" not in text.split("app.clearmargin.ratelimit.RateLimitFilter.doFilterInternal")[0]:
        limit += 1
for line in sys.stdin:
    if line.startswith("jdk.ExecutionSample"):
        flush(); frames = []
    elif re.match(r"\s+[\w$.<>]+\(", line):
        frames.append(line.strip())
flush()
with open(sys.argv[1], "w") as out:
    for frame, count in leaves.most_common(15):
        out.write(f"{count:5d}  {frame}\n")
print(samples, auth, limit)
' "$RAW/auth-leaf-frames.txt"
}

need_tools
build_jar
mkdir -p "$RAW"
rm -f "$RAW"/*.txt "$RAW"/*.load "$RAW"/*.jfr
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
COMMIT="$(cd "$REPO" && git rev-parse --short HEAD 2>/dev/null || echo unknown)"
ON="http://127.0.0.1:$PORT/api/organization"
OFF="http://127.0.0.1:$((PORT + 1))/api/organization"

log "starting (a) on $PORT and (b) with CLEARMARGIN_RATELIMIT_ENABLED=false on $((PORT + 1))"
start_server limit-on "$PORT"
ON_PID="${PIDS[-1]}"
start_server limit-off "$((PORT + 1))" CLEARMARGIN_RATELIMIT_ENABLED=false
HEADERS_ON="$(curl -fsi -H "$AUTH" "$ON" | grep -ci '^x-ratelimit-' || true)"
HEADERS_OFF="$(curl -fsi -H "$AUTH" "$OFF" | grep -ci '^x-ratelimit-' || true)"
warm_up "$ON" "$AUTH"
warm_up "$OFF" "$AUTH"
warm_up "http://127.0.0.1:$PORT/health" "X-Bench: health"

"$JAVA_HOME/bin/jcmd" "$ON_PID" JFR.start name=auth settings=profile >/dev/null
for round in $(seq 1 "$ROUNDS"); do
  log "round $round/$ROUNDS: (a) then (b)"
  measure "limit-on-$round" "$ON" "$AUTH"
  measure "limit-off-$round" "$OFF" "$AUTH"
done
"$JAVA_HOME/bin/jcmd" "$ON_PID" JFR.stop name=auth filename="$RAW/limit-on.jfr" >/dev/null
log "(c) GET /health"
measure health "http://127.0.0.1:$PORT/health"

ON_RUNS=() OFF_RUNS=()
for round in $(seq 1 "$ROUNDS"); do ON_RUNS+=("limit-on-$round"); OFF_RUNS+=("limit-off-$round"); done
read -r ON_RPS ON_P50 ON_P99 ON_ERR < <(stats "${ON_RUNS[@]}")
read -r OFF_RPS OFF_P50 OFF_P99 OFF_ERR < <(stats "${OFF_RUNS[@]}")
read -r H_RPS H_P50 H_P99 H_ERR < <(stats health)
read -r SAMPLES AUTH_SAMPLES LIMIT_SAMPLES < <(cpu_share "$RAW/limit-on.jfr")
pct() { python3 -c "print(f'{$1:.1f}')"; }
LIMIT_OVERHEAD="$(pct "($OFF_RPS - $ON_RPS) / $OFF_RPS * 100")"
AUTH_SHARE="$(pct "$AUTH_SAMPLES / max($SAMPLES, 1) * 100")"
LIMIT_SHARE="$(pct "$LIMIT_SAMPLES / max($SAMPLES, 1) * 100")"
BOTH_SHARE="$(pct "($AUTH_SAMPLES + $LIMIT_SAMPLES) / max($SAMPLES, 1) * 100")"

{
  echo "# Auth + rate-limit overhead"
  echo
  echo "Produced by \`bench/auth-overhead.sh\` at commit $COMMIT. Target: authentication + rate limit < 5 % of a"
  echo "cheap authenticated request. Everything on loopback: wrk, both servers and PostgreSQL share the"
  echo "machine's cores, and the machine is shared with other developers' builds and tests (see the load"
  echo "column), so absolute numbers are noisy; (a) and (b) alternate in rounds so that both see the same load."
  echo
  echo "| item | value |"
  echo "|---|---|"
  echo "| date (UTC) | $(date -u '+%Y-%m-%d %H:%M') |"
  echo "| machine | $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM, kernel $(uname -r) |"
  echo "| Java | $("$JAVA" -version 2>&1 | head -1) |"
  echo "| PostgreSQL | $(psql -h 127.0.0.1 -U "$PGUSER" -d postgres -qtAc 'select version()' | cut -d, -f1) |"
  echo "| wrk | $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2) |"
  echo "| key | full_access, rateLimitPerMinute 100,000,000 (organization maximum raised for the benchmark, so every request takes a token and none is refused) |"
  echo "| servers | (a) \`CLEARMARGIN_DB_URL=$PG/$DB CLEARMARGIN_DEMO=false PORT=$PORT java -Xmx512m -jar target/clearmargin.jar\`; (b) the same on port $((PORT + 1)) with \`CLEARMARGIN_RATELIMIT_ENABLED=false\` |"
  echo "| wrk | \`wrk -t$THREADS -c$CONNS -d$DURATION --latency -H 'Authorization: Bearer sk_live_…' <server>/api/organization\`, after a $WARMUP warm-up of each server; $ROUNDS rounds of (a) then (b) |"
  echo "| profile | \`jcmd <pid of (a)> JFR.start settings=profile\` over the (a) rounds (also covers the idle (b) rounds) |"
  echo
  echo "| run | path | round | load 1/5/15 min before | req/s | p50 | p99 | non-2xx |"
  echo "|---|---|---:|---|---:|---:|---:|---:|"
  for round in $(seq 1 "$ROUNDS"); do
    for side in on off; do
      read -r R P50 P99 E < <(stats "limit-$side-$round")
      label="(a) auth + rate limit"; [[ $side == off ]] && label="(b) auth, rate limit off"
      echo "| $label | GET /api/organization | $round | $(cat "$RAW/limit-$side-$round.load") | $R | ${P50} ms | ${P99} ms | $E |"
    done
  done
  echo "| **(a) auth + rate limit (as shipped), mean** | GET /api/organization | all | | **$ON_RPS** | **${ON_P50} ms** | **${ON_P99} ms** | $ON_ERR |"
  echo "| **(b) auth, rate limit off, mean** | GET /api/organization | all | | **$OFF_RPS** | **${OFF_P50} ms** | **${OFF_P99} ms** | $OFF_ERR |"
  echo "| (c) no key at all, for scale (runs \`select 1\`) | GET /health | – | $(cat "$RAW/health.load") | $H_RPS | ${H_P50} ms | ${H_P99} ms | $H_ERR |"
  echo
  echo "X-RateLimit-* headers on a response: (a) $HEADERS_ON, (b) $HEADERS_OFF."
  echo
  echo "| overhead | value | how |"
  echo "|---|---:|---|"
  echo "| rate limit, throughput | $LIMIT_OVERHEAD % | ((b) − (a)) / (b), mean req/s |"
  echo "| authentication, CPU | $AUTH_SHARE % | JFR execution samples of (a) inside \`ApiKeys.authenticate\` or \`AuthFilter.presentedKey\`: $AUTH_SAMPLES of $SAMPLES |"
  echo "| rate limit, CPU | $LIMIT_SHARE % | samples of (a) in \`RateLimitFilter\` but not in the rest of the filter chain: $LIMIT_SAMPLES of $SAMPLES |"
  echo "| **auth + rate limit, CPU** | **$BOTH_SHARE %** | sum of the two rows above; target < 5 % |"
  echo
  echo "Where authentication spends its samples (leaf frames): \`bench/results/raw/auth-overhead/auth-leaf-frames.txt\`;"
  echo "raw wrk output and the JFR recording are beside it (not committed)."
} >"$OUT"
cat "$OUT"
