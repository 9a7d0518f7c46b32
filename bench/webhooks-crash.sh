#!/usr/bin/env bash
# Crash test of the webhook outbox: EVENTS events queued, the server killed with SIGKILL in the middle
# of delivering them, restarted; then every event must have been delivered at least once, every
# delivery must have succeeded, and only deliveries in flight at the kill may arrive twice.
#
#   bench/webhooks-crash.sh              → bench/results/webhooks-crash.md
#   EVENTS=2000 bench/webhooks-crash.sh  (a smoke run)
#
# Steps: a fresh database and organization; the server registers one webhook (all events) pointing at
# the local receiver (bench/WebhookReceiver.java, which logs every arrival) and stops; EVENTS rows are
# inserted straight into the outbox (events, dispatched = false, UUIDv7 ids); the server starts and
# dispatches and delivers them; KILL_AFTER seconds after the first arrival it is killed with kill -9;
# the deliveries it held (60 s leases) are counted; a new server starts and the script waits until
# the outbox is drained and no delivery is pending (the leases of the dead node expire first). Then
# the receiver's counts and the database are compared event by event.
#
# Knobs: EVENTS=10000 KILL_AFTER=1.5 DRAIN_TIMEOUT=900 PORT=18160 (receiver +1), JAVA_OPTS (default -Xmx512m), REBUILD=1
source "$(dirname "$0")/lib.sh"
EVENTS="${EVENTS:-10000}" KILL_AFTER="${KILL_AFTER:-1.5}" DRAIN_TIMEOUT="${DRAIN_TIMEOUT:-900}"
PORT="${PORT:-18160}" RECV=$(( ${PORT:-18160} + 1 ))
SERVER_OPTS="${JAVA_OPTS:--Xmx512m}"
DB=cm_bench_webhooks_crash
RAW="$RESULTS/raw/webhooks-crash"
OUT="$RESULTS/webhooks-crash.md"
PIDS=()
SERVER=""
cleanup() {
  local pid
  [[ -n "$SERVER" ]] && stop_server "$SERVER"
  for pid in "${PIDS[@]}"; do stop_server "$pid"; done
  return 0
}
trap cleanup EXIT
BASE="http://127.0.0.1:$PORT"
RSTATS="http://127.0.0.1:$RECV/stats"
SERVER_ENV=(CLEARMARGIN_DB_URL="$PG/$DB" CLEARMARGIN_DATA_DIR=/tmp/clearmargin-bench CLEARMARGIN_DEMO=false
            CLEARMARGIN_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true PORT="$PORT")
elapsed() { python3 -c "print(f'{($(date +%s%N) - $T0) / 1e9:.2f}')"; }   # seconds since the first start
received() { curl -fsS "$RSTATS" | json 'd["received"]'; }
q() { psql_at "$DB" -c "$1"; }

