/** The widget's own words, in the languages Wegwijs ships with (Dutch and English). */

const LABELS = {
  en: {
    next: "Next",
    back: "Back",
    done: "Done",
    close: "Close",
    progress: (n, total) => `${n} of ${total}`,
    gotIt: "Got it",
    tip: "Tip",
    help: "Help",
    onThisPage: "Guides for this page",
    search: "Search help",
    results: (n) => (n === 1 ? "1 result" : `${n} results`),
    noResults: "No results",
    helpful: "Was this helpful?",
    yes: "Yes",
    no: "No",
    comment: "Comment (optional)",
    thanks: "Thank you!",
    checklistProgress: (n, total) => `${n} of ${total} done`,
    itemDone: "done",
  },
  nl: {
    next: "Volgende",
    back: "Vorige",
    done: "Klaar",
    close: "Sluiten",
    progress: (n, total) => `${n} van ${total}`,
    gotIt: "Begrepen",
    tip: "Tip",
    help: "Hulp",
    onThisPage: "Uitleg bij deze pagina",
    search: "Zoek in de hulp",
    results: (n) => (n === 1 ? "1 resultaat" : `${n} resultaten`),
    noResults: "Geen resultaten",
    helpful: "Had je hier iets aan?",
    yes: "Ja",
    no: "Nee",
    comment: "Opmerking (optioneel)",
    thanks: "Bedankt!",
    checklistProgress: (n, total) => `${n} van ${total} klaar`,
    itemDone: "klaar",
  },
};

/** The launcher's name, the only word of the core (`wegwijs.js`): the surfaces, chunks
 * of their own, take the rest of their words from `labelsFor`. Literals, not `LABELS`'s:
 * a reference would bring the whole table into the core. */
export const HELP_LABEL = Object.freeze({ en: "Help", nl: "Hulp" });

/**
 * @param {string|null|undefined} locale e.g. `"nl"`, `"en-GB"`
 * @returns {typeof LABELS.en}
 */
export function labelsFor(locale) {
  const language = String(locale || "").slice(0, 2).toLowerCase();
  return LABELS[language] || LABELS.en;
}

/**
 * The language of the widget's own words: the first of `candidates` that Wegwijs has
 * labels for, else Dutch. The runtime passes, in order, the `identify` traits' `locale`,
 * the context answer's `locale` and the page's `<html lang>`.
 *
 * @param {Array<unknown>} candidates
 * @returns {"nl"|"en"}
 */
export function uiLocale(candidates) {
  for (const candidate of candidates || []) {
    if (typeof candidate !== "string") continue;
    const language = candidate.trim().slice(0, 2).toLowerCase();
    if (language === "en" || language === "nl") return language;
  }
  return "nl";
}
