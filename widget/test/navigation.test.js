import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createUrlWatcher, watchNavigation } from "../src/navigation.js";

function manualTimers() {
  const timers = [];
  return {
    timers,
    setTimer: (fn, ms) => {
      const timer = { fn, ms, cleared: false };
      timers.push(timer);
      return timer;
    },
    clearTimer: (timer) => {
      timer.cleared = true;
    },
    run: () => {
      for (const timer of timers.splice(0)) if (!timer.cleared) timer.fn();
    },
  };
}

describe("following navigation", () => {
  test("a burst of changes is reported once, with the final URL", () => {
    const clock = manualTimers();
    let url = "https://app/a";
    const seen = [];
    const watcher = createUrlWatcher({ getUrl: () => url, onChange: (u) => seen.push(u), ...clock });
    url = "https://app/b";
    watcher.notify();
    url = "https://app/b?status=open";
    watcher.notify();
    clock.run();
    assert.deepEqual(seen, ["https://app/b?status=open"]);
  });

  test("no report when the URL ends where it was", () => {
    const clock = manualTimers();
    const seen = [];
    const watcher = createUrlWatcher({ getUrl: () => "https://app/a", onChange: (u) => seen.push(u), ...clock });
    watcher.notify();
    clock.run();
    assert.deepEqual(seen, []);
  });

  test("history is wrapped while watching and restored by the cleanup", () => {
    const listeners = new Map();
    const calls = [];
    const pushState = function (...args) {
      calls.push(args);
    };
    const replaceState = () => {};
    const win = {
      location: { href: "https://app/a" },
      history: { pushState, replaceState },
      addEventListener: (type, fn) => listeners.set(type, fn),
      removeEventListener: (type) => listeners.delete(type),
    };
    const cleanup = watchNavigation(win, () => {});
    assert.notEqual(win.history.pushState, pushState);
    win.history.pushState({ page: 2 }, "", "/b");
    assert.deepEqual(calls, [[{ page: 2 }, "", "/b"]]);
    assert.deepEqual([...listeners.keys()].sort(), ["hashchange", "popstate"]);
    cleanup();
    assert.equal(win.history.pushState, pushState);
    assert.equal(win.history.replaceState, replaceState);
    assert.equal(listeners.size, 0);
  });
});
