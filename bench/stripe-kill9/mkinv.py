# usage: mkinv.py BASE API_KEY N: one client with a contact and N sent invoices
import json, sys, urllib.request, concurrent.futures
base, key, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
def call(method, path, body=None):
    r = urllib.request.Request(base+path, data=None if body is None else json.dumps(body).encode(), method=method,
        headers={"Authorization": "Bearer "+key, "Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(r, timeout=60))
c = call("POST", "/api/clients?depth=0", {"name": "Kill Nine Co"})["doc"]["id"]
call("POST", "/api/contacts?depth=0", {"client": c, "name": "Kay Nine", "email": "kay@example.com"})
def one(i):
    inv = call("POST", "/api/invoices?depth=0", {"client": c, "lineItems": [{"description": f"Work {i}", "quantity": 1, "rate": 100 + i}]})["doc"]["id"]
    call("POST", f"/api/invoices/{inv}/send?depth=0", {})
with concurrent.futures.ThreadPoolExecutor(6) as ex: list(ex.map(one, range(n)))
print("created", n)
