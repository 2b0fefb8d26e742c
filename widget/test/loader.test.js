// Runs the built wegwijs.js in a fresh V8 context with a fake window and document: one
// global, the stub replaced and its queue replayed, idempotent, and nothing thrown into
// the host. The real-browser tests come on top of this.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import vm from "node:vm";
import { buildWidget, WIDGET_DIR } from "../build.mjs";

const SRC = "https://help.example.com/widget/wegwijs.js";
let tempDir;
let widgetCode;
let packageVersion;

before(async () => {
  tempDir = await mkdtemp(path.join(os.tmpdir(), "wegwijs-loader-test-"));
  await buildWidget({ outdir: tempDir });
  widgetCode = await readFile(path.join(tempDir, "wegwijs.js"), "utf8");
  packageVersion = JSON.parse(await readFile(path.join(WIDGET_DIR, "package.json"), "utf8")).version;
});

after(async () => {
  await rm(tempDir, { recursive: true, force: true });
});

/** A `<script>` element as the loader sees it. */
function scriptElement(src, dataset = {}) {
  return { src, dataset };
}

/**
 * A page: a V8 context whose global object is `window`, like a browser's, so a leaked
 * top-level variable would show up as a new global.
 */
function createPage({ currentScript = null, scripts = [], withWindow = true } = {}) {
  const warnings = [];
  const sandbox = {
    console: { warn: (...args) => warnings.push(args.map(String).join(" ")) },
    URL,
  };
  if (withWindow) {
    sandbox.window = sandbox;
    sandbox.document = {
      currentScript,
      querySelectorAll: (selector) => {
        assert.equal(selector, 'script[src*="wegwijs.js"]');
        return scripts;
      },
    };
  }
  const context = vm.createContext(sandbox);
  return {
    context,
    warnings,
    run: (code) => vm.runInContext(code, context),
    globals: () => Object.getOwnPropertyNames(context).sort(),
  };
}

/** The inline stub exactly as the server renders it from snippets/stub.html. */
async function stubScript(appKey) {
  const html = await readFile(path.join(WIDGET_DIR, "snippets", "stub.html"), "utf8");
  const inline = html.match(/<script>([\s\S]*?)<\/script>/);
  assert.ok(inline, "stub.html has an inline script");
  return inline[1].replace("APP_KEY", appKey);
}

/** The script tag's data attributes from snippets/data-attributes.html, as a dataset. */
async function dataAttributesDataset(appKey) {
  const html = await readFile(path.join(WIDGET_DIR, "snippets", "data-attributes.html"), "utf8");
  const dataset = {};
  for (const [, name, value] of html.matchAll(/\sdata-([a-z-]+)="([^"]*)"/g)) {
    const key = name.replace(/-([a-z])/g, (_match, letter) => letter.toUpperCase());
    dataset[key] = value.replace("APP_KEY", appKey);
  }
  return dataset;
}

describe("wegwijs.js in a page", () => {
  test("installs exactly one global, Wegwijs, with the public API", () => {
    const page = createPage({ currentScript: scriptElement(SRC, { appKey: "app_123" }) });
    const before = page.globals();
    page.run(widgetCode);
    const added = page.globals().filter((name) => !before.includes(name));
    assert.deepEqual(added, ["Wegwijs"]);
    // JSON crosses the realm boundary; arrays from the page have another Array.prototype.
    assert.deepEqual(
      JSON.parse(page.run("JSON.stringify(Object.keys(Wegwijs).sort())")),
      ["consent", "identify", "init", "openHelp", "reset", "start", "track", "version"],
    );
    assert.equal(page.run("Wegwijs.version"), packageVersion);
    assert.deepEqual(page.warnings, []);
  });

  test("replaces the inline stub and replays its queue in order", async () => {
    const page = createPage({ currentScript: scriptElement(SRC) });
    page.run(await stubScript("app_123"));
    // Made before the script arrives: identify() without an id warns only once the
    // stub's init({ appKey }) has been replayed before it, so order is visible.
    page.run('Wegwijs.identify(); Wegwijs.q.push(["launchRockets", []]);');
    const stub = page.run("Wegwijs");
    const heldTrack = page.run("Wegwijs.track");

    page.run(widgetCode);

    assert.notEqual(page.run("Wegwijs"), stub);
    assert.equal(typeof page.run("Wegwijs.version"), "string");
    assert.deepEqual(page.warnings.length, 2, page.warnings.join("\n"));
    assert.match(page.warnings[0], /^\[wegwijs\] Wegwijs\.identify needs a user id/);
    assert.match(page.warnings[1], /^\[wegwijs\] skipping queued call to unknown method "launchRockets"/);

    // A stub method the host held on to, and Wegwijs.q.push, now run at once.
    heldTrack("");
    page.run('Wegwijs.q.push(["track", [""]])');
    assert.equal(page.warnings.length, 4);
    assert.match(page.warnings[2], /Wegwijs\.track needs an event name/);
    assert.match(page.warnings[3], /Wegwijs\.track needs an event name/);
    assert.equal(stub.q.length, 0);
  });

  test("the stub snippet works when the script loaded first", async () => {
    const page = createPage({ currentScript: scriptElement(SRC) });
    page.run(widgetCode);
    const runtime = page.run("Wegwijs");
    page.run(await stubScript("app_123"));
    assert.equal(page.run("Wegwijs"), runtime);
    page.run("Wegwijs.track('')");
    assert.deepEqual(page.warnings.length, 1);
    assert.match(page.warnings[0], /needs an event name/);
  });

  test("the data-attribute variant needs no inline script", async () => {
    const dataset = await dataAttributesDataset("app_123");
    assert.deepEqual(dataset, { appKey: "app_123" });
    const page = createPage({ currentScript: scriptElement(SRC, dataset) });
    page.run(widgetCode);
    page.run("Wegwijs.start('')");
    assert.equal(page.warnings.length, 1);
    assert.match(page.warnings[0], /Wegwijs\.start needs a guide id/);
  });

  test("without currentScript it finds the last wegwijs.js script tag", () => {
    const page = createPage({
      scripts: [scriptElement(SRC), scriptElement(SRC, { appKey: "app_123" })],
    });
    page.run(widgetCode);
    page.run("Wegwijs.start('')");
    assert.match(page.warnings.join("\n"), /Wegwijs\.start needs a guide id/);
  });

  test("without an app key calls warn once and do nothing", () => {
    const page = createPage({ currentScript: scriptElement(SRC) });
    page.run(widgetCode);
    page.run("Wegwijs.identify('u1'); Wegwijs.track('a'); Wegwijs.openHelp();");
    assert.equal(page.warnings.length, 1);
    assert.match(page.warnings[0], /^\[wegwijs\] no app key/);
  });

  test("a second copy keeps the first", () => {
    const page = createPage({ currentScript: scriptElement(SRC, { appKey: "app_123" }) });
    page.run(widgetCode);
    const first = page.run("Wegwijs");
    page.run(widgetCode);
    assert.equal(page.run("Wegwijs"), first);
    assert.equal(page.warnings.length, 1);
    assert.match(page.warnings[0], /included more than once/);
  });

  test("never throws into the host, even outside a browser", () => {
    const page = createPage({ withWindow: false });
    assert.doesNotThrow(() => page.run(widgetCode));
    assert.equal(page.run("typeof Wegwijs"), "undefined");
    assert.match(page.warnings[0], /^\[wegwijs\] could not start/);
  });
});
