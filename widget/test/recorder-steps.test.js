// Record mode's pure parts: the step list kept between page loads, what typing records
// (never the value, nothing for passwords), data-looking text held back until the author
// answers, and what the server's answers mean. The DOM parts run in real Chromium:
// tests/browser/test_recorder.py.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  addStep,
  answerHeld,
  apiBaseFor,
  dataTexts,
  defaultName,
  fieldAction,
  firstQuestion,
  fitTarget,
  hideTypedParams,
  holdBack,
  looksLikeData,
  MAX_STEPS,
  MAX_TARGET_BYTES,
  payloadSteps,
  readAnswer,
  readGrant,
  readRecording,
  scrubValue,
  setPaused,
  undoStep,
  withoutParams,
} from "../src/recorder/steps.js";

const SERVER = "https://help.example.com";

function step(fields = {}) {
  return {
    target: { tag: "button", role: "button", accessibleName: "opslaan", text: "Opslaan" },
    url: "https://app.example.com/claims/new",
    action: "click",
    label: "Opslaan",
    ...fields,
  };
}

describe("the record token from the admin", () => {
  test("is read with its mode and locale; junk is no token", () => {
    assert.deepEqual(readGrant({ token: "t.sig", mode: "pick", locale: "en-GB" }, SERVER), {
      token: "t.sig",
      mode: "pick",
      locale: "en",
      apiBase: SERVER,
    });
    const plain = readGrant({ token: "t.sig", mode: "delete-everything", locale: "fr" }, SERVER);
    assert.equal(plain.mode, "record");
    assert.equal(plain.locale, null);
    for (const junk of [null, "t.sig", { token: "" }, { token: 42 }, []]) {
      assert.equal(readGrant(junk, SERVER), null);
    }
  });

  test("an API base is taken only on the server's own origin", () => {
    assert.equal(apiBaseFor("https://help.example.com/wegwijs/", SERVER), `${SERVER}/wegwijs`);
    assert.equal(apiBaseFor("https://evil.example.net", SERVER), SERVER);
    assert.equal(apiBaseFor(undefined, `${SERVER}/`), SERVER);
    assert.equal(apiBaseFor("not a url", SERVER), SERVER);
  });
});

describe("the step list", () => {
  test("steps are added, undone and paused; the state survives storage", () => {
    let recording = readRecording(null);
    assert.deepEqual(recording, { steps: [], paused: false, typedParams: [] });
    recording = addStep(recording, step());
    recording = addStep(recording, step({ label: "Verder", target: { text: "Verder" } }));
    recording = setPaused(recording, true);
    const stored = JSON.parse(JSON.stringify(recording));
    assert.deepEqual(readRecording(stored), recording);
    assert.deepEqual(
      undoStep(recording).steps.map((each) => each.label),
      ["Opslaan"],
    );
    assert.equal(undoStep(undoStep(undoStep(recording))).steps.length, 0);
  });

  test("unreadable stored steps are left out", () => {
    const stored = { steps: [step(), { target: "#x", url: "u", action: "click", label: "" }, step({ action: "hover" }), null] };
    assert.equal(readRecording(stored).steps.length, 1);
    assert.deepEqual(readRecording("garbage"), { steps: [], paused: false, typedParams: [] });
  });

  test("clicks repeat, but typing into a field records one step per field and page", () => {
    const amount = step({ target: { tag: "input", attributes: { name: "amount" } }, action: "input", label: "Bedrag" });
    let recording = addStep(addStep(readRecording(null), amount), step());
    assert.equal(addStep(recording, amount), recording);
    recording = addStep(recording, step());
    assert.equal(recording.steps.length, 3);
    const elsewhere = { ...amount, url: "https://app.example.com/claims/2/edit" };
    assert.equal(addStep(recording, elsewhere).steps.length, 4);
  });

  test("a recording holds at most as many steps as the server takes", () => {
    let recording = readRecording(null);
    for (let index = 0; index < MAX_STEPS + 5; index += 1) recording = addStep(recording, step());
    assert.equal(recording.steps.length, MAX_STEPS);
    assert.equal(readRecording({ steps: Array(MAX_STEPS + 1).fill(step()) }).steps.length, MAX_STEPS);
  });

  test("the payload has exactly the fields the server takes", () => {
    const held = holdBack(step({ target: { tag: "td", text: "Van Dijk" }, label: "Van Dijk" }), ["Van Dijk"]);
    const recording = addStep(addStep(readRecording(null), step()), held);
    assert.deepEqual(
      payloadSteps(recording).map((each) => Object.keys(each).sort()),
      [
        ["action", "label", "target", "url"],
        ["action", "label", "target", "url"],
      ],
    );
    assert.equal(JSON.stringify(payloadSteps(recording)).includes("Van Dijk"), false);
  });

  test("the default name carries the date in the author's language", () => {
    const date = new Date(2026, 10, 4);
    assert.equal(defaultName("nl", date), "Opname 04-11-2026");
    assert.equal(defaultName("en", date), "Recording 2026-11-04");
  });
});

