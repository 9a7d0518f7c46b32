#!/usr/bin/env python3
# Per-component breakdown of a JFR recording of the server under load: request threads only (virtual
# "tomcat-handler-*"), each sample attributed inclusively (component on the stack) and exclusively
# (innermost matching frame). Usage: bench/jfr-breakdown.py recording.jfr   (bench/results/ceiling-profile.md)
import sys, re, subprocess, collections
jfr, = sys.argv[1:2]
import os
J=os.environ.get("JAVA_HOME","/usr/lib/jvm/temurin-25-jdk-amd64")+"/bin/jfr"
txt = subprocess.run([J,"print","--events","jdk.ExecutionSample","--stack-depth","256",jfr],capture_output=True,text=True).stdout
stacks=[]; cur=None; thread=""; others=collections.Counter()
for line in txt.splitlines():
    s=line.strip()
    if s.startswith("sampledThread ="): thread=s; continue
    if s.startswith("stackTrace = ["): cur=[]; continue
    if cur is not None:
        if s.startswith("]"):
            if "tomcat-handler" in thread or "http-nio" in thread: stacks.append(cur)
            else: others[re.sub(r'[0-9]+','N',thread.split('"')[1] if '"' in thread else thread)]+=1
            cur=None; continue
        if s=="...": continue
        m=re.match(r"([\w.$<>]+)\(", s)
        if m: cur.append(m.group(1))
N=len(stacks)
# inclusive: a component "owns" a sample if its frame is on the stack; components ordered outer->inner
comps=[
 ("Tomcat (NIO, HTTP parse, response)","org.apache."),
 ("RequestIdFilter","app.clearmargin.web.RequestIdFilter.doFilterInternal"),
 ("AuthFilter","app.clearmargin.auth.AuthFilter.doFilterInternal"),
 ("  ApiKeys.authenticate","app.clearmargin.auth.ApiKeys.authenticate"),
 ("RateLimitFilter","app.clearmargin.ratelimit.RateLimitFilter.doFilterInternal"),
 ("  TokenBuckets.tryConsume","TokenBuckets.tryConsume"),
 ("RequestBodyFilter","app.clearmargin.web.RequestBodyFilter.doFilterInternal"),
 ("IdempotencyFilter","app.clearmargin.idempotency.IdempotencyFilter.doFilterInternal"),
 ("DispatcherServlet","org.springframework.web.servlet.DispatcherServlet.doDispatch"),
 ("  handler method (CollectionController)","app.clearmargin.collections.CollectionController."),
 ("  FastReads (JDBC+rows)","app.clearmargin.collections.FastReads."),
 ("  Layout.toDoc","app.clearmargin.collections.Layout.toDoc"),
 ("  JsonDocs (JSON writing)","app.clearmargin.collections.JsonDocs."),
 ("  Hikari getConnection","com.zaxxer.hikari.HikariDataSource.getConnection"),
 ("  PG driver","org.postgresql."),
 ("Micrometer/observation","io.micrometer."),
 ("ServerHttpObservationFilter","ServerHttpObservationFilter"),
]
print(f"{N} samples on request threads (tomcat-handler-*); other threads: {sum(others.values())}", others.most_common(6))
for name,pat in comps:
    c=sum(1 for st in stacks if any(pat in f for f in st))
    print(f"| {name} | {c} | {100*c/N:.1f} % |")
# exclusive attribution: walk from innermost frame outward, first match in a priority list
layers=[
 ("JSON writing (JsonDocs/Jackson)",["app.clearmargin.collections.JsonDocs.","tools.jackson."]),
 ("row mapping (Layout)",["app.clearmargin.collections.Layout."]),
 ("PostgreSQL JDBC",["org.postgresql."]),
 ("HikariCP",["com.zaxxer.hikari."]),
 ("query building / FastReads",["app.clearmargin.collections.FastReads.","org.jooq."]),
 ("collections other (controller, query parsing)",["app.clearmargin.collections.","app.clearmargin.query."]),
 ("Micrometer / observation",["io.micrometer.","ServerHttpObservationFilter"]),
 ("auth (ApiKeys, SHA-256, cache)",["app.clearmargin.auth.ApiKeys","app.clearmargin.auth.KeySecrets","app.clearmargin.auth.LastUsed"]),
 ("rate limit (bucket4j)",["io.github.bucket4j","app.clearmargin.ratelimit.LocalTokenBuckets","app.clearmargin.ratelimit.RedisTokenBuckets","app.clearmargin.ratelimit.RateLimitFilter"]),
 ("request id",["app.clearmargin.web.RequestIds","app.clearmargin.web.RequestIdFilter"]),
 ("tenant scoping / ScopedValue",["app.clearmargin.tenancy.","java.lang.ScopedValue"]),
 ("idempotency filter",["app.clearmargin.idempotency."]),
 ("auth filter own",["app.clearmargin.auth."]),
 ("Spring MVC (dispatch, handler mapping, arg resolve, converters)",["org.springframework.web.servlet.","org.springframework.web.method.","org.springframework.http."]),
 ("Spring filters (OncePerRequestFilter etc)",["org.springframework.web.filter.","org.springframework.boot.web."]),
 ("Tomcat",["org.apache."]),
]
cnt=collections.Counter()
for st in stacks:
    lab="other (JVM/GC/JIT threads, no match)"
    for f in st:  # innermost first
        hit=None
        for name,pats in layers:
            if any(p in f for p in pats): hit=name;break
        if hit: lab=hit;break
    cnt[lab]+=1
print("\n| attributed to (innermost matching frame) | samples | share |\n|---|---:|---:|")
for k,v in cnt.most_common(): print(f"| {k} | {v} | {100*v/N:.1f} % |")
# top frames
tf=collections.Counter(st[0] for st in stacks if st)
print("\ntop frames:"); 
for k,v in tf.most_common(25): print(f"  {v:5d} {100*v/N:5.1f}% {k}")
# callers of HashMap.getNode: first non-java.util frame
hc=collections.Counter()
for st in stacks:
    if st and "HashMap.getNode" in st[0]:
        for f in st[1:]:
            if not f.startswith("java.util."): hc[f]+=1;break
print("\nHashMap.getNode callers:")
for k,v in hc.most_common(12): print(f"  {v:5d} {k}")
rc=collections.Counter()
for st in stacks:
    if st and "regionMatches" in st[0]:
        for f in st[1:]:
            if not f.startswith("java.lang."): rc[f]+=1;break
print("\nregionMatches callers:")
for k,v in rc.most_common(8): print(f"  {v:5d} {k}")
def sub(prefixes, title):
    c=collections.Counter()
    for st in stacks:
        for f in st:
            if any(f.startswith(p) for p in prefixes): c[f]+=1;break
    print(f"\n{title}:")
    for k,v in c.most_common(15): print(f"  {v:5d} {100*v/N:5.1f}% {k}")
sub(["org.springframework."],"innermost Spring frame")
sub(["app.clearmargin."],"innermost app frame")
sub(["io.micrometer."],"innermost micrometer frame")
