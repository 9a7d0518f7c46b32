#!/usr/bin/env bash
# PostgreSQL failover under a write burst: a primary and a synchronous hot standby (two new clusters
# from Debian's PostgreSQL packages, on loopback), the server on a multi-host JDBC URL that targets the
# primary; WRITERS concurrent clients POST clients with unique names; the primary is killed with
# kill -9 (postmaster and every backend at once) in the middle of the burst and, PROMOTE_DELAY seconds
# later, the standby is promoted (as an operator or an orchestrator would). The server is not touched.
#
#   bench/failover.sh                  → bench/results/failover.md   (~1.5 min)
#   WRITERS=4 BURST=20 bench/failover.sh
#
# Checks: every write answered 201 is on the new primary (0 lost); during the gap the server answers
# 503 with Retry-After (any other status, a 500 above all, is reported); the server answers 201 again
# without a restart. The gap is measured from the first failed write to the first 201 after it.
#
# The two clusters live in a temporary directory and are removed on exit, with the server and the load
# generator (trap). The PostgreSQL service on 5432 is not used. Nothing listens beyond 127.0.0.1.
#
# Knobs: WRITERS=8 BURST=25 (s of burst) KILL_AT=6 (s into the burst) PROMOTE_DELAY=2 (s)
#        RETRY_PAUSE=0.2 (s a writer waits after a failed write) PRIMARY_PORT=55432 STANDBY_PORT=55433
#        PORT=18170 (server) PG_VERSION (default: the newest under /usr/lib/postgresql) MAX_SECONDS=600
#        JAVA_OPTS (default -Xmx512m) REBUILD=1
source "$(dirname "$0")/lib.sh"
WRITERS="${WRITERS:-8}" BURST="${BURST:-25}" KILL_AT="${KILL_AT:-6}" PROMOTE_DELAY="${PROMOTE_DELAY:-2}"
RETRY_PAUSE="${RETRY_PAUSE:-0.2}" P1="${PRIMARY_PORT:-55432}" P2="${STANDBY_PORT:-55433}" PORT="${PORT:-18170}"
MAX_SECONDS="${MAX_SECONDS:-600}" SERVER_OPTS="${JAVA_OPTS:--Xmx512m}"
STANDBY_NAME=standby1
RAW="$RESULTS/raw/failover"
OUT="$RESULTS/failover.md"
COMMAND="bench/failover.sh  # WRITERS=$WRITERS BURST=$BURST KILL_AT=$KILL_AT PROMOTE_DELAY=$PROMOTE_DELAY RETRY_PAUSE=$RETRY_PAUSE"

