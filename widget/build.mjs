/**
 * Build the widget into dist/ (or `--outdir DIR`), print each file's raw and gzipped size,
 * and fail when a file, or what a page fetches before the visitor does anything, is over
 * its gzipped size budget.
 *
 *   node build.mjs                  # writes dist/, which is committed: the server serves it
 *   node build.mjs --outdir /tmp/x  # writes elsewhere, e.g. for scripts/check-dist.mjs
 *
 * Three builds, one output:
 *
 * - `chunks/`: the UI surfaces as ES modules (esbuild `splitting`), loaded by the core with
 *   `import()` only when a page needs them. Code that several surfaces use (floating-ui,
 *   the target finder) lands in shared `chunks/shared-*.js` files. Every name carries a
 *   content hash, so a file name always means the same bytes.
 * - `wegwijs.js`: the core, a classic-script IIFE (what integrators' `<script src>` loads),
 *   with the chunk manifest compiled in (`__WEGWIJS_CHUNKS__`), so it is built second.
 * - `wegwijs-recorder.js`: the author's recorder, an IIFE of its own (record mode only).
 * - `wegwijs-check.js`: the resolver for `wegwijs guides check` (never loaded by a page).
 *
 * The output is deterministic: the same sources and esbuild version give byte-identical
 * files, so scripts/check-dist.mjs can tell whether dist/ is up to date.
 */

import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { minify } from "terser";

export const WIDGET_DIR = path.dirname(fileURLToPath(import.meta.url));
export const DIST_DIR = path.join(WIDGET_DIR, "dist");

const KB = 1024;

/**
 * The widget's size targets, gzipped bytes (Node's zlib at its default level), from the
 * widget issue.
 *
 * The visitor's browser fetches the core on every page, plus the chunks of whatever shows
 * without being asked for (an autostarting or resumed walkthrough, tips, an announcement):
 * together that should stay within `beforeInteraction`, which the build measures for each
 * such surface and for all of them at once. The help panel and feedback load on a click.
 *
 * These targets are not all met yet (the build prints "MISSED" beside them): every chunk
 * is within its target, but the core is larger than its half, and a page where a surface
 * shows by itself fetches more than `beforeInteraction` (floating-ui and the resolver
 * alone are about 9 KB of it). What the build *enforces* is `SIZE_BUDGETS`.
 */
export const SIZE_TARGETS = Object.freeze({
  /** Everything fetched for the widget before the visitor's first interaction. */
  beforeInteraction: 16 * KB,
  /** `wegwijs.js`, the core: half of `beforeInteraction`. */
  core: 8 * KB,
  /** Each file in `chunks/`, shared ones included. */
  chunk: 8 * KB,
  /** `wegwijs-recorder.js`, loaded only for authors in record mode. */
  recorder: 16 * KB,
});

/**
 * What the build fails on: today's sizes plus a little room, so the widget cannot grow
 * unnoticed while it is brought down to `SIZE_TARGETS`. Lower these as sizes come down.
 */
export const SIZE_BUDGETS = Object.freeze({
  beforeInteraction: 27.5 * KB,
  core: 11 * KB,
  chunk: SIZE_TARGETS.chunk,
  recorder: 16 * KB,
});

/** Lazily loaded chunk name → its entry module; `src/chunks.js` loads them by name. */
export const CHUNK_ENTRIES = Object.freeze({
  walkthrough: "src/ui/walkthrough.js",
  tip: "src/ui/tip.js",
  announcement: "src/ui/announcement.js",
  help: "src/ui/help-panel.js",
  feedback: "src/ui/feedback.js",
  find: "src/find.js",
  opener: "src/opener.js",
});

/**
 * Chunks a page can fetch before the visitor does anything: these surfaces show by
 * themselves. The size check adds them to the core one at a time and all together.
 */
export const EAGER_CHUNKS = Object.freeze(["walkthrough", "tip", "announcement"]);

/**
 * Entries no page loads by name, there only to shape the split: esbuild puts code in one
 * shared file per set of entries that reach it, and the resolver and floating-ui are
 * reached by the same surfaces, so together they would make one file over the chunk
 * budget. An entry of its own gives the resolver a shared file of its own.
 */
const SPLIT_ENTRIES = Object.freeze({ resolver: "src/resolve.js" });

const CORE_ENTRY = "src/index.js";
const RECORDER_ENTRY = "src/recorder/index.js";
const CHECK_ENTRY = "src/check-entry.js";

/** Settings all three builds share. */
function commonOptions(version) {
  return {
    absWorkingDir: WIDGET_DIR,
    bundle: true,
    platform: "browser",
    target: "es2019",
    // import() is ES2020, but every browser with Shadow DOM, adoptedStyleSheets and the
    // popover attribute has it; the rest of the syntax stays ES2019.
    supported: { "dynamic-import": true },
    minify: true,
    sourcemap: false,
    legalComments: "none",
    define: { __WEGWIJS_VERSION__: JSON.stringify(version) },
    write: false,
    metafile: true,
    logLevel: "warning",
  };
}

