/**
 * Pure parts of record mode: the list of recorded steps (kept in sessionStorage between
 * page loads), which fields record an input step, and text that looks like data.
 *
 * A recorded step is `{ target, url, action, label }`, what the server's recordings
 * endpoint takes: the element's bundle, the page it was on, `click`/`input`/`select`, and
 * the element's label for the suggested title. What the author typed is never part of it.
 * A step whose bundle showed data-looking text (a table cell, an email, an amount…) also
 * has `held`: those parts are taken out of the bundle until the author keeps them.
 */

/** The server takes at most this many steps in one recording. */
export const MAX_STEPS = 50;
/** The server refuses bigger target bundles (bytes of JSON). */
export const MAX_TARGET_BYTES = 8 * 1024;
const ACTIONS = ["click", "input", "select"];
const LABEL_LENGTH = 200;
/** Only values this long are looked for in a bundle: shorter ones match ordinary words. */
const MIN_SCRUBBED = 3;
/** Attributes holding words people wrote: they may show data too. */
const WORD_ATTRIBUTES = ["aria-label", "title", "alt", "placeholder"];

/** sessionStorage keys (the store adds its `wegwijs:` prefix). */
export const tokenKey = (appKey) => `record:${appKey}`;
export const stepsKey = (appKey) => `record-steps:${appKey}`;

const collapse = (value) => String(value == null ? "" : value).replace(/\s+/g, " ").trim();
const normal = (value) => collapse(value).toLowerCase();
const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

// -- the token the admin handed over ---------------------------------------------------------

/**
 * The stored record token, checked: `null` without a usable token.
 *
 * @param {unknown} stored what the core's hook stored from the admin's message
 * @param {string} server the configured server URL
 * @returns {{ token: string, mode: "record"|"pick", locale: "nl"|"en"|null, apiBase: string }|null}
 */
export function readGrant(stored, server) {
  if (!isObject(stored) || typeof stored.token !== "string" || stored.token === "") return null;
  const locale = typeof stored.locale === "string" ? stored.locale.slice(0, 2).toLowerCase() : "";
  return {
    token: stored.token,
    mode: stored.mode === "pick" ? "pick" : "record",
    locale: locale === "nl" || locale === "en" ? locale : null,
    apiBase: apiBaseFor(stored.api_base, server),
  };
}

/** `apiBase` from the admin only when it is on the server's own origin; else the server. */
export function apiBaseFor(apiBase, server) {
  const base = String(server).replace(/\/+$/, "");
  try {
    const given = new URL(String(apiBase));
    if (given.origin === new URL(base).origin) return given.href.replace(/\/+$/, "");
  } catch (_error) {
    // Not a URL: the configured server it is.
  }
  return base;
}

// -- the step list ------------------------------------------------------------------------------

/**
 * @typedef {Object} Recording
 * @property {Array<Object>} steps oldest first
 * @property {boolean} paused clicks and typing are not recorded while paused
 * @property {string[]} typedParams names of fields the author typed into and sent with a
 *   GET form: their query parameters are left out of later steps' URLs
 */

/** A recording read back from storage; anything unreadable is left out. */
export function readRecording(stored) {
  const steps = isObject(stored) && Array.isArray(stored.steps) ? stored.steps : [];
  const params = isObject(stored) && Array.isArray(stored.typedParams) ? stored.typedParams : [];
  return {
    steps: steps.filter(isStep).slice(0, MAX_STEPS),
    paused: Boolean(isObject(stored) && stored.paused),
    typedParams: params.filter((name) => typeof name === "string").slice(0, 100),
  };
}

/**
 * The recording that leaves the query parameters `names` out of later URLs: fields the
 * author typed into were sent with a GET form, so the next page's address holds the values.
 *
 * @param {Recording} recording
 * @param {string[]} names
 * @returns {Recording}
 */
