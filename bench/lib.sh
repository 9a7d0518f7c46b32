# Shared helpers of the benchmark scripts (source it). Everything runs on this machine on loopback.
set -euo pipefail
LOAD_AT_START="$(cut -d' ' -f1-3 /proc/loadavg)"
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

# host_rows: the first rows of a results table's header (date, machine, Java); each script adds its own
# rows after them and ends the header with load_row
host_rows() {
  echo "| item | value |"
  echo "|---|---|"
  echo "| date (UTC) | $(date -u '+%Y-%m-%d %H:%M') |"
  echo "| machine | $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB RAM, kernel $(uname -r) |"
  echo "| Java | $("$JAVA" -version 2>&1 | head -1) |"
}

# load_row: the load average when the script started and when it wrote its results
load_row() {
  echo "| load (1, 5, 15 min) when the script started / when it wrote this | $LOAD_AT_START / $(cut -d' ' -f1-3 /proc/loadavg) |"
}

# service_pg_row [LABEL]: the version of the PostgreSQL service, in a row named LABEL (PostgreSQL)
service_pg_row() {
  echo "| ${1:-PostgreSQL} | $(psql -h 127.0.0.1 -U postgres -d postgres -qtAc 'select version()' | cut -d, -f1) |"
}

machine() {
  host_rows
  service_pg_row
  echo "| wrk | $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2) |"
  load_row
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

# ---------------------------------------------------------------- helpers of scale, ceiling, two-nodes,
# memory and the webhook scripts

# curl for the API: -g so that the brackets of where[…] are sent as they are, not globbed
api() { curl -gsS "$@"; }

# port_free PORT: fails when something listens there already (a stale server would answer /health and
# the script would measure it instead of the one it started)
port_free() {
  if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$1/" 2>/dev/null; then
    log "port $1 is in use: stop what listens there or choose another port"; return 1
  fi
}

# hdr_jar: path of the HdrHistogram jar (Maven Central, fetched through the Maven wrapper when missing)
hdr_jar() {
  local v=2.2.2 jar="$HOME/.m2/repository/org/hdrhistogram/HdrHistogram/2.2.2/HdrHistogram-2.2.2.jar"
  if [[ ! -f "$jar" ]]; then
    (cd "$REPO" && ./mvnw -q -B dependency:get -Dartifact=org.hdrhistogram:HdrHistogram:$v >/dev/null)
  fi
  echo "$jar"
}

# bench_org DB NAME: an organization on DB with a full_access key whose limit is never reached
# (a limited key would measure the 429 path); sets ORG and KEY
bench_org() {
  local db=$1 name=$2 out
  out="$(cli "$db" org create --name "$name")"
  ORG="$(echo "$out" | json 'd["organization"]["id"]')"
  psql -h 127.0.0.1 -U postgres -d "$db" -qc "UPDATE organizations SET max_rate_limit_per_minute = 100000000" >/dev/null
  KEY="$(cli "$db" key create --org "$ORG" --name bench --scopes full_access --rate-limit 100000000 | json 'd["apiKey"]')"
}

psql_at() { local db=$1; shift; psql -h 127.0.0.1 -U postgres -d "$db" -qtAX "$@"; }

# The SQL log can be switched on and off at run time through Spring Boot's loggers endpoint, which a
# benchmark server exposes with these options (never measured while it is on).
SQL_LOG_OPTS="-Dmanagement.endpoints.web.exposure.include=prometheus,loggers"
sql_log() {
  local port=$1 level=$2 logger
  # jOOQ logs the filtered queries, FastReads the fixed-shape ones it runs as plain JDBC
  for logger in org.jooq.tools.LoggerListener app.clearmargin.collections.FastReads; do
    curl -fsS -X POST -H 'Content-Type: application/json' -d "{\"configuredLevel\":\"$level\"}" \
      "http://127.0.0.1:$port/loggers/$logger" >/dev/null
  done
}

# capture_sql PORT PATH HEADER: prints the SQL statements (bind values inlined, one per line) that the
# server started with $SQL_LOG_OPTS issues for one GET of PATH. The request runs twice in a row and the
# second one is captured, so the per-second caches (API key, organization settings) are warm as under
# load; their lookups are left out should the second request still miss them.
capture_sql() {
  local port=$1 path=$2 header=$3 rid
  rid="capture$(date +%s%N)"
  sql_log "$port" DEBUG
  api -o /dev/null -H "$header" "http://127.0.0.1:$port$path"
  api -o /dev/null -H "$header" -H "X-Request-Id: $rid" "http://127.0.0.1:$port$path"
  sql_log "$port" INFO
  sleep 0.5
  python3 - "/tmp/clearmargin-bench/server-$port.log" "$rid" <<'PY'
import re, sys
log, rid = sys.argv[1], sys.argv[2]
statements, pending = [], None
for line in open(log, encoding="utf-8", errors="replace"):
    if f"[{rid}]" not in line or not ("LoggerListener" in line or "FastReads" in line):
        continue
    m = re.search(r"(Executing query|-> with bind values)\s*: (.*)$", line)
    if not m:
        continue
    if m.group(1) == "Executing query":
        if pending: statements.append(pending)
        pending = m.group(2)
    else:
        pending = m.group(2)  # the same statement with its values inlined
if pending: statements.append(pending)
for s in statements:
    if re.search(r'from "(api_keys|organizations)"', s):
        continue  # cached for a second per node: about one query a second under load
    print(s)
PY
}

# start_receiver PORT [ARGS...]: the webhook receiver (bench/WebhookReceiver.java) in the background;
# prints its pid once it answers
start_receiver() {
  local port=$1; shift
  port_free "$port"; mkdir -p /tmp/clearmargin-bench
  "$JAVA" -cp "$(hdr_jar)" "$BENCH/WebhookReceiver.java" --port "$port" "$@" > "/tmp/clearmargin-bench/receiver-$port.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 60); do
    curl -fs "http://127.0.0.1:$port/stats" >/dev/null 2>&1 && { echo "$pid"; return; }
    kill -0 "$pid" 2>/dev/null || { cat "/tmp/clearmargin-bench/receiver-$port.log" >&2; return 1; }
    sleep 0.5
  done
  log "receiver on $port did not start"; return 1
}

# metric NAME [LABEL_FILTER...] < TEXT: sum of a Prometheus metric's samples in TEXT whose labels contain
# every filter (e.g. 'status="429"')
metric() {
  python3 -c '
import sys, re
name, filters = sys.argv[1], sys.argv[2:]
total = 0.0
for line in sys.stdin:
    if line.startswith("#"): continue
    m = re.match(r"([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)", line)
    if m and m.group(1) == name and all(f in (m.group(2) or "") for f in filters):
        total += float(m.group(3))
print(f"{total:.6f}".rstrip("0").rstrip("."))
' "$@"
}

# sent_invoice_ids BASE KEY MAX: ids of up to MAX sent invoices that have a contact (the seed gives every
# contact an e-mail), one per line: re-sending one succeeds and emits invoice_sent each time
sent_invoice_ids() {
  python3 - "$1" "$2" "$3" <<'PY'
import json, sys, urllib.request
base, key, want = sys.argv[1], sys.argv[2], int(sys.argv[3])
ids, page = [], 1
while len(ids) < want:
    url = (f"{base}/api/invoices?where[status][equals]=sent&where[contact][exists]=true"
           f"&select[id]=true&depth=0&limit=100&sort=createdAt&page={page}")
    req = urllib.request.Request(url, headers={"Authorization": f"Bearer {key}"})
    body = json.load(urllib.request.urlopen(req))
    ids += [d["id"] for d in body["docs"]]
    if not body["hasNextPage"]:
        break
    page += 1
print("\n".join(ids[:want]))
PY
}

# public_id PREFIX UUID: the API's id of a row (prefix + Crockford base32 of the uuid, as Ids.encode)
public_id() {
  python3 -c '
import sys
prefix, n = sys.argv[1], int(sys.argv[2].replace("-", ""), 16)
alphabet = "0123456789abcdefghjkmnpqrstvwxyz"
print(prefix + "_" + "".join(alphabet[(n >> (5 * i)) & 31] for i in range(25, -1, -1)))' "$1" "$2"
}

# wrk_cols ROW: "req/s p50 p99 non-2xx" of a wrk_row line, latencies in ms
wrk_cols() {
  python3 -c '
import re, sys
cols = [c.strip() for c in sys.argv[1].strip().strip("|").split("|")]
def ms(v):
    m = re.match(r"([\d.]+)(us|ms|s)$", v)
    return float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)] if m else float("nan")
