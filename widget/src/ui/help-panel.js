/**
 * The help panel, opened from the launcher (`launcher.js`) or `Wegwijs.openHelp()`: a
 * non-modal dialog with the page's checklists first (progress and items that start their
 * walkthrough), then the guides for this page, then a search across every published guide
 * the visitor may see. Escape or × closes it and focus goes back to the launcher. A chunk:
 * it loads on the first open.
 */

import { debounce } from "../surfaces.js";
import { focus, guard, listen, make } from "./dom.js";
import { markedText, safeFragment } from "./html.js";
import { PANEL_CSS } from "./panel-styles.js";
import { labelsFor } from "./labels.js";

/**
 * @typedef {Object} HelpResult one search hit, as `/search` answers
 * @property {number} guide_id
 * @property {string} kind
 * @property {string} title
 * @property {string} snippet_html escaped text with `<mark>` only
 * @property {number} [version] walkthroughs: the live version,
 * @property {string} [first_step_id] its first step,
 * @property {string|null} [start_url] and the path of the page where it begins
 */

/**
 * @typedef {Object} ChecklistEntry one of the context's `checklists`
 * @property {number} id
 * @property {string} title
 * @property {Array<{ body_html?: string }>} [steps] the first step's body describes it
 * @property {Array<{ guide_id: number, title: string, completed: boolean }>} items
 */

/**
 * @typedef {Object} HelpPanelOptions
 * @property {import("./host.js").Layer} layer the widget's host
 * @property {ReturnType<import("./launcher.js").renderLauncher>} launcher the button that
 *   opened it: it says the panel is open, and gets focus back when it closes
 * @property {"nl"|"en"} language the widget's own words' language (see `uiLocale`)
 * @property {Array<{ id: number, title: string }>} guides the page's walkthroughs (the
 *   context's `help`)
 * @property {Array<ChecklistEntry>} [checklists] the context's `checklists`; default none
 * @property {(id: number) => boolean} canStart is this guide a walkthrough of the context?
 * @property {(id: number) => void} onStart start that walkthrough
 * @property {(hit: HelpResult) => boolean} [startElsewhere] start a walkthrough found by
 *   search on the page where it begins (it is not on this one); `false` when it cannot
 * @property {(query: string) => Promise<{ count: number, results: HelpResult[] }|null>} search
 * @property {() => void} onOpened the panel opened (`help_opened`)
 * @property {(query: string, count: number) => void} onSearched a search was answered
 * @property {() => void} onClosed it closed (by itself: ×, Escape or a started guide)
 * @property {number} [searchDelayMs] quiet time after typing; default 300
 * @property {number} [minQuery] shortest query searched; default 2
 */

/**
 * Open the help panel.
 *
 * @param {HelpPanelOptions} options
 * @returns {{ close: () => void, destroy: () => void }} `close` gives focus back to the
 *   launcher; `destroy` does not
 */
