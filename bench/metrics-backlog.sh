#!/usr/bin/env bash
# What the backlog gauges of /metrics cost the database: the exact statements WebhookMetrics and
# MailMetrics run (at most once per 5 s per node), timed with EXPLAIN ANALYZE on a database holding
# large backlogs among many finished rows. Needs only psql and the PostgreSQL service.
#   bench/metrics-backlog.sh            (WAITING=100000 DONE=500000 ENDPOINTS=200 by default; KEEP=1 keeps the database)
source "$(dirname "$0")/lib.sh"
WAITING="${WAITING:-100000}" DONE="${DONE:-500000}" ENDPOINTS="${ENDPOINTS:-200}" RUNS="${RUNS:-5}"
DB=cm_bench_metrics
OUT="${OUT:-$RESULTS/metrics-backlog.md}"
command -v psql >/dev/null || need_tools
q() { psql -h 127.0.0.1 -U postgres -d "$DB" -qAt -v ON_ERROR_STOP=1 "$@"; }

log "fresh database $DB and the schema (migrations applied with psql)"
fresh_db "$DB"
for f in "$REPO"/src/main/resources/db/migration/V*.sql; do q -f "$f" >/dev/null; done

log "$ENDPOINTS endpoints; $DONE finished and $WAITING waiting deliveries; events and mail alike"
q <<SQL
INSERT INTO organizations (id, name, currency, timezone, created_at, updated_at)
SELECT '00000000-0000-0000-0000-000000000001', 'Bench', 'USD', 'UTC', now(), now();
INSERT INTO webhooks (organization_id, id, url, events, enabled, created_at, updated_at)
SELECT '00000000-0000-0000-0000-000000000001', gen_random_uuid(), 'https://example.com/' || i, '{*}',
       i % 10 <> 0, now(), now()
  FROM generate_series(1, $ENDPOINTS) i;
CREATE TEMP TABLE hooks AS SELECT row_number() OVER () AS n, id FROM webhooks;
INSERT INTO webhook_deliveries (organization_id, id, webhook_id, event_id, event_type, status, attempts,
                                next_attempt_at, window_started_at, created_at, updated_at)
SELECT '00000000-0000-0000-0000-000000000001', gen_random_uuid(), h.id, gen_random_uuid(), 'invoice_sent',
       CASE WHEN i <= $WAITING THEN (CASE WHEN i % 3 = 0 THEN 'retrying' ELSE 'pending' END) ELSE 'succeeded' END,
       1, CASE WHEN i <= $WAITING THEN now() + (i % 600 - 300) * interval '1 second' END,
       now() - i * interval '1 second', now() - i * interval '1 second', now()
  FROM generate_series(1, $WAITING + $DONE) i JOIN hooks h ON h.n = 1 + i % $ENDPOINTS;
INSERT INTO events (organization_id, id, type, document_type, document_id, data, dispatched, created_at, updated_at)
SELECT '00000000-0000-0000-0000-000000000001', gen_random_uuid(), 'invoice_sent', 'invoice', 'inv_' || i, '{}',
       i > $WAITING, now() - i * interval '1 second', now()
  FROM generate_series(1, $WAITING + $DONE) i;
INSERT INTO mail_outbox (organization_id, id, recipient, subject, body, document_id, status, next_attempt_at, created_at)
SELECT '00000000-0000-0000-0000-000000000001', gen_random_uuid(), 'a@example.com', 's', 'b', 'inv_' || i,
       CASE WHEN i <= $WAITING THEN 'pending' ELSE 'sent' END, now() - (i % 600) * interval '1 second',
       now() - i * interval '1 second'
  FROM generate_series(1, $WAITING + $DONE) i;
VACUUM ANALYZE webhooks; VACUUM ANALYZE webhook_deliveries; VACUUM ANALYZE events; VACUUM ANALYZE mail_outbox;
SQL