describe("what typing records", () => {
  test("text fields an input step, lists a select step", () => {
    for (const type of [null, "text", "email", "number", "search", "tel", "url", "date", "TEXT"]) {
      assert.equal(fieldAction({ tag: "input", type }), "input", String(type));
    }
    assert.equal(fieldAction({ tag: "textarea" }), "input");
    assert.equal(fieldAction({ tag: "select" }), "select");
  });

  test("nothing at all for password and other secret fields, hidden fields and clickables", () => {
    assert.equal(fieldAction({ tag: "input", type: "password" }), null);
    assert.equal(fieldAction({ tag: "input", type: "PassWord" }), null);
    for (const autocomplete of ["current-password", "new-password", "one-time-code", "cc-number"]) {
      assert.equal(fieldAction({ tag: "input", type: "text", autocomplete }), null, autocomplete);
    }
    for (const type of ["hidden", "submit", "button", "checkbox", "radio", "file", "image"]) {
      assert.equal(fieldAction({ tag: "input", type }), null, type);
    }
    assert.equal(fieldAction({ tag: "div" }), null);
  });

  test("what a GET form sent is left out of later steps' URLs", () => {
    const recording = hideTypedParams(readRecording(null), ["q", "pin", ""]);
    assert.deepEqual(recording.typedParams, ["q", "pin"]);
    assert.equal(hideTypedParams(recording, ["q"]), recording);
    assert.deepEqual(readRecording(JSON.parse(JSON.stringify(recording))), recording);
    const url = "https://app.example.com/search?q=Jansen+BV&page=2&pin=1234#top";
    assert.equal(withoutParams(url, recording.typedParams), "https://app.example.com/search?page=2#top");
    assert.equal(withoutParams(url, []), url);
    assert.equal(withoutParams("not a url", ["q"]), "not a url");
  });

  test("a bundle never keeps a part that shows the typed value", () => {
    const bundle = {
      tag: "input",
      attributes: { name: "iban", title: "NL91 ABNA 0417 1643 00", "aria-label": "IBAN" },
      accessibleName: "iban",
      fingerprint: { classes: [], near: "rekening nl91 abna 0417 1643 00", index: 1 },
    };
    const scrubbed = scrubValue(bundle, "NL91 ABNA 0417 1643 00");
    assert.equal(JSON.stringify(scrubbed).toLowerCase().includes("abna"), false);
    assert.deepEqual(scrubbed.attributes, { name: "iban", "aria-label": "IBAN" });
    assert.deepEqual(scrubbed.fingerprint, { classes: [], index: 1 });
    // Short values would match ordinary words: not looked for.
    assert.equal(scrubValue(bundle, "ib"), bundle);
  });
});

