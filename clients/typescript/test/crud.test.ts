import { test } from "node:test";
import assert from "node:assert/strict";
import { client, tag } from "./helpers.js";

const cm = client();

test("create, get, update, count and delete a client", async () => {
  const name = `Acme ${tag()}`;
  const created = await cm.clients.create({ name, email: "billing@acme.example", address: { city: "Berlin", country: "DE" } });
  assert.match(created.id!, /^client_[0-9a-z]{26}$/);
  assert.equal(created.name, name);
  assert.equal(created.status, "active");

  const got = await cm.clients.get(created.id!);
  assert.equal(got.email, "billing@acme.example");
  assert.equal(got.address?.city, "Berlin");

  const updated = await cm.clients.update(created.id!, { notes: "VIP", email: null as unknown as string });
  assert.equal(updated.notes, "VIP");
  assert.equal(updated.email, null);

  assert.equal(await cm.clients.count({ name: { equals: name } }), 1);

  // Its default project refers to it; delete that first (deletes never orphan).
  const projects = await cm.projects.list({ where: { client: { equals: created.id! } }, depth: 0 });
  assert.equal(projects.totalDocs, 1);
  assert.equal(projects.docs[0]!.isDefault, true);
  await cm.projects.delete(projects.docs[0]!.id!);
  const deleted = await cm.clients.delete(created.id!);
  assert.equal(deleted.id, created.id);
  assert.equal(await cm.clients.count({ name: { equals: name } }), 0);
});

test("relationships are ids at depth 0 and documents at depth 1", async () => {
  const c = await cm.clients.create({ name: `Rel ${tag()}` });
  const contact = await cm.contacts.create({ client: c.id!, name: "Jane" }, { depth: 0 });
  assert.equal(contact.client, c.id);
  const deep = await cm.contacts.get(contact.id!, { depth: 1 });
  assert.equal(typeof deep.client, "object");
  assert.equal((deep.client as { name?: string }).name, c.name);
  assert.equal(deep.isPrimary, true);
});

test("select returns only the named fields and the id", async () => {
  const c = await cm.clients.create({ name: `Sel ${tag()}`, notes: "n" });
  const got = await cm.clients.get(c.id!, { select: ["name"] });
  assert.deepEqual(Object.keys(got).sort(), ["id", "name"]);
});
