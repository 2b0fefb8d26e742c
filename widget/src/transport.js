/**
 * Talking to the Wegwijs server. Bodies go out as `text/plain` JSON: a "simple" request,
 * so the browser sends no CORS preflight (the server parses it as JSON). No cookies are
 * sent (`credentials: "omit"`). Nothing here throws into the host: a failed request
 * resolves to `null`.
 */

/**
 * @param {Object} options
 * @param {string} options.server base URL, no trailing slash
 * @param {string} options.appKey
 * @param {typeof fetch} [options.fetchImpl] default the page's `fetch`
 * @param {(url: string, data: Blob) => boolean} [options.beaconImpl] default
 *   `navigator.sendBeacon`
 */
export function createTransport({ server, appKey, fetchImpl, beaconImpl }) {
  const base = `${server}/api/public/v1/apps/${encodeURIComponent(appKey)}`;

  return {
    /**
     * POST `body` to `base/path`.
     *
     * @param {string} path e.g. `"/context"`
     * @param {unknown} body serialised as JSON
     * @param {{ keepalive?: boolean, onError?: (status: number) => void }} [options]
     *   `keepalive` lets the request outlive the page; `onError` hears the status of an
     *   answer that is not 2xx
     * @returns {Promise<any|null>} the parsed answer of a 2xx response, else `null`
     */
    async post(path, body, { keepalive = false, onError } = {}) {
      try {
        const response = await fetchImpl(base + path, {
          method: "POST",
          headers: { "Content-Type": "text/plain;charset=UTF-8" },
          body: JSON.stringify(body),
          credentials: "omit",
          mode: "cors",
          keepalive,
        });
        if (!response || !response.ok) {
          if (response && onError) onError(response.status);
          return null;
        }
        return await response.json();
      } catch (_error) {
        return null;
      }
    },

    /**
     * Hand `body` to the browser to deliver even while the page unloads.
     *
     * @returns {boolean} whether the browser accepted it for delivery
     */
    beacon(path, body) {
      try {
        if (typeof beaconImpl !== "function") return false;
        const blob = new Blob([JSON.stringify(body)], { type: "text/plain;charset=UTF-8" });
        return beaconImpl(base + path, blob) === true;
      } catch (_error) {
        return false;
      }
    },
  };
}
