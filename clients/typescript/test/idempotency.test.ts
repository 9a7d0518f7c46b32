import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { ConflictError } from "../src/index.js";
import { client, recordingFetch, tag } from "./helpers.js";

test("every POST carries a new Idempotency-Key; PATCH and GET none", async () => {
  const rec = recordingFetch();
  const cm = client({ fetch: rec.fetch });
  const a = await cm.clients.create({ name: tag("idem") });
  await cm.clients.create({ name: tag("idem") });
  await cm.clients.update(a.id!, { notes: "x" });
  await cm.clients.get(a.id!);
  const keys = rec.calls.map((c) => c.headers["idempotency-key"]);
  assert.match(keys[0]!, /^[0-9a-f-]{36}$/);
  assert.match(keys[1]!, /^[0-9a-f-]{36}$/);
  assert.notEqual(keys[0], keys[1]);
  assert.deepEqual(keys.slice(2), [undefined, undefined]);
});

test("the same key replays the first answer instead of creating twice", async () => {
  const rec = recordingFetch();
  const cm = client({ fetch: rec.fetch });
  const key = randomUUID();
  const name = tag("replay");
  const first = await cm.clients.create({ name }, {}, { idempotencyKey: key });
  const second = await cm.clients.create({ name }, {}, { idempotencyKey: key });
  assert.equal(second.id, first.id);
  assert.equal(await cm.clients.count({ name: { equals: name } }), 1);
  assert.equal(rec.calls[1]!.headers["idempotency-key"], key);

  // The same key with another body is a conflict.
  await assert.rejects(cm.clients.create({ name: name + "-other" }, {}, { idempotencyKey: key }), (e: unknown) => {
    assert.ok(e instanceof ConflictError);
    assert.equal(e.status, 409);
    assert.equal(e.type, "IdempotencyConflict");
    return true;
  });
});

test("an action's key is overridable too: a payment recorded once", async () => {
  const cm = client();
  const c = await cm.clients.create({ name: tag("Pay") });
  await cm.contacts.create({ client: c.id!, name: "Jane", email: "jane@example.com" });
  const inv = await cm.invoices.create({ client: c.id!, lineItems: [{ description: "Work", quantity: 2, rate: 50 }] });
  await cm.invoices.send(inv.id!);
  const key = `pay-${tag()}`;
  const one = await cm.invoices.pay(inv.id!, { amount: 30, method: "bank_transfer" }, {}, { idempotencyKey: key });
  const two = await cm.invoices.pay(inv.id!, { amount: 30, method: "bank_transfer" }, {}, { idempotencyKey: key });
  assert.equal(two.doc.id, one.doc.id);
  const after = await cm.invoices.get(inv.id!);
  assert.equal(after.amountPaid, 30);
  assert.equal(after.status, "partially_paid");
});
