/**
 * The public API behind `window.Wegwijs` and the in-memory state it records into.
 *
 * This is the foundation the other modules plug into: the delivery module (walkthroughs,
 * tips, announcements, help panel) reads `config`, `visitor`, `requestedGuideId` and
 * `helpPanelRequested`; the event module (batched, retried analytics) drains
 * `trackedEvents` and honours `consent`. Until those exist, the methods only validate and
 * record their arguments: nothing here touches the DOM or the network.
 */

import { mergeConfig, readToken, readTraits, readUserId } from "./config.js";
import { createWarnOnce, warn } from "./log.js";

/** The methods of `window.Wegwijs`, also the names the stub queues calls under. */
export const PUBLIC_METHODS = Object.freeze([
  "init",
  "identify",
  "track",
  "start",
  "openHelp",
  "reset",
  "consent",
]);

/**
 * Custom events kept in memory until the event module sends them; past this many the
 * oldest is dropped, so a host calling `track` in a loop cannot grow the page's memory.
 */
export const TRACKED_EVENTS_LIMIT = 100;

/**
 * @typedef {Object} Visitor the person using the host app
 * @property {string|null} userId the host's id; `null` while anonymous
 * @property {Object<string, unknown>} traits attributes audience rules match on
 * @property {string|null} signature the host's HMAC of `userId`
 */

/**
 * @typedef {Object} TrackedEvent a `Wegwijs.track` call, sent later as a `custom` event
 * @property {string} name
 * @property {Object<string, unknown>} props
 * @property {number} at milliseconds since the epoch
 */

/**
 * @typedef {Object} WidgetState
 * @property {Required<import("./config.js").WegwijsOptions>} config the active options
 * @property {Visitor} visitor
 * @property {boolean|null} consent `null` until the host states it; `false` stops
 *   recording custom events and drops the ones not yet sent
 * @property {TrackedEvent[]} trackedEvents oldest first, at most `TRACKED_EVENTS_LIMIT`
 * @property {string|null} requestedGuideId set by `start`, consumed by the delivery module
 * @property {boolean} helpPanelRequested set by `openHelp`, consumed by the help panel
 */

/**
 * A fresh state for `config` (from the script tag); the visitor starts as the
 * identity given there, if any.
 *
 * @param {Required<import("./config.js").WegwijsOptions>} config
 * @returns {WidgetState}
 */
export function createState(config) {
  return {
    config,
    visitor: {
      userId: config.userId,
      traits: { ...config.userTraits },
      signature: config.userId === null ? null : config.signature,
    },
    consent: null,
    trackedEvents: [],
    requestedGuideId: null,
    helpPanelRequested: false,
  };
}

/**
 * Build the public API over `state`. Every method is guarded: invalid arguments are
 * ignored with a warning and an internal error is logged, never thrown into the host.
 * Every method except `init` does nothing (after one warning) while there is no app key.
 *
 * @param {Object} options
 * @param {WidgetState} options.state recorded into; the caller keeps a reference
 * @param {string} options.version exposed as the read-only `Wegwijs.version`
 * @param {() => number} [options.now] clock for `TrackedEvent.at`; default `Date.now`
 * @param {Object<string, () => void>} [options.hooks] called by method name after each
 *   call that had an app key, e.g. the runtime's; they read what the call recorded in
 *   `state`. Default none.
 */
