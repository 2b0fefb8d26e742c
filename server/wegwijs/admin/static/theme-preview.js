// Live preview of the widget theme on the settings page. Values are checked against the
// same patterns the server validates with (rendered into data-pattern attributes); a value
// that would be refused leaves the preview at the widget's default. The server decides.
(function () {
  "use strict";

  var VARIABLES = {
    primary: "--preview-primary",
    text: "--preview-text",
    background: "--preview-background",
    font: "--preview-font",
    radius: "--preview-radius"
  };

  function valueFor(input) {
    var value = input.value.trim();
    var kind = input.getAttribute("data-theme");
    if (!value) return null;
    if (kind === "radius") {
      return /^\d+$/.test(value) && Number(value) <= 24 ? value + "px" : null;
    }
    var pattern = input.getAttribute("data-pattern");
    if (pattern && !new RegExp(pattern).test(value)) return null;
    return value;
  }

  function start() {
    var wrap = document.querySelector("[data-theme-preview]");
    if (!wrap) return;
    var preview = wrap.querySelector(".theme-preview");
    var inputs = document.querySelectorAll("input[data-theme]");
    function update() {
      Array.prototype.forEach.call(inputs, function (input) {
        var name = VARIABLES[input.getAttribute("data-theme")];
        var value = valueFor(input);
        // CSSOM changes are not inline style markup: the CSP allows them.
        if (value === null) preview.style.removeProperty(name);
        else preview.style.setProperty(name, value);
      });
    }
    Array.prototype.forEach.call(inputs, function (input) {
      input.addEventListener("input", update);
    });
    update();
    wrap.hidden = false;
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
