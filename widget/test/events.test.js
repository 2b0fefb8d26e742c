import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createEventQueue, QUEUE_DEFAULTS } from "../src/events.js";
import { createStore } from "../src/storage.js";

/** A Web Storage stand-in that can be told to fail. */
function fakeStorage() {
  const data = new Map();
  return {
    data,
    getItem: (key) => (data.has(key) ? data.get(key) : null),
    setItem: (key, value) => data.set(key, String(value)),
    removeItem: (key) => data.delete(key),
  };
}

/** A queue with a manual clock and timers, and a server that answers as told. */
function setup({ storage = fakeStorage(), answer = "accept", options } = {}) {
  const timers = [];
  const requests = [];
  let ids = 0;
  const server = { answer };
  const queue = createEventQueue({
    store: createStore(storage),
    storageKey: "events:app_1",
    newId: () => `event-${String((ids += 1)).padStart(4, "0")}`,
    now: () => Date.UTC(2026, 10, 24, 10, 0, 0),
    setTimer: (fn, ms) => {
      const timer = { fn, ms, cleared: false };
      timers.push(timer);
      return timer;
    },
    clearTimer: (timer) => {
      if (timer) timer.cleared = true;
    },
    send: async (events) => {
      requests.push(events.map((event) => event.id));
      if (server.answer === "fail") return null;
      if (typeof server.answer === "function") return server.answer(events);
      return { accepted: events.map((event) => event.id), rejected: [] };
    },
    beacon: (events) => {
      requests.push(["beacon", ...events.map((event) => event.id)]);
      return true;
    },
    options,
  });
  /** Run the timers that are due, in order; returns the delays they had. */
  async function runTimers() {
    const due = timers.splice(0).filter((timer) => !timer.cleared);
    for (const timer of due) timer.fn();
    await new Promise((resolve) => setImmediate(resolve));
    return due.map((timer) => timer.ms);
  }
  return { queue, storage, requests, server, timers, runTimers };
}

const stored = (storage) => JSON.parse(storage.data.get("wegwijs:events:app_1") || "[]");