/**
 * Bundle the widget and write it into `outdir`.
 *
 * @param {{ outdir: string }} options
 * @returns {Promise<Array<{ name: string, contents: Uint8Array }>>} the files written,
 *   sorted by name; `name` is relative to `outdir` with `/` separators
 */
export async function buildWidget({ outdir }) {
  const { files } = await buildAll({ outdir });
  await writeFiles(outdir, files);
  return files;
}

/**
 * Build everything in memory.
 *
 * @param {{ outdir: string }} options
 * @returns {Promise<{ files: Array<{ name: string, contents: Uint8Array }>,
 *   manifest: Object<string, string[]> }>} `manifest` maps a chunk name to its files, the
 *   entry first, then every shared file it imports (directly or not)
 */
export async function buildAll({ outdir }) {
  const packageJson = JSON.parse(await readFile(path.join(WIDGET_DIR, "package.json"), "utf8"));
  const common = commonOptions(packageJson.version);

  const chunks = await build({
    ...common,
    entryPoints: Object.entries({ ...CHUNK_ENTRIES, ...SPLIT_ENTRIES }).map(([name, entry]) => ({
      in: entry,
      out: name,
    })),
    outdir,
    format: "esm",
    splitting: true,
    entryNames: "chunks/[name]-[hash]",
    chunkNames: "chunks/shared-[hash]",
  });
  const manifest = chunkManifest(chunks.metafile, outdir);

  const core = await build({
    ...common,
    entryPoints: [{ in: CORE_ENTRY, out: "wegwijs" }],
    outdir,
    format: "iife",
    define: { ...common.define, __WEGWIJS_CHUNKS__: JSON.stringify(manifest) },
  });

  const outputs = [...chunks.outputFiles, ...core.outputFiles];
  const recorder = await build({
    ...common,
    entryPoints: [{ in: RECORDER_ENTRY, out: "wegwijs-recorder" }],
    outdir,
    format: "iife",
  });
  // For `wegwijs guides check` only: Playwright evaluates it inside the checked page, where
  // `WegwijsCheck` stays local to the evaluated function. No host page loads it.
  const check = await build({
    ...common,
    entryPoints: [{ in: CHECK_ENTRY, out: "wegwijs-check" }],
    outdir,
    format: "iife",
    globalName: "WegwijsCheck",
  });
  outputs.push(...recorder.outputFiles, ...check.outputFiles);

  const files = (await Promise.all(outputs.map((file) => compress(file, outdir)))).sort((a, b) =>
    a.name < b.name ? -1 : 1,
  );
  return { files, manifest };
}

/**
 * A second minification pass over one esbuild output: terser's compressor (two passes, no
 * `unsafe` transforms) finds what esbuild's single pass leaves, about 5% of the gzipped
 * core. The chunks are ES modules, whose exports keep their names; the IIFEs keep their
 * one global. File names keep esbuild's content hash: the same sources still give the same
 * bytes under the same name.
 *
 * @param {{ path: string, contents: Uint8Array }} file
 * @param {string} outdir
 * @returns {Promise<{ name: string, contents: Uint8Array }>}
 */
async function compress(file, outdir) {
  const name = relativeName(outdir, file.path);
  const code = Buffer.from(file.contents).toString("utf8");
  const result = await minify(code, {
    ecma: 2019,
    module: name.startsWith("chunks/"),
    compress: { passes: 2 },
    mangle: true,
    format: { comments: false },
  });
  return { name, contents: new Uint8Array(Buffer.from(result.code, "utf8")) };
}

/**
 * From the chunk build's metafile: chunk name → `[entry file, ...shared files]`, paths
 * relative to `outdir`. The core imports them all at once, so the browser does not find
 * the shared files only after it has parsed the entry.
 */
function chunkManifest(metafile, outdir) {
  const outputs = metafile.outputs;
  const relative = (key) => relativeName(outdir, path.resolve(WIDGET_DIR, key));
  const byEntry = new Map();
  for (const [key, output] of Object.entries(outputs)) {
    if (output.entryPoint) byEntry.set(output.entryPoint, key);
  }
  const manifest = {};
  for (const [name, entry] of Object.entries(CHUNK_ENTRIES)) {
    const start = byEntry.get(entry);
    const seen = [start];
    for (let index = 0; index < seen.length; index += 1) {
      for (const imported of outputs[seen[index]].imports) {
        if (imported.kind === "import-statement" && !seen.includes(imported.path)) {
          seen.push(imported.path);
        }
      }
    }
    manifest[name] = [start, ...seen.slice(1).sort()].map(relative);
  }
  return manifest;
}

function relativeName(outdir, file) {
  return path.relative(outdir, file).split(path.sep).join("/");
}

/**
 * Write built files under `outdir`, creating directories as needed.
 *
 * @param {string} outdir
 * @param {Array<{ name: string, contents: Uint8Array }>} files
 */
export async function writeFiles(outdir, files) {
  await mkdir(outdir, { recursive: true });
  for (const file of files) {
    await mkdir(path.dirname(path.join(outdir, file.name)), { recursive: true });
    await writeFile(path.join(outdir, file.name), file.contents);
  }
}

