/**
 * One announcement (change notification) on the page: a banner at the top of the
 * viewport, a modal dialog, or a popover anchored to the changed element. Which one to
 * show and what its button does is the runtime's choice (see `../surfaces.js`).
 */

import { waitForTarget, watchTarget } from "../resolve.js";
import { conceal, focus, guard, listen, make } from "./dom.js";
import { safeFragment } from "./html.js";
import { renderPopover } from "./popover.js";
import { labelsFor } from "./labels.js";

/** An announcement as a banner at the top of the viewport. */
const BANNER_CSS =
  ".ww-banner{position:fixed;top:0;left:0;right:0;display:flex;align-items:center;gap:12px;" +
  "padding:10px 48px 10px 16px;background:var(--ww-bg);color:var(--ww-text);font:14px/1.45 var(--ww-font);" +
  "border-bottom:3px solid var(--ww-primary);box-shadow:0 2px 12px rgba(0,0,0,.18)}" +
  ".ww-banner-text{flex:1;min-width:0}.ww-banner-body p{margin:0}" +
  ".ww-banner .ww-close{top:50%;transform:translateY(-50%)}";

/**
 * @typedef {Object} AnnouncementOptions
 * @property {import("./host.js").Layer} layer the widget's host
 * @property {{ title: string, element?: string|null, settings?: Object,
 *   steps?: Array<{ target?: unknown, title?: string, body_html?: string, placement?: string }> }} announcement
 *   as the context serves it
 * @property {"banner"|"modal"|"anchored"} display
 * @property {"nl"|"en"} language the widget's own words' language (see `uiLocale`)
 * @property {() => void} onShown it is on screen (after its anchor was found)
 * @property {() => void} onAcknowledge its button
 * @property {() => void} onClose × or Escape: hidden for this page view only
 * @property {number} [targetTimeoutMs] how long an anchored one waits for its element
 *   before it shows as a banner instead; default 3000
 */

/**
 * @param {AnnouncementOptions} options
 * @returns {{ destroy: () => void }}
 */
export function renderAnnouncement({
  layer,
  announcement,
  display,
  language,
  onShown,
  onAcknowledge,
  onClose,
  targetTimeoutMs = 3000,
}) {
  const labels = labelsFor(language);
  const root = layer.root;
  const doc = root.ownerDocument;
  const step = (announcement.steps && announcement.steps[0]) || {};
  const content = {
    title: step.title || announcement.title || "",
    body_html: step.body_html || "",
    placement: step.placement,
  };
  const settings = announcement.settings || {};
  const buttonLabel = (typeof settings.button_label === "string" && settings.button_label) || labels.gotIt;
  let cleanup = () => {};
  let stopWaiting = () => {};
  let destroyed = false;
  let viewed = false;
  // One view however often it is re-anchored or falls back to a banner.
  const shown = () => {
    if (!viewed) onShown();
    viewed = true;
  };

  function showBanner() {
    const region = make(doc, "div", "ww-banner");
    region.setAttribute("role", "region");
    region.setAttribute("aria-label", content.title || labels.gotIt);
    const text = make(doc, "div", "ww-banner-text");
    text.append(make(doc, "strong", "ww-banner-title", content.title));
    const body = make(doc, "div", "ww-banner-body");
    body.appendChild(safeFragment(doc, content.body_html));
    text.append(body);
    const button = make(doc, "button", "ww-button ww-primary", buttonLabel);
    const close = make(doc, "button", "ww-close", "\u00d7");
    close.setAttribute("aria-label", labels.close);
    region.append(text, button, close);
    const stops = [
      listen(button, "click", () => onAcknowledge()),
      listen(close, "click", () => onClose()),
      listen(region, "keydown", (event) => {
        if (event.key === "Escape") {
          // Ours alone: not also the `cancel` of a host's modal dialog we sit in.
          event.preventDefault();
          event.stopPropagation();
          onClose();
        }
      }),
    ];
    layer.addStyles(BANNER_CSS);
    root.appendChild(region);
    layer.raise();
    cleanup = () => {
      for (const stop of stops) stop();
      const hadFocus = root.activeElement && region.contains(root.activeElement);
      region.remove();
      // Focus would otherwise fall to the host's body.
      if (hadFocus) focus(doc.body);
    };
    shown();
  }

  function showPopover(target, bundle) {
    const popover = renderPopover({
      layer,
      step: content,
      index: 0,
      total: 1,
      target,
      labels: { ...labels, done: buttonLabel, progress: () => "" },
      onNext: () => onAcknowledge(),
      onBack: () => {},
      onClose: () => onClose(),
    });
    const stopFollowing = target ? follow(target, bundle, popover) : () => {};
    cleanup = () => {
      stopFollowing();
      popover.destroy();
    };
    shown();
  }

  // The host re-rendered or hid the element: move with it, or fall back to a banner.
  function follow(target, bundle, popover) {
    const onReplaced = guard((element) => {
      if (destroyed) return;
      popover.destroy();
      if (element) showPopover(element, bundle);
      else showBanner();
    });
    const onLost = guard(() => conceal([popover.element]));
    const options = { timeoutMs: targetTimeoutMs, exclude: layer.element, onLost };
    return watchTarget(doc, bundle, target, onReplaced, options);
  }

  if (display === "modal") showPopover(null);
  else if (display === "anchored") {
    const target = announcement.element || step.target;
    if (!target) showBanner();
    else {
      // Found at once, the callback runs before this returns: it sets `cleanup` itself.
      stopWaiting = waitForTarget(
        doc,
        target,
        guard((element) => {
          if (destroyed) return;
          if (element) showPopover(element, target);
          else showBanner();
        }),
        { timeoutMs: targetTimeoutMs, exclude: layer.element },
      );
    }
  } else showBanner();

  return {
    destroy: guard(() => {
      destroyed = true;
      stopWaiting();
      cleanup();
      cleanup = () => {};
    }),
  };
}
