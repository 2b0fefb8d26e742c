/** The recorder's own words, Dutch and English. */

const LABELS = {
  nl: {
    toolbar: "Wegwijs-recorder",
    recording: "Opnemen — je acties worden echt uitgevoerd",
    paused: "Gepauzeerd — klikken en typen worden niet opgenomen",
    picking: "Kies een element — klik op het element waar de stap bij hoort (Esc annuleert)",
    record: "Opnemen",
    pause: "Pauzeren",
    pick: "Element kiezen",
    undo: "Laatste stap ongedaan maken",
    finish: "Afronden",
    steps: (n) => (n === 1 ? "1 stap" : `${n} stappen`),
    added: (n, label) => `Stap ${n} opgenomen${label ? `: ${label}` : ""}`,
    undone: (n) => `Stap ${n} verwijderd`,
    notAControl: "Niet opgenomen: dit is geen knop, link of veld. Gebruik Element kiezen.",
    full: "Er kunnen niet meer dan 50 stappen in één opname.",
    question: (text) => `Deze tekst lijkt op gegevens: “${text}”. Mag die in de stap?`,
    keep: "Tekst houden",
    leaveOut: "Weglaten",
    name: "Naam van de rondleiding",
    save: "Opslaan",
    back: "Terug",
    cancel: "Annuleren",
    saving: "Opslaan…",
    savedRecording: "Opgeslagen als concept.",
    savedPick: "Element opgeslagen.",
    openEditor: "Openen in de editor",
    close: "Recorder sluiten",
    tokenRefused:
      "De opnamesleutel is verlopen of ongeldig. Je stappen blijven bewaard: laat de editor openstaan en probeer het opnieuw, of start in de editor een nieuwe opname.",
    network: "De Wegwijs-server is niet bereikbaar. Je stappen blijven bewaard; probeer het opnieuw.",
    failed: (message) => `Opslaan is niet gelukt: ${message}`,
    tryAgain: "Opnieuw proberen",
  },
  en: {
    toolbar: "Wegwijs recorder",
    recording: "Recording — your actions really happen",
    paused: "Paused — clicks and typing are not recorded",
    picking: "Pick an element — click the element the step points at (Esc cancels)",
    record: "Record",
    pause: "Pause",
    pick: "Pick element",
    undo: "Undo last step",
    finish: "Finish",
    steps: (n) => (n === 1 ? "1 step" : `${n} steps`),
    added: (n, label) => `Step ${n} recorded${label ? `: ${label}` : ""}`,
    undone: (n) => `Step ${n} removed`,
    notAControl: "Not recorded: this is not a button, link or field. Use Pick element.",
    full: "A recording holds at most 50 steps.",
    question: (text) => `This text looks like data: “${text}”. Keep it in the step?`,
    keep: "Keep text",
    leaveOut: "Leave it out",
    name: "Name of the walkthrough",
    save: "Save",
    back: "Back",
    cancel: "Cancel",
    saving: "Saving…",
    savedRecording: "Saved as a draft.",
    savedPick: "Element saved.",
    openEditor: "Open in the editor",
    close: "Close the recorder",
    tokenRefused:
      "The record token has expired or is not valid. Your steps are kept: keep the editor open and try again, or start a new recording from the editor.",
    network: "The Wegwijs server cannot be reached. Your steps are kept; try again.",
    failed: (message) => `Could not save: ${message}`,
    tryAgain: "Try again",
  },
};

/**
 * @param {string|null|undefined} locale e.g. `"nl"`, `"en-GB"`; anything else is Dutch
 * @returns {typeof LABELS.nl}
 */
export function recorderLabels(locale) {
  return String(locale || "").slice(0, 2).toLowerCase() === "en" ? LABELS.en : LABELS.nl;
}
