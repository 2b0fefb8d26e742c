// The guide list and editor, enhanced; every part also works without this file (form posts),
// except what needs a window on the host app: recording, picking and opening a preview in
// a new window (without script, *Preview in app* shows a link instead).
//
// - Steps: drag and drop (HTML5), Alt+ArrowUp/Down, and Move up / Move down without a
//   reload; the new order is saved at once and announced in an aria-live region.
// - Step bodies: a live preview of the Markdown, rendered and sanitised by the server
//   (the same `rendering` module visitors get); only the server's answer is inserted.
// - The host app: its address is remembered per app (localStorage) and must be on one of
//   the app's allowed origins. *Preview in app* opens it with `#wegwijs_preview=<token>`;
//   *Record a walkthrough* and *Pick element* open it and hand over a record token by
//   postMessage, following the widget's record-mode handshake (widget/README.md).
// - Step targets: while the preview window is open, each open step's target bundle (as
//   typed) is sent to it every two seconds and after each edit; the widget there answers
//   with its own resolver whether it is found on the page it shows (widget/src/find.js).
(function () {
  "use strict";

  var PREVIEW_DELAY_MS = 300;
  var FIND_EVERY_MS = 2000;
  var FIND_NO_ANSWER_MS = 5000;

  function csrfToken() {
    var field = document.querySelector('input[name="csrf_token"]');
    return field ? field.value : "";
  }

  function format(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  // A form post from script: the CSRF token travels as the pages' forms send it.
  function postForm(url, fields) {
    var body = new URLSearchParams();
    body.append("csrf_token", csrfToken());
    fields.forEach(function (pair) {
      body.append(pair[0], pair[1]);
    });
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    });
  }

  // -- steps: drag and drop, Alt+arrows, Move up / Move down ---------------------------------

  function setUpSteps() {
    var list = document.querySelector("[data-steps][data-editable]");
    if (!list) return;
    var status = document.querySelector("[data-steps-status]");
    var dragged = null;

    function items() {
      return Array.prototype.slice.call(list.children).filter(function (item) {
        return item.hasAttribute("data-step-id");
      });
    }

    function announce(message) {
      // Cleared first, so the same words twice are read twice.
      status.textContent = "";
      window.setTimeout(function () {
        status.textContent = message;
      }, 50);
    }

    function renumber() {
      items().forEach(function (item, index) {
        var number = item.querySelector("[data-step-number]");
        if (number) {
          number.textContent = format(list.getAttribute("data-number-label"), { number: index + 1 });
        }
      });
    }

    function save(item) {
      var order = items().map(function (each) {
        return ["step_ids", each.getAttribute("data-step-id")];
      });
      renumber();
      var position = items().indexOf(item) + 1;
      announce(format(list.getAttribute("data-msg-moved"), { position: position, count: order.length }));
      postForm(list.getAttribute("data-order-url"), order).catch(function () {
        announce(list.getAttribute("data-msg-failed"));
        // The server's order is the truth: show it again.
        window.setTimeout(function () {
          window.location.reload();
        }, 1500);
      });
    }

    function move(item, direction, keepFocus) {
      var all = items();
      var index = all.indexOf(item);
      var target = direction === "up" ? all[index - 1] : all[index + 1];
      if (!target) {
        announce(list.getAttribute(direction === "up" ? "data-msg-first" : "data-msg-last"));
        return;
      }
      list.insertBefore(item, direction === "up" ? target : target.nextSibling);
      // Moving a node in the document takes focus away from what is inside it.
      if (keepFocus) keepFocus.focus();
      save(item);
    }

    // Move up / Move down: the same form post without script; here, no reload.
    list.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form.hasAttribute("data-move-form")) return;
      event.preventDefault();
      var button = event.submitter || document.activeElement;
      var direction = button && button.getAttribute("data-move") === "up" ? "up" : "down";
      move(form.closest("[data-step-id]"), direction, button);
    });

    // Alt+ArrowUp / Alt+ArrowDown anywhere in a step's heading row.
    list.addEventListener("keydown", function (event) {
      if (!event.altKey || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) return;
      var head = event.target.closest && event.target.closest(".step-head, summary");
      if (!head) return;
      event.preventDefault();
      move(head.closest("[data-step-id]"), event.key === "ArrowUp" ? "up" : "down", event.target);
    });

    // Dragging by the handle; any step is a drop target (above or below its middle).
    Array.prototype.forEach.call(list.querySelectorAll("[data-drag-handle]"), function (handle) {
      handle.hidden = false;
      handle.addEventListener("dragstart", function (event) {
        dragged = handle.closest("[data-step-id]");
        dragged.classList.add("dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", dragged.getAttribute("data-step-id"));
        if (event.dataTransfer.setDragImage) event.dataTransfer.setDragImage(dragged, 20, 20);
      });
      handle.addEventListener("dragend", function () {
        if (dragged) dragged.classList.remove("dragging");
        dragged = null;
        items().forEach(function (item) {
          item.classList.remove("drop-before", "drop-after");
        });
      });
    });

    function dropPlace(item, event) {
      var box = item.getBoundingClientRect();
      return event.clientY < box.top + box.height / 2 ? "before" : "after";
    }

    list.addEventListener("dragover", function (event) {
      var item = event.target.closest && event.target.closest("[data-step-id]");
      if (!dragged || !item) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      items().forEach(function (each) {
        each.classList.remove("drop-before", "drop-after");
      });
      if (item !== dragged) item.classList.add("drop-" + dropPlace(item, event));
    });

    list.addEventListener("drop", function (event) {
      var item = event.target.closest && event.target.closest("[data-step-id]");
      if (!dragged || !item) return;
      event.preventDefault();
      var moving = dragged;
      var next = dropPlace(item, event) === "before" ? item : item.nextSibling;
      if (item !== moving && next !== moving && next !== moving.nextSibling) {
        list.insertBefore(moving, next);
        save(moving);
      }
      moving.classList.remove("dragging");
      items().forEach(function (each) {
        each.classList.remove("drop-before", "drop-after");
      });
      dragged = null;
    });
  }

  // -- live Markdown preview -----------------------------------------------------------------

  function setUpMarkdownPreview() {
    var list = document.querySelector("[data-steps][data-markdown-url]");
    if (!list) return;
    var url = list.getAttribute("data-markdown-url");
    var areas = list.querySelectorAll("textarea[data-markdown]");
    Array.prototype.forEach.call(areas, function (area) {
      var preview = document.getElementById(area.getAttribute("data-markdown"));
      if (!preview || area.disabled) return;
      var timer = null;
      var asked = 0;
      area.addEventListener("input", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(function () {
          var number = ++asked;
          postForm(url, [["body", area.value]])
            .then(function (answer) {
              // Only the newest answer, and only HTML the server rendered and sanitised.
              if (number === asked && answer && typeof answer.html === "string") {
                preview.innerHTML = answer.html;
              }
            })
            .catch(function () {
              // The preview stays as it was; saving the step still works.
            });
        }, PREVIEW_DELAY_MS);
      });
    });
  }

  // -- the host app: address, preview, record and pick ---------------------------------------

  function hostConfig() {
    var box = document.querySelector("[data-authoring]");
    if (!box) return null;
    var config = {
      box: box,
      appKey: box.getAttribute("data-app-key"),
      apiRoot: box.getAttribute("data-api-root") || "",
      lang: box.getAttribute("data-lang") === "nl" ? "nl" : "en",
      origins: (box.getAttribute("data-origins") || "").split(" ").filter(Boolean),
      input: box.querySelector("[data-host-url]"),
      status: box.querySelector("[data-host-status]")
    };
    config.storageKey = "wegwijs-admin:host-url:" + config.appKey;
    config.say = function (name, values) {
      config.status.textContent = format(box.getAttribute("data-msg-" + name), values || {});
    };
    return config;
  }

  function rememberHostUrl(config) {
    try {
      var saved = window.localStorage.getItem(config.storageKey);
      if (saved) config.input.value = saved;
    } catch (error) {
      // No storage (private mode, policy): the default address stays.
    }
    config.input.addEventListener("change", function () {
      try {
        window.localStorage.setItem(config.storageKey, config.input.value.trim());
      } catch (error) {
        // Not remembered; it still works for this page.
      }
    });
  }

  // The origin of `url` when it is one of the app's allowed origins; else null.
  function allowedOrigin(config, url) {
    try {
      var parsed = new URL(url);
      return config.origins.indexOf(parsed.origin) >= 0 ? parsed.origin : null;
    } catch (error) {
      return null;
    }
  }

  function apiPost(config, path, body) {
    return fetch(config.apiRoot + "/api/v1/apps/" + encodeURIComponent(config.appKey) + path, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrfToken() },
      body: JSON.stringify(body || {})
    }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    });
  }

  // `#wegwijs_preview=` in the fragment: never sent to the host's server, and the widget
  // removes it from the address bar. A hash route keeps its path (`#/route?wegwijs_preview=`).
  function withPreviewToken(url, token) {
    var hash = url.indexOf("#");
    if (hash < 0) return url + "#wegwijs_preview=" + encodeURIComponent(token);
    var fragment = url.slice(hash + 1);
    var joiner = fragment.indexOf("?") >= 0 ? "&" : "?";
    return url + joiner + "wegwijs_preview=" + encodeURIComponent(token);
  }

  function setUpPreview(config) {
    var form = document.querySelector("[data-preview-form]");
    if (!form) return;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var url = config.input.value.trim();
      if (!allowedOrigin(config, url)) {
        config.say("bad-host");
        config.input.focus();
        return;
      }
      // Opened now, while the click still counts as the author's (pop-up blockers). It
      // keeps its opener, as the recorder's window does: the widget there answers this
      // page's "found on the current page?" (and only this window, on our origin).
      var win = window.open("", "_blank");
      if (!win) {
        config.say("blocked");
        return;
      }
      apiPost(config, "/preview-token?guide_id=" + encodeURIComponent(form.getAttribute("data-guide-id")))
        .then(function (answer) {
          win.location.replace(withPreviewToken(url, answer.token));
          config.say("preview-open");
          if (config.onPreviewWindow) config.onPreviewWindow(win);
        })
        .catch(function () {
          win.close();
          config.say("failed");
        });
    });
  }

  // Record mode: open the host app, answer each `wegwijs:recorder-ready` from that window
  // (and its origin) with a fresh record token, until it reports a result.
  function openRecorder(config, url, tokenRequest, mode) {
    var origin = allowedOrigin(config, url);
    if (!origin) {
      config.say("bad-host");
      config.input.focus();
      return;
    }
    var host = window.open(url, "_blank");
    if (!host) {
      config.say("blocked");
      return;
    }
    config.say("waiting");
    var done = false;
    // An author may simply close the window: no message comes then, so watch it.
    var watch = window.setInterval(function () {
      if (host.closed) finish(mode === "record" ? "record-cancelled" : "pick-cancelled");
    }, 1000);
    var editorPrefix = config.apiRoot + "/admin/apps/" + config.appKey + "/guides/";

    function onMessage(event) {
      if (done || event.source !== host || event.origin !== origin) return;
      var data = event.data;
      if (!data || typeof data.type !== "string") return;
      if (data.type === "wegwijs:recorder-ready") {
        apiPost(config, "/record-token", tokenRequest)
          .then(function (answer) {
            if (done) return;
            host.postMessage(
              {
                type: "wegwijs:record",
                token: answer.token,
                mode: mode,
                locale: config.lang,
                apiBase: window.location.origin + config.apiRoot
              },
              origin
            );
            config.say("connected");
          })
          .catch(function () {
            config.say("failed");
          });
        return;
      }
      var editorUrl = typeof data.editor_url === "string" ? data.editor_url : "";
      var safeEditor = editorUrl.indexOf(editorPrefix) === 0 && editorUrl.indexOf("//") < 0;
      if (data.type === "wegwijs:recorded" || data.type === "wegwijs:picked") {
        finish(data.type === "wegwijs:recorded" ? "recorded" : "picked");
        var next = safeEditor ? editorUrl : window.location.pathname;
        if (mode === "pick" && tokenRequest.step_id) {
          next += "?step=" + encodeURIComponent(tokenRequest.step_id) + "#step-" + tokenRequest.step_id;
        }
        window.setTimeout(function () {
          window.location.assign(next);
        }, 600);
      } else if (data.type === "wegwijs:recorder-closed") {
        finish(mode === "record" ? "record-cancelled" : "pick-cancelled");
      }
    }

    function finish(message) {
      if (done) return;
      done = true;
      window.clearInterval(watch);
      window.removeEventListener("message", onMessage);
      config.say(message);
    }

    window.addEventListener("message", onMessage);
  }

  // -- "found on the current page?" for each step's target ----------------------------------

  function readTarget(text) {
    if (!text.trim()) return { empty: true };
    try {
      var target = JSON.parse(text);
      if (target && typeof target === "object" && !Array.isArray(target)) return { target: target };
    } catch (error) {
      // Not JSON (yet): said below.
    }
    return { invalid: true };
  }

  // `how` from the widget ("id", "attributes.data-testid", "role", ...) in the author's words.
  function describeHow(how, names) {
    return how
      .filter(function (part) {
        return typeof part === "string";
      })
      .slice(0, 3)
      .map(function (part) {
        if (part.indexOf("attributes.") === 0) return part.slice("attributes.".length, 60);
        return Object.prototype.hasOwnProperty.call(names, part) ? names[part] : part.slice(0, 60);
      })
      .join(", ");
  }

  function setUpTargetChecks(config) {
    var list = document.querySelector("[data-steps][data-msg-target-open]");
    if (!list || !config) return;
    var names = {};
    try {
      names = JSON.parse(list.getAttribute("data-target-parts") || "{}") || {};
    } catch (error) {
      // The parts' own names, then.
    }
    var preview = null; // the window Preview in app opened, while it is open
    var timer = null;
    var asked = 0;
    var checks = [];

    Array.prototype.forEach.call(list.querySelectorAll("textarea[data-target-status]"), function (field) {
      var status = document.getElementById(field.getAttribute("data-target-status"));
      if (!status || field.disabled) return;
      var check = { field: field, status: status, details: field.closest("details"), id: null, since: 0 };
      checks.push(check);
      var typing = null;
      field.addEventListener("input", function () {
        window.clearTimeout(typing);
        typing = window.setTimeout(function () {
          ask(check);
        }, PREVIEW_DELAY_MS);
      });
      if (check.details) {
        check.details.addEventListener("toggle", function () {
          if (check.details.open) ask(check);
        });
      }
      ask(check);
    });
    if (!checks.length) return;

    // Only a changed text is written: the live region reads out changes, not every answer.
    function say(check, name, values) {
      var text = format(list.getAttribute("data-msg-target-" + name), values || {});
      check.status.hidden = false;
      check.status.setAttribute("data-state", name);
      if (check.status.textContent !== text) check.status.textContent = text;
    }

    function previewOpen() {
      if (preview && preview.closed) {
        preview = null;
        window.clearInterval(timer);
      }
      return preview !== null;
    }

    function ask(check) {
      var read = readTarget(check.field.value);
      check.id = null;
      if (read.empty) {
        check.status.hidden = true;
        check.status.textContent = "";
        return;
      }
      if (read.invalid) return say(check, "invalid");
      if (!previewOpen()) return say(check, "open");
      check.id = check.field.getAttribute("data-target-status") + ":" + ++asked;
      if (!check.since) check.since = Date.now();
      // To each allowed origin: the window may have moved to another; any other gets nothing.
      config.origins.forEach(function (origin) {
        try {
          preview.postMessage({ type: "wegwijs:find", id: check.id, target: read.target }, origin);
        } catch (error) {
          // Closed meanwhile: the next round says so.
        }
      });
    }

    function round() {
      var open = previewOpen();
      checks.forEach(function (check) {
        if (!open) {
          if (check.id) ask(check); // says "open Preview in app"
          check.since = 0;
          return;
        }
        if (check.details && !check.details.open) return;
        if (check.since && Date.now() - check.since > FIND_NO_ANSWER_MS) say(check, "no-answer");
        ask(check);
      });
    }

    window.addEventListener("message", function (event) {
      var data = event.data;
      if (config.origins.indexOf(event.origin) < 0 || !data) return;
      // A preview window this tab opened before it reloaded (the widget there says hello
      // to its opener every few seconds): check targets in it again.
      if (data.type === "wegwijs:previewing" && !previewOpen() && event.source) {
        config.onPreviewWindow(event.source);
        return;
      }
      if (!preview || event.source !== preview) return;
      if (data.type !== "wegwijs:found" || typeof data.id !== "string") return;
      checks.forEach(function (check) {
        if (check.id !== data.id) return; // only the answer to the newest question
        check.since = 0;
        var how = Array.isArray(data.how) ? describeHow(data.how, names) : "";
        if (data.found !== true) say(check, "missing");
        else if (how) say(check, "found-by", { how: how });
        else say(check, "found");
      });
    });

    config.onPreviewWindow = function (win) {
      preview = win;
      window.clearInterval(timer);
      timer = window.setInterval(round, FIND_EVERY_MS);
      round();
    };
  }

  function setUpHost() {
    var config = hostConfig();
    if (!config || !config.input) return;
    rememberHostUrl(config);
    setUpPreview(config);
    setUpTargetChecks(config);

    var record = document.querySelector("[data-record]");
    if (record) {
      record.hidden = false;
      var note = document.querySelector("[data-needs-script]");
      if (note) note.hidden = true;
      record.addEventListener("click", function () {
        openRecorder(config, config.input.value.trim(), {}, "record");
      });
    }

    var guideForm = document.querySelector("[data-preview-form]");
    var guideId = guideForm ? Number(guideForm.getAttribute("data-guide-id")) : null;
    Array.prototype.forEach.call(document.querySelectorAll("[data-pick]"), function (button) {
      if (!guideId) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        // The page the step was recorded on, when it is on the app; else the app's address.
        var sample = button.getAttribute("data-sample-url");
        var url = sample && allowedOrigin(config, sample) ? sample : config.input.value.trim();
        var request = { guide_id: guideId, step_id: button.getAttribute("data-pick") };
        openRecorder(config, url, request, "pick");
      });
    });
  }

  function start() {
    setUpSteps();
    setUpMarkdownPreview();
    setUpHost();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
