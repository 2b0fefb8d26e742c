/**
 * A tip: persistent help on one element. An icon (a pulsing beacon or an "i") sits next
 * to its target and opens a small popover on hover, focus or click (`settings.trigger`);
 * click, Enter and Space always work, Escape and leaving close it.
 */

import { autoUpdate, computePosition, flip, offset, shift } from "./position.js";
import { waitForTarget, watchTarget } from "../resolve.js";
import { conceal, guard, listen, make } from "./dom.js";
import { safeFragment } from "./html.js";
import { labelsFor } from "./labels.js";

/** A tip's icon and its small popover. */
const TIP_CSS =
  ".ww-tip-icon{position:fixed;top:0;left:0;width:20px;height:20px;padding:0;border-radius:50%;cursor:pointer;" +
  "border:2px solid var(--ww-bg);background:var(--ww-primary);color:#fff;font:700 12px/16px Georgia,serif;" +
  "box-shadow:0 0 0 1px var(--ww-primary)}" +
  // The pulse is a ring that grows and fades: transform and opacity only, which the
  // compositor animates. An animated box-shadow is repainted on the main thread every
  // frame, a tenth of a core in headless Chromium (bench/widget.py).
  ".ww-beacon{width:14px;height:14px}" +
  '.ww-beacon::after{content:"";position:absolute;inset:-3px;border-radius:50%;' +
  "border:2px solid var(--ww-primary);animation:ww-pulse 1.8s infinite;pointer-events:none}" +
  "@keyframes ww-pulse{0%{transform:scale(1);opacity:.9}100%{transform:scale(2.2);opacity:0}}" +
  ".ww-tip{position:fixed;top:0;left:0;width:max-content;max-width:min(280px,calc(100vw - 16px));padding:10px 12px;" +
  "background:var(--ww-bg);color:var(--ww-text);font:13px/1.45 var(--ww-font);border-radius:var(--ww-radius);" +
  "box-shadow:0 6px 20px rgba(0,0,0,.25),0 0 0 1px rgba(0,0,0,.08)}" +
  ".ww-tip-title{display:block;margin-bottom:4px}";

let counter = 0;

/**
 * @typedef {Object} TipOptions
 * @property {import("./host.js").Layer} layer the widget's host
 * @property {{ title: string, element?: string|null, settings?: { icon?: string, trigger?: string },
 *   steps?: Array<{ target?: unknown, title?: string, body_html?: string }> }} tip
 * @property {"nl"|"en"} language the widget's own words' language (see `uiLocale`)
 * @property {() => void} onOpen its popover opened
 * @property {() => void} [onMissing] the target never appeared
 * @property {number} [targetTimeoutMs] how long to wait for a late target; default 5000
 * @property {number} [closeDelayMs] grace time for the pointer to move between icon and
 *   popover; default 200
 */

/**
 * @param {TipOptions} options
 * @returns {{ destroy: () => void }}
 */
