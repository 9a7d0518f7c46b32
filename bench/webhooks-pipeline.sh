#!/usr/bin/env bash
# Webhook pipeline throughput and latency: events produced through the API for a fixed time, delivered
# to a local receiver; deliveries per second and latency from the event's commit to its receipt.
# Targets: ≥ 1,000 deliveries/s and p99 < 100 ms for the healthy endpoints.
#
#   bench/webhooks-pipeline.sh           → bench/results/webhooks-pipeline.md
#   DURATION=5s BACKLOG=500 bench/webhooks-pipeline.sh            (a smoke run)
#
# Scenarios, one after the other on one server:
#   1 endpoint        one webhook (all events) to the receiver
#   50 endpoints      50 webhooks (all events): 49 to the receiver, ONE to a socket that accepts the
#                     connection and never answers (each attempt there ends by the 10 s timeout)
#   backlog           BACKLOG events written straight into the outbox at once (SQL, as after an outage),
#                     one endpoint: how fast the pipeline drains a queue (no producer in the way)
# Events: POST /api/invoices/{id}/send on sent invoices (invoice_sent each time) with wrk
# (bench/wrk/send-invoices.lua, PRODUCERS connections) for DURATION. The receiver
# (bench/WebhookReceiver.java) takes the latency as its arrival time minus the body's "timestamp" (the
# event's createdAt, set by the server in the transaction that wrote the event) into an HdrHistogram.
#
# Knobs: DURATION=30s PRODUCERS=8 BACKLOG=10000 PORT=18150 (receiver +1, dead endpoint +2),
#        JAVA_OPTS (server JVM, default -Xmx512m), REBUILD=1
source "$(dirname "$0")/lib.sh"
PORT="${PORT:-18150}" RECV=$(( ${PORT:-18150} + 1 )) DEAD=$(( ${PORT:-18150} + 2 ))
PRODUCERS="${PRODUCERS:-8}" DURATION="${DURATION:-30s}" BACKLOG="${BACKLOG:-10000}"
SERVER_OPTS="${JAVA_OPTS:--Xmx512m}"
DB=cm_bench_webhooks
RAW="$RESULTS/raw/webhooks-pipeline"
OUT="$RESULTS/webhooks-pipeline.md"
WORK="$(mktemp -d /tmp/clearmargin-bench-hooks.XXXXXX)"
PIDS=()
cleanup() {
  local pid
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

# scenario NAME HEALTHY [JFR]: produce events with wrk for DURATION, wait for the deliveries, append a
# result row; with JFR, the server is profiled from the start of the load to the last delivery
scenario() {
  local name=$1 healthy=$2 jfr=${3:-} t0 t1 before non2xx events during
  settle
  curl -fsS -X POST "http://127.0.0.1:$RECV/reset" >/dev/null
  log "$name: producing events for $DURATION with $PRODUCERS connections"
  before="$(events_now)"
  [[ -n "$jfr" ]] && "$JAVA_HOME/bin/jcmd" "$SERVER_PID" JFR.start name=pipeline settings=profile >/dev/null
  sample_waits "$RAW/$name.waits" &
  local sampler=$!
  t0="$(date +%s%N)"
  WRK_INVOICES="$WORK/invoices.txt" wrk -t2 -c"$PRODUCERS" -d"$DURATION" -s "$BENCH/wrk/send-invoices.lua" \
    -H "$AUTH" "$BASE" > "$RAW/$name.wrk.txt"
  t1="$(date +%s%N)"
  during="$(curl -fsS "$RSTATS" | json 'd["received"]')"
  non2xx="$(awk '/Non-2xx/{print $NF}' "$RAW/$name.wrk.txt")"
  sleep 1 # the sends wrk left in flight commit their events (wrk does not count them; the database does)
  events=$(($(events_now) - before))
  wait_received $((events * healthy))
  kill "$sampler"; wait "$sampler" 2>/dev/null || true
  WAITS["$name"]="$(waits_table "$RAW/$name.waits")"
  [[ -n "$jfr" ]] && "$JAVA_HOME/bin/jcmd" "$SERVER_PID" JFR.stop name=pipeline filename="$jfr" >/dev/null
  sleep 2 # late duplicates would show now
  curl -fsS "$RSTATS" > "$RAW/$name.stats.json"
  python3 - "$RAW/$name.stats.json" "$name" "$healthy" "$events" "${non2xx:-0}" "$t0" "$t1" "$during" >> "$WORK/rows" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
name, healthy, events, non2xx, t0, t1, during = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], \
    int(sys.argv[6]) / 1000, int(sys.argv[7]) / 1000, int(sys.argv[8])
produce_s = (t1 - t0) / 1e6
expected = events * healthy
span_s = max((s["lastArrivalMicros"] - s["firstArrivalMicros"]) / 1e6, 1e-6)
drain_s = max(0.0, (s["lastArrivalMicros"] - t1) / 1e6)
print(f"| {name} | {healthy} | {events} ({events / produce_s:.0f}/s; {non2xx} non-2xx) | {expected} | {s['received']} | "
      f"{s['distinct']} | {s['duplicates']} | {during / produce_s:.0f} | {s['received'] / span_s:.0f} | {drain_s:.1f} | "
      f"{s['p50ms']:.1f} | {s['p90ms']:.1f} | {s['p99ms']:.1f} | {s['maxms']:.1f} |")
PY
}

