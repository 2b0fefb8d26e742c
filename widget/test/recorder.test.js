// The recorder entry: what it adds to the page (only `Wegwijs.recorder`) and which element
// a pointer event picks. Hovering, clicking and capturing run in real Chromium:
// tests/browser/test_widget_targets.py.
import assert from "node:assert/strict";
import path from "node:path";
import { describe, test } from "node:test";
import vm from "node:vm";
import { build } from "esbuild";
import { WIDGET_DIR } from "../build.mjs";
import { installRecorder } from "../src/recorder/index.js";
import { elementToPick } from "../src/recorder/picker.js";

/** An element for `elementToPick`: `closest` answers from a list of controls around it. */
function node(localName, controls = []) {
  return { nodeType: 1, localName, closest: () => controls[0] || null };
}

describe("which element a pointer event picks", () => {
  test("the innermost element, or the control it sits in", () => {
    const span = node("span");
    assert.equal(elementToPick([{ nodeType: 3 }, span, node("body")]), span);
    const button = node("button");
    const icon = node("svg", [button]);
    assert.equal(elementToPick([icon, button, node("body")]), button);
  });

  test("nothing on the widget's or the recorder's own elements", () => {
    const inside = node("button");
    assert.equal(elementToPick([inside, { nodeType: 11 }, node("wegwijs-root"), node("body")]), null);
    assert.equal(elementToPick([node("wegwijs-picker")]), null);
    assert.equal(elementToPick([{ nodeType: 9 }]), null);
  });
});

describe("installing on the page", () => {
  test("hangs the API on Wegwijs, keeps a first copy, needs the widget", () => {
    const win = { Wegwijs: { version: "1" }, document: {} };
    assert.equal(installRecorder(win), true);
    const first = win.Wegwijs.recorder;
    assert.deepEqual(Object.keys(first).sort(), ["captureBundle", "findTarget", "open", "startPicking"]);
    assert.equal(installRecorder(win), true);
    assert.equal(win.Wegwijs.recorder, first);
    assert.equal(installRecorder({}), false);
    assert.equal(installRecorder(undefined), false);
    assert.equal(installRecorder({ Wegwijs: Object.freeze({}) }), false); // never throws
  });

  test("the built file adds no global", async () => {
    const result = await build({
      absWorkingDir: WIDGET_DIR,
      entryPoints: [path.join("src", "recorder", "index.js")],
      bundle: true,
      format: "iife",
      target: "es2019",
      minify: true,
      write: false,
      logLevel: "silent",
    });
    const sandbox = { Wegwijs: { version: "1" }, document: {} };
    sandbox.window = sandbox;
    const context = vm.createContext(sandbox);
    const before = Object.getOwnPropertyNames(context).sort();
    vm.runInContext(result.outputFiles[0].text, context);
    assert.deepEqual(Object.getOwnPropertyNames(context).sort(), before);
    assert.equal(typeof sandbox.Wegwijs.recorder.startPicking, "function");
  });
});
