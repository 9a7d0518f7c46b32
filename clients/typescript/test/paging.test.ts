import { test } from "node:test";
import assert from "node:assert/strict";
import { billableProject, client, recordingFetch, tag, webhookReceiver } from "./helpers.js";

test("iterate pages through a collection by page number", async () => {
  const t = tag("p");
  const rec = recordingFetch();
  const cm = client({ fetch: rec.fetch });
  const made: string[] = [];
  for (let i = 0; i < 7; i++) made.push((await cm.clients.create({ name: `${t} ${i}` })).id!);
  rec.calls.length = 0;
  const seen: string[] = [];
  for await (const c of cm.clients.iterate({ where: { name: { like: t } }, limit: 3, sort: "createdAt" })) seen.push(c.id!);
  assert.deepEqual(seen, made);
  assert.deepEqual(rec.calls.map((c) => new URL(c.url).searchParams.get("page")), ["1", "2", "3"]);
  assert.deepEqual(await cm.clients.all({ where: { name: { like: t } }, limit: 100 }).then((d) => d.length), 7);
});

test("count none leaves totalDocs null and still says whether a next page exists; estimate is marked", async () => {
  const t = tag("c");
  const cm = client();
  for (let i = 0; i < 3; i++) await cm.clients.create({ name: `${t} ${i}` });
  const none = await cm.clients.list({ where: { name: { like: t } }, limit: 2, count: "none" });
  assert.equal(none.totalDocs, null);
  assert.equal(none.totalPages, null);
  assert.equal(none.hasNextPage, true);
  assert.equal(none.docs.length, 2);
  const estimate = await cm.clients.list({ where: { name: { like: t } }, limit: 2, count: "estimate" });
  assert.equal(typeof estimate.totalDocs, "number");
  assert.equal(typeof estimate.totalDocsEstimated, "boolean");
  assert.equal(estimate.hasNextPage, true);
});

test("iterate pages the audit log by cursor, newest first", async () => {
  const rec = recordingFetch();
  const cm = client({ fetch: rec.fetch });
  const t = tag("a");
  for (let i = 0; i < 5; i++) await cm.clients.create({ name: `${t} ${i}` });
  rec.calls.length = 0;
  const where = { collection: { equals: "clients" }, action: { equals: "create" } };
  const expected = (await cm.auditLog.list({ where, limit: 100, depth: 0 })).docs.map((d) => d.id);
  const seen: string[] = [];
  rec.calls.length = 0;
  for await (const e of cm.auditLog.iterate({ where, limit: 2, depth: 0 })) {
    seen.push(e.id!);
    if (seen.length === 7) break;
  }
  assert.deepEqual(seen, expected.slice(0, 7));
  const cursors = rec.calls.map((c) => new URL(c.url).searchParams.get("startingAfter"));
  assert.equal(cursors[0], null);
  assert.deepEqual(cursors.slice(1), [seen[1], seen[3], seen[5]]);
  // A page by cursor has no totals: {docs, hasMore, limit}.
  const page = await cm.auditLog.listByCursor({ limit: 2, startingAfter: seen[1] });
  assert.equal(page.docs[0]!.id, seen[2]);
  assert.equal(typeof page.hasMore, "boolean");
  assert.equal("totalDocs" in page, false);
  // endingBefore gives the newer ones.
  const newer = await cm.auditLog.listByCursor({ limit: 10, endingBefore: seen[2] });
  assert.deepEqual(newer.docs.map((d) => d.id), [seen[0], seen[1]]);
});

test("events and webhook deliveries page by cursor to the end", async () => {
  const rec = recordingFetch();
  const cm = client({ fetch: rec.fetch });
  const receiver = await webhookReceiver();
  try {
    const hook = await cm.webhooks.create({ url: receiver.url, events: ["*"], description: tag("hook") });
    for (let i = 0; i < 3; i++) await cm.webhooks.test(hook.id!);
    rec.calls.length = 0;
    const deliveries = [];
    for await (const d of cm.webhookDeliveries.iterate({ where: { webhook: { equals: hook.id! } }, limit: 2, depth: 0 })) deliveries.push(d);
    assert.equal(deliveries.length, 3);
    assert.ok(deliveries.every((d) => d.eventType === "ping" && d.status === "succeeded"));
    assert.equal(rec.calls.length, 2);
    assert.equal(new URL(rec.calls[1]!.url).searchParams.get("startingAfter"), deliveries[1]!.id);
    await cm.webhooks.delete(hook.id!);

    // Two invoice_sent events, at least.
    const { project } = await billableProject(cm, tag("Events"));
    const invoice = await cm.invoices.generate({ projects: [project.id!], from: "2026-11-01", to: "2026-11-30" });
    await cm.invoices.send(invoice.id!);
    await cm.invoices.send(invoice.id!);
    const all = await cm.events.list({ limit: 100, depth: 0 });
    assert.ok(all.docs.length >= 2);
    const ids: string[] = [];
    for await (const e of cm.events.iterate({ limit: 1, depth: 0 })) ids.push(e.id!);
    assert.deepEqual(ids.slice(0, all.docs.length), all.docs.map((e) => e.id));
  } finally {
    await receiver.close();
  }
});
