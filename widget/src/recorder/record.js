/**
 * Record mode: the author walks the real process in the host app and every click on a
 * control, and every field typed into, becomes a step. Clicks are recorded and still
 * happen (nothing is prevented); steps are kept in this tab's sessionStorage, so they
 * survive full page loads (the core loads the recorder again on each page) and SPA
 * routes. *Finish* posts them, with the record token, as a new draft walkthrough.
 *
 * Pick mode records one element (`startPicking`) for the guide and step the token names.
 *
 * Never stored: what the author typed (an input step records the field, not its value,
 * and a bundle part that contains the value is dropped), and anything at all about
 * password fields and other secret fields (`fieldAction`). Data-looking text is held
 * back until the author keeps it (`dataTexts`, `holdBack`).
 */

import { captureBundle } from "../capture.js";
import { textOf, visibleText } from "../resolve.js";
import { createStore } from "../storage.js";
import { recorderLabels } from "./labels.js";
import { documentsOf, elementToPick, renderOutline, startPicking } from "./picker.js";
import {
  addStep,
  answerHeld,
  cleanLabel,
  dataTexts,
  defaultName,
  fieldAction,
  firstQuestion,
  fitTarget,
  hideTypedParams,
  holdBack,
  MAX_STEPS,
  payloadSteps,
  readAnswer,
  readGrant,
  readRecording,
  scrubValue,
  setPaused,
  stepsKey,
  tokenKey,
  undoStep,
  withoutParams,
} from "./steps.js";
import { renderToolbar } from "./toolbar.js";

/** Controls a click means to use; the rest of a page is recorded only when it looks clickable. */
const CONTROL =
  'a[href],button,input,summary,[role="button"],[role="link"],[role="tab"],[role="menuitem"],' +
  '[role="menuitemcheckbox"],[role="menuitemradio"],[role="checkbox"],[role="radio"],' +
  '[role="option"],[role="switch"],[role="treeitem"],[onclick],[tabindex]:not([tabindex="-1"])';
/** As `fingerprintOf` in resolve.js: where a bundle's `near` comes from. */
const NEAR_CONTAINER = "fieldset,form,section,article,dialog,li,tr,[role=dialog],[role=group]";
const OURS = /^wegwijs-/i;

const collapse = (value) => String(value == null ? "" : value).replace(/\s+/g, " ").trim();

/** Whether an event happened on the widget's or the recorder's own elements. */
function onOurs(path) {
  return path.some((node) => node && node.nodeType === 1 && OURS.test(node.localName));
}

/** The field an input, change or focus event is about, when it records input steps. */
function typedField(path) {
  const first = path.find((node) => node && node.nodeType === 1);
  if (!first || onOurs(path)) return null;
  const action = fieldAction({
    tag: first.localName,
    type: first.getAttribute("type"),
    autocomplete: first.getAttribute("autocomplete"),
  });
  return action ? { element: first, action } : null;
}

/**
 * The element a click records: a control (the button, not its icon), or an element the
 * page styles as clickable; `null` for text fields (typing records those), labels (their
 * control gets the click too) and the rest of the page.
 */
export function clickedElement(path) {
  const element = elementToPick(path);
  if (!element) return null;
  const tag = element.localName;
  if (tag === "label" && element.control) return null;
  if (tag === "select" || tag === "textarea" || element.isContentEditable) return null;
  if (tag === "input") {
    return fieldAction({ tag, type: element.getAttribute("type") }) ? null : element;
  }
  if (element.matches(CONTROL)) return element;
  // A `<div>` the host made clickable with script: the outermost element of the pointer.
  const style = (node) => node.ownerDocument.defaultView.getComputedStyle(node);
  if (style(element).cursor !== "pointer") return null;
  let clickable = element;
  let node = element.parentElement;
  while (node && node !== node.ownerDocument.body && style(node).cursor === "pointer") {
    clickable = node;
    node = node.parentElement;
  }
  return clickable;
}

