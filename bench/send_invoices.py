#!/usr/bin/env python3
"""Emits invoice_sent events: POST /api/invoices/{id}/send, COUNT times, over CONCURRENCY keep-alive
connections, cycling through the invoice ids in IDS_FILE (one per line; sent invoices whose contact has
an e-mail, so that every send succeeds and emits exactly one event). Consecutive sends go to different
invoices, so concurrent requests rarely wait on the same row lock.

    python3 bench/send_invoices.py http://127.0.0.1:18080 sk_live_… 1000 8 ids.txt

Prints one JSON line: {"requests": n, "status": {"200": n, …}, "seconds": s}. Exit status 0 even when
some requests failed: the caller compares the counts.
"""
import collections
import http.client
import json
import sys
import threading
import time
import urllib.parse


def main():
    base, key, count, concurrency, ids_file = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    ids = [line.strip() for line in open(ids_file) if line.strip()]
    url = urllib.parse.urlparse(base)
    lock = threading.Lock()
    status = collections.Counter()
    next_index = [0]

    def take():
        with lock:
            i = next_index[0]
            if i >= count:
                return None
            next_index[0] += 1
            return i

    def worker():
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
        while (i := take()) is not None:
            invoice = ids[i % len(ids)]
            try:
                conn.request("POST", f"/api/invoices/{invoice}/send", body=b"{}", headers=headers)
                response = conn.getresponse()
                response.read()
                code = str(response.status)
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
            except (OSError, http.client.HTTPException) as e:
                code = type(e).__name__
                conn.close()
                conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
            with lock:
                status[code] += 1
        conn.close()

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(json.dumps({"requests": sum(status.values()), "status": dict(status),
                      "seconds": round(time.monotonic() - started, 3)}))


if __name__ == "__main__":
    main()
