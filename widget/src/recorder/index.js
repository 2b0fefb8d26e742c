/**
 * Entry of `wegwijs-recorder.js`: the author's recorder, loaded only in record mode and
 * never by ordinary visitors. It adds no global of its own: it hangs its API on the
 * `Wegwijs` object the widget installed, as `Wegwijs.recorder` (a second copy keeps the
 * first). The widget's core loads it when this tab holds a record token (see `hook.js`)
 * and then calls `Wegwijs.recorder.open({ server, appKey })`.
 */

import { captureBundle } from "../capture.js";
import { findTarget } from "../resolve.js";
import { startPicking } from "./picker.js";
import { startRecordMode } from "./record.js";

export { captureBundle, findTarget, startPicking };

/**
 * Put the recorder's API on `win.Wegwijs`, if the widget is there. Never throws.
 *
 * @param {Window} win
 * @returns {boolean} whether it is installed now
 */
export function installRecorder(win) {
  try {
    const api = win && win.Wegwijs;
    if (!api || typeof api !== "object") return false;
    if (api.recorder) return true;
    let mode = null;
    const recorder = Object.freeze({
      /** `startPicking({ onPick, onCancel })` in this page. */
      startPicking: (options) => startPicking({ doc: win.document, ...options }),
      /** The bundle the picker would record for `element`. */
      captureBundle: (element) => captureBundle(element, { doc: win.document }),
      /** What the widget would anchor to for `target` in this page, or `null`. */
      findTarget: (target) => findTarget(win.document, target),
      /**
       * Record or pick, as this tab's stored record token says (the toolbar appears); with
       * a recorder already open, take the newest token. Nothing happens without a token.
       *
       * @param {{ server: string, appKey: string }} options the widget's configuration
       * @returns {boolean} whether record or pick mode is on
       */
      open({ server, appKey }) {
        try {
          if (mode && !mode.finished()) mode.open();
          else {
            if (mode) mode.stop();
            mode = startRecordMode({ win, server, appKey });
          }
          return Boolean(mode);
        } catch (_error) {
          return false;
        }
      },
    });
    Object.defineProperty(api, "recorder", { value: recorder, configurable: true });
    return true;
  } catch (_error) {
    return false;
  }
}

if (typeof window !== "undefined") installRecorder(window);
