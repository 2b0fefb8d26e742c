import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createStore } from "../src/storage.js";
import { createTab, isAlive, STALE_HIDDEN_MS, STALE_MS } from "../src/tabs.js";

/** A Web Storage stand-in with the enumeration API (`length`, `key`). */
function fakeStorage(entries = {}) {
  const data = new Map(Object.entries(entries));
  return {
    data,
    get length() {
      return data.size;
    },
    key: (index) => [...data.keys()][index] ?? null,
    getItem: (key) => (data.has(key) ? data.get(key) : null),
    setItem: (key, value) => data.set(key, String(value)),
    removeItem: (key) => data.delete(key),
  };
}

/** A browser: localStorage shared by its tabs, a clock, and tabs that each have a
 * sessionStorage (a duplicated tab gets a copy). */
function browser() {
  const localStorage = fakeStorage();
  const clock = { now: 1_000_000 };
  let ids = 0;
  function open(sessionStorage = fakeStorage()) {
    const tab = createTab({
      local: createStore(localStorage),
      session: createStore(sessionStorage),
      appKey: "app_1",
      newId: () => `tab${(ids += 1)}`,
      now: () => clock.now,
    });
    return { tab, sessionStorage };
  }
  const read = (key) => JSON.parse(localStorage.data.get(`wegwijs:${key}`) ?? "null");
  const write = (key, value) => localStorage.data.set(`wegwijs:${key}`, JSON.stringify(value));
  return { localStorage, clock, open, read, write };
}

const copy = (storage) => fakeStorage(Object.fromEntries(storage.data));

describe("a tab's own queue", () => {
  test("each tab has its own queue key; a reload keeps the tab's id", () => {
    const { open } = browser();
    const first = open();
    const second = open();
    assert.equal(first.tab.queueKey, "queue:app_1:tab1");
    assert.equal(second.tab.queueKey, "queue:app_1:tab2");
    first.tab.release(); // pagehide of the reload
    first.tab.beat(true); // then visibilitychange to hidden: no heartbeat again
    const reloaded = open(first.sessionStorage);
    assert.equal(reloaded.tab.id, "tab1");
  });

  test("a page back from the back/forward cache beats again once visible", () => {
    const { open, read } = browser();
    const { tab } = open();
    tab.release();
    tab.beat(true);
    assert.equal(read("beat:app_1:tab1"), null);
    tab.beat(false);
    assert.deepEqual(read("beat:app_1:tab1"), { at: 1_000_000, hidden: false });
  });

  test("a duplicated tab (a copy of sessionStorage) takes a new id while the first lives", () => {
    const { open, clock } = browser();
    const original = open();
    const duplicate = open(copy(original.sessionStorage));
    assert.equal(duplicate.tab.id, "tab2");
    assert.equal(duplicate.sessionStorage.data.get("wegwijs:tab:app_1"), '"tab2"');
    // Without a heartbeat for a while the original is gone: then its id may be reused.
    clock.now += STALE_MS;
    assert.equal(open(copy(original.sessionStorage)).tab.id, "tab1");
  });

  test("a hidden tab's heartbeat counts as alive for longer (its timers are throttled)", () => {
    assert.equal(isAlive({ at: 0 }, STALE_MS - 1), true);
    assert.equal(isAlive({ at: 0 }, STALE_MS), false);
    assert.equal(isAlive({ at: 0, hidden: true }, STALE_MS), true);
    assert.equal(isAlive({ at: 0, hidden: true }, STALE_HIDDEN_MS), false);
    assert.equal(isAlive(null, 0), false);
    assert.equal(isAlive("nonsense", 0), false);
  });
});

