/**
 * The pre-load command queue. The inline stub defines `window.Wegwijs = { q: [] }` plus
 * methods that push their calls onto `q`, so the host can call `Wegwijs.identify(...)`
 * before the real script has loaded; when it loads, the calls are replayed in order.
 * Pure: works on plain arrays and an API object, no DOM.
 *
 * Two shapes of queued call are accepted:
 *   - `[methodName, args]` where `args` is an array or an `arguments` object
 *     (what `snippets/stub.html` pushes);
 *   - a flat list `[methodName, arg1, arg2, ...]`, or an `arguments` object pushed as is
 *     (`Wegwijs.q.push(arguments)` from a hand-written stub).
 * A two-item call whose second item is a list is read as the first shape; no public method
 * takes a list as its only argument, so the two never collide.
 */

import { warn } from "./log.js";

/**
 * @typedef {Object} ReplaySummary
 * @property {number} called calls that ran without throwing
 * @property {number} skipped malformed calls and unknown method names
 * @property {number} failed calls whose method threw
 */

/**
 * Call the API methods recorded in `queue`, in order. An unknown method name or a
 * malformed entry is skipped with a warning; a method that throws is reported and the
 * replay goes on with the next call. Never throws.
 *
 * @param {ArrayLike<unknown>|null|undefined} queue the stub's `q`
 * @param {Object<string, unknown>} api the real public API
 * @returns {ReplaySummary}
 */
export function replayQueue(queue, api) {
  const summary = { called: 0, skipped: 0, failed: 0 };
  if (!isListLike(queue)) return summary;

  // Snapshot first: a replayed call must not see entries appended while replaying.
  for (const entry of Array.from(queue)) {
    const command = readCommand(entry);
    if (!command) {
      warn("skipping a malformed queued call", entry);
      summary.skipped += 1;
      continue;
    }
    if (!isApiMethod(api, command.name)) {
      warn(`skipping queued call to unknown method "${command.name}"`);
      summary.skipped += 1;
      continue;
    }
    try {
      api[command.name](...command.args);
      summary.called += 1;
    } catch (error) {
      warn(`queued call to Wegwijs.${command.name} failed`, error);
      summary.failed += 1;
    }
  }
  return summary;
}

/**
 * A stand-in for the stub's `q` once the real API is installed: anything pushed onto it
 * runs at once. Keeps working for host code that keeps using `Wegwijs.q.push(...)` after
 * the script has loaded, or that held on to the stub's methods.
 *
 * @param {Object<string, unknown>} api
 * @returns {{ push: (...entries: unknown[]) => number }}
 */
export function createLiveQueue(api) {
  return {
    push(...entries) {
      replayQueue(entries, api);
      // Array#push returns the new length; the live queue never holds anything.
      return 0;
    },
  };
}

/**
 * Read one queued call into `{ name, args }`, or `null` when it is not a call.
 *
 * @param {unknown} entry
 * @returns {{ name: string, args: unknown[] }|null}
 */
export function readCommand(entry) {
  if (!isListLike(entry) || entry.length === 0) return null;
  const name = entry[0];
  if (typeof name !== "string" || name === "") return null;
  if (entry.length === 2 && isListLike(entry[1])) {
    return { name, args: Array.from(entry[1]) };
  }
  return { name, args: Array.prototype.slice.call(entry, 1) };
}

/** An array or an `arguments` object (also from another frame). */
function isListLike(value) {
  if (Array.isArray(value)) return true;
  return Object.prototype.toString.call(value) === "[object Arguments]";
}

/** Only the API's own function properties count: `"toString"` or `"constructor"` do not. */
function isApiMethod(api, name) {
  return (
    api !== null &&
    typeof api === "object" &&
    Object.prototype.hasOwnProperty.call(api, name) &&
    typeof api[name] === "function"
  );
}
