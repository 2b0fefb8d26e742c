/**
 * The analytics event queue: every event gets a unique id, waits in localStorage until
 * the server has answered for it, and goes out in batches. The server stores each id
 * once, so sending an event twice (a retry, a beacon on unload, a second tab) never
 * counts twice, and keeping it until answered means a reload or a flaky network loses
 * nothing. Each tab has its own queue (see `tabs.js`). Pure: storage, clock, timers and
 * the network are injected.
 */

import { warn } from "./log.js";

/**
 * @typedef {Object} EventQueueOptions
 * @property {number} [batchSize] flush at once when this many events wait; default 20
 * @property {number} [flushDelayMs] otherwise flush this long after the first one; default 2000
 * @property {number} [maxStored] keep at most this many unsent events, dropping the
 *   oldest; default 500
 * @property {number} [maxPerRequest] events per request; default 50
 * @property {number} [maxBytes] a request body's size in UTF-8 bytes, kept below the server's
 *   60 KB limit and `sendBeacon`'s 64 KB; default 56 KB
 * @property {number} [retryBaseMs] first retry delay, doubled per failure; default 2000
 * @property {number} [retryMaxMs] longest retry delay; default 60000
 */
export const QUEUE_DEFAULTS = Object.freeze({
  batchSize: 20,
  flushDelayMs: 2000,
  maxStored: 500,
  maxPerRequest: 50,
  maxBytes: 56 * 1024,
  retryBaseMs: 2000,
  retryMaxMs: 60000,
});

/**
 * @typedef {Object} WidgetEvent what the server's `/events` takes per event
 * @property {string} id unique, `[A-Za-z0-9_.:-]{8,64}`
 * @property {string} name e.g. `"step_viewed"`
 * @property {string} ts ISO time with zone
 */

/**
 * A new unique event id: `crypto.randomUUID()` where the browser has it.
 *
 * @param {() => string} fallback used without `randomUUID`
 */
export function newEventId(fallback) {
  const cryptoImpl = globalThis.crypto;
  if (cryptoImpl && typeof cryptoImpl.randomUUID === "function") return cryptoImpl.randomUUID();
  return fallback();
}

/** The size of `text` in UTF-8 bytes (what the server counts). */
export function byteLength(text) {
  // JSON.stringify escapes lone surrogates, so encodeURIComponent cannot throw here.
  return encodeURIComponent(text).replace(/%../g, "-").length;
}

/**
 * The events from the front of `events` that fit in one request: at most `maxCount`, their
 * JSON array at most `maxBytes`. An event that alone would not fit can never be sent: it is
 * set aside as `tooBig` rather than block the queue.
 *
 * @param {WidgetEvent[]} events oldest first
 * @param {number} maxBytes
 * @param {number} maxCount
 * @returns {{ batch: WidgetEvent[], tooBig: WidgetEvent[] }}
 */
export function takeBatch(events, maxBytes, maxCount) {
  const batch = [];
  const tooBig = [];
  let bytes = 1; // "[", then each event with the "," or "]" after it
  for (const event of events) {
    const size = byteLength(JSON.stringify(event)) + 1;
    if (size + 1 > maxBytes) tooBig.push(event);
    else if (bytes + size > maxBytes || batch.length >= maxCount) break;
    else {
      batch.push(event);
      bytes += size;
    }
  }
  return { batch, tooBig };
}

/**
 * @param {Object} deps
 * @param {import("./storage.js").Store} deps.store where unsent events wait
 * @param {string} deps.storageKey this tab's queue, e.g. `"queue:app_123:{tab id}"`
 * @param {(events: WidgetEvent[]) => Promise<{accepted?: string[], rejected?: Array<{id: string|null}>}|null>} deps.send
 *   one request; `null` when it failed
 * @param {(events: WidgetEvent[]) => boolean} [deps.beacon] delivery while the page unloads
 * @param {() => number} [deps.envelopeBytes] the size of a request without its events (who
 *   sends them); default 0
 * @param {() => string} deps.newId
 * @param {() => number} [deps.now] default `Date.now`
 * @param {(fn: () => void, ms: number) => unknown} [deps.setTimer] default `setTimeout`
 * @param {(handle: unknown) => void} [deps.clearTimer] default `clearTimeout`
 * @param {EventQueueOptions} [deps.options]
 */
