import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createChunkLoader, lazySurface } from "../src/chunks.js";

const BASE = "https://help.example.com/widget/v/abc123/wegwijs.js";
const FILES = {
  tip: ["chunks/tip-AAAA.js", "chunks/shared-BBBB.js"],
  help: ["chunks/help-CCCC.js"],
};

/** An importer that records URLs and answers from `modules` (a URL missing rejects). */
function fakeImporter(modules) {
  const asked = [];
  const importModule = (url) => {
    asked.push(url);
    return url in modules ? Promise.resolve(modules[url]) : Promise.reject(new Error(`404 ${url}`));
  };
  return { asked, importModule };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("createChunkLoader", () => {
  test("imports the entry and its shared files at once, relative to the core's URL", async () => {
    const tip = { renderTip() {} };
    const { asked, importModule } = fakeImporter({
      "https://help.example.com/widget/v/abc123/chunks/tip-AAAA.js": tip,
      "https://help.example.com/widget/v/abc123/chunks/shared-BBBB.js": {},
    });
    const loader = createChunkLoader({ base: BASE, files: FILES, importModule });
    assert.equal(await loader.load("tip"), tip);
    assert.equal(await loader.load("tip"), tip);
    assert.deepEqual(asked, [
      "https://help.example.com/widget/v/abc123/chunks/tip-AAAA.js",
      "https://help.example.com/widget/v/abc123/chunks/shared-BBBB.js",
    ]);
  });

  test("forgets a failed load, so the next need tries again", async () => {
    const modules = {};
    const { asked, importModule } = fakeImporter(modules);
    const loader = createChunkLoader({ base: BASE, files: FILES, importModule });
    await assert.rejects(loader.load("help"), /404/);
    await settle();
    modules["https://help.example.com/widget/v/abc123/chunks/help-CCCC.js"] = { ok: true };
    assert.deepEqual(await loader.load("help"), { ok: true });
    assert.equal(asked.length, 2);
  });

  test("rejects, never throws, for an unknown chunk or an unusable base URL", async () => {
    const { importModule } = fakeImporter({});
    await assert.rejects(
      createChunkLoader({ base: BASE, files: FILES, importModule }).load("recorder"),
      /unknown chunk "recorder"/,
    );
    await assert.rejects(createChunkLoader({ base: "", files: FILES, importModule }).load("tip"));
  });
});

describe("lazySurface", () => {
  const loaderOf = (promise) => ({ load: () => promise });

  test("creates the surface once its chunk has loaded", async () => {
    const destroyed = [];
    const ui = { render: () => ({ destroy: () => destroyed.push("tip") }) };
    const surface = lazySurface(loaderOf(Promise.resolve(ui)), "tip", (module) => module.render());
    assert.equal(surface.current(), null);
    assert.equal(surface.ended, false);
    await settle();
    assert.ok(surface.current());
    surface.destroy();
    assert.deepEqual(destroyed, ["tip"]);
    assert.equal(surface.ended, true);
  });

  test("destroyed while loading: nothing is created", async () => {
    let created = 0;
    const surface = lazySurface(loaderOf(Promise.resolve({})), "tip", () => {
      created += 1;
      return { destroy() {} };
    });
    surface.destroy();
    await settle();
    assert.equal(created, 0);
    assert.equal(surface.current(), null);
  });

  test("a chunk that fails to load, or a create that throws, ends it with a warning", async (t) => {
    const warn = t.mock.method(console, "warn", () => {});
    let failed = 0;
    const missing = lazySurface(
      loaderOf(Promise.reject(new Error("offline"))),
      "walkthrough",
      () => ({ destroy() {} }),
      () => (failed += 1),
    );
    const broken = lazySurface(
      loaderOf(Promise.resolve({})),
      "tip",
      () => {
        throw new Error("boom");
      },
      () => (failed += 1),
    );
    await settle();
    assert.equal(missing.ended, true);
    assert.equal(broken.ended, true);
    assert.equal(failed, 2);
    assert.match(warn.mock.calls[0].arguments[0], /^\[wegwijs\] could not show the walkthrough/);
  });

  test("`ended` follows the surface's own", async () => {
    const inner = { ended: false, destroy() {} };
    const surface = lazySurface(loaderOf(Promise.resolve({})), "walkthrough", () => inner);
    await settle();
    assert.equal(surface.ended, false);
    inner.ended = true;
    assert.equal(surface.ended, true);
  });
});