describe("the event queue", () => {
  test("gives every event an id and an ISO time, and leaves out empty fields", () => {
    const { queue } = setup();
    queue.setConsent(true);
    const event = queue.add({ name: "step_viewed", guide_id: 3, step_id: "s1", locale: null });
    assert.deepEqual(event, {
      id: "event-0001",
      name: "step_viewed",
      guide_id: 3,
      step_id: "s1",
      ts: "2026-11-24T10:00:00.000Z",
    });
  });

  test("sends after the flush delay, or at once when a batch is full", async () => {
    const { queue, requests, timers, runTimers } = setup();
    queue.setConsent(true);
    queue.add({ name: "help_opened" });
    assert.equal(timers[0].ms, QUEUE_DEFAULTS.flushDelayMs);
    for (let n = 1; n < QUEUE_DEFAULTS.batchSize; n += 1) queue.add({ name: "help_opened" });
    assert.equal(timers.at(-1).ms, 0);
    await runTimers();
    assert.equal(requests.length, 1);
    assert.equal(requests[0].length, QUEUE_DEFAULTS.batchSize);
    assert.deepEqual(queue.pending(), []);
  });

  test("drops what the server accepted or rejected and retries the rest with backoff", async () => {
    const { queue, server, requests, storage, runTimers } = setup();
    queue.setConsent(true);
    queue.add({ name: "a" });
    queue.add({ name: "b" });
    queue.add({ name: "c" });
    server.answer = "fail";
    assert.deepEqual(await runTimers(), [2000]);
    assert.deepEqual(await runTimers(), [2000]); // first retry after 2 s
    assert.deepEqual(await runTimers(), [4000]); // then doubled
    assert.equal(stored(storage).length, 3);
    server.answer = (events) => ({
      accepted: [events[0].id],
      rejected: [{ id: events[1].id, error: "bad" }],
    });
    await runTimers();
    assert.deepEqual(stored(storage).map((event) => event.name), ["c"]);
    server.answer = "accept";
    await runTimers();
    assert.deepEqual(queue.pending(), []);
    assert.deepEqual(requests.at(-1), ["event-0003"]);
  });

  test("the backoff stops growing at its maximum", async () => {
    const { queue, runTimers } = setup({ answer: "fail" });
    queue.setConsent(true);
    queue.add({ name: "a" });
    const delays = [];
    for (let n = 0; n < 8; n += 1) delays.push(...(await runTimers()));
    assert.deepEqual(delays, [2000, 2000, 4000, 8000, 16000, 32000, 60000, 60000]);
  });

  test("unsent events survive a reload through storage, bounded to the newest", async () => {
    const storage = fakeStorage();
    const first = setup({ storage, answer: "fail", options: { maxStored: 5 } });
    first.queue.setConsent(true);
    for (let n = 0; n < 8; n += 1) first.queue.add({ name: `e${n}` });
    assert.deepEqual(
      stored(storage).map((event) => event.name),
      ["e3", "e4", "e5", "e6", "e7"],
    );
    const second = setup({ storage });
    second.queue.setConsent(true);
    await second.runTimers();
    assert.equal(second.requests[0].length, 5);
    assert.deepEqual(stored(storage), []);
  });

  test("events added while a request is in flight are kept", async () => {
    const { queue, server, storage, runTimers } = setup();
    queue.setConsent(true);
    queue.add({ name: "a" });
    let release;
    server.answer = (events) =>
      new Promise((resolve) => {
        release = () => resolve({ accepted: events.map((event) => event.id), rejected: [] });
      });
    const flushing = queue.flush();
    queue.add({ name: "b" });
    release();
    await flushing;
    assert.deepEqual(stored(storage).map((event) => event.name), ["b"]);
    await runTimers();
  });

  test("on page hide the waiting events go by beacon and stay stored until answered", () => {
    const { queue, requests, storage } = setup();
    queue.setConsent(true);
    queue.add({ name: "a" });
    assert.equal(queue.flushOnExit(), true);
    assert.deepEqual(requests, [["beacon", "event-0001"]]);
    assert.equal(stored(storage).length, 1);
  });

  test("until consent is known nothing is stored or sent; refused consent drops it all", async () => {
    const { queue, storage, requests, runTimers } = setup();
    queue.add({ name: "a" });
    assert.equal(storage.data.size, 0);
    assert.equal(queue.flushOnExit(), false);
    await runTimers();
    assert.deepEqual(requests, []);
    queue.setConsent(false);
    assert.equal(queue.add({ name: "b" }), null);
    assert.deepEqual(queue.pending(), []);
    queue.setConsent(true);
    queue.add({ name: "c" });
    await runTimers();
    assert.deepEqual(requests, [["event-0002"]]);
  });

  test("granting consent stores and sends what was held", async () => {
    const { queue, storage, requests, runTimers } = setup();
    queue.add({ name: "a" });
    queue.setConsent(true);
    assert.equal(stored(storage).length, 1);
    await runTimers();
    assert.deepEqual(requests, [["event-0001"]]);
  });

  test("refusing consent later removes stored events", () => {
    const { queue, storage } = setup({ answer: "fail" });
    queue.setConsent(true);
    queue.add({ name: "a" });
    queue.setConsent(false);
    assert.equal(storage.data.size, 0);
  });

  test("works in memory when storage throws", async () => {
    const broken = {
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
    const { queue, requests, runTimers } = setup({ storage: broken });
    queue.setConsent(true);
    queue.add({ name: "a" });
    assert.equal(queue.pending().length, 1);
    await runTimers();
    assert.deepEqual(requests, [["event-0001"]]);
    assert.deepEqual(queue.pending(), []);
  });
});
