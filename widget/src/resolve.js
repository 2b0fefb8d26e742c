/**
 * Finding a Target (the element a step, tip or announcement points at) from its recorded
 * bundle. This module imports nothing: the guide-check CLI injects it into pages as is.
 *
 * A bundle is open-ended; every part is optional (a plain string is a CSS selector):
 *
 *   { "id": "claim-amount",
 *     "attributes": { "data-testid": "…", "name": "amount", "aria-label": "…" },
 *     "role": "textbox", "accessibleName": "Amount",
 *     "text": "Submit claim",                  visible text (buttons, links, cells)
 *     "path": { "from": "claim-form", "steps": ["div:2", "input:1"] },
 *                                              tag:nth-of-type steps down from the element
 *                                              whose id is `from` (none: from the scope's root)
 *     "selector": "form > input",              a CSS selector (older bundles)
 *     "tag": "input",
 *     "fingerprint": { "classes": ["amount"], "type": "text", "near": "new claim", "index": 1 },
 *     "within": [{ "shadow": <host> }, { "frame": <iframe> }] }
 *
 * `within` is the way in, outermost first: each `<host>`/`<iframe>` is itself a bundle (or
 * a CSS selector) found in the scope before it; `shadow` enters its open shadow root,
 * `frame` its same-origin document. Without it (or when it leads nowhere) the document is
 * searched first, then its open shadow roots and same-origin frames (a bounded walk).
 *
 * Scoring: every part proposes candidates; each candidate scores the weights of all parts
 * it agrees with (`WEIGHTS`). Hidden candidates never count. A candidate is accepted only
 * with at least `MIN_SHARE` of the bundle's maximum score and more than role and tag
 * together: a bundle whose only agreeing part is its tag is "not found", never a guess.
 * Among the accepted, the best *rank* wins: the score, minus the weight of the name and
 * text it shows differently, plus or minus `WEIGHTS.near` as its row or form part is the
 * recorded one or another (`rankCandidate`). Equal ranks go to the closer fingerprint;
 * only when rank and fingerprint agree exactly does the first in document order win.
 *
 * The bundle and scoring functions (`readBundle` to `pickBest`) are pure; the rest read
 * the DOM.
 */

/** How much agreeing on each part counts: stable attributes most, the tag least. */
export const WEIGHTS = Object.freeze({
  id: 100,
  "data-testid": 90,
  data: 85,
  name: 80,
  "aria-label": 75,
  attribute: 60,
  accessibleName: 55,
  selector: 50,
  path: 45,
  text: 40,
  role: 15,
  tag: 10,
  /** Ranking only: the recorded row or form part (`fingerprint.near`) agrees, or not. */
  near: 30,
});

/** The share of the bundle's maximum score a candidate needs to be found. */
export const MIN_SHARE = 0.3;

const ATTRIBUTE_NAME = /^[A-Za-z_][-A-Za-z0-9_:.]*$/;
const TAG = /^[a-z][a-z0-9-]*$/i;
const STEP = /^([a-z][a-z0-9-]*):(\d+)$/i;
/** Where a bundle without a tag looks for its text: what people click (input buttons too). */
const CLICKABLE = "a,button,label,summary,input,[role]";
const HIDING = '[hidden],[inert],[aria-hidden="true"],details:not([open])>:not(summary)';
const NEAR_CONTAINER = "fieldset,form,section,article,dialog,li,tr,[role=dialog],[role=group]";
const NEAR_LABEL = "legend,caption,h1,h2,h3,h4,h5,h6,label,th,td";
const PER_QUERY = 50; // candidates one part may propose
const SCAN_LIMIT = 1000; // elements read when looking for a text or accessible name
const SCOPE_LIMIT = 5000; // elements walked looking for shadow roots and frames
const SCOPES_MAX = 30;
const OBSERVED = { childList: true, subtree: true, attributes: true };
const HIDING_ATTRIBUTES = {
  attributes: true,
  attributeFilter: ["class", "style", "hidden", "inert", "aria-hidden", "open"],
};

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

