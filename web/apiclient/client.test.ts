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