need_tools
build_jar
mkdir -p "$RAW"
rm -f "$RAW"/*
port_free "$PORT"

log "database $DB, organization, receiver on $RECV"
fresh_db "$DB"
bench_org "$DB" "Webhooks crash"
AUTH="Authorization: Bearer $KEY"
PIDS+=("$(start_receiver "$RECV" --log "$RAW/receiver.log")")

log "registering the webhook (server up once), then queueing $EVENTS events in the outbox"
SERVER="$(JAVA_OPTS="$SERVER_OPTS" start_server "$DB" "$PORT" CLEARMARGIN_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true)"
api -f -o /dev/null -H "$AUTH" -H 'Content-Type: application/json' \
  -d "{\"url\":\"http://127.0.0.1:$RECV/hook/crash\",\"events\":[\"*\"]}" "$BASE/api/webhooks"
stop_server "$SERVER"; SERVER=""
ORG_UUID="$(uuid_of "$ORG")"
q "$UUID7_SQL
   INSERT INTO events (organization_id, id, type, document_type, document_id, data, dispatched, created_at, updated_at)
   SELECT '$ORG_UUID', pg_temp.uuid7(clock_timestamp()), 'invoice_sent', 'invoice', 'inv_crash_' || g,
          jsonb_build_object('documentType', 'invoice', 'documentId', 'inv_crash_' || g), false, clock_timestamp(), clock_timestamp()
   FROM generate_series(1, $EVENTS) g" >/dev/null
curl -fsS -X POST "http://127.0.0.1:$RECV/reset" >/dev/null

# ------------------------------------------------------------------ first run, killed mid-delivery
log "first start; kill -9 ${KILL_AFTER}s after the first delivery arrives"
T0="$(date +%s%N)"
env "${SERVER_ENV[@]}" "$JAVA" $SERVER_OPTS -jar "$JAR" > "$RAW/server-1.log" 2>&1 &
SERVER=$!
until (( $(received) > 0 )); do
  kill -0 "$SERVER" 2>/dev/null || { tail -30 "$RAW/server-1.log" >&2; exit 1; }
  (( $(date +%s%N) - T0 > 300000000000 )) && { log "no delivery within 300 s"; exit 1; }
  sleep 0.05
done
FIRST_ARRIVAL="$(elapsed)"
sleep "$KILL_AFTER"
kill -9 "$SERVER"
wait "$SERVER" 2>/dev/null || true
SERVER=""
KILLED_AT="$(elapsed)"
sleep 0.5 # responses to requests the dead server had sent are in by now
AT_KILL_RECEIVED="$(received)"
AT_KILL_DISPATCHED="$(q "SELECT count(*) FROM events WHERE organization_id = '$ORG_UUID' AND dispatched")"
AT_KILL_ROWS="$(q "SELECT count(*) FROM webhook_deliveries WHERE organization_id = '$ORG_UUID'")"
AT_KILL_SUCCEEDED="$(q "SELECT count(*) FROM webhook_deliveries WHERE organization_id = '$ORG_UUID' AND status = 'succeeded'")"
AT_KILL_LEASED="$(q "SELECT count(*) FROM webhook_deliveries WHERE organization_id = '$ORG_UUID'
  AND status IN ('pending', 'retrying') AND locked_until > now()")"
q "SELECT id FROM webhook_deliveries WHERE organization_id = '$ORG_UUID' AND status IN ('pending', 'retrying')
   AND locked_until > now()" > "$RAW/leased-at-kill.txt"
log "killed at ${KILLED_AT}s: $AT_KILL_RECEIVED received, $AT_KILL_SUCCEEDED recorded as succeeded, $AT_KILL_LEASED leased by the dead node"

# ------------------------------------------------------------------ restart and drain
log "restart; waiting until every event is dispatched and no delivery is pending"
RESTART_AT="$(elapsed)"
env "${SERVER_ENV[@]}" "$JAVA" $SERVER_OPTS -jar "$JAR" > "$RAW/server-2.log" 2>&1 &
SERVER=$!
while :; do
  left="$(q "SELECT (SELECT count(*) FROM events WHERE organization_id = '$ORG_UUID' AND NOT dispatched)
              + (SELECT count(*) FROM webhook_deliveries WHERE organization_id = '$ORG_UUID' AND status IN ('pending', 'retrying'))")"
  ((left == 0)) && break
  kill -0 "$SERVER" 2>/dev/null || { tail -30 "$RAW/server-2.log" >&2; exit 1; }
  (( $(date +%s%N) - T0 > DRAIN_TIMEOUT * 1000000000 )) && { log "not drained after ${DRAIN_TIMEOUT}s"; break; }
  sleep 1
done
DRAINED_AT="$(elapsed)"
sleep 2
stop_server "$SERVER"; SERVER=""
curl -fsS "http://127.0.0.1:$RECV/counts" > "$RAW/receiver-counts.txt"
curl -fsS "$RSTATS" > "$RAW/receiver-stats.json"

# ------------------------------------------------------------------ verification, event by event
q "SELECT id FROM events WHERE organization_id = '$ORG_UUID'" > "$RAW/event-ids.txt"
q "SELECT event_id, count(*), bool_and(status = 'succeeded'), max(attempts) FROM webhook_deliveries
   WHERE organization_id = '$ORG_UUID' GROUP BY 1" > "$RAW/deliveries-by-event.txt"
DELIVERY_STATES="$(q "SELECT string_agg(status || ' ' || n || ' (attempts ' || attempts || ')', ', ') FROM
  (SELECT status, attempts, count(*) n FROM webhook_deliveries WHERE organization_id = '$ORG_UUID' GROUP BY 1, 2 ORDER BY 1, 2) s")"
VERDICT="$(python3 - "$RAW" "$EVENTS" "$AT_KILL_LEASED" <<'PY'
import collections, sys
raw, events, leased = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
alphabet = "0123456789abcdefghjkmnpqrstvwxyz"
def public(u):
    n = int(u.replace("-", ""), 16)
    return "evt_" + "".join(alphabet[(n >> (5 * i)) & 31] for i in range(25, -1, -1))
in_db = {public(l.strip()) for l in open(f"{raw}/event-ids.txt") if l.strip()}
counts = {}
for line in open(f"{raw}/receiver-counts.txt"):
    n, path, evt = line.split()
    counts[evt] = counts.get(evt, 0) + int(n)
rows = [l.strip().split("|") for l in open(f"{raw}/deliveries-by-event.txt") if l.strip()]
rows_per_event = collections.Counter(int(r[1]) for r in rows)
all_succeeded = all(r[2] == "t" for r in rows)
missing = in_db - counts.keys()
foreign = counts.keys() - in_db
histogram = collections.Counter(counts.values())
twice = sum(1 for c in counts.values() if c > 1)
checks = [
    ("events in the outbox", len(in_db) == events, f"{len(in_db)} (queued {events})"),
    ("every event delivered at least once", not missing, f"{len(in_db) - len(missing)} of {len(in_db)} received; missing {len(missing)}"),
    ("nothing delivered that was not queued", not foreign, f"{len(foreign)} unknown ids"),
    ("one delivery row per event (dispatch not repeated)", set(rows_per_event) == {1} and len(rows) == len(in_db),
     ", ".join(f"{k} row(s): {v} events" for k, v in sorted(rows_per_event.items())) or "no rows"),
    ("every delivery row succeeded (no attempt lost)", all_succeeded and len(rows) == len(in_db), "yes" if all_succeeded else "NO"),
    ("arrivals per event", True, ", ".join(f"{k}×: {v} events" for k, v in sorted(histogram.items()))),
    ("sent twice ≤ leases held by the killed node (at-least-once)", twice <= leased, f"{twice} sent twice; {leased} leased at the kill"),
]
for name, ok, detail in checks:
    print(f"| {name} | {detail} | {'ok' if ok else 'FAILED'} |")
PY
)"

{
  echo "# Webhook outbox: crash test"
  echo
  echo "Produced by \`bench/webhooks-crash.sh\` at commit $(cd "$REPO" && git rev-parse --short HEAD). Delivery is at least once (API.md §5): a"
  echo "crash may repeat the deliveries in flight, never lose one."
  echo
  machine
  echo "| server | \`CLEARMARGIN_DB_URL=$PG/$DB CLEARMARGIN_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true CLEARMARGIN_DEMO=false PORT=$PORT java $SERVER_OPTS -jar target/clearmargin.jar\` |"
  echo "| receiver | \`java -cp HdrHistogram-2.2.2.jar bench/WebhookReceiver.java --port $RECV --log …\` (answers 200 at once) |"
  echo "| events | $EVENTS rows inserted into \`events\` with \`dispatched = false\` before the first start; one webhook for all events |"
  echo
  echo "| moment | seconds after the first start | state |"
  echo "|---|---:|---|"
  echo "| first delivery arrives | $FIRST_ARRIVAL | |"
  echo "| \`kill -9\` | $KILLED_AT | $AT_KILL_RECEIVED received; $AT_KILL_DISPATCHED events dispatched into $AT_KILL_ROWS delivery rows, $AT_KILL_SUCCEEDED recorded as succeeded; **$AT_KILL_LEASED leased** by the killed node (in flight, or claimed and not yet sent) |"
  echo "| restart | $RESTART_AT | |"
  echo "| outbox drained, no delivery pending | $DRAINED_AT | the killed node's leases expire 60 s after they were taken; a new node then retries them |"
  echo
  echo "| check | result | verdict |"
  echo "|---|---|:---:|"
  echo "$VERDICT"
  echo
  echo "Delivery rows at the end: $DELIVERY_STATES. (\`attempts\` counts the attempts recorded; one that was in"
  echo "flight at the kill was never recorded, so a delivery sent twice can still show 1.)"
  echo
  echo "Receiver: \`$(cat "$RAW/receiver-stats.json")\`. Its log, the server logs and the per-event counts are in"
  echo "\`bench/results/raw/webhooks-crash/\` (not committed)."
} > "$OUT"
cat "$OUT"
