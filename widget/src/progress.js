/**
 * The walkthrough in progress in this tab, `{guide_id, version, step_id}`, kept in
 * sessionStorage so a reload or the next page of a multi-page walkthrough resumes at
 * the right step. Sent as `current` with every context request.
 */

/**
 * @typedef {Object} Progress
 * @property {number} guide_id
 * @property {number} version
 * @property {string} step_id
 * @property {string} [url] the page the step was shown on (kept locally, not sent), so a
 *   step that advances on navigation can tell that the page changed
 */

/**
 * @param {import("./storage.js").Store} store sessionStorage
 * @param {string} appKey one walkthrough in progress per app
 */
export function createProgress(store, appKey) {
  const key = `progress:${appKey}`;
  return {
    /** @returns {Progress|null} */
    get() {
      const value = store.get(key);
      const valid =
        value !== null &&
        typeof value === "object" &&
        Number.isInteger(value.guide_id) &&
        Number.isInteger(value.version) &&
        typeof value.step_id === "string";
      if (!valid) return null;
      const progress = { guide_id: value.guide_id, version: value.version, step_id: value.step_id };
      if (typeof value.url === "string") progress.url = value.url;
      return progress;
    },
    /** @param {Progress} progress */
    set(progress) {
      store.set(key, {
        guide_id: progress.guide_id,
        // A draft in preview has no version yet; the server resumes it by guide and step.
        version: progress.version || 0,
        step_id: progress.step_id,
        url: progress.url,
      });
    },
    /** The walkthrough was finished or dismissed. */
    clear() {
      store.remove(key);
    },
  };
}
