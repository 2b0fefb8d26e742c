/**
 * "Found on the current page?" for the guide editor: the `find` chunk, loaded the first
 * time the editor asks. While an author previews drafts in this tab, the editor that opened
 * it asks whether a step's Target bundle (as typed, not yet saved) finds an element on the
 * page shown here; preview.js lets only that window, on the server's origin, ask:
 *
 *   { type: "wegwijs:find", id, target }             the question
 *   { type: "wegwijs:found", id, found, how, url }   the answer, to that window and origin
 *
 * The widget's own resolver answers (what visitors get), and what it found is outlined
 * for a moment in the widget's shadow root; the host page's styles are never touched.
 * `how` lists the parts of the bundle the element agrees with, most stable first (`id`,
 * `attributes.data-testid`, `role`, …).
 */

import { agreeingParts } from "./check-entry.js";
import { findTarget, viewportRect } from "./resolve.js";
import { autoUpdate } from "./ui/position.js";

const MAX_ID = 100;

/** How long the outline shows. */
export const HIGHLIGHT_MS = 1500;

const FOUND_CSS =
  ".ww-found{position:fixed;top:0;left:0;pointer-events:none;border-radius:4px;" +
  "outline:3px solid var(--ww-primary);outline-offset:2px;" +
  "box-shadow:0 0 0 6px rgba(255,255,255,.6)}";

/**
 * Pure: the question in a message's data, or `null` when it is none or malformed.
 *
 * @param {unknown} data `event.data`
 * @returns {{ id: string|number, target: Object }|null}
 */
export function readFindRequest(data) {
  if (!data || typeof data !== "object" || data.type !== "wegwijs:find") return null;
  const { id, target } = data;
  const goodId =
    (typeof id === "string" && id.length > 0 && id.length <= MAX_ID) || Number.isSafeInteger(id);
  if (!goodId || !target || typeof target !== "object" || Array.isArray(target)) return null;
  return { id, target };
}

/**
 * Pure: the answer to question `id`.
 *
 * @param {string|number} id
 * @param {string[]|null} how the agreeing parts of what was found; `null`: nothing found
 * @param {string} url the page the question was answered on
 */
export function foundMessage(id, how, url) {
  return { type: "wegwijs:found", id, found: how !== null, how: how || [], url: String(url) };
}

/**
 * @param {Object} options
 * @param {Document} options.doc
 * @param {() => import("./ui/host.js").Layer} options.getLayer the widget's host
 * @param {() => string} options.getUrl this page's address
 * @returns {{ answer: (data: unknown, reply: (message: Object) => void) => void }} `answer`
 *   ignores malformed questions and never throws
 */
export function createFinder({ doc, getLayer, getUrl }) {
  // The editor asks again every few seconds: outline only what is new (another bundle,
  // another element), not the same element over and over.
  let shown = { key: "", element: null };
  let removeOutline = () => {};

  function find(target) {
    const layer = getLayer();
    const element = findTarget(doc, target, { exclude: layer.element });
    if (!element) {
      shown = { key: "", element: null };
      return null;
    }
    const key = JSON.stringify(target);
    if (shown.key !== key || shown.element !== element) {
      shown = { key, element };
      removeOutline();
      removeOutline = outline(layer, element);
    }
    return agreeingParts(target, element);
  }

  return {
    answer(data, reply) {
      try {
        const request = readFindRequest(data);
        if (request) reply(foundMessage(request.id, find(request.target), getUrl()));
      } catch (_error) {
        // A question this page cannot answer is no error of the host's.
      }
    },
  };
}

/** An outline around `element` for `HIGHLIGHT_MS`; returns its early removal. */
function outline(layer, element) {
  const doc = layer.root.ownerDocument;
  const win = doc.defaultView;
  layer.addStyles(FOUND_CSS);
  const box = doc.createElement("div");
  box.className = "ww-found";
  box.setAttribute("aria-hidden", "true");
  layer.root.appendChild(box);
  layer.raise();
  const place = () => {
    const rect = viewportRect(element, doc);
    box.style.width = `${rect.width}px`;
    box.style.height = `${rect.height}px`;
    box.style.transform = `translate(${rect.left}px, ${rect.top}px)`;
  };
  const stop = autoUpdate(element, box, place); // follows scrolling while it shows
  const timer = win.setTimeout(remove, HIGHLIGHT_MS);
  function remove() {
    stop();
    win.clearTimeout(timer);
    box.remove();
  }
  return remove;
}