print(cols[1], f"{ms(cols[2]):.2f}", f"{ms(cols[5]):.2f}", cols[6])' "$1"
}

# The databases of bench/scale.sh, also used by bench/ceiling.sh: one organization, the same shape at
# every size, only the number of time entries grows.
SEED_SHAPE="${SEED_SHAPE:---clients 200 --contacts 800 --projects 2000 --members 50 --invoices 5000}"

# ensure_scale_db SIZE: a database with one organization and SIZE time entries; reused when a previous
# run seeded it with the same shape (the marker table bench_seed says so). Sets DB ORG KEY SEED_SECONDS.
ensure_scale_db() {
  local size=$1 args="$SEED_SHAPE --time-entries $1" marker
  DB="cm_bench_scale_$size"
  marker="$(psql_at "$DB" -c "SELECT org || ' ' || key || ' ' || seconds FROM bench_seed WHERE args = '$args'" 2>/dev/null || true)"
  if [[ -n "$marker" && -z "${FRESH:-}" ]]; then
    read -r ORG KEY SEED_SECONDS <<<"$marker"
    log "reusing $DB (seeded earlier with: seed $args)"
    return
  fi
  log "seeding $DB: seed $args"
  fresh_db "$DB"
  bench_org "$DB" "Scale $size"
  local t0=$SECONDS
  # shellcheck disable=SC2086 # SEED_SHAPE is a list of options
  cli "$DB" seed --org "$ORG" $SEED_SHAPE --time-entries "$size" > "$RESULTS/raw/scale-seed-$size.json"
  SEED_SECONDS=$((SECONDS - t0))
  psql_at "$DB" -c "CREATE TABLE bench_seed (args text, org text, key text, seconds int)" \
    -c "INSERT INTO bench_seed VALUES ('$args', '$ORG', '$KEY', $SEED_SECONDS)" >/dev/null
}

