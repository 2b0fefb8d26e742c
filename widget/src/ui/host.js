/**
 * The widget's one element in the host page, `<wegwijs-root>`, with an open shadow root
 * that holds every surface and all of the widget's CSS. It lives in the top layer (see
 * `top-layer.js`), so no z-index, overflow or modal dialog of the host hides it.
 */

import { HOST_CSS } from "./styles.js";
import { keepOnTop } from "./top-layer.js";

const HEX_COLOUR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
const FONT_FAMILY = /^[A-Za-z0-9 ,-]+$/;

/**
 * The widget's place in the page: what the core hands to every surface it renders,
 * including those in lazily loaded chunks (they get nothing else from the core).
 *
 * @typedef {Object} Layer
 * @property {HTMLElement} element `<wegwijs-root>`; never a step's target
 * @property {ShadowRoot} root where surfaces append their elements
 * @property {(css: string) => void} addStyles adopt a surface's CSS (once per text)
 * @property {() => void} raise put the widget on top again: call it when showing something
 * @property {(theme: Object) => void} setTheme
 * @property {() => void} destroy
 */

/**
 * The app's theme (`settings.theme` of the context) as CSS custom properties. Values are
 * checked again here, so only colours, a font list and numbers can reach the CSS.
 *
 * @param {{ primary?: string, text?: string, background?: string, font_family?: string,
 *   radius?: number, z_index?: number }} theme
 * @returns {Object<string, string>}
 */
export function themeProperties(theme) {
  const properties = {};
  if (!theme || typeof theme !== "object") return properties;
  const colour = (name, value) => {
    if (typeof value === "string" && HEX_COLOUR.test(value)) properties[name] = value;
  };
  colour("--ww-primary", theme.primary);
  colour("--ww-text", theme.text);
  colour("--ww-bg", theme.background);
  if (typeof theme.font_family === "string" && FONT_FAMILY.test(theme.font_family)) {
    properties["--ww-font"] = theme.font_family;
  }
  if (Number.isInteger(theme.radius) && theme.radius >= 0 && theme.radius <= 24) {
    properties["--ww-radius"] = `${theme.radius}px`;
  }
  // Only matters where the popover attribute is missing: the top layer has no z-index.
  if (Number.isInteger(theme.z_index) && theme.z_index >= 0) {
    properties["--ww-z"] = String(theme.z_index);
  }
  return properties;
}

/**
 * Styles for a shadow root: constructed sheets in `adoptedStyleSheets` need no `style-src`
 * allowance at all; where they are missing, `<style>` elements carry the page's nonce.
 *
 * @param {ShadowRoot} root
 * @param {string|null} nonce
 * @returns {(css: string) => void}
 */
function styleAdopter(root, nonce) {
  const doc = root.ownerDocument;
  const win = doc.defaultView;
  const added = new Set();
  return function addStyles(css) {
    if (typeof css !== "string" || added.has(css)) return;
    added.add(css);
    try {
      if (win && win.CSSStyleSheet && "adoptedStyleSheets" in root) {
        const sheet = new win.CSSStyleSheet();
        sheet.replaceSync(css);
        root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
        return;
      }
    } catch (_error) {
      // Fall through to a <style> element.
    }
    const style = doc.createElement("style");
    if (nonce) style.nonce = nonce;
    style.textContent = css;
    root.insertBefore(style, root.firstChild);
  };
}

/**
 * Create `<wegwijs-root>` with a shadow root and the widget's base CSS, put it in
 * `<body>` (or the open modal dialog) and show it in the top layer.
 *
 * @param {Document} doc
 * @param {Object} [options]
 * @param {Object} [options.theme] `settings.theme`; default none (the widget's colours)
 * @param {string|null} [options.nonce] the CSP nonce of our script tag; default none
 * @returns {Layer}
 */
export function renderHost(doc, { theme, nonce = null } = {}) {
  const element = doc.createElement("wegwijs-root");
  const root = element.attachShadow({ mode: "open" });
  const addStyles = styleAdopter(root, nonce);
  addStyles(HOST_CSS);
  let applied = [];
  function setTheme(value) {
    for (const name of applied) element.style.removeProperty(name);
    const properties = themeProperties(value);
    applied = Object.keys(properties);
    for (const name of applied) element.style.setProperty(name, properties[name]);
  }
  setTheme(theme);
  const onTop = keepOnTop(element, doc);
  onTop.place();
  return {
    element,
    root,
    addStyles,
    raise: onTop.place,
    setTheme,
    destroy() {
      onTop.stop();
      element.remove();
    },
  };
}