export function createEventQueue({
  store,
  storageKey,
  send,
  beacon = () => false,
  envelopeBytes = () => 0,
  newId,
  now = Date.now,
  setTimer = (fn, ms) => setTimeout(fn, ms),
  clearTimer = (handle) => clearTimeout(handle),
  options = {},
}) {
  const settings = { ...QUEUE_DEFAULTS, ...options };
  /** `null`: not known yet (held in memory only); `true`: stored and sent; `false`: dropped. */
  let consent = null;
  let held = [];
  let timer = null;
  let inFlight = null;
  let failures = 0;

  function read() {
    const list = store.get(storageKey);
    return Array.isArray(list) ? list : [];
  }

  function write(list) {
    if (list.length === 0) store.remove(storageKey);
    else store.set(storageKey, list.slice(-settings.maxStored));
  }

  function schedule(delay) {
    if (consent !== true) return;
    if (timer !== null) {
      if (delay > 0) return;
      clearTimer(timer);
    }
    timer = setTimer(() => {
      timer = null;
      flush();
    }, delay);
  }

  function pendingDelay(count) {
    return count >= settings.batchSize ? 0 : settings.flushDelayMs;
  }

  /** The next request's events; events too big for any request are dropped on the way. */
  function nextBatch() {
    const room = settings.maxBytes - envelopeBytes();
    const { batch, tooBig } = takeBatch(read(), room, settings.maxPerRequest);
    if (tooBig.length > 0) {
      warn(`dropping ${tooBig.length} event(s) larger than a request may be`, tooBig);
      forget(new Set(tooBig.map((event) => event.id)));
    }
    return batch;
  }

  function forget(ids) {
    const rest = read().filter((event) => !ids.has(event.id));
    if (consent === true) write(rest);
    return rest;
  }

  async function sendBatch() {
    const batch = nextBatch();
    if (batch.length === 0) return;
    let result = null;
    try {
      result = await send(batch);
    } catch (_error) {
      result = null;
    }
    if (!result || typeof result !== "object") {
      failures += 1;
      const backoff = settings.retryBaseMs * 2 ** (failures - 1);
      schedule(Math.min(backoff, settings.retryMaxMs));
      return;
    }
    failures = 0;
    // Accepted and rejected are both final: a rejected event would be rejected again.
    const answered = new Set(result.accepted || []);
    for (const item of result.rejected || []) if (item && item.id) answered.add(item.id);
    const rest = forget(answered);
    if (rest.length > 0) schedule(answered.size > 0 ? pendingDelay(rest.length) : settings.retryBaseMs);
  }

  /** Send what waits now (one request at a time); resolves when it is answered. */
  function flush() {
    if (consent !== true) return Promise.resolve();
    if (inFlight) return inFlight;
    inFlight = sendBatch().finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  return {
    /**
     * Queue an event; `id` and `ts` are added. Dropped when consent is refused.
     *
     * @param {Object<string, unknown>} fields `name` plus any of `guide_id`, `version`,
     *   `step_id`, `url`, `locale`, `custom_name`, `props`; `null`/`undefined` are left out
     * @returns {WidgetEvent|null}
     */
    add(fields) {
      if (consent === false) return null;
      const event = { id: newId() };
      for (const key of Object.keys(fields)) {
        if (fields[key] !== null && fields[key] !== undefined) event[key] = fields[key];
      }
      event.ts = new Date(now()).toISOString();
      if (consent === null) {
        held.push(event);
        if (held.length > settings.maxStored) held.shift();
        return event;
      }
      const list = read();
      list.push(event);
      write(list);
      schedule(pendingDelay(list.length));
      return event;
    },

    /**
     * Whether events may be stored and sent. `true` moves held events into storage and
     * starts sending; `false` drops everything unsent, stored or held.
     *
     * @param {boolean|null} allowed `null` while unknown (events wait in memory)
     */
    setConsent(allowed) {
      consent = allowed;
      if (allowed === false) {
        held = [];
        store.remove(storageKey);
        if (timer !== null) clearTimer(timer);
        timer = null;
        return;
      }
      if (allowed === true) {
        const list = read().concat(held);
        held = [];
        write(list);
        if (list.length > 0) schedule(pendingDelay(list.length));
      }
    },

    flush,

    /** While the page unloads: hand the waiting events to the browser. They stay stored
     * until a later answer names them; the server ignores the copy it already has. */
    flushOnExit() {
      if (consent !== true) return false;
      const batch = nextBatch();
      return batch.length > 0 ? beacon(batch) : false;
    },

    /**
     * Take over another tab's unsent events (see `tabs.js`); ids already here are skipped.
     *
     * @param {unknown} events as that tab stored them
     * @returns {boolean} `false` when they cannot be taken now (no consent): leave them
     */
    adopt(events) {
      if (consent !== true) return false;
      const list = read();
      const ids = new Set(list.map((event) => event.id));
      for (const event of Array.isArray(events) ? events : []) {
        if (event && event.id && !ids.has(event.id)) list.push(event);
      }
      write(list);
      if (list.length > 0) schedule(pendingDelay(list.length));
      return true;
    },

    /** Drop the events held in memory while consent was unknown. */
    discardHeld() {
      held = [];
    },

    /** Forget every unsent event (sign-out). */
    clear() {
      held = [];
      store.remove(storageKey);
    },

    /** @returns {WidgetEvent[]} unsent events: stored ones, then held ones */
    pending: () => read().concat(held),

    /** Stop the timer (tests, teardown). */
    stop() {
      if (timer !== null) clearTimer(timer);
      timer = null;
    },
  };
}
