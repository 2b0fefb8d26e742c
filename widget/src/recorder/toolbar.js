/**
 * The recorder's toolbar: a "Recording" banner and the controls (Record, Pause, Pick
 * element, Undo last step, Finish), the question about data-looking text, naming and
 * saving. It lives in its own `<wegwijs-recorder>` shadow host at the bottom of the
 * viewport, in the top layer like the widget (`keepOnTop`), styled by a constructed
 * stylesheet only. Every control is a labelled `<button>` (or a labelled field), so it is
 * keyboard operable; focus is visible; news is read out from a `role="status"` line and
 * errors from a `role="alert"` one.
 */

import { keepOnTop } from "../ui/top-layer.js";

const CSS =
  ":host{all:initial!important;display:block!important;position:fixed!important;" +
  "left:0!important;right:0!important;bottom:0!important;top:auto!important;width:auto!important;" +
  "height:auto!important;margin:0!important;padding:0!important;border:0!important;" +
  "background:transparent!important;overflow:visible!important;z-index:2147483001!important;" +
  'font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2330}' +
  "*{box-sizing:border-box}" +
  ".rec{background:#fff;box-shadow:0 -4px 16px rgba(0,0,0,.25)}" +
  ".banner{margin:0;padding:6px 12px;background:#b3261e;color:#fff;font-weight:600;" +
  "display:flex;align-items:center;gap:8px}" +
  ".banner.paused{background:#4d5561}.banner.picking{background:#1f5fbf}" +
  ".banner.done{background:#1e6b35}" +
  ".dot{width:10px;height:10px;border-radius:50%;background:currentColor;flex:none}" +
  ".bar,.question{display:flex;flex-wrap:wrap;align-items:center;gap:8px;padding:8px 12px}" +
  ".question{background:#fff6d6;border-bottom:1px solid #e8d48a}" +
  ".question p{margin:0;flex:1 1 20em}" +
  ".count{margin-left:auto;color:#4d5561}" +
  "button{font:inherit;font-size:13px;cursor:pointer;border-radius:6px;padding:6px 12px;" +
  "border:1px solid #1f5fbf;background:#fff;color:#1f5fbf}" +
  "button[aria-pressed=true],button.primary{background:#1f5fbf;color:#fff}" +
  "button:disabled{opacity:.55;cursor:default}" +
  "button:focus-visible,input:focus-visible,a:focus-visible{outline:3px solid #f0a500;" +
  "outline-offset:2px}" +
  "form{display:contents}label{display:flex;align-items:center;gap:6px}" +
  "input{font:inherit;padding:5px 8px;border:1px solid #767676;border-radius:6px;min-width:16em}" +
  "a{color:#1f5fbf}" +
  ".error{margin:0;padding:8px 12px;background:#fdecea;color:#8a1c14}.error:empty{display:none}" +
  ".status{margin:0;padding:0 12px 6px;font-size:12px;color:#4d5561}.status:empty{display:none}";

/**
 * @typedef {Object} ToolbarView what the toolbar shows; `renderToolbar().update(view)`
 * @property {"record"|"pick"} mode
 * @property {"recording"|"picking"|"naming"|"saving"|"error"|"saved"} state
 * @property {boolean} paused
 * @property {number} count steps recorded
 * @property {string|null} question the data-looking text waiting for an answer
 * @property {string} name the suggested name (naming)
 * @property {string} error the message (error)
 * @property {string} editorUrl where the saved guide is edited (saved)
 */

/**
 * Show the toolbar.
 *
 * @param {Document} doc
 * @param {ReturnType<typeof import("./labels.js").recorderLabels>} labels
 * @param {Object<string, (value?: string) => void>} actions what each control does: `record`,
 *   `pause`, `pick`, `undo`, `finish`, `keep`, `leaveOut`, `save` (with the name), `back`,
 *   `cancel`, `retry`, `close`
 * @returns {{ update: (view: ToolbarView) => void, announce: (text: string) => void,
 *   destroy: () => void }}
 */
