#!/usr/bin/env bash
# Webhook pipeline throughput and latency: events produced through the API for a fixed time, delivered
# to a local receiver; deliveries per second and latency from the event's commit to its receipt.
# Targets: ≥ 1,000 deliveries/s and p99 < 100 ms for the healthy endpoints.
#
#   bench/webhooks-pipeline.sh           → bench/results/webhooks-pipeline.md
#   PRODUCE_SECONDS=5 BACKLOG=2000 BACKLOG_FIFTY=200 bench/webhooks-pipeline.sh     (a smoke run)
#
# Scenarios, one after the other on one server. Latency is measured at a fixed offered rate (an open-loop
# producer: a latency measured while the offered load exceeds what the machine can do only measures the
# queue); throughput is measured by draining a backlog, with no producer competing for the cores.
#   1 endpoint            one webhook (all events) to the receiver; RATE_ONE events/s for PRODUCE_SECONDS s
#   1 endpoint, backlog   BACKLOG events written straight into the outbox at once (SQL, as after an outage)
#   50 endpoints          50 webhooks (all events): 49 to the receiver, ONE to a socket that accepts the
#                         connection and never answers (each attempt there ends by the 10 s timeout);
#                         RATE_FIFTY events/s (× 49 healthy deliveries each) for PRODUCE_SECONDS s
#   50 endpoints, backlog BACKLOG_FIFTY events at once, to the same 50 endpoints
# Before them, a warm-up (JIT), not reported: 5 s of sends with wrk, a 5,000-event backlog drain and 20 s at
# RATE_ONE events/s to one endpoint.
# Events: POST /api/invoices/{id}/send on sent invoices (invoice_sent each time) by bench/EventProducer.java.
# The receiver (bench/WebhookReceiver.java) takes the latency as its arrival time minus the body's
# "timestamp" (the event's createdAt, set by the server in the transaction that wrote the event) into an
# HdrHistogram.
#
# Knobs: PRODUCE_SECONDS=30 RATE_ONE=50 RATE_FIFTY=21 BACKLOG=10000 BACKLOG_FIFTY=1000 PORT=18150 (receiver +1,
#        dead endpoint +2), JAVA_OPTS (server JVM, default -Xmx512m), REBUILD=1
source "$(dirname "$0")/lib.sh"
PORT="${PORT:-18150}" RECV=$(( ${PORT:-18150} + 1 )) DEAD=$(( ${PORT:-18150} + 2 ))
PRODUCE_SECONDS="${PRODUCE_SECONDS:-30}" RATE_ONE="${RATE_ONE:-50}" RATE_FIFTY="${RATE_FIFTY:-21}"
BACKLOG="${BACKLOG:-10000}" BACKLOG_FIFTY="${BACKLOG_FIFTY:-1000}"
SERVER_OPTS="${JAVA_OPTS:--Xmx512m}"
DB=cm_bench_webhooks
RAW="$RESULTS/raw/webhooks-pipeline"
OUT="$RESULTS/webhooks-pipeline.md"
WORK="$(mktemp -d /tmp/clearmargin-bench-hooks.XXXXXX)"
PIDS=()
SAMPLER=""
cleanup() {
  local pid
  [[ -n "$SAMPLER" ]] && kill "$SAMPLER" 2>/dev/null # a failed scenario must not leave its sampler running
  for pid in "${PIDS[@]}"; do stop_server "$pid"; done
  rm -rf "$WORK"
}
trap cleanup EXIT
BASE="http://127.0.0.1:$PORT"
RSTATS="http://127.0.0.1:$RECV/stats"

webhook() { # webhook URL: registers a webhook for every event; prints its id
  api -f -H "$AUTH" -H 'Content-Type: application/json' -d "{\"url\":\"$1\",\"events\":[\"*\"]}" "$BASE/api/webhooks" \
    | json 'd["doc"]["id"]'
}

# wait_received N: until the receiver has N deliveries, or nothing arrived for 30 s
wait_received() {
  local want=$1 last=-1 still=0 got
  while :; do
    got="$(curl -fsS "$RSTATS" | json 'd["received"]')"
    ((got >= want)) && return 0
    if ((got == last)); then ((++still >= 30)) && { log "stalled at $got of $want deliveries"; return 0; }; else still=0; fi
    last=$got; sleep 1
  done
}