export function hideTypedParams(recording, names) {
  const added = names.filter((name) => name && !recording.typedParams.includes(name));
  if (added.length === 0) return recording;
  return { ...recording, typedParams: [...recording.typedParams, ...added] };
}

/**
 * `url` without the query parameters `names` (see `hideTypedParams`).
 *
 * @param {string} url
 * @param {string[]} names
 * @returns {string}
 */
export function withoutParams(url, names) {
  if (names.length === 0) return url;
  try {
    const parsed = new URL(url);
    for (const name of names) parsed.searchParams.delete(name);
    return parsed.href;
  } catch (_error) {
    return url;
  }
}

function isStep(step) {
  return (
    isObject(step) &&
    isObject(step.target) &&
    typeof step.url === "string" &&
    ACTIONS.includes(step.action) &&
    typeof step.label === "string"
  );
}

/**
 * The recording with `step` added, or the same recording when it is full, or when `step`
 * records input into a field that already has an input step on this page (once per field).
 *
 * @param {Recording} recording
 * @param {Object} step
 * @returns {Recording}
 */
export function addStep(recording, step) {
  if (!isStep(step) || recording.steps.length >= MAX_STEPS) return recording;
  if (step.action !== "click") {
    const same = JSON.stringify(step.target);
    const seen = recording.steps.some(
      (each) =>
        each.action === step.action &&
        each.url === step.url &&
        JSON.stringify(each.target) === same,
    );
    if (seen) return recording;
  }
  return { ...recording, steps: [...recording.steps, step] };
}

/** The recording without its last step. */
export function undoStep(recording) {
  return { ...recording, steps: recording.steps.slice(0, -1) };
}

/** @returns {Recording} */
export function setPaused(recording, paused) {
  return { ...recording, paused: Boolean(paused) };
}

/** Index of the first step whose data-looking text waits for the author's answer, or -1. */
export function firstQuestion(recording) {
  return recording.steps.findIndex((step) => isObject(step.held));
}

/**
 * The author's answer about a step's held text: `keep` puts the parts back into its
 * bundle (and its label), otherwise they are dropped for good.
 *
 * @param {Recording} recording
 * @param {number} index
 * @param {boolean} keep
 * @returns {Recording}
 */
export function answerHeld(recording, index, keep) {
  const step = recording.steps[index];
  if (!step || !isObject(step.held)) return recording;
  const { held, ...rest } = step;
  const answered = keep ? keepHeld(rest, held) : rest;
  const steps = recording.steps.slice();
  steps[index] = answered;
  return { ...recording, steps };
}

function keepHeld(step, held) {
  const parts = isObject(held.parts) ? held.parts : {};
  const target = { ...step.target };
  for (const part of ["text", "accessibleName"]) {
    if (typeof parts[part] === "string") target[part] = parts[part];
  }
  if (isObject(parts.attributes)) {
    target.attributes = { ...(target.attributes || {}), ...parts.attributes };
  }
  if (typeof parts.near === "string") {
    target.fingerprint = { ...(target.fingerprint || {}), near: parts.near };
  }
  const label = typeof held.label === "string" && held.label ? held.label : step.label;
  return { ...step, target, label };
}

/**
 * The steps as the recordings endpoint takes them: text still held (never answered) is
 * left out, never sent without the author's yes.
 *
 * @param {Recording} recording
 * @returns {Array<{ target: Object, url: string, action: string, label: string }>}
 */
export function payloadSteps(recording) {
  return recording.steps.map(({ target, url, action, label }) => ({ target, url, action, label }));
}

// -- which fields record input -------------------------------------------------------------------

/** `<input>` types whose "input" is a click (recorded as one) or nothing to record. */
const NOT_TYPED = /^(hidden|submit|button|reset|image|checkbox|radio|file|range|color)$/;
/** `autocomplete` tokens of secrets: such fields are skipped like password fields. */
const SECRET = /password|one-time-code|cc-/;

