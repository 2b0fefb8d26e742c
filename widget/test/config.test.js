import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  defaultConfig,
  mergeConfig,
  normaliseServer,
  readScriptConfig,
  readScriptNonce,
  serverFromScriptSrc,
} from "../src/config.js";

/** Silence and record console.warn for one test; returns the first argument of each call. */
function captureWarnings(t) {
  const spy = t.mock.method(console, "warn", () => {});
  return () => spy.mock.calls.map((call) => call.arguments[0]);
}

const SRC = "https://help.example.com/widget/wegwijs.js";

describe("readScriptConfig", () => {
  test("reads every data attribute", (t) => {
    const warnings = captureWarnings(t);
    const config = readScriptConfig(
      {
        appKey: "app_123",
        server: "https://wegwijs.example.org/",
        userId: "user-42",
        userTraits: '{"role":"approver","department":"finance","level":3}',
        signature: "abc123",
        locale: "nl",
      },
      SRC,
    );
    assert.deepEqual(config, {
      appKey: "app_123",
      server: "https://wegwijs.example.org",
      userId: "user-42",
      userTraits: { role: "approver", department: "finance", level: 3 },
      signature: "abc123",
      locale: "nl",
    });
    assert.deepEqual(warnings(), []);
  });

  test("without attributes every option has its default", (t) => {
    const warnings = captureWarnings(t);
    assert.deepEqual(readScriptConfig({}), defaultConfig());
    assert.deepEqual(readScriptConfig(undefined), defaultConfig());
    assert.deepEqual(warnings(), []);
  });

  test("derives the server from the script's src origin when data-server is absent", () => {
    const config = readScriptConfig({ appKey: "app_123" }, SRC);
    assert.equal(config.server, "https://help.example.com");
  });

  test("keeps a port and plain http in the derived server", () => {
    const config = readScriptConfig({}, "http://localhost:8000/widget/wegwijs.js?v=3");
    assert.equal(config.server, "http://localhost:8000");
  });

  test("prefers data-server over the src origin, keeping its sub-path", () => {
    const config = readScriptConfig({ server: "https://intranet.example.com/help///" }, SRC);
    assert.equal(config.server, "https://intranet.example.com/help");
  });

  test("an invalid data-server warns and falls back to the src origin", (t) => {
    const warnings = captureWarnings(t);
    const config = readScriptConfig({ server: "not a url" }, SRC);
    assert.equal(config.server, "https://help.example.com");
    assert.equal(warnings().length, 1);
    assert.match(warnings()[0], /^\[wegwijs\] .*data-server/);
  });

  test("invalid JSON in data-user-traits is ignored with a warning, never thrown", (t) => {
    const warnings = captureWarnings(t);
    const config = readScriptConfig({ appKey: "app_123", userTraits: "{role: approver" }, SRC);
    assert.deepEqual(config.userTraits, {});
    assert.equal(config.appKey, "app_123");
    assert.equal(warnings().length, 1);
    assert.match(warnings()[0], /^\[wegwijs\] .*data-user-traits/);
  });

  test("data-user-traits must be a JSON object, not an array or a scalar", (t) => {
    const warnings = captureWarnings(t);
    for (const text of ["[1,2]", "42", "null", '"role"']) {
      assert.deepEqual(readScriptConfig({ userTraits: text }).userTraits, {}, text);
    }
    assert.equal(warnings().length, 4);
  });

  test("empty attributes count as absent", (t) => {
    const warnings = captureWarnings(t);
    const config = readScriptConfig({ appKey: "  ", userId: "", userTraits: "", locale: "" });
    assert.deepEqual(config, defaultConfig());
    assert.deepEqual(warnings(), []);
  });

  test("trims the app key but keeps the user id exactly as signed", () => {
    const config = readScriptConfig({ appKey: " app_123 ", userId: " 42" });
    assert.equal(config.appKey, "app_123");
    assert.equal(config.userId, " 42");
  });
});

describe("serverFromScriptSrc", () => {
  test("returns the origin of an absolute http(s) URL", () => {
    assert.equal(serverFromScriptSrc(SRC), "https://help.example.com");
  });

  test("returns null for what is not an absolute http(s) URL", () => {
    for (const src of ["", "/widget/wegwijs.js", "file:///tmp/wegwijs.js", "data:text/javascript,1"]) {
      assert.equal(serverFromScriptSrc(src), null, src);
    }
    assert.equal(serverFromScriptSrc(undefined), null);
  });
});

describe("normaliseServer", () => {
  test("drops trailing slashes, query and fragment", () => {
    assert.equal(normaliseServer("https://help.example.com/"), "https://help.example.com");
    assert.equal(normaliseServer(" https://x.example/help/?a=1#b "), "https://x.example/help");
  });
});

describe("mergeConfig", () => {
  const base = readScriptConfig({ appKey: "from_tag", locale: "nl", userTraits: '{"a":1}' }, SRC);

  test("init options override the base, which is left unchanged", () => {
    const merged = mergeConfig(base, {
      appKey: "from_init",
      server: "https://other.example.com/",
      userId: 7,
      userTraits: { role: "clerk" },
      signature: "sig",
      locale: "en",
    });
    assert.deepEqual(merged, {
      appKey: "from_init",
      server: "https://other.example.com",
      userId: "7",
      userTraits: { role: "clerk" },
      signature: "sig",
      locale: "en",
    });
    assert.equal(base.appKey, "from_tag");
    assert.deepEqual(base.userTraits, { a: 1 });
  });

  test("options left out or undefined keep the base value", () => {
    const merged = mergeConfig(base, { appKey: undefined });
    assert.deepEqual(merged, base);
    assert.notEqual(merged.userTraits, base.userTraits, "traits are copied, not shared");
  });

  test("null clears an option back to its default", () => {
    const merged = mergeConfig(base, { locale: null, userTraits: null });
    assert.equal(merged.locale, null);
    assert.deepEqual(merged.userTraits, {});
  });

  test("invalid and unknown options are ignored with a warning", (t) => {
    const warnings = captureWarnings(t);
    const merged = mergeConfig(base, {
      appKey: 42,
      server: "ftp://files.example.com",
      userTraits: "role=clerk",
      appkey: "typo",
    });
    assert.deepEqual(merged, base);
    const lines = warnings();
    assert.equal(lines.length, 4);
    assert.ok(lines.every((line) => line.startsWith("[wegwijs] ")));
    assert.ok(lines.some((line) => line.includes('"appkey"')));
  });

  test("a non-object argument is ignored with a warning", (t) => {
    const warnings = captureWarnings(t);
    assert.deepEqual(mergeConfig(base, "app_123"), base);
    assert.deepEqual(mergeConfig(base, ["app_123"]), base);
    assert.deepEqual(mergeConfig(base, undefined), base);
    assert.equal(warnings().length, 2);
  });
});

describe("readScriptNonce", () => {
  test("is the script tag's own nonce (the property: browsers hide the attribute)", () => {
    assert.equal(readScriptNonce({ nonce: "r4nd0m", dataset: { nonce: "other" } }), "r4nd0m");
  });

  test("falls back to data-nonce, then to none", () => {
    assert.equal(readScriptNonce({ nonce: "", dataset: { nonce: " abc " } }), "abc");
    assert.equal(readScriptNonce({ dataset: {} }), null);
    assert.equal(readScriptNonce(null), null);
  });
});