# The statements as jOOQ renders them (WebhookMetrics.read, MailMetrics.read).
DELIVERIES='select count(*), min("webhook_deliveries"."created_at"), min("webhook_deliveries"."next_attempt_at") from "webhook_deliveries" join "webhooks" on ("webhooks"."organization_id" = "webhook_deliveries"."organization_id" and "webhooks"."id" = "webhook_deliveries"."webhook_id") where ("webhook_deliveries"."status" in ('"'pending'"', '"'retrying'"') and "webhooks"."enabled")'
# for comparison: the same without the oldest age (min(created_at) is what needs the table's rows)
DELIVERIES_NO_AGE='select count(*), min("webhook_deliveries"."next_attempt_at") from "webhook_deliveries" join "webhooks" on ("webhooks"."organization_id" = "webhook_deliveries"."organization_id" and "webhooks"."id" = "webhook_deliveries"."webhook_id") where ("webhook_deliveries"."status" in ('"'pending'"', '"'retrying'"') and "webhooks"."enabled")'
EVENTS='select count(*), min("events"."created_at"), min("events"."created_at") from "events" where not ("events"."dispatched")'
MAIL='select count(*), min("mail_outbox"."created_at"), min("mail_outbox"."next_attempt_at") from "mail_outbox" where "mail_outbox"."status" = '"'pending'"

# time NAME SQL: median execution time of RUNS EXPLAIN ANALYZE runs, the plan's top node and the count
measure() {
  local name=$1 sql=$2 times=() plan
  for _ in $(seq 1 "$RUNS"); do
    times+=("$(q -c "EXPLAIN (ANALYZE, FORMAT JSON) $sql" | json "d[0]['Execution Time']")")
  done
  plan="$(q -c "EXPLAIN $sql" | grep -oE '(Index Only Scan|Index Scan|Bitmap Index Scan|Seq Scan|Hash Join|Nested Loop|Merge Join)[^(]*' | head -3 | sed 's/ *$//' | paste -sd ';' | sed 's/;/; /g')"
  local median; median="$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")"
  echo "| $name | $(q -c "$sql" | cut -d'|' -f1) | ${median} ms | $plan |"
}

log "timing ($RUNS runs each)"
ROWS="$(measure "webhook deliveries waiting" "$DELIVERIES")
$(measure "(comparison) webhook deliveries waiting, without the oldest age" "$DELIVERIES_NO_AGE")
$(measure "outbox events not dispatched" "$EVENTS")
$(measure "mail waiting" "$MAIL")"

cat > "$OUT" <<MD
# What the /metrics backlog gauges cost the database

Produced by \`bench/metrics-backlog.sh\` at commit $(git -C "$REPO" rev-parse --short HEAD). Each gauge
family runs its statement at most once per 5 s per node (\`WebhookMetrics\`, \`MailMetrics\`), however
often Prometheus scrapes. Times are PostgreSQL's own (EXPLAIN ANALYZE, median of $RUNS, warm cache),
not including the round trip.

| item | value |
|---|---|
| date (UTC) | $(date -u '+%Y-%m-%d %H:%M') |
| machine | $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB RAM |
| PostgreSQL | $(q -c 'select version()' | cut -d, -f1) |
| load (1, 5, 15 min) when the script started / when it wrote this | $LOAD_AT_START / $(cut -d' ' -f1-3 /proc/loadavg) |
| command | \`WAITING=$WAITING DONE=$DONE ENDPOINTS=$ENDPOINTS RUNS=$RUNS bench/metrics-backlog.sh\` |
| data | $ENDPOINTS webhook endpoints (1 in 10 disabled); $((WAITING + DONE)) deliveries, $WAITING of them waiting (pending or retrying); as many events, $WAITING not dispatched; as many mail rows, $WAITING pending |

| statement | rows counted | execution time | plan (top nodes) |
|---|---:|---:|---|
$ROWS
MD
log "wrote $OUT"
cat "$OUT"
[[ -n "${KEEP:-}" ]] || psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null
