/**
 * An author previews drafts in the real host app with a short-lived signed token from the
 * server (`POST /api/v1/apps/{key}/preview-token`). It arrives as `wegwijs_preview=TOKEN`
 * in the page's query or fragment (read once, then removed from the address bar so it is
 * neither bookmarked nor shared), or by `postMessage` from the author's window on the
 * server's origin. It is kept in this tab's sessionStorage and sent with every context
 * request until it expires or the server refuses it.
 */

const PARAM = /([?&#])wegwijs_preview=([^&#]*)(&?)/;

/**
 * Pure: the preview token in `href`, and `href` without it.
 *
 * @param {string} href
 * @returns {{ token: string, url: string }|null} `null` when there is none
 */
export function takePreviewToken(href) {
  const match = PARAM.exec(href);
  if (!match || !match[2]) return null;
  // Keep the separator only when another parameter follows it: "?a=1&" + "b=2".
  const rest = (match[3] ? match[1] : "") + href.slice(match.index + match[0].length);
  return { token: match[2], url: href.slice(0, match.index) + rest };
}

/**
 * When the token expires (ms since the epoch), read from its payload; `0` when unreadable,
 * and then the server's refusal ends it. The widget cannot check the signature, nor needs to.
 *
 * @param {string} token `base64url(JSON payload).signature`
 */
export function previewExpiry(token) {
  try {
    const payload = token.split(".")[0].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(atob(payload)).exp * 1000 || 0;
  } catch (_error) {
    return 0;
  }
}

/**
 * This tab's preview token.
 *
 * @param {import("./storage.js").Store} session sessionStorage
 * @param {string} appKey
 * @param {() => number} [now] default `Date.now`
 */
export function createPreview(session, appKey, now = Date.now) {
  const key = `preview:${appKey}`;
  return {
    /** @returns {string|null} the token, unless it has expired */
    token() {
      const stored = session.get(key);
      if (stored && typeof stored.token === "string" && !(stored.until && now() >= stored.until)) {
        return stored.token;
      }
      if (stored) session.remove(key);
      return null;
    },
    /** @param {string} token */
    set(token) {
      session.set(key, { token, until: previewExpiry(token) });
    },
    /** The server refused the token: published content only from now on. */
    drop() {
      session.remove(key);
    },
  };
}

/**
 * Take a token from the address bar into `preview`, and remove it from there with
 * `history.replaceState`, keeping the rest of the URL and the history state.
 *
 * @param {Window} win
 * @param {ReturnType<typeof createPreview>} preview
 */
export function takeTokenFromUrl(win, preview) {
  const found = takePreviewToken(String(win.location.href));
  if (!found) return;
  preview.set(found.token);
  try {
    win.history.replaceState(win.history.state, "", found.url);
  } catch (_error) {
    // A sandboxed or opaque document may refuse: the token still works for this tab.
  }
}

/**
 * Accept `postMessage({type: "wegwijs:preview", token})` from the window that opened this
 * one, and only when it is on the Wegwijs server's origin; from the same window and origin,
 * the editor's `wegwijs:find` questions go to `onFind` (see `findOnDemand`) with a `reply`
 * that answers only that window, on that origin.
 *
 * @param {Window} win
 * @param {string} server the configured server URL
 * @param {(token: string) => void} onToken
 * @param {(data: Object, reply: (message: Object) => void) => void} [onFind]
 * @returns {() => void} cleanup
 */
export function listenForPreview(win, server, onToken, onFind) {
  const origin = new URL(server).origin;
  const onMessage = (event) => {
    const data = event.data;
    if (event.origin !== origin || !win.opener || event.source !== win.opener) return;
    if (data && data.type === "wegwijs:preview" && typeof data.token === "string") {
      onToken(data.token);
    } else if (onFind && data && data.type === "wegwijs:find") {
      const source = event.source;
      try {
        onFind(data, (message) => source.postMessage(message, origin));
      } catch (_error) {
        // A question the page cannot answer is no error of the host's.
      }
    }
  };
  win.addEventListener("message", onMessage);
  return () => win.removeEventListener("message", onMessage);
}

/**
 * The editor's `wegwijs:find` questions, answered while `active()` by the `find` chunk
 * (find.js), loaded on the first one.
 *
 * @param {() => boolean} active whether this tab previews drafts now
 * @param {() => Promise<Object>} load the `find` chunk's module
 * @param {Object} options for its `createFinder`: `{ doc, getLayer, getUrl }`
 * @returns {(data: Object, reply: (message: Object) => void) => void}
 */
export function findOnDemand(active, load, options) {
  let finder = null;
  return (data, reply) => {
    if (!active()) return;
    finder = finder || load().then((module) => module.createFinder(options));
    finder.then(
      (found) => found.answer(data, reply),
      () => {
        finder = null; // the next question loads it again
      },
    );
  };
}
