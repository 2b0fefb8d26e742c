import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createTransport } from "../src/transport.js";

function transport(fetchImpl) {
  return createTransport({ server: "https://help.example.com", appKey: "app_1", fetchImpl });
}

describe("the transport", () => {
  test("a refused request resolves to null and reports its status", async () => {
    const statuses = [];
    const refused = transport(async () => ({ ok: false, status: 403, json: async () => ({}) }));
    const answer = await refused.post("/context", {}, { onError: (s) => statuses.push(s) });
    assert.equal(answer, null);
    assert.deepEqual(statuses, [403]);
  });

  test("a network failure resolves to null without a status", async () => {
    const statuses = [];
    const down = transport(async () => {
      throw new TypeError("Failed to fetch");
    });
    assert.equal(await down.post("/events", {}, { onError: (s) => statuses.push(s) }), null);
    assert.deepEqual(statuses, []);
  });

  test("an answer is parsed; the body goes out as text/plain JSON without cookies", async () => {
    let seen;
    const ok = transport(async (url, init) => {
      seen = { url, init };
      return { ok: true, status: 200, json: async () => ({ accepted: ["a"] }) };
    });
    assert.deepEqual(await ok.post("/events", { events: [] }), { accepted: ["a"] });
    assert.equal(seen.url, "https://help.example.com/api/public/v1/apps/app_1/events");
    assert.equal(seen.init.credentials, "omit");
    assert.equal(seen.init.headers["Content-Type"], "text/plain;charset=UTF-8");
  });
});
