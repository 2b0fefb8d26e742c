// The core's record-mode hook: the handshake with the admin window (origin-checked), the
// token kept in sessionStorage only, and loading wegwijs-recorder.js with the nonce.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { watchRecordMode } from "../src/recorder/hook.js";
import { createStore } from "../src/storage.js";

const SERVER = "https://help.example.com";

function fakePage({ opener = true, stored } = {}) {
  const listeners = [];
  const posted = [];
  const appended = [];
  const openerWindow = opener ? { postMessage: (data, origin) => posted.push({ data, origin }) } : null;
  const opened = [];
  const win = {
    opener: openerWindow,
    Wegwijs: { recorder: { open: (options) => opened.push(options) } },
    addEventListener: (type, handler) => listeners.push({ type, handler }),
    removeEventListener: (type, handler) => {
      const index = listeners.findIndex((each) => each.handler === handler);
      if (index >= 0) listeners.splice(index, 1);
    },
  };
  const doc = {
    head: { appendChild: (node) => appended.push(node) },
    createElement: (tag) => ({ tag, dataset: {} }),
  };
  const session = createStore(null); // in memory
  if (stored) session.set("record:app_1", stored);
  const send = (event) => {
    for (const { type, handler } of listeners) if (type === "message") handler(event);
  };
  return { win, doc, session, posted, appended, opened, openerWindow, send, listeners };
}

function watch(page, script = { src: `${SERVER}/widget/v/abc123/wegwijs.js`, nonce: "n0nce" }) {
  return watchRecordMode({ ...page, server: SERVER, appKey: "app_1", script });
}

describe("record mode's hook in the core", () => {
  test("tells the opener it is ready, addressed to the server's origin only", () => {
    const page = fakePage();
    watch(page);
    assert.deepEqual(page.posted, [{ data: { type: "wegwijs:recorder-ready" }, origin: SERVER }]);
    assert.deepEqual(page.appended, []); // nothing loads before a token
    const alone = fakePage({ opener: false });
    watch(alone);
    assert.deepEqual(alone.posted, []);
  });

  test("takes the token from the opener on the server's origin, keeps it, loads the recorder", () => {
    const page = fakePage();
    watch(page);
    const message = { type: "wegwijs:record", token: "tok.sig", mode: "record", locale: "en", apiBase: SERVER };
    page.send({ origin: SERVER, source: page.openerWindow, data: message });
    assert.deepEqual(page.session.get("record:app_1"), {
      token: "tok.sig",
      mode: "record",
      locale: "en",
      api_base: SERVER,
    });
    assert.equal(page.appended.length, 1);
    const [script] = page.appended;
    assert.equal(script.src, `${SERVER}/widget/v/abc123/wegwijs-recorder.js`); // the same build
    assert.equal(script.nonce, "n0nce");
    script.onload();
    assert.deepEqual(page.opened, [{ server: SERVER, appKey: "app_1" }]);
    // A newer token: stored, and the loaded recorder is told, without loading it again.
    page.send({ origin: SERVER, source: page.openerWindow, data: { ...message, token: "new.sig" } });
    assert.equal(page.session.get("record:app_1").token, "new.sig");
    assert.equal(page.appended.length, 1);
    assert.equal(page.opened.length, 2);
  });

  test("refuses messages from another origin, another window, or of another kind", () => {
    const page = fakePage();
    watch(page);
    const data = { type: "wegwijs:record", token: "tok.sig" };
    page.send({ origin: "https://evil.example.net", source: page.openerWindow, data });
    page.send({ origin: SERVER, source: {}, data });
    page.send({ origin: SERVER, source: page.openerWindow, data: { type: "wegwijs:preview", token: "x" } });
    page.send({ origin: SERVER, source: page.openerWindow, data: { type: "wegwijs:record", token: 42 } });
    page.send({ origin: SERVER, source: page.openerWindow, data: null });
    assert.equal(page.session.get("record:app_1"), null);
    assert.deepEqual(page.appended, []);
  });

  test("a stored token loads the recorder on every page of the tab, also without an opener", () => {
    const page = fakePage({ opener: false, stored: { token: "tok.sig", mode: "record" } });
    const stop = watch(page, { src: "", nonce: null });
    assert.equal(page.appended.length, 1);
    assert.equal(page.appended[0].src, `${SERVER}/widget/wegwijs-recorder.js`);
    assert.equal(page.appended[0].nonce, undefined);
    stop();
    assert.equal(page.listeners.length, 0);
  });
});
