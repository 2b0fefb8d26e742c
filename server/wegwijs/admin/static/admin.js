// Enhancements for the admin pages; every page works without them.
// Loaded with `defer` from /admin/static/ (the CSP allows no inline script).
(function () {
  "use strict";

  // An error summary gets focus, so keyboard and screen-reader users land on it.
  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();
  }

  // Copy buttons next to read-only snippets and secrets.
  function setUpCopyButtons() {
    var buttons = document.querySelectorAll("button[data-copy]");
    Array.prototype.forEach.call(buttons, function (button) {
      var source = document.getElementById(button.getAttribute("data-copy"));
      var status = document.querySelector('[data-copy-status="' + button.getAttribute("data-copy") + '"]');
      if (!source) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        var done = function () {
          if (status) status.textContent = button.getAttribute("data-copied") || "";
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(source.value).then(done, function () {
            source.select();
          });
        } else {
          source.focus();
          source.select();
          try {
            if (document.execCommand("copy")) done();
          } catch (error) {
            // Selected: the person can copy with the keyboard.
          }
        }
      });
    });
  }

  // Destructive forms ask first.
  function setUpConfirmations() {
    var forms = document.querySelectorAll("form[data-confirm]");
    Array.prototype.forEach.call(forms, function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
      });
    });
  }

  // Menus (<details>) close on Escape, returning focus to their summary, and on a click
  // elsewhere.
  function setUpMenus() {
    var menus = document.querySelectorAll("details[data-menu]");
    Array.prototype.forEach.call(menus, function (menu) {
      menu.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && menu.open) {
          menu.open = false;
          menu.querySelector("summary").focus();
        }
      });
    });
    document.addEventListener("click", function (event) {
      Array.prototype.forEach.call(menus, function (menu) {
        if (menu.open && !menu.contains(event.target)) menu.open = false;
      });
    });
  }

  function start() {
    focusErrorSummary();
    setUpCopyButtons();
    setUpConfirmations();
    setUpMenus();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
