/**
 * One walkthrough step as a dialog: anchored next to its target (positioned by
 * floating-ui, following scroll and resize), or centred as a modal when the step is
 * floating. Keyboard: focus moves in, Escape closes, Tab works (and stays inside a modal).
 */

import { arrow, autoUpdate, computePosition, flip, offset, shift } from "./position.js";
import { guard, make as element } from "./dom.js";
import { safeFragment } from "./html.js";

/** A step's (or an announcement's) dialog: anchored, or floating as a modal. */
const POPOVER_CSS =
  ".ww-popover{position:fixed;top:0;left:0;width:max-content;max-width:min(360px,calc(100vw - 16px));" +
  "background:var(--ww-bg);color:var(--ww-text);font:14px/1.45 var(--ww-font);" +
  "border-radius:var(--ww-radius);box-shadow:0 8px 28px rgba(0,0,0,.28),0 0 0 1px rgba(0,0,0,.08);" +
  "padding:14px 16px 12px;outline:none}" +
  ".ww-popover:focus-visible,.ww-popover button:focus-visible{outline:2px solid var(--ww-primary);outline-offset:2px}" +
  ".ww-floating{top:50%;left:50%;transform:translate(-50%,-50%);max-width:min(440px,calc(100vw - 32px))}" +
  ".ww-backdrop{position:fixed;inset:0;background:rgba(15,20,30,.45)}" +
  ".ww-progress{margin-right:auto;font-size:12px;opacity:.75}" +
  ".ww-arrow{position:absolute;width:10px;height:10px;background:var(--ww-bg);transform:rotate(45deg)}";

const PLACEMENTS = new Set(["top", "bottom", "left", "right"]);
let counter = 0;

/**
 * @typedef {Object} PopoverOptions
 * @property {import("./host.js").Layer} layer the widget's host
 * @property {{ title: string, body_html: string, placement?: string }} step
 * @property {number} index 0-based
 * @property {number} total
 * @property {Element|null} target the anchor; `null` renders a centred modal
 * @property {ReturnType<import("./labels.js").labelsFor>} labels
 * @property {boolean} [showNext] show Next/Done; default true (false while the step
 *   waits for a click, input or navigation)
 * @property {() => void} onNext Next, or Done on the last step
 * @property {() => void} onBack
 * @property {() => void} onClose × or Escape
 * @property {number} [gap] pixels between target and popover; default 12
 */

/**
 * @param {PopoverOptions} options
 * @returns {{ element: HTMLElement, destroy: () => void }}
 */
export function renderPopover({
  layer,
  step,
  index,
  total,
  target,
  labels,
  showNext = true,
  onNext,
  onBack,
  onClose,
  gap = 12,
}) {
  const root = layer.root;
  const doc = root.ownerDocument;
  const floating = !target || step.placement === "floating";
  const id = `ww-${(counter += 1)}`;
  const make = (tag, className, text) => element(doc, tag, className, text);

  const backdrop = floating ? make("div", "ww-backdrop") : null;
  const dialog = make("div", `ww-popover${floating ? " ww-floating" : ""}`);
  dialog.setAttribute("role", "dialog");
  dialog.setAttribute("aria-labelledby", `${id}-title`);
  dialog.setAttribute("aria-describedby", `${id}-body`);
  dialog.setAttribute("tabindex", "-1");
  if (floating) dialog.setAttribute("aria-modal", "true");

  const close = make("button", "ww-close", "\u00d7");
  close.setAttribute("aria-label", labels.close);
  const title = make("h2", "ww-title", step.title || "");
  title.id = `${id}-title`;
  const body = make("div", "ww-body");
  body.id = `${id}-body`;
  body.appendChild(safeFragment(doc, step.body_html));

  const footer = make("div", "ww-footer");
  const progress = make("span", "ww-progress", labels.progress(index + 1, total));
  footer.appendChild(progress);
  let back = null;
  if (index > 0) {
    back = make("button", "ww-button", labels.back);
    footer.appendChild(back);
  }
  const last = index === total - 1;
  let next = null;
  if (showNext || last) {
    next = make("button", "ww-button ww-primary", last ? labels.done : labels.next);
    footer.appendChild(next);
  }
  const arrowElement = floating ? null : make("div", "ww-arrow");
  dialog.append(close, title, body, footer);
  if (arrowElement) dialog.appendChild(arrowElement);

  close.addEventListener("click", guard(() => onClose()));
  if (back) back.addEventListener("click", guard(() => onBack()));
  if (next) next.addEventListener("click", guard(() => onNext()));
  dialog.addEventListener(
    "keydown",
    guard((event) => {
      if (event.key === "Escape") {
        // Ours alone: not also the `cancel` of a host's modal dialog we sit in.
        event.preventDefault();
        event.stopPropagation();
        onClose();
      } else if (event.key === "Tab" && floating) {
        trapTab(event, dialog);
      }
    }),
  );

  layer.addStyles(POPOVER_CSS);
  if (backdrop) root.appendChild(backdrop);
  root.appendChild(dialog);
  layer.raise();

  let stopPositioning = () => {};
  if (!floating) {
    const wanted = PLACEMENTS.has(step.placement) ? step.placement : "bottom";
    const update = () => {
      computePosition(target, dialog, {
        strategy: "fixed",
        placement: wanted,
        middleware: [offset(gap), flip(), shift({ padding: 8 }), arrow({ element: arrowElement })],
      })
        .then(({ x, y, placement, middlewareData }) => {
          dialog.style.left = `${x}px`;
          dialog.style.top = `${y}px`;
          const side = placement.split("-")[0];
          const opposite = { top: "bottom", bottom: "top", left: "right", right: "left" }[side];
          const data = middlewareData.arrow || {};
          arrowElement.style.left = data.x != null ? `${data.x}px` : "";
          arrowElement.style.top = data.y != null ? `${data.y}px` : "";
          arrowElement.style.right = "";
          arrowElement.style.bottom = "";
          arrowElement.style[opposite] = "-5px";
          dialog.setAttribute("data-placement", placement);
        })
        .catch(() => {});
    };
    stopPositioning = autoUpdate(target, dialog, update);
  }

  // Remember where focus was, so closing gives it back.
  const previous = doc.activeElement;
  (next || close).focus({ preventScroll: true });

  return {
    element: dialog,
    destroy() {
      stopPositioning();
      const hadFocus = root.activeElement && dialog.contains(root.activeElement);
      dialog.remove();
      if (backdrop) backdrop.remove();
      if (hadFocus && previous && typeof previous.focus === "function" && previous.isConnected) {
        try {
          previous.focus({ preventScroll: true });
        } catch (_error) {
          // The element may refuse focus now.
        }
      }
    },
  };
}

/** Keep Tab and Shift+Tab cycling inside a modal dialog. */
function trapTab(event, dialog) {
  const focusable = Array.from(dialog.querySelectorAll("button, a[href], [tabindex]:not([tabindex='-1'])"));
  if (focusable.length === 0) return;
  const root = dialog.getRootNode();
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  if (event.shiftKey && (root.activeElement === first || root.activeElement === dialog)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && root.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}