describe("orphaned queues", () => {
  function adopter() {
    const adopted = [];
    return { adopted, adopt: (events) => adopted.push(...(events || [])) };
  }

  test("the queue of a closed tab is taken over and removed; a living tab's is not", () => {
    const { open, read, write } = browser();
    const { tab } = open();
    write("queue:app_1:closed", [{ id: "e1" }]); // released: no heartbeat left
    write("queue:app_1:living", [{ id: "e2" }]);
    write("beat:app_1:living", { at: 1_000_000 - 1000, hidden: false });
    write("queue:other_app:closed", [{ id: "e3" }]);
    const { adopted, adopt } = adopter();
    tab.claimOrphans(adopt);
    assert.deepEqual(adopted, [{ id: "e1" }]);
    assert.equal(read("queue:app_1:closed"), null);
    assert.equal(read("beat:app_1:closed"), null);
    assert.deepEqual(read("queue:app_1:living"), [{ id: "e2" }]);
    assert.deepEqual(read("queue:other_app:closed"), [{ id: "e3" }]);
  });

  test("a stale heartbeat means a crashed tab: its queue and heartbeat go", () => {
    const { open, read, write, clock } = browser();
    const { tab } = open();
    write("queue:app_1:crashed", [{ id: "e1" }]);
    write("beat:app_1:crashed", { at: clock.now - STALE_MS, hidden: false });
    write("beat:app_1:empty", { at: clock.now - STALE_MS }); // a heartbeat without a queue
    const { adopted, adopt } = adopter();
    tab.claimOrphans(adopt);
    assert.deepEqual(adopted, [{ id: "e1" }]);
    assert.equal(read("beat:app_1:crashed"), null);
    assert.equal(read("beat:app_1:empty"), null);
    assert.ok(read(`beat:app_1:${tab.id}`), "its own heartbeat stays");
  });

  test("a claim another tab overwrote before the re-read is left to that tab", () => {
    const storage = fakeStorage();
    const setItem = storage.setItem;
    // Another tab writes its claim right after ours: our re-read sees theirs.
    storage.setItem = (key, value) => {
      setItem(key, value);
      if (key === "wegwijs:beat:app_1:closed") setItem(key, '{"at":1000000,"claim":"rival"}');
    };
    storage.data.set("wegwijs:queue:app_1:closed", '[{"id":"e1"}]');
    const tab = createTab({
      local: createStore(storage),
      session: createStore(fakeStorage()),
      appKey: "app_1",
      newId: () => "me",
      now: () => 1_000_000,
    });
    const { adopted, adopt } = adopter();
    tab.claimOrphans(adopt);
    assert.deepEqual(adopted, []);
    assert.equal(storage.data.get("wegwijs:queue:app_1:closed"), '[{"id":"e1"}]');
  });

  test("a claim in progress is respected; a claimer that died is overtaken later", () => {
    const { open, write, clock } = browser();
    const { tab } = open();
    write("queue:app_1:closed", [{ id: "e1" }]);
    write("beat:app_1:closed", { at: clock.now, claim: "other" });
    const { adopted, adopt } = adopter();
    tab.claimOrphans(adopt);
    assert.deepEqual(adopted, []);
    clock.now += STALE_MS;
    tab.beat(false);
    tab.claimOrphans(adopt);
    assert.deepEqual(adopted, [{ id: "e1" }]);
  });

  test("an orphan the queue cannot take now (no consent) is kept for later", () => {
    const { open, read, write } = browser();
    const { tab } = open();
    write("queue:app_1:closed", [{ id: "e1" }]);
    tab.claimOrphans(() => false);
    assert.deepEqual(read("queue:app_1:closed"), [{ id: "e1" }]);
  });

  test("the single queue of earlier widget versions is taken over too", () => {
    const { open, read, write } = browser();
    const { tab } = open();
    write("events:app_1", [{ id: "old" }]);
    const { adopted, adopt } = adopter();
    tab.claimOrphans(adopt);
    assert.deepEqual(adopted, [{ id: "old" }]);
    assert.equal(read("events:app_1"), null);
  });

  test("storage that throws: the tab lives in memory, nothing is thrown", () => {
    const broken = {
      get length() {
        throw new Error("denied");
      },
      getItem() {
        throw new Error("denied");
      },
      setItem() {
        throw new Error("quota");
      },
      removeItem() {
        throw new Error("denied");
      },
    };
    const tab = createTab({
      local: createStore(broken),
      session: createStore(() => {
        throw new Error("no sessionStorage");
      }),
      appKey: "app_1",
      newId: () => "t1",
    });
    assert.equal(tab.queueKey, "queue:app_1:t1");
    assert.doesNotThrow(() => {
      tab.beat(true);
      tab.claimOrphans(() => true);
      tab.release();
    });
  });
});
