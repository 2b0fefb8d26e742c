/**
 * The widget's one element in the host page, `<wegwijs-root>`, with an open shadow root
 * that holds every surface and all of the widget's CSS.
 */

import { CSS } from "./styles.js";

const HEX_COLOUR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
const FONT_FAMILY = /^[A-Za-z0-9 ,-]+$/;

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
  if (Number.isInteger(theme.z_index) && theme.z_index >= 0) {
    properties["--ww-z"] = String(theme.z_index);
  }
  return properties;
}

/**
 * Append `<wegwijs-root>` to the body and give it a shadow root with the widget's CSS.
 *
 * @param {Document} doc
 * @param {Object} [theme] `settings.theme`; default none (the widget's colours)
 * @returns {{ element: HTMLElement, root: ShadowRoot, setTheme: (theme: Object) => void,
 *   destroy: () => void }}
 */
export function renderHost(doc, theme) {
  const element = doc.createElement("wegwijs-root");
  const root = element.attachShadow({ mode: "open" });
  const win = doc.defaultView;
  let adopted = false;
  // A constructed stylesheet needs no style-src allowance at all; <style> is the fallback.
  try {
    if (win && win.CSSStyleSheet && "adoptedStyleSheets" in root) {
      const sheet = new win.CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
      adopted = true;
    }
  } catch (_error) {
    adopted = false;
  }
  if (!adopted) {
    const style = doc.createElement("style");
    style.textContent = CSS;
    root.appendChild(style);
  }
  let applied = [];
  function setTheme(value) {
    for (const name of applied) element.style.removeProperty(name);
    const properties = themeProperties(value);
    applied = Object.keys(properties);
    for (const name of applied) element.style.setProperty(name, properties[name]);
  }
  setTheme(theme);
  doc.body.appendChild(element);
  return {
    element,
    root,
    setTheme,
    destroy() {
      element.remove();
    },
  };
}
