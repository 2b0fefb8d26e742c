/**
 * Console output for integrators: every line starts with "[wegwijs]" so it is easy to
 * tell apart from the host app's own logging, and logging itself can never throw.
 */

export const LOG_PREFIX = "[wegwijs]";

/** Write a prefixed warning to the console, if the page has one. */
export function warn(message, ...details) {
  try {
    if (typeof console !== "undefined" && typeof console.warn === "function") {
      console.warn(`${LOG_PREFIX} ${message}`, ...details);
    }
  } catch (_error) {
    // A host that replaced console.warn with something that throws must not break us.
  }
}

/**
 * Return a `warn` that prints each distinct `key` only once, so a misconfigured page
 * calling the API in a loop does not flood the console.
 */
export function createWarnOnce() {
  const seen = new Set();
  return function warnOnce(key, message, ...details) {
    if (seen.has(key)) return;
    seen.add(key);
    warn(message, ...details);
  };
}
