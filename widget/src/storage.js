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
 * @property {() => string[]} keys every stored key (without the prefix), e.g. to find the
 *   event queues other tabs left behind
 * @property {() => void} persist write what the gate kept in memory into the storage
 */

/**
 * Wrap a Web Storage object (or a function returning one, since merely reading
 * `window.localStorage` can throw).
 *
 * `mayStore` is the consent gate: while it returns anything but `true`, values are kept in
 * memory for this page only and nothing is written to the browser's storage (keys that
 * `alwaysStore` accepts, such as an author's preview token, excepted). `persist()` writes
 * them once it opens.
 *
 * @param {(() => Storage|null|undefined)|Storage|null|undefined} source
 * @param {{ mayStore?: () => boolean|null, alwaysStore?: (key: string) => boolean }} [gate]
 * @returns {Store}
 */
export function createStore(source, { mayStore = () => true, alwaysStore = () => false } = {}) {
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
      if (storage && (mayStore() === true || alwaysStore(key))) {
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
    persist() {
      if (!storage || mayStore() !== true) return;
      for (const [name, value] of [...memory]) {
        try {
          storage.setItem(name, JSON.stringify(value));
          memory.delete(name);
        } catch (_error) {
          return; // quota or access error: the rest stays in memory for this page
        }
      }
    },
    keys() {
      const names = new Set(memory.keys());
      try {
        const count = storage ? storage.length : 0;
        for (let index = 0; index < count; index += 1) names.add(storage.key(index));
      } catch (_error) {
        // Unreadable: only what this page kept in memory.
      }
      return [...names]
        .filter((name) => name && name.startsWith(STORAGE_PREFIX))
        .map((name) => name.slice(STORAGE_PREFIX.length));
    },
  };
}
