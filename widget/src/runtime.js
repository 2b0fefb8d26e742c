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
import { displayOf, nextAnnouncement, walkthroughToStart } from "./surfaces.js";
import { renderAnnouncement } from "./ui/announcement.js";
import { renderFeedback } from "./ui/feedback.js";
import { renderHelpPanel } from "./ui/help-panel.js";
import { renderHost } from "./ui/host.js";
import { labelsFor, uiLocale } from "./ui/labels.js";
import { renderTip } from "./ui/tip.js";
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
  // The other surfaces of this page view (see `showSurfaces`).
  let tips = [];
  let announcement = null; // { id, destroy }
  let help = null;
  let feedback = null;
  /** Per page view: `kind:id` of what was reported as viewed, announcements closed. */
  let viewed = new Set();
  let closed = new Set();
  /** Acknowledged here: not shown again before the server has heard about it. */
  const acknowledged = new Set();

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
      if (mine !== sequence) return;
      decide();
      showSurfaces();
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
      labels: uiLabels(),
      emit: (name, fields) => emit(name, { ...fields, locale: normaliseLocale(guide.locale) }),
      progress: parts.progress,
      onEnd: (reason) => {
        endedHere.add(guide.id);
        if (walkthrough === instance || instance === null) walkthrough = null;
        if (reason === "completed") completeChecklistItems(guide);
        // Tell the server now, so the next page does not offer it again.
        parts.queue.flush();
        if (reason === "completed") askFeedback(guide);
        showAnnouncement();
      },
    });
    walkthrough = instance.ended ? null : instance;
  }

  function onNavigate() {
    if (walkthrough) walkthrough.onNavigate(pageUrl());
    // A new page view: its tips and announcements come with the next context.
    clearPageSurfaces();
    viewed = new Set();
    closed = new Set();
    refresh();
  }

  // -- tips, announcements, help panel, feedback ----------------------------------------

  /** The widget's own words (buttons, headings): in the language of the `identify`
   * traits' `locale`, else the context answer's, else `<html lang>`, else Dutch. */
  function uiLabels() {
    const traits = state.visitor.traits || {};
    const html = doc.documentElement && doc.documentElement.getAttribute("lang");
    return labelsFor(uiLocale([traits.locale, context && context.locale, html]));
  }

  /** Report `name` for `guide` once per page view. */
  function emitOnce(name, guide) {
    const key = `${name}:${guide.id}`;
    if (viewed.has(key)) return;
    viewed.add(key);
    emit(name, { guide_id: guide.id, version: guide.version, locale: normaliseLocale(guide.locale) });
  }

  function clearPageSurfaces() {
    for (const tip of tips) tip.destroy();
    tips = [];
    if (announcement) announcement.destroy();
    announcement = null;
  }

  /** After each context answer: tips, the next announcement, the help launcher. */
  function showSurfaces() {
    if (!context) return;
    const labels = uiLabels();
    for (const tip of tips) tip.destroy();
    const layer = ensureHost();
    tips = ((context && context.tips) || []).map((tip) =>
      renderTip({
        root: layer.root,
        exclude: layer.element,
        tip,
        labels,
        onOpen: () => emitOnce("tip_viewed", tip),
        onMissing: () => emitOnce("element_missing", tip),
      }),
    );
    showAnnouncement();
    if (!help) {
      help = renderHelpPanel({
        root: layer.root,
        labels,
        getGuides: () => (context && context.help) || [],
        getChecklists: () => (context && context.checklists) || [],
        canStart: (id) => findWalkthrough(id) !== null,
        onStart: (id) => startNow(findWalkthrough(id)),
        search: (q) => parts.transport.post("/search", { ...who(), q, url: pageUrl() }),
        onOpened: () => emit("help_opened", {}),
        onSearched: (query, count) =>
          emit("search_performed", { props: { query: query.slice(0, 200), results: count } }),
      });
    } else help.setLabels(labels);
    openRequestedHelp();
  }

  function openRequestedHelp() {
    if (!state.helpPanelRequested || !help) return;
    state.helpPanelRequested = false;
    help.open();
  }

  /** Show the highest announcement not handled yet, one at a time. While a walkthrough
   * runs only a banner may show: a second dialog would fight it for focus. */
  function showAnnouncement() {
    if (!context || !parts) return;
    const handled = new Set([...acknowledged, ...closed]);
    const next = nextAnnouncement(context.announcements, handled);
    if (announcement && next && announcement.id === next.id) return;
    if (announcement) announcement.destroy();
    announcement = null;
    if (!next) return;
    const display = displayOf(next);
    if (walkthrough && !walkthrough.ended && display !== "banner") return;
    const layer = ensureHost();
    const settle = (set) => {
      set.add(next.id);
      if (announcement && announcement.id === next.id) announcement.destroy();
      announcement = null;
    };
    announcement = {
      id: next.id,
      ...renderAnnouncement({
        root: layer.root,
        exclude: layer.element,
        announcement: next,
        display,
        labels: uiLabels(),
        onShown: () => emitOnce("announcement_viewed", next),
        onAcknowledge: () => {
          emit("announcement_acknowledged", {
            guide_id: next.id,
            version: next.version,
            locale: normaliseLocale(next.locale),
          });
          parts.queue.flush();
          settle(acknowledged);
          const guide = walkthroughToStart(next, context && context.walkthroughs);
          if (guide) startNow(guide);
          else showAnnouncement();
        },
        onClose: () => {
          settle(closed);
          showAnnouncement();
        },
      }),
    };
  }

  /** Start `guide` now, ending whatever walkthrough runs. */
  function startNow(guide) {
    if (!guide) return;
    if (walkthrough) walkthrough.destroy();
    walkthrough = null;
    run(guide, 0, false);
  }

  /** A completed walkthrough that is an item of a checklist on this page ticks it off:
   * `checklist_item_completed` for the checklist, the item's guide in `props`. */
  function completeChecklistItems(guide) {
    for (const checklist of (context && context.checklists) || []) {
      const items = checklist && Array.isArray(checklist.items) ? checklist.items : [];
      const item = items.find((entry) => entry && String(entry.guide_id) === String(guide.id));
      if (!item || item.completed === true) continue;
      item.completed = true;
      emit("checklist_item_completed", {
        guide_id: checklist.id,
        version: checklist.version,
        locale: normaliseLocale(checklist.locale),
        props: { item_guide_id: guide.id },
      });
    }
  }

  function askFeedback(guide) {
    if (feedback) feedback.destroy();
    const layer = ensureHost();
    feedback = renderFeedback({
      root: layer.root,
      labels: uiLabels(),
      onAnswer: (answer) =>
        emit("feedback_given", {
          guide_id: guide.id,
          version: guide.version,
          locale: normaliseLocale(guide.locale),
          props: answer,
        }),
      onClose: () => {
        feedback = null;
      },
    });
  }

  function clearAllSurfaces() {
    clearPageSurfaces();
    if (feedback) feedback.destroy();
    feedback = null;
    if (help) help.destroy();
    help = null;
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
    openHelp() {
      if (parts) openRequestedHelp();
    },
    reset() {
      if (!parts) return;
      if (walkthrough) walkthrough.destroy();
      walkthrough = null;
      clearAllSurfaces();
      viewed = new Set();
      closed = new Set();
      acknowledged.clear();
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
