/**
 * Web Storage that never throws: private modes, full quotas and sandboxed frames make
 * `localStorage` throw on access. Every key is prefixed `wegwijs:`; values are JSON.
 * When the storage cannot be used, values live in memory for the life of the page.
 */

export const STORAGE_PREFIX = "wegwijs:";

/**
 * @typedef {Object} Store
 * @property {(key: string) => unknown} get the stored value, or `null`
 * @property {(key: string, value: unknown) => void} set
 * @property {(key: string) => void} remove
 */

/**
 * Wrap a Web Storage object (or a function returning one, since merely reading
 * `window.localStorage` can throw).
 *
 * @param {(() => Storage|null|undefined)|Storage|null|undefined} source
 * @returns {Store}
 */
export function createStore(source) {
  const memory = new Map();
  let storage;
  try {
    storage = typeof source === "function" ? source() : source;
  } catch (_error) {
    storage = null;
  }

  return {
    get(key) {
      const name = STORAGE_PREFIX + key;
      if (storage && !memory.has(name)) {
        try {
          const text = storage.getItem(name);
          return text === null ? null : JSON.parse(text);
        } catch (_error) {
          // Unreadable or corrupt: fall through to memory.
        }
      }
      return memory.has(name) ? memory.get(name) : null;
    },
    set(key, value) {
      const name = STORAGE_PREFIX + key;
      if (storage) {
        try {
          storage.setItem(name, JSON.stringify(value));
          memory.delete(name);
          return;
        } catch (_error) {
          // Quota or access error: keep it for this page at least.
        }
      }
      memory.set(name, value);
    },
    remove(key) {
      const name = STORAGE_PREFIX + key;
      memory.delete(name);
      if (storage) {
        try {
          storage.removeItem(name);
        } catch (_error) {
          // Nothing more to do.
        }
      }
    },
  };
}