const nonEmpty = (value) => (typeof value === "string" && value.trim() !== "" ? value : undefined);

function attributeWeight(name) {
  if (Object.prototype.hasOwnProperty.call(WEIGHTS, name)) return WEIGHTS[name];
  return name.startsWith("data-") ? WEIGHTS.data : WEIGHTS.attribute;
}

// -- the bundle (pure) -------------------------------------------------------------------

/**
 * The bundle as a normalised object, or `null` when nothing in it can find an element.
 *
 * @param {unknown} target a step's `target`
 * @param {number} [depth] how deep in `within` this bundle is (bounds the nesting)
 * @returns {Object|null} `{ id?, attributes, role?, accessibleName?, text?, path?,
 *   selector?, tag?, fingerprint?, within: Array<{ kind: "shadow"|"frame", bundle }> }`
 */
export function readBundle(target, depth = 0) {
  if (typeof target === "string") {
    return target.trim() ? { selector: target, attributes: {}, within: [] } : null;
  }
  if (target === null || typeof target !== "object" || depth > 4) return null;
  const lower = (value) => nonEmpty(value) && normaliseText(value);
  const tag = nonEmpty(target.tag) || "";
  const bundle = {
    id: nonEmpty(target.id),
    attributes: readAttributes(target),
    role: lower(target.role),
    accessibleName: lower(target.accessibleName),
    text: lower(target.text),
    path: readPath(target.path),
    selector: nonEmpty(target.selector) || nonEmpty(target.css),
    tag: TAG.test(tag) ? tag.toLowerCase() : undefined,
    within: readWithin(target.within, depth),
  };
  const fingerprint = target.fingerprint;
  if (fingerprint && typeof fingerprint === "object") bundle.fingerprint = fingerprint;
  const usable =
    bundle.id ||
    bundle.selector ||
    bundle.text ||
    bundle.accessibleName ||
    bundle.path ||
    Object.keys(bundle.attributes).length;
  return usable ? bundle : null;
}

function readAttributes(target) {
  const given = target.attributes && typeof target.attributes === "object" ? target.attributes : {};
  const merged = { ...given };
  // Common shorthands a recorder might write at the top level.
  for (const key of ["data-testid", "testid", "name", "aria-label"]) {
    const name = key === "testid" ? "data-testid" : key;
    if (nonEmpty(target[key]) && merged[name] === undefined) merged[name] = target[key];
  }
  const attributes = {};
  for (const name of Object.keys(merged)) {
    const value = merged[name];
    if (ATTRIBUTE_NAME.test(name) && (typeof value === "string" || typeof value === "number")) {
      attributes[name] = String(value);
    }
  }
  return attributes;
}

/** `{ from?, steps: ["div:2"] }` → `{ from?, steps: [["div", 2]] }`; `undefined` if invalid. */
function readPath(path) {
  if (!path || !Array.isArray(path.steps) || path.steps.length === 0) return undefined;
  const steps = [];
  for (const step of path.steps.slice(0, 64)) {
    const match = typeof step === "string" && STEP.exec(step);
    if (!match) return undefined;
    steps.push([match[1].toLowerCase(), Number(match[2])]);
  }
  return { from: nonEmpty(path.from), steps };
}

/** The way into shadow roots and frames; an unreadable step drops the whole way. */
function readWithin(within, depth) {
  if (!Array.isArray(within)) return [];
  const steps = [];
  for (const step of within) {
    const kind = step && (step.shadow ? "shadow" : step.frame ? "frame" : null);
    const bundle = kind && readBundle(step[kind], depth + 1);
    if (!bundle) return [];
    steps.push({ kind, bundle });
  }
  return steps;
}