/** The element's label as the author sees it (case kept), for the suggested title. */
export function labelOf(element) {
  const attribute = (name) => collapse(element.getAttribute(name));
  const root = element.getRootNode();
  const ids = attribute("aria-labelledby").split(" ").filter(Boolean);
  const referenced = ids.map((id) => {
    const label = root.getElementById ? root.getElementById(id) : null;
    return label ? textOf(label) : "";
  });
  const labels = Array.from(element.labels || [], (label) => textOf(label, element));
  // A list's options and a text area's first content are no label.
  const shown = /^(select|textarea)$/.test(element.localName) ? "" : visibleText(element);
  return cleanLabel(
    collapse(referenced.join(" ")) ||
      attribute("aria-label") ||
      collapse(labels.join(" ")) ||
      collapse(shown) ||
      attribute("title") ||
      attribute("alt") ||
      attribute("placeholder"),
  );
}

/** Where the element sits, for `dataTexts`: its table cell's text, whether `near` is a row's. */
function placeOf(element) {
  const cell = element.closest("td,[role=cell],[role=gridcell]");
  const container = element.parentElement && element.parentElement.closest(NEAR_CONTAINER);
  const inRow = Boolean(container) && container.matches("tr,[role=row]");
  return { cellText: cell ? textOf(cell) : "", inRow };
}

/**
 * Start record or pick mode in `win`, as the stored record token says. `null` without a
 * token. Calling `open()` again (the admin sent a new token) reads the token again.
 *
 * @param {Object} options
 * @param {Window} options.win
 * @param {string} options.server the widget's server URL
 * @param {string} options.appKey
 * @param {typeof fetch} [options.fetchImpl] default the page's `fetch`
 * @param {() => Date} [options.now]
 * @returns {{ open: () => void, stop: () => void, finished: () => boolean }|null}
 */