declare -A WAITS
need_tools
build_jar
mkdir -p "$RAW"
rm -f "$RAW"/*
: > "$WORK/rows"
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
# warm the send path and the delivery path up (JIT); the scenario waits for those deliveries first
ONE="$(webhook "http://127.0.0.1:$RECV/hook/0")"
WRK_INVOICES="$WORK/invoices.txt" wrk -t2 -c"$PRODUCERS" -d5s -s "$BENCH/wrk/send-invoices.lua" -H "$AUTH" "$BASE" >/dev/null

# ------------------------------------------------------------------ 1 endpoint
scenario "1 endpoint" 1

# ------------------------------------------------------------------ 50 endpoints, one of them dead
api -f -o /dev/null -X DELETE -H "$AUTH" "$BASE/api/webhooks/$ONE"
for i in $(seq 1 49); do webhook "http://127.0.0.1:$RECV/hook/$i" >/dev/null; done
DEAD_HOOK="$(webhook "http://127.0.0.1:$DEAD/hook/dead")"
scenario "50 endpoints (1 dead)" 49 "$RAW/50-endpoints.jfr"
TOP_FRAMES="$(top_frames "$RAW/50-endpoints.jfr")"
DEAD_UUID="$(uuid_of "$DEAD_HOOK")"
DEAD_STATES="$(psql_at "$DB" -c "SELECT coalesce(string_agg(status || ': ' || n || coalesce(' (' || error || ')', ''), ', '), 'none')
  FROM (SELECT status, error, count(*) n FROM webhook_deliveries WHERE webhook_id = '$DEAD_UUID' GROUP BY 1, 2 ORDER BY 1) s")"

# ------------------------------------------------------------------ backlog drain, 1 endpoint
log "backlog: $BACKLOG events queued in the outbox at once, one endpoint"
psql_at "$DB" -c "UPDATE webhooks SET enabled = false" >/dev/null
BACKLOG_HOOK="$(webhook "http://127.0.0.1:$RECV/hook/backlog")"
settle
curl -fsS -X POST "http://127.0.0.1:$RECV/reset" >/dev/null
T0="$(date +%s%N)"
psql_at "$DB" -c "$UUID7_SQL" -c "
  INSERT INTO events (organization_id, id, type, document_type, document_id, data, dispatched, created_at, updated_at)
  SELECT '$(uuid_of "$ORG")', pg_temp.uuid7(clock_timestamp()), 'invoice_sent', 'invoice', 'inv_backlog_' || g,
         jsonb_build_object('documentType', 'invoice', 'documentId', 'inv_backlog_' || g), false, clock_timestamp(), clock_timestamp()
  FROM generate_series(1, $BACKLOG) g" >/dev/null
wait_received "$BACKLOG"
curl -fsS "$RSTATS" > "$RAW/backlog.stats.json"
BACKLOG_ROW="$(python3 - "$RAW/backlog.stats.json" "$T0" "$BACKLOG" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); t0 = int(sys.argv[2]) / 1000; n = int(sys.argv[3])
total = (s["lastArrivalMicros"] - t0) / 1e6
span = max((s["lastArrivalMicros"] - s["firstArrivalMicros"]) / 1e6, 1e-6)
print(f"| {n} | {s['received']} | {s['distinct']} | {s['duplicates']} | {total:.1f} | {s['received'] / span:.0f} |")
PY
)"

{
  echo "# Webhook pipeline: throughput and latency"
  echo
  echo "Produced by \`bench/webhooks-pipeline.sh\` at commit $(cd "$REPO" && git rev-parse --short HEAD). Targets: ≥ 1,000 deliveries/s"
  echo "and p99 < 100 ms (commit → receipt) for the healthy endpoints. The server, PostgreSQL, wrk and the receiver share"
  echo "the machine's cores (and the machine is shared: see the load row)."
  echo
  machine
  echo "| server | \`CLEARMARGIN_DB_URL=$PG/$DB CLEARMARGIN_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true CLEARMARGIN_DEMO=false PORT=$PORT java $SERVER_OPTS -jar target/clearmargin.jar\` |"
  echo "| receiver | \`java -cp HdrHistogram-2.2.2.jar bench/WebhookReceiver.java --port $RECV --blackhole-port $DEAD\` (answers 200 at once; the dead endpoint accepts and never answers) |"
  echo "| producer | \`WRK_INVOICES=<$(wc -l < "$WORK/invoices.txt") sent invoice ids> wrk -t2 -c$PRODUCERS -d$DURATION -s bench/wrk/send-invoices.lua -H 'Authorization: Bearer …' $BASE\` after a 5 s warm-up |"
  echo
  echo "| scenario | healthy endpoints | events produced (rate; wrk's non-2xx) | deliveries expected | received | distinct (endpoint, event) | duplicates | deliveries/s while producing | deliveries/s first → last receipt | last receipt after the producer stopped (s) | p50 ms | p90 ms | p99 ms | max ms |"
  echo "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  cat "$WORK/rows"
  echo
  echo "Dead endpoint's deliveries at the end of the 50-endpoint run: $DEAD_STATES."
  echo
  echo "Backlog: events inserted into the outbox in one statement (no producer competing for the cores); time from the"
  echo "insert to the last receipt, one endpoint:"
  echo
  echo "| events queued | received | distinct | duplicates | seconds to drain | deliveries/s |"
  echo "|---:|---:|---:|---:|---:|---:|"
  echo "$BACKLOG_ROW"
  echo
  echo "## What the database's backends did"
  echo
  echo "\`pg_stat_activity\` of this database sampled every 0.2 s from the start of the load to the last delivery (backends"
  echo "not idle; \"idle in transaction\" = a transaction open while the server works between its statements)."
  for name in "1 endpoint" "50 endpoints (1 dead)"; do
    echo
    echo "$name:"
    echo
    echo "${WAITS[$name]}"
  done
  echo
  echo "## Where the server's CPU goes with 50 endpoints"
  echo
  echo "JFR (\`settings=profile\`) from the start of the 50-endpoint load to its last delivery: the API requests that"
  echo "produce the events and the delivery pipeline together."
  echo
  echo "$TOP_FRAMES"
  echo
  echo "Latency is the receiver's clock at arrival minus the event's createdAt (milliseconds in the body, so it reads up to"
  echo "1 ms high); both clocks are this machine's. Raw wrk output and receiver statistics: \`bench/results/raw/webhooks-pipeline/\`."
} > "$OUT"
cat "$OUT"