# uuid_of PUBLIC_ID: the uuid stored in the database for an API id (inverse of public_id)
uuid_of() {
  python3 -c '
import sys
s, a, n = sys.argv[1].rsplit("_", 1)[1], "0123456789abcdefghjkmnpqrstvwxyz", 0
for ch in s: n = n * 32 + a.index(ch)
h = f"{n:032x}"; print(f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}")' "$1"
}

# SQL: a session function pg_temp.uuid7(timestamptz), a UUIDv7 as the server's ids (time-ordered),
# for rows a script writes straight into the database; prefix the statements that use it with this
UUID7_SQL="CREATE FUNCTION pg_temp.uuid7(ts timestamptz) RETURNS uuid LANGUAGE sql AS \$\$
  SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) PLACING
    substring(int8send((extract(epoch FROM ts) * 1000)::bigint) FROM 3) FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid \$\$;"

# top_frames JFR: execution samples aggregated by their top frame's library, and by the innermost
# application method on the stack (what our code was doing when the sample was taken)
top_frames() {
  "$JAVA_HOME/bin/jfr" print --events jdk.ExecutionSample --stack-depth 64 "$1" | python3 -c '
import collections, re, sys
samples, by_lib, by_app = 0, collections.Counter(), collections.Counter()
frames = []
LIBS = [("app.clearmargin.", "application (app.clearmargin)"), ("org.postgresql.", "PostgreSQL JDBC driver"),
        ("org.jooq.", "jOOQ"), ("tools.jackson.", "Jackson"), ("com.fasterxml.", "Jackson"),
        ("org.apache.", "Tomcat / Apache"), ("org.springframework.", "Spring"), ("com.zaxxer.", "HikariCP"),
        ("io.micrometer.", "Micrometer"), ("ch.qos.logback.", "Logback"), ("com.github.benmanes.", "Caffeine"),
        ("java.", "JDK"), ("javax.", "JDK"), ("jdk.", "JDK"), ("sun.", "JDK")]
def flush():
    global samples
    if not frames: return
    samples += 1
    top = frames[0]
    by_lib[next((name for prefix, name in LIBS if top.startswith(prefix)), "other")] += 1
    app = next((f for f in frames if f.startswith("app.clearmargin.")), None)
    by_app[re.sub(r"\(.*", "", app) if app else "(no application frame)"] += 1
for line in sys.stdin:
    if line.startswith("jdk.ExecutionSample"):
        flush(); frames = []
    else:
        m = re.match(r"\s+([\w$.<>]+)\(", line)
        if m: frames.append(m.group(1) + "(")
flush()
print(f"{samples} execution samples.\n")
print("| top frame in | samples | share |\n|---|---:|---:|")
for name, n in by_lib.most_common():
    print(f"| {name} | {n} | {100 * n / max(samples, 1):.1f} % |")
print("\n| innermost application method on the stack | samples | share |\n|---|---:|---:|")
for name, n in by_app.most_common(15):
    print(f"| `{name}` | {n} | {100 * n / max(samples, 1):.1f} % |")
'
}

# pg_pss DATA_DIR: summed PSS (MiB) of the embedded PostgreSQL's processes: the postmaster (its command
# line names the data directory) and its children; PSS counts shared buffers once
pg_pss() {
  local total=0 pid kb postmaster
  postmaster="$(pgrep -f -- "$1" | grep -vx "${PID:-}" | head -1 || true)"
  [[ -z "$postmaster" ]] && { echo 0; return; }
  for pid in "$postmaster" $(pgrep -P "$postmaster" || true); do
    kb="$(awk '/^Pss:/{print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)"
    total=$((total + ${kb:-0}))
  done
  echo $((total / 1024))
}