/**
 * The CSS queries that propose candidates, most stable first (`part` names the part).
 *
 * @param {ReturnType<typeof readBundle>} bundle
 * @returns {Array<{ part: string, query: string }>}
 */
export function targetQueries(bundle) {
  if (!bundle) return [];
  const queries = [];
  if (bundle.id) queries.push({ part: "id", query: `[id="${cssString(bundle.id)}"]` });
  const names = Object.keys(bundle.attributes).sort(
    (a, b) => attributeWeight(b) - attributeWeight(a),
  );
  for (const name of names) {
    queries.push({ part: name, query: `[${name}="${cssString(bundle.attributes[name])}"]` });
  }
  if (bundle.selector) queries.push({ part: "selector", query: bundle.selector });
  return queries;
}

/** The score of a candidate that agrees with every part of the bundle. */
export function maxScore(bundle) {
  return scoreCandidate(bundle, { ...bundle, matched: { has: () => true } });
}

/**
 * @typedef {Object} Candidate what the scorer knows of an element
 * @property {string} tag lower case
 * @property {string|null} id
 * @property {Object<string, string|null>} attributes values of the bundle's attribute names
 * @property {string} [role] its role (explicit or implicit)
 * @property {string} [accessibleName] normalised
 * @property {string} [text] normalised visible text
 * @property {boolean} visible
 * @property {Set<string>} matched the structural parts that proposed it: `selector`, `path`
 * @property {Object} [fingerprint] `{ classes, type, near, index }` of the element
 */

/**
 * How well an element agrees with the bundle: the weight of every part that matches.
 *
 * @param {ReturnType<typeof readBundle>} bundle
 * @param {Candidate} candidate
 * @returns {number}
 */
export function scoreCandidate(bundle, candidate) {
  let score = bundle.id && candidate.id === bundle.id ? WEIGHTS.id : 0;
  for (const name of Object.keys(bundle.attributes)) {
    if (candidate.attributes[name] === bundle.attributes[name]) score += attributeWeight(name);
  }
  for (const part of ["role", "accessibleName", "text", "tag"]) {
    if (bundle[part] && candidate[part] === bundle[part]) score += WEIGHTS[part];
  }
  for (const part of ["selector", "path"]) {
    if (bundle[part] && candidate.matched.has(part)) score += WEIGHTS[part];
  }
  return score;
}

/** Whether `score` is enough to call the candidate found rather than guessed. */
export function isAcceptable(bundle, score) {
  return score > WEIGHTS.role + WEIGHTS.tag && score >= MIN_SHARE * maxScore(bundle);
}

/**
 * How many recorded fingerprint features an element still has (one per class, type,
 * nearby label text, sibling position).
 *
 * @param {{ classes?: string[], type?: string, near?: string, index?: number }|undefined} expected
 * @param {{ classes: string[], type?: string, near?: string, index: number }|undefined} actual
 * @returns {number}
 */
export function fingerprintScore(expected, actual) {
  if (!expected || !actual) return 0;
  let score = 0;
  for (const name of Array.isArray(expected.classes) ? expected.classes : []) {
    if (actual.classes.includes(name)) score += 1;
  }
  for (const key of ["type", "near", "index"]) {
    if (expected[key] != null && expected[key] === actual[key]) score += 1;
  }
  return score;
}

/**
 * How a candidate ranks among the acceptable ones: its score, minus the weight of the
 * accessible name and text it shows *differently* from the recording (evidence against
 * it, where a missing part is none), plus `WEIGHTS.near` when the label of its row or
 * form part is the recorded one and minus that when it is another. So after a release
 * that sorted a table's rows, the old path leads to another row's identical "Edit"
 * button, but the button in the recorded row ranks higher; and an id a form library
 * renumbered, now on another field, loses to the field that still has the recorded label.
 * Ranking never makes a candidate acceptable: only `isAcceptable` does.
 *
 * @param {ReturnType<typeof readBundle>} bundle
 * @param {Candidate} candidate
 * @param {number} [score] `scoreCandidate(bundle, candidate)`, when known
 * @returns {number}
 */