/**
 * What typing into a field records: `"input"`, `"select"` for a `<select>`, or `null`:
 * nothing at all for password fields (and fields for other secrets), hidden fields and
 * controls whose use is a click.
 *
 * @param {{ tag: string, type?: string|null, autocomplete?: string|null }} field
 * @returns {"input"|"select"|null}
 */
export function fieldAction({ tag, type, autocomplete }) {
  const name = String(tag || "").toLowerCase();
  if (SECRET.test(String(autocomplete || "").toLowerCase())) return null;
  if (name === "select") return "select";
  if (name === "textarea") return "input";
  if (name !== "input") return null;
  const kind = String(type || "text").toLowerCase();
  if (kind === "password" || NOT_TYPED.test(kind)) return null;
  return "input";
}

/**
 * The bundle without any text part that contains `value` (what the author typed), in
 * case a host copies a field's value into an attribute or its text. Values shorter than
 * three characters are not looked for: they would match ordinary words.
 *
 * @param {Object} bundle
 * @param {string} value
 * @returns {Object}
 */
export function scrubValue(bundle, value) {
  const needle = normal(value);
  if (needle.length < MIN_SCRUBBED) return bundle;
  return withoutParts(bundle, (text) => normal(text).includes(needle));
}

/**
 * A copy of `bundle` without the text parts (`text`, `accessibleName`, word attributes,
 * `fingerprint.near`) that `drop` says yes to.
 *
 * @returns {{ bundle: Object, removed: Object }} when `collect` is set; else the bundle
 */
function withoutParts(bundle, drop, collect = false) {
  const result = { ...bundle };
  const removed = {};
  for (const part of ["text", "accessibleName"]) {
    if (typeof result[part] === "string" && drop(result[part])) {
      removed[part] = result[part];
      delete result[part];
    }
  }
  if (isObject(bundle.attributes)) {
    const attributes = { ...bundle.attributes };
    for (const name of Object.keys(attributes)) {
      if (typeof attributes[name] === "string" && drop(attributes[name])) {
        removed.attributes = { ...(removed.attributes || {}), [name]: attributes[name] };
        delete attributes[name];
      }
    }
    result.attributes = attributes;
    if (Object.keys(attributes).length === 0) delete result.attributes;
  }
  if (isObject(bundle.fingerprint) && typeof bundle.fingerprint.near === "string") {
    if (drop(bundle.fingerprint.near)) {
      removed.near = bundle.fingerprint.near;
      const { near: _near, ...print } = bundle.fingerprint;
      result.fingerprint = print;
    }
  }
  return collect ? { bundle: result, removed } : result;
}

// -- data-looking text ---------------------------------------------------------------------------

const DATA_PATTERNS = [
  /\d{4,}/, // ids, order and account numbers, years, postcodes, phone numbers
  /[^\s@]+@[^\s@]+\.[^\s@]+/, // email addresses
  /[€$£¥]\s?\d|\d\s?[€$£¥]/, // amounts with a currency
  /\d[.,]\d{2}(?!\d)/, // amounts: 12,50 or 1.240,00
  /\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b/, // dates: 14-02-2025, 2/14/25
  /\b\d{1,2}:\d{2}\b/, // times
];

/** Whether a text looks like data about a record rather than words of the interface. */
export function looksLikeData(text) {
  const value = collapse(text);
  return value !== "" && DATA_PATTERNS.some((pattern) => pattern.test(value));
}

/**
 * The data-looking texts of a freshly captured bundle and its label: the element's text
 * or name when it is the whole content of a table cell, the row label (`near`) when the
 * element sits in a table row, and any text part that looks like data.
 *
 * @param {Object} bundle from `captureBundle`
 * @param {string} label the element's label, as the author sees it
 * @param {{ cellText?: string, inRow?: boolean }} [where] the text of the table cell the
 *   element is in; whether its `near` comes from a table row
 * @returns {string[]} distinct, as shown on the page
 */