# settle: until the outbox is dispatched and no delivery to a healthy endpoint is pending (the warm-up's
# or the previous scenario's deliveries must not count in the next one)
settle() {
  local left
  for _ in $(seq 1 300); do
    left="$(psql_at "$DB" -c "SELECT (SELECT count(*) FROM events WHERE NOT dispatched) + (SELECT count(*)
      FROM webhook_deliveries d JOIN webhooks w ON w.organization_id = d.organization_id AND w.id = d.webhook_id
      WHERE d.status IN ('pending', 'retrying') AND w.enabled AND w.url NOT LIKE '%:$DEAD/%')")"
    ((left == 0)) && return 0
    sleep 1
  done
  log "still $left events or deliveries pending after 300 s"
}

# The database side of the pipeline: every 0.2 s, what this database's busy backends are doing (running,
# or waiting on what), until the sampler is killed; waits_table FILE sums the samples.
sample_waits() {
  while :; do
    psql_at "$DB" -F '|' -c "SELECT state, coalesce(wait_event_type || ': ' || wait_event, 'running (CPU)'), count(*)
      FROM pg_stat_activity WHERE datname = '$DB' AND state <> 'idle' AND pid <> pg_backend_pid() GROUP BY 1, 2" >> "$1" || true
    sleep 0.2
  done
}
waits_table() {
  python3 - "$1" <<'PY'
import collections, sys
total, samples = collections.Counter(), 0
for line in open(sys.argv[1]):
    state, what, n = line.rstrip("\n").split("|")
    total[(state, what)] += int(n)
all_ = sum(total.values())
print("| backend state | running or waiting on | backend-samples | share |\n|---|---|---:|---:|")
for (state, what), n in total.most_common(10):
    print(f"| {state} | {what} | {n} | {100 * n / max(all_, 1):.1f} % |")
PY
}

events_now() { psql_at "$DB" -c "SELECT count(*) FROM events"; }

# profiled NAME JFR COMMAND...: runs COMMAND while sampling the backends (and, with a JFR file, profiling
# the server); the samples' table goes to WAITS[NAME]
start_observing() {
  local name=$1 jfr=$2
  [[ -n "$jfr" ]] && "$JAVA_HOME/bin/jcmd" "$SERVER_PID" JFR.start name=pipeline settings=profile >/dev/null
  sample_waits "$RAW/$name.waits" &
  SAMPLER=$!
}
stop_observing() {
  local name=$1 jfr=$2
  kill "$SAMPLER"; wait "$SAMPLER" 2>/dev/null || true
  SAMPLER=""
  WAITS["$name"]="$(waits_table "$RAW/$name.waits")"
  [[ -n "$jfr" ]] && "$JAVA_HOME/bin/jcmd" "$SERVER_PID" JFR.stop name=pipeline filename="$jfr" >/dev/null
  return 0
}

# scenario NAME HEALTHY RATE [JFR]: produce RATE events/s for PRODUCE_SECONDS s (open loop), wait for the
# deliveries, append a result row
scenario() {
  local name=$1 healthy=$2 rate=$3 jfr=${4:-} t0 t1 before events during
  settle
  curl -fsS -X POST "http://127.0.0.1:$RECV/reset" >/dev/null
  log "$name: producing $rate events/s for $PRODUCE_SECONDS s"
  before="$(events_now)"
  NAMES+=("$name")
  start_observing "$name" "$jfr"
  t0="$(date +%s%N)"
  "$JAVA_HOME/bin/java" "$BENCH/EventProducer.java" --base "$BASE" --key "$KEY" --ids "$WORK/invoices.txt" \
    --rate "$rate" --seconds "$PRODUCE_SECONDS" > "$RAW/$name.producer.json"
  t1="$(date +%s%N)"
  during="$(curl -fsS "$RSTATS" | json 'd["received"]')"
  events=$(($(events_now) - before))
  wait_received $((events * healthy))
  stop_observing "$name" "$jfr"
  SPLITS+=("$(split_row "$name" "$before")")
  sleep 2 # late duplicates would show now
  curl -fsS "$RSTATS" > "$RAW/$name.stats.json"
  python3 - "$RAW/$name.stats.json" "$RAW/$name.producer.json" "$name" "$healthy" "$events" "$t0" "$t1" "$during" \
    >> "$WORK/rows" <<'PY'
import json, sys
s, p = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
name, healthy, events, t0, t1, during = sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), \
    int(sys.argv[6]) / 1000, int(sys.argv[7]) / 1000, int(sys.argv[8])
