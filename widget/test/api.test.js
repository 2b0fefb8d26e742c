import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createApi, createState, PUBLIC_METHODS, TRACKED_EVENTS_LIMIT } from "../src/api.js";
import { readScriptConfig } from "../src/config.js";

function captureWarnings(t) {
  const spy = t.mock.method(console, "warn", () => {});
  return () => spy.mock.calls.map((call) => call.arguments[0]);
}

const SRC = "https://help.example.com/widget/wegwijs.js";

/** A state and API as the loader builds them from `dataset`, with a clock at 1000. */
function setup(dataset = {}) {
  const state = createState(readScriptConfig(dataset, SRC));
  const api = createApi({ state, version: "1.2.3", now: () => 1000 });
  return { state, api };
}

describe("the public API", () => {
  test("has exactly the public methods and a read-only version", () => {
    const { api } = setup();
    assert.deepEqual(Object.keys(api).sort(), [...PUBLIC_METHODS, "version"].sort());
    for (const name of PUBLIC_METHODS) assert.equal(typeof api[name], "function", name);
    assert.equal(api.version, "1.2.3");
    assert.throws(() => {
      api.version = "9.9.9"; // modules are strict: writing a read-only property throws
    }, TypeError);
    assert.equal(api.version, "1.2.3");
  });

  test("without an app key every call warns once and changes nothing", (t) => {
    const warnings = captureWarnings(t);
    const { state, api } = setup();
    const before = structuredClone(state);
    api.identify("user-42", { role: "approver" });
    api.track("clicked");
    api.start("guide-7");
    api.openHelp();
    api.consent(true);
    api.reset();
    api.init({ locale: "en" });
    assert.deepEqual(state, before);
    assert.equal(warnings().length, 1);
    assert.match(warnings()[0], /^\[wegwijs\] no app key/);
  });

  test("init with an app key activates the widget and overrides the script tag", () => {
    const { state, api } = setup({ locale: "nl" });
    api.init({ appKey: "app_123", locale: "en" });
    assert.equal(state.config.appKey, "app_123");
    assert.equal(state.config.locale, "en");
    assert.equal(state.config.server, "https://help.example.com");
    api.track("ready");
    assert.equal(state.trackedEvents.length, 1);
  });

  test("the script tag's data-app-key is enough, no init needed", () => {
    const { state, api } = setup({ appKey: "app_123", userId: "u1", signature: "s1" });
    assert.deepEqual(state.visitor, { userId: "u1", traits: {}, signature: "s1" });
    api.start("guide-7");
    assert.equal(state.requestedGuideId, "guide-7");
  });

  test("identify records the visitor; the same user keeps traits, another replaces them", () => {
    const { state, api } = setup({ appKey: "app_123" });
    api.identify("user-42", { role: "approver", locale: "nl" }, "sig-42");
    assert.deepEqual(state.visitor, {
      userId: "user-42",
      traits: { role: "approver", locale: "nl" },
      signature: "sig-42",
    });
    api.identify("user-42", { department: "finance" });
    assert.deepEqual(state.visitor, {
      userId: "user-42",
      traits: { role: "approver", locale: "nl", department: "finance" },
      signature: "sig-42",
    });
    api.identify(43);
    assert.deepEqual(state.visitor, { userId: "43", traits: {}, signature: null });
  });

  test("init with identity options acts like identify", () => {
    const { state, api } = setup({ appKey: "app_123", userId: "tag-user", signature: "tag-sig" });
    api.init({ userId: "init-user", userTraits: { role: "clerk" } });
    assert.deepEqual(state.visitor, {
      userId: "init-user",
      traits: { role: "clerk" },
      signature: null,
    });
    api.init({ userTraits: { team: "b" } });
    assert.deepEqual(state.visitor.traits, { role: "clerk", team: "b" });
    assert.equal(state.visitor.userId, "init-user");
  });

  test("invalid arguments are ignored with a warning", (t) => {
    const warnings = captureWarnings(t);
    const { state, api } = setup({ appKey: "app_123" });
    api.identify({ id: 1 });
    api.track("");
    api.track(42);
    api.start();
    api.consent("yes");
    assert.deepEqual(state.visitor.userId, null);
    assert.deepEqual(state.trackedEvents, []);
    assert.equal(state.requestedGuideId, null);
    assert.equal(state.consent, null);
    assert.ok(warnings().length >= 5);
    assert.ok(warnings().every((line) => line.startsWith("[wegwijs] ")));
  });

  test("track keeps a bounded list, dropping the oldest", () => {
    const { state, api } = setup({ appKey: "app_123" });
    for (let index = 0; index < TRACKED_EVENTS_LIMIT + 5; index += 1) {
      api.track(`event_${index}`, { index });
    }
    assert.equal(state.trackedEvents.length, TRACKED_EVENTS_LIMIT);
    assert.deepEqual(state.trackedEvents[0], { name: "event_5", props: { index: 5 }, at: 1000 });
    assert.equal(state.trackedEvents.at(-1).name, `event_${TRACKED_EVENTS_LIMIT + 4}`);
  });

  test("track copies props, so later changes by the host do not alter the record", () => {
    const { state, api } = setup({ appKey: "app_123" });
    const props = { amount: 1 };
    api.track("paid", props);
    props.amount = 2;
    assert.deepEqual(state.trackedEvents[0].props, { amount: 1 });
  });

  test("consent(false) drops unsent events and stops recording; consent(true) resumes", () => {
    const { state, api } = setup({ appKey: "app_123" });
    api.track("before");
    api.consent(false);
    assert.equal(state.consent, false);
    assert.deepEqual(state.trackedEvents, []);
    api.track("while_refused");
    assert.deepEqual(state.trackedEvents, []);
    api.consent(true);
    api.track("after");
    assert.deepEqual(state.trackedEvents.map((event) => event.name), ["after"]);
  });

  test("openHelp and start record requests; reset forgets the visitor but keeps config", () => {
    const { state, api } = setup({ appKey: "app_123", locale: "nl" });
    api.identify("user-42", { role: "approver" });
    api.consent(true);
    api.track("x");
    api.start(7);
    api.openHelp();
    assert.equal(state.requestedGuideId, "7");
    assert.equal(state.helpPanelRequested, true);
    api.reset();
    assert.deepEqual(state.visitor, { userId: null, traits: {}, signature: null });
    assert.equal(state.consent, null);
    assert.deepEqual(state.trackedEvents, []);
    assert.equal(state.requestedGuideId, null);
    assert.equal(state.helpPanelRequested, false);
    assert.equal(state.config.appKey, "app_123");
    assert.equal(state.config.locale, "nl");
  });

  test("an internal error is logged, never thrown to the host", (t) => {
    const warnings = captureWarnings(t);
    const { state, api } = setup({ appKey: "app_123" });
    state.trackedEvents = null; // corrupt the state so track throws inside
    assert.doesNotThrow(() => api.track("boom"));
    assert.equal(warnings().length, 1);
    assert.match(warnings()[0], /^\[wegwijs\] Wegwijs\.track failed/);
  });
});
