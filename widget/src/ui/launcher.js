/**
 * The help launcher: the round button (bottom right) that opens the help panel. It is part
 * of the core because it shows on every page; the panel behind it is a chunk that loads
 * on the first click (see `help-panel.js`).
 */

import { focus, listen, make } from "./dom.js";

/**
 * @param {Object} options
 * @param {import("./host.js").Layer} options.layer
 * @param {string} options.label its accessible name ("Help"/"Hulp")
 * @param {() => void} options.onClick
 * @returns {{ element: HTMLElement, setLabel: (label: string) => void,
 *   setExpanded: (controls: string|null) => void, focus: () => void, destroy: () => void }}
 *   `setExpanded` takes the id of the open panel, or `null` when it closed
 */
export function renderLauncher({ layer, label, onClick }) {
  const button = make(layer.root.ownerDocument, "button", "ww-launcher", "?");
  button.setAttribute("aria-expanded", "false");
  const stop = listen(button, "click", onClick);
  const setLabel = (text) => button.setAttribute("aria-label", text);
  setLabel(label);
  layer.root.appendChild(button);
  return {
    element: button,
    setLabel,
    setExpanded(controls) {
      button.setAttribute("aria-expanded", String(controls !== null));
      if (controls) button.setAttribute("aria-controls", controls);
      else button.removeAttribute("aria-controls");
    },
    focus: () => focus(button),
    destroy() {
      stop();
      button.remove();
    },
  };
}
