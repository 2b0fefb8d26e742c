/**
 * Pure choices behind the widget's surfaces (no DOM): which announcement shows next, and
 * a debounce with injected timers, so both can be unit-tested without a browser.
 */

/**
 * The announcement to show now: the eligible one with the highest priority (the server
 * already sends them highest first; ties keep its order) that was not handled yet.
 *
 * @param {Array<{ id: number, priority?: number, eligible?: boolean }>} announcements
 *   the context's `announcements`
 * @param {Set<number|string>} [handled] acknowledged or closed ids; default none
 * @returns {Object|null}
 */
export function nextAnnouncement(announcements, handled = new Set()) {
  if (!Array.isArray(announcements)) return null;
  let best = null;
  for (const entry of announcements) {
    if (!entry || typeof entry !== "object" || entry.eligible === false) continue;
    if (handled.has(entry.id)) continue;
    if (best === null || (Number(entry.priority) || 0) > (Number(best.priority) || 0)) best = entry;
  }
  return best;
}

/**
 * How an announcement is shown: its `settings.display`, `banner` when unknown.
 *
 * @param {{ settings?: { display?: string } }} announcement
 * @returns {"banner"|"modal"|"anchored"}
 */
export function displayOf(announcement) {
  const display = announcement && announcement.settings && announcement.settings.display;
  return display === "modal" || display === "anchored" ? display : "banner";
}

/**
 * The walkthrough an announcement starts (`settings.start_walkthrough`, a slug), if the
 * context lists it.
 *
 * @param {{ settings?: { start_walkthrough?: string } }} announcement
 * @param {Array<{ slug: string }>} walkthroughs
 * @returns {Object|null}
 */
export function walkthroughToStart(announcement, walkthroughs) {
  const slug = announcement && announcement.settings && announcement.settings.start_walkthrough;
  if (!slug || !Array.isArray(walkthroughs)) return null;
  return walkthroughs.find((entry) => entry && entry.slug === slug) || null;
}

/**
 * Call `fn` once calls have stopped for `ms`, with the last call's arguments.
 *
 * @param {(...args: unknown[]) => void} fn
 * @param {number} ms quiet time
 * @param {Object} [timers]
 * @param {(fn: () => void, ms: number) => unknown} [timers.setTimer] default `setTimeout`
 * @param {(handle: unknown) => void} [timers.clearTimer] default `clearTimeout`
 * @returns {{ call: (...args: unknown[]) => void, cancel: () => void }}
 */
export function debounce(
  fn,
  ms,
  { setTimer = (run, delay) => setTimeout(run, delay), clearTimer = (handle) => clearTimeout(handle) } = {},
) {
  let handle = null;
  const cancel = () => {
    if (handle !== null) clearTimer(handle);
    handle = null;
  };
  return {
    call(...args) {
      cancel();
      handle = setTimer(() => {
        handle = null;
        fn(...args);
      }, ms);
    },
    cancel,
  };
}
