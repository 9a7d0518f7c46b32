import { test } from "node:test";
import assert from "node:assert/strict";
import { Clearmargin, RateLimitError } from "../src/index.js";
import { BASE_URL, client, recordingFetch, tag } from "./helpers.js";

// A key limited to 30 requests a minute: once its bucket is empty a token comes back every 2 s,
// so the server answers 429 with Retry-After: 2 and the client's retry succeeds.
async function slowKey(): Promise<string> {
  const admin = client();
  const k = await admin.apiKeys.create({ name: tag("slow"), scopes: ["clients:write"], rateLimitPerMinute: 30 });
  assert.match(k.key, /^sk_(live|test)_/);
  return k.key;
}

test("a 429 is retried after Retry-After with the same Idempotency-Key", async () => {
  const rec = recordingFetch();
  const cm = new Clearmargin({ apiKey: await slowKey(), baseUrl: BASE_URL, fetch: rec.fetch });
  const t = tag("rl");
  const started = Date.now();
  let created = 0;
  while (!rec.calls.some((c) => c.status === 429)) {
    await cm.clients.create({ name: `${t} ${created}` });
    created++;
    assert.ok(created < 80, "never rate limited");
  }
  const i = rec.calls.findIndex((c) => c.status === 429);
  const limited = rec.calls[i]!;
  const retried = rec.calls[i + 1]!;
  assert.equal(retried.status, 201);
  assert.equal(retried.headers["idempotency-key"], limited.headers["idempotency-key"]);
  // Nothing was executed twice: one client per successful call.
  assert.equal(await cm.clients.count({ name: { like: t } }), created);
  assert.ok(Date.now() - started >= 1000);
});

test("with retries off, a 429 is a RateLimitError carrying Retry-After", async () => {
  const cm = new Clearmargin({ apiKey: await slowKey(), baseUrl: BASE_URL, maxRetries: 0 });
  const err = await (async () => {
    for (let i = 0; i < 80; i++) {
      try {
        await cm.clients.list({ limit: 1, depth: 0 });
      } catch (e) {
        return e;
      }
    }
    return undefined;
  })();
  assert.ok(err instanceof RateLimitError, String(err));
  assert.equal(err.status, 429);
  assert.ok(err.retryAfter! >= 1);
  assert.ok(err.requestId);
});

test("a Retry-After above maxRetryDelaySeconds is not waited for", async () => {
  let calls = 0;
  const cm = new Clearmargin({
    apiKey: "sk_live_x",
    baseUrl: "http://127.0.0.1:1",
    maxRetryDelaySeconds: 5,
    fetch: async () => {
      calls++;
      return new Response('{"errors":[{"message":"Too many requests."}]}', { status: 429, headers: { "Retry-After": "60", "X-Request-Id": "req_1" } });
    },
  });
  await assert.rejects(cm.clients.list(), RateLimitError);
  assert.equal(calls, 1);
});

test("503 is retried (bounded) and then thrown", async () => {
  let calls = 0;
  const cm = new Clearmargin({
    apiKey: "sk_live_x",
    baseUrl: "http://127.0.0.1:1",
    maxRetries: 2,
    fetch: async () => {
      calls++;
      return new Response('{"errors":[{"message":"Service unavailable."}]}', { status: 503, headers: { "Retry-After": "0" } });
    },
  });
  await assert.rejects(cm.clients.list(), (e: unknown) => (e as { status?: number }).status === 503);
  assert.equal(calls, 3);
});
