# usage: count.py API_KEY ACKED_JSON [BASE]: Stripe payments recorded, duplicates per PaymentIntent, acked but lost
import json, sys, urllib.request, collections
key=sys.argv[1]
refs=collections.Counter(); page=1
while True:
    base=sys.argv[3] if len(sys.argv) > 3 else "http://127.0.0.1:18081"
    r=urllib.request.Request(f"{base}/api/payments?where%5Bprovider%5D%5Bequals%5D=stripe&limit=100&page={page}&depth=0", headers={"Authorization":"Bearer "+key})
    d=json.load(urllib.request.urlopen(r)); refs.update(p["reference"] for p in d["docs"])
    if not d["hasNextPage"]: break
    page+=1
acked=set(json.load(open(sys.argv[2])))
print("recorded", len(refs), "duplicates", sum(1 for v in refs.values() if v>1), "acked", len(acked), "acked but lost", len(acked-set(refs)))
