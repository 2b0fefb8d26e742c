/**
 * Record mode's hook, in the `opener` chunk (see opener.js: the core loads it in a tab that
 * another window opened, or that is in record mode already): the only recorder code a
 * page loads outside record mode, so it stays tiny. It does three things:
 *
 * 1. In a window opened by another (`window.opener`), it tells the opener the widget is
 *    ready: `postMessage({type: "wegwijs:recorder-ready"}, serverOrigin)`. Only a page on
 *    the Wegwijs server's origin can receive it.
 * 2. It accepts `{type: "wegwijs:record", token, mode, locale, apiBase}` only from that
 *    opener and only from the server's origin, and keeps it in this tab's sessionStorage
 *    (`wegwijs:record:{appKey}`): never in the URL.
 * 3. While that is stored, on this and every later page load of the tab, it loads
 *    `wegwijs-recorder.js` (next to `wegwijs.js`, with the same CSP nonce) and calls
 *    `Wegwijs.recorder.open({ server, appKey })`.
 */

/**
 * @param {Object} options
 * @param {Window} options.win
 * @param {Document} options.doc
 * @param {import("../storage.js").Store} options.session sessionStorage
 * @param {string} options.server
 * @param {string} options.appKey
 * @param {{ src: string, nonce: string|null }} options.script the core's script tag
 * @param {() => void} [options.onRecord] a record token arrived: the app's guides step aside
 * @returns {() => void} cleanup
 */
export function watchRecordMode({ win, doc, session, server, appKey, script, onRecord }) {
  const key = `record:${appKey}`;
  const origin = new URL(server).origin;
  let loaded = false;
  const open = () => {
    const recorder = win.Wegwijs && win.Wegwijs.recorder;
    if (recorder && recorder.open) recorder.open({ server, appKey });
  };
  const load = () => {
    if (loaded) return open();
    loaded = true;
    const tag = doc.createElement("script");
    tag.src = new URL("wegwijs-recorder.js", script.src || `${server}/widget/`).href;
    if (script.nonce) tag.nonce = script.nonce;
    tag.onload = open;
    tag.onerror = () => {
      loaded = false;
    };
    (doc.head || doc.documentElement).appendChild(tag);
  };
  const onMessage = (event) => {
    const data = event.data;
    if (event.origin !== origin || !win.opener || event.source !== win.opener) return;
    if (!data || data.type !== "wegwijs:record" || typeof data.token !== "string") return;
    const { token, mode, locale, apiBase } = data;
    session.set(key, { token, mode, locale, api_base: apiBase });
    if (onRecord) onRecord();
    load();
  };
  win.addEventListener("message", onMessage);
  if (session.get(key)) load();
  try {
    if (win.opener) win.opener.postMessage({ type: "wegwijs:recorder-ready" }, origin);
  } catch (_error) {
    // No opener to tell (closed, or cut off by the opener's policy).
  }
  return () => win.removeEventListener("message", onMessage);
}