export function rankCandidate(bundle, candidate, score = scoreCandidate(bundle, candidate)) {
  let rank = score;
  for (const part of ["accessibleName", "text"]) {
    if (bundle[part] && candidate[part] && candidate[part] !== bundle[part]) rank -= WEIGHTS[part];
  }
  const near = bundle.fingerprint && bundle.fingerprint.near;
  // The candidate's fingerprint is read from the DOM: only when the bundle has a `near`.
  const actual = typeof near === "string" && near && candidate.fingerprint;
  if (actual && actual.near) rank += actual.near === near ? WEIGHTS.near : -WEIGHTS.near;
  return rank;
}

/**
 * The best acceptable visible candidate, or `null`. Candidates come in document order:
 * the highest rank wins, equal ranks go to the closer fingerprint, then to the first.
 *
 * @template {Candidate} T
 * @param {ReturnType<typeof readBundle>} bundle
 * @param {T[]} candidates
 * @returns {T|null}
 */
export function pickBest(bundle, candidates) {
  let best = null;
  let bestRank = -Infinity;
  let bestPrint = -1;
  for (const candidate of candidates) {
    const score = scoreCandidate(bundle, candidate);
    if (!isAcceptable(bundle, score)) continue;
    const rank = rankCandidate(bundle, candidate, score);
    if (rank < bestRank || !candidate.visible) continue;
    const print = bundle.fingerprint
      ? fingerprintScore(bundle.fingerprint, candidate.fingerprint)
      : 0;
    if (rank > bestRank || print > bestPrint) {
      best = candidate;
      bestRank = rank;
      bestPrint = print;
    }
  }
  return best;
}

// -- what an element is: role, name, text, fingerprint -------------------------------------

/** Implicit roles of the common elements (a pragmatic subset of HTML-AAM), `tag:role`. */
const IMPLICIT_ROLES = new Map(
  (
    "button:button summary:button select:combobox textarea:textbox nav:navigation main:main " +
    "aside:complementary form:form dialog:dialog ul:list ol:list li:listitem table:table tr:row " +
    "td:cell th:columnheader img:img option:option progress:progressbar fieldset:group " +
    "h1:heading h2:heading h3:heading h4:heading h5:heading h6:heading"
  )
    .split(" ")
    .map((pair) => pair.split(":")),
);
/** Roles of `<input>` by type; any other type is a textbox. */
const INPUT_ROLES = new Map(
  (
    "button:button submit:button reset:button image:button checkbox:checkbox radio:radio " +
    "range:slider number:spinbutton search:searchbox hidden:"
  )
    .split(" ")
    .map((pair) => pair.split(":")),
);
/** Roles whose name comes from their content (accname 4.3.2 F). */
const NAME_FROM_CONTENT = new RegExp(
  "^(button|link|heading|tab|menuitem|option|cell|columnheader|rowheader|checkbox|radio|" +
    "switch|treeitem|tooltip)$",
);
/** Elements whose text is not shown as text (or belongs to a form control's value). */
const NOT_TEXT = /^(script|style|template|select|textarea|input)$/i;

/**
 * The element's role: its `role` attribute's first token, else the implicit role of the
 * common elements, else "".
 *
 * @param {Element} element
 * @returns {string}
 */
export function roleOf(element) {
  const explicit = (element.getAttribute("role") || "").trim().split(/\s+/)[0];
  if (explicit) return explicit.toLowerCase();
  const tag = element.tagName.toLowerCase();
  if (tag === "a" || tag === "area") return element.hasAttribute("href") ? "link" : "";
  if (tag === "input") {
    const type = (element.getAttribute("type") || "").toLowerCase();
    return INPUT_ROLES.has(type) ? INPUT_ROLES.get(type) : "textbox";
  }
  if (tag === "select" && (element.multiple || element.size > 1)) return "listbox";
  return IMPLICIT_ROLES.get(tag) || "";
}

