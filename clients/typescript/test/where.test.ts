import { test, before } from "node:test";
import assert from "node:assert/strict";
import { and, or } from "../src/index.js";
import type { Client } from "../src/index.js";
import { client, tag } from "./helpers.js";

const cm = client();
const t = tag("w");
const names = [`${t} Alpha`, `${t} Beta`, `${t} Gamma`, `${t} Delta`];

before(async () => {
  await cm.clients.create({ name: names[0]!, status: "active", paymentTermsDays: 10, address: { city: "Berlin" } });
  await cm.clients.create({ name: names[1]!, status: "inactive", paymentTermsDays: 20, address: { city: "Paris" } });
  await cm.clients.create({ name: names[2]!, status: "archived", paymentTermsDays: 30 });
  const delta = await cm.clients.create({ name: names[3]!, status: "active", paymentTermsDays: 40, email: "d@example.com" });
  await cm.contacts.create({ client: delta.id!, name: `${t} contact` });
});

const mine = { name: { like: t } } as const;
const namesOf = (docs: Client[]) => docs.map((d) => d.name).sort();

test("equals, in and like filter on the server", async () => {
  assert.deepEqual(namesOf((await cm.clients.list({ where: { ...mine, status: { equals: "active" } } })).docs), [names[0], names[3]]);
  assert.deepEqual(namesOf((await cm.clients.list({ where: { ...mine, status: { in: ["inactive", "archived"] } } })).docs), [names[1], names[2]]);
  assert.equal((await cm.clients.list({ where: { name: { like: `${t} gam` } } })).totalDocs, 1);
});

test("comparisons, exists and a nested object path", async () => {
  assert.deepEqual(namesOf((await cm.clients.list({ where: { ...mine, paymentTermsDays: { greater_than_equal: 30 } } })).docs), [names[3], names[2]]);
  assert.deepEqual(namesOf((await cm.clients.list({ where: { ...mine, email: { exists: true } } })).docs), [names[3]]);
  assert.deepEqual(namesOf((await cm.clients.list({ where: { ...mine, "address.city": { equals: "Paris" } } })).docs), [names[1]]);
});

test("or inside and, nested", async () => {
  const where = and<Client>(mine, or<Client>({ status: { equals: "archived" } }, and<Client>({ status: { equals: "active" } }, { paymentTermsDays: { less_than: 20 } })));
  assert.deepEqual(namesOf((await cm.clients.list({ where })).docs), [names[0], names[2]]);
});

test("a relationship path filters by the related document", async () => {
  const contacts = await cm.contacts.list({ where: { "client.name": { equals: names[3]! } }, depth: 0 });
  assert.equal(contacts.totalDocs, 1);
  assert.equal(contacts.docs[0]!.name, `${t} contact`);
});

test("sort, select and limit", async () => {
  const page = await cm.clients.list({ where: mine, sort: "-paymentTermsDays", select: ["name", "paymentTermsDays"], limit: 3 });
  assert.deepEqual(page.docs.map((d) => d.paymentTermsDays), [40, 30, 20]);
  assert.deepEqual(Object.keys(page.docs[0]!).sort(), ["id", "name", "paymentTermsDays"]);
  assert.equal(page.totalDocs, 4);
  assert.equal(page.hasNextPage, true);
  const asc = await cm.clients.list({ where: mine, sort: ["status", "-name"], depth: 0 });
  assert.deepEqual(asc.docs.map((d) => d.name), [names[3], names[0], names[2], names[1]]);
});
