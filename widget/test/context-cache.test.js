import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CONTEXT_TTL_MS, createContextCache } from "../src/context-cache.js";

function setup() {
  const clock = { now: 0 };
  return { clock, cache: createContextCache({ now: () => clock.now }) };
}

const body = (url, extra = {}) => JSON.stringify({ visitor_id: "visitor-1", url, ...extra });

describe("the context cache", () => {
  test("answers the same request for a minute, then asks again", () => {
    const { clock, cache } = setup();
    const answer = { content_version: 3, walkthroughs: [] };
    cache.put(body("https://app/a"), answer);
    clock.now = CONTEXT_TTL_MS - 1;
    assert.equal(cache.get(body("https://app/a")), answer);
    clock.now = CONTEXT_TTL_MS;
    assert.equal(cache.get(body("https://app/a")), null);
  });

  test("another URL, identity or walkthrough position is another entry", () => {
    const { cache } = setup();
    cache.put(body("https://app/a"), { content_version: 1 });
    assert.equal(cache.get(body("https://app/b")), null);
    assert.equal(cache.get(body("https://app/a", { user_id: "anna" })), null);
    const current = { guide_id: 1, version: 1, step_id: "s2" };
    assert.equal(cache.get(body("https://app/a", { current })), null);
  });

  test("an answer with another content version drops every older answer", () => {
    const { cache } = setup();
    cache.put(body("https://app/a"), { content_version: 1 });
    cache.put(body("https://app/b"), { content_version: 1 });
    cache.put(body("https://app/c"), { content_version: 2 });
    assert.equal(cache.get(body("https://app/a")), null);
    assert.equal(cache.get(body("https://app/b")), null);
    assert.deepEqual(cache.get(body("https://app/c")), { content_version: 2 });
  });

  test("clear forgets everything (identify, reset, consent, the visitor's own events)", () => {
    const { cache } = setup();
    cache.put(body("https://app/a"), { content_version: 1 });
    cache.clear();
    assert.equal(cache.get(body("https://app/a")), null);
  });

  test("keeps the 20 most recent pages", () => {
    const { cache } = setup();
    for (let n = 0; n <= 20; n += 1) cache.put(body(`https://app/${n}`), { content_version: 1 });
    assert.equal(cache.get(body("https://app/0")), null);
    assert.ok(cache.get(body("https://app/1")));
    assert.ok(cache.get(body("https://app/20")));
  });
});