/**
 * The text a node shows, without the text of form controls and of `skip` (a label's own
 * control); collection stops after about 1000 characters.
 */
export function textOf(node, skip) {
  let text = "";
  for (const child of node.childNodes) {
    if (text.length > 1000) break;
    if (child.nodeType === 3) text += child.data;
    else if (child.nodeType === 1 && child !== skip && !NOT_TEXT.test(child.tagName)) {
      text += textOf(child, skip);
    }
  }
  return text;
}

/** Visible text of an element: an input button's value, nothing for other fields. */
export function visibleText(element) {
  if (element.tagName.toUpperCase() !== "INPUT") return textOf(element);
  return /^(submit|reset|button)$/i.test(element.type) ? element.value : "";
}

/**
 * A compact accessible name (after the accname steps that matter in business apps):
 * aria-labelledby, aria-label, <label>, an input button's value, alt, text content for
 * roles named by their content, then title and placeholder. Normalised.
 *
 * @param {Element} element
 * @returns {string}
 */
export function accessibleName(element) {
  const root = element.getRootNode();
  const ids = (element.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean);
  const referenced = ids.map((id) => {
    const label = root.getElementById ? root.getElementById(id) : null;
    return label ? textOf(label) : "";
  });
  const labels = Array.from(element.labels || [], (label) => textOf(label, element));
  const attribute = (name) => normaliseText(element.getAttribute(name));
  return (
    normaliseText(referenced.join(" ")) ||
    attribute("aria-label") ||
    normaliseText(labels.join(" ")) ||
    (element.tagName.toUpperCase() === "INPUT" && normaliseText(visibleText(element))) ||
    attribute("alt") ||
    (NAME_FROM_CONTENT.test(roleOf(element)) && normaliseText(textOf(element))) ||
    attribute("title") ||
    attribute("placeholder")
  );
}

/** 1-based position among the siblings with the same tag. */
export function nthOfType(element) {
  let index = 1;
  for (let node = element.previousElementSibling; node; node = node.previousElementSibling) {
    if (node.localName === element.localName) index += 1;
  }
  return index;
}

/**
 * Features that tell near-identical elements apart: every class, type, the first label
 * or heading (or first cell) of the enclosing form part, section or row, and the sibling
 * position.
 *
 * @param {Element} element
 * @returns {{ classes: string[], type?: string, near?: string, index: number }}
 */
export function fingerprintOf(element) {
  const parent = element.parentElement;
  const container = parent && parent.closest(NEAR_CONTAINER);
  const label = container && container.querySelector(NEAR_LABEL);
  return {
    classes: Array.from(element.classList || []),
    type: element.getAttribute("type") || undefined,
    near: label ? normaliseText(textOf(label)).slice(0, 60) || undefined : undefined,
    index: nthOfType(element),
  };
}

// -- visibility, scopes and positions ------------------------------------------------------

/** The frame element showing `doc`, when it is a same-origin child document. */
function frameOf(doc) {
  const view = doc.defaultView;
  return (view && view.frameElement) || null;
}

/**
 * The element a node's tree hangs from: its shadow host, or the iframe of its document.
 *
 * @param {Node} node
 * @returns {Element|null}
 */
export function scopeHost(node) {
  const root = node.getRootNode();
  return root.host || (root.nodeType === 9 ? frameOf(root) : null);
}

function hasBox(element) {
  const rect = element.getBoundingClientRect();
  const style = element.ownerDocument.defaultView.getComputedStyle(element);
  return rect.width > 0 && rect.height > 0 && style.visibility === "visible";
}

/**
 * Whether a visitor cannot see the element: no box (display:none, zero size), visibility
 * hidden, or it or a host/ancestor is `hidden`, `inert`, `aria-hidden="true"` or inside a
 * closed <details>; inside an iframe the frame must be visible as well.
 *
 * @param {Element} element
 * @returns {boolean}
 */