export function createApi({ state, version, now = Date.now, hooks = {} }) {
  const warnOnce = createWarnOnce();

  function hasAppKey() {
    if (state.config.appKey) return true;
    warnOnce(
      "no-app-key",
      "no app key: set data-app-key on the script tag or call Wegwijs.init({ appKey }) " +
        "first; ignoring calls until then",
    );
    return false;
  }

  /**
   * Set the visitor. The same user id keeps earlier traits (new ones win) and signature;
   * another user id replaces both, so one user's traits never leak to the next.
   */
  function setVisitor(userId, traits, signature) {
    const sameUser = userId === state.visitor.userId;
    state.visitor = {
      userId,
      traits: sameUser ? { ...state.visitor.traits, ...traits } : { ...traits },
      signature: signature || (sameUser ? state.visitor.signature : null),
    };
  }

  const methods = {
    /**
     * Configure the widget; options override the script tag's `data-` attributes.
     * @param {import("./config.js").WegwijsOptions} options
     */
    init(options) {
      const config = mergeConfig(state.config, options);
      if (!config.appKey) {
        hasAppKey();
        return;
      }
      state.config = config;
      if (!config.server) warnOnce("no-server", "no server URL: set the server option");
      // Identity options in init act like identify(); without a userId they add to the
      // current visitor instead of bringing back the script tag's user.
      const given = (name) =>
        options !== null && typeof options === "object" && options[name] !== undefined;
      const traits = given("userTraits") ? config.userTraits : {};
      const signature = given("signature") ? config.signature : null;
      if (given("userId")) setVisitor(config.userId, traits, signature);
      else if (given("userTraits") || given("signature")) {
        setVisitor(state.visitor.userId, traits, signature);
      }
    },

    /**
     * Tell the widget who the visitor is.
     * @param {string|number} userId the host's id for the signed-in user
     * @param {Object<string, unknown>} [traits] attributes audience rules match on;
     *   default `{}`
     * @param {string} [signature] the host back end's HMAC of `userId`; default none
     */
    identify(userId, traits, signature) {
      if (!hasAppKey()) return;
      const id = readUserId(userId, "Wegwijs.identify user id");
      if (id === null) {
        warn("Wegwijs.identify needs a user id; ignoring");
        return;
      }
      const validTraits = isAbsent(traits) ? {} : readTraits(traits, "Wegwijs.identify traits");
      setVisitor(id, validTraits || {}, readToken(signature, "Wegwijs.identify signature"));
    },

    /**
     * Record a custom event, later sent as a `custom` analytics event.
     * @param {string} name the event's name, e.g. `"invoice_approved"`
     * @param {Object<string, unknown>} [props] details; default `{}`
     */
    track(name, props) {
      if (!hasAppKey()) return;
      const eventName = readToken(name, "Wegwijs.track name");
      if (eventName === null) {
        warn("Wegwijs.track needs an event name; ignoring");
        return;
      }
      if (state.consent === false) return;
      const validProps = isAbsent(props) ? {} : readTraits(props, "Wegwijs.track props");
      state.trackedEvents.push({ name: eventName, props: validProps || {}, at: now() });
      if (state.trackedEvents.length > TRACKED_EVENTS_LIMIT) state.trackedEvents.shift();
    },

    /**
     * Ask for a walkthrough to start now, whatever its targeting says.
     * @param {string|number} guideId the walkthrough's id
     */
    start(guideId) {
      if (!hasAppKey()) return;
      const id = readUserId(guideId, "Wegwijs.start guide id");
      if (id === null) {
        warn("Wegwijs.start needs a guide id; ignoring");
        return;
      }
      state.requestedGuideId = id;
    },

    /** Ask for the help panel to open. */
    openHelp() {
      if (!hasAppKey()) return;
      state.helpPanelRequested = true;
    },

    /**
     * Forget the visitor, for example when the user signs out: the identity, the consent
     * answer, unsent custom events and pending requests. The configuration stays.
     */
    reset() {
      if (!hasAppKey()) return;
      state.visitor = { userId: null, traits: {}, signature: null };
      state.consent = null;
      state.trackedEvents = [];
      state.requestedGuideId = null;
      state.helpPanelRequested = false;
    },

    /**
     * Record whether the visitor agrees to analytics. `false` stops recording custom
     * events and drops the ones not yet sent.
     * @param {boolean} granted
     */
    consent(granted) {
      if (!hasAppKey()) return;
      if (typeof granted !== "boolean") {
        warn("Wegwijs.consent expects true or false; ignoring", granted);
        return;
      }
      state.consent = granted;
      if (!granted) state.trackedEvents = [];
    },
  };

  const api = {};
  for (const name of PUBLIC_METHODS) {
    const method = methods[name];
    api[name] = function (...args) {
      try {
        method(...args);
        const hook = hooks[name];
        if (typeof hook === "function" && state.config.appKey) hook();
      } catch (error) {
        warn(`Wegwijs.${name} failed`, error);
      }
    };
  }
  Object.defineProperty(api, "version", { value: version, enumerable: true });
  return api;
}

function isAbsent(value) {
  return value === undefined || value === null;
}
