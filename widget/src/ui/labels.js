/** The widget's own words, in the languages Wegwijs ships with; English is the fallback. */

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
  },
};

/**
 * @param {string|null|undefined} locale e.g. `"nl"`, `"en-GB"`
 * @returns {typeof LABELS.en}
 */
export function labelsFor(locale) {
  const language = String(locale || "").slice(0, 2).toLowerCase();
  return LABELS[language] || LABELS.en;
}
