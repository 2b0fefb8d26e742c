import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { buildWidget, formatSizes, measureSizes, SIZE_BUDGETS, WIDGET_DIR } from "../build.mjs";
import { compareDirectories } from "../scripts/check-dist.mjs";

const run = promisify(execFile);
let tempRoot;

before(async () => {
  tempRoot = await mkdtemp(path.join(os.tmpdir(), "wegwijs-build-test-"));
});

after(async () => {
  await rm(tempRoot, { recursive: true, force: true });
});

describe("build", () => {
  test("is deterministic: two builds are byte-identical", async () => {
    const first = await buildWidget({ outdir: path.join(tempRoot, "first") });
    const second = await buildWidget({ outdir: path.join(tempRoot, "second") });
    assert.deepEqual(first.map((file) => file.name), ["wegwijs.js"]);
    assert.deepEqual(
      await compareDirectories(path.join(tempRoot, "first"), path.join(tempRoot, "second")),
      [],
    );
    assert.ok(Buffer.from(first[0].contents).equals(Buffer.from(second[0].contents)));
  });

  test("every built file is within its gzipped size budget", async (t) => {
    const files = await buildWidget({ outdir: path.join(tempRoot, "sizes") });
    const sizes = measureSizes(files);
    for (const line of formatSizes(sizes)) t.diagnostic(line);
    const entry = sizes.find((size) => size.name === "wegwijs.js");
    assert.equal(entry.budget, SIZE_BUDGETS["wegwijs.js"]);
    assert.equal(entry.budget, 30 * 1024);
    assert.deepEqual(sizes.filter((size) => size.overBudget), []);
  });

  test("measureSizes flags a file over its budget", () => {
    // Random bytes do not compress, so the gzipped size stays above the budget.
    const tooBig = randomBytes(SIZE_BUDGETS["wegwijs.js"] * 2);
    const [size] = measureSizes([{ name: "wegwijs.js", contents: tooBig }]);
    assert.equal(size.overBudget, true);
    assert.match(formatSizes([size])[0], /OVER BUDGET/);
  });

  test("output is a minified script with no source map or legal comments", async () => {
    const [file] = await buildWidget({ outdir: path.join(tempRoot, "shape") });
    const code = Buffer.from(file.contents).toString("utf8");
    assert.match(code, /^\(\(\)=>\{/, "an IIFE");
    assert.doesNotMatch(code, /sourceMappingURL/);
    assert.doesNotMatch(code, /\/\*|\/\/[ !@#]/, "no comments left");
    assert.equal(code.trimEnd().split("\n").length, 1, "minified to one line");
  });

  test("the CLI builds into --outdir and prints raw and gzipped sizes", async () => {
    const outdir = path.join(tempRoot, "cli");
    const { stdout } = await run(process.execPath, ["build.mjs", "--outdir", outdir], {
      cwd: WIDGET_DIR,
    });
    assert.match(stdout, /wegwijs\.js +[\d.]+ KB raw +[\d.]+ KB gzip \(budget 30\.0 KB\)/);
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
