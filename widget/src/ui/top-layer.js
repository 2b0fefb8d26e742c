/**
 * Keeping the widget above the host page. `<wegwijs-root>` is a `popover="manual"`
 * element shown with `showPopover()`: that puts it in the browser's top layer, above any
 * z-index and outside any `overflow: hidden` or transformed ancestor. `manual`, because
 * an `auto` popover would close the host's own open popovers.
 *
 * A modal `<dialog>` is a harder case: it makes everything outside itself inert, so a
 * widget drawn above it still cannot be clicked. While one is open the host element
 * moves into the topmost open modal dialog (and is shown again, which puts it above
 * that dialog); when the dialog closes it moves back to `<body>`.
 */

/**
 * @param {HTMLElement} element the widget's host element
 * @param {Document} doc
 * @returns {{ place: () => void, stop: () => void }} `place` puts the element where it
 *   belongs now and shows it; `stop` ends the watching (it does not remove the element)
 */
export function keepOnTop(element, doc) {
  const win = doc.defaultView;
  const canPopover = typeof element.showPopover === "function";
  if (canPopover) element.setAttribute("popover", "manual");
  /** Open modal dialogs, in the order they opened: the last one is on top. */
  let modals = [];
  let watchedDialog = null;

  const guarded = () => {
    try {
      place();
    } catch (_error) {
      // Placement is best effort; the host page must never see an error from it.
    }
  };
  const opened = win && win.MutationObserver ? new win.MutationObserver(guarded) : null;
  // Only `open` attributes: cheap even on pages whose DOM changes all the time.
  if (opened) {
    opened.observe(doc.documentElement, { attributes: true, attributeFilter: ["open"], subtree: true });
  }
  // A dialog removed from the page while open takes the widget with it, and so does a
  // dialog whose content the host replaces: watch the dialog's and its parent's children.
  const removed = win && win.MutationObserver ? new win.MutationObserver(guarded) : null;

  function openModals() {
    try {
      return Array.from(doc.querySelectorAll("dialog:modal"));
    } catch (_error) {
      return []; // no :modal support: stay in <body>
    }
  }

  function topModal() {
    const open = openModals();
    modals = modals.filter((dialog) => open.includes(dialog));
    for (const dialog of open) if (!modals.includes(dialog)) modals.push(dialog);
    return modals.length > 0 ? modals[modals.length - 1] : null;
  }

  function watchRemoval(dialog) {
    if (!removed || dialog === watchedDialog) return;
    removed.disconnect();
    watchedDialog = dialog;
    if (!dialog) return;
    removed.observe(dialog, { childList: true });
    if (dialog.parentNode) removed.observe(dialog.parentNode, { childList: true });
  }

  function place() {
    const dialog = topModal();
    const parent = dialog || doc.body;
    if (!parent) return;
    watchRemoval(dialog);
    // Moving an open popover closes it, so it is shown again below.
    if (element.parentNode !== parent) parent.appendChild(element);
    if (canPopover && !element.matches(":popover-open")) element.showPopover();
  }

  return {
    place: guarded,
    stop() {
      if (opened) opened.disconnect();
      if (removed) removed.disconnect();
      watchedDialog = null;
    },
  };
}