produce_s = (t1 - t0) / 1e6
expected = events * healthy
drain_s = max(0.0, (s["lastArrivalMicros"] - t1) / 1e6)
failed = p["non2xx"] + p["errors"]
print(f"| {name} | {healthy} | {events} ({p['rate']:.0f}/s offered; {failed} failed; send p99 {p['p99ms']:.0f} ms) | "
      f"{p['rate'] * healthy:.0f} | {expected} | {s['received']} | {s['distinct']} | {s['duplicates']} | "
      f"{during / produce_s:.0f} | {drain_s:.1f} | {s['p50ms']:.1f} | {s['p90ms']:.1f} | {s['p99ms']:.1f} | {s['maxms']:.1f} |")
PY
}

# split_row NAME EVENTS_BEFORE: where a scenario's delivery time went, from the server's own timestamps: the
# event's createdAt (written in the producing request, before its commit) → the delivery's createdAt (the
# dispatch round that wrote it) → its lastAttemptAt (the endpoint's answer received); healthy endpoints only
split_row() {
  psql_at "$DB" -F ' | ' -c "
    WITH d AS (SELECT extract(epoch FROM d.created_at - e.created_at) * 1000 AS dispatch_ms,
                      extract(epoch FROM d.last_attempt_at - d.created_at) * 1000 AS send_ms
                 FROM (SELECT * FROM events ORDER BY created_at OFFSET $2) e
                 JOIN webhook_deliveries d ON d.organization_id = e.organization_id AND d.event_id = e.id
                WHERE d.status = 'succeeded')
    SELECT '| $1', count(*),
           round(percentile_cont(0.5) WITHIN GROUP (ORDER BY dispatch_ms)::numeric, 1),
           round(percentile_cont(0.99) WITHIN GROUP (ORDER BY dispatch_ms)::numeric, 1),
           round(percentile_cont(0.5) WITHIN GROUP (ORDER BY send_ms)::numeric, 1),
           round(percentile_cont(0.99) WITHIN GROUP (ORDER BY send_ms)::numeric, 1) || ' |'
      FROM d"
}

# backlog NAME EVENTS HEALTHY [JFR]: EVENTS events inserted into the outbox in one statement; time from the
# insert to the last receipt at the enabled endpoints; appends a row
backlog() {
  local name=$1 count=$2 healthy=$3 jfr=${4:-} t0
  settle
  curl -fsS -X POST "http://127.0.0.1:$RECV/reset" >/dev/null
  log "$name: $count events queued in the outbox at once"
  NAMES+=("$name")
  start_observing "$name" "$jfr"
  t0="$(date +%s%N)"
  psql_at "$DB" -c "$UUID7_SQL" -c "
    INSERT INTO events (organization_id, id, type, document_type, document_id, data, dispatched, created_at, updated_at)
    SELECT '$(uuid_of "$ORG")', pg_temp.uuid7(clock_timestamp()), 'invoice_sent', 'invoice', 'inv_backlog_' || g,
           jsonb_build_object('documentType', 'invoice', 'documentId', 'inv_backlog_' || g), false, clock_timestamp(),
           clock_timestamp()
    FROM generate_series(1, $count) g" >/dev/null
  wait_received $((count * healthy))
  stop_observing "$name" "$jfr"
  sleep 2
  curl -fsS "$RSTATS" > "$RAW/$name.stats.json"
  python3 - "$RAW/$name.stats.json" "$name" "$t0" "$count" "$healthy" >> "$WORK/backlog-rows" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); name = sys.argv[2]; t0 = int(sys.argv[3]) / 1000