export function isHidden(element) {
  if (!hasBox(element)) return true;
  for (let node = element; node; node = scopeHost(node)) {
    if (node.closest(HIDING)) return true;
    if (node !== element && /^i?frame$/i.test(node.tagName) && !hasBox(node)) return true;
  }
  return false;
}

/**
 * The element's box in the viewport of `doc` (the widget's document): an element inside
 * same-origin iframes is offset by each frame's position, border and padding.
 *
 * @param {Element} element
 * @param {Document} doc
 * @returns {{ left: number, top: number, width: number, height: number }}
 */
export function viewportRect(element, doc) {
  const { left, top, width, height } = element.getBoundingClientRect();
  const rect = { left, top, width, height };
  for (let inner = element.ownerDocument; inner !== doc; ) {
    const frame = frameOf(inner);
    if (!frame) break;
    const outer = frame.getBoundingClientRect();
    const style = frame.ownerDocument.defaultView.getComputedStyle(frame);
    rect.left += outer.left + frame.clientLeft + parseFloat(style.paddingLeft);
    rect.top += outer.top + frame.clientTop + parseFloat(style.paddingTop);
    inner = frame.ownerDocument;
  }
  return rect;
}

/** An open shadow root or a same-origin frame's document, or `null`. */
function innerScope(element, kind) {
  if (kind !== "frame" && element.shadowRoot) return element.shadowRoot;
  if (kind === "shadow" || !/^i?frame$/i.test(element.tagName)) return null;
  try {
    return element.contentDocument || null; // null across origins
  } catch (_error) {
    return null;
  }
}

/** `root` and, walked breadth-first within a budget, the scopes inside it. */
function scopesOf(root, exclude) {
  const scopes = [root];
  let budget = SCOPE_LIMIT;
  for (let index = 0; index < scopes.length && budget > 0; index += 1) {
    const elements = scopes[index].querySelectorAll("*");
    for (let i = 0; i < elements.length && budget > 0 && scopes.length < SCOPES_MAX; i += 1) {
      budget -= 1;
      const inner = elements[i] !== exclude && innerScope(elements[i]);
      if (inner) scopes.push(inner);
    }
  }
  return scopes;
}

// -- finding -------------------------------------------------------------------------------

function queryAll(root, query) {
  try {
    return root.querySelectorAll(query);
  } catch (_error) {
    return []; // an invalid recorded selector must not hide the other parts
  }
}

function followPath(root, path) {
  let node = path.from ? root.querySelector(`[id="${cssString(path.from)}"]`) : root;
  for (const [tag, nth] of path.steps) {
    if (!node) break;
    node = Array.from(node.children).filter((child) => child.localName === tag)[nth - 1];
  }
  return node ? [node] : [];
}

/** Elements whose text or accessible name is the bundle's, among its tag (or role). */
function scanByText(root, bundle) {
  let query = bundle.tag || CLICKABLE;
  if (bundle.role) query += `,[role="${cssString(bundle.role)}"]`;
  const found = [];
  const elements = queryAll(root, query);
  for (let i = 0; i < elements.length && i < SCAN_LIMIT; i += 1) {
    const element = elements[i];
    const text = bundle.text && normaliseText(visibleText(element)) === bundle.text;
    if (text || (bundle.accessibleName && accessibleName(element) === bundle.accessibleName)) {
      found.push(element);
    }
  }
  return found;
}

function describe(element, bundle, matched, anyVisibility) {
  const attributes = {};
  for (const name of Object.keys(bundle.attributes)) attributes[name] = element.getAttribute(name);
  return {
    element,
    matched,
    attributes,
    tag: element.localName,
    id: element.getAttribute("id"), // not `.id`: a form's <input name="id"> shadows it
    role: bundle.role && roleOf(element),
    accessibleName: bundle.accessibleName && accessibleName(element),
    text: bundle.text && normaliseText(visibleText(element)),
    get visible() {
      return anyVisibility || !isHidden(element);
    },
    get fingerprint() {
      return fingerprintOf(element);
    },
  };
}