TMP="" SERVER="" LOADGEN="" WATCHDOG=""
pg_running() { [[ -f "$1/postmaster.pid" ]] && kill -0 "$(head -1 "$1/postmaster.pid")" 2>/dev/null; }
cleanup() {
  local rc=$? d
  trap - EXIT INT TERM
  set +e # everything below runs, whatever fails
  if [[ -n "$LOADGEN" ]]; then kill "$LOADGEN" 2>/dev/null; fi
  if [[ -n "$SERVER" ]]; then stop_server "$SERVER"; fi
  if [[ -n "$TMP" && -d "$TMP" ]]; then
    for d in "$TMP/standby" "$TMP/primary"; do
      if pg_running "$d"; then
        runuser -u postgres -- "$BIN/pg_ctl" -D "$d" -m immediate -w -t 20 stop >/dev/null 2>&1 \
          || kill -9 "$(head -1 "$d/postmaster.pid")" 2>/dev/null
      fi
    done
    mkdir -p "$RAW"; cp "$TMP"/*.log "$RAW/" 2>/dev/null
    rm -rf "$TMP"
  fi
  if [[ -n "$WATCHDOG" ]]; then kill "$WATCHDOG" $(pgrep -P "$WATCHDOG") 2>/dev/null; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM
# bounded in time whatever happens: the watchdog interrupts the script after MAX_SECONDS
( sleep "$MAX_SECONDS"; echo "[bench] failover.sh: more than ${MAX_SECONDS}s, stopping" >&2; kill -TERM $$ ) &
WATCHDOG=$!

now() { date +%s.%N; }
fail() { log "FAILED: $*"; exit 1; }

# ------------------------------------------------------------------ PostgreSQL binaries
if [[ -z "${PG_VERSION:-}" ]]; then
  PG_VERSION="$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)"
fi
if [[ -z "$PG_VERSION" || ! -x "/usr/lib/postgresql/$PG_VERSION/bin/initdb" ]]; then
  log "apt-get install ${PG_VERSION:+postgresql-$PG_VERSION}${PG_VERSION:-postgresql}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql${PG_VERSION:+-$PG_VERSION}" >/dev/null
  [[ -n "$PG_VERSION" ]] || PG_VERSION="$(ls /usr/lib/postgresql | sort -n | tail -1)"
fi
BIN="/usr/lib/postgresql/$PG_VERSION/bin"
[[ -x "$BIN/initdb" ]] || fail "no initdb under $BIN"
as_pg() { runuser -u postgres -- "$@"; }
sql() { local port=$1; shift; "$BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d "${SQLDB:-postgres}" -qtAX "$@"; }

for p in "$P1" "$P2" "$PORT"; do
  if ss -ltnH "sport = :$p" | grep -q .; then fail "port $p is in use: choose another (PRIMARY_PORT, STANDBY_PORT, PORT)"; fi
done
build_jar
mkdir -p "$RAW"; rm -f "$RAW"/*
TMP="$(mktemp -d /tmp/clearmargin-failover.XXXXXX)"
chown postgres: "$TMP"
mkdir -p "$TMP/server-data"

# ------------------------------------------------------------------ primary + synchronous hot standby
log "PostgreSQL $PG_VERSION: primary on $P1 (initdb in $TMP)"
as_pg "$BIN/initdb" -D "$TMP/primary" -U postgres -A trust -E UTF8 --no-sync >/dev/null
# initdb's pg_hba.conf with -A trust allows replication connections from 127.0.0.1
cat >> "$TMP/primary/postgresql.conf" <<EOF
# --- bench/failover.sh
listen_addresses = '127.0.0.1'
port = $P1
unix_socket_directories = '$TMP'
max_connections = 100
shared_buffers = 128MB
wal_level = replica
max_wal_senders = 5
wal_keep_size = 256MB
hot_standby = on
synchronous_commit = on
EOF
as_pg "$BIN/pg_ctl" -D "$TMP/primary" -l "$TMP/primary.log" -w -t 60 start >/dev/null
sql "$P1" -c "CREATE DATABASE clearmargin" >/dev/null

log "standby on $P2: pg_basebackup -R from the primary"
as_pg "$BIN/pg_basebackup" -h 127.0.0.1 -p "$P1" -U postgres -D "$TMP/standby" -R -X stream -c fast >/dev/null
# the standby's own port (later lines win). synchronous_standby_names is set on the primary only after
# this copy: once promoted, nothing replicates from the standby, and its commits must not wait for a
# standby of its own.
cat >> "$TMP/standby/postgresql.conf" <<EOF
# --- bench/failover.sh: standby
port = $P2
EOF
echo "primary_conninfo = 'host=127.0.0.1 port=$P1 user=postgres application_name=$STANDBY_NAME'" >> "$TMP/standby/postgresql.auto.conf"
as_pg "$BIN/pg_ctl" -D "$TMP/standby" -l "$TMP/standby.log" -w -t 60 start >/dev/null
# synchronous only now that the standby exists: before, every commit (CREATE DATABASE too) would wait for it
sql "$P1" -c "ALTER SYSTEM SET synchronous_standby_names = '$STANDBY_NAME'" -c "SELECT pg_reload_conf()" >/dev/null
SYNC=""
for _ in $(seq 1 60); do
  SYNC="$(sql "$P1" -c "SELECT sync_state FROM pg_stat_replication WHERE application_name = '$STANDBY_NAME'")"
  [[ "$SYNC" == sync ]] && break
  sleep 0.5
done
[[ "$SYNC" == sync ]] || fail "the standby is not a synchronous standby (sync_state '$SYNC')"
REPLICATION="$(sql "$P1" -F ' ' -c "SELECT application_name, state, sync_state FROM pg_stat_replication")"
SETTINGS="$(sql "$P1" -F ' = ' -c "SELECT name, setting FROM pg_settings WHERE name IN
  ('wal_level', 'synchronous_commit', 'synchronous_standby_names', 'fsync') ORDER BY name" | paste -sd, | sed 's/,/, /g')"
[[ "$(sql "$P2" -c "SELECT pg_is_in_recovery()")" == t ]] || fail "the standby is not in recovery"
log "replication: $REPLICATION"

# ------------------------------------------------------------------ the server on the multi-host URL
DB_URL="jdbc:postgresql://127.0.0.1:$P1,127.0.0.1:$P2/clearmargin?targetServerType=primary"
SERVER_ENV=(CLEARMARGIN_DB_URL="$DB_URL" CLEARMARGIN_DB_USER=postgres CLEARMARGIN_DATA_DIR="$TMP/server-data"
            CLEARMARGIN_DEMO=false PORT="$PORT")
cm() { env "${SERVER_ENV[@]}" "$JAVA" -jar "$JAR" "$@" 2>>"$RAW/cli.log"; }
log "organization and key (admin CLI on the multi-host URL)"
ORG="$(cm org create --name Failover | json 'd["organization"]["id"]')"
# the key of `org create` allows 100 requests a minute; the burst needs more (a 429 would hide the gap)
SQLDB=clearmargin sql "$P1" -c "UPDATE organizations SET max_rate_limit_per_minute = 100000000" >/dev/null
KEY="$(cm key create --org "$ORG" --name failover --scopes full_access --rate-limit 100000000 | json 'd["apiKey"]')"
ORG_UUID="$(uuid_of "$ORG")"

log "server on $PORT: CLEARMARGIN_DB_URL='$DB_URL'"
env "${SERVER_ENV[@]}" "$JAVA" $SERVER_OPTS -jar "$JAR" > "$RAW/server.log" 2>&1 &
SERVER=$!
for i in $(seq 1 120); do
  curl -fs --max-time 5 "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  kill -0 "$SERVER" 2>/dev/null || { tail -30 "$RAW/server.log" >&2; fail "the server exited"; }
  ((i == 120)) && fail "the server did not become healthy in 120 s"
  sleep 1
done
SERVER_PID_BEFORE=$SERVER
# a few writes to warm up the server (not counted)
for i in $(seq 1 20); do
  api -f -o /dev/null -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
    -d "{\"name\":\"warm-up $i\"}" "http://127.0.0.1:$PORT/api/clients"
done

# ------------------------------------------------------------------ the burst, the kill, the promotion
RUN="fo$(date +%s)"
log "write burst: $WRITERS writers for ${BURST}s; kill -9 of the primary at ${KILL_AT}s, promotion ${PROMOTE_DELAY}s later"
python3 - "http://127.0.0.1:$PORT" "$KEY" "$WRITERS" "$BURST" "$RETRY_PAUSE" "$RUN" "$RAW/requests.jsonl" <<'PY' &
import http.client, json, socket, sys, threading, time, urllib.parse
base, key, writers, duration, pause, run, out = sys.argv[1:8]
writers, duration, pause = int(writers), float(duration), float(pause)
u = urllib.parse.urlsplit(base)
end = time.time() + duration
records, lock = [], threading.Lock()

def writer(w):
    conn, i = None, 0
    while time.time() < end:
        i += 1
        name = f"{run}-w{w}-{i}"
        body = json.dumps({"name": name})
        t0 = time.time()
        status, retry_after, doc_id, error = None, None, None, None
        try:
            if conn is None:
                conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
            conn.request("POST", "/api/clients", body, {"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
            r = conn.getresponse()
            data = r.read()
            status, retry_after = r.status, r.getheader("Retry-After")
            if status == 201:
                doc_id = json.loads(data)["doc"]["id"]
            else:
                try:
                    error = json.loads(data)["errors"][0].get("message")
                except Exception:
                    error = data[:200].decode("utf-8", "replace")
        except socket.timeout:
            status, error = "timeout", "no answer in 30 s"
            conn = None
        except Exception as e:
            status, error = "connection error", f"{type(e).__name__}: {e}"
            conn = None
        t1 = time.time()
        with lock:
            records.append({"kind": "write", "name": name, "status": status, "t0": t0, "t1": t1,
                            "retryAfter": retry_after, "id": doc_id, "error": error})
        if status != 201:
            time.sleep(pause)

def health():
    while time.time() < end:
        t0 = time.time()
        try:
            conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
            conn.request("GET", "/health")
            r = conn.getresponse(); r.read(); conn.close()
            status = r.status
        except Exception as e:
            status = f"{type(e).__name__}"
        t1 = time.time()
        with lock:
            records.append({"kind": "health", "status": status, "t0": t0, "t1": t1})
        time.sleep(max(0, 0.1 - (t1 - t0)))

threads = [threading.Thread(target=writer, args=(w,)) for w in range(writers)] + [threading.Thread(target=health)]
for t in threads: t.start()
for t in threads: t.join()
with open(out, "w") as f:
    for rec in records:
        f.write(json.dumps(rec) + "\n")
PY
LOADGEN=$!
T_START="$(now)"
sleep "$KILL_AT"
PRIMARY_PID="$(head -1 "$TMP/primary/postmaster.pid")"
# the whole primary at once, as a crashed machine: stop the postmaster (no new backend can start), then
# its children (none can see the postmaster go and answer "terminating connection": the clients see their
# connections drop, nothing more), then SIGKILL them all
kill -STOP "$PRIMARY_PID"
VICTIMS=($(pgrep -P "$PRIMARY_PID" || true) "$PRIMARY_PID")
kill -STOP "${VICTIMS[@]}"
T_KILL="$(now)"
kill -9 "${VICTIMS[@]}"
log "kill -9 of the primary: ${#VICTIMS[@]} processes (postmaster $PRIMARY_PID and its children)"
sleep "$PROMOTE_DELAY"
T_PROMOTE="$(now)"
as_pg "$BIN/pg_ctl" -D "$TMP/standby" -w -t 60 promote >/dev/null
T_PROMOTED="$(now)"
log "standby promoted ($(python3 -c "print(f'{$T_PROMOTED - $T_PROMOTE:.2f}')") s)"
wait "$LOADGEN" || fail "the load generator failed"
LOADGEN=""
T_END="$(now)"

# ------------------------------------------------------------------ verification on the new primary
[[ "$(sql "$P2" -c "SELECT pg_is_in_recovery()")" == f ]] || fail "the promoted standby is still in recovery"
SQLDB=clearmargin sql "$P2" -c "SELECT name FROM clients WHERE organization_id = '$ORG_UUID' AND name LIKE '$RUN-%'" > "$RAW/names-on-new-primary.txt"
HEALTH_AFTER="$(curl -s --max-time 10 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/health")"
kill -0 "$SERVER_PID_BEFORE" 2>/dev/null && SERVER_ALIVE="yes, same process (pid $SERVER_PID_BEFORE), never restarted" || SERVER_ALIVE="NO"
grep -E '^\S+ +(ERROR|WARN) ' "$RAW/server.log" > "$RAW/server-errors.txt" || true

FIGURES="$(python3 - "$RAW/requests.jsonl" "$RAW/names-on-new-primary.txt" "$T_START" "$T_KILL" "$T_PROMOTE" "$T_PROMOTED" <<'PY'
import collections, json, statistics, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
in_db = {l.strip() for l in open(sys.argv[2]) if l.strip()}
t_start, t_kill, t_promote, t_promoted = map(float, sys.argv[3:7])
writes = sorted((r for r in recs if r["kind"] == "write"), key=lambda r: r["t1"])
health = sorted((r for r in recs if r["kind"] == "health"), key=lambda r: r["t0"])
rel = lambda t: f"{t - t_start:.2f}"
acked = {r["name"] for r in writes if r["status"] == 201}
failed = [r for r in writes if r["status"] != 201]
failed_names = {r["name"] for r in failed}
lost = acked - in_db
ambiguous = failed_names & in_db
unknown = in_db - acked - failed_names
statuses = collections.Counter(str(r["status"]) for r in writes)
s503 = [r for r in failed if r["status"] == 503]
others = [r for r in failed if r["status"] != 503]
first_fail = failed[0] if failed else None
first_ok_after = None
if first_fail:
    first_ok_after = next((r for r in writes if r["status"] == 201 and r["t0"] > first_fail["t1"]), None)
gap = (first_ok_after["t1"] - first_fail["t1"]) if first_fail and first_ok_after else None
def lat(rs):
    if not rs: return "–"
    d = sorted(r["t1"] - r["t0"] for r in rs)
    return f"{statistics.median(d):.2f} s median, {d[-1]:.2f} s max"
ok_before = [r for r in writes if r["status"] == 201 and r["t1"] <= t_kill]
ok_after = [r for r in writes if r["status"] == 201 and first_ok_after and r["t0"] >= first_ok_after["t0"]]
def rate(rs):
    if len(rs) < 2: return "–"
    span = max(r["t1"] for r in rs) - min(r["t0"] for r in rs)
    return f"{len(rs) / span:.0f}/s"
h_down = [r for r in health if r["status"] != 200]
h_first_down = next((r for r in health if r["status"] != 200), None)
h_up_again = next((r for r in health if r["status"] == 200 and h_first_down and r["t0"] > h_first_down["t0"]), None)
with_retry = sum(1 for r in s503 if r["retryAfter"])
messages = collections.Counter(f'{r["status"]}: {r["error"]}' for r in failed)
row = lambda k, v: print(f"| {k} | {v} |")
print("| figure | value |")
print("|---|---|")
row("writes sent / answered 201 (acknowledged)", f"{len(writes)} / {len(acked)}")
row("statuses", ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items())))
row("**gap**: first failed write → first 201 after it", f"**{gap:.2f} s**" if gap is not None else "no failed write" if not first_fail else "NO 201 AFTER THE FAILURE")
row("timeline (s after the burst started)",
    f"kill -9 {rel(t_kill)}; first failed write answered {rel(first_fail['t1']) if first_fail else '–'}; "
    f"promote {rel(t_promote)}, done {rel(t_promoted)}; first 201 again {rel(first_ok_after['t1']) if first_ok_after else '–'}")
if first_ok_after:
    row("promotion done → first 201 (the server's own share of the gap)", f"{first_ok_after['t1'] - t_promoted:.2f} s")
row("503 answers (with Retry-After)", f"{len(s503)} ({with_retry}); latency {lat(s503)}")
row("other failures (not 503)", f"{len(others)}" + (" — " + "; ".join(sorted({str(r["status"]) for r in others})) if others else ""))
row("slowest request of the burst", f"{max(r['t1'] - r['t0'] for r in writes):.2f} s")
row("201 latency before the kill / after recovery", f"{lat(ok_before)} / {lat(ok_after)}")
row("201 rate before the kill / after recovery", f"{rate(ok_before)} / {rate(ok_after)}")
row("**acknowledged writes lost** (201, not on the new primary)", f"**{len(lost)}**")
row("failed writes that were committed anyway (ambiguous)", f"{len(ambiguous)} of {len(failed)}")
row("rows on the new primary never requested", f"{len(unknown)}")
row("GET /health during the burst", f"{len(health)} probes, {len(h_down)} not 200"
    + (f"; DOWN from {rel(h_first_down['t1'])} to {rel(h_up_again['t1']) if h_up_again else '–'} s" if h_first_down else "")
    + f"; latency {lat(h_down)} when not 200")
print()
print("Failed writes by answer:")
print()
print("| answer | count |")
print("|---|---:|")
for m, n in messages.most_common():
    print(f"| {str(m).replace('|', '/')[:160]} | {n} |")
if lost:
    print(); print("LOST: " + ", ".join(sorted(lost)[:20]))
print(f"##VERDICT {len(lost)} {len(others)} {gap if gap is not None else -1:.2f} {len(acked)} {len(s503)}")
PY
)"
VERDICT_LINE="$(grep '^##VERDICT' <<<"$FIGURES")"
FIGURES="$(grep -v '^##VERDICT' <<<"$FIGURES")"
read -r _ LOST OTHERS GAP ACKED N503 <<<"$VERDICT_LINE"

{
  echo "# PostgreSQL failover under a write burst"
  echo
  echo "Produced by \`bench/failover.sh\` at commit $(cd "$REPO" && git rev-parse --short HEAD)$(cd "$REPO" && git diff --quiet HEAD -- src pom.xml bench/failover.sh || echo ' (with uncommitted changes)'). A primary and a synchronous hot"
  echo "standby on loopback; the primary is killed with \`kill -9\` in the middle of a write burst and the standby"
  echo "promoted $PROMOTE_DELAY s later; the server is not restarted."
  echo
  host_rows
  echo "| PostgreSQL | $("$BIN/postgres" --version) (Debian packages; two new clusters in a temporary directory) |"
  load_row
  echo "| command | \`$COMMAND\` |"
  echo "| primary | 127.0.0.1:$P1, $SETTINGS |"
  echo "| standby | 127.0.0.1:$P2, \`pg_basebackup -R -X stream\`, \`hot_standby = on\`, \`primary_conninfo … application_name=$STANDBY_NAME\`; before the burst \`pg_stat_replication\`: \`$REPLICATION\` |"
  echo "| server | \`CLEARMARGIN_DB_URL='$DB_URL' CLEARMARGIN_DB_USER=postgres CLEARMARGIN_DEMO=false PORT=$PORT java $SERVER_OPTS -jar target/clearmargin.jar\` |"
  echo "| load | $WRITERS writers, each \`POST /api/clients\` \`{\"name\": \"<unique>\"}\` in a loop on a keep-alive connection for $BURST s (30 s client timeout; $RETRY_PAUSE s pause after a failed write, shorter than the Retry-After, to see the end of the gap), and \`GET /health\` every 0.1 s |"
  echo "| failure | at $KILL_AT s: \`kill -STOP\` of the primary's postmaster, then \`kill -9\` of it and its children (${#VICTIMS[@]} processes); $PROMOTE_DELAY s later \`pg_ctl promote -w\` on the standby |"
  echo "| server after the burst | $SERVER_ALIVE; \`GET /health\` → $HEALTH_AFTER |"
  echo
  echo "$FIGURES"
  echo
  echo "Server log lines at WARN/ERROR during the run: $(wc -l < "$RAW/server-errors.txt"), by message (timestamps, thread numbers,"
  echo "request ids and object ids replaced):"
  echo
  echo '```'
  sed -E 's/^\S+ +(WARN|ERROR) +[0-9]+ --- \[[^]]*\] \[ *([^]]*)\] \[[^]]*\] +(\S+) *: /\1 [\2] \3: /; s/-[0-9]+\]/-N]/; s/req_[0-9a-z]+/req_…/g; s/[0-9]+ ?ms/Nms/g; s/@[0-9a-f]+/@…/g' \
    "$RAW/server-errors.txt" | cut -c1-200 | sort | uniq -c | sort -k2,2 -k1,1rn | head -20
  echo '```'
  if grep -q 'unexpected failure' "$RAW/server.log"; then
    echo
    echo "Exceptions behind the 500 answers (\"unexpected failure\" in the log; each exception and its causes):"
    echo
    echo '```'
    python3 - "$RAW/server.log" <<'PY' | sort | uniq -c | sort -rn
import re, sys
lines, i = open(sys.argv[1], errors="replace").read().splitlines(), 0
while i < len(lines):
    if "unexpected failure (request" in lines[i]:
        chain, i = [], i + 1
        while i < len(lines) and not re.match(r"^\d{4}-\d\d-\d\dT", lines[i]):
            l = lines[i]
            if l and not l[0].isspace():
                chain.append(re.sub(r"@[0-9a-f]+", "@…", l)[:150])
            i += 1
        print(" <- ".join(chain))
    else:
        i += 1
PY
    echo '```'
  fi
  echo
  echo "Raw records (one line per request), the server log and both PostgreSQL logs are in"
  echo "\`bench/results/raw/failover/\` (not committed)."
} > "$OUT"
cat "$OUT"
((LOST == 0)) || fail "$LOST acknowledged writes lost"
((OTHERS == 0)) || log "note: $OTHERS failed writes answered something other than 503"
log "gap ${GAP}s, $ACKED acknowledged, $LOST lost, $N503 × 503"
