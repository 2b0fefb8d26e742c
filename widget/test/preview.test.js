import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  createPreview,
  listenForPreview,
  previewExpiry,
  takePreviewToken,
  takeTokenFromUrl,
} from "../src/preview.js";
import { createStore } from "../src/storage.js";

/** A token shaped like the server's: base64url(JSON payload) "." signature. */
function token(exp) {
  const payload = Buffer.from(JSON.stringify({ a: 1, u: 2, g: null, exp })).toString("base64url");
  return `${payload}.c2lnbmF0dXJl`;
}

describe("the preview token in the address", () => {
  test("is found in the query or the fragment and removed, the rest kept", () => {
    const cases = {
      "https://app/a?wegwijs_preview=T": "https://app/a",
      "https://app/a?x=1&wegwijs_preview=T": "https://app/a?x=1",
      "https://app/a?wegwijs_preview=T&x=1": "https://app/a?x=1",
      "https://app/a?x=1&wegwijs_preview=T&y=2#top": "https://app/a?x=1&y=2#top",
      "https://app/a?wegwijs_preview=T#top": "https://app/a#top",
      "https://app/a#wegwijs_preview=T": "https://app/a",
      "https://app/a?x=1#wegwijs_preview=T&tab=2": "https://app/a?x=1#tab=2",
      "https://app/#/orders?wegwijs_preview=T": "https://app/#/orders",
    };
    for (const [href, url] of Object.entries(cases)) {
      assert.deepEqual(takePreviewToken(href), { token: "T", url }, href);
    }
  });

  test("is not found in other parameters, nor when empty", () => {
    assert.equal(takePreviewToken("https://app/a?my_wegwijs_preview=T"), null);
    assert.equal(takePreviewToken("https://app/a?wegwijs_preview="), null);
    assert.equal(takePreviewToken("https://app/a"), null);
  });

  test("moves into sessionStorage, and replaceState keeps the history state", () => {
    const calls = [];
    const win = {
      location: { href: "https://app/orders?id=7&wegwijs_preview=T" },
      history: {
        state: { route: "orders" },
        replaceState: (...args) => calls.push(args),
      },
    };
    const preview = createPreview(createStore(null), "app_1");
    takeTokenFromUrl(win, preview);
    assert.equal(preview.token(), "T");
    assert.deepEqual(calls, [[{ route: "orders" }, "", "https://app/orders?id=7"]]);
  });
});

describe("the stored preview token", () => {
  test("is sent until it expires (read from the token) or is dropped", () => {
    const clock = { now: 1_000_000 };
    const session = createStore(null);
    const preview = createPreview(session, "app_1", () => clock.now);
    const value = token(2000); // seconds
    assert.equal(previewExpiry(value), 2_000_000);
    preview.set(value);
    assert.equal(preview.token(), value);
    clock.now = 2_000_000;
    assert.equal(preview.token(), null);
    assert.equal(session.get("preview:app_1"), null);
    preview.set(value);
    clock.now = 0;
    preview.drop();
    assert.equal(preview.token(), null);
  });

  test("an unreadable token is kept until the server refuses it", () => {
    assert.equal(previewExpiry("not-a-token"), 0);
    const preview = createPreview(createStore(null), "app_1", () => 9e15);
    preview.set("not-a-token");
    assert.equal(preview.token(), "not-a-token");
  });
});

describe("a preview token by postMessage", () => {
  function fakeWindow() {
    const listeners = new Map();
    return {
      opener: { name: "the author's window" },
      listeners,
      addEventListener: (type, fn) => listeners.set(type, fn),
      removeEventListener: (type) => listeners.delete(type),
    };
  }

  test("is taken only from the opener on the server's origin", () => {
    const win = fakeWindow();
    const tokens = [];
    const stop = listenForPreview(win, "https://help.example.com/wegwijs", (t) => tokens.push(t));
    const send = (message) => win.listeners.get("message")(message);
    const data = { type: "wegwijs:preview", token: "T" };
    send({ origin: "https://evil.example.com", source: win.opener, data });
    send({ origin: "https://help.example.com", source: {}, data });
    send({ origin: "https://help.example.com", source: win.opener, data: { token: "T" } });
    send({ origin: "https://help.example.com", source: win.opener, data: { ...data, token: 1 } });
    assert.deepEqual(tokens, []);
    send({ origin: "https://help.example.com", source: win.opener, data });
    assert.deepEqual(tokens, ["T"]);
    stop();
    assert.equal(win.listeners.size, 0);
  });
});
