/**
 * A highlight around the step's target: an outlined box in the widget's shadow root
 * that follows the element (scroll, resize, layout shifts) and never takes a click.
 */

import { autoUpdate } from "./position.js";
import { viewportRect } from "../resolve.js";

/** The highlight around a step's target. */
const SPOTLIGHT_CSS =
  ".ww-spotlight{position:fixed;top:0;left:0;pointer-events:none;border-radius:6px;" +
  "box-shadow:0 0 0 3px var(--ww-primary),0 0 0 9999px rgba(15,20,30,.25)}";

/**
 * @param {Object} options
 * @param {import("./host.js").Layer} options.layer the widget's host
 * @param {Element} options.target
 * @param {number} [options.padding] pixels around the target; default 4
 * @param {boolean} [options.scroll] scroll the target into view first; default true
 * @returns {{ destroy: () => void }}
 */
export function renderSpotlight({ layer, target, padding = 4, scroll = true }) {
  const root = layer.root;
  const doc = root.ownerDocument;
  layer.addStyles(SPOTLIGHT_CSS);
  const box = doc.createElement("div");
  box.className = "ww-spotlight";
  box.setAttribute("aria-hidden", "true");
  root.insertBefore(box, root.firstChild);

  if (scroll && !inViewport(target)) {
    try {
      target.scrollIntoView({ block: "center", inline: "nearest" });
    } catch (_error) {
      // Old signature only: best effort.
    }
  }
  const update = () => {
    // In the widget's viewport, also for a target inside an iframe.
    const rect = viewportRect(target, doc);
    box.style.width = `${rect.width + padding * 2}px`;
    box.style.height = `${rect.height + padding * 2}px`;
    box.style.transform = `translate(${rect.left - padding}px, ${rect.top - padding}px)`;
  };
  const stop = autoUpdate(target, box, update);
  return {
    element: box,
    destroy() {
      stop();
      box.remove();
    },
  };
}

function inViewport(element) {
  const rect = element.getBoundingClientRect();
  const view = element.ownerDocument.defaultView;
  return rect.top >= 0 && rect.left >= 0 && rect.bottom <= view.innerHeight && rect.right <= view.innerWidth;
}
