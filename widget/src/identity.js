/**
 * Who the visitor is to the server: an anonymous `visitor_id` kept across visits
 * (localStorage), a session id per tab (sessionStorage), and the host's identity made
 * safe to send (the server refuses a whole request over one malformed trait).
 */

const VISITOR_ID = /^[A-Za-z0-9_-]{8,64}$/;
const TRAIT_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;
const LOCALE = /^([a-z]{2})(?:-([A-Z]{2}))?$/;
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

/**
 * A random id of `length` characters from `[A-Za-z0-9_-]`.
 *
 * @param {number} [length] default 22 (132 random bits)
 * @param {{ getRandomValues?: (array: Uint8Array) => Uint8Array }} [cryptoImpl]
 *   default `globalThis.crypto`; without it `Math.random` is used
 */
export function randomId(length = 22, cryptoImpl = globalThis.crypto) {
  const bytes = new Uint8Array(length);
  if (cryptoImpl && typeof cryptoImpl.getRandomValues === "function") {
    cryptoImpl.getRandomValues(bytes);
  } else {
    for (let index = 0; index < length; index += 1) bytes[index] = Math.random() * 256;
  }
  let id = "";
  for (const byte of bytes) id += ALPHABET[byte & 63];
  return id;
}

/**
 * The visitor's ids, read from (or created in) the stores.
 *
 * @param {Object} options
 * @param {import("./storage.js").Store} options.local survives visits: the visitor id
 * @param {import("./storage.js").Store} options.session one tab: the session id
 * @param {() => string} [options.newId] default `randomId`
 */
export function createIdentity({ local, session, newId = randomId }) {
  function ensure(store, key) {
    const stored = store.get(key);
    if (typeof stored === "string" && VISITOR_ID.test(stored)) return stored;
    const fresh = newId();
    store.set(key, fresh);
    return fresh;
  }
  return {
    /** @returns {string} the anonymous visitor id */
    visitorId: () => ensure(local, "visitor"),
    /** @returns {string} this tab's session id */
    sessionId: () => ensure(session, "session"),
    /** Forget both ids (sign-out): the next call makes new ones. */
    reset() {
      local.remove("visitor");
      session.remove("session");
    },
  };
}

/**
 * Traits the server accepts: valid names, scalars or short lists of scalars, short text.
 * Anything else is left out rather than failing every request of the page.
 *
 * @param {Object<string, unknown>} traits
 * @returns {Object<string, unknown>}
 */
export function cleanTraits(traits) {
  const clean = {};
  let count = 0;
  for (const name of Object.keys(traits || {})) {
    const value = traits[name];
    const values = Array.isArray(value) ? value : [value];
    if (count >= 50 || !TRAIT_NAME.test(name) || values.length > 50) continue;
    if (!values.every(isScalar)) continue;
    clean[name] = value;
    count += 1;
  }
  return clean;
}

function isScalar(value) {
  const type = typeof value;
  if (type === "string") return value.length <= 200;
  return value === null || type === "boolean" || (type === "number" && Number.isFinite(value));
}

/**
 * A locale the server accepts (`nl`, `en-GB`), from what the host or browser says
 * (`en_us`, `EN`, `zh-Hant-TW`); `null` when nothing usable is left.
 *
 * @param {unknown} value
 * @returns {string|null}
 */
export function normaliseLocale(value) {
  if (typeof value !== "string") return null;
  const [language, region] = value.trim().replace(/_/g, "-").split("-");
  const candidate =
    (language || "").toLowerCase() + (region && region.length === 2 ? `-${region.toUpperCase()}` : "");
  if (LOCALE.test(candidate)) return candidate;
  const bare = (language || "").toLowerCase();
  return LOCALE.test(bare) ? bare : null;
}