export function startRecordMode({ win, server, appKey, fetchImpl, now = () => new Date() }) {
  const doc = win.document;
  const session = createStore(() => win.sessionStorage);
  const origin = new URL(server).origin;
  const send = fetchImpl || win.fetch.bind(win);
  let grant = readGrant(session.get(tokenKey(appKey)), server);
  if (!grant) return null;

  const language = grant.locale || (doc.documentElement && doc.documentElement.lang) || "";
  const locale = language.slice(0, 2).toLowerCase() === "en" ? "en" : "nl";
  const labels = recorderLabels(locale);
  let recording = readRecording(session.get(stepsKey(appKey)));
  let state = "recording";
  let error = "";
  let editorUrl = "";
  let name = defaultName(locale, now());
  let picking = null;
  let finished = false;
  const dirty = new Set(); // fields typed into on this page, not recorded yet
  const cleanups = [];
  const listened = new Set();
  const outline = renderOutline(doc);

  const toolbar = renderToolbar(doc, labels, {
    record: () => change((current) => setPaused(current, false)),
    pause: () => change((current) => setPaused(current, true)),
    pick: pickStep,
    undo() {
      const count = recording.steps.length;
      if (change(undoStep)) toolbar.announce(labels.undone(count));
    },
    finish() {
      flushTyped();
      if (recording.steps.length === 0) return;
      state = "naming";
      show();
    },
    keep: () => answer(true),
    leaveOut: () => answer(false),
    save(value) {
      name = collapse(value).slice(0, 200) || defaultName(locale, now());
      submit();
    },
    back() {
      state = "recording";
      error = "";
      show();
      // Pick mode has nothing else to go back to: pick again.
      if (grant.mode === "pick") pickStep();
    },
    retry: submit,
    cancel: cancelPick,
    close: stop,
  });

  function view() {
    const index = firstQuestion(recording);
    const question = index >= 0 ? recording.steps[index].held.texts.join(" · ") : null;
    return {
      mode: grant.mode,
      state,
      paused: recording.paused,
      count: recording.steps.length,
      question: state === "saved" ? null : question,
      name,
      error,
      editorUrl,
    };
  }
  function show() {
    toolbar.update(view());
  }
  /**
   * Change the recording, starting from what is stored: a page restored from the
   * back-forward cache must not overwrite steps recorded since it was left.
   *
   * @param {(current: Object) => Object} update returns its argument for "no change"
   * @returns {boolean} whether it changed
   */
  function change(update) {
    const current = readRecording(session.get(stepsKey(appKey)));
    const next = update(current);
    recording = next;
    if (next !== current) session.set(stepsKey(appKey), next);
    show();
    return next !== current;
  }
  function recordingNow() {
    return !finished && grant.mode === "record" && state === "recording" && !recording.paused;
  }

  // -- recording steps ------------------------------------------------------------------------

  function add(step, element) {
    const fitted = { ...step, target: fitTarget(step.target), label: cleanLabel(step.label) };
    const held = holdBack(fitted, dataTexts(fitted.target, fitted.label, placeOf(element)));
    if (grant.mode === "pick") {
      change((current) => ({ ...current, steps: [held] }));
      if (firstQuestion(recording) < 0) submit();
      return;
    }
    if (change((current) => addStep(current, held))) {
      toolbar.announce(labels.added(recording.steps.length, held.label));
    } else if (recording.steps.length >= MAX_STEPS) {
      toolbar.announce(labels.full);
    }
  }

  function recordClick(element) {
    const target = captureBundle(element, { doc });
    add({ target, url: pageUrl(), action: "click", label: labelOf(element) }, element);
  }

  function recordTyped(element) {
    dirty.delete(element);
    const action = fieldAction({
      tag: element.localName,
      type: element.getAttribute("type"),
      autocomplete: element.getAttribute("autocomplete"),
    });
    if (!action || !element.isConnected) return;
    // The value is only looked for, to drop any part of the bundle that shows it.
    const target = scrubValue(captureBundle(element, { doc }), element.value);
    add({ target, url: pageUrl(), action, label: labelOf(element) }, element);
  }

  function flushTyped() {
    for (const element of Array.from(dirty)) recordTyped(element);
  }

  function pageUrl() {
    return withoutParams(String(win.location.href), recording.typedParams);
  }

  /** A GET form sends what was typed in the next page's address: keep that out of URLs. */
  function sending(form) {
    if (!form || (form.getAttribute("method") || "get").toLowerCase() !== "get") return;
    const typed = Array.from(form.elements || []).filter((field) => {
      const type = field.getAttribute("type");
      const text = type === "password" || fieldAction({ tag: field.localName, type }) === "input";
      return text && field.name && field.value;
    });
    change((current) => hideTypedParams(current, typed.map((field) => field.name)));
  }

  function answer(keep) {
    change((current) => answerHeld(current, firstQuestion(current), keep));
    const answered = firstQuestion(recording) < 0 && recording.steps.length > 0;
    if (grant.mode === "pick" && answered) submit();
  }

  function pickStep() {
    if (picking) return;
    flushTyped();
    if (outline) outline.hide();
    state = "picking";
    show();
    picking = startPicking({
      doc,
      onPick(bundle, element) {
        picking = null;
        state = "recording";
        add({ target: bundle, url: pageUrl(), action: "click", label: labelOf(element) }, element);
        show();
      },
      onCancel: cancelPick,
    });
  }

  /** Picking cancelled: back to recording, or in pick mode the end of it. */
  function cancelPick() {
    if (picking) picking.stop();
    picking = null;
    state = "recording";
    if (grant.mode !== "pick") {
      show();
      return;
    }
    session.remove(tokenKey(appKey));
    session.remove(stepsKey(appKey));
    tellOpener({ type: "wegwijs:recorder-closed" });
    stop();
  }

  // -- saving -------------------------------------------------------------------------------------

  async function submit() {
    grant = readGrant(session.get(tokenKey(appKey)), server) || grant;
    const pick = grant.mode === "pick";
    const [first] = recording.steps;
    const body = pick
      ? { record_token: grant.token, target: first.target, url: first.url }
      : { record_token: grant.token, name, steps: payloadSteps(recording) };
    if (!pick && grant.locale) body.locale = grant.locale;
    state = "saving";
    error = "";
    show();
    let status = 0;
    let answered = null;
    try {
      const app = `${grant.apiBase}/api/public/v1/apps/${encodeURIComponent(appKey)}`;
      const response = await send(`${app}/${pick ? "picks" : "recordings"}`, {
        method: "POST",
        // A "simple" request, like the widget's: no CORS preflight.
        headers: { "Content-Type": "text/plain;charset=UTF-8" },
        body: JSON.stringify(body),
        credentials: "omit",
        mode: "cors",
      });
      status = response.status;
      answered = await response.json().catch(() => null);
    } catch (_error) {
      status = 0;
    }
    if (finished) return;
    const result = readAnswer(status, answered);
    if (!result.ok) {
      state = "error";
      error =
        result.reason === "token"
          ? labels.tokenRefused
          : result.reason === "network"
            ? labels.network
            : labels.failed(result.message);
      // The admin answers this with a fresh token; *Try again* then uses it.
      if (result.reason === "token") tellOpener({ type: "wegwijs:recorder-ready" });
      show();
      return;
    }
    saved(result, pick);
  }

  function saved(result, pick) {
    session.remove(tokenKey(appKey));
    session.remove(stepsKey(appKey));
    recording = readRecording(null);
    editorUrl = new URL(result.editorUrl, `${origin}/`).href;
    state = "saved";
    const message = {
      type: pick ? "wegwijs:picked" : "wegwijs:recorded",
      guide_id: result.guideId,
      editor_url: result.editorUrl,
    };
    // The admin window that opened this one shows the editor; without it, a new window.
    if (!tellOpener(message)) {
      try {
        win.open(editorUrl, "_blank", "noopener");
      } catch (_error) {
        // A blocked pop-up: the toolbar's link is there.
      }
    }
    stopListening();
    show();
  }

  function tellOpener(message) {
    try {
      if (!win.opener || win.opener.closed) return false;
      win.opener.postMessage(message, origin);
      return true;
    } catch (_error) {
      return false;
    }
  }

  // -- listening to the page ----------------------------------------------------------------------

  function listen(target, type, handler, options = true) {
    const guarded = (event) => {
      try {
        handler(event);
      } catch (_error) {
        // The host page never sees the recorder's errors.
      }
    };
    target.addEventListener(type, guarded, options);
    cleanups.push(() => target.removeEventListener(type, guarded, options));
  }

  function listenIn(page) {
    if (listened.has(page)) return;
    listened.add(page);
    listen(page, "click", (event) => {
      if (!event.isTrusted || !recordingNow()) return;
      const path = event.composedPath();
      if (onOurs(path)) return;
      flushTyped();
      const element = clickedElement(path);
      const first = elementToPick(path);
      if (element) recordClick(element);
      else if (first && !typedField(path) && !first.closest("label")) {
        toolbar.announce(labels.notAControl);
      }
    });
    listen(page, "input", (event) => {
      if (!event.isTrusted || !recordingNow()) return;
      const field = typedField(event.composedPath());
      if (!field) return;
      if (field.action === "select") recordTyped(field.element);
      else dirty.add(field.element);
    });
    for (const type of ["change", "focusout"]) {
      listen(page, type, (event) => {
        const field = recordingNow() && typedField(event.composedPath());
        const chosen = field && type === "change" && field.action === "select";
        if (field && (chosen || dirty.has(field.element))) recordTyped(field.element);
      });
    }
    listen(page, "submit", (event) => {
      if (!recordingNow()) return;
      flushTyped();
      sending(event.target);
    });
    listen(page, "mouseover", (event) => {
      if (!outline || picking) return;
      const path = event.composedPath();
      const element = recordingNow() && (clickedElement(path) || (typedField(path) || {}).element);
      if (element) outline.show(element);
      else outline.hide();
    });
    // A frame that loads later: listen in its document too.
    listen(page, "load", () => documentsOf(doc).forEach(listenIn));
  }

  function stopListening() {
    for (const cleanup of cleanups.splice(0)) cleanup();
    listened.clear();
    if (picking) picking.stop();
    picking = null;
    if (outline) outline.hide();
  }

  function stop() {
    finished = true;
    stopListening();
    if (outline) outline.destroy();
    toolbar.destroy();
  }

  documentsOf(doc).forEach(listenIn);
  listen(win, "pagehide", () => recordingNow() && flushTyped());
  // Back from the back-forward cache: the steps may have changed on later pages.
  listen(win, "pageshow", (event) => event.persisted && change((current) => current));
  show();
  if (grant.mode === "pick") {
    // A page load in the middle of pick mode: go on where it was.
    if (recording.steps.length === 0) pickStep();
    else if (firstQuestion(recording) < 0) submit();
  }

  return {
    /** A new token arrived: use it from now on. */
    open() {
      grant = readGrant(session.get(tokenKey(appKey)), server) || grant;
      show();
    },
    stop,
    finished: () => finished || state === "saved",
  };
}
