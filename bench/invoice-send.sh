#!/usr/bin/env bash
# What POST /api/invoices/{id}/send costs: requests/s, latency and the server's CPU per send, the e-mail
# it queues included (written as an .eml file: no SMTP is configured), with the jar as built and,
# optionally, the jar of an earlier commit, in alternating rounds on the same database (a b a b …) so
# that the load of a shared machine hits both alike.
#
# Each round: a fresh server, a 5 s warm-up of sends (not measured), then DURATION of sends with wrk
# (re-sending sent invoices; each send emits invoice_sent and queues one e-mail), then the wait until
# the mail outbox is empty. CPU per send = the server process's CPU time (utime + stime) from the start
# of the measured run until its outbox is empty, divided by the sends.
# Writes bench/results/invoice-send.md (+ raw wrk output in bench/results/raw/invoice-send/).
#
# Knobs (environment): BASELINE_REV=<git rev> (also measure that commit; built in a temporary worktree)
#   ROUNDS=3 DURATION=20s CONNS=8 THREADS=2 PORT=18130 DB=cm_bench_send
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
PORT="${PORT:-18130}"
DB="${DB:-cm_bench_send}"
ROUNDS="${ROUNDS:-3}"
CONNS="${CONNS:-8}"
RAW="$RESULTS/raw/invoice-send"
OUT="$RESULTS/invoice-send.md"
WORK="$(mktemp -d /tmp/clearmargin-bench-send.XXXXXX)"
SERVER_PID=""
BUILT_JAR="$JAR"

cleanup() {
  [[ -n "$SERVER_PID" ]] && stop_server "$SERVER_PID"
  if [[ -d "$WORK/baseline" ]]; then git -C "$REPO" worktree remove --force "$WORK/baseline" >/dev/null 2>&1 || true; fi
  psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# round NAME JAR: one measured round; appends "name|req/s|p50|p99|cpu ms per send|sends|mails sent" to rows
round() {
  local name=$1 jar=$2 base="http://127.0.0.1:$PORT" t0 t1 sends sent
  JAR="$jar"
  SERVER_PID="$(start_server "$DB" "$PORT")"
  WRK_INVOICES="$WORK/invoices.txt" wrk -t"$THREADS" -c"$CONNS" -d5s -s "$BENCH/wrk/send-invoices.lua" -H "$AUTH" "$base" >/dev/null
  wait_outbox_empty
  local before_sent; before_sent="$(psql_at "$DB" -c "SELECT count(*) FROM mail_outbox WHERE status = 'sent'")"
  t0="$(cpu_ticks "$SERVER_PID")"
  WRK_INVOICES="$WORK/invoices.txt" wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency \
    -s "$BENCH/wrk/send-invoices.lua" -H "$AUTH" "$base" > "$RAW/$name.txt"
  wait_outbox_empty
  t1="$(cpu_ticks "$SERVER_PID")"
  sent="$(( $(psql_at "$DB" -c "SELECT count(*) FROM mail_outbox WHERE status = 'sent'") - before_sent ))"
  stop_server "$SERVER_PID"; SERVER_PID=""
  sends="$(awk '/requests in/{print $1}' "$RAW/$name.txt")"
  awk -v n="$name" -v ticks="$((t1 - t0))" -v hz="$(getconf CLK_TCK)" -v sends="$sends" -v sent="$sent" '
    /Requests\/sec/{r=$2} /^ +50%/{p50=$2} /^ +99%/{p99=$2} /Non-2xx/{e=$NF}
    END{printf "%s|%s|%s|%s|%.1f|%s|%s|%s\n", n, r, p50, p99, ticks * 1000 / hz / sends, sends, (e==""?"0":e), sent}' \
    "$RAW/$name.txt" >> "$WORK/rows"
  log "$(tail -1 "$WORK/rows")"
}

wait_outbox_empty() {
  for _ in $(seq 1 120); do
    [[ "$(psql_at "$DB" -c "SELECT count(*) FROM mail_outbox WHERE status = 'pending'")" == 0 ]] && return 0
    sleep 0.5
  done
  log "the mail outbox did not drain in 60 s"; return 1
}

need_tools
build_jar
mkdir -p "$RAW"
rm -f "$RAW"/*
port_free "$PORT"
JARS=("as built=$BUILT_JAR")
if [[ -n "${BASELINE_REV:-}" ]]; then
  log "building the baseline $BASELINE_REV in a temporary worktree"
  git -C "$REPO" worktree add --detach "$WORK/baseline" "$BASELINE_REV" >/dev/null
  (cd "$WORK/baseline" && ./mvnw -q -B -DskipTests -Djacoco.skip=true package)
  JARS+=("$(git -C "$REPO" rev-parse --short "$BASELINE_REV")=$WORK/baseline/target/clearmargin.jar")
fi

log "database $DB: organization, key, seed (sent invoices to re-send)"
fresh_db "$DB"
bench_org "$DB" "Invoice sends"
AUTH="Authorization: Bearer $KEY"
cli "$DB" seed --org "$ORG" --clients 100 --contacts 400 --projects 200 --members 5 --invoices 4000 --time-entries 1000 >/dev/null
SERVER_PID="$(start_server "$DB" "$PORT")"
sent_invoice_ids "http://127.0.0.1:$PORT" "$KEY" 2000 > "$WORK/invoices.txt"
stop_server "$SERVER_PID"; SERVER_PID=""
log "$(wc -l < "$WORK/invoices.txt") sent invoices to cycle through"

: > "$WORK/rows"
for r in $(seq 1 "$ROUNDS"); do
  for entry in "${JARS[@]}"; do
    round "${entry%%=*} #$r" "${entry#*=}"
  done
done

{
  echo "# Invoice send: throughput, latency and CPU per send"
  echo
  machine
  echo "| command | \`$(basename "$0")\` ROUNDS=$ROUNDS DURATION=$DURATION CONNS=$CONNS THREADS=$THREADS${BASELINE_REV:+ BASELINE_REV=$BASELINE_REV} |"
  echo "| load | wrk \`-c$CONNS -d$DURATION\` POST /api/invoices/{id}/send over $(wc -l < "$WORK/invoices.txt") sent invoices (each send emits invoice_sent and queues an e-mail), after a 5 s warm-up; no webhooks |"
  echo
  echo "| server (round) | sends/s | p50 | p99 | server CPU per send (mail included) | sends | non-2xx | mails sent |"
  echo "|---|---|---|---|---|---|---|---|"
  while IFS='|' read -r name rps p50 p99 cpu sends errors mails; do
    echo "| $name | $rps | $p50 | $p99 | $cpu ms | $sends | $errors | $mails |"
  done < "$WORK/rows"
  echo
  echo "Reading: <fill in>"
} > "$OUT"
log "wrote $OUT"
