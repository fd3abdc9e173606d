// The API as others see it: a client generated from the OpenAPI document
// (openapi-typescript for the types, openapi-fetch for the calls), compiled
// with tsc and run against a running server with the demo data. The Go test
// TestGeneratedClient (cmd/wikicities) writes the document's types to
// ./api.d.ts next to this file's copy, compiles both and runs `node --test`
// with the server's address in WIKICITIES_API_URL.
import { test } from "node:test";
import assert from "node:assert/strict";
import createClient from "openapi-fetch";
import type { paths } from "./api.js";

const baseUrl = process.env.WIKICITIES_API_URL;
if (!baseUrl) {
  throw new Error("WIKICITIES_API_URL is not set: run this through TestGeneratedClient");
}
const api = createClient<paths>({ baseUrl });

// munich finds the demo city Munich by name, as a typed City.
async function munich() {
  const { data, error, response } = await api.GET("/api/v1/cities", { params: { query: { q: "Munich", limit: 5 } } });
  assert.equal(response.status, 200, `cities?q=Munich: ${JSON.stringify(error)}`);
  assert.ok(data);
  const city = data.cities.find((c) => c.qid === "Q1726");
  assert.ok(city, `Munich (Q1726) not among ${JSON.stringify(data.cities.map((c) => c.name))}`);
  assert.equal(city.name, "Munich");
  assert.equal(typeof city.id, "number");
  return city;
}

test("cities search by name answers a typed page", async () => {
  const { data } = await api.GET("/api/v1/cities", { params: { query: { q: "Munich", limit: 5 } } });
  assert.ok(data);
  assert.equal(data.limit, 5);
  assert.equal(data.offset, 0);
  assert.ok(data.cities.length >= 1 && data.cities.length <= 5);
  await munich();
});

test("a city's twins are the demo links", async () => {
  const city = await munich();
  const { data, response } = await api.GET("/api/v1/cities/{id}/twins", { params: { path: { id: city.id! } } });
  assert.equal(response.status, 200);
  assert.ok(data);
  assert.equal(data.city.id, city.id);
  const names = data.twins.map((t) => t.name).sort();
  for (const want of ["Edinburgh", "Harare"]) {
    assert.ok(names.includes(want), `twins of Munich ${JSON.stringify(names)} lack ${want}`);
  }
});

test("a community listed in a city reads back by id", async () => {
  const city = await munich();
  const list = await api.GET("/api/v1/communities", { params: { query: { city: city.id!, q: "WikiMUC" } } });
  assert.equal(list.response.status, 200, JSON.stringify(list.error));
  assert.ok(list.data);
  const found = (list.data.communities ?? []).find((c) => c.name === "WikiMUC");
  assert.ok(found, `WikiMUC not in ${JSON.stringify(list.data.communities)}`);
  assert.ok(list.data.total >= 1);

  const one = await api.GET("/api/v1/communities/{id}", { params: { path: { id: found.id! } } });
  assert.equal(one.response.status, 200);
  assert.ok(one.data);
  assert.equal(one.data.name, "WikiMUC");
  assert.equal(one.data.city_id, city.id);
  assert.ok(one.response.headers.get("ETag"), "a community answers with its version as ETag");
});

test("a missing city is a typed JSON error", async () => {
  const { data, error, response } = await api.GET("/api/v1/cities/{id}", { params: { path: { id: 2147483000 } } });
  assert.equal(response.status, 404);
  assert.equal(data, undefined);
  assert.ok(error);
  assert.equal(typeof error.error, "string");
  assert.ok(error.error.length > 0);
});

// signedIn is a client with the demo coordinator's read token.
function signedIn() {
  const token = process.env.WIKICITIES_API_TOKEN;
  assert.ok(token, "WIKICITIES_API_TOKEN is not set: run this through TestGeneratedClient");
  return createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` } });
}

test("the demo coordinator's inbox and its counts agree", async () => {
  const me = signedIn();
  const inbox = await me.GET("/api/v1/inbox", {});
  assert.equal(inbox.response.status, 200, JSON.stringify(inbox.error));
  assert.ok(inbox.data && inbox.data.items && inbox.data.counts);
  const counts = await me.GET("/api/v1/inbox/counts", {});
  assert.equal(counts.response.status, 200);
  assert.ok(counts.data);
  assert.equal(counts.data.items, inbox.data.items.length);
  assert.equal(counts.data.todo, inbox.data.items.filter((i) => i.todo).length);
  for (const it of inbox.data.items) {
    assert.ok(it.link && it.link.startsWith(baseUrl!), `item ${JSON.stringify(it)} has no link to the site`);
  }
  const anonymous = await api.GET("/api/v1/inbox", {});
  assert.equal(anonymous.response.status, 401);
});

test("the demo coordinator reads a thread of WikiMUC and its claims", async () => {
  const me = signedIn();
  const muc = await me.GET("/api/v1/communities", { params: { query: { q: "WikiMUC" } } });
  const wikimuc = (muc.data?.communities ?? []).find((c) => c.name === "WikiMUC");
  assert.ok(wikimuc && wikimuc.id, "no WikiMUC in the demo data");
  const list = await me.GET("/api/v1/partnerships", { params: { query: { community: wikimuc.id! } } });
  assert.equal(list.response.status, 200, JSON.stringify(list.error));
  const p = (list.data?.partnerships ?? [])[0];
  assert.ok(p && p.id, "no partnership of WikiMUC in the demo data");
  const thread = await me.GET("/api/v1/partnerships/{id}/messages", { params: { path: { id: p.id! } } });
  assert.equal(thread.response.status, 200, JSON.stringify(thread.error));
  assert.ok(Array.isArray(thread.data?.messages));
  const claims = await me.GET("/api/v1/claims", { params: { query: { role: "approver", state: ["pending"] } } });
  assert.equal(claims.response.status, 200, JSON.stringify(claims.error));
  assert.ok(Array.isArray(claims.data?.claims));
});
