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
