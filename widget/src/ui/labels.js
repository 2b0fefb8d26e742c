/** The widget's own words, in the languages Wegwijs ships with; English is the fallback. */

const LABELS = {
  en: {
    next: "Next",
    back: "Back",
    done: "Done",
    close: "Close",
    progress: (n, total) => `${n} of ${total}`,
  },
  nl: {
    next: "Volgende",
    back: "Vorige",
    done: "Klaar",
    close: "Sluiten",
    progress: (n, total) => `${n} van ${total}`,
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
