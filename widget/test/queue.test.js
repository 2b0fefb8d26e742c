import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createLiveQueue, readCommand, replayQueue } from "../src/queue.js";

function captureWarnings(t) {
  const spy = t.mock.method(console, "warn", () => {});
  return () => spy.mock.calls.map((call) => call.arguments[0]);
}

/** An API whose methods append `[name, ...args]` to `calls`. */
function recordingApi(names = ["init", "identify", "track", "start", "openHelp", "reset", "consent"]) {
  const calls = [];
  const api = {};
  for (const name of names) api[name] = (...args) => calls.push([name, ...args]);
  return { api, calls };
}

/** What a stub method does with `arguments` when the host calls it. */
function argumentsOf(...args) {
  return (function () {
    return arguments;
  })(...args);
}

describe("replayQueue", () => {
  test("replays queued calls in order with their arguments", () => {
    const { api, calls } = recordingApi();
    const queue = [
      ["init", [{ appKey: "app_123" }]],
      ["identify", ["user-42", { role: "approver" }, "sig"]],
      ["track", ["invoice_approved", { amount: 12 }]],
      ["consent", [false]],
      ["openHelp", []],
    ];
    const summary = replayQueue(queue, api);
    assert.deepEqual(calls, [
      ["init", { appKey: "app_123" }],
      ["identify", "user-42", { role: "approver" }, "sig"],
      ["track", "invoice_approved", { amount: 12 }],
      ["consent", false],
      ["openHelp"],
    ]);
    assert.deepEqual(summary, { called: 5, skipped: 0, failed: 0 });
  });

  test("accepts arguments objects, as pushed by Wegwijs.q.push(arguments)", () => {
    const { api, calls } = recordingApi();
    const queue = [
      argumentsOf("identify", "user-42", { role: "approver" }),
      ["start", argumentsOf("guide-7")],
      ["track", "flat_call", { flat: true }],
      ["reset"],
    ];
    replayQueue(queue, api);
    assert.deepEqual(calls, [
      ["identify", "user-42", { role: "approver" }],
      ["start", "guide-7"],
      ["track", "flat_call", { flat: true }],
      ["reset"],
    ]);
  });

  test("skips unknown method names with a warning and goes on", (t) => {
    const warnings = captureWarnings(t);
    const { api, calls } = recordingApi();
    const queue = [
      ["track", ["before"]],
      ["launchRockets", []],
      ["toString", []],
      ["constructor", []],
      ["track", ["after"]],
    ];
    const summary = replayQueue(queue, api);
    assert.deepEqual(calls, [["track", "before"], ["track", "after"]]);
    assert.deepEqual(summary, { called: 2, skipped: 3, failed: 0 });
    const lines = warnings();
    assert.equal(lines.length, 3);
    assert.match(lines[0], /^\[wegwijs\] .*"launchRockets"/);
  });

  test("a throwing method does not stop the replay", (t) => {
    const warnings = captureWarnings(t);
    const { api, calls } = recordingApi();
    api.identify = () => {
      throw new Error("boom");
    };
    const summary = replayQueue(
      [["track", ["one"]], ["identify", ["user-42"]], ["track", ["two"]]],
      api,
    );
    assert.deepEqual(calls, [["track", "one"], ["track", "two"]]);
    assert.deepEqual(summary, { called: 2, skipped: 0, failed: 1 });
    assert.equal(warnings().length, 1);
    assert.match(warnings()[0], /^\[wegwijs\] .*identify/);
  });

  test("skips malformed entries and tolerates a missing or odd queue", (t) => {
    const warnings = captureWarnings(t);
    const { api, calls } = recordingApi();
    const summary = replayQueue([null, 42, [], [7, []], { 0: "track" }, ["track", ["ok"]]], api);
    assert.deepEqual(calls, [["track", "ok"]]);
    assert.deepEqual(summary, { called: 1, skipped: 5, failed: 0 });
    assert.equal(warnings().length, 5);
    for (const queue of [undefined, null, "track", { q: [] }]) {
      assert.deepEqual(replayQueue(queue, api), { called: 0, skipped: 0, failed: 0 });
    }
  });

  test("does not replay calls queued while replaying", () => {
    const queue = [];
    const calls = [];
    const api = {
      track(name) {
        calls.push(name);
        queue.push(["track", [`${name} again`]]);
      },
    };
    queue.push(["track", ["first"]]);
    replayQueue(queue, api);
    assert.deepEqual(calls, ["first"]);
  });
});

describe("readCommand", () => {
  test("reads both shapes", () => {
    assert.deepEqual(readCommand(["track", ["a", { b: 1 }]]), { name: "track", args: ["a", { b: 1 }] });
    assert.deepEqual(readCommand(["track", "a", { b: 1 }]), { name: "track", args: ["a", { b: 1 }] });
    assert.deepEqual(readCommand(["openHelp"]), { name: "openHelp", args: [] });
    assert.equal(readCommand([""]), null);
  });
});

describe("createLiveQueue", () => {
  test("runs pushed calls at once and holds nothing", () => {
    const { api, calls } = recordingApi();
    const live = createLiveQueue(api);
    assert.equal(live.push(["track", ["now"]], argumentsOf("start", "guide-7")), 0);
    assert.deepEqual(calls, [["track", "now"], ["start", "guide-7"]]);
  });
});
