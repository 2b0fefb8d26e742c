/**
 * The runtime behind the public API: once the widget knows its app key it asks the
 * server what applies to this page and person (the context), again after every SPA
 * navigation and `identify`, and starts, resumes or continues a walkthrough from the
 * answer. It owns the event queue, the visitor's identity and the widget's host element.
 */

import { newEventId, createEventQueue } from "./events.js";
import { cleanTraits, createIdentity, normaliseLocale, randomId } from "./identity.js";
import { warn } from "./log.js";
import { watchNavigation } from "./navigation.js";
import { createProgress } from "./progress.js";
import { createStore } from "./storage.js";
import { createTransport } from "./transport.js";
import { renderHost } from "./ui/host.js";
import { labelsFor } from "./ui/labels.js";
import { startWalkthrough } from "./ui/walkthrough.js";

const MAX_URL = 2000;
const SIGNATURE = /^[0-9a-fA-F]{64}$/;

/**
 * @param {Object} options
 * @param {import("./api.js").WidgetState} options.state what the public API records
 * @param {Window} options.win
 * @param {Document} options.doc
 * @returns {{ activate: () => void, hooks: Object<string, () => void> }}
 *   `hooks` are called by the public API after each call (see `createApi`)
 */
export function createRuntime({ state, win, doc }) {
  let ready = false;
  let parts = null; // everything that exists once active
  let context = null;
  let walkthrough = null;
  let host = null;
  let sequence = 0;
  /** Walkthroughs finished or dismissed on this page: not started by themselves again
   * before the server has heard about it. */
  const endedHere = new Set();

  function canRun() {
    return (
      typeof win.fetch === "function" &&
      typeof win.addEventListener === "function" &&
      win.location &&
      win.history &&
      typeof doc.createElement === "function" &&
      typeof doc.addEventListener === "function"
    );
  }

  /** Start working: called once the stub's queue has been replayed, and by `init`. */
  function activate() {
    ready = true;
    const { appKey, server } = state.config;
    if (parts || !appKey || !server || !canRun()) return;
    const local = createStore(() => win.localStorage);
    const session = createStore(() => win.sessionStorage);
    const nav = win.navigator || {};
    const transport = createTransport({
      server,
      appKey,
      fetchImpl: win.fetch.bind(win),
      beaconImpl: typeof nav.sendBeacon === "function" ? nav.sendBeacon.bind(nav) : undefined,
    });
    const identity = createIdentity({ local, session });
    const queue = createEventQueue({
      store: local,
      storageKey: `events:${appKey}`,
      // keepalive: a batch in flight still arrives when the visitor leaves the page.
      send: (events) => transport.post("/events", envelope(events), { keepalive: true }),
      beacon: (events) => transport.beacon("/events", envelope(events)),
      newId: () => newEventId(() => randomId(32)),
    });
    parts = { transport, identity, queue, progress: createProgress(session, appKey) };
    applyConsent();
    drainTracked();
    const stopWatching = watchNavigation(win, onNavigate);
    const onPageHide = () => {
      try {
        queue.flushOnExit();
      } catch (_error) {
        // Unloading: nothing left to do.
      }
    };
    const onHidden = () => {
      try {
        if (doc.visibilityState === "hidden") queue.flush();
      } catch (_error) {
        // Best effort: the events stay stored.
      }
    };
    win.addEventListener("pagehide", onPageHide);
    doc.addEventListener("visibilitychange", onHidden);
    parts.stop = () => {
      stopWatching();
      win.removeEventListener("pagehide", onPageHide);
      doc.removeEventListener("visibilitychange", onHidden);
      queue.stop();
    };
    refresh();
  }

  // -- who and where --------------------------------------------------------------------

  function pageUrl() {
    return String(win.location.href).slice(0, MAX_URL);
  }

  function locale() {
    const traits = state.visitor.traits || {};
    const html = doc.documentElement && doc.documentElement.getAttribute("lang");
    const candidates = [state.config.locale, traits.locale, html, (win.navigator || {}).language];
    for (const candidate of candidates) {
      const value = normaliseLocale(candidate);
      if (value) return value;
    }
    return null;
  }

  /** Identity fields shared by the context and events requests. */
  function who() {
    const body = { visitor_id: parts.identity.visitorId() };
    const { userId, signature } = state.visitor;
    if (userId) {
      body.user_id = userId;
      if (signature && SIGNATURE.test(signature)) body.signature = signature;
    }
    const traits = cleanTraits(state.visitor.traits);
    if (Object.keys(traits).length > 0) body.traits = traits;
    const language = locale();
    if (language) body.locale = language;
    return body;
  }

  function envelope(events) {
    return { ...who(), session_id: parts.identity.sessionId(), events };
  }

  // -- consent and events ---------------------------------------------------------------

  /** Recording is allowed when the host said yes, or the app needs no consent and the
   * host did not say no. Before the first context it is unknown: events wait in memory. */
  function mayRecord() {
    if (state.consent === false) return false;
    if (state.consent === true) return true;
    if (!context) return null;
    return !(context.settings && context.settings.consent_required);
  }

  function applyConsent() {
    const allowed = mayRecord();
    if (allowed === false && state.consent !== false) {
      // Consent is required and not given yet: drop what this page held, but keep what
      // earlier pages stored with consent until it is sent.
      parts.queue.setConsent(null);
      parts.queue.discardHeld();
    } else {
      parts.queue.setConsent(allowed);
    }
  }

  function emit(name, fields) {
    if (mayRecord() === false) return;
    parts.queue.add({ name, ...fields, url: pageUrl(), locale: fields.locale || locale() });
  }

  function drainTracked() {
    const tracked = state.trackedEvents.splice(0, state.trackedEvents.length);
    for (const item of tracked) {
      emit("custom", { custom_name: item.name.slice(0, 100), props: item.props });
    }
  }

  // -- context --------------------------------------------------------------------------

  /** Ask for the context and act on it; never rejects (it is called without await). */
  async function refresh() {
    try {
      await fetchContext();
    } catch (error) {
      warn("could not load help for this page", error);
    }
  }

  async function fetchContext() {
    if (!parts) return;
    const mine = (sequence += 1);
    const progress = parts.progress.get();
    const body = { ...who(), url: pageUrl() };
    if (progress) {
      body.current = {
        guide_id: progress.guide_id,
        version: progress.version,
        step_id: progress.step_id,
      };
    }
    const answer = await parts.transport.post("/context", body);
    if (mine !== sequence || !answer || typeof answer !== "object") return;
    context = answer;
    applyConsent();
    if (host) host.setTheme(themeOf(context));
    whenDomReady(() => {
      if (mine === sequence) decide();
    });
  }

  /** The answer can arrive before the body is parsed (an async script in the head). */
  function whenDomReady(fn) {
    const guarded = () => {
      try {
        fn();
      } catch (error) {
        warn("could not show help", error);
      }
    };
    if (doc.readyState !== "loading" && doc.body) guarded();
    else doc.addEventListener("DOMContentLoaded", guarded, { once: true });
  }

  function themeOf(answer) {
    return (answer && answer.settings && answer.settings.theme) || {};
  }

  function findWalkthrough(id) {
    const list = (context && context.walkthroughs) || [];
    return list.find((entry) => String(entry.id) === String(id)) || null;
  }

  function elementPresent(selector) {
    if (!selector) return true;
    try {
      return doc.querySelector(selector) !== null;
    } catch (_error) {
      return false;
    }
  }

  /** Choose what to show from the latest context: never two walkthroughs at once. */
  function decide() {
    if (!context) return;
    if (state.requestedGuideId !== null) {
      const requested = findWalkthrough(state.requestedGuideId);
      if (!requested) warn(`walkthrough ${state.requestedGuideId} is not available on this page`);
      state.requestedGuideId = null;
      if (requested) {
        if (walkthrough) walkthrough.destroy();
        walkthrough = null;
        run(requested, 0, false);
        return;
      }
    }
    if (walkthrough && !walkthrough.ended) return;
    const resume = context.resume;
    if (resume) {
      const guide = findWalkthrough(resume.guide_id);
      const index = guide ? guide.steps.findIndex((step) => step.id === resume.step_id) : -1;
      if (index >= 0) {
        run(guide, index, true);
        return;
      }
    }
    // What we had in progress is gone (unpublished, step deleted): forget it.
    if (!resume) parts.progress.clear();
    const autostart = context.autostart ? findWalkthrough(context.autostart) : null;
    if (autostart && !endedHere.has(autostart.id) && elementPresent(autostart.element)) {
      run(autostart, 0, false);
    }
  }

  function ensureHost() {
    if (!host) host = renderHost(doc, themeOf(context));
    return host;
  }

  function run(guide, stepIndex, resumed) {
    const stored = parts.progress.get();
    // `onEnd` can run before startWalkthrough returns (a resumed last step that advanced
    // on navigation), so the binding must exist first.
    let instance = null;
    instance = startWalkthrough({
      guide,
      stepIndex,
      resumed,
      resumedFromUrl: resumed && stored ? stored.url : undefined,
      getLayer: ensureHost,
      doc,
      getUrl: pageUrl,
      labels: labelsFor(guide.locale || (context && context.locale) || locale()),
      emit: (name, fields) => emit(name, { ...fields, locale: normaliseLocale(guide.locale) }),
      progress: parts.progress,
      onEnd: () => {
        endedHere.add(guide.id);
        if (walkthrough === instance || instance === null) walkthrough = null;
        // Tell the server now, so the next page does not offer it again.
        parts.queue.flush();
      },
    });
    walkthrough = instance.ended ? null : instance;
  }

  function onNavigate() {
    if (walkthrough) walkthrough.onNavigate(pageUrl());
    refresh();
  }

  // -- the public API's hooks -----------------------------------------------------------

  const hooks = {
    init() {
      if (!ready) return;
      if (!parts) activate();
      else refresh();
    },
    identify() {
      if (parts) refresh();
    },
    track() {
      if (parts) drainTracked();
    },
    start() {
      if (parts) decide();
    },
    reset() {
      if (!parts) return;
      if (walkthrough) walkthrough.destroy();
      walkthrough = null;
      parts.progress.clear();
      parts.queue.clear();
      parts.identity.reset();
      context = null;
      applyConsent();
      refresh();
    },
    consent() {
      if (!parts) return;
      applyConsent();
      drainTracked();
    },
  };

  return { activate, hooks };
}
