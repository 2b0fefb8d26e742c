// Small progressive enhancements shared by every page. No inline scripts exist in this
// app (the Content-Security-Policy forbids them), so all behaviour lives in files like this.
"use strict";

// Disclosure buttons: <button aria-controls="x" aria-expanded="false"> shows or hides #x.
document.addEventListener("click", function (event) {
  const button = event.target.closest("button[aria-controls][aria-expanded]");
  if (!button) return;
  const panel = document.getElementById(button.getAttribute("aria-controls"));
  if (!panel) return;
  const open = button.getAttribute("aria-expanded") !== "true";
  button.setAttribute("aria-expanded", String(open));
  panel.hidden = !open;
});

// Dialog openers: <button data-opens-dialog="x"> shows <dialog id="x"> as a modal.
document.addEventListener("click", function (event) {
  const opener = event.target.closest("[data-opens-dialog]");
  if (!opener) return;
  const dialog = document.getElementById(opener.getAttribute("data-opens-dialog"));
  if (dialog && !dialog.open) dialog.showModal();
});
