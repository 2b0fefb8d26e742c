/**
 * The UI on demand. `wegwijs.js` holds what every page needs (configuration, identity,
 * events, the context and the decisions); each surface — walkthrough, tip, announcement,
 * help panel, feedback — is an ES module in `chunks/`, fetched with `import()` the first
 * time a page needs it (build.mjs writes them and compiles their names in here).
 *
 * Chunk URLs are relative to the core script's own `src`, so a versioned
 * `/widget/v/<build>/wegwijs.js` loads the chunks of the same build. A chunk gets what it
 * needs from the core as arguments of its render function (the layer, labels, callbacks):
 * no globals. `import()` from a classic script carries that script's nonce, so the chunks
 * load under a nonce-based CSP as well.
 */

import { warn } from "./log.js";

/* global __WEGWIJS_CHUNKS__ */
/** Chunk name → its files, the entry first, relative to `wegwijs.js`; from build.mjs. */
const BUILT_CHUNKS = typeof __WEGWIJS_CHUNKS__ === "object" ? __WEGWIJS_CHUNKS__ : {};

/**
 * @typedef {Object} ChunkLoader
 * @property {(name: string) => Promise<Object>} load the chunk's module; a failed load is
 *   forgotten, so the next call tries again
 */

/**
 * @param {Object} options
 * @param {string} options.base the URL chunk files are relative to: the core's `src`
 * @param {Object<string, string[]>} [options.files] chunk name → files; default the build's
 * @param {(url: string) => Promise<Object>} [options.importModule] default `import()`
 * @returns {ChunkLoader}
 */
export function createChunkLoader({
  base,
  files = BUILT_CHUNKS,
  importModule = (url) => import(url),
}) {
  const loading = new Map();

  function fetchAll(name) {
    const list = Object.prototype.hasOwnProperty.call(files, name) ? files[name] : null;
    if (!Array.isArray(list) || list.length === 0) {
      return Promise.reject(new Error(`unknown chunk "${name}"`));
    }
    // The entry and its shared files at once: otherwise the browser finds the shared
    // ones only after it has fetched and parsed the entry.
    return Promise.all(list.map((file) => importModule(new URL(file, base).href))).then(
      (modules) => modules[0],
    );
  }

  return {
    load(name) {
      if (!loading.has(name)) {
        let promise;
        try {
          promise = fetchAll(name);
        } catch (error) {
          promise = Promise.reject(error); // e.g. no usable base URL
        }
        loading.set(name, promise);
        promise.catch(() => loading.delete(name));
      }
      return loading.get(name);
    },
  };
}

/**
 * @typedef {Object} LazySurface a surface whose code may still be on its way
 * @property {boolean} ended it ended, was destroyed, or its code could not load
 * @property {() => Object|null} current the surface, once created
 * @property {() => void} destroy removes it, or cancels it before it is created
 */

/**
 * Load chunk `name`, then `create(module)` the surface, unless it was destroyed first.
 * Never rejects and never throws: a failure is a console warning and an ended surface.
 *
 * @param {ChunkLoader} loader
 * @param {string} name
 * @param {(module: Object) => Object} create returns an object with `destroy()` (and
 *   optionally `ended`)
 * @param {() => void} [onFailed] the chunk did not load, or `create` threw
 * @returns {LazySurface}
 */
export function lazySurface(loader, name, create, onFailed = () => {}) {
  let surface = null;
  let gone = false;
  const fail = (error) => {
    if (gone) return;
    gone = true;
    warn(`could not show the ${name}`, error);
    try {
      onFailed();
    } catch (_error) {
      // Nothing more to do: the surface is already gone.
    }
  };
  loader.load(name).then((module) => {
    if (gone) return;
    try {
      surface = create(module);
    } catch (error) {
      fail(error);
    }
  }, fail);
  return {
    get ended() {
      return gone || Boolean(surface && surface.ended);
    },
    current: () => surface,
    destroy() {
      gone = true;
      if (surface) surface.destroy();
      surface = null;
    },
  };
}
