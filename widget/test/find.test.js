import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe, test } from "node:test";
import { createFinder, foundMessage, readFindRequest } from "../src/find.js";
import { findOnDemand, listenForPreview } from "../src/preview.js";

const SERVER = "https://help.example.com/wegwijs";
const TARGET = { id: "claim-amount", role: "textbox" };

function fakeWindow() {
  const listeners = new Map();
  return {
    opener: {
      sent: [],
      postMessage(...args) {
        this.sent.push(args);
      },
    },
    listeners,
    addEventListener: (type, fn) => listeners.set(type, fn),
    removeEventListener: (type) => listeners.delete(type),
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("the editor's question", () => {
  test("is read from well-formed data only", () => {
    assert.deepEqual(readFindRequest({ type: "wegwijs:find", id: "s1:3", target: TARGET }), {
      id: "s1:3",
      target: TARGET,
    });
    assert.deepEqual(readFindRequest({ type: "wegwijs:find", id: 7, target: {} }), {
      id: 7,
      target: {},
    });
    const malformed = [
      null,
      "wegwijs:find",
      42,
      { type: "wegwijs:preview", id: "a", target: TARGET },
      { type: "wegwijs:find", target: TARGET },
      { type: "wegwijs:find", id: "", target: TARGET },
      { type: "wegwijs:find", id: "x".repeat(101), target: TARGET },
      { type: "wegwijs:find", id: 1.5, target: TARGET },
      { type: "wegwijs:find", id: { a: 1 }, target: TARGET },
      { type: "wegwijs:find", id: "a" },
      { type: "wegwijs:find", id: "a", target: null },
      { type: "wegwijs:find", id: "a", target: "#claim-amount" },
      { type: "wegwijs:find", id: "a", target: [TARGET] },
    ];
    for (const data of malformed) assert.equal(readFindRequest(data), null, JSON.stringify(data));
  });

  test("is answered with found, how and the page", () => {
    assert.deepEqual(foundMessage("s1:3", ["id", "role"], "https://app/claims/new"), {
      type: "wegwijs:found",
      id: "s1:3",
      found: true,
      how: ["id", "role"],
      url: "https://app/claims/new",
    });
    assert.deepEqual(foundMessage(7, null, "https://app/"), {
      type: "wegwijs:found",
      id: 7,
      found: false,
      how: [],
      url: "https://app/",
    });
  });

  test("goes to onFind only from the opener on the server's origin, and the reply to it", () => {
    const win = fakeWindow();
    const asked = [];
    const onFind = (data, reply) => {
      asked.push(data);
      reply({ type: "wegwijs:found", id: data.id });
    };
    const stop = listenForPreview(win, SERVER, () => assert.fail("no token"), onFind);
    const send = (message) => win.listeners.get("message")(message);
    const data = { type: "wegwijs:find", id: "a", target: TARGET };
    send({ origin: "https://evil.example.com", source: win.opener, data });
    send({ origin: "https://help.example.com", source: { postMessage: assert.fail }, data });
    send({ origin: "https://help.example.com", source: win.opener, data: null });
    send({ origin: "https://help.example.com", source: win.opener, data: "wegwijs:find" });
    assert.deepEqual(asked, []);
    send({ origin: "https://help.example.com", source: win.opener, data });
    assert.deepEqual(asked, [data]);
    assert.deepEqual(win.opener.sent, [
      [{ type: "wegwijs:found", id: "a" }, "https://help.example.com"],
    ]);
    stop();
    assert.equal(win.listeners.size, 0);
  });

  test("is not heard without an opener, and an error in onFind stays inside", () => {
    const win = fakeWindow();
    listenForPreview(win, SERVER, () => {}, () => {
      throw new Error("broken");
    });
    const data = { type: "wegwijs:find", id: "a", target: TARGET };
    win.listeners.get("message")({ origin: "https://help.example.com", source: win.opener, data });
    const orphan = { ...fakeWindow(), opener: null };
    let heard = false;
    listenForPreview(orphan, SERVER, () => {}, () => (heard = true));
    orphan.listeners.get("message")({ origin: "https://help.example.com", source: null, data });
    assert.equal(heard, false);
  });
});

describe("answering on demand", () => {
  test("loads the find chunk only while previewing, once, and again after a failure", async () => {
    let previewing = false;
    let loads = 0;
    let failNext = true;
    const answered = [];
    const load = () => {
      loads += 1;
      if (failNext) {
        failNext = false;
        return Promise.reject(new Error("offline"));
      }
      return Promise.resolve({
        createFinder: (options) => ({ answer: (data, reply) => reply([options.tag, data]) }),
      });
    };
    const onFind = findOnDemand(() => previewing, load, { tag: "options" });
    const reply = (message) => answered.push(message);
    onFind("q1", reply);
    await settle();
    assert.equal(loads, 0);
    previewing = true;
    onFind("q2", reply);
    await settle();
    assert.deepEqual(answered, []);
    onFind("q3", reply);
    onFind("q4", reply);
    await settle();
    assert.equal(loads, 2);
    assert.deepEqual(answered, [
      ["options", "q3"],
      ["options", "q4"],
    ]);
  });

  test("the core never imports the finder: it is the find chunk", async () => {
    for (const name of ["runtime.js", "preview.js", "index.js"]) {
      const source = await readFile(new URL(`../src/${name}`, import.meta.url), "utf8");
      assert.doesNotMatch(source, /from "\.\/find\.js"/, name);
    }
  });

  test("the finder ignores malformed questions and never throws", () => {
    const replies = [];
    const finder = createFinder({
      doc: {},
      getLayer: () => {
        throw new Error("no layer");
      },
      getUrl: () => "https://app/",
    });
    finder.answer({ type: "wegwijs:find", id: "a" }, (message) => replies.push(message));
    finder.answer({ type: "wegwijs:find", id: "a", target: TARGET }, (m) => replies.push(m));
    assert.deepEqual(replies, []);
  });
});
