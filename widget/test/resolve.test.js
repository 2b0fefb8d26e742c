import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  cssString,
  normaliseText,
  pickBest,
  readBundle,
  scoreCandidate,
  targetQueries,
  WEIGHTS,
} from "../src/resolve.js";

function candidate(fields) {
  return {
    tag: "input",
    id: null,
    attributes: {},
    text: "",
    visible: true,
    matchedQueries: new Set(),
    ...fields,
  };
}

describe("reading a target bundle", () => {
  test("a string is a selector; shorthands become attributes; junk is refused", () => {
    assert.deepEqual(readBundle("#x"), { selector: "#x", attributes: {} });
    const bundle = readBundle({ testid: "save", name: "amount", attributes: { "bad name": "x" } });
    assert.deepEqual(bundle.attributes, { "data-testid": "save", name: "amount" });
    assert.equal(readBundle({}), null);
    assert.equal(readBundle(null), null);
    assert.equal(readBundle({ attributes: { onclick: { nested: 1 } } }), null);
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
        "save claim",
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
    const byStructure = candidate({ matchedQueries: new Set(["#old > input"]) });
    const byAttributes = candidate({ id: "claim-amount", attributes: { name: "amount" } });
    assert.equal(pickBest(bundle, [byStructure, byAttributes]), byAttributes);
    assert.equal(
      scoreCandidate(bundle, byAttributes),
      WEIGHTS.id + WEIGHTS.name + WEIGHTS.tag + WEIGHTS.visible,
    );
  });

  test("between equal matches the visible one wins, then document order", () => {
    const textBundle = readBundle({ text: "Submit" });
    const hidden = candidate({ text: "submit", visible: false });
    const shown = candidate({ text: "submit" });
    const later = candidate({ text: "submit" });
    assert.equal(pickBest(textBundle, [hidden, shown, later]), shown);
  });

  test("nothing but visibility is no match", () => {
    assert.equal(pickBest(bundle, [candidate({})]), null);
  });
});
