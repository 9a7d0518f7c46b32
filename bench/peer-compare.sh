#!/usr/bin/env bash
# Side by side with the Payload CMS peer (../shared/peer): the same data shape, the same four
# requests of its bench.sh, the same wrk settings, one server under load at a time.
#   bash bench/peer-compare.sh            → bench/results/peer-comparison.md
# The peer must have been set up once: bash ../shared/peer/start.sh && ../shared/peer/seed
source "$(dirname "$0")/lib.sh"
need_tools
build_jar
PEER="$REPO/../shared/peer"
PEER_BASE="${PEER_BASE:-http://127.0.0.1:3100}"
PEER_AUTH="Authorization: users API-Key ${PEER_API_KEY:-9f3c1e2a-7b4d-4e8f-a1c6-5d2b8e0f4a73}"
DB=cm_bench_peer PORT=18080 BASE="http://127.0.0.1:18080"

log "seeding our server with the peer's shape (50 clients, 200 contacts, 500 projects, 2,000 invoices, 20,000 time entries)"
fresh_db $DB
ORG_JSON="$(cli $DB org create --name 'Peer shape')"
ORG="$(echo "$ORG_JSON" | json 'd["organization"]["id"]')"
KEY="$(echo "$ORG_JSON" | json 'd["apiKey"]')"
psql -h 127.0.0.1 -U postgres -d $DB -qc "UPDATE organizations SET max_rate_limit_per_minute = 100000000"
KEY="$(cli $DB key create --org "$ORG" --name bench --scopes full_access --rate-limit 100000000 | json 'd["apiKey"]')"
SEED_OUT="$(cli $DB seed --org "$ORG" --clients 50 --contacts 200 --projects 500 --invoices 2000 --time-entries 20000)"
psql -h 127.0.0.1 -U postgres -d $DB -qc "VACUUM ANALYZE"

PID="$(start_server $DB $PORT)"
AUTH="Authorization: Bearer $KEY"
CLIENT="$(curl -fs -H "$AUTH" "$BASE/api/clients?sort=createdAt&limit=1&depth=0" | json 'd["docs"][0]["id"]')"
# the peer's first client is id 1; ours is the first one created
PATHS=("/api/time-entries?limit=10&depth=0" "/api/time-entries?limit=10&depth=1"
       "/api/invoices?where[status][equals]=sent&sort=-dueDate&limit=25" "/api/clients/$CLIENT")
PEER_PATHS=("/api/time-entries?limit=10&depth=0" "/api/time-entries?limit=10&depth=1"
            "/api/invoices?where[status][equals]=sent&sort=-dueDate&limit=25" "/api/clients/1")
NAMES=(time-entries_limit10_depth0 time-entries_limit10_depth1 invoices_sent_sort_duedate clients_by_id)

{
  echo "# Clearmargin vs Payload CMS peer: same data, same requests, same wrk settings"
  echo
  machine
  echo "| wrk settings | -t$THREADS -c$CONNS; each server first warmed up ${WARMUP_ALL:-15s} per request, then per request $WARMUP warm-up and $DURATION measured, --latency; one server under load at a time |"
  echo "| our server | \`$JAVA ${JAVA_OPTS:-} -jar target/clearmargin.jar\` on PostgreSQL database $DB (pool ${CLEARMARGIN_DB_POOL_SIZE:-20}) |"
  echo "| peer | Payload CMS 3.90.2 on Next.js 16 (node $(node --version)), \`next start\`, PostgreSQL database payload |"
  echo
  echo "Commands: \`bash bench/peer-compare.sh\` (this file); the peer alone: \`bash ../shared/peer/bench.sh\`."
  echo "Seed of our server: \`java -jar target/clearmargin.jar seed --org … --clients 50 --contacts 200 --projects 500 --invoices 2000 --time-entries 20000\`"
  echo
  echo '```'
  echo "$SEED_OUT" | head -40
  echo '```'
  echo
} > "$RESULTS/peer-comparison.md.tmp"

# The JVM compiles its hot paths during the first seconds of load; Node's JIT warms up too. Both
# servers get the same global warm-up (every request, WARMUP_ALL each) before any measured run.
warm_all() {
  local base=$1 header=$2; shift 2
  for p in "$@"; do wrk -t"$THREADS" -c"$CONNS" -d"${WARMUP_ALL:-15s}" -H "$header" "$base$p" >/dev/null; done
}
ours=() theirs=()
log "warming up our server"
warm_all "$BASE" "$AUTH" "${PATHS[@]}"
for i in 0 1 2 3; do
  log "ours: ${PATHS[$i]}"
  ours+=("$(wrk_row "ours_${NAMES[$i]}" "$BASE${PATHS[$i]}" "$AUTH")")
done
stop_server "$PID"
curl -fs -o /dev/null "$PEER_BASE/api/users/me" || { log "peer not running: bash $PEER/start.sh"; exit 1; }
log "warming up the peer"
warm_all "$PEER_BASE" "$PEER_AUTH" "${PEER_PATHS[@]}"
for i in 0 1 2 3; do
  log "peer: ${PEER_PATHS[$i]}"
  theirs+=("$(wrk_row "peer_${NAMES[$i]}" "$PEER_BASE${PEER_PATHS[$i]}" "$PEER_AUTH")")
done

{
  echo "| request | server | req/s | p50 | p75 | p90 | p99 | non-2xx |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|"
  for i in 0 1 2 3; do
    echo "${ours[$i]}" | sed "s/^| ours_[^|]*|/| ${NAMES[$i]} | clearmargin |/"
    echo "${theirs[$i]}" | sed "s/^| peer_[^|]*|/| ${NAMES[$i]} | payload |/"
  done
  echo
  echo "| request | req/s ratio (ours / peer) | p99 ours | p99 peer |"
  echo "|---|---:|---:|---:|"
  for i in 0 1 2 3; do
    python3 - "${ours[$i]}" "${theirs[$i]}" "${NAMES[$i]}" <<'PY'
import sys
def cols(row): return [c.strip() for c in row.strip().strip('|').split('|')]
o, p, name = cols(sys.argv[1]), cols(sys.argv[2]), sys.argv[3]
print(f"| {name} | {float(o[1]) / float(p[1]):.1f}× | {o[5]} | {p[5]} |")
PY
  done
} >> "$RESULTS/peer-comparison.md.tmp"
mv "$RESULTS/peer-comparison.md.tmp" "$RESULTS/peer-comparison.md"
cat "$RESULTS/peer-comparison.md"
