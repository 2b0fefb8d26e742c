/**
 * Placing a floating element next to its anchor: floating-ui's `computePosition` and
 * middleware from `@floating-ui/core`, with a platform of our own, and `autoUpdate` (scroll,
 * resize, layout shifts) from `@floating-ui/dom`.
 *
 * Why not `@floating-ui/dom`'s `computePosition`: its platform measures clipping
 * ancestors, offset parents and CSS scale so it can place an element anywhere in a page,
 * and that is half of its size. The widget's floating elements always live in the top
 * layer with `position: fixed`, where the viewport is both their containing block and
 * their only boundary, so the platform is three small functions — and what a page fetches
 * before the visitor does anything stays within the widget's size budget.
 */

import { computePosition as computeWithPlatform } from "@floating-ui/core";

export { arrow, flip, offset, shift } from "@floating-ui/core";
export { autoUpdate } from "@floating-ui/dom";
import { viewportRect } from "../resolve.js";

/** In `doc`'s viewport: an anchor inside a same-origin iframe is offset by the frame. */
function rectOf(element, doc) {
  const rect = viewportRect(element, doc);
  return { x: rect.left, y: rect.top, width: rect.width, height: rect.height };
}

function sizeOf(element) {
  return { width: element.offsetWidth, height: element.offsetHeight };
}

/** floating-ui's platform interface, for fixed elements in the top layer. */
const TOP_LAYER = {
  getElementRects: ({ reference, floating }) => ({
    reference: rectOf(reference, floating.ownerDocument),
    floating: { x: 0, y: 0, ...sizeOf(floating) },
  }),
  getDimensions: sizeOf,
  // The viewport without its scrollbars.
  getClippingRect: ({ element }) => {
    const root = element.ownerDocument.documentElement;
    return { x: 0, y: 0, width: root.clientWidth, height: root.clientHeight };
  },
};

/**
 * Where `floating` goes next to `reference`, in viewport coordinates (`position: fixed`).
 *
 * @param {Element} reference the anchor, anywhere in the page (shadow roots included)
 * @param {HTMLElement} floating an element of the widget's shadow root
 * @param {{ placement?: string, middleware?: Array<Object> }} options as floating-ui's
 * @returns {Promise<{ x: number, y: number, placement: string, middlewareData: Object }>}
 */
export function computePosition(reference, floating, options) {
  return computeWithPlatform(reference, floating, { ...options, strategy: "fixed", platform: TOP_LAYER });
}
