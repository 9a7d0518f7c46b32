#!/usr/bin/env bash
# Two app nodes behind HAProxy, one PostgreSQL, Redis for the rate limit: what holds across nodes.
#
#   bench/two-nodes.sh                   → bench/results/two-nodes.md
#   RL_SECONDS=5 EVENTS=100 REVOKE_ROUNDS=3 DURATION=3s WARMUP=1s bench/two-nodes.sh   (a smoke run)
#
# (a) rate limit: a key limited to RL_LIMIT/min hammered through the balancer (round robin over both
#     nodes) for RL_SECONDS; responses counted by status exactly (wrk + bench/wrk/count-statuses.lua).
#     A token bucket that starts full allows capacity + refill × elapsed = RL_LIMIT + RL_LIMIT/60 × s.
# (b) webhooks: EVENTS invoice_sent events created through the balancer (POST /api/invoices/{id}/send,
#     8 connections, half on each node); a local receiver counts every X-Webhook-Id: each must arrive
#     exactly once (no failures are provoked, so one attempt each).
# (c) revocation: a key is polled on node 2 in a tight loop while node 1 revokes it (DELETE
#     /api/api-keys/{id}); the time from the DELETE's answer to node 2's first 401 (goal ≤ 1 s).
# (d) throughput of GET /api/time-entries?limit=10&depth=0 through HAProxy to both nodes, through
#     HAProxy to node 1 only, and to node 1 directly: same wrk settings.
#
# Knobs: RL_LIMIT=600 RL_SECONDS=30 EVENTS=1000 REVOKE_ROUNDS=10 THREADS=2 CONNS=32 WARMUP=5s DURATION=20s
#        BASE_PORT=18130 (LB; nodes +1 and +2, LB to node 1 only +3, receiver +4, HAProxy stats +9),
#        REDIS=redis://127.0.0.1:6379, JAVA_OPTS (each node, default -Xmx512m), REBUILD=1
source "$(dirname "$0")/lib.sh"
RL_LIMIT="${RL_LIMIT:-600}" RL_SECONDS="${RL_SECONDS:-30}" EVENTS="${EVENTS:-1000}" REVOKE_ROUNDS="${REVOKE_ROUNDS:-10}"
BASE_PORT="${BASE_PORT:-18130}"
LB=$BASE_PORT N1=$((BASE_PORT + 1)) N2=$((BASE_PORT + 2)) LB1=$((BASE_PORT + 3)) RECV=$((BASE_PORT + 4)) STATS=$((BASE_PORT + 9))
REDIS="${REDIS:-redis://127.0.0.1:6379}"
SERVER_OPTS="${JAVA_OPTS:--Xmx512m}"
DB=cm_bench_two_nodes
RAW="$RESULTS/raw/two-nodes"
OUT="$RESULTS/two-nodes.md"
WORK="$(mktemp -d /tmp/clearmargin-bench-two.XXXXXX)"
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do stop_server "$pid"; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# lb_counts: requests each node received through the balancer so far, "n1 n2"
lb_counts() {
  curl -fsS "http://127.0.0.1:$STATS/stats;csv" | python3 -c '
import csv, sys
rows = list(csv.DictReader(line.lstrip("# ") for line in sys.stdin))
n = {r["svname"]: int(r["stot"] or 0) for r in rows if r["pxname"] == "both"}
print(n.get("n1", 0), n.get("n2", 0))'
}

# served PATH: what both nodes answered so far, from their /metrics, "2xx-of-PATH 429s": exact, unlike a
# client's count, which misses the requests still in flight when wrk stops
served() {
  local m
  m="$(curl -fsS "http://127.0.0.1:$N1/metrics"; curl -fsS "http://127.0.0.1:$N2/metrics")"
  echo "$(echo "$m" | metric http_server_requests_seconds_count "uri=\"$1\"" 'outcome="SUCCESS"')" \
       "$(echo "$m" | metric http_server_requests_seconds_count 'status="429"')"
}

