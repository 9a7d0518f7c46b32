#!/usr/bin/env bash
# Slow clients (slowloris): do connections that drip their request headers byte by byte hurt normal
# requests, and are they cut at the 20 s header deadline (HeaderDeadlineProtocol)?
#
#   bench/slow-clients.sh                 → bench/results/slow-clients.md   (~3 minutes)
#   SLOW=500 DURATION=30s bench/slow-clients.sh
#
# Starts the packaged jar on a fresh database with one organization (20 clients), warms it up (20 s of
# wrk), then measures GET /api/clients?limit=10 with a key, wrk -tTHREADS -cCONNS --latency after a
# WARMUP of the same, in alternating rounds (the shared machine's load falls on both alike):
#   (a) no slow connections, (b) while SLOW slowloris connections are open; ROUNDS times.
# The slowloris (python, in the background for each (b), from 5 s before its warm-up) opens SLOW connections to the server,
# sends "GET / HTTP/1.1", a Host header and the start of another, then one more header byte per
# connection every DRIP seconds, never ending the head; a connection the server closes is opened
# again at once, so SLOW stay open. It records how long each connection lived before the server cut it.
# Loopback only; every loop is bounded by the run's duration.
#
# Knobs: SLOW=200 DRIP=2 ROUNDS=3 THREADS=2 CONNS=32 WARMUP=5s DURATION=20s PORT=18470 DB=cm_bench_slow REBUILD=1
source "$(dirname "$0")/lib.sh"
SLOW="${SLOW:-200}" DRIP="${DRIP:-2}" ROUNDS="${ROUNDS:-3}"
PORT="${PORT:-18470}"
DB="${DB:-cm_bench_slow}"
RAW="$RESULTS/raw/slow-clients"
OUT="$RESULTS/slow-clients.md"
WORK="$(mktemp -d /tmp/clearmargin-bench-slow.XXXXXX)"
PID="" LORIS=""
cleanup() {
  [[ -n "$LORIS" ]] && kill "$LORIS" 2>/dev/null || true
  [[ -n "$PID" ]] && stop_server "$PID"
  psql_at postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
seconds() { echo "${1%s}"; }

need_tools
build_jar
port_free "$PORT"
mkdir -p "$RAW"
fresh_db "$DB"
bench_org "$DB" "Slow clients"
PID="$(start_server "$DB" "$PORT")"
BASE="http://127.0.0.1:$PORT"
AUTH="Authorization: Bearer $KEY"
for i in $(seq 1 20); do
  api -o /dev/null -X POST -H "$AUTH" -H 'Content-Type: application/json' -d "{\"name\":\"Client $i\"}" "$BASE/api/clients"
done
URL="$BASE/api/clients?limit=10"

# slowloris SECONDS OUT: SLOW dripping connections for SECONDS, then a summary line in OUT
slowloris() {
  python3 - "$PORT" "$SLOW" "$DRIP" "$1" > "$2" <<'PY'
import socket, sys, time
port, want, drip, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
HEAD = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
conns, lifetimes, open_samples, failed = {}, [], [], 0
def connect():
    global failed
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=2)
        s.sendall(HEAD)
        s.setblocking(False)
        conns[s] = time.monotonic()
    except OSError:
        failed += 1
end = time.monotonic() + seconds
while time.monotonic() < end:
    while len(conns) < want and time.monotonic() < end:
        connect()
    open_samples.append(len(conns))
    for s, born in list(conns.items()):
        try:
            if s.recv(1, socket.MSG_PEEK) == b"":   # the server closed it
                raise ConnectionResetError
        except BlockingIOError:
            try:
                s.send(b"a")                          # still open: one more header byte
                continue
            except OSError:
                pass
        except OSError:
            pass
        lifetimes.append(time.monotonic() - born)
        del conns[s]
        s.close()
    time.sleep(drip)
for s in conns:
    s.close()
lifetimes.sort()
pick = lambda q: f"{lifetimes[min(len(lifetimes) - 1, int(q * len(lifetimes)))]:.1f}" if lifetimes else "-"
print(f"cut={len(lifetimes)} min={pick(0)} p50={pick(0.5)} max={pick(1)} "
      f"open_min={min(open_samples)} open_avg={sum(open_samples) / len(open_samples):.0f} connect_failures={failed}")
PY
}

# established SECONDS OUT: the server port's established connections (ss), every 2 s for SECONDS
established() {
  local i
  for i in $(seq 1 $(($1 / 2))); do ss -Htn state established "( sport = :$PORT )" | wc -l; sleep 2; done > "$2"
}

