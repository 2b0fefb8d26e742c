import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { createStore } from "../src/storage.js";

function fakeStorage() {
  const items = new Map();
  return {
    items,
    get length() {
      return items.size;
    },
    key: (index) => [...items.keys()][index] ?? null,
    getItem: (name) => (items.has(name) ? items.get(name) : null),
    setItem: (name, value) => items.set(name, String(value)),
    removeItem: (name) => items.delete(name),
  };
}

describe("the consent gate", () => {
  test("keeps values in memory only until storing is allowed, then persists them", () => {
    const storage = fakeStorage();
    let allowed = null;
    const store = createStore(storage, { mayStore: () => allowed });
    store.set("visitor", "abc");
    assert.equal(store.get("visitor"), "abc");
    assert.equal(storage.items.size, 0, "nothing written before consent");
    allowed = false;
    store.persist();
    assert.equal(storage.items.size, 0, "refused consent writes nothing either");
    allowed = true;
    store.persist();
    assert.equal(storage.getItem("wegwijs:visitor"), '"abc"');
    assert.equal(store.get("visitor"), "abc");
    store.set("queue", [1]);
    assert.equal(storage.getItem("wegwijs:queue"), "[1]", "written at once once allowed");
  });

  test("author keys pass the gate: a preview token is no data about the visitor", () => {
    const storage = fakeStorage();
    const store = createStore(storage, {
      mayStore: () => null,
      alwaysStore: (key) => key.startsWith("preview:"),
    });
    store.set("preview:app_x", { token: "t" });
    store.set("visitor", "abc");
    assert.deepEqual([...storage.items.keys()], ["wegwijs:preview:app_x"]);
  });

  test("what was stored earlier, with consent, is still read", () => {
    const storage = fakeStorage();
    storage.setItem("wegwijs:visitor", '"old"');
    const store = createStore(storage, { mayStore: () => null });
    assert.equal(store.get("visitor"), "old");
    store.remove("visitor");
    assert.equal(storage.items.size, 0);
  });
});
