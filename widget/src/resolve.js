/**
 * Finding a step's target element from its recorded bundle. A bundle is open-ended; the
 * parts understood here, most stable first:
 *
 *   { "id": "claim-amount",
 *     "attributes": { "data-testid": "…", "name": "…", "aria-label": "…" },
 *     "selector": "form > input:nth-of-type(2)",
 *     "text": "Submit claim", "tag": "button" }
 *
 * Every part proposes candidates; each candidate is scored against the whole bundle, so
 * a stale part (a changed structure) is outvoted by the parts that still agree.
 * `targetQueries` and `scoreCandidate` are pure; `findTarget`/`waitForTarget` touch the DOM.
 */

/** Weight of each part of the bundle: stable attributes count most. */
export const WEIGHTS = Object.freeze({
  id: 100,
  "data-testid": 90,
  data: 85,
  name: 80,
  "aria-label": 75,
  attribute: 60,
  selector: 50,
  text: 40,
  tag: 10,
  visible: 5,
});

const ATTRIBUTE_NAME = /^[A-Za-z_][-A-Za-z0-9_:.]*$/;
const CLICKABLE =
  'button, a, label, summary, [role="button"], [role="link"], [role="tab"], [role="menuitem"], ' +
  'input[type="submit"], input[type="button"]';

