"""The resilience matrix: targets recorded once on a realistic page are found again after a
host release changed the page, or reported missing, but never resolved to the wrong element.

The page (fixtures/resilience.html: a form, a table with row actions, toolbars; 24 targets)
is recorded with the recorder's `captureBundle`. Each variant then changes the page the way
a release does, and every recorded bundle is resolved with the recorder's `findTarget`
(the widget's resolver, from the built dist/wegwijs-recorder.js): found, missing or WRONG.
"""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import watch_problems

HERE = Path(__file__).resolve().parent
FIXTURE = (HERE / "fixtures" / "resilience.html").read_text(encoding="utf-8")
RECORDER = HERE.parents[1] / "widget" / "dist" / "wegwijs-recorder.js"

# Run in the page before recording and before each variant: the marked elements, by name.
# The markers are removed first, so no bundle can find an element by its marker.
TAKE_TARGETS = """
() => {
  window.targets = {};
  for (const element of document.querySelectorAll("[data-target]")) {
    targets[element.dataset.target] = element;
    element.removeAttribute("data-target");
  }
  return Object.keys(targets).length;
}
"""

CAPTURE = """
() => Object.fromEntries(Object.entries(targets).map(
  ([name, element]) => [name, JSON.parse(JSON.stringify(Wegwijs.recorder.captureBundle(element)))]))
"""

# The changes a release makes, each applied to the live DOM, so that `targets` still holds
# the right elements. Deterministic: the "random" parts come from a seeded generator.
CHANGES = """
(names) => {
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const token = () => Math.floor(random() * 36 ** 6).toString(36).padStart(6, "0");
  const hash = (text) => {
    let value = 7;
    for (const character of text) value = (value * 31 + character.charCodeAt(0)) % 1679616;
    return value.toString(36);
  };
  const references = ["for", "aria-labelledby", "aria-describedby", "aria-controls"];
  function renameIds(nextId) {
    const renamed = new Map();
    for (const element of document.querySelectorAll("[id]")) {
      const fresh = nextId(element);
      renamed.set(element.id, fresh);
      element.id = fresh;
    }
    for (const name of references) {
      for (const element of document.querySelectorAll(`[${name}]`)) {
        const ids = element.getAttribute(name).split(/\\s+/);
        element.setAttribute(name, ids.map((id) => renamed.get(id) || id).join(" "));
      }
    }
  }
  const wrap = (node, tag = "div") => {
    const wrapper = document.createElement(tag);
    wrapper.className = "wrapper";
    node.replaceWith(wrapper);
    wrapper.append(node);
  };
  const reverse = (parent) => parent.append(...Array.from(parent.children).reverse());
  // A label's words: every button, link, label, heading and header cell is reworded.
  const REWORD = {
    "Dashboard": "Overzicht", "Bestellingen": "Orders", "Rapportages": "Rapporten",
    "Klant": "Klantnaam", "Bedrag (€)": "Totaalbedrag", "Leverdatum": "Bezorgdatum",
    "Categorie": "Soort", "Opmerking": "Toelichting", "Spoed": "Met voorrang",
    "Levering": "Verzending", "Afhalen": "Zelf ophalen", "Per post": "Bezorgen",
    "Opslaan": "Bewaren", "Concept bewaren": "Als concept opslaan", "Annuleren": "Stoppen",
    "Exporteren": "Downloaden", "Bewerken": "Wijzigen", "Verwijderen": "Wissen",
    "Bekijk bestelling 1003": "Open order 1003", "Vorige": "Terug", "Volgende": "Verder",
    "Nieuwe bestelling": "Order toevoegen", "Recente bestellingen": "Laatste orders",
    "Nr.": "Nummer", "Acties": "Wat wil je doen?",
    "Zoeken in bestellingen": "Orders doorzoeken", "Zoeken…": "Typ om te zoeken",
    "Gebruikersmenu": "Menu", "Filteren": "Filter instellen", "Kies…": "Maak een keuze",
  };
  const change = {
    classesHashed() {
      for (const element of document.querySelectorAll("[class]")) {
        element.className = Array.from(element.classList, (name) => `css-${hash(name)}`).join(" ");
      }
    },
    idsRegenerated() {
      renameIds(() => `${token()}-${token()}`);
    },
    // Component libraries number their fields in creation order: after a release that
    // adds or moves fields, `input-3` is another field's id.
    // Here as if one field was added at the top; other ids are regenerated.
    idsRenumbered() {
      let fields = 1;
      const field = "input,select,textarea";
      renameIds((element) =>
        element.matches(field) ? `input-${(fields += 1)}` : `${token()}-${token()}`);
    },
    wrappersInserted() {
      const selectors = ["header > *", "main > *", "form > *", ".field > *", ".actions > *",
                         ".toolbar > *", "td > *", ".pager > *", "fieldset > label"];
      for (const element of document.querySelectorAll(selectors.join(","))) wrap(element);
      wrap(document.querySelector("main"), "section");
    },
    siblingsReordered() {
      const form = document.querySelector("form");
      const fields = Array.from(form.children).filter((child) => child.matches(".field"));
      form.prepend(...fields.reverse());
      for (const selector of ["nav", "header", ".actions", ".toolbar", ".pager"]) {
        for (const parent of document.querySelectorAll(selector)) reverse(parent);
      }
      for (const fieldset of document.querySelectorAll("fieldset")) {
        const labels = Array.from(fieldset.querySelectorAll("label"));
        fieldset.append(...labels.reverse());
      }
      // Rows sorted another way (1002, 1001, 1003): the same path now leads to another
      // row's identical "Bewerken" button.
      const body = document.querySelector("tbody");
      body.prepend(body.children[1]);
    },
    textChanged() {
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      const nodes = [];
      while (walker.nextNode()) nodes.push(walker.currentNode);
      for (const node of nodes) {
        const words = node.data.trim();
        if (REWORD[words]) node.data = node.data.replace(words, REWORD[words]);
      }
      for (const element of document.querySelectorAll("[aria-label],[placeholder]")) {
        for (const name of ["aria-label", "placeholder"]) {
          const words = element.getAttribute(name);
          if (words && REWORD[words]) element.setAttribute(name, REWORD[words]);
        }
      }
    },
  };
  for (const name of names) change[name]();
}
"""

