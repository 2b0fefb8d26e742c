/**
 * Context answers of the last minute, so that an SPA going back and forth between pages
 * does not ask the server again each time. Pure: the clock is injected.
 *
 * The key is the whole request body: the URL, the visitor (user id, traits, signature,
 * locale), the preview token and `current`, the walkthrough in progress. A different
 * walkthrough position is therefore never answered from the cache, and `identify` never
 * sees another identity's answer. What the visitor does changes the answer too (a
 * walkthrough completed is not offered again): the runtime clears the cache whenever it
 * records an event that moves the visitor's state on the server.
 */

/** How long an answer is reused. */
export const CONTEXT_TTL_MS = 60000;
const MAX_ENTRIES = 20;

/**
 * @param {{ now?: () => number, ttlMs?: number }} [options] `now` default `Date.now`,
 *   `ttlMs` default `CONTEXT_TTL_MS`
 */
export function createContextCache({ now = Date.now, ttlMs = CONTEXT_TTL_MS } = {}) {
  const entries = new Map();
  let contentVersion;
  return {
    /**
     * @param {string} key the request body as JSON
     * @returns {Object|null} the answer, while it is younger than `ttlMs`
     */
    get(key) {
      const entry = entries.get(key);
      if (entry && now() - entry.at < ttlMs) return entry.answer;
      entries.delete(key);
      return null;
    },

    /** Keep `answer`; one with another `content_version` means published content changed:
     * every older answer goes. */
    put(key, answer) {
      if (answer.content_version !== contentVersion) entries.clear();
      contentVersion = answer.content_version;
      entries.delete(key);
      entries.set(key, { answer, at: now() });
      if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value);
    },

    clear() {
      entries.clear();
    },
  };
}