describe("data-looking text", () => {
  test("numbers, emails, amounts and dates look like data; words of the interface do not", () => {
    for (const text of ["#1003", "anna@acme.example", "€ 1.240,00", "12,50", "14-02-2025", "06 1234 5678", "9:30"]) {
      assert.equal(looksLikeData(text), true, text);
    }
    for (const text of ["Opslaan", "Bedrag (€)", "Stap 2 van 3", "", "Save 2 items"]) {
      assert.equal(looksLikeData(text), false, text);
    }
  });

  test("a cell's whole text and a row's label are data; a button in a cell is not", () => {
    const cell = { tag: "td", role: "cell", accessibleName: "van dijk logistiek", text: "Van Dijk Logistiek" };
    assert.deepEqual(dataTexts(cell, "Van Dijk Logistiek", { cellText: " Van Dijk  Logistiek " }), [
      "Van Dijk Logistiek",
    ]);
    const edit = {
      tag: "button",
      text: "Bewerken",
      accessibleName: "bewerken",
      fingerprint: { classes: [], near: "gemeente utrecht", index: 1 },
    };
    assert.deepEqual(dataTexts(edit, "Bewerken", { cellText: "Bewerken Verwijderen", inRow: true }), [
      "gemeente utrecht",
    ]);
    assert.deepEqual(dataTexts(edit, "Bewerken", { cellText: "Bewerken Verwijderen" }), []);
    const link = { tag: "a", attributes: { "aria-label": "Order 1003 openen" }, text: "Bekijk" };
    assert.deepEqual(dataTexts(link, "Bekijk"), ["Order 1003 openen"]);
  });

  test("held text leaves the bundle and label until the author keeps it", () => {
    const link = step({
      target: {
        tag: "a",
        attributes: { "data-testid": "order-link-1003", href: "/orders/1003" },
        accessibleName: "#1003",
        text: "#1003",
        fingerprint: { classes: [], near: "#1003", index: 1 },
      },
      label: "#1003",
    });
    const held = holdBack(link, dataTexts(link.target, link.label, { cellText: "#1003", inRow: true }));
    assert.deepEqual(held.target, {
      tag: "a",
      attributes: { "data-testid": "order-link-1003", href: "/orders/1003" },
      fingerprint: { classes: [], index: 1 },
    });
    assert.equal(held.label, "");
    assert.deepEqual(held.held.texts, ["#1003"]);
    const recording = addStep(readRecording(null), held);
    assert.equal(firstQuestion(recording), 0);

    const kept = answerHeld(recording, 0, true);
    assert.equal(firstQuestion(kept), -1);
    assert.deepEqual(kept.steps[0].target, link.target);
    assert.equal(kept.steps[0].label, "#1003");

    const leftOut = answerHeld(recording, 0, false);
    assert.equal(firstQuestion(leftOut), -1);
    assert.equal(JSON.stringify(leftOut.steps).includes("#1003"), false);
    assert.deepEqual(leftOut.steps[0].target, held.target); // test id and href stay
    assert.equal(answerHeld(leftOut, 0, true), leftOut); // nothing left to answer
  });

  test("without data-looking text the step is unchanged", () => {
    const plain = step();
    assert.equal(holdBack(plain, []), plain);
  });
});

describe("the rest of a step", () => {
  test("an oversized bundle drops its path first, then its fingerprint", () => {
    const long = { tag: "div", text: "Go", path: { steps: Array(2000).fill("div:1") }, fingerprint: { classes: [], index: 1 } };
    const fitted = fitTarget(long);
    assert.equal(fitted.path, undefined);
    assert.deepEqual(fitted.fingerprint, long.fingerprint);
    assert.ok(JSON.stringify(fitted).length <= MAX_TARGET_BYTES);
    const small = { tag: "a", text: "Go" };
    assert.equal(fitTarget(small), small);
  });

  test("the server's answers: saved, a refused token, no server, anything else", () => {
    assert.deepEqual(readAnswer(201, { guide_id: 7, editor_url: "/admin/apps/k/guides/7" }), {
      ok: true,
      guideId: 7,
      editorUrl: "/admin/apps/k/guides/7",
    });
    const refused = readAnswer(403, { error: { code: "token_expired", message: "The token has expired." } });
    assert.deepEqual(refused, { ok: false, reason: "token", message: "The token has expired." });
    assert.equal(readAnswer(0, null).reason, "network");
    assert.deepEqual(readAnswer(422, null), { ok: false, reason: "other", message: "HTTP 422" });
  });
});
