// The query string encoding, compared with what `qs` (Payload's encoder) writes for the same
// parameters: the requests in /payload-reference were made with these exact query strings.
import { test } from "node:test";
import assert from "node:assert/strict";
import { toQueryString, whereToQuery, and, or, type Where } from "../src/index.js";
import type { Invoice } from "../src/index.js";

test("a field condition is where[field][operator]=value", () => {
  assert.equal(whereToQuery({ status: { equals: "sent" } }), "where[status][equals]=sent");
});

test("a list is indexed as qs writes arrays", () => {
  assert.equal(
    toQueryString({ where: { status: { in: ["void", "draft"] } }, limit: 3, depth: 0 }),
    "where[status][in][0]=void&where[status][in][1]=draft&limit=3&depth=0",
  );
});

test("and / or nest with indexes", () => {
  const w: Where<Invoice> = and<Invoice>({ status: { equals: "sent" } }, or<Invoice>({ total: { greater_than: 40000 } }, { "client.name": { like: "acme corp" } }));
  assert.equal(
    whereToQuery(w),
    "where[and][0][status][equals]=sent&where[and][1][or][0][total][greater_than]=40000&where[and][1][or][1][client.name][like]=acme%20corp",
  );
});

test("several fields are ANDed in one object", () => {
  assert.equal(
    whereToQuery({ status: { equals: "sent" }, dueDate: { less_than: "2026-02-01" } }),
    "where[status][equals]=sent&where[dueDate][less_than]=2026-02-01",
  );
});

test("values are percent-encoded, dates become instants, booleans and numbers are spelled out", () => {
  assert.equal(
    toQueryString({ where: { name: { equals: "A&B =1" }, createdAt: { greater_than: new Date("2026-03-14T15:30:00Z") }, email: { exists: false } } }),
    "where[name][equals]=A%26B%20%3D1&where[createdAt][greater_than]=2026-03-14T15%3A30%3A00.000Z&where[email][exists]=false",
  );
});

test("sort is comma-separated, select is select[field]=true", () => {
  assert.equal(
    toQueryString({ sort: ["-dueDate", "number"], select: ["name", "status"], limit: 2 }),
    "sort=-dueDate%2Cnumber&select[name]=true&select[status]=true&limit=2",
  );
  assert.equal(toQueryString({ select: { notes: false } }), "select[notes]=false");
  assert.equal(toQueryString({ sort: "-createdAt" }), "sort=-createdAt");
});

test("undefined parameters are left out", () => {
  assert.equal(toQueryString({ where: { status: undefined }, limit: undefined, page: 2 }), "page=2");
});
