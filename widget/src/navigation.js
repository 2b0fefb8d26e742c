/**
 * Following single-page-app navigation: the host changes the URL with
 * `history.pushState`/`replaceState` (no event for those, so they are wrapped),
 * the back button fires `popstate`, in-page links `hashchange`. Bursts of changes
 * (a router that pushes then replaces) are reported once, after they settle.
 */

/**
 * Pure part: report the URL after changes settle, only when it really changed.
 *
 * @param {Object} options
 * @param {() => string} options.getUrl the current URL
 * @param {(url: string) => void} options.onChange
 * @param {number} [options.delayMs] quiet time before reporting; default 50
 * @param {(fn: () => void, ms: number) => unknown} [options.setTimer] default `setTimeout`
 * @param {(handle: unknown) => void} [options.clearTimer] default `clearTimeout`
 * @returns {{ notify: () => void, cancel: () => void }}
 */
export function createUrlWatcher({
  getUrl,
  onChange,
  delayMs = 50,
  setTimer = (fn, ms) => setTimeout(fn, ms),
  clearTimer = (handle) => clearTimeout(handle),
}) {
  let last = getUrl();
  let timer = null;
  return {
    notify() {
      if (timer !== null) clearTimer(timer);
      timer = setTimer(() => {
        timer = null;
        const url = getUrl();
        if (url === last) return;
        last = url;
        onChange(url);
      }, delayMs);
    },
    cancel() {
      if (timer !== null) clearTimer(timer);
      timer = null;
    },
  };
}

/**
 * Watch `win` for navigation and call `onChange(url)` after each settled change.
 *
 * @param {Window} win
 * @param {(url: string) => void} onChange called inside try/catch
 * @param {{ delayMs?: number }} [options] `delayMs` default 50
 * @returns {() => void} cleanup: unwraps `history` and removes the listeners
 */
export function watchNavigation(win, onChange, { delayMs = 50 } = {}) {
  const watcher = createUrlWatcher({
    getUrl: () => win.location.href,
    onChange: (url) => {
      try {
        onChange(url);
      } catch (_error) {
        // Never into the host's router.
      }
    },
    delayMs,
  });
  const notify = () => {
    try {
      watcher.notify();
    } catch (_error) {
      // Nothing to report.
    }
  };

  const history = win.history;
  const restore = [];
  let active = true;
  for (const name of ["pushState", "replaceState"]) {
    const original = history && history[name];
    if (typeof original !== "function") continue;
    const wrapped = function (...args) {
      const result = original.apply(this, args);
      if (active) notify();
      return result;
    };
    history[name] = wrapped;
    restore.push(() => {
      // Another script may have wrapped ours since: then ours stays, inert.
      if (history[name] === wrapped) history[name] = original;
    });
  }
  win.addEventListener("popstate", notify);
  win.addEventListener("hashchange", notify);

  return function cleanup() {
    active = false;
    watcher.cancel();
    for (const undo of restore) undo();
    win.removeEventListener("popstate", notify);
    win.removeEventListener("hashchange", notify);
  };
}
