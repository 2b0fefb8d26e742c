/**
 * The `opener` chunk: what only a tab opened by an author's window needs. The guide editor
 * on the Wegwijs server talks to the host app it opened by `postMessage`: preview tokens
 * (preview.js), record mode (recorder/hook.js) and "found on the current page?" (find.js).
 * Those messages are accepted only from `window.opener`, so a tab without one has no use
 * for this code: the core loads it only where there is an opener, or where an earlier page
 * of the tab turned record mode on (see runtime.js).
 */

import { findOnDemand, listenForPreview } from "./preview.js";
import { watchRecordMode } from "./recorder/hook.js";

const HELLO_EVERY_MS = 2000;

/**
 * Listen to the opener for the author's tools.
 *
 * @param {Object} options
 * @param {Window} options.win
 * @param {Document} options.doc
 * @param {import("./storage.js").Store} options.session sessionStorage
 * @param {string} options.server
 * @param {string} options.appKey
 * @param {{ src: string, nonce: string|null }} options.script the core's script tag
 * @param {ReturnType<import("./preview.js").createPreview>} options.preview this tab's
 *   preview token, kept by the core (its context requests carry it)
 * @param {(token: string) => void} options.onToken a preview token arrived
 * @param {() => void} options.onRecord record mode began: the app's guides step aside
 * @param {() => Promise<Object>} options.loadFind the `find` chunk's module
 * @param {() => import("./ui/host.js").Layer} options.getLayer
 * @param {() => string} options.getUrl
 * @returns {() => void} cleanup
 */
export function watchOpener({
  win,
  doc,
  session,
  server,
  appKey,
  script,
  preview,
  onToken,
  onRecord,
  loadFind,
  getLayer,
  getUrl,
}) {
  // Record mode: loads wegwijs-recorder.js while this tab holds a token.
  const stopRecordMode = watchRecordMode({ win, doc, session, server, appKey, script, onRecord });
  // The editor's "found on the current page?" while this tab previews (find.js).
  const previewing = () => Boolean(preview.token());
  const onFind = findOnDemand(previewing, loadFind, { doc, getLayer, getUrl });
  // The editor forgets the window it opened when it reloads (saving a step does): while
  // this tab previews, it says so to its opener now and then, and is found again.
  const hello = () => {
    if (!previewing() || !win.opener) return;
    try {
      win.opener.postMessage({ type: "wegwijs:previewing" }, new URL(server).origin);
    } catch (_error) {
      // The opener went away or was cut off: nobody to tell.
    }
  };
  let helloTimer = null;
  const startHello = () => {
    if (helloTimer !== null || !previewing()) return;
    hello();
    helloTimer = win.setInterval(hello, HELLO_EVERY_MS);
  };
  const onPreviewToken = (token) => {
    onToken(token);
    startHello();
  };
  const stopPreview = listenForPreview(win, server, onPreviewToken, onFind);
  startHello();
  return () => {
    win.clearInterval(helloTimer);
    stopPreview();
    stopRecordMode();
  };
}
