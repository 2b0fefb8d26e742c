/**
 * Running one walkthrough: shows its steps one at a time, advances on the step's trigger
 * (Next, a click on the target, input into it, or navigation), reports every view, and
 * keeps its place in `progress` so a reload or the next page resumes at the same step.
 */

import { waitForTarget, watchTarget } from "../resolve.js";
import { conceal } from "./dom.js";
import { renderPopover } from "./popover.js";
import { renderSpotlight } from "./spotlight.js";
import { labelsFor } from "./labels.js";

/**
 * @typedef {Object} WalkthroughStep a step as the context API serves it
 * @property {string} id stable step id
 * @property {unknown} target the recorded bundle; `null` for a floating step
 * @property {string|null} placement `auto`, `top`, `bottom`, `left`, `right`, `floating`
 * @property {string|null} advance_trigger `next`, `click`, `input` or `url`
 * @property {string} title plain text
 * @property {string} body_html sanitised by the server
 */

/**
 * @typedef {Object} WalkthroughOptions
 * @property {{ id: number, version: number, steps: WalkthroughStep[] }} guide
 * @property {number} [stepIndex] where to begin; default 0
 * @property {boolean} [resumed] continuing after a reload or page change: no
 *   `guide_started` (otherwise sent when the first step is shown); default false
 * @property {() => import("./host.js").Layer} getLayer the widget's host, created when
 *   first needed
 * @property {Document} doc
 * @property {"nl"|"en"} language the widget's own words' language (see `uiLocale`)
 * @property {(name: string, fields: Object) => void} emit queue an analytics event
 * @property {ReturnType<import("../progress.js").createProgress>} progress
 * @property {(reason: "completed"|"dismissed"|"missing") => void} [onEnd]
 * @property {() => string} [getUrl] the page's URL; default `location.href` of `doc`
 * @property {string} [resumedFromUrl] where the resumed step was shown: a step that
 *   advances on navigation counts as done when this page is another one
 * @property {number} [targetTimeoutMs] how long to wait for a late target; default 5000
 * @property {number} [inputDelayMs] quiet time after typing before an `input` step
 *   advances; default 800
 */

/**
 * @param {WalkthroughOptions} options
 * @returns {{ guideId: number, onNavigate: (url: string) => void, destroy: () => void }}
 */
export function startWalkthrough({
  guide,
  stepIndex = 0,
  resumed = false,
  getLayer,
  doc,
  language,
  emit,
  progress,
  onEnd = () => {},
  getUrl = () => doc.location.href,
  resumedFromUrl,
  targetTimeoutMs = 5000,
  inputDelayMs = 800,
}) {
  const labels = labelsFor(language);
  const steps = guide.steps || [];
  let index = -1;
  let current = null; // { target, cleanups: [] }
  let ended = false;
  // Reported with the first step actually shown: a guide whose target never appears was
  // not started by anyone, it is broken (element_missing).
  let startPending = !resumed;

  const fields = (step) => ({ guide_id: guide.id, version: guide.version, step_id: step.id });
  const guard = (fn) => (...args) => {
    try {
      return fn(...args);
    } catch (_error) {
      return undefined;
    }
  };

  function teardown() {
    if (!current) return;
    for (const cleanup of current.cleanups.reverse()) guard(cleanup)();
    current = null;
  }

  function end(reason) {
    if (ended) return;
    ended = true;
    teardown();
    progress.clear();
    onEnd(reason);
  }

  function show(nextIndex) {
    teardown();
    index = nextIndex;
    const step = steps[index];
    progress.set({ ...fields(step), url: getUrl() });
    current = { target: null, cleanups: [] };
    const anchored = step.target && step.placement !== "floating";
    if (!anchored) {
      render(step, null);
      return;
    }
    const layer = getLayer();
    const stopWaiting = waitForTarget(
      doc,
      step.target,
      guard((element) => {
        if (element) render(step, element);
        else {
          emit("element_missing", fields(step));
          end("missing");
        }
      }),
      { timeoutMs: targetTimeoutMs, exclude: layer.element },
    );
    current.cleanups.push(stopWaiting);
  }

  /** The host re-rendered the target: anchor to its new element without a new view. */
  function follow(step, target, shown) {
    const onReplaced = guard((element) => {
      if (ended) return;
      if (!element) {
        emit("element_missing", fields(step));
        end("missing");
        return;
      }
      teardown();
      current = { target: null, cleanups: [] };
      render(step, element, true);
    });
    const options = {
      timeoutMs: targetTimeoutMs,
      exclude: getLayer().element,
      onLost: guard(() => conceal(shown)), // hidden or re-rendering: back with its element
    };
    return watchTarget(doc, step.target, target, onReplaced, options);
  }

  function render(step, target, reanchored = false) {
    const layer = getLayer();
    const trigger = step.advance_trigger || "next";
    const state = current;
    state.target = target;
    const spotlight = target ? renderSpotlight({ layer, target }) : null;
    if (spotlight) state.cleanups.push(spotlight.destroy);
    const popover = renderPopover({
      layer,
      step,
      index,
      total: steps.length,
      target,
      labels,
      showNext: trigger === "next" || !target,
      onNext: () => advance(),
      onBack: () => {
        if (index > 0) show(index - 1);
      },
      onClose: () => {
        emit("guide_dismissed", fields(step));
        end("dismissed");
      },
    });
    state.cleanups.push(popover.destroy);
    if (spotlight) state.cleanups.push(follow(step, target, [spotlight.element, popover.element]));
    if (target && trigger === "click") listen(target, "click", () => advance());
    if (target && trigger === "input") {
      let timer = null;
      state.cleanups.push(() => clearTimeout(timer));
      listen(target, "input", () => {
        clearTimeout(timer);
        timer = setTimeout(guard(() => advance()), inputDelayMs);
      });
      listen(target, "change", () => advance());
    }
    if (startPending) {
      startPending = false;
      emit("guide_started", fields(step));
    }
    if (!reanchored) emit("step_viewed", fields(step));
  }

  function listen(target, type, handler) {
    const wrapped = guard(handler);
    target.addEventListener(type, wrapped);
    current.cleanups.push(() => target.removeEventListener(type, wrapped));
  }

  function advance() {
    if (ended || index < 0) return;
    const step = steps[index];
    emit("step_completed", fields(step));
    if (index === steps.length - 1) {
      emit("guide_completed", fields(step));
      end("completed");
      return;
    }
    show(index + 1);
  }

  if (steps.length === 0) {
    ended = true;
  } else {
    const start = Math.min(Math.max(0, stepIndex), steps.length - 1);
    const leftPage = resumed && resumedFromUrl && resumedFromUrl !== getUrl();
    index = start;
    if (leftPage && steps[start].advance_trigger === "url") advance();
    else show(start);
  }

  return {
    guideId: guide.id,
    /** The page's URL changed (SPA navigation). */
    onNavigate: guard(() => {
      if (ended || index < 0) return;
      const step = steps[index];
      if (step.advance_trigger === "url") advance();
      else if (current && current.target && !current.target.isConnected) show(index);
    }),
    /** Remove the walkthrough from the page without reporting anything. */
    destroy: guard(() => {
      ended = true;
      teardown();
    }),
    get ended() {
      return ended;
    },
  };
}
