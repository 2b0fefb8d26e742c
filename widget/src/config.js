/**
 * The widget's configuration: read from the script tag's `data-` attributes (the strict-CSP
 * variant, no inline script needed) and from `Wegwijs.init(options)` (the inline-stub
 * variant). Pure functions: no DOM access, so they are unit-tested in Node.
 */

import { warn } from "./log.js";

/**
 * Options accepted by `Wegwijs.init(options)`. The same options can be given as `data-`
 * attributes on the script tag (named in brackets); `init` overrides the attributes.
 *
 * @typedef {Object} WegwijsOptions
 * @property {string|null} [appKey] The app's public key, issued by the Wegwijs server for
 *   one host app; it only ever reaches that app's content and events (`data-app-key`).
 *   Without it the widget stays inactive.
 *   @default null
 * @property {string|null} [server] Base URL of the Wegwijs server, e.g.
 *   `"https://help.example.com"`; a trailing slash is removed (`data-server`). When absent,
 *   the origin of the script's own `src` is used, so it is only needed when the script is
 *   served from another origin or the server lives under a sub-path.
 *   @default null (derived from the script's `src`)
 * @property {string|null} [userId] The host app's id for the signed-in user (`data-user-id`).
 *   Without it the visitor is anonymous. Same as calling `Wegwijs.identify(userId, ...)`.
 *   @default null
 * @property {Object<string, unknown>} [userTraits] Attributes of the user that audience rules
 *   match on, e.g. `{ role: "approver", department: "finance" }`; as a JSON object in
 *   `data-user-traits`. Invalid JSON is ignored with a warning.
 *   @default {}
 * @property {string|null} [signature] HMAC of `userId` computed by the host's back end with
 *   the app's identity secret, so the server can trust the identity (`data-signature`).
 *   @default null
 * @property {string|null} [locale] Preferred content language, e.g. `"nl"` or `"en"`
 *   (`data-locale`). When absent, the delivery module falls back to the page's language.
 *   @default null
 */

/** The names of all options, in documentation order; anything else in `init` is ignored. */
export const OPTION_NAMES = Object.freeze([
  "appKey",
  "server",
  "userId",
  "userTraits",
  "signature",
  "locale",
]);

/** @returns {Required<WegwijsOptions>} a fresh configuration with every default. */
export function defaultConfig() {
  return {
    appKey: null,
    server: null,
    userId: null,
    userTraits: {},
    signature: null,
    locale: null,
  };
}

/**
 * Build the configuration from a script tag's `dataset` (`data-app-key` arrives as
 * `dataset.appKey`, and so on). Never throws: invalid values are ignored with a warning.
 *
 * @param {Object<string, string|undefined>|null|undefined} dataset the script's `dataset`
 * @param {string} [scriptSrc] the script's absolute `src`; its origin is the server when
 *   `data-server` is absent
 * @returns {Required<WegwijsOptions>}
 */
export function readScriptConfig(dataset, scriptSrc = "") {
  const data = dataset || {};
  const config = defaultConfig();

  config.appKey = readToken(data.appKey, "data-app-key");
  config.userId = readUserId(data.userId, "data-user-id");
  config.signature = readToken(data.signature, "data-signature");
  config.locale = readToken(data.locale, "data-locale");
  if (typeof data.userTraits === "string" && data.userTraits.trim() !== "") {
    config.userTraits = parseTraitsJson(data.userTraits) || {};
  }

  if (data.server !== undefined) config.server = normaliseServer(data.server, "data-server");
  if (config.server === null) config.server = serverFromScriptSrc(scriptSrc);
  return config;
}

/**
 * The CSP nonce for elements the widget creates (only `<style>`, where a browser lacks
 * `adoptedStyleSheets`): the script tag's own nonce, else its `data-nonce`. Browsers hide
 * the `nonce` attribute from `getAttribute` once the page is parsed; the property keeps it.
 *
 * @param {{ nonce?: string, dataset?: Object<string, string|undefined> }|null} script
 * @returns {string|null}
 */
export function readScriptNonce(script) {
  if (!script) return null;
  const own = typeof script.nonce === "string" ? script.nonce.trim() : "";
  if (own) return own;
  return readToken(script.dataset ? script.dataset.nonce : undefined, "data-nonce");
}

