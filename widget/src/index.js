/**
 * Entry of `wegwijs.js`, the script the host page loads. It finds its own script tag,
 * reads the configuration, replaces the inline stub with the real `window.Wegwijs` and
 * replays the calls the host queued before the script arrived.
 *
 * The host page must never break because of us: everything runs inside try/catch, the
 * only global is `Wegwijs`, and a second copy of the script leaves the first in place.
 */

import { createApi, createState } from "./api.js";
import { readScriptConfig, readScriptNonce } from "./config.js";
import { warn } from "./log.js";
import { createLiveQueue, replayQueue } from "./queue.js";
import { createRuntime } from "./runtime.js";

/* global __WEGWIJS_VERSION__ */
// Replaced by build.mjs with the version from package.json.
const VERSION = typeof __WEGWIJS_VERSION__ === "string" ? __WEGWIJS_VERSION__ : "0.0.0-dev";

try {
  boot(window, document);
} catch (error) {
  warn("could not start", error);
}

/**
 * Install the real API on `win`, unless a copy of the runtime is there already.
 *
 * @param {Window} win
 * @param {Document} doc
 */
function boot(win, doc) {
  const existing = win.Wegwijs;
  if (isRuntime(existing)) {
    warn(`wegwijs.js is included more than once; keeping version ${existing.version}`);
    return;
  }

  const script = findOwnScript(doc);
  const config = readScriptConfig(script ? script.dataset : undefined, script ? script.src : "");
  const state = createState(config);
  // Chunks load relative to this script's own URL (a versioned URL loads the same build).
  const source = { src: script ? script.src : "", nonce: readScriptNonce(script) };
  const runtime = createRuntime({ state, win, doc, script: source });
  const api = createApi({ state, version: VERSION, hooks: runtime.hooks });
  const liveQueue = createLiveQueue(api);
  // Host code written against the stub may go on calling `Wegwijs.q.push(...)`.
  Object.defineProperty(api, "q", { value: liveQueue });
  win.Wegwijs = api;

  const stubQueue = existing && existing.q;
  replayQueue(stubQueue, api);
  if (Array.isArray(stubQueue)) {
    // Stub methods the host kept a reference to push onto the old array: run those too.
    stubQueue.length = 0;
    stubQueue.push = liveQueue.push;
  }
  // After the replay, so the first context request already carries the queued identity.
  runtime.activate();
}

/** The stub has no `version`; the runtime always has one. */
function isRuntime(value) {
  return value !== null && typeof value === "object" && typeof value.version === "string";
}

/**
 * The `<script>` element that loaded us, for its `data-` attributes, `src` and nonce.
 * `currentScript` is set while a classic script (also an async one) first runs; the
 * fallback covers loaders (and tests) that evaluate the file without setting it.
 *
 * @param {Document} doc
 * @returns {HTMLScriptElement|null}
 */
function findOwnScript(doc) {
  const current = doc.currentScript;
  if (current && typeof current.src === "string" && current.src !== "") return current;
  const scripts = doc.querySelectorAll('script[src*="wegwijs.js"]');
  return scripts.length > 0 ? scripts[scripts.length - 1] : null;
}