/** The best element for `bundle` in one scope (a document or shadow root). */
function bestIn(root, bundle, exclude, anyVisibility) {
  const proposed = new Map(); // element → the parts that proposed it
  const propose = (elements, part) => {
    let count = 0;
    for (const element of elements) {
      if (count >= PER_QUERY) break;
      if (exclude && exclude.contains(element)) continue;
      count += 1;
      if (!proposed.has(element)) proposed.set(element, new Set());
      proposed.get(element).add(part);
    }
  };
  for (const { part, query } of targetQueries(bundle)) propose(queryAll(root, query), part);
  if (bundle.path) propose(followPath(root, bundle.path), "path");
  if (bundle.text || bundle.accessibleName) propose(scanByText(root, bundle), "text");
  // Document order, so that exact ties go to the first element.
  const elements = Array.from(proposed.keys()).sort((a, b) =>
    a.compareDocumentPosition(b) & 2 ? 1 : -1,
  );
  const candidates = elements.map((element) =>
    describe(element, bundle, proposed.get(element), anyVisibility),
  );
  const best = pickBest(bundle, candidates);
  return best ? best.element : null;
}

/** Follow `within` from `root`; the scope it leads to, or `null`. */
function enterScopes(root, within, exclude) {
  let scope = root;
  for (const { kind, bundle } of within) {
    const host = bestIn(scope, bundle, exclude, true);
    scope = host && innerScope(host, kind);
    if (!scope) return null;
  }
  return scope;
}

function locate(root, bundle, exclude, visit) {
  if (bundle.within.length > 0) {
    const scope = enterScopes(root, bundle.within, exclude);
    const found = scope && bestIn(scope, bundle, exclude, false);
    if (found) return found;
  }
  const first = bestIn(root, bundle, exclude, false);
  if (first) return first;
  for (const scope of scopesOf(root, exclude).slice(1)) {
    visit(scope);
    const found = bestIn(scope, bundle, exclude, false);
    if (found) return found;
  }
  return null;
}

/**
 * The visible element the bundle points at, in `root`, its open shadow roots or its
 * same-origin frames; `null` when nothing agrees enough. Never throws.
 *
 * @param {Document|Element} root
 * @param {unknown} target the step's `target`
 * @param {{ exclude?: Element }} [options] an element to skip (the widget's own host)
 * @returns {Element|null}
 */
export function findTarget(root, target, { exclude } = {}) {
  return findWithVisit(root, target, exclude, () => {});
}

function findWithVisit(root, target, exclude, visit) {
  try {
    const bundle = readBundle(target);
    return bundle ? locate(root, bundle, exclude, visit) : null;
  } catch (_error) {
    return null;
  }
}

/**
 * Find the target now or as soon as it appears (late rendering, SPA routes, a frame
 * loading), up to `timeoutMs`; then `onResult(element)`, or `onResult(null)` when it never
 * came. Watches the document, and every open shadow root and same-origin frame searched.
 * When the target is there already, `onResult` runs before this returns.
 *
 * @param {Document} doc
 * @param {unknown} target
 * @param {(element: Element|null) => void} onResult called once
 * @param {{ timeoutMs?: number, exclude?: Element }} [options] `timeoutMs` default 5000
 * @returns {() => void} cleanup: stop waiting without calling back
 */
