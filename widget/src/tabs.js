/**
 * Each tab owns its own event queue, and the queues of tabs that closed before their
 * events were sent are picked up by another tab. Pure: the stores and clock are injected.
 *
 * A tab keeps its id in sessionStorage (a reload keeps it, and with it its queue) and a
 * heartbeat `beat:{appKey}:{tab}` in localStorage, written every `BEAT_MS` and removed on
 * pagehide. A duplicated tab copies sessionStorage: finding a live heartbeat under the
 * copied id, it knows the id is taken and picks a new one. A queue without a live
 * heartbeat belongs to a tab that is gone: an orphan.
 *
 * localStorage has no locks. A tab claims an orphan by writing its id into the orphan's
 * heartbeat and reading it back; two tabs can still both win (their writes can cross), and
 * then both send the same events. That is harmless: the server stores each event id once.
 */

/** How often a tab writes its heartbeat. */
export const BEAT_MS = 10000;
/** A visible tab's heartbeat older than this is a closed (or crashed) tab's. */
export const STALE_MS = 30000;
/** Longer for a tab that was hidden: browsers run its timers as rarely as once a minute. */
export const STALE_HIDDEN_MS = 180000;

/**
 * Whether a heartbeat record shows a living tab (or a claim in progress).
 *
 * @param {unknown} beat `{at, hidden?}` as stored, or `null`
 * @param {number} now
 */
export function isAlive(beat, now) {
  if (!beat || typeof beat.at !== "number") return false;
  return now - beat.at < (beat.hidden ? STALE_HIDDEN_MS : STALE_MS);
}

/**
 * This tab: its id, its queue's key, its heartbeat, and the claiming of orphans.
 *
 * @param {Object} deps
 * @param {import("./storage.js").Store} deps.local localStorage, shared by the tabs
 * @param {import("./storage.js").Store} deps.session sessionStorage, this tab's
 * @param {string} deps.appKey
 * @param {() => string} deps.newId a new tab id
 * @param {() => number} [deps.now] default `Date.now`
 */
export function createTab({ local, session, appKey, newId, now = Date.now }) {
  const queuePrefix = `queue:${appKey}:`;
  const beatPrefix = `beat:${appKey}:`;
  let id = session.get(`tab:${appKey}`);
  if (typeof id !== "string" || !id || isAlive(local.get(beatPrefix + id), now())) {
    id = newId();
    session.set(`tab:${appKey}`, id);
  }

  /** The tab id in a queue or heartbeat key of this app, else `null`. */
  function tabOf(key) {
    for (const prefix of [queuePrefix, beatPrefix]) {
      if (key.startsWith(prefix)) return key.slice(prefix.length) || null;
    }
    return null;
  }

  function claim(other) {
    local.set(beatPrefix + other, { at: now(), claim: id });
    const check = local.get(beatPrefix + other);
    return Boolean(check) && check.claim === id;
  }

  let released = false;

  const tab = {
    id,
    /** Where this tab's events wait. */
    queueKey: queuePrefix + id,

    /** @param {boolean} hidden whether the page is hidden now (see `STALE_HIDDEN_MS`) */
    beat(hidden) {
      // Unloading fires visibilitychange after pagehide: that must not revive the heartbeat
      // (the reload would think itself a duplicate). Visible again means back from bfcache.
      if (released && hidden) return;
      released = false;
      local.set(beatPrefix + id, { at: now(), hidden: Boolean(hidden) });
    },

    /** The page goes away: its queue may be picked up at once (a reload takes it back). */
    release() {
      released = true;
      local.remove(beatPrefix + id);
    },

    /**
     * Take over the queues of tabs that are gone: `adopt(events)` merges each into this
     * tab's queue, then the orphan's keys are removed. Heartbeats left without a queue
     * (a crashed tab's) are cleaned up the same way.
     *
     * @param {(events: unknown) => boolean|void} adopt the stored value (an array, or
     *   `null`); returning `false` leaves the orphan for later
     */
    claimOrphans(adopt) {
      const legacy = `events:${appKey}`; // the single queue of widgets before per-tab queues
      const done = new Set([id]);
      for (const key of local.keys()) {
        if (key === legacy && adopt(local.get(key)) !== false) local.remove(key);
        const other = tabOf(key);
        if (other === null || done.has(other)) continue;
        done.add(other);
        if (isAlive(local.get(beatPrefix + other), now()) || !claim(other)) continue;
        if (adopt(local.get(queuePrefix + other)) === false) continue;
        local.remove(queuePrefix + other);
        local.remove(beatPrefix + other);
      }
    },
  };
  tab.beat(false);
  return tab;
}