need_tools
command -v haproxy >/dev/null || { log "apt-get install haproxy"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null; }
redis-cli -u "$REDIS" ping >/dev/null 2>&1 || { log "Redis does not answer at $REDIS"; exit 1; }
build_jar
mkdir -p "$RAW"
rm -f "$RAW"/*
for p in $LB $N1 $N2 $LB1 $RECV $STATS; do port_free "$p"; done

log "database $DB: organization, key, small seed"
fresh_db "$DB"
bench_org "$DB" "Two nodes"
AUTH="Authorization: Bearer $KEY"
cli "$DB" seed --org "$ORG" --clients 20 --contacts 80 --projects 40 --members 5 --invoices 1500 --time-entries 20000 \
  > "$RAW/seed.json"

log "nodes on $N1 and $N2 (Redis $REDIS), HAProxy on $LB"
NODE_ENV=(CLEARMARGIN_REDIS_URL="$REDIS" CLEARMARGIN_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true)
PIDS+=("$(JAVA_OPTS="$SERVER_OPTS" start_server "$DB" "$N1" "${NODE_ENV[@]}")")
PIDS+=("$(JAVA_OPTS="$SERVER_OPTS" start_server "$DB" "$N2" "${NODE_ENV[@]}")")
cat > "$WORK/haproxy.cfg" <<EOF
global
    maxconn 4096
defaults
    mode http
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    option http-keep-alive
frontend pair
    bind 127.0.0.1:$LB
    default_backend both
frontend node1_only
    bind 127.0.0.1:$LB1
    default_backend one
backend both
    balance roundrobin
    option httpchk GET /health
    server n1 127.0.0.1:$N1 check inter 1s
    server n2 127.0.0.1:$N2 check inter 1s
backend one
    option httpchk GET /health
    server n1 127.0.0.1:$N1 check inter 1s
listen stats
    bind 127.0.0.1:$STATS
    stats enable
    stats uri /stats
EOF
haproxy -db -f "$WORK/haproxy.cfg" > "$RAW/haproxy.log" 2>&1 &
HAPROXY_PID=$!
PIDS+=("$HAPROXY_PID")
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$LB/health" >/dev/null 2>&1 && break; sleep 0.2; done
sleep 2 # both servers marked up by the health checks
BASE="http://127.0.0.1:$LB"

# ------------------------------------------------------------------ (a) rate limit across both nodes
log "(a) rate limit: a key of $RL_LIMIT/min through the balancer for ${RL_SECONDS}s"
RL_KEY="$(api -f -H "$AUTH" -H 'Content-Type: application/json' \
  -d "{\"name\":\"rate limit probe\",\"scopes\":[\"full_access\"],\"rateLimitPerMinute\":$RL_LIMIT}" \
  "$BASE/api/api-keys" | json 'd["doc"]["key"]')"
read -r before1 before2 < <(lb_counts)
read -r ok_before refused_before < <(served /api/organization)
wrk -t2 -c8 -d"${RL_SECONDS}s" -s "$BENCH/wrk/count-statuses.lua" -H "Authorization: Bearer $RL_KEY" \
  "$BASE/api/organization" > "$RAW/rate-limit.txt"
sleep 1 # the last requests wrk left in flight are answered
read -r after1 after2 < <(lb_counts)
read -r ok_after refused_after < <(served /api/organization)
RL_RESULT="$(python3 - "$RAW/rate-limit.txt" "$RL_LIMIT" "$((ok_after - ok_before))" "$((refused_after - refused_before))" <<'PY'
import sys
statuses, elapsed = {}, 0.0
for line in open(sys.argv[1]):
    f = line.split()
    if f[:1] == ["status"]: statuses[int(f[1])] = int(f[2])
    if f[:1] == ["elapsed_us"]: elapsed = int(f[1]) / 1e6
limit, served_ok, served_429 = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
client_ok = sum(n for code, n in statuses.items() if 200 <= code < 300)
client_429 = statuses.get(429, 0)
other = sum(statuses.values()) - client_ok - client_429
expected = limit + limit / 60 * elapsed
dev = 100 * (served_ok - expected) / expected
print(served_ok, served_429, f"{client_ok}/{client_429}/{other}", f"{elapsed:.2f}", f"{expected:.1f}", f"{dev:+.2f}",
      "yes" if abs(dev) <= 1 else "NO")
PY
)"
read -r RL_ALLOWED RL_REFUSED RL_CLIENT RL_ELAPSED RL_EXPECTED RL_DEV RL_OK <<<"$RL_RESULT"
RL_SPLIT="$((after1 - before1)) / $((after2 - before2))"

# ------------------------------------------------------------------ (b) webhooks sent once across nodes
log "(b) webhooks: $EVENTS invoice_sent events through the balancer"
RECV_PID="$(start_receiver "$RECV")"
PIDS+=("$RECV_PID")
api -f -o /dev/null -H "$AUTH" -H 'Content-Type: application/json' \
  -d "{\"url\":\"http://127.0.0.1:$RECV/hook/two-nodes\",\"events\":[\"invoice_sent\"]}" "$BASE/api/webhooks"
sent_invoice_ids "$BASE" "$KEY" 1000 > "$WORK/invoices.txt"
read -r before1 before2 < <(lb_counts)
SEND_JSON="$(python3 "$BENCH/send_invoices.py" "$BASE" "$KEY" "$EVENTS" 8 "$WORK/invoices.txt")"
read -r after1 after2 < <(lb_counts)
SENT_OK="$(echo "$SEND_JSON" | json 'd["status"].get("200", 0)')"
WH_SPLIT="$((after1 - before1)) / $((after2 - before2))"
# wait until the receiver has as many deliveries as there were events (or nothing moves for 30 s)
last=-1 still=0
while :; do
  got="$(curl -fsS "http://127.0.0.1:$RECV/stats" | json 'd["received"]')"
  ((got >= SENT_OK)) && break
  if ((got == last)); then ((++still >= 30)) && break; else still=0; fi
  last=$got; sleep 1
done
sleep 3 # anything sent twice would arrive now
WH_STATS="$(curl -fsS "http://127.0.0.1:$RECV/stats")"
curl -fsS "http://127.0.0.1:$RECV/counts" > "$RAW/webhook-counts.txt"
WH_EVENTS_DB="$(psql_at "$DB" -c "SELECT count(*) FROM events WHERE type = 'invoice_sent'")"
WH_DELIVERY_STATES="$(psql_at "$DB" -c "SELECT string_agg(status || ' ' || n || ' (attempts ' || attempts || ')', ', ') FROM
  (SELECT status, attempts, count(*) n FROM webhook_deliveries GROUP BY 1, 2 ORDER BY 1, 2) s")"
WH_ROWS_PER_EVENT="$(psql_at "$DB" -c "SELECT coalesce(max(n), 0) FROM (SELECT count(*) n FROM webhook_deliveries GROUP BY event_id) s")"

# ------------------------------------------------------------------ (c) revocation seen by the other node
log "(c) revocation: $REVOKE_ROUNDS keys revoked on node 1 while node 2 is polled"
REVOKE_ROWS="$(python3 - "$N1" "$N2" "$KEY" "$REVOKE_ROUNDS" <<'PY'
import http.client, json, sys, threading, time
n1, n2, key, rounds = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
def call(port, method, path, k, body=None, conn=None):
    c = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Authorization": f"Bearer {k}", "Content-Type": "application/json"}
    c.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    r = c.getresponse()
    data = r.read()
    return r.status, data
worst = 0.0
for i in range(rounds):
    status, data = call(n1, "POST", "/api/api-keys", key,
                        {"name": f"revoke probe {i}", "scopes": ["full_access"], "rateLimitPerMinute": 1000000})
    doc = json.loads(data)["doc"]
    probe_key, probe_id = doc["key"], doc["id"]
    first_401, oks, stop = [None], [0], threading.Event()
    def poll():
        conn = http.client.HTTPConnection("127.0.0.1", n2, timeout=10)
        while not stop.is_set():
            s, _ = call(n2, "GET", "/api/organization", probe_key, conn=conn)
            if s == 401:
                first_401[0] = time.monotonic(); return
            oks[0] += 1
    t = threading.Thread(target=poll); t.start()
    deadline = time.monotonic() + 10
    while oks[0] < 20 and time.monotonic() < deadline:
        time.sleep(0.005)                  # node 2 knows the key and polls it in a tight loop
    time.sleep(0.2 + 0.077 * i)            # revoke at varying points of node 2's one-second cache
    sent = time.monotonic()
    s, _ = call(n1, "DELETE", f"/api/api-keys/{probe_id}", key)
    answered = time.monotonic()
    node1_after, _ = call(n1, "GET", "/api/organization", probe_key)
    t.join(timeout=10); stop.set()
    if first_401[0] is None:
        print(f"| {i + 1} | {s} | {node1_after} | no 401 within 10 s | {oks[0]} |"); worst = float("inf"); continue
    ms = (first_401[0] - answered) * 1000
    worst = max(worst, ms)
    print(f"| {i + 1} | {s} | {node1_after} | {ms:.0f} | {oks[0]} |")
print(f"WORST {worst:.0f}")
PY
)"
REVOKE_WORST="$(echo "$REVOKE_ROWS" | awk '/^WORST/{print $2}')"
REVOKE_ROWS="$(echo "$REVOKE_ROWS" | grep -v '^WORST')"

# ------------------------------------------------------------------ (d) throughput: pair vs one node
log "(d) throughput through HAProxy (both nodes), HAProxy (node 1 only), node 1 directly"
TP_PATH="/api/time-entries?limit=10&depth=0"
TP_PAIR="$(wrk_row "two-nodes-haproxy-both" "$BASE$TP_PATH" "$AUTH")"
TP_LB1="$(wrk_row "two-nodes-haproxy-node1" "http://127.0.0.1:$LB1$TP_PATH" "$AUTH")"
TP_ONE="$(wrk_row "two-nodes-node1-direct" "http://127.0.0.1:$N1$TP_PATH" "$AUTH")"
mv "$RESULTS"/raw/two-nodes-*.txt "$RAW/" 2>/dev/null || true

{
  echo "# Two nodes behind HAProxy"
  echo
  echo "Produced by \`bench/two-nodes.sh\` at commit $(cd "$REPO" && git rev-parse --short HEAD). Both nodes, HAProxy,"
  echo "Redis, PostgreSQL, the load generators and the receiver all run on this one machine."
  echo
  machine
  echo "| HAProxy | $(haproxy -v | head -1 | cut -d' ' -f1-3) |"
  echo "| Redis | $(redis-cli -u "$REDIS" info server | awk -F: '/redis_version/{print $2}' | tr -d '\r') |"
  echo "| nodes | \`CLEARMARGIN_DB_URL=$PG/$DB CLEARMARGIN_REDIS_URL=$REDIS CLEARMARGIN_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true PORT=$N1 (and $N2) java $SERVER_OPTS -jar target/clearmargin.jar\` |"
  echo "| balancer | HAProxy, \`balance roundrobin\`, \`option httpchk GET /health\`, keep-alive (config below) |"
  echo
  echo "## (a) The rate limit holds across both nodes"
  echo
  echo "A key with \`rateLimitPerMinute: $RL_LIMIT\` (a bucket of $RL_LIMIT that refills $(python3 -c "print($RL_LIMIT/60)")/s), hammered through"
  echo "the balancer: \`wrk -t2 -c8 -d${RL_SECONDS}s -s bench/wrk/count-statuses.lua -H 'Authorization: Bearer <key>' $BASE/api/organization\`."
  echo
  echo "| requests node 1 / node 2 | elapsed (s) | allowed (2xx answered by the nodes) | refused (429) | wrk saw 2xx / 429 / other | expected allowed = $RL_LIMIT + $(python3 -c "print($RL_LIMIT/60)") × elapsed | deviation | within ±1 % |"
  echo "|---|---:|---:|---:|---|---:|---:|:---:|"
  echo "| $RL_SPLIT | $RL_ELAPSED | $RL_ALLOWED | $RL_REFUSED | $RL_CLIENT | $RL_EXPECTED | $RL_DEV % | $RL_OK |"
  echo
  echo "Allowed and refused are the nodes' own counts (\`http_server_requests_seconds_count\` of both nodes' \`/metrics\`, before"
  echo "and after): wrk does not count the requests still in flight when it stops, which the nodes did answer."
  echo
  echo "## (b) Webhooks are sent once, whichever node created the event"
  echo
  echo "$EVENTS × \`POST /api/invoices/{id}/send\` through the balancer (8 connections, \`bench/send_invoices.py\`),"
  echo "cycling over $(wc -l < "$WORK/invoices.txt") sent invoices; one webhook (invoice_sent) to the receiver \`bench/WebhookReceiver.java\`."
  echo
  echo "| item | value |"
  echo "|---|---|"
  echo "| sends answered | \`$SEND_JSON\` |"
  echo "| sends per node (node 1 / node 2) | $WH_SPLIT |"
  echo "| invoice_sent events in the database | $WH_EVENTS_DB |"
  echo "| delivery rows per event (max) | $WH_ROWS_PER_EVENT |"
  echo "| delivery rows by status | $WH_DELIVERY_STATES |"
  echo "| receiver | \`$WH_STATS\` |"
  echo
  echo "\`received\` = deliveries that arrived; \`distinct\` = different X-Webhook-Id; \`duplicates\` = arrivals beyond the first of an id."
  echo "Every event arrived exactly once when received = distinct = events and duplicates = 0."
  echo
  echo "## (c) A key revoked on node 1 is refused by node 2"
  echo
  echo "Each round: a new key, polled on node 2 (\`GET /api/organization\`, one keep-alive connection, back to back);"
  echo "\`DELETE /api/api-keys/{id}\` on node 1; time from the DELETE's answer to node 2's first 401."
  echo
  echo "| round | DELETE status | node 1 right after | node 2: ms to first 401 | node 2 200s before |"
  echo "|---:|---:|---:|---:|---:|"
  echo "$REVOKE_ROWS"
  echo
  echo "Worst: **$REVOKE_WORST ms** (goal ≤ 1000 ms: the nodes cache a key for one second)."
  echo
  echo "## (d) Throughput: the pair vs one node"
  echo
  echo "\`wrk -t$THREADS -c$CONNS -d$DURATION --latency\` after a $WARMUP warm-up, \`GET $TP_PATH\`. On a 2-core machine the second"
  echo "node competes for the same cores as the first, PostgreSQL, HAProxy and wrk: no gain is expected here; the rows show"
  echo "what the balancer costs and that the pair serves without errors. Scaling out needs cores (or machines) per node."
  echo
  echo "| route | req/s | p50 | p75 | p90 | p99 | non-2xx |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  echo "$TP_PAIR" | sed 's/^| two-nodes-haproxy-both |/| HAProxy → node 1 + node 2 |/'
  echo "$TP_LB1" | sed 's/^| two-nodes-haproxy-node1 |/| HAProxy → node 1 only |/'
  echo "$TP_ONE" | sed 's/^| two-nodes-node1-direct |/| node 1 directly |/'
  echo
  echo "<details><summary>HAProxy configuration</summary>"
  echo
  echo '```'
  cat "$WORK/haproxy.cfg"
  echo '```'
  echo "</details>"
} > "$OUT"
cat "$OUT"
