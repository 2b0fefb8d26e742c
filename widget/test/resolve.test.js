import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  cssString,
  fingerprintScore,
  isAcceptable,
  maxScore,
  MIN_SHARE,
  normaliseText,
  pickBest,
  rankCandidate,
  readBundle,
  roleOf,
  scoreCandidate,
  targetQueries,
  WEIGHTS,
} from "../src/resolve.js";

function candidate(fields) {
  return {
    tag: "input",
    id: null,
    attributes: {},
    visible: true,
    matched: new Set(),
    fingerprint: { classes: [], index: 1 },
    ...fields,
  };
}

/** Just enough of an element for `roleOf`. */
function element(tag, attributes = {}, properties = {}) {
  return {
    tagName: tag.toUpperCase(),
    getAttribute: (name) => (name in attributes ? attributes[name] : null),
    hasAttribute: (name) => name in attributes,
    ...properties,
  };
}

describe("reading a target bundle", () => {
  test("a string is a selector; shorthands become attributes; junk is refused", () => {
    assert.deepEqual(readBundle("#x"), { selector: "#x", attributes: {}, within: [] });
    const bundle = readBundle({ testid: "save", name: "amount", attributes: { "bad name": "x" } });
    assert.deepEqual(bundle.attributes, { "data-testid": "save", name: "amount" });
    assert.equal(readBundle({}), null);
    assert.equal(readBundle(null), null);
    assert.equal(readBundle({ attributes: { onclick: { nested: 1 } } }), null);
  });

  test("role and tag alone cannot find anything; text and names are normalised", () => {
    assert.equal(readBundle({ role: "button", tag: "button" }), null);
    const bundle = readBundle({ role: " Button", accessibleName: "Save\n Claim", text: " OK " });
    assert.equal(bundle.role, "button");
    assert.equal(bundle.accessibleName, "save claim");
    assert.equal(bundle.text, "ok");
    assert.equal(readBundle({ id: "x", tag: "bad tag!" }).tag, undefined);
    assert.equal(readBundle({ id: "x", tag: 42 }).tag, undefined);
  });

  test("a structural path is parsed, or dropped whole when a step is malformed", () => {
    const bundle = readBundle({ path: { from: "claim-form", steps: ["div:2", "INPUT:1"] } });
    assert.deepEqual(bundle.path, { from: "claim-form", steps: [["div", 2], ["input", 1]] });
    assert.equal(readBundle({ id: "x", path: { steps: ["div:2", "div"] } }).path, undefined);
    assert.equal(readBundle({ id: "x", path: { steps: [] } }).path, undefined);
    assert.deepEqual(readBundle({ path: { steps: ["html:1"] } }).path, { from: undefined, steps: [["html", 1]] });
  });

  test("`within` leads through shadow hosts and frames, or is dropped whole", () => {
    const bundle = readBundle({
      text: "Review",
      within: [{ shadow: { id: "policy-card" } }, { frame: "#report-filter-frame" }],
    });
    assert.deepEqual(
      bundle.within.map((step) => step.kind),
      ["shadow", "frame"],
    );
    assert.equal(bundle.within[0].bundle.id, "policy-card");
    assert.equal(bundle.within[1].bundle.selector, "#report-filter-frame");
    assert.deepEqual(readBundle({ text: "x", within: [{ shadow: {} }] }).within, []);
    assert.deepEqual(readBundle({ text: "x", within: [{ portal: "#x" }] }).within, []);
    // Nesting is bounded.
    let deep = { id: "inner" };
    for (let i = 0; i < 10; i += 1) deep = { id: `level-${i}`, within: [{ shadow: deep }] };
    assert.ok(readBundle(deep));
  });

  test("queries come most stable first, with values escaped", () => {
    const bundle = readBundle({
      selector: "form input",
      text: "  Save   claim ",
      id: 'a"b',
      attributes: { "aria-label": "Help", name: "amount", "data-testid": "t", title: "x" },
    });
    assert.deepEqual(
      targetQueries(bundle).map((query) => query.query),
      [
        '[id="a\\"b"]',
        '[data-testid="t"]',
        '[name="amount"]',
        '[aria-label="Help"]',
        '[title="x"]',
        "form input",
      ],
    );
    assert.equal(cssString("a\\b\nc"), "a\\\\b\\a c");
    assert.equal(normaliseText("  Save\n  Claim "), "save claim");
  });
});

