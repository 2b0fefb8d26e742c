import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { debounce, displayOf, nextAnnouncement, walkthroughToStart } from "../src/surfaces.js";
import { labelsFor, uiLocale } from "../src/ui/labels.js";

describe("nextAnnouncement", () => {
  const list = [
    { id: 1, priority: 5 },
    { id: 2, priority: 9 },
    { id: 3, priority: 9 },
    { id: 4, priority: 50, eligible: false },
  ];

  test("is the eligible one with the highest priority; ties keep the server's order", () => {
    assert.equal(nextAnnouncement(list).id, 2);
  });

  test("skips the handled ones, one at a time", () => {
    assert.equal(nextAnnouncement(list, new Set([2])).id, 3);
    assert.equal(nextAnnouncement(list, new Set([2, 3])).id, 1);
    assert.equal(nextAnnouncement(list, new Set([1, 2, 3])), null);
  });

  test("tolerates a missing or malformed list", () => {
    assert.equal(nextAnnouncement(undefined), null);
    assert.equal(nextAnnouncement([null, "x", { id: 7 }]).id, 7);
  });
});

describe("displayOf and walkthroughToStart", () => {
  test("an unknown display is a banner", () => {
    assert.equal(displayOf({ settings: { display: "modal" } }), "modal");
    assert.equal(displayOf({ settings: { display: "anchored" } }), "anchored");
    assert.equal(displayOf({ settings: { display: "popup" } }), "banner");
    assert.equal(displayOf({}), "banner");
  });

  test("the walkthrough to start is found by slug in the context", () => {
    const walkthroughs = [{ id: 4, slug: "submit-a-claim" }];
    assert.equal(walkthroughToStart({ settings: { start_walkthrough: "submit-a-claim" } }, walkthroughs).id, 4);
    assert.equal(walkthroughToStart({ settings: { start_walkthrough: "gone" } }, walkthroughs), null);
    assert.equal(walkthroughToStart({ settings: {} }, walkthroughs), null);
    assert.equal(walkthroughToStart({ settings: { start_walkthrough: "x" } }, undefined), null);
  });
});

describe("debounce", () => {
  function fakeTimers() {
    let now = 0;
    let next = 1;
    const pending = new Map();
    return {
      setTimer: (fn, ms) => {
        pending.set(next, { fn, at: now + ms });
        return next++;
      },
      clearTimer: (handle) => pending.delete(handle),
      advance(ms) {
        now += ms;
        for (const [handle, timer] of [...pending]) {
          if (timer.at <= now) {
            pending.delete(handle);
            timer.fn();
          }
        }
      },
    };
  }

  test("calls once after the quiet time, with the last arguments", () => {
    const timers = fakeTimers();
    const calls = [];
    const typed = debounce((q) => calls.push(q), 300, timers);
    typed.call("e");
    timers.advance(200);
    typed.call("ex");
    timers.advance(299);
    assert.deepEqual(calls, []);
    timers.advance(1);
    assert.deepEqual(calls, ["ex"]);
  });

  test("cancel drops the waiting call", () => {
    const timers = fakeTimers();
    const calls = [];
    const typed = debounce((q) => calls.push(q), 250, timers);
    typed.call("x");
    typed.cancel();
    timers.advance(1000);
    assert.deepEqual(calls, []);
  });
});

describe("the surfaces' words", () => {
  test("exist in Dutch and English", () => {
    assert.equal(labelsFor("nl").gotIt, "Begrepen");
    assert.equal(labelsFor("en-GB").gotIt, "Got it");
    assert.equal(labelsFor("nl").help, "Hulp");
    assert.equal(labelsFor("en").results(1), "1 result");
    assert.equal(labelsFor("nl").results(3), "3 resultaten");
  });

  test("follow the traits' locale, then the context's, then <html lang>, else Dutch", () => {
    assert.equal(uiLocale(["en-GB", "nl", "nl"]), "en");
    assert.equal(uiLocale([undefined, "en", "nl"]), "en");
    assert.equal(uiLocale([null, null, "EN-us"]), "en");
    assert.equal(uiLocale(["fr", "nl", "en"]), "nl");
    assert.equal(uiLocale([undefined, null, null]), "nl");
    assert.equal(uiLocale([42, "", "de"]), "nl");
  });
});
