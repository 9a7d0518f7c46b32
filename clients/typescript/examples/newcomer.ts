// A newcomer's first hour with Clearmargin, end to end: a client, a contact, a project and a team
// member; time logged; an invoice generated from that time, sent and paid; invoices listed with a
// filter; and the `invoice_paid` webhook received on a local endpoint and verified.
//
//   CLEARMARGIN_BASE_URL=http://127.0.0.1:8080 CLEARMARGIN_API_KEY=sk_live_… node .test-build/examples/newcomer.js
//
// The endpoint is http://127.0.0.1:<port>, so the server must allow loopback targets
// (CLEARMARGIN_TESTING=true or CLEARMARGIN_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true). Exits 1 on any failure.
import { createServer } from "node:http";
import { randomBytes } from "node:crypto";
import { Clearmargin, ClearmarginError, verifyWebhook, type WebhookEvent } from "../src/index.js";

const cm = new Clearmargin({
  apiKey: process.env.CLEARMARGIN_API_KEY,
  baseUrl: process.env.CLEARMARGIN_BASE_URL ?? "http://127.0.0.1:8080",
});

function check(condition: unknown, what: string): asserts condition {
  if (!condition) throw new Error(`check failed: ${what}`);
}

// 0. A local endpoint that verifies every delivery it receives.
let secret = "";
const received: WebhookEvent[] = [];
const endpoint = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    try {
      received.push(verifyWebhook(Buffer.concat(chunks), req.headers, secret, 300));
      res.writeHead(204).end();
    } catch (e) {
      console.error("refused a delivery:", (e as Error).message);
      res.writeHead(400).end();
    }
  });
});
await new Promise<void>((r) => endpoint.listen(0, "127.0.0.1", r));
const port = (endpoint.address() as { port: number }).port;

try {
  const suffix = randomBytes(3).toString("hex");
  const hook = await cm.webhooks.create({ url: `http://127.0.0.1:${port}/clearmargin`, events: ["invoice_sent", "invoice_paid"] });
  secret = hook.secret; // shown once: keep it in your secret store
  console.log(`webhook ${hook.id} → ${hook.url}`);

  // 1. Who we work for, and who we work with.
  const client = await cm.clients.create({ name: `Acme Corp ${suffix}`, email: "billing@acme.example", paymentTermsDays: 14 });
  const contact = await cm.contacts.create({ client: client.id!, name: "Jane Smith", email: "jane@acme.example" });
  const project = await cm.projects.create({ client: client.id!, name: "Website relaunch", billingType: "hourly" });
  const member = await cm.members.create({ name: "Sam Lee", email: `sam.${suffix}@studio.example`, rates: { standard: 150 } });
  console.log(`client ${client.name}, contact ${contact.name}, project ${project.name}, member ${member.name}`);

  // 2. Time logged against the project (the rate is stamped from the member's).
  const today = new Date().toISOString().slice(0, 10);
  const monthStart = today.slice(0, 8) + "01";
  const t1 = await cm.timeEntries.create({ project: project.id!, member: member.id!, date: today, hours: 2.5, description: "Wireframes" });
  const t2 = await cm.timeEntries.create({ project: project.id!, member: member.id!, date: today, hours: 4, description: "Design" });
  check(t1.rate === 150 && t1.amount === 375 && t2.amount === 600, "time entries priced at the member's rate");

  // 3. An invoice from the unbilled time, sent to the contact, then paid.
  const draft = await cm.invoices.generate({ projects: [project.id!], from: monthStart, to: today });
  check(draft.status === "draft" && draft.total === 975, `generated invoice total 975 (got ${draft.total})`);
  const sent = await cm.invoices.send(draft.id!);
  check(sent.status === "sent", "invoice sent");
  console.log(`invoice ${sent.number}: ${sent.total} ${sent.currency}, due ${sent.dueDate}`);

  const payment = await cm.invoices.pay(sent.id!, { amount: sent.amountDue!, method: "card", card: { brand: "visa", last4: "4242" } });
  check(payment.invoice.status === "paid", "invoice paid");
  console.log(`payment ${payment.doc.id}: ${payment.doc.amount} → invoice ${payment.invoice.status}`);

  // 4. A filtered list: this client's paid invoices, newest first, only a few fields.
  const paid = await cm.invoices.list({
    where: { client: { equals: client.id! }, status: { in: ["paid", "partially_paid"] } },
    sort: "-issueDate",
    select: ["number", "status", "total"],
  });
  check(paid.totalDocs === 1 && paid.docs[0]!.number === sent.number, "the filter finds the paid invoice");
  for (const inv of paid.docs) console.log(`  ${inv.number} ${inv.status} ${inv.total}`);

  // 5. The invoice_paid webhook, verified by the endpoint above.
  // A test server (CLEARMARGIN_TESTING=true) attempts due deliveries at once; any other within seconds.
  await cm.testing.runJobs().catch(() => undefined);
  const deadline = Date.now() + 60_000;
  let event: WebhookEvent | undefined;
  while (!(event = received.find((e) => e.event === "invoice_paid" && e.data.documentId === sent.id))) {
    check(Date.now() < deadline, "invoice_paid delivered within 60 s");
    await new Promise((r) => setTimeout(r, 500));
  }
  console.log(`webhook verified: ${event.event} ${event.id} for ${(event.data as { documentNumber?: string }).documentNumber}`);
  await cm.webhooks.delete(hook.id!);
  console.log("newcomer example: OK");
} catch (e) {
  if (e instanceof ClearmarginError) {
    console.error(`API error ${e.status} ${e.type ?? ""} (request ${e.requestId}):`, JSON.stringify(e.errors));
  } else {
    console.error(e);
  }
  process.exitCode = 1;
} finally {
  endpoint.closeAllConnections();
  endpoint.close();
}