describe("scoring candidates", () => {
  const bundle = readBundle({
    id: "claim-amount",
    attributes: { name: "amount" },
    selector: "#old > input",
    tag: "input",
  });

  test("stable attributes outvote a stale structural selector", () => {
    const byStructure = candidate({ matched: new Set(["selector"]) });
    const byAttributes = candidate({ id: "claim-amount", attributes: { name: "amount" } });
    assert.equal(pickBest(bundle, [byStructure, byAttributes]), byAttributes);
    assert.equal(scoreCandidate(bundle, byAttributes), WEIGHTS.id + WEIGHTS.name + WEIGHTS.tag);
  });

  test("the maximum is every part's weight; the threshold a share of it", () => {
    assert.equal(maxScore(bundle), WEIGHTS.id + WEIGHTS.name + WEIGHTS.selector + WEIGHTS.tag);
    const threshold = MIN_SHARE * maxScore(bundle);
    assert.equal(isAcceptable(bundle, Math.ceil(threshold)), true);
    assert.equal(isAcceptable(bundle, Math.floor(threshold) - 1), false);
  });

  test("a bundle whose only matching part is the tag finds nothing", () => {
    const idAndTag = readBundle({ id: "removed", tag: "button" });
    assert.equal(pickBest(idAndTag, [candidate({ tag: "button" })]), null);
    assert.equal(pickBest(bundle, [candidate({})]), null);
  });

  test("role and tag together are still a guess, even when they are most of the bundle", () => {
    const weak = readBundle({ role: "button", tag: "button", accessibleName: "Opslaan" });
    const sameKind = candidate({ tag: "button", role: "button", accessibleName: "save" });
    assert.ok(WEIGHTS.role + WEIGHTS.tag >= MIN_SHARE * maxScore(weak));
    assert.equal(pickBest(weak, [sameKind]), null);
    const named = candidate({ tag: "button", role: "button", accessibleName: "opslaan" });
    assert.equal(pickBest(weak, [sameKind, named]), named);
  });

  test("a captured bundle survives a new id and translated text by its other parts", () => {
    const captured = readBundle({
      id: "save-button",
      attributes: { "data-testid": "profile-save" },
      role: "button",
      accessibleName: "Opslaan",
      text: "Opslaan",
      path: { from: "profile-form", steps: ["button:1"] },
      tag: "button",
    });
    const rebuilt = candidate({
      tag: "button",
      id: "save-2",
      role: "button",
      accessibleName: "save",
      text: "save",
      attributes: { "data-testid": "profile-save" },
      matched: new Set(["path"]),
    });
    assert.equal(pickBest(captured, [rebuilt]), rebuilt);
    // Moved elsewhere as well, and without its test id: only its kind is left.
    const moved = { ...rebuilt, attributes: { "data-testid": null }, matched: new Set() };
    assert.equal(pickBest(captured, [moved]), null);
  });

  test("hidden candidates never win, however well they match", () => {
    const textBundle = readBundle({ text: "Submit" });
    const hidden = candidate({ text: "submit", visible: false });
    const shown = candidate({ text: "submit" });
    assert.equal(pickBest(textBundle, [hidden, shown]), shown);
    assert.equal(pickBest(textBundle, [hidden]), null);
  });

  test("equal scores go to the closer fingerprint, then to the first in document order", () => {
    const textBundle = readBundle({
      text: "Edit",
      fingerprint: { classes: ["row-action"], near: "claim 2", index: 1 },
    });
    const first = candidate({ text: "edit", fingerprint: { classes: ["row-action"], near: "claim 1", index: 1 } });
    const second = candidate({ text: "edit", fingerprint: { classes: ["row-action"], near: "claim 2", index: 1 } });
    assert.equal(pickBest(textBundle, [first, second]), second);
    const twin = candidate({ text: "edit", fingerprint: { ...second.fingerprint } });
    assert.equal(pickBest(textBundle, [second, twin]), second);
    // A higher score beats a closer fingerprint.
    const better = candidate({ text: "edit", id: "x", fingerprint: { classes: [], index: 9 } });
    const withId = readBundle({ id: "x", text: "Edit", fingerprint: textBundle.fingerprint });
    assert.equal(pickBest(withId, [second, better]), better);
  });

  test("a row sorted elsewhere: the recorded row's button outranks the old path's", () => {
    const edit = readBundle({
      role: "button",
      accessibleName: "Bewerken",
      text: "Bewerken",
      path: { from: "orders", steps: ["tbody:1", "tr:1", "td:4", "button:1"] },
      tag: "button",
      fingerprint: { classes: ["btn"], near: "1001", index: 1 },
    });
    const same = { tag: "button", role: "button", accessibleName: "bewerken", text: "bewerken" };
    const atOldPath = candidate({
      ...same,
      matched: new Set(["path"]),
      fingerprint: { classes: ["btn"], near: "1002", index: 1 },
    });
    const inRecordedRow = candidate({ ...same, fingerprint: { classes: ["btn"], near: "1001", index: 1 } });
    assert.ok(scoreCandidate(edit, atOldPath) > scoreCandidate(edit, inRecordedRow));
    assert.equal(pickBest(edit, [atOldPath, inRecordedRow]), inRecordedRow);
    assert.equal(rankCandidate(edit, inRecordedRow) - rankCandidate(edit, atOldPath), 2 * WEIGHTS.near - WEIGHTS.path);
  });

  test("an id renumbered onto another field loses to the field with the recorded name", () => {
    const date = readBundle({ id: "input-3", role: "textbox", accessibleName: "Leverdatum", tag: "input" });
    const renumbered = candidate({ id: "input-3", role: "textbox", accessibleName: "bedrag" });
    const labelled = candidate({ id: "input-4", role: "textbox", accessibleName: "leverdatum" });
    assert.equal(pickBest(date, [renumbered, labelled]), labelled);
    assert.equal(rankCandidate(date, renumbered), scoreCandidate(date, renumbered) - WEIGHTS.accessibleName);
    // Evidence against only ranks: a translated button is still found by its test id.
    const save = readBundle({ attributes: { "data-testid": "save" }, accessibleName: "Opslaan", tag: "button" });
    const translated = candidate({ tag: "button", attributes: { "data-testid": "save" }, accessibleName: "save" });
    assert.equal(pickBest(save, [translated]), translated);
  });

  test("fingerprints count shared classes, type, nearby text and position", () => {
    const actual = { classes: ["button", "primary"], type: "submit", near: "new claim", index: 2 };
    assert.equal(
      fingerprintScore({ classes: ["primary", "gone"], type: "submit", near: "new claim", index: 1 }, actual),
      3,
    );
    assert.equal(fingerprintScore(undefined, actual), 0);
    assert.equal(fingerprintScore({ classes: "primary", type: null }, actual), 0);
  });
});

describe("roles", () => {
  test("explicit roles win; common elements have their implicit role", () => {
    assert.equal(roleOf(element("div", { role: "Tab presentation" })), "tab");
    assert.equal(roleOf(element("button")), "button");
    assert.equal(roleOf(element("a", { href: "/x" })), "link");
    assert.equal(roleOf(element("a")), "");
    assert.equal(roleOf(element("input")), "textbox");
    assert.equal(roleOf(element("input", { type: "email" })), "textbox");
    assert.equal(roleOf(element("input", { type: "CHECKBOX" })), "checkbox");
    assert.equal(roleOf(element("input", { type: "radio" })), "radio");
    assert.equal(roleOf(element("input", { type: "submit" })), "button");
    assert.equal(roleOf(element("input", { type: "hidden" })), "");
    assert.equal(roleOf(element("input", { type: "constructor" })), "textbox");
    assert.equal(roleOf(element("select")), "combobox");
    assert.equal(roleOf(element("select", {}, { multiple: true })), "listbox");
    assert.equal(roleOf(element("textarea")), "textbox");
    assert.equal(roleOf(element("h3")), "heading");
    assert.equal(roleOf(element("nav")), "navigation");
    assert.equal(roleOf(element("span")), "");
  });
});