export function renderToolbar(doc, labels, actions) {
  const win = doc.defaultView;
  const host = doc.createElement("wegwijs-recorder");
  const root = host.attachShadow({ mode: "open" });
  try {
    const sheet = new win.CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } catch (_error) {
    // No constructed stylesheets: unstyled, but it still works.
  }
  const make = (tag, className, text) => {
    const node = doc.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const region = make("div", "rec");
  region.setAttribute("role", "region");
  region.setAttribute("aria-label", labels.toolbar);
  const banner = make("p", "banner");
  const dot = make("span", "dot");
  dot.setAttribute("aria-hidden", "true");
  const bannerText = make("span");
  banner.append(dot, bannerText);
  const question = make("div", "question");
  const error = make("p", "error");
  error.setAttribute("role", "alert");
  const bar = make("div", "bar");
  const status = make("p", "status");
  status.setAttribute("role", "status");
  region.append(banner, question, error, bar, status);
  root.append(region);
  (doc.body || doc.documentElement).appendChild(host);
  const onTop = keepOnTop(host, doc);
  onTop.place();

  const run = (action, value) => () => {
    try {
      actions[action](value);
    } catch (_error) {
      // The host page never sees the recorder's errors.
    }
  };
  function button(label, action, { pressed, primary, disabled } = {}) {
    const node = make("button", primary ? "primary" : "", label);
    node.type = "button";
    node.dataset.action = action;
    if (pressed !== undefined) node.setAttribute("aria-pressed", String(pressed));
    if (disabled) node.disabled = true;
    node.addEventListener("click", run(action));
    return node;
  }

  function nameForm(view) {
    const form = make("form");
    const label = make("label", "", labels.name);
    const input = make("input");
    input.name = "name";
    input.value = view.name;
    input.maxLength = 200;
    input.dataset.action = "name";
    label.append(input);
    // A submit button: Enter in the field saves too.
    const save = make("button", "primary", labels.save);
    save.type = "submit";
    save.dataset.action = "save";
    form.append(label, save, button(labels.back, "back"));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      run("save", input.value)();
    });
    return form;
  }

  function controls(view) {
    if (view.state === "naming") return [nameForm(view)];
    if (view.state === "saving") return [make("span", "", labels.saving)];
    if (view.state === "error") {
      return [button(labels.tryAgain, "retry", { primary: true }), button(labels.back, "back")];
    }
    if (view.state === "saved") {
      const link = make("a", "", labels.openEditor);
      link.href = view.editorUrl;
      link.target = "_blank";
      link.rel = "noopener";
      return [link, button(labels.close, "close")];
    }
    if (view.state === "picking" || view.mode === "pick") return [button(labels.cancel, "cancel")];
    const empty = view.count === 0;
    return [
      button(labels.record, "record", { pressed: !view.paused }),
      button(labels.pause, "pause", { pressed: view.paused }),
      button(labels.pick, "pick"),
      button(labels.undo, "undo", { disabled: empty }),
      button(labels.finish, "finish", { primary: true, disabled: empty }),
    ];
  }

  function bannerFor(view) {
    if (view.state === "saved") {
      return ["done", view.mode === "pick" ? labels.savedPick : labels.savedRecording];
    }
    if (view.state === "picking" || view.mode === "pick") return ["picking", labels.picking];
    if (view.paused) return ["paused", labels.paused];
    return ["", labels.recording];
  }

  function update(view) {
    const active = root.activeElement;
    const focused = active && active.dataset ? active.dataset.action : null;
    const [kind, text] = bannerFor(view);
    banner.className = `banner ${kind}`.trim();
    bannerText.textContent = text;
    question.replaceChildren();
    question.hidden = !view.question;
    if (view.question) {
      question.append(
        make("p", "", labels.question(view.question)),
        button(labels.keep, "keep"),
        button(labels.leaveOut, "leaveOut"),
      );
    }
    error.textContent = view.state === "error" ? view.error : "";
    const parts = controls(view);
    if (view.mode === "record" && view.state !== "saved") {
      parts.push(make("span", "count", labels.steps(view.count)));
    }
    bar.replaceChildren(...parts);
    // Rebuilt controls: keep keyboard focus on the same control when it is still there.
    const naming = view.state === "naming" && focused !== "back" && focused !== "save";
    const wanted = naming ? "name" : focused;
    const again = wanted && root.querySelector(`[data-action="${wanted}"]`);
    if (again && !again.disabled) again.focus({ preventScroll: true });
    onTop.place();
  }

  return {
    update,
    announce(text) {
      status.textContent = text;
    },
    destroy() {
      onTop.stop();
      host.remove();
    },
  };
}