export function dataTexts(bundle, label, { cellText = "", inRow = false } = {}) {
  const found = [];
  const add = (text) => {
    const value = collapse(text);
    if (value && !found.some((each) => normal(each) === normal(value))) found.push(value);
  };
  const cell = normal(cellText);
  for (const text of [label, bundle.text, bundle.accessibleName]) {
    if (typeof text !== "string" || !collapse(text)) continue;
    if (looksLikeData(text) || (cell && normal(text) === cell)) add(text);
  }
  const attributes = isObject(bundle.attributes) ? bundle.attributes : {};
  for (const name of WORD_ATTRIBUTES) {
    const value = attributes[name];
    if (typeof value === "string" && looksLikeData(value)) add(value);
  }
  const near = isObject(bundle.fingerprint) ? bundle.fingerprint.near : undefined;
  if (typeof near === "string" && near && (inRow || looksLikeData(near))) add(near);
  return found;
}

/**
 * A new step whose data-looking texts are held back: the parts of the bundle that
 * contain one of `texts` go into `held` (with the label, when it shows one), and the step
 * keeps the rest until the author answers.
 *
 * @param {{ target: Object, url: string, action: string, label: string }} step
 * @param {string[]} texts from `dataTexts`
 * @returns {Object} the step, with `held: { texts, parts, label }` when anything was held
 */
export function holdBack(step, texts) {
  if (texts.length === 0) return step;
  const needles = texts.map(normal);
  const contains = (text) => needles.some((needle) => normal(text).includes(needle));
  const { bundle, removed } = withoutParts(step.target, contains, true);
  const labelHeld = contains(step.label);
  return {
    ...step,
    target: bundle,
    label: labelHeld ? "" : step.label,
    held: { texts, parts: removed, label: labelHeld ? step.label : "" },
  };
}

// -- the rest of a step --------------------------------------------------------------------------

/** The label the server words the suggested title with: one line, bounded. */
export function cleanLabel(label) {
  return collapse(label).slice(0, LABEL_LENGTH);
}

/**
 * The bundle within the server's size limit: a deep structural path and then the
 * fingerprint are dropped first, since the other parts find the element better.
 */
export function fitTarget(bundle) {
  const size = (value) => new TextEncoder().encode(JSON.stringify(value)).length;
  let fitted = bundle;
  for (const part of ["path", "fingerprint", "within"]) {
    if (size(fitted) <= MAX_TARGET_BYTES) break;
    const { [part]: _dropped, ...rest } = fitted;
    fitted = rest;
  }
  return fitted;
}

/**
 * The recording's default name: "Opname 24-11-2026" / "Recording 2026-11-24".
 *
 * @param {"nl"|"en"} locale
 * @param {Date} date
 */
export function defaultName(locale, date) {
  const pad = (number) => String(number).padStart(2, "0");
  const [year, month, day] = [date.getFullYear(), pad(date.getMonth() + 1), pad(date.getDate())];
  return locale === "en" ? `Recording ${year}-${month}-${day}` : `Opname ${day}-${month}-${year}`;
}

/**
 * What an answer of the recordings or picks endpoint means for the author.
 *
 * @param {number} status HTTP status; 0 when the server could not be reached
 * @param {unknown} body the parsed answer
 * @returns {{ ok: true, guideId: number, editorUrl: string }
 *   | { ok: false, reason: "token"|"network"|"other", message: string }}
 */
export function readAnswer(status, body) {
  if (status >= 200 && status < 300 && isObject(body) && typeof body.editor_url === "string") {
    return { ok: true, guideId: body.guide_id, editorUrl: body.editor_url };
  }
  if (status === 0) return { ok: false, reason: "network", message: "" };
  const error = isObject(body) && isObject(body.error) ? body.error : {};
  const message = collapse(error.message).slice(0, 300) || `HTTP ${status}`;
  return { ok: false, reason: status === 403 ? "token" : "other", message };
}