/** A CSS string literal's content: quotes, backslashes and line breaks escaped. */
export function cssString(value) {
  return String(value)
    .replace(/["\\]/g, "\\$&")
    .replace(/\n/g, "\\a ");
}

/** Whitespace collapsed, trimmed, lower case, at most 200 characters. */
export function normaliseText(value) {
  return String(value || "")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase()
    .slice(0, 200);
}

function attributeWeight(name) {
  if (Object.prototype.hasOwnProperty.call(WEIGHTS, name)) return WEIGHTS[name];
  return name.startsWith("data-") ? WEIGHTS.data : WEIGHTS.attribute;
}

/**
 * The bundle as a normalised object: a plain string is a CSS selector.
 *
 * @param {unknown} target
 * @returns {{ id?: string, attributes: Object<string, string>, selector?: string,
 *   text?: string, tag?: string }|null}
 */
export function readBundle(target) {
  if (typeof target === "string") return target.trim() ? { selector: target, attributes: {} } : null;
  if (target === null || typeof target !== "object") return null;
  const bundle = { attributes: {} };
  const text = (value) => (typeof value === "string" && value.trim() !== "" ? value : undefined);
  bundle.id = text(target.id);
  bundle.selector = text(target.selector) || text(target.css);
  bundle.text = text(target.text);
  bundle.tag = text(target.tag) && target.tag.toLowerCase();
  const attributes = target.attributes && typeof target.attributes === "object" ? target.attributes : {};
  // Common shorthands a recorder might write at the top level.
  for (const name of ["data-testid", "name", "aria-label"]) {
    if (text(target[name]) && attributes[name] === undefined) attributes[name] = target[name];
  }
  if (text(target.testid) && attributes["data-testid"] === undefined) {
    attributes["data-testid"] = target.testid;
  }
  for (const name of Object.keys(attributes)) {
    const value = attributes[name];
    if (ATTRIBUTE_NAME.test(name) && (typeof value === "string" || typeof value === "number")) {
      bundle.attributes[name] = String(value);
    }
  }
  const usable = bundle.id || bundle.selector || bundle.text || Object.keys(bundle.attributes).length;
  return usable ? bundle : null;
}

/**
 * The queries that propose candidates, most stable first.
 *
 * @param {ReturnType<typeof readBundle>} bundle
 * @returns {Array<{ kind: "css"|"text", query: string, weight: number }>}
 */
export function targetQueries(bundle) {
  if (!bundle) return [];
  const queries = [];
  if (bundle.id) queries.push({ kind: "css", query: `[id="${cssString(bundle.id)}"]`, weight: WEIGHTS.id });
  const names = Object.keys(bundle.attributes).sort(
    (a, b) => attributeWeight(b) - attributeWeight(a),
  );
  for (const name of names) {
    const query = `[${name}="${cssString(bundle.attributes[name])}"]`;
    queries.push({ kind: "css", query, weight: attributeWeight(name) });
  }
  if (bundle.selector) queries.push({ kind: "css", query: bundle.selector, weight: WEIGHTS.selector });
  if (bundle.text) queries.push({ kind: "text", query: normaliseText(bundle.text), weight: WEIGHTS.text });
  return queries;
}

/**
 * @typedef {Object} Candidate what the scorer knows of an element
 * @property {string} tag lower case
 * @property {string|null} id
 * @property {Object<string, string|null>} attributes values of the bundle's attribute names
 * @property {string} text normalised visible text (or value of an input button)
 * @property {boolean} visible has a layout box
 * @property {Set<string>} matchedQueries the queries (by `query`) that proposed it
 */

/**
 * How well an element agrees with the bundle: the weight of every part that matches.
 *
 * @param {ReturnType<typeof readBundle>} bundle
 * @param {Candidate} candidate
 * @returns {number}
 */
export function scoreCandidate(bundle, candidate) {
  let score = 0;
  if (bundle.id && candidate.id === bundle.id) score += WEIGHTS.id;
  for (const name of Object.keys(bundle.attributes)) {
    if (candidate.attributes[name] === bundle.attributes[name]) score += attributeWeight(name);
  }
  if (bundle.selector && candidate.matchedQueries.has(bundle.selector)) score += WEIGHTS.selector;
  if (bundle.text && candidate.text === normaliseText(bundle.text)) score += WEIGHTS.text;
  if (bundle.tag && candidate.tag === bundle.tag) score += WEIGHTS.tag;
  if (candidate.visible) score += WEIGHTS.visible;
  return score;
}

/**
 * The best of several candidates; ties go to the earliest (document order of the most
 * stable query). `null` when none matches more than its tag and visibility.
 *
 * @template {Candidate} T
 * @param {ReturnType<typeof readBundle>} bundle
 * @param {T[]} candidates
 * @returns {T|null}
 */
export function pickBest(bundle, candidates) {
  let best = null;
  let bestScore = WEIGHTS.tag + WEIGHTS.visible;
  for (const candidate of candidates) {
    const score = scoreCandidate(bundle, candidate);
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

// -- DOM ---------------------------------------------------------------------------------

function describe(element, bundle) {
  const attributes = {};
  for (const name of Object.keys(bundle.attributes)) attributes[name] = element.getAttribute(name);
  const isInput = element.tagName === "INPUT";
  return {
    element,
    tag: element.tagName.toLowerCase(),
    id: element.id || null,
    attributes,
    text: normaliseText(isInput ? element.value : element.textContent),
    visible: element.getClientRects().length > 0,
    matchedQueries: new Set(),
  };
}

/**
 * The element the bundle points at in `root`, or `null`.
 *
 * @param {Document|Element} root
 * @param {unknown} target the step's `target`
 * @param {{ exclude?: Element }} [options] an element to skip (the widget's own host)
 * @returns {Element|null}
 */
export function findTarget(root, target, { exclude } = {}) {
  const bundle = readBundle(target);
  if (!bundle) return null;
  const candidates = new Map();
  for (const { kind, query } of targetQueries(bundle)) {
    let found = [];
    try {
      if (kind === "css") found = Array.from(root.querySelectorAll(query));
      else {
        found = Array.from(root.querySelectorAll(CLICKABLE)).filter((element) => {
          const text = element.tagName === "INPUT" ? element.value : element.textContent;
          return normaliseText(text) === query;
        });
      }
    } catch (_error) {
      continue; // an invalid recorded selector must not hide the other parts
    }
    for (const element of found.slice(0, 50)) {
      if (exclude && (element === exclude || exclude.contains(element))) continue;
      if (!candidates.has(element)) candidates.set(element, describe(element, bundle));
      candidates.get(element).matchedQueries.add(query);
    }
  }
  const best = pickBest(bundle, Array.from(candidates.values()));
  return best ? best.element : null;
}

/**
 * Find the target now or as soon as it appears (late rendering, SPA routes), up to
 * `timeoutMs`; then `onResult(element)`, or `onResult(null)` when it never came.
 *
 * @param {Document} doc
 * @param {unknown} target
 * @param {(element: Element|null) => void} onResult called once
 * @param {{ timeoutMs?: number, exclude?: Element }} [options] `timeoutMs` default 5000
 * @returns {() => void} cleanup: stop waiting without calling back
 */
export function waitForTarget(doc, target, onResult, { timeoutMs = 5000, exclude } = {}) {
  let done = false;
  let observer = null;
  let timer = null;
  let pending = null;
  const finish = (element) => {
    if (done) return;
    cleanup();
    done = true;
    onResult(element);
  };
  const check = () => {
    pending = null;
    const element = findTarget(doc, target, { exclude });
    if (element) finish(element);
  };
  function cleanup() {
    done = true;
    if (observer) observer.disconnect();
    clearTimeout(timer);
    clearTimeout(pending);
  }

  const now = findTarget(doc, target, { exclude });
  if (now) {
    onResult(now);
    return () => {};
  }
  const Observer = doc.defaultView && doc.defaultView.MutationObserver;
  if (Observer) {
    observer = new Observer(() => {
      // Coalesce a burst of mutations into one search.
      if (pending === null) pending = setTimeout(check, 50);
    });
    observer.observe(doc.documentElement, { childList: true, subtree: true, attributes: true });
  }
  timer = setTimeout(() => finish(findTarget(doc, target, { exclude })), timeoutMs);
  return cleanup;
}