export function waitForTarget(doc, target, onResult, { timeoutMs = 5000, exclude } = {}) {
  const Observer = doc.defaultView && doc.defaultView.MutationObserver;
  const observer = Observer ? new Observer(schedule) : null;
  const observed = new Set();
  let done = false;
  let pending = null;
  let timer = null;

  function observe(scope) {
    if (!observer || observed.has(scope)) return;
    observed.add(scope);
    observer.observe(scope, OBSERVED);
  }
  function find() {
    return findWithVisit(doc, target, exclude, observe);
  }
  function schedule() {
    // Coalesce a burst of mutations into one search.
    if (pending === null && !done) pending = setTimeout(check, 50);
  }
  function check() {
    pending = null;
    const element = find();
    if (element) finish(element);
  }
  function finish(element) {
    if (done) return;
    cleanup();
    onResult(element);
  }
  function cleanup() {
    done = true;
    if (observer) observer.disconnect();
    doc.removeEventListener("load", schedule, true);
    clearTimeout(timer);
    clearTimeout(pending);
  }

  observe(doc);
  const now = find();
  if (now) {
    cleanup();
    onResult(now);
    return () => {};
  }
  // A frame's new document fires `load` at its <iframe>: seen while capturing.
  doc.addEventListener("load", schedule, true);
  timer = setTimeout(() => finish(find()), timeoutMs);
  return cleanup;
}

/**
 * Follow an anchored target through re-renders: when the host removes `element` (a
 * framework replacing it, a frame navigating) or hides it (a closed panel, a tab switched
 * away), find the bundle again (waiting up to `timeoutMs` for a visible match, which may be
 * the same element shown again) and call `onReplaced(element)`, or `onReplaced(null)` when
 * it did not come back. Calls back once, then stops: watch the element after anchoring.
 *
 * @param {Document} doc
 * @param {unknown} target the bundle `element` was found from
 * @param {Element} element
 * @param {(element: Element|null) => void} onReplaced
 * @param {{ timeoutMs?: number, exclude?: Element, onLost?: () => void }} [options]
 *   `timeoutMs` default 5000; `onLost` runs when the element went and is not back at once:
 *   the UI anchored to it hides while it waits, rather than point at nothing
 * @returns {() => void} cleanup
 */
export function watchTarget(doc, target, element, onReplaced, { timeoutMs = 5000, exclude, onLost } = {}) {
  const Observer = doc.defaultView && doc.defaultView.MutationObserver;
  if (!Observer) return () => {};
  let stopWaiting = null;
  let pending = null;
  const lost = () => {
    if (stopWaiting) return;
    stop();
    let back = false; // a re-render usually has the new element in place already
    stopWaiting = waitForTarget(
      doc,
      target,
      (found) => {
        back = true;
        onReplaced(found);
      },
      { timeoutMs, exclude },
    );
    if (!back && onLost) onLost();
  };
  const check = () => {
    if (!element.isConnected || !element.ownerDocument.defaultView) lost();
  };
  // Whether it is hidden needs layout: asked once per burst of changes, and only for the
  // attributes that hide, on the element and the nodes above it (not the whole page).
  const checkShown = () => {
    pending = null;
    if (isHidden(element)) lost();
  };
  const schedule = () => {
    if (pending === null && !stopWaiting) pending = setTimeout(checkShown, 50);
  };
  const observer = new Observer(check);
  const shownObserver = new Observer(schedule);
  // Removing a shadow host or an iframe changes nothing inside it: watch every tree up.
  for (let node = element; node; node = scopeHost(node)) {
    observer.observe(node.getRootNode(), { childList: true, subtree: true });
    for (let up = node; up && up.nodeType === 1; up = up.parentNode) {
      shownObserver.observe(up, HIDING_ATTRIBUTES);
    }
  }
  // A frame navigating leaves the old document intact: its <iframe> fires `load`.
  doc.addEventListener("load", check, true);
  function stop() {
    observer.disconnect();
    shownObserver.disconnect();
    doc.removeEventListener("load", check, true);
    clearTimeout(pending);
  }
  return () => {
    stop();
    if (stopWaiting) stopWaiting();
  };
}
