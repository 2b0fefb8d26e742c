import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { cleanTraits, createIdentity, normaliseLocale, randomId } from "../src/identity.js";
import { createProgress } from "../src/progress.js";
import { createStore } from "../src/storage.js";

describe("identity", () => {
  test("visitor ids have the server's shape and are kept", () => {
    assert.match(randomId(), /^[A-Za-z0-9_-]{22}$/);
    const local = createStore(null);
    const identity = createIdentity({ local, session: createStore(null) });
    const id = identity.visitorId();
    assert.match(id, /^[A-Za-z0-9_-]{8,64}$/);
    assert.equal(identity.visitorId(), id);
    assert.equal(local.get("visitor"), id);
    identity.reset();
    assert.notEqual(identity.visitorId(), id);
  });

  test("a malformed stored id is replaced", () => {
    const local = createStore(null);
    local.set("visitor", "bad id!");
    const identity = createIdentity({ local, session: createStore(null), newId: () => "fresh-id-1" });
    assert.equal(identity.visitorId(), "fresh-id-1");
  });

  test("traits the server would refuse are left out", () => {
    assert.deepEqual(
      cleanTraits({ role: "approver", "bad name": 1, nested: { a: 1 }, tags: ["a", 2], long: "x".repeat(201) }),
      { role: "approver", tags: ["a", 2] },
    );
  });

  test("locales are normalised or dropped", () => {
    assert.equal(normaliseLocale("en_us"), "en-US");
    assert.equal(normaliseLocale("NL"), "nl");
    assert.equal(normaliseLocale("zh-Hant-TW"), "zh");
    assert.equal(normaliseLocale("dutch"), null);
    assert.equal(normaliseLocale(undefined), null);
  });

  test("progress keeps one walkthrough per app and only valid shapes", () => {
    const progress = createProgress(createStore(null), "app_1");
    assert.equal(progress.get(), null);
    progress.set({ guide_id: 4, version: 2, step_id: "s2", url: "https://app/x" });
    assert.deepEqual(progress.get(), { guide_id: 4, version: 2, step_id: "s2", url: "https://app/x" });
    progress.clear();
    assert.equal(progress.get(), null);
  });

  test("a previewed draft (no version yet) resumes as version 0", () => {
    const progress = createProgress(createStore(null), "app_1");
    progress.set({ guide_id: 9, version: null, step_id: "s1" });
    assert.deepEqual(progress.get(), { guide_id: 9, version: 0, step_id: "s1" });
  });
});