count, healthy = int(sys.argv[4]), int(sys.argv[5])
total = (s["lastArrivalMicros"] - t0) / 1e6
print(f"| {name} | {count} | {count * healthy} | {s['received']} | {s['distinct']} | {s['duplicates']} | {total:.1f} | "
      f"{s['received'] / total:.0f} |")
PY
}

declare -A WAITS
NAMES=()
SPLITS=()
need_tools
build_jar
mkdir -p "$RAW"
rm -f "$RAW"/*
: > "$WORK/rows"
: > "$WORK/backlog-rows"
for p in $PORT $RECV $DEAD; do port_free "$p"; done

log "database $DB: organization, key, seed (sent invoices to re-send)"
fresh_db "$DB"
bench_org "$DB" "Webhooks pipeline"
AUTH="Authorization: Bearer $KEY"
cli "$DB" seed --org "$ORG" --clients 100 --contacts 400 --projects 200 --members 5 --invoices 4000 --time-entries 1000 \
  > "$RAW/seed.json"

PIDS+=("$(start_receiver "$RECV" --blackhole-port "$DEAD")")
PIDS+=("$(JAVA_OPTS="$SERVER_OPTS" start_server "$DB" "$PORT" CLEARMARGIN_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true)")
SERVER_PID="${PIDS[-1]}"
sent_invoice_ids "$BASE" "$KEY" 2000 > "$WORK/invoices.txt"
log "$(wc -l < "$WORK/invoices.txt") sent invoices to cycle through"
# warm the send path and the delivery path up (JIT): 5 s of sends, a 5,000-event backlog to the first
# endpoint, then 20 s of the first scenario's load (not measured; the first scenario waits for those
# deliveries before it starts)
ONE="$(webhook "http://127.0.0.1:$RECV/hook/0")"
WRK_INVOICES="$WORK/invoices.txt" wrk -t2 -c8 -d5s -s "$BENCH/wrk/send-invoices.lua" -H "$AUTH" "$BASE" >/dev/null
backlog "warm-up" 5000 1
"$JAVA_HOME/bin/java" "$BENCH/EventProducer.java" --base "$BASE" --key "$KEY" --ids "$WORK/invoices.txt" \
  --rate "$RATE_ONE" --seconds 20 > "$RAW/warm-up.producer.json"
: > "$WORK/backlog-rows"
NAMES=()

# ------------------------------------------------------------------ 1 endpoint
scenario "1 endpoint" 1 "$RATE_ONE"
backlog "1 endpoint, backlog" "$BACKLOG" 1

# ------------------------------------------------------------------ 50 endpoints, one of them dead
api -f -o /dev/null -X DELETE -H "$AUTH" "$BASE/api/webhooks/$ONE"
for i in $(seq 1 49); do webhook "http://127.0.0.1:$RECV/hook/$i" >/dev/null; done
DEAD_HOOK="$(webhook "http://127.0.0.1:$DEAD/hook/dead")"
DEAD_UUID="$(uuid_of "$DEAD_HOOK")"
scenario "50 endpoints (1 dead)" 49 "$RATE_FIFTY"
dead_states() {
  psql_at "$DB" -c "SELECT coalesce(string_agg(status || ': ' || n || coalesce(' (' || error || ')', ''), ', '), 'none')
    FROM (SELECT status, error, count(*) n FROM webhook_deliveries WHERE webhook_id = '$DEAD_UUID' GROUP BY 1, 2 ORDER BY 1) s"
}
DEAD_STATES="$(dead_states)"
backlog "50 endpoints (1 dead), backlog" "$BACKLOG_FIFTY" 49 "$RAW/50-endpoints-backlog.jfr"
TOP_FRAMES="$(top_frames "$RAW/50-endpoints-backlog.jfr")"
DEAD_STATES_BACKLOG="$(dead_states)"
# attempts that failed at a healthy endpoint (none expected; a failure would show as a late retry)
HEALTHY_FAILURES="$(psql_at "$DB" -c "SELECT coalesce(string_agg(error || ': ' || n, ', '), 'none') FROM (SELECT d.error, count(*) n
  FROM webhook_deliveries d WHERE d.webhook_id <> '$DEAD_UUID' AND d.error IS NOT NULL GROUP BY 1) s")"

{
  echo "# Webhook pipeline: throughput and latency"
  echo
  echo "Produced by \`bench/webhooks-pipeline.sh\` at commit $(cd "$REPO" && git rev-parse --short HEAD). Targets: ≥ 1,000 deliveries/s"
  echo "and p99 < 100 ms (commit → receipt) for the healthy endpoints. The server, PostgreSQL, the producer and the"
  echo "receiver share the machine's cores (and the machine is shared: see the load row)."
  echo
  machine
  echo "| server | \`CLEARMARGIN_DB_URL=$PG/$DB CLEARMARGIN_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true CLEARMARGIN_DEMO=false PORT=$PORT java $SERVER_OPTS -jar target/clearmargin.jar\` |"
  echo "| receiver | \`java -cp HdrHistogram-2.2.2.jar bench/WebhookReceiver.java --port $RECV --blackhole-port $DEAD\` (answers 200 at once; the dead endpoint accepts and never answers) |"
  echo "| producer | \`java bench/EventProducer.java --base $BASE --key … --ids <$(wc -l < "$WORK/invoices.txt") sent invoice ids> --rate R --seconds $PRODUCE_SECONDS\` (open loop: POST /api/invoices/{id}/send on schedule), after a warm-up: 5 s of sends with wrk, a 5,000-event backlog drain, 20 s at $RATE_ONE events/s |"
  echo
  echo "Latency at a fixed offered rate: events produced through the API on schedule; every delivery's time from the"
  echo "event's commit to its receipt."
  echo
  echo "| scenario | healthy endpoints | events produced (offered rate; failed requests; request p99) | deliveries/s offered | deliveries expected | received | distinct (endpoint, event) | duplicates | deliveries/s while producing | last receipt after the producer stopped (s) | p50 ms | p90 ms | p99 ms | max ms |"
  echo "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  cat "$WORK/rows"
  echo
  echo "Where that time went, from the server's timestamps (ms): event written (its createdAt, in the producing"
  echo "request before its commit) → delivery written by the dispatch round → the endpoint's answer received."
  echo
  echo "| scenario | deliveries | event → dispatched p50 | p99 | dispatched → answered p50 | p99 |"
  echo "|---|---:|---:|---:|---:|---:|"
  printf '%s\n' "${SPLITS[@]}"
  echo
  echo "Throughput: events inserted into the outbox in one statement (no producer competing for the cores); time from"
  echo "the insert to the last receipt at the healthy endpoints."
  echo
  echo "| scenario | events queued | deliveries expected | received | distinct | duplicates | seconds to drain | deliveries/s |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  cat "$WORK/backlog-rows"
  echo
  echo "Dead endpoint's deliveries after the 50-endpoint rate run: $DEAD_STATES; after the backlog: $DEAD_STATES_BACKLOG."
  echo "Failed attempts at the healthy endpoints, whole run: $HEALTHY_FAILURES."
  echo
  echo "## What the database's backends did"
  echo
  echo "\`pg_stat_activity\` of this database sampled every 0.2 s from the start of each scenario to its last delivery"
  echo "(backends not idle; \"idle in transaction\" = a transaction open while the server works between its statements)."
  for name in "${NAMES[@]}"; do
    echo
    echo "$name:"
    echo
    echo "${WAITS[$name]}"
  done
  echo
  echo "## Where the server's CPU goes draining the 50-endpoint backlog"
  echo
  echo "JFR (\`settings=profile\`) from the backlog's insert to its last delivery: the delivery pipeline alone."
  echo
  echo "$TOP_FRAMES"
  echo
  echo "Latency is the receiver's clock at arrival minus the event's createdAt (milliseconds in the body, so it reads up to"
  echo "1 ms high); both clocks are this machine's. Raw producer output and receiver statistics: \`bench/results/raw/webhooks-pipeline/\`."
} > "$OUT"
cat "$OUT"
