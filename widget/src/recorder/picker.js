/**
 * The recorder's element picker: while picking, the element under the pointer (or with
 * keyboard focus) is outlined with its role and name, a click (or Enter) captures it as a
 * Target bundle and Escape cancels. Works in open shadow roots and same-origin frames.
 *
 * Only the pick gesture itself (its pointer and mouse down/up and the click, or the Enter
 * key) is kept from the host page; hovering and everything after picking reach it as
 * usual. The outline lives in its own `<wegwijs-picker>` shadow host, styled by a
 * constructed stylesheet (no `style` attribute strings, no `<style>` element).
 */

import { captureBundle } from "../capture.js";
import { accessibleName, roleOf, viewportRect } from "../resolve.js";

/** Clicking inside one of these means the author wants the control, not its icon. */
const CONTROL =
  'a[href],button,input,select,textarea,summary,[role="button"],[role="link"],[role="tab"],' +
  '[role="menuitem"],[role="checkbox"],[role="radio"],[role="option"],[role="switch"]';
/** The widget's and the recorder's own elements: never picked. */
const OURS = /^wegwijs-/i;
const SWALLOWED = ["pointerdown", "mousedown", "pointerup", "mouseup"];
const MAX_FRAMES = 10;

const CSS = `
:host { all: initial; position: fixed; inset: 0; pointer-events: none; z-index: 2147483647; }
.ww-pick { position: fixed; left: 0; top: 0; box-sizing: border-box; display: none;
  border: 2px solid #1f5fbf; border-radius: 3px; background: rgba(31, 95, 191, 0.12); }
.ww-pick.ww-on { display: block; }
.ww-pick-label { position: absolute; left: -2px; bottom: 100%; margin-bottom: 2px;
  max-width: 40ch; overflow: hidden; text-overflow: ellipsis; white-space: nowrap;
  padding: 1px 6px; border-radius: 3px; background: #1f5fbf; color: #fff;
  font: 12px/1.4 system-ui, sans-serif; }
`;

/**
 * The element a pointer or focus event is about, from its composed path: `null` when it
 * happened on the widget's or recorder's own elements; inside a control, the control.
 *
 * @param {EventTarget[]} path `event.composedPath()`
 * @returns {Element|null}
 */
export function elementToPick(path) {
  const ours = path.some((node) => node && node.nodeType === 1 && OURS.test(node.localName));
  const first = path.find((node) => node && node.nodeType === 1);
  if (ours || !first) return null;
  return first.closest(CONTROL) || first;
}

/** The documents to listen in: `doc` and its same-origin frames, nested ones too. */
export function documentsOf(doc) {
  const docs = [doc];
  for (let index = 0; index < docs.length && docs.length < MAX_FRAMES; index += 1) {
    for (const frame of Array.from(docs[index].querySelectorAll("iframe,frame"))) {
      try {
        if (frame.contentDocument && docs.length < MAX_FRAMES) docs.push(frame.contentDocument);
      } catch (_error) {
        // Another origin: not ours to record in.
      }
    }
  }
  return docs;
}

/**
 * The outline in its own shadow host; `null` without constructed stylesheets. Record mode
 * uses it too, to show what a click would record.
 *
 * @param {Document} doc
 * @returns {{ show: (element: Element) => void, hide: () => void, destroy: () => void }|null}
 */
export function renderOutline(doc) {
  const win = doc.defaultView;
  const host = doc.createElement("wegwijs-picker");
  const root = host.attachShadow({ mode: "open" });
  if (!win || !win.CSSStyleSheet || !("adoptedStyleSheets" in root)) return null;
  const sheet = new win.CSSStyleSheet();
  sheet.replaceSync(CSS);
  root.adoptedStyleSheets = [sheet];
  const box = doc.createElement("div");
  box.className = "ww-pick";
  box.setAttribute("aria-hidden", "true");
  const label = doc.createElement("div");
  label.className = "ww-pick-label";
  box.appendChild(label);
  root.appendChild(box);
  doc.documentElement.appendChild(host);
  return {
    show(element) {
      const rect = viewportRect(element, doc);
      box.style.width = `${rect.width}px`;
      box.style.height = `${rect.height}px`;
      box.style.transform = `translate(${rect.left}px, ${rect.top}px)`;
      const name = accessibleName(element);
      label.textContent = `${roleOf(element) || element.localName}${name ? ` "${name}"` : ""}`;
      box.classList.add("ww-on");
    },
    hide() {
      box.classList.remove("ww-on");
    },
    destroy() {
      host.remove();
    },
  };
}

/**
 * @typedef {Object} PickingOptions
 * @property {(bundle: Object, element: Element) => void} onPick an element was picked;
 *   `bundle` is `captureBundle(element)`
 * @property {() => void} [onCancel] Escape was pressed; default nothing
 * @property {Document} [doc] the page; default `document`
 */

/**
 * Start picking an element. Picking ends with the pick, with Escape, or with `stop()`.
 *
 * @param {PickingOptions} options
 * @returns {{ stop: () => void }}
 */
export function startPicking({ onPick, onCancel = () => {}, doc = document }) {
  const cleanups = [];
  let outline = null;
  let current = null;
  let stopped = false;

  function stop() {
    if (stopped) return;
    stopped = true;
    for (const cleanup of cleanups.splice(0)) cleanup();
    if (outline) outline.destroy();
  }
  function listen(target, type, handler) {
    const guarded = (event) => {
      try {
        handler(event);
      } catch (_error) {
        // The host page never sees the recorder's errors.
      }
    };
    target.addEventListener(type, guarded, true);
    cleanups.push(() => target.removeEventListener(type, guarded, true));
  }
  function swallow(event) {
    event.preventDefault();
    event.stopPropagation();
  }
  function highlight(event) {
    current = elementToPick(event.composedPath());
    if (!outline) return;
    if (current) outline.show(current);
    else outline.hide();
  }
  function pick(event, element) {
    swallow(event);
    stop();
    onPick(captureBundle(element, { doc }), element);
  }

  try {
    outline = renderOutline(doc);
    for (const page of documentsOf(doc)) {
      listen(page, "mouseover", highlight);
      listen(page, "focusin", highlight);
      for (const type of SWALLOWED) {
        listen(page, type, (event) => {
          if (elementToPick(event.composedPath())) swallow(event);
        });
      }
      listen(page, "click", (event) => {
        const element = elementToPick(event.composedPath());
        if (element) pick(event, element);
      });
      listen(page, "keydown", (event) => {
        if (event.key === "Escape") {
          swallow(event);
          stop();
          onCancel();
        } else if (event.key === "Enter") {
          // The focused element; with nothing focused (the body) there is nothing to pick.
          const element = elementToPick(event.composedPath());
          if (element && element !== element.ownerDocument.body) pick(event, element);
        }
      });
      listen(page, "scroll", () => current && outline && outline.show(current));
    }
  } catch (_error) {
    stop();
  }
  return { stop };
}
