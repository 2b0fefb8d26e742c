/**
 * The runtime behind the public API: once the widget knows its app key it asks the
 * server what applies to this page and person (the context), again after every SPA
 * navigation and `identify`, and starts, resumes or continues a walkthrough from the
 * answer. It owns the event queue, the visitor's identity and the widget's host element.
 */

import { createChunkLoader, lazySurface } from "./chunks.js";
import { createContextCache } from "./context-cache.js";
import { byteLength, newEventId, createEventQueue } from "./events.js";
import { cleanTraits, createIdentity, normaliseLocale, randomId } from "./identity.js";
import { warn } from "./log.js";
import { watchNavigation } from "./navigation.js";
import { createPreview, takeTokenFromUrl } from "./preview.js";
import { createProgress } from "./progress.js";
import { createStore } from "./storage.js";
import { BEAT_MS, createTab } from "./tabs.js";
import { createTransport } from "./transport.js";
import { displayOf, nextAnnouncement, walkthroughToStart } from "./surfaces.js";
// The surfaces themselves are chunks, loaded when needed (see chunks.js): never import
// ./ui/walkthrough.js, tip.js, announcement.js, help-panel.js or feedback.js here.
import { renderHost } from "./ui/host.js";
import { HELP_LABEL, uiLocale } from "./ui/labels.js";
import { renderLauncher } from "./ui/launcher.js";

const MAX_URL = 2000;
const SIGNATURE = /^[0-9a-fA-F]{64}$/;
/** Events that move the visitor's state on the server (and so the context's answers). */
const MOVES_STATE = /^(guide_(started|completed|dismissed)|tip_viewed|announcement_)/;

/** An author's preview or record token: tools for this tab, no data about a visitor. */
function isAuthorKey(key) {
  return key.startsWith("preview:") || key.startsWith("record:");
}

/**
 * @param {Object} options
 * @param {import("./api.js").WidgetState} options.state what the public API records
 * @param {Window} options.win
 * @param {Document} options.doc
 * @param {{ src: string, nonce: string|null }} [options.script] the script tag we came
 *   from: chunks load relative to its `src`; its nonce goes on any `<style>` we create
 * @returns {{ activate: () => void, hooks: Object<string, () => void> }}
 *   `hooks` are called by the public API after each call (see `createApi`)
 */
