/**
 * The help panel: a launcher button (bottom right) that opens a non-modal dialog with the
 * guides for this page first, then a search across every published guide the visitor
 * may see. Escape or × closes it and focus goes back to the launcher.
 */

import { debounce } from "../surfaces.js";
import { focus, guard, listen, make } from "./dom.js";
import { markedText } from "./html.js";

/**
 * @typedef {Object} HelpResult one search hit, as `/search` answers
 * @property {number} guide_id
 * @property {string} kind
 * @property {string} title
 * @property {string} snippet_html escaped text with `<mark>` only
 */

/**
 * @typedef {Object} HelpPanelOptions
 * @property {ShadowRoot} root the widget's shadow root
 * @property {ReturnType<import("./labels.js").labelsFor>} labels
 * @property {() => Array<{ id: number, title: string }>} getGuides the page's walkthroughs
 *   (the context's `help`), read each time the panel opens
 * @property {(id: number) => boolean} canStart is this guide a walkthrough of the context?
 * @property {(id: number) => void} onStart start that walkthrough
 * @property {(query: string) => Promise<{ count: number, results: HelpResult[] }|null>} search
 * @property {() => void} onOpened the panel opened (`help_opened`)
 * @property {(query: string, count: number) => void} onSearched a search was answered
 * @property {number} [searchDelayMs] quiet time after typing; default 300
 * @property {number} [minQuery] shortest query searched; default 2
 */

/**
 * @param {HelpPanelOptions} options
 * @returns {{ open: () => void, close: () => void, isOpen: () => boolean,
 *   setLabels: (labels: Object) => void, destroy: () => void }}
 */
export function renderHelpPanel({
  root,
  labels: initialLabels,
  getGuides,
  canStart,
  onStart,
  search,
  onOpened,
  onSearched,
  searchDelayMs = 300,
  minQuery = 2,
}) {
  const doc = root.ownerDocument;
  let labels = initialLabels;
  let panel = null;
  let stopPanel = () => {};
  let sequence = 0;

  const launcher = make(doc, "button", "ww-launcher", "?");
  launcher.setAttribute("aria-expanded", "false");
  const stopLauncher = listen(launcher, "click", () => (panel ? close(true) : open()));
  function setLabels(value) {
    labels = value;
    launcher.setAttribute("aria-label", labels.help);
  }
  setLabels(labels);
  root.appendChild(launcher);

  function open() {
    if (panel) return;
    panel = make(doc, "div", "ww-panel");
    panel.id = "ww-help";
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-labelledby", "ww-help-title");
    const title = make(doc, "h2", "ww-title", labels.help);
    title.id = "ww-help-title";
    const closeButton = make(doc, "button", "ww-close", "\u00d7");
    closeButton.setAttribute("aria-label", labels.close);
    panel.append(title, closeButton);
    const stops = [listen(closeButton, "click", () => close(true))];

    const guides = (getGuides() || []).filter((guide) => guide && guide.title);
    let first = null;
    if (guides.length > 0) {
      const heading = make(doc, "h3", "ww-heading", labels.onThisPage);
      heading.id = "ww-help-page";
      const list = make(doc, "ul", "ww-list");
      list.setAttribute("aria-labelledby", heading.id);
      for (const guide of guides) {
        const button = make(doc, "button", "ww-link", guide.title);
        stops.push(listen(button, "click", () => start(guide.id)));
        list.appendChild(make(doc, "li")).appendChild(button);
        first = first || button;
      }
      panel.append(heading, list);
    }

    const label = make(doc, "label", "ww-heading", labels.search);
    label.htmlFor = "ww-help-q";
    const input = make(doc, "input", "ww-input");
    input.id = "ww-help-q";
    input.type = "search";
    input.autocomplete = "off";
    const status = make(doc, "p", "ww-status");
    status.setAttribute("role", "status");
    const results = make(doc, "ul", "ww-list ww-results");
    results.setAttribute("aria-label", labels.search);
    panel.append(label, input, status, results);

    const typed = debounce(guard((query) => runSearch(query, status, results)), searchDelayMs);
    stops.push(
      listen(input, "input", () => typed.call(input.value.trim())),
      typed.cancel,
      listen(panel, "keydown", (event) => {
        if (event.key === "Escape") {
          event.stopPropagation();
          close(true);
        }
      }),
    );
    root.appendChild(panel);
    launcher.setAttribute("aria-expanded", "true");
    launcher.setAttribute("aria-controls", panel.id);
    stopPanel = () => {
      for (const stop of stops) stop();
    };
    focus(first || input);
    onOpened();
  }

  async function runSearch(query, status, results) {
    const mine = (sequence += 1);
    if (query.length < minQuery) {
      status.textContent = "";
      results.replaceChildren();
      return;
    }
    const answer = await search(query.slice(0, 200));
    if (mine !== sequence || !panel || !answer) return;
    const hits = Array.isArray(answer.results) ? answer.results : [];
    results.replaceChildren();
    for (const hit of hits) {
      const startable = canStart(hit.guide_id);
      const item = make(doc, startable ? "button" : "div", startable ? "ww-link ww-result" : "ww-result");
      item.append(make(doc, "span", "ww-result-title", String(hit.title || "")));
      const snippet = make(doc, "span", "ww-snippet");
      snippet.appendChild(markedText(doc, hit.snippet_html));
      item.append(snippet);
      if (startable) item.addEventListener("click", guard(() => start(hit.guide_id)));
      results.appendChild(make(doc, "li")).appendChild(item);
    }
    status.textContent = hits.length > 0 ? labels.results(hits.length) : labels.noResults;
    onSearched(query, hits.length);
  }

  function start(id) {
    close(false);
    onStart(id);
  }

  /** @param {boolean} giveFocusBack move focus to the launcher (not when a guide starts) */
  function close(giveFocusBack) {
    if (!panel) return;
    sequence += 1;
    stopPanel();
    stopPanel = () => {};
    panel.remove();
    panel = null;
    launcher.setAttribute("aria-expanded", "false");
    launcher.removeAttribute("aria-controls");
    if (giveFocusBack) focus(launcher);
  }

  return {
    open: guard(open),
    close: guard(() => close(true)),
    isOpen: () => panel !== null,
    setLabels: guard(setLabels),
    destroy: guard(() => {
      close(false);
      stopLauncher();
      launcher.remove();
    }),
  };
}
