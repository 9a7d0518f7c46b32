import { test } from "node:test";
import assert from "node:assert/strict";
import { AuthenticationError, ClearmarginError, ConflictError, InvalidRequestError, NotFoundError, PermissionError, Clearmargin } from "../src/index.js";
import { BASE_URL, client, tag } from "./helpers.js";

const cm = client();

test("a ValidationError names every offending path, with the request id", async () => {
  const err = await cm.clients.create({ name: "", email: "not-an-email" }, {}, { requestId: "sdk-test-1" }).catch((e: unknown) => e);
  assert.ok(err instanceof InvalidRequestError);
  assert.ok(err instanceof ClearmarginError);
  assert.equal(err.status, 400);
  assert.equal(err.type, "ValidationError");
  assert.equal(err.requestId, "sdk-test-1");
  assert.deepEqual(err.fieldErrors.map((f) => f.path).sort(), ["email", "name"]);
  assert.ok(err.fieldErrors.every((f) => typeof f.message === "string" && f.message.length > 0));
  assert.match(err.errors[0]!.message, /invalid/);
  assert.match(err.message, /ValidationError/);
});

test("a QueryError carries the offending path", async () => {
  const err = await cm.clients.list({ where: { total: { equals: 1 } } as never }).catch((e: unknown) => e);
  assert.ok(err instanceof InvalidRequestError);
  assert.equal(err.type, "QueryError");
  assert.deepEqual(err.fieldErrors.map((f) => f.path), ["total"]);
  assert.match(err.requestId!, /^req_/);
});

test("404, 409 and 401 are typed", async () => {
  const missing = await cm.invoices.get("inv_01m95pr6vaedasvxf1cgep7914").catch((e: unknown) => e);
  assert.ok(missing instanceof NotFoundError);
  assert.equal(missing.status, 404);

  const c = await cm.clients.create({ name: tag("Err") });
  const inv = await cm.invoices.create({ client: c.id!, lineItems: [{ description: "x", rate: 10 }] });
  await cm.invoices.void(inv.id!);
  const conflict = await cm.invoices.send(inv.id!).catch((e: unknown) => e);
  assert.ok(conflict instanceof ConflictError);
  assert.equal(conflict.type, "StateConflict");
  assert.deepEqual((conflict.errors[0]!.data as { status?: string }).status, "void");

  const unauth = await new Clearmargin({ apiKey: "sk_live_00000000000000000000000000000000", baseUrl: BASE_URL }).clients.list().catch((e: unknown) => e);
  assert.ok(unauth instanceof AuthenticationError);
  assert.equal(unauth.status, 401);
});

test("403 names the missing scope", async () => {
  const k = await cm.apiKeys.create({ name: tag("ro"), scopes: "read_only" as never });
  const ro = new Clearmargin({ apiKey: k.key, baseUrl: BASE_URL });
  const err = await ro.clients.create({ name: "x" }).catch((e: unknown) => e);
  assert.ok(err instanceof PermissionError);
  assert.equal((err.errors[0]!.data as { requiredScope?: string }).requiredScope, "clients:write");
});

test("another organization's document is a NotFoundError", async () => {
  const keyB = process.env.CLEARMARGIN_API_KEY_B;
  if (!keyB) return; // run-against-jar.sh provides a second organization's key
  const mine = await cm.clients.create({ name: tag("Tenant") });
  const other = new Clearmargin({ apiKey: keyB, baseUrl: BASE_URL });
  const err = await other.clients.get(mine.id!).catch((e: unknown) => e);
  assert.ok(err instanceof NotFoundError);
  assert.equal(await other.clients.count({ id: { equals: mine.id! } }), 0);
});