export function createRuntime({ state, win, doc, script = { src: "", nonce: null } }) {
  let ready = false;
  let parts = null; // everything that exists once active
  let context = null;
  /** The walkthrough shown (or loading): a `LazySurface` of chunks.js. */
  let walkthrough = null;
  let host = null;
  const chunks = createChunkLoader({ base: script.src });
  let sequence = 0;
  /** Walkthroughs finished or dismissed on this page: not started by themselves again
   * before the server has heard about it. */
  const endedHere = new Set();
  // The other surfaces of this page view (see `showSurfaces`).
  let tips = [];
  let announcement = null; // { id, destroy }
  let launcher = null;
  let helpPanel = null;
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
    // Nothing goes into the browser's storage until recording is allowed (see mayRecord):
    // before consent, ids, queues and progress live in this page's memory only.
    const gate = { mayStore: mayRecord, alwaysStore: isAuthorKey };
    const local = createStore(() => win.localStorage, gate);
    const session = createStore(() => win.sessionStorage, gate);
    const nav = win.navigator || {};
    const transport = createTransport({
      server,
      appKey,
      fetchImpl: win.fetch.bind(win),
      beaconImpl: typeof nav.sendBeacon === "function" ? nav.sendBeacon.bind(nav) : undefined,
    });
    const identity = createIdentity({ local, session });
    const tab = createTab({ local, session, appKey, newId: () => randomId() });
    const queue = createEventQueue({
      store: local,
      storageKey: tab.queueKey,
      // keepalive: a batch in flight still arrives when the visitor leaves the page.
      send: (events) => transport.post("/events", envelope(events), { keepalive: true }),
      beacon: (events) => transport.beacon("/events", envelope(events)),
      envelopeBytes: () => byteLength(JSON.stringify(envelope([]))),
      newId: () => newEventId(() => randomId(32)),
    });
    const preview = createPreview(session, appKey);
    parts = {
      local,
      session,
      transport,
      identity,
      queue,
      tab,
      preview,
      cache: createContextCache(),
      progress: createProgress(session, appKey),
    };
    // Before watching navigation: taking the token out of the URL is no page change.
    takeTokenFromUrl(win, preview);
    applyConsent();
    drainTracked();
    const stopWatching = watchNavigation(win, onNavigate);
    // The author's tools answer only the window that opened this tab (see opener.js): a
    // chunk, loaded where there is an opener or record mode is on from an earlier page.
    let stopOpener = null;
    if (win.opener || recording()) {
      chunks.load("opener").then(
        (tools) => {
          if (stopOpener) return; // stopped meanwhile
          stopOpener = tools.watchOpener({
            win,
            doc,
            session,
            server,
            appKey,
            script,
            preview,
            onToken: (token) => {
              preview.set(token);
              refresh();
            },
            onRecord: standAside,
            loadFind: () => chunks.load("find"),
            getLayer: ensureHost,
            getUrl: pageUrl,
          });
        },
        (error) => warn("could not start the author's tools", error),
      );
    }
    const onPageHide = () => {
      tab.release(); // never throws: storage errors stay inside the store
      try {
        queue.flushOnExit();
      } catch (_error) {
        // Unloading: nothing left to do.
      }
    };
    // This tab is alive (or hidden: see tabs.js); queues of tabs that are gone are taken over.
    const onBeat = () => {
      try {
        tab.beat(doc.visibilityState === "hidden");
        claimOrphans();
      } catch (_error) {
        // Best effort: the next beat tries again.
      }
    };
    const onHidden = () => {
      onBeat();
      try {
        if (doc.visibilityState === "hidden") queue.flush();
      } catch (_error) {
        // Best effort: the events stay stored.
      }
    };
    const beating = win.setInterval(onBeat, BEAT_MS);
    win.addEventListener("pagehide", onPageHide);
    doc.addEventListener("visibilitychange", onHidden);
    parts.stop = () => {
      stopWatching();
      if (stopOpener) stopOpener();
      stopOpener = () => {};
      win.clearInterval(beating);
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
    if (allowed === true) {
      parts.local.persist();
      parts.session.persist();
    }
    if (allowed === false && state.consent !== false) {
      // Consent is required and not given yet: drop what this page held, but keep what
      // earlier pages stored with consent until it is sent.
      parts.queue.setConsent(null);
      parts.queue.discardHeld();
    } else {
      parts.queue.setConsent(allowed);
    }
    claimOrphans();
  }

  /** Only with consent: what other tabs stored was stored with it. */
  function claimOrphans() {
    if (mayRecord() === true) parts.tab.claimOrphans(parts.queue.adopt);
  }

  /** Record an event; none while an author previews drafts or records (they would count
   * as use). */
  function emit(name, fields) {
    if (mayRecord() === false || parts.preview.token() || recording()) return;
    if (MOVES_STATE.test(name)) parts.cache.clear();
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
    const previewToken = parts.preview.token();
    if (previewToken) body.preview_token = previewToken;
    if (progress) {
      body.current = {
        guide_id: progress.guide_id,
        version: progress.version,
        step_id: progress.step_id,
      };
    }
    const key = JSON.stringify(body);
    const cached = parts.cache.get(key);
    const answer = cached || (await parts.transport.post("/context", body, { onError: refused }));
    if (mine !== sequence || !answer || typeof answer !== "object") return;
    if (!cached) parts.cache.put(key, answer);
    context = answer;
    applyConsent();
    if (host) host.setTheme(themeOf(context));
    whenDomReady(() => {
      if (mine !== sequence) return;
      if (recording()) return standAside();
      decide();
      showSurfaces();
    });
  }

  /** An author records in this tab (a token from the editor, see recorder/hook.js). */
  function recording() {
    return Boolean(parts.session.get(`record:${state.config.appKey}`));
  }

  /** The app's own guides would stand in the recording's way: none while it lasts. */
  function standAside() {
    if (walkthrough) walkthrough.destroy();
    walkthrough = null;
    clearAllSurfaces();
  }

  /** A refused preview token (expired, revoked, malformed): drop it, show what is published. */
  function refused(status) {
    if (status >= 500 || !parts.preview.token()) return;
    parts.preview.drop();
    refresh();
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
    if (!host) host = renderHost(doc, { theme: themeOf(context), nonce: script.nonce });
    return host;
  }

  /** Show `guide` from `stepIndex` once the walkthrough chunk has loaded. If it cannot
   * load, nothing runs, and the next context (navigation, identify) tries again. */
  function run(guide, stepIndex, resumed) {
    const stored = parts.progress.get();
    let instance = null;
    const create = (ui) =>
      ui.startWalkthrough({
        guide,
        stepIndex,
        resumed,
        resumedFromUrl: resumed && stored ? stored.url : undefined,
        getLayer: ensureHost,
        doc,
        getUrl: pageUrl,
        language: uiLanguage(),
        emit: (name, fields) => emit(name, { ...fields, locale: normaliseLocale(guide.locale) }),
        progress: parts.progress,
        onEnd: (reason) => {
          endedHere.add(guide.id);
          if (walkthrough === instance) walkthrough = null;
          if (reason === "completed") completeChecklistItems(guide);
          // Tell the server now, so the next page does not offer it again.
          parts.queue.flush();
          if (reason === "completed") askFeedback(guide);
          // A walkthrough carried over from another page that cannot go on here kept this
          // page's own from starting (the server offers one or the other): ask again.
          if (resumed && reason === "missing") refresh();
          else showAnnouncement();
        },
      });
    instance = lazySurface(chunks, "walkthrough", create, () => {
      if (walkthrough === instance) walkthrough = null;
    });
    walkthrough = instance;
  }

  function onNavigate() {
    const shown = walkthrough && walkthrough.current();
    if (shown) shown.onNavigate(pageUrl());
    // A new page view: its tips and announcements come with the next context.
    clearPageSurfaces();
    viewed = new Set();
    closed = new Set();
    refresh();
  }

  // -- tips, announcements, help panel, feedback ----------------------------------------

  /** The language of the widget's own words (buttons, headings): the `identify` traits'
   * `locale`, else the context answer's, else `<html lang>`, else Dutch. Each surface
   * chunk holds its words; the core only the launcher's. */
  function uiLanguage() {
    const traits = state.visitor.traits || {};
    const html = doc.documentElement && doc.documentElement.getAttribute("lang");
    return uiLocale([traits.locale, context && context.locale, html]);
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
    const language = uiLanguage();
    for (const tip of tips) tip.destroy();
    const layer = ensureHost();
    tips = ((context && context.tips) || []).map((tip) =>
      lazySurface(chunks, "tip", (ui) =>
        ui.renderTip({
          layer,
          tip,
          language,
          onOpen: () => emitOnce("tip_viewed", tip),
          onMissing: () => emitOnce("element_missing", tip),
        }),
      ),
    );
    showAnnouncement();
    // The launcher is part of the core; the panel behind it loads on the first open.
    const help = HELP_LABEL[language];
    if (!launcher) launcher = renderLauncher({ layer, label: help, onClick: toggleHelp });
    else launcher.setLabel(help);
    openRequestedHelp();
  }

  function openRequestedHelp() {
    if (!state.helpPanelRequested || !launcher) return;
    state.helpPanelRequested = false;
    openHelp();
  }

  function toggleHelp() {
    const panel = helpPanel && helpPanel.current();
    if (panel) panel.close();
    else if (helpPanel) closeHelp(); // still loading: the second click cancels it
    else openHelp();
  }

  function closeHelp() {
    if (helpPanel) helpPanel.destroy();
    helpPanel = null;
  }

  function openHelp() {
    if (helpPanel || !launcher || !context) return;
    let panel = null;
    const forget = () => {
      if (helpPanel === panel) helpPanel = null;
    };
    panel = lazySurface(
      chunks,
      "help",
      (ui) =>
        ui.renderHelpPanel({
          layer: ensureHost(),
          launcher,
          language: uiLanguage(),
          guides: (context && context.help) || [],
          checklists: (context && context.checklists) || [],
          canStart: (id) => findWalkthrough(id) !== null,
          onStart: (id) => startNow(findWalkthrough(id)),
          startElsewhere,
          search: (q) => parts.transport.post("/search", { ...who(), q, url: pageUrl() }),
          onOpened: () => emit("help_opened", {}),
          onSearched: (query, count) =>
            emit("search_performed", { props: { query: query.slice(0, 200), results: count } }),
          onClosed: forget,
        }),
      forget,
    );
    helpPanel = panel;
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
    const create = (ui) =>
      ui.renderAnnouncement({
        layer,
        announcement: next,
        display,
        language: uiLanguage(),
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
          // Dismissed, not acknowledged: it returns on the next page unless the guide is
          // shown only until dismissed (the server decides from this event).
          emit("guide_dismissed", {
            guide_id: next.id,
            version: next.version,
            locale: normaliseLocale(next.locale),
          });
          settle(closed);
          showAnnouncement();
        },
      });
    // If its chunk does not load, the next context (navigation, identify) tries again.
    const surface = lazySurface(chunks, "announcement", create, () => {
      if (announcement && announcement.id === next.id) announcement = null;
    });
    announcement = { id: next.id, destroy: surface.destroy };
  }

  /** Start `guide` now, ending whatever walkthrough runs. */
  /** A walkthrough found by search that begins on another page: note it as in progress at
   * its first step and go there; the next context answer resumes it (`current`). The page
   * is opened on this host's origin, whatever origin it was recorded on. */
  function startElsewhere(hit) {
    let page;
    try {
      const recorded = new URL(String(hit.start_url), win.location.href);
      page = new URL(recorded.pathname + recorded.search, win.location.href);
    } catch (_error) {
      return false;
    }
    if (!Number.isInteger(hit.version) || typeof hit.first_step_id !== "string") return false;
    const fields = { guide_id: hit.guide_id, version: hit.version, step_id: hit.first_step_id };
    emit("guide_started", fields);
    parts.progress.set(fields);
    parts.queue.flushOnExit();
    win.location.assign(page.href);
    return true;
  }

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
    let surface = null;
    const forget = () => {
      if (feedback === surface) feedback = null;
    };
    const create = (ui) =>
      ui.renderFeedback({
        layer,
        language: uiLanguage(),
        onAnswer: (answer) =>
          emit("feedback_given", {
            guide_id: guide.id,
            version: guide.version,
            locale: normaliseLocale(guide.locale),
            props: answer,
          }),
        onClose: forget,
      });
    surface = lazySurface(chunks, "feedback", create, forget);
    feedback = surface;
  }

  function clearAllSurfaces() {
    clearPageSurfaces();
    if (feedback) feedback.destroy();
    feedback = null;
    closeHelp();
    if (launcher) launcher.destroy();
    launcher = null;
  }

  // -- the public API's hooks -----------------------------------------------------------

  const hooks = {
    init() {
      if (!ready) return;
      if (!parts) activate();
      else {
        parts.cache.clear();
        refresh();
      }
    },
    identify() {
      if (!parts) return;
      parts.cache.clear();
      refresh();
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
      parts.cache.clear();
      context = null;
      applyConsent();
      refresh();
    },
    consent() {
      if (!parts) return;
      parts.cache.clear();
      applyConsent();
      drainTracked();
    },
  };

  return { activate, hooks };
}