/**
 * The gzipped budget of one built file, by where it lives.
 *
 * @param {string} name relative to the output directory
 * @returns {number|null}
 */
export function budgetFor(name, limits = SIZE_BUDGETS) {
  if (name === "wegwijs.js") return limits.core;
  if (name === "wegwijs-recorder.js") return limits.recorder;
  if (name.startsWith("chunks/")) return limits.chunk;
  return null;
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
    const budget = budgetFor(name);
    const target = budgetFor(name, SIZE_TARGETS);
    return {
      name,
      raw: contents.length,
      gzip,
      budget,
      target,
      overBudget: budget !== null && gzip > budget,
    };
  });
}

/**
 * What a page fetches before the visitor's first interaction, per case: the core alone,
 * the core with each surface that shows by itself, and with all of them at once.
 *
 * @param {ReturnType<typeof measureSizes>} sizes
 * @param {Object<string, string[]>} manifest from `buildAll`
 * @returns {Array<{ name: string, files: string[], gzip: number, budget: number,
 *   overBudget: boolean }>}
 */
export function measureBeforeInteraction(sizes, manifest) {
  const gzipOf = new Map(sizes.map((size) => [size.name, size.gzip]));
  const cases = [["core only", []], ...EAGER_CHUNKS.map((name) => [`core + ${name}`, [name]])];
  cases.push([`core + ${EAGER_CHUNKS.join(" + ")}`, EAGER_CHUNKS]);
  return cases.map(([name, chunks]) => {
    const files = [...new Set(["wegwijs.js", ...chunks.flatMap((chunk) => manifest[chunk] || [])])];
    const gzip = files.reduce((sum, file) => sum + (gzipOf.get(file) || 0), 0);
    const budget = SIZE_BUDGETS.beforeInteraction;
    const target = SIZE_TARGETS.beforeInteraction;
    return { name, files, gzip, budget, target, overBudget: gzip > budget };
  });
}

const kb = (bytes) => `${(bytes / KB).toFixed(1)} KB`;

/** `; target 8.0 KB met` or `; target 8.0 KB MISSED`, when the issue names a target. */
function targetNote({ gzip, target }) {
  if (target === null || target === undefined) return "";
  return `; target ${kb(target)} ${gzip <= target ? "met" : "MISSED"}`;
}

/** One line per file: `wegwijs.js  12.3 KB raw  4.5 KB gzip (budget 12.5 KB; target …)`. */
export function formatSizes(sizes) {
  const width = Math.max(...sizes.map((size) => size.name.length));
  return sizes.map((size) => {
    const budget = size.budget === null ? "" : ` (budget ${kb(size.budget)}${targetNote(size)})`;
    const verdict = size.overBudget ? "  OVER BUDGET" : "";
    const raw = kb(size.raw).padStart(9);
    const gzip = kb(size.gzip).padStart(9);
    return `${size.name.padEnd(width)}  ${raw} raw  ${gzip} gzip${budget}${verdict}`;
  });
}

/** One line per case: `before interaction, core + tip   11.2 KB gzip (budget 16.0 KB)`. */
export function formatBeforeInteraction(cases) {
  const width = Math.max(...cases.map((each) => each.name.length));
  return cases.map((each) => {
    const verdict = each.overBudget ? "  OVER BUDGET" : "";
    const gzip = kb(each.gzip).padStart(9);
    const budget = `budget ${kb(each.budget)}${targetNote(each)}`;
    return `before interaction, ${each.name.padEnd(width)}  ${gzip} gzip (${budget})${verdict}`;
  });
}

/**
 * Every size line and every budget problem of one build.
 *
 * @param {{ files: Array<{ name: string, contents: Uint8Array }>, manifest: Object }} built
 * @returns {{ lines: string[], problems: string[] }}
 */
export function sizeReport({ files, manifest }) {
  const sizes = measureSizes(files);
  const cases = measureBeforeInteraction(sizes, manifest);
  const problems = [
    ...sizes
      .filter((size) => size.overBudget)
      .map((size) => `${size.name} is ${size.gzip} bytes gzipped, over its budget of ${size.budget}`),
    ...cases
      .filter((each) => each.overBudget)
      .map((each) => `${each.name} is ${each.gzip} bytes gzipped before interaction, over ${each.budget}`),
  ];
  return { lines: [...formatSizes(sizes), ...formatBeforeInteraction(cases)], problems };
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

  const built = await buildAll({ outdir });
  await writeFiles(outdir, built.files);
  const shown = path.relative(process.cwd(), outdir);
  console.log(`built into ${shown.startsWith("..") ? outdir : shown || "."}`);
  const { lines, problems } = sizeReport(built);
  for (const line of lines) console.log(`  ${line}`);
  for (const problem of problems) console.error(`${problem} (SIZE_BUDGETS in widget/build.mjs)`);
  if (problems.length > 0) process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error) => {
    console.error(error.message || error);
    process.exitCode = 1;
  });
}
