import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import {
  buildAll,
  buildWidget,
  CHUNK_ENTRIES,
  formatSizes,
  measureBeforeInteraction,
  measureSizes,
  SIZE_BUDGETS,
  SIZE_TARGETS,
  sizeReport,
  WIDGET_DIR,
} from "../build.mjs";
import { compareDirectories } from "../scripts/check-dist.mjs";

const run = promisify(execFile);
let tempRoot;

before(async () => {
  tempRoot = await mkdtemp(path.join(os.tmpdir(), "wegwijs-build-test-"));
});

after(async () => {
  await rm(tempRoot, { recursive: true, force: true });
});

/** One build shared by the tests that only read it (a build takes a moment). */
let built;
async function theBuild() {
  built = built || (await buildAll({ outdir: path.join(tempRoot, "shared") }));
  return built;
}

const text = (file) => Buffer.from(file.contents).toString("utf8");

describe("build", () => {
  test("is deterministic: two builds are byte-identical", async () => {
    const first = await buildWidget({ outdir: path.join(tempRoot, "first") });
    const second = await buildWidget({ outdir: path.join(tempRoot, "second") });
    assert.ok(first.some((file) => file.name === "wegwijs.js"));
    assert.deepEqual(
      await compareDirectories(path.join(tempRoot, "first"), path.join(tempRoot, "second")),
      [],
    );
    assert.deepEqual(
      first.map((file) => file.name),
      second.map((file) => file.name),
    );
  });

  test("the core is a classic script; each surface is a hashed ES module chunk", async () => {
    const { files, manifest } = await theBuild();
    const names = files.map((file) => file.name);
    assert.deepEqual(Object.keys(manifest).sort(), Object.keys(CHUNK_ENTRIES).sort());
    for (const [name, list] of Object.entries(manifest)) {
      assert.match(list[0], new RegExp(`^chunks/${name}-[A-Z0-9]{8}\\.js$`));
      for (const file of list) assert.ok(names.includes(file), `${file} is built`);
    }
    const core = text(files.find((file) => file.name === "wegwijs.js"));
    assert.match(core, /^\(\(\)=>\{/, "an IIFE");
    // The manifest is compiled in, and chunks load with import() relative to the script.
    for (const list of Object.values(manifest)) assert.ok(core.includes(JSON.stringify(list[0])));
    assert.match(core, /import\(/);
    for (const file of files.filter((each) => each.name.startsWith("chunks/"))) {
      assert.match(text(file), /\bexport\s*\{|^import/, `${file.name} is an ES module`);
    }
  });

  test("the recorder is its own file, not part of the core or a chunk", async () => {
    const { files } = await theBuild();
    const recorder = files.find((file) => file.name === "wegwijs-recorder.js");
    if (!recorder) {
      assert.equal(existsSync(path.join(WIDGET_DIR, "src/recorder/index.js")), false);
      return;
    }
    assert.match(text(recorder), /^\(\(\)=>\{/, "an IIFE");
  });

  test("the core imports no surface and no floating-ui: those only load as chunks", async () => {
    const { files } = await theBuild();
    const core = text(files.find((file) => file.name === "wegwijs.js"));
    // Strings only the surfaces' own CSS contains.
    for (const marker of [".ww-popover{", ".ww-tip{", ".ww-banner{", ".ww-panel,", ".ww-spotlight{"]) {
      assert.ok(!core.includes(marker), `${marker} is not in the core`);
    }
    assert.ok(!core.includes("getClippingRect"), "no floating-ui in the core");
    // And the chunks never contain the core's state: no second event queue or API.
    for (const file of files.filter((each) => each.name.startsWith("chunks/"))) {
      assert.ok(!text(file).includes("wegwijs.js is included more than once"), file.name);
      assert.ok(!text(file).includes("Wegwijs.identify"), file.name);
    }
  });

  test("prints and checks every file and what a page fetches before any interaction", async (t) => {
    const report = sizeReport(await theBuild());
    for (const line of report.lines) t.diagnostic(line);
    const { files, manifest } = await theBuild();
    assert.ok(report.lines.some((line) => /^wegwijs\.js +[\d.]+ KB raw/.test(line)));
    assert.ok(report.lines.some((line) => line.startsWith("before interaction, core + walkthrough")));
    for (const file of files) assert.ok(report.lines.some((line) => line.startsWith(file.name)));
    const cases = measureBeforeInteraction(measureSizes(files), manifest);
    const withWalkthrough = cases.find((each) => each.name === "core + walkthrough");
    assert.deepEqual(withWalkthrough.files, ["wegwijs.js", ...manifest.walkthrough]);
    assert.equal(withWalkthrough.budget, SIZE_BUDGETS.beforeInteraction);
    assert.equal(withWalkthrough.target, SIZE_TARGETS.beforeInteraction);
    // The widget issue's targets; the enforced budgets may only be looser, never stricter.
    assert.equal(SIZE_TARGETS.beforeInteraction, 16 * 1024);
    assert.equal(SIZE_TARGETS.chunk, 8 * 1024);
    for (const [name, target] of Object.entries(SIZE_TARGETS)) {
      assert.ok(SIZE_BUDGETS[name] >= target, name);
    }
  });

  test("every built file, and each page's fetch before interaction, is within budget", async () => {
    const { problems } = sizeReport(await theBuild());
    assert.deepEqual(problems, []);
  });

  test("measureSizes flags a file over its budget", () => {
    // Random bytes do not compress, so the gzipped size stays above the budget.
    const tooBig = randomBytes(SIZE_BUDGETS.chunk * 2);
    const [size] = measureSizes([{ name: "chunks/tip-ABCDEFGH.js", contents: tooBig }]);
    assert.equal(size.budget, SIZE_BUDGETS.chunk);
    assert.equal(size.overBudget, true);
    assert.match(formatSizes([size])[0], /OVER BUDGET/);
  });

  test("output is minified with no source map or legal comments", async () => {
    const { files } = await theBuild();
    for (const file of files) {
      const code = text(file);
      assert.doesNotMatch(code, /sourceMappingURL/, file.name);
      assert.doesNotMatch(code, /\/\*|\/\/[ !@#]/, `no comments left in ${file.name}`);
    }
    const core = text(files.find((file) => file.name === "wegwijs.js"));
    assert.equal(core.trimEnd().split("\n").length, 1, "minified to one line");
  });

  test("the CLI builds into --outdir and prints raw and gzipped sizes", async () => {
    const outdir = path.join(tempRoot, "cli");
    const result = await run(process.execPath, ["build.mjs", "--outdir", outdir], {
      cwd: WIDGET_DIR,
    }).catch((error) => error); // over budget exits 1, and still prints every size
    assert.match(
      result.stdout,
      /wegwijs\.js +[\d.]+ KB raw +[\d.]+ KB gzip \(budget [\d.]+ KB; target 8\.0 KB (met|MISSED)\)/,
    );
    assert.match(
      result.stdout,
      /before interaction, core only +[\d.]+ KB gzip \(budget [\d.]+ KB; target 16\.0 KB (met|MISSED)\)/,
    );
    await readFile(path.join(outdir, "wegwijs.js"));
  });

  test("the CLI rejects an unknown argument", async () => {
    await assert.rejects(
      run(process.execPath, ["build.mjs", "--minify=false"], { cwd: WIDGET_DIR }),
      (error) => error.code === 1 && /unknown argument/.test(error.stderr),
    );
  });
});

describe("check-dist comparison", () => {
  test("names missing, stale and extra files", async () => {
    const expected = path.join(tempRoot, "expected");
    const actual = path.join(tempRoot, "actual");
    await mkdir(path.join(expected, "chunks"), { recursive: true });
    await mkdir(actual, { recursive: true });
    await writeFile(path.join(expected, "wegwijs.js"), "new");
    await writeFile(path.join(expected, "chunks", "recorder.js"), "r");
    await writeFile(path.join(expected, "same.js"), "same");
    await writeFile(path.join(actual, "wegwijs.js"), "old");
    await writeFile(path.join(actual, "same.js"), "same");
    await writeFile(path.join(actual, "leftover.js"), "x");

    assert.deepEqual(await compareDirectories(expected, actual), [
      "missing: dist/chunks/recorder.js is produced by the build but absent",
      "stale: dist/wegwijs.js differs from a fresh build",
      "extra: dist/leftover.js is not produced by the build",
    ]);
  });

  test("a missing dist/ reports every file as missing", async () => {
    const expected = path.join(tempRoot, "only-expected");
    await mkdir(expected, { recursive: true });
    await writeFile(path.join(expected, "wegwijs.js"), "x");
    assert.deepEqual(await compareDirectories(expected, path.join(tempRoot, "nowhere")), [
      "missing: dist/wegwijs.js is produced by the build but absent",
    ]);
  });
});
