import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createApi, createState } from "../src/api.js";
import { readScriptConfig } from "../src/config.js";
import { themeProperties } from "../src/ui/host.js";
import { labelsFor } from "../src/ui/labels.js";

describe("the public API's hooks", () => {
  test("run after each call once there is an app key, and read what it recorded", () => {
    const seen = [];
    const state = createState(readScriptConfig({}, "https://help.example.com/widget/wegwijs.js"));
    const hooks = {
      init: () => seen.push(["init", state.config.appKey]),
      identify: () => seen.push(["identify", state.visitor.userId]),
      start: () => seen.push(["start", state.requestedGuideId]),
    };
    const api = createApi({ state, version: "1", hooks });
    api.identify("before-key");
    api.init({ appKey: "app_1" });
    api.identify("anna");
    api.start(7);
    assert.deepEqual(seen, [
      ["init", "app_1"],
      ["identify", "anna"],
      ["start", "7"],
    ]);
  });

  test("a failing hook is reported, not thrown", (t) => {
    const warn = t.mock.method(console, "warn", () => {});
    const state = createState(readScriptConfig({ appKey: "app_1" }, ""));
    const api = createApi({
      state,
      version: "1",
      hooks: {
        track() {
          throw new Error("boom");
        },
      },
    });
    assert.doesNotThrow(() => api.track("clicked"));
    assert.match(warn.mock.calls[0].arguments[0], /Wegwijs\.track failed/);
  });
});

describe("theme and words", () => {
  test("only well-formed theme values become CSS properties", () => {
    assert.deepEqual(
      themeProperties({
        primary: "#0a0",
        text: "red;}body{display:none",
        background: "#ffffff",
        font_family: "Inter, sans-serif",
        radius: 30,
        z_index: 10,
      }),
      {
        "--ww-primary": "#0a0",
        "--ww-bg": "#ffffff",
        "--ww-font": "Inter, sans-serif",
        "--ww-z": "10",
      },
    );
    assert.deepEqual(themeProperties(null), {});
  });

  test("Dutch and English, English by default", () => {
    assert.equal(labelsFor("nl").progress(2, 5), "2 van 5");
    assert.equal(labelsFor("en-GB").next, "Next");
    assert.equal(labelsFor("fr").done, "Done");
  });
});
