#!/usr/bin/env bash
# What a client page costs (API.md §8): GET /c/<token> of an invoice (target p50 ≤ 5 ms) and its PDF over
# HTTP at 8 concurrent requests, against the packaged jar on the PostgreSQL service.
#
# The pages allow 60 requests a minute per client address, so wrk (everything from 127.0.0.1) would
# measure the 429 page after its first 60 requests. The load comes from bench/PageLoad.java instead (a
# closed-loop keep-alive HTTP/1.1 client run as a single source file by the JDK): each connection binds
# its own loopback source address and makes at most 50 requests before moving to a fresh one, so every
# request takes the shipped path, limit bucket included, and none is refused.
#
# Data: one organization, one client, INVOICES sent invoices of 20 lines each (the PDF bench's "20 lines").
# Rows: the page of one invoice at 1 and 8 connections; the pages of all invoices in turn at 8; every
# invoice's PDF once at 8 (first request: a render; the first 20 are a warm-up, not counted); the same
# PDFs again at 8 (unchanged documents).
# Writes bench/results/page.md.
#
# Knobs (environment): INVOICES=200 DURATION=20 WARMUP=5 PORT=18140 DB=cm_bench_page REBUILD=1
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
PORT="${PORT:-18140}"
DB="${DB:-cm_bench_page}"
INVOICES="${INVOICES:-200}"
DURATION="${DURATION//s/}"; DURATION="${DURATION:-20}"
WARMUP="${WARMUP//s/}"; WARMUP="${WARMUP:-5}"
OUT="$RESULTS/page.md"
WORK="$(mktemp -d /tmp/clearmargin-bench-page.XXXXXX)"
SERVER_PID=""
cleanup() {
  [[ -n "$SERVER_PID" ]] && stop_server "$SERVER_PID"
  psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

need_tools
build_jar
port_free "$PORT"
fresh_db "$DB"
bench_org "$DB" "Page bench"
SERVER_PID="$(start_server "$DB" "$PORT")"
BASE="http://127.0.0.1:$PORT"
log "server $SERVER_PID on $PORT; creating $INVOICES sent invoices of 20 lines"

python3 - "$BASE" "$KEY" "$INVOICES" "$WORK" <<'PY'
import json, sys, urllib.request
base, key, n, work = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
def call(method, path, body=None):
    req = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                 headers={"Authorization": "Bearer " + key, "Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        return json.load(r)
client = call("POST", "/api/clients?depth=0", {"name": "Greenleaf Grocers"})["doc"]["id"]
call("POST", "/api/contacts?depth=0", {"client": client, "name": "Noor Haddad", "email": "noor@greenleafgrocers.example"})
pages, pdfs = [], []
for i in range(n):
    lines = [{"description": f"Design sprint {i}-{j}: screens, reviews and hand-off", "quantity": 1 + j % 4,
              "rate": 95 + j * 5} for j in range(20)]
    inv = call("POST", "/api/invoices?depth=0", {"client": client, "lineItems": lines})["doc"]["id"]
    url = call("POST", f"/api/invoices/{inv}/send", {})["doc"]["publicUrl"]
    path = "/" + url.split("/", 3)[3]
    pages.append(path)
    pdfs.append(path + "/pdf")
open(f"{work}/one.txt", "w").write(pages[0] + "\n")
open(f"{work}/pages.txt", "w").write("\n".join(pages) + "\n")
open(f"{work}/pdfs-warmup.txt", "w").write("\n".join(pdfs[:20]) + "\n")
open(f"{work}/pdfs.txt", "w").write("\n".join(pdfs[20:]) + "\n")
PY

LOAD=("$JAVA" -XX:+UseSerialGC -Xmx256m "$BENCH/PageLoad.java" --base "$BASE")
# row NAME OFFSET ARGS...: one PageLoad run; OFFSET keeps its source addresses apart from the other
# rows' (rows run within a minute of each other and each address has 60 requests a minute)
row() {
  local name=$1 offset=$2; shift 2
  local line
  line="$("${LOAD[@]}" --address-offset "$offset" "$@")"
  log "$name: $line"
  echo "$line" | awk -v n="$name" '{for(i=1;i<=NF;i++){split($i,kv,"=");v[kv[1]]=kv[2]}
    printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", n, v["requests"], v["rps"], v["p50"], v["p90"], v["p99"], v["max"], v["non200"] (v["non200"] == "0" ? "" : " " v["statuses"]), v["bytes"]}'
}
ROWS=()
ROWS+=("$(row "invoice page, one invoice, 1 connection" 100000 --paths "$WORK/one.txt" --conns 1 --duration "$DURATION" --warmup "$WARMUP")")
ROWS+=("$(row "invoice page, one invoice, 8 connections" 200000 --paths "$WORK/one.txt" --conns 8 --duration "$DURATION" --warmup "$WARMUP")")
ROWS+=("$(row "invoice pages, $INVOICES invoices in turn, 8 connections" 300000 --paths "$WORK/pages.txt" --conns 8 --duration "$DURATION" --warmup "$WARMUP")")
row "warm-up: 20 PDFs once" 400000 --paths "$WORK/pdfs-warmup.txt" --conns 8 --once >/dev/null
ROWS+=("$(row "invoice PDF, each of $((INVOICES - 20)) once (rendered), 8 connections" 500000 --paths "$WORK/pdfs.txt" --conns 8 --once)")
ROWS+=("$(row "invoice PDFs again, unchanged, 8 connections" 600000 --paths "$WORK/pdfs.txt" --conns 8 --duration "$DURATION" --warmup "$WARMUP")")

{
  echo "# Client pages and PDFs over HTTP"
  echo
  machine
  echo
  echo "- command: \`bench/page-bench.sh\` (INVOICES=$INVOICES DURATION=${DURATION}s WARMUP=${WARMUP}s; load: \`java bench/PageLoad.java\`, see the script for why not wrk)"
  echo "- server: \`target/clearmargin.jar\` on 127.0.0.1:$PORT, PostgreSQL service, default settings; load generator on the same 2 cores"
  echo "- target: invoice page p50 ≤ 5 ms"
  echo "- every request goes through the 60-a-minute per-address limit (each connection has its own address); non-200 counts anything else"
  echo
  echo "| what | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | non-200 | bytes/answer |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${ROWS[@]}"
} > "$OUT"
cat "$OUT"
