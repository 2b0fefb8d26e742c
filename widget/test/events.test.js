import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { byteLength, createEventQueue, QUEUE_DEFAULTS, takeBatch } from "../src/events.js";
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
function setup({ storage = fakeStorage(), answer = "accept", options, envelopeBytes } = {}) {
  const timers = [];
  const requests = [];
  let ids = 0;
  const server = { answer };
  const queue = createEventQueue({
    store: createStore(storage),
    storageKey: "queue:app_1:tab1",
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
    envelopeBytes,
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

const stored = (storage) => JSON.parse(storage.data.get("wegwijs:queue:app_1:tab1") || "[]");

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

  test("takes over another tab's events, skipping ids it already has", async () => {
    const { queue, requests, runTimers } = setup();
    assert.equal(queue.adopt([{ id: "orphan-1", name: "a" }]), false); // no consent yet
    queue.setConsent(true);
    queue.add({ name: "mine" });
    const theirs = [{ id: "event-0001", name: "mine" }, { id: "orphan-1", name: "a" }, null];
    assert.equal(queue.adopt(theirs), true);
    assert.equal(queue.adopt(null), true); // nothing stored there: nothing to take
    assert.deepEqual(queue.pending().map((event) => event.id), ["event-0001", "orphan-1"]);
    await runTimers();
    assert.deepEqual(requests, [["event-0001", "orphan-1"]]);
  });
});

describe("batches capped by bytes", () => {
  const event = (id, text) => ({ id, name: "custom", custom_name: "x", props: { text } });
  const size = (events) => byteLength(JSON.stringify(events));

  test("byteLength counts UTF-8 bytes, as the server does", () => {
    assert.equal(byteLength("abc"), 3);
    assert.equal(byteLength("é"), 2);
    assert.equal(byteLength("€"), 3);
    assert.equal(byteLength("😀"), 4);
    assert.equal(byteLength(JSON.stringify(["\ud800"])), 10); // a lone surrogate, escaped
  });

  test("a batch is the longest run from the front that fits", () => {
    const events = [event("a", "x".repeat(400)), event("b", "é".repeat(200)), event("c", "")];
    const limit = size(events.slice(0, 2));
    const { batch, tooBig } = takeBatch(events, limit, 50);
    assert.deepEqual(batch.map((item) => item.id), ["a", "b"]);
    assert.deepEqual(tooBig, []);
    assert.equal(takeBatch(events, limit - 1, 50).batch.length, 1);
    assert.equal(takeBatch(events, 10_000, 2).batch.length, 2);
  });

  test("splits a large backlog into requests under the cap, in order, each sent once", async () => {
    const { queue, requests, server, runTimers } = setup({ answer: "fail" });
    const bodies = [];
    server.answer = (events) => {
      bodies.push(size(events));
      return { accepted: events.map((item) => item.id), rejected: [] };
    };
    queue.setConsent(true);
    for (let n = 0; n < 120; n += 1) {
      queue.add({ name: "custom", custom_name: "x", props: { text: "y".repeat(1900) } });
    }
    for (let n = 0; n < 10 && queue.pending().length > 0; n += 1) await runTimers();
    assert.deepEqual(queue.pending(), []);
    assert.ok(requests.length >= 5); // bytes, not the count of 50, cut these batches
    assert.ok(bodies.every((bytes) => bytes <= QUEUE_DEFAULTS.maxBytes), String(bodies));
    const sent = requests.flat();
    assert.equal(sent.length, 120);
    assert.equal(new Set(sent).size, 120);
  });

  test("an event too big for any request is dropped with a warning and never blocks", async (t) => {
    const warn = t.mock.method(console, "warn", () => {});
    const { queue, requests, runTimers } = setup({ options: { maxBytes: 2000 } });
    queue.setConsent(true);
    queue.add({ name: "custom", custom_name: "huge", props: { text: "z".repeat(3000) } });
    queue.add({ name: "custom", custom_name: "small" });
    await runTimers();
    assert.deepEqual(requests, [["event-0002"]]);
    assert.deepEqual(queue.pending(), []);
    assert.match(warn.mock.calls[0].arguments[0], /\[wegwijs\] dropping 1 event/);
  });

  test("the envelope's size comes off the cap, also for the beacon on page hide", () => {
    const { queue, requests } = setup({ envelopeBytes: () => 1500, options: { maxBytes: 2000 } });
    queue.setConsent(true);
    for (let n = 0; n < 10; n += 1) {
      queue.add({ name: "custom", custom_name: "x", props: { text: "y".repeat(100) } });
    }
    queue.flushOnExit();
    const [beacon, ...ids] = requests[0];
    const pending = queue.pending();
    assert.equal(beacon, "beacon");
    assert.deepEqual(ids, pending.slice(0, ids.length).map((item) => item.id));
    assert.ok(size(pending.slice(0, ids.length)) <= 500);
    assert.ok(size(pending.slice(0, ids.length + 1)) > 500);
  });
});
