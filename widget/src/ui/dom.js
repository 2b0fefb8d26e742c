/** Small DOM helpers shared by the surfaces: element creation and guarded handlers. */

/**
 * @param {Document} doc
 * @param {string} tag
 * @param {string} [className]
 * @param {string} [text] set as textContent, never parsed
 * @returns {HTMLElement}
 */
export function make(doc, tag, className, text) {
  const node = doc.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  if (tag === "button") node.type = "button";
  return node;
}

/** `fn` wrapped so an error in it never reaches the host page. */
export function guard(fn) {
  return (...args) => {
    try {
      return fn(...args);
    } catch (_error) {
      return undefined;
    }
  };
}

/**
 * Listen, and get the matching cleanup.
 *
 * @returns {() => void}
 */
export function listen(target, type, handler, options) {
  const wrapped = guard(handler);
  target.addEventListener(type, wrapped, options);
  return () => target.removeEventListener(type, wrapped, options);
}

/** Focus without scrolling the host page; some elements refuse focus. */
export function focus(element) {
  try {
    if (element && typeof element.focus === "function" && element.isConnected) {
      element.focus({ preventScroll: true });
    }
  } catch (_error) {
    // Best effort.
  }
}

/**
 * Hide (or show again) UI whose anchor is gone for now, through the CSSOM: a `style=`
 * string or a `hidden` our own rules may override would not do under a strict CSP.
 *
 * @param {Array<Element|null|undefined>} elements
 * @param {boolean} [hide] default true
 */
export function conceal(elements, hide = true) {
  for (const element of elements) {
    if (!element) continue;
    if (hide) element.style.setProperty("visibility", "hidden", "important");
    else element.style.removeProperty("visibility");
  }
}
