import { test } from "node:test";
import assert from "node:assert/strict";
import { signWebhook, verifyWebhook, WebhookVerificationError } from "../src/index.js";
import { billableProject, client, tag, webhookReceiver } from "./helpers.js";

const cm = client();

test("verifyWebhook accepts a real delivery and refuses tampering, a wrong secret and an old timestamp", async () => {
  const receiver = await webhookReceiver();
  try {
    const hook = await cm.webhooks.create({ url: receiver.url, events: ["invoice_sent", "invoice_paid"] });
    assert.match(hook.secret, /^whsec_/);

    // The test endpoint's ping.
    const delivery = await cm.webhooks.test(hook.id!);
    assert.equal(delivery.status, "succeeded");
    const ping = await receiver.waitFor((d) => d.headers["x-webhook-event"] === "ping");
    const event = verifyWebhook(ping.rawBody, ping.headers, hook.secret, 300);
    assert.equal(event.event, "ping");
    assert.equal(event.id, ping.headers["x-webhook-id"]);

    // A business event, delivered by the server's own loop (run-jobs makes it due now).
    const { project } = await billableProject(cm, tag("Hook"));
    const invoice = await cm.invoices.generate({ projects: [project.id!], from: "2026-11-01", to: "2026-11-30" });
    await cm.invoices.send(invoice.id!);
    await cm.testing.runJobs();
    const sent = await receiver.waitFor((d) => d.headers["x-webhook-event"] === "invoice_sent" && d.rawBody.includes(invoice.id!));
    const e = verifyWebhook<{ documentId: string; documentNumber: string; amount: number }>(sent.rawBody, sent.headers, hook.secret);
    assert.equal(e.event, "invoice_sent");
    assert.equal(e.data.documentId, invoice.id);
    assert.equal(e.data.amount, 360);
    // A string body (the same bytes) verifies too.
    verifyWebhook(sent.rawBody.toString("utf8"), sent.headers, hook.secret);

    const tampered = Buffer.from(sent.rawBody.toString("utf8").replace(invoice.number!, "INV-9999"));
    assert.notDeepEqual(tampered, sent.rawBody);
    assert.throws(() => verifyWebhook(tampered, sent.headers, hook.secret), WebhookVerificationError);
    assert.throws(() => verifyWebhook(sent.rawBody, sent.headers, "whsec_wrong"), WebhookVerificationError);
    const ts = Number(sent.headers["x-webhook-timestamp"]);
    assert.throws(() => verifyWebhook(sent.rawBody, sent.headers, hook.secret, 300, ts + 301), /more than 300 s/);
    assert.doesNotThrow(() => verifyWebhook(sent.rawBody, sent.headers, hook.secret, 300, ts + 299));
    const { "x-signature": _, ...unsigned } = sent.headers;
    assert.throws(() => verifyWebhook(sent.rawBody, unsigned, hook.secret), /X-Signature/);

    // A rotated secret signs what follows.
    const rotated = await cm.webhooks.rotateSecret(hook.id!);
    assert.notEqual(rotated.secret, hook.secret);
    await cm.webhooks.test(hook.id!);
    const pings = receiver.deliveries.filter((d) => d.headers["x-webhook-event"] === "ping");
    const last = pings[pings.length - 1]!;
    verifyWebhook(last.rawBody, last.headers, rotated.secret);
    assert.throws(() => verifyWebhook(last.rawBody, last.headers, hook.secret), WebhookVerificationError);
    await cm.webhooks.delete(hook.id!);
  } finally {
    await receiver.close();
  }
});

test("signWebhook produces what verifyWebhook accepts (Headers objects too)", () => {
  const body = '{"id":"evt_1","event":"ping","timestamp":"2026-03-14T15:30:00.000Z","data":{}}';
  const headers = new Headers({ ...signWebhook(body, "whsec_abc"), "X-Webhook-Id": "evt_1" });
  assert.equal(verifyWebhook(body, headers, "whsec_abc").id, "evt_1");
  headers.set("X-Webhook-Id", "evt_2");
  assert.throws(() => verifyWebhook(body, headers, "whsec_abc"), /X-Webhook-Id/);
});
