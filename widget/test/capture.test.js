// The DOM side of capturing (role, name, text, frames, shadow roots) and the round trip
// `findTarget(captureBundle(element)) === element` run in real Chromium:
// tests/browser/test_widget_targets.py. Here: the decisions that need no browser.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { looksGenerated, stableAttributes, structuralPath } from "../src/capture.js";

/** A tiny element tree: just the properties capture.js walks. */
function el(tag, attributes = {}, children = []) {
  const node = {
    localName: tag,
    tagName: tag.toUpperCase(),
    attributes: Object.entries(attributes).map(([name, value]) => ({ name, value })),
    getAttribute: (name) => (name in attributes ? attributes[name] : null),
    parentElement: null,
    previousElementSibling: null,
    children,
  };
  children.forEach((child, index) => {
    child.parentElement = node;
    child.previousElementSibling = children[index - 1] || null;
  });
  return node;
}

describe("generated-looking names", () => {
  test("tool-made ids and classes are recognised", () => {
    for (const value of [":r3:", "css-1x2y3z", "sc-bdVaJa", "ember1234", "Button_primary__3xYz9",
      "svelte-xyz", "field-20231012", "a1b2c3"]) {
      assert.equal(looksGenerated(value), true, value);
    }
  });

  test("names people wrote are kept", () => {
    for (const value of ["claim-amount", "report-filter-frame", "new-claim-button", "step2",
      "col-md-6", "MuiButton-root", "h2", "btn-primary", "order-link-101"]) {
      assert.equal(looksGenerated(value), false, value);
    }
  });
});

describe("stable attributes", () => {
  test("test ids and words always; references and data-* unless generated", () => {
    const element = el("a", {
      id: "x",
      class: "button",
      "data-testid": "claim-row-1001",
      "aria-label": "Claim 1001",
      name: ":r1:",
      href: "/claims/new",
      "data-v-7ba5bd90": "",
      "data-state": "true",
      "data-section": "claims",
      "data-hash": "a9f8e7d6",
      title: "",
      style: "color: red",
    });
    assert.deepEqual(stableAttributes(element), {
      "data-testid": "claim-row-1001",
      "aria-label": "Claim 1001",
      href: "/claims/new",
      "data-section": "claims",
    });
    assert.deepEqual(stableAttributes(el("a", { href: "https://example.com/x" })), {});
  });

  test("at most three other data-* attributes", () => {
    const many = el("div", { "data-a": "1", "data-b": "2", "data-c": "3", "data-d": "4" });
    assert.deepEqual(Object.keys(stableAttributes(many)), ["data-a", "data-b", "data-c"]);
  });
});

describe("structural path", () => {
  const input = el("input");
  const second = el("div", {}, [el("label"), input]);
  const form = el("form", { id: "claim-form" }, [el("div"), el("p"), second]);
  const body = el("body", {}, [el("div", { id: ":r5:" }, [form])]);
  el("html", {}, [el("head"), body]);

  test("from the nearest ancestor with a stable id, nth-of-type per step", () => {
    assert.deepEqual(structuralPath(input), { from: "claim-form", steps: ["div:2", "input:1"] });
  });

  test("from the root when no ancestor has a stable id", () => {
    assert.deepEqual(structuralPath(form), {
      steps: ["html:1", "body:1", "div:1", "form:1"],
    });
  });
});