log "JIT warm-up: 20 s of wrk"
wrk -t"$THREADS" -c"$CONNS" -d20s -H "$AUTH" "$URL" >/dev/null
ROWS=() LORIS_LINES=() SS_LINES=()
for r in $(seq 1 "$ROUNDS"); do
  log "round $r: (a) no slow connections"
  ROWS+=("$(wrk_row "slow-clients/a-$r" "$URL" "$AUTH")")
  log "round $r: (b) $SLOW slow connections"
  slowloris $(( 5 + $(seconds "$WARMUP") + $(seconds "$DURATION") )) "$RAW/slowloris-$r.txt" &
  LORIS=$!
  sleep 5
  ( sleep "$(seconds "$WARMUP")"; established "$(seconds "$DURATION")" "$RAW/established-$r.txt" ) &
  ROWS+=("$(wrk_row "slow-clients/b-$r" "$URL" "$AUTH")")
  wait  # the slowloris ends and closes its connections, the sampler ends
  LORIS=""
  LORIS_LINES+=("$(cat "$RAW/slowloris-$r.txt")")
  SS_LINES+=("$(sort -n "$RAW/established-$r.txt" | awk -v c="$CONNS" '{v[NR]=$1-c; s+=$1-c} END{printf "min %d, mean %.0f, max %d", v[1], s/NR, v[NR]}')")
done
field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
# summary CONDITION: mean p50 and p99 (ms) over the rounds' rows of that condition
summary() {
  local row p50s=() p99s=()
  for row in "${ROWS[@]}"; do
    [[ "$row" == "| slow-clients/$1-"* ]] || continue
    read -r _ p50 p99 _ < <(wrk_cols "$row")
    p50s+=("$p50") p99s+=("$p99")
  done
  python3 -c "import sys; a=[float(x) for x in sys.argv[1].split()]; b=[float(x) for x in sys.argv[2].split()]; print(f'{sum(a)/len(a):.2f} ms | {sum(b)/len(b):.2f} ms | {min(b):.2f}–{max(b):.2f} ms')" "${p50s[*]}" "${p99s[*]}"
}

{
  echo "# Slow clients (slowloris) and normal requests"
  echo
  echo "Produced by \`bench/slow-clients.sh\` at commit $(git -C "$REPO" rev-parse --short HEAD). The server shares the"
  echo "machine with PostgreSQL, wrk, the slowloris script (and other developers' work: see the load row)."
  echo
  machine
  echo "| commit | $(git -C "$REPO" rev-parse --short HEAD) |"
  echo "| command | \`SLOW=$SLOW DRIP=$DRIP ROUNDS=$ROUNDS THREADS=$THREADS CONNS=$CONNS WARMUP=$WARMUP DURATION=$DURATION bench/slow-clients.sh\` |"
  echo "| server | \`CLEARMARGIN_DB_URL=$PG/$DB CLEARMARGIN_DEMO=false PORT=$PORT java ${JAVA_OPTS:-} -jar target/clearmargin.jar\` |"
  echo "| load | \`wrk -t$THREADS -c$CONNS -d$DURATION --latency -H 'Authorization: Bearer sk_live_…' '$URL'\` after a $WARMUP warm-up of the same |"
  echo "| slowloris | $SLOW connections, each sending \`GET / HTTP/1.1\`, \`Host\` and the start of a header, then one byte every $DRIP s; a cut connection is reopened at once |"
  echo
  echo "| run | req/s | p50 | p75 | p90 | p99 | non-2xx |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  for row in "${ROWS[@]}"; do
    row="${row/slow-clients\/a-/(a) no slow connections, round }"
    echo "${row/slow-clients\/b-/(b) $SLOW slow connections open, round }"
  done
  echo
  echo "| condition | mean p50 | mean p99 | p99 range over the rounds |"
  echo "|---|---:|---:|---:|"
  echo "| (a) no slow connections | $(summary a) |"
  echo "| (b) $SLOW slow connections open | $(summary b) |"
  echo
  echo "Slow connections during each (b): established connections to the server port other than wrk's"
  echo "(\`ss\`, every 2 s of the measured run), and the connections the server cut, with their lifetime from the"
  echo "first byte as the slowloris saw it (it polls every $DRIP s, so a cut is seen up to $DRIP s late). The
slowloris opens all its connections at once, so the server cuts them together about 20.5 s later, in
the middle of the measured run, and they are open again within one poll: the "min 0" is that moment."
  echo
  echo "| round | slow connections established | cut by the server | lifetime min / median / max (s) |"
  echo "|---|---|---:|---|"
  for i in "${!LORIS_LINES[@]}"; do
    l="${LORIS_LINES[$i]}"
    echo "| $((i + 1)) | ${SS_LINES[$i]} | $(field "$l" cut) | $(field "$l" min) / $(field "$l" p50) / $(field "$l" max) |"
  done
  echo
  echo "Raw output: \`bench/results/raw/slow-clients/\` (not committed)."
} > "$OUT"
cat "$OUT"