/**
 * Return a new configuration: `base` with every valid option of `init` applied on top.
 * Options left `undefined` keep the base value; invalid or unknown ones are ignored with a
 * warning. `base` is not modified.
 *
 * @param {Required<WegwijsOptions>} base
 * @param {WegwijsOptions} init the argument of `Wegwijs.init`
 * @returns {Required<WegwijsOptions>}
 */
export function mergeConfig(base, init) {
  const merged = { ...defaultConfig(), ...base };
  merged.userTraits = { ...merged.userTraits };
  if (init === undefined || init === null) return merged;
  if (typeof init !== "object" || Array.isArray(init)) {
    warn("Wegwijs.init expects an options object; ignoring", init);
    return merged;
  }

  for (const name of Object.keys(init)) {
    if (!OPTION_NAMES.includes(name)) warn(`ignoring unknown option "${name}" in Wegwijs.init`);
  }

  const readers = {
    appKey: readToken,
    server: normaliseServer,
    userId: readUserId,
    signature: readToken,
    locale: readToken,
    userTraits: readTraits,
  };
  for (const name of OPTION_NAMES) {
    const value = init[name];
    if (value === undefined) continue;
    // null explicitly clears an option back to its default.
    if (value === null) {
      merged[name] = defaultConfig()[name];
      continue;
    }
    const read = readers[name](value, `option "${name}"`);
    if (read !== null) merged[name] = read;
  }
  return merged;
}

/**
 * The origin of the script's own URL, used as the server when none is configured:
 * `"https://help.example.com/widget/wegwijs.js"` → `"https://help.example.com"`.
 *
 * @param {string} src an absolute URL (a script element's `src` property always is)
 * @returns {string|null} `null` when `src` is not an absolute http(s) URL
 */
export function serverFromScriptSrc(src) {
  const url = parseHttpUrl(src);
  return url ? url.origin : null;
}

/**
 * Normalise a server base URL: absolute http(s), no query, no fragment, no trailing slash.
 *
 * @param {unknown} value
 * @param {string} [label] names the source of the value in the warning
 * @returns {string|null} `null` (after a warning) when `value` is not such a URL
 */
export function normaliseServer(value, label = "server") {
  const url = typeof value === "string" ? parseHttpUrl(value.trim()) : null;
  if (!url) {
    warn(`ignoring ${label}: expected an absolute http(s) URL`, value);
    return null;
  }
  return url.origin + url.pathname.replace(/\/+$/, "");
}

/**
 * Validate a user id: a non-empty string, or a finite number (turned into a string).
 * Not trimmed, because the host signs the id exactly as it passes it.
 *
 * @param {unknown} value
 * @param {string} label names the source of the value in the warning
 * @returns {string|null}
 */
export function readUserId(value, label) {
  if (value === undefined || value === null || value === "") return null;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "string") return value;
  warn(`ignoring ${label}: expected a string`, value);
  return null;
}

/**
 * Validate user traits given as an object: a plain object, shallow-copied.
 *
 * @param {unknown} value
 * @param {string} label names the source of the value in the warning
 * @returns {Object<string, unknown>|null}
 */
export function readTraits(value, label) {
  if (isPlainObject(value)) return { ...value };
  warn(`ignoring ${label}: expected an object`, value);
  return null;
}

/** Parse `data-user-traits`: a JSON object, or `null` (after a warning) for anything else. */
function parseTraitsJson(text) {
  let parsed;
  try {
    parsed = JSON.parse(String(text));
  } catch (_error) {
    warn("ignoring data-user-traits: not valid JSON", text);
    return null;
  }
  if (!isPlainObject(parsed)) {
    warn("ignoring data-user-traits: expected a JSON object", text);
    return null;
  }
  return parsed;
}

/**
 * A trimmed non-empty string (app key, signature, locale, event name), or `null`;
 * a value that is not a string is ignored with a warning.
 *
 * @param {unknown} value
 * @param {string} label names the source of the value in the warning
 * @returns {string|null}
 */
export function readToken(value, label) {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") {
    warn(`ignoring ${label}: expected a string`, value);
    return null;
  }
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

function parseHttpUrl(text) {
  if (typeof text !== "string" || text === "") return null;
  let url;
  try {
    url = new URL(text);
  } catch (_error) {
    return null;
  }
  return url.protocol === "http:" || url.protocol === "https:" ? url : null;
}

/** True for `{...}` objects, also when created in another frame (no instanceof checks). */
function isPlainObject(value) {
  return Object.prototype.toString.call(value) === "[object Object]";
}