RESOLVE = """
(bundles) => {
  const describe = (element) =>
    `<${element.localName}> "${(element.textContent || element.getAttribute("aria-label") || "")
      .trim().slice(0, 30)}"`;
  const outcome = {};
  for (const [name, bundle] of Object.entries(bundles)) {
    const found = Wegwijs.recorder.findTarget(bundle);
    if (found === targets[name]) outcome[name] = "found";
    else if (found === null) outcome[name] = "missing";
    else outcome[name] = `WRONG: ${describe(found)}`;
  }
  return outcome;
}
"""

TEXT_KEPT = ["classesHashed", "idsRegenerated", "idsRenumbered", "wrappersInserted"]
VARIANTS: dict[str, list[str]] = {
    "unchanged": [],
    "classes hashed": ["classesHashed"],
    "ids regenerated": ["idsRegenerated"],
    "ids renumbered": ["idsRenumbered"],
    "wrappers inserted": ["wrappersInserted"],
    "siblings reordered": ["siblingsReordered"],
    # All at once, in the order a release would: reordered first, then renumbered.
    "all of these, text kept": ["siblingsReordered", *TEXT_KEPT],
    "text changed, classes and structure kept": ["textChanged"],
}


@pytest.fixture(scope="module")
def fixture_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def load(page: Page) -> int:
    """The fixture page with the recorder (it needs only a `Wegwijs` object to hang on)."""
    page.set_content(FIXTURE)
    page.evaluate("() => { window.Wegwijs = { version: 'test' }; }")
    page.add_script_tag(content=RECORDER.read_text(encoding="utf-8"))
    return page.evaluate(TAKE_TARGETS)


def test_recorded_targets_survive_a_release_or_are_reported_missing(
    fixture_page: Page,
) -> None:
    page = fixture_page
    problems = watch_problems(page)
    assert load(page) >= 20
    bundles: dict[str, Any] = page.evaluate(CAPTURE)
    assert "data-target" not in json.dumps(bundles)

    matrix: dict[str, dict[str, str]] = {}
    for variant, changes in VARIANTS.items():
        load(page)
        page.evaluate(CHANGES, changes)
        matrix[variant] = page.evaluate(RESOLVE, bundles)

    totals = {"found": 0, "missing": 0, "wrong": 0}
    print(f"\n{'variant':<42} found missing wrong")
    for variant, outcome in matrix.items():
        counts = {
            "found": sum(result == "found" for result in outcome.values()),
            "missing": sum(result == "missing" for result in outcome.values()),
            "wrong": sum(result.startswith("WRONG") for result in outcome.values()),
        }
        for key, value in counts.items():
            totals[key] += value
        print(f"{variant:<42} {counts['found']:>5} {counts['missing']:>7} {counts['wrong']:>5}")
        for name, result in outcome.items():
            if result != "found":
                print(f"    {name}: {result}")
    cases = sum(totals.values())
    print(f"{'total':<42} {totals['found']:>5} {totals['missing']:>7} {totals['wrong']:>5}")
    print(f"found {totals['found'] / cases:.1%} of {cases} cases")

    wrong = {
        f"{variant}/{name}": result
        for variant, outcome in matrix.items()
        for name, result in outcome.items()
        if result.startswith("WRONG")
    }
    assert wrong == {}
    assert totals["found"] >= 0.95 * cases
    assert all(result == "found" for result in matrix["unchanged"].values())
    assert problems == []