export function renderTip({
  layer,
  tip,
  language,
  onOpen,
  onMissing = () => {},
  targetTimeoutMs = 5000,
  closeDelayMs = 200,
}) {
  const labels = labelsFor(language);
  const root = layer.root;
  const doc = root.ownerDocument;
  const step = (tip.steps && tip.steps[0]) || {};
  const settings = tip.settings || {};
  const trigger = ["hover", "click", "focus"].includes(settings.trigger) ? settings.trigger : "hover";
  const title = step.title || tip.title || "";
  const id = `ww-tip-${(counter += 1)}`;
  const cleanups = [];
  let icon = null;
  let popover = null;
  let stopPopover = () => {};
  let openedBy = null;
  let closeTimer = null;

  function show(target) {
    let anchor = target;
    icon = make(doc, "button", `ww-tip-icon ww-${settings.icon === "info" ? "info" : "beacon"}`);
    icon.textContent = settings.icon === "info" ? "i" : "";
    icon.setAttribute("aria-label", title ? `${labels.tip}: ${title}` : labels.tip);
    icon.setAttribute("aria-expanded", "false");
    icon.setAttribute("aria-controls", id);
    layer.addStyles(TIP_CSS);
    root.appendChild(icon);
    layer.raise();
    const place = () => {
      computePosition(anchor, icon, {
        strategy: "fixed",
        placement: "right",
        middleware: [offset(6), flip(), shift({ padding: 4 })],
      })
        .then(({ x, y }) => {
          icon.style.left = `${x}px`;
          icon.style.top = `${y}px`;
        })
        .catch(() => {});
    };
    let stopPlacing = autoUpdate(anchor, icon, place);
    let stopFollowing = () => {};
    // The host re-rendered the target: the icon moves to the new element.
    const follow = () => {
      const onReplaced = guard((element) => {
        stopPlacing();
        stopPlacing = () => {};
        if (!element) {
          close();
          icon.remove();
          onMissing();
          return;
        }
        anchor = element;
        conceal([icon], false);
        stopPlacing = autoUpdate(anchor, icon, place);
        follow();
      });
      const onLost = guard(() => {
        close();
        conceal([icon]); // until its element is back
      });
      const options = { timeoutMs: targetTimeoutMs, exclude: layer.element, onLost };
      stopFollowing = watchTarget(doc, tip.element || step.target, anchor, onReplaced, options);
    };
    follow();
    cleanups.push(() => stopPlacing(), () => stopFollowing());
    cleanups.push(
      listen(icon, "click", () => {
        if (popover && openedBy === "click") close();
        else open("click");
      }),
      listen(icon, "keydown", (event) => {
        if (event.key === "Escape" && popover) {
          // Ours alone: not also the `cancel` of a host's modal dialog we sit in.
          event.preventDefault();
          event.stopPropagation();
          close();
        }
      }),
      listen(icon, "blur", () => later(() => !(popover && popover.matches(":hover")))),
      () => icon.remove(),
    );
    if (trigger === "focus") cleanups.push(listen(icon, "focus", () => open("focus")));
    if (trigger === "hover") {
      cleanups.push(
        listen(icon, "mouseenter", () => open("hover")),
        listen(icon, "mouseleave", () => later(() => openedBy === "hover")),
      );
    }
  }

  /** Close after the grace time, if `still()` then says so. */
  function later(still) {
    clearTimeout(closeTimer);
    closeTimer = setTimeout(
      guard(() => {
        const hovered = (popover && popover.matches(":hover")) || (icon && icon.matches(":hover"));
        if (still() && !(openedBy === "hover" && hovered)) close();
      }),
      closeDelayMs,
    );
  }

  function open(how) {
    clearTimeout(closeTimer);
    if (popover) {
      // A click or key pins a popover that hovering opened.
      if (how === "click") openedBy = "click";
      return;
    }
    openedBy = how;
    popover = make(doc, "div", "ww-tip");
    popover.id = id;
    popover.setAttribute("role", "tooltip");
    if (title) popover.appendChild(make(doc, "strong", "ww-tip-title", title));
    const body = make(doc, "div", "ww-body");
    body.appendChild(safeFragment(doc, step.body_html));
    popover.appendChild(body);
    root.appendChild(popover);
    layer.raise();
    icon.setAttribute("aria-expanded", "true");
    icon.setAttribute("aria-describedby", id);
    const stops = [
      listen(doc, "keydown", (event) => {
        if (event.key === "Escape") close();
      }),
      listen(popover, "mouseleave", () => later(() => openedBy === "hover")),
      listen(popover, "mouseenter", () => clearTimeout(closeTimer)),
    ];
    const place = () => {
      computePosition(icon, popover, {
        strategy: "fixed",
        placement: "bottom",
        middleware: [offset(8), flip(), shift({ padding: 8 })],
      })
        .then(({ x, y }) => {
          if (!popover) return;
          popover.style.left = `${x}px`;
          popover.style.top = `${y}px`;
        })
        .catch(() => {});
    };
    const stopUpdating = autoUpdate(icon, popover, place);
    stopPopover = () => {
      stopUpdating();
      for (const stop of stops) stop();
    };
    onOpen();
  }

  function close() {
    clearTimeout(closeTimer);
    if (!popover) return;
    stopPopover();
    stopPopover = () => {};
    popover.remove();
    popover = null;
    openedBy = null;
    if (icon) {
      icon.setAttribute("aria-expanded", "false");
      icon.removeAttribute("aria-describedby");
    }
  }

  const target = tip.element || step.target;
  if (!target) onMissing();
  else {
    cleanups.push(
      waitForTarget(
        doc,
        target,
        guard((element) => {
          if (element) show(element);
          else onMissing();
        }),
        { timeoutMs: targetTimeoutMs, exclude: layer.element },
      ),
    );
  }

  return {
    destroy: guard(() => {
      close();
      for (const cleanup of cleanups.splice(0).reverse()) guard(cleanup)();
    }),
  };
}