export function renderHelpPanel({
  layer,
  launcher,
  language,
  guides: pageGuides,
  checklists: pageChecklists = [],
  canStart,
  onStart,
  startElsewhere,
  search,
  onOpened,
  onSearched,
  onClosed,
  searchDelayMs = 300,
  minQuery = 2,
}) {
  const labels = labelsFor(language);
  const root = layer.root;
  const doc = root.ownerDocument;
  let panel = null;
  let stopPanel = () => {};
  let sequence = 0;
  layer.addStyles(PANEL_CSS);

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

    let first = null;
    const checklists = Array.isArray(pageChecklists) ? pageChecklists : [];
    checklists.forEach((checklist, index) => {
      const section = renderChecklist(checklist, index, stops);
      if (!section) return;
      panel.append(section);
      first = first || section.querySelector("button");
    });

    const guides = (Array.isArray(pageGuides) ? pageGuides : []).filter((guide) => guide && guide.title);
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

    // A failed search shows nothing new; it must not become an unhandled rejection.
    const lookUp = (query) => runSearch(query, status, results).catch(() => {});
    const typed = debounce(guard(lookUp), searchDelayMs);
    stops.push(
      listen(input, "input", () => typed.call(input.value.trim())),
      typed.cancel,
      listen(panel, "keydown", (event) => {
        if (event.key === "Escape") {
          // Ours alone: not also the `cancel` of a host's modal dialog we sit in.
          event.preventDefault();
          event.stopPropagation();
          close(true);
        }
      }),
    );
    root.appendChild(panel);
    layer.raise();
    launcher.setExpanded(panel.id);
    stopPanel = () => {
      for (const stop of stops) stop();
    };
    focus(first || input);
    onOpened();
  }

  /** A checklist: heading, optional description, progress, then its items (a button each
   * when the walkthrough can start here); a done item says so to screen readers too. */
  function renderChecklist(checklist, index, stops) {
    if (!checklist || typeof checklist !== "object" || !checklist.title) return null;
    const items = (Array.isArray(checklist.items) ? checklist.items : []).filter(
      (item) => item && item.title,
    );
    if (items.length === 0) return null;
    const section = make(doc, "section", "ww-checklist");
    const heading = make(doc, "h3", "ww-heading", String(checklist.title));
    heading.id = `ww-checklist-${index}`;
    section.setAttribute("aria-labelledby", heading.id);
    section.append(heading);
    const description = checklist.steps && checklist.steps[0] && checklist.steps[0].body_html;
    if (description) {
      const body = make(doc, "div", "ww-body");
      body.appendChild(safeFragment(doc, description));
      section.append(body);
    }
    const done = items.filter((item) => item.completed === true).length;
    const text = labels.checklistProgress(done, items.length);
    const meter = make(doc, "div", "ww-meter");
    meter.setAttribute("role", "progressbar");
    meter.setAttribute("aria-labelledby", heading.id);
    meter.setAttribute("aria-valuemin", "0");
    meter.setAttribute("aria-valuemax", String(items.length));
    meter.setAttribute("aria-valuenow", String(done));
    meter.setAttribute("aria-valuetext", text);
    const fill = meter.appendChild(make(doc, "span", "ww-meter-fill"));
    fill.style.width = `${Math.round((100 * done) / items.length)}%`;
    // The progress bar already says this to screen readers.
    const status = make(doc, "p", "ww-status", text);
    status.setAttribute("aria-hidden", "true");
    const list = make(doc, "ul", "ww-list");
    list.setAttribute("aria-labelledby", heading.id);
    for (const item of items) {
      const completed = item.completed === true;
      const startable = canStart(item.guide_id);
      const entry = make(doc, startable ? "button" : "span", "ww-link ww-item");
      if (completed) entry.classList.add("ww-item-done");
      const mark = entry.appendChild(make(doc, "span", "ww-check", completed ? "\u2713" : ""));
      mark.setAttribute("aria-hidden", "true");
      entry.append(String(item.title));
      if (completed) entry.append(make(doc, "span", "ww-sr", ` (${labels.itemDone})`));
      if (startable) stops.push(listen(entry, "click", () => start(item.guide_id)));
      list.appendChild(make(doc, "li")).appendChild(entry);
    }
    section.append(meter, status, list);
    return section;
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
      const here = canStart(hit.guide_id);
      const startable = here || Boolean(startElsewhere && hit.start_url && hit.first_step_id);
      const item = make(doc, startable ? "button" : "div", startable ? "ww-link ww-result" : "ww-result");
      item.append(make(doc, "span", "ww-result-title", String(hit.title || "")));
      const snippet = make(doc, "span", "ww-snippet");
      snippet.appendChild(markedText(doc, hit.snippet_html));
      item.append(snippet);
      const begin = here ? () => start(hit.guide_id) : () => startElsewhere(hit) && close(false);
      if (startable) item.addEventListener("click", guard(begin));
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
    launcher.setExpanded(null);
    if (giveFocusBack) launcher.focus();
    onClosed();
  }

  open();
  return {
    close: guard(() => close(true)),
    destroy: guard(() => close(false)),
  };
}
