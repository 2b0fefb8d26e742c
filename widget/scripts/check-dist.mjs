/**
 * Check that the committed dist/ is what the sources build to: build into a temporary
 * directory and compare file by file. The Python server serves dist/ without Node, so a
 * stale dist/ would ship old widget code. It also prints every file's size and what a page
 * fetches before the visitor's first interaction, and fails above the budgets
 * (SIZE_BUDGETS in build.mjs).
 *
 *   node scripts/check-dist.mjs   # exit 0 when up to date and within budget, else 1
 */

import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { buildAll, DIST_DIR, sizeReport, writeFiles } from "../build.mjs";

/**
 * Every file under `dir`, as paths relative to it with `/` separators; `[]` when `dir`
 * does not exist.
 */
async function listFiles(dir) {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    if (error.code === "ENOENT") return [];
    throw error;
  }
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath ?? entry.path, entry.name)))
    .map((name) => name.split(path.sep).join("/"))
    .sort();
}

/**
 * Compare two directories of built files.
 *
 * @param {string} expectedDir a fresh build
 * @param {string} actualDir the committed dist/
 * @returns {Promise<string[]>} one line per difference; empty when identical
 */
export async function compareDirectories(expectedDir, actualDir) {
  const expected = await listFiles(expectedDir);
  const actual = new Set(await listFiles(actualDir));
  const problems = [];
  for (const name of expected) {
    if (!actual.has(name)) {
      problems.push(`missing: dist/${name} is produced by the build but absent`);
      continue;
    }
    actual.delete(name);
    const [want, have] = await Promise.all([
      readFile(path.join(expectedDir, name)),
      readFile(path.join(actualDir, name)),
    ]);
    if (!want.equals(have)) problems.push(`stale: dist/${name} differs from a fresh build`);
  }
  for (const name of actual) problems.push(`extra: dist/${name} is not produced by the build`);
  return problems;
}

async function main() {
  const tempDir = await mkdtemp(path.join(os.tmpdir(), "wegwijs-dist-"));
  try {
    const built = await buildAll({ outdir: tempDir });
    await writeFiles(tempDir, built.files);
    const report = sizeReport(built);
    for (const line of report.lines) console.log(line);
    const stale = await compareDirectories(tempDir, DIST_DIR);
    for (const problem of stale) console.error(problem);
    if (stale.length > 0) {
      console.error("dist/ is out of date: run `npm run build` in widget/ and commit dist/");
    } else {
      console.log("dist/ is up to date");
    }
    for (const problem of report.problems) console.error(`over budget: ${problem}`);
    if (stale.length > 0 || report.problems.length > 0) process.exitCode = 1;
  } finally {
    await rm(tempDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error) => {
    console.error(error.message || error);
    process.exitCode = 1;
  });
}
