/**
 * Build the widget into dist/ (or `--outdir DIR`), print each file's raw and gzipped size,
 * and fail when a file is over its gzipped size budget.
 *
 *   node build.mjs                  # writes dist/, which is committed: the server serves it
 *   node build.mjs --outdir /tmp/x  # writes elsewhere, e.g. for scripts/check-dist.mjs
 *
 * The output is deterministic: the same sources and esbuild version give byte-identical
 * files, so scripts/check-dist.mjs can tell whether dist/ is up to date.
 */

import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

export const WIDGET_DIR = path.dirname(fileURLToPath(import.meta.url));
export const DIST_DIR = path.join(WIDGET_DIR, "dist");

/**
 * Gzipped size budget per built file, in bytes. The entry file is loaded on every page of
 * the host app, so it stays small; features that only some visitors need (the author's
 * recorder) become separate files with their own budget.
 */
export const SIZE_BUDGETS = Object.freeze({
  "wegwijs.js": 30 * 1024,
});

/** Built file name (without `.js`) → source entry point. */
const ENTRY_POINTS = [{ out: "wegwijs", in: "src/index.js" }];

/**
 * Bundle the widget and write it into `outdir`.
 *
 * @param {{ outdir: string }} options
 * @returns {Promise<Array<{ name: string, contents: Uint8Array }>>} the files written,
 *   sorted by name; `name` is relative to `outdir`
 */
export async function buildWidget({ outdir }) {
  const packageJson = JSON.parse(await readFile(path.join(WIDGET_DIR, "package.json"), "utf8"));
  const result = await build({
    absWorkingDir: WIDGET_DIR,
    entryPoints: ENTRY_POINTS,
    outdir,
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2019",
    minify: true,
    sourcemap: false,
    legalComments: "none",
    define: { __WEGWIJS_VERSION__: JSON.stringify(packageJson.version) },
    write: false,
    logLevel: "warning",
  });

  const files = result.outputFiles
    .map((file) => ({ name: path.relative(outdir, file.path), contents: file.contents }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  await mkdir(outdir, { recursive: true });
  for (const file of files) {
    await mkdir(path.dirname(path.join(outdir, file.name)), { recursive: true });
    await writeFile(path.join(outdir, file.name), file.contents);
  }
  return files;
}

/**
 * Measure each file and compare it with its budget.
 *
 * @param {Array<{ name: string, contents: Uint8Array }>} files
 * @returns {Array<{ name: string, raw: number, gzip: number, budget: number|null,
 *   overBudget: boolean }>}
 */
export function measureSizes(files) {
  return files.map(({ name, contents }) => {
    const gzip = gzipSync(contents).length;
    const budget = Object.prototype.hasOwnProperty.call(SIZE_BUDGETS, name)
      ? SIZE_BUDGETS[name]
      : null;
    const overBudget = budget !== null && gzip > budget;
    return { name, raw: contents.length, gzip, budget, overBudget };
  });
}

/** One line per file: `wegwijs.js  12.3 KB raw  4.5 KB gzip (budget 30.0 KB)`. */
export function formatSizes(sizes) {
  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
  const width = Math.max(...sizes.map((size) => size.name.length));
  return sizes.map((size) => {
    const budget = size.budget === null ? "" : ` (budget ${kb(size.budget)})`;
    const verdict = size.overBudget ? "  OVER BUDGET" : "";
    const raw = kb(size.raw).padStart(9);
    const gzip = kb(size.gzip).padStart(9);
    return `${size.name.padEnd(width)}  ${raw} raw  ${gzip} gzip${budget}${verdict}`;
  });
}

function parseArguments(argv) {
  let outdir = DIST_DIR;
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    if (argument === "--outdir" && index + 1 < argv.length) {
      index += 1;
      outdir = path.resolve(argv[index]);
    } else if (argument.startsWith("--outdir=")) {
      outdir = path.resolve(argument.slice("--outdir=".length));
    } else {
      const usage = "usage: node build.mjs [--outdir DIR]";
      throw new Error(`unknown argument ${JSON.stringify(argument)}; ${usage}`);
    }
  }
  return { outdir };
}

async function main() {
  const { outdir } = parseArguments(process.argv.slice(2));
  // dist/ holds nothing but build output: start it empty so no stale file survives.
  // Another --outdir is not ours to empty.
  if (outdir === DIST_DIR) await rm(DIST_DIR, { recursive: true, force: true });

  const sizes = measureSizes(await buildWidget({ outdir }));
  const shown = path.relative(process.cwd(), outdir);
  console.log(`built into ${shown.startsWith("..") ? outdir : shown || "."}`);
  for (const line of formatSizes(sizes)) console.log(`  ${line}`);

  const over = sizes.filter((size) => size.overBudget);
  if (over.length > 0) {
    for (const size of over) {
      console.error(
        `${size.name} is ${size.gzip} bytes gzipped, over its budget of ${size.budget} ` +
          "bytes (SIZE_BUDGETS in widget/build.mjs)",
      );
    }
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error) => {
    console.error(error.message || error);
    process.exitCode = 1;
  });
}
