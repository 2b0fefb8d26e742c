/**
 * "Was this helpful?" after a completed walkthrough: Yes / No and an optional comment,
 * in a small region above the help launcher. It never takes focus by itself.
 */

import { guard, listen, make } from "./dom.js";
import { labelsFor } from "./labels.js";
import { PANEL_CSS } from "./panel-styles.js";

let counter = 0;

/**
 * @param {Object} options
 * @param {import("./host.js").Layer} options.layer the widget's host
 * @param {"nl"|"en"} options.language the widget's own words' language
 * @param {(answer: { helpful: boolean, comment?: string }) => void} options.onAnswer
 * @param {() => void} options.onClose gone (answered and thanked, or closed)
 * @param {number} [options.thanksMs] how long "Thank you" stays; default 2500
 * @returns {{ destroy: () => void }}
 */
export function renderFeedback({ layer, language, onAnswer, onClose, thanksMs = 2500 }) {
  const labels = labelsFor(language);
  const root = layer.root;
  const doc = root.ownerDocument;
  layer.addStyles(PANEL_CSS);
  const id = `ww-fb-${(counter += 1)}`;
  const region = make(doc, "div", "ww-feedback");
  region.setAttribute("role", "region");
  region.setAttribute("aria-labelledby", id);
  const question = make(doc, "p", "ww-heading", labels.helpful);
  question.id = id;
  const close = make(doc, "button", "ww-close", "\u00d7");
  close.setAttribute("aria-label", labels.close);
  const comment = make(doc, "textarea", "ww-input");
  comment.rows = 2;
  comment.maxLength = 1000;
  comment.setAttribute("aria-label", labels.comment);
  comment.placeholder = labels.comment;
  const footer = make(doc, "div", "ww-footer");
  const yes = make(doc, "button", "ww-button ww-primary", labels.yes);
  const no = make(doc, "button", "ww-button", labels.no);
  footer.append(yes, no);
  region.append(question, close, comment, footer);
  let timer = null;
  let gone = false;

  const finish = () => {
    if (gone) return;
    destroy();
    onClose();
  };
  const answer = (helpful) => {
    const text = comment.value.trim().slice(0, 1000);
    onAnswer(text ? { helpful, comment: text } : { helpful });
    region.replaceChildren(make(doc, "p", "ww-heading", labels.thanks));
    region.setAttribute("role", "status");
    timer = setTimeout(guard(finish), thanksMs);
  };
  const stops = [
    listen(yes, "click", () => answer(true)),
    listen(no, "click", () => answer(false)),
    listen(close, "click", finish),
    listen(region, "keydown", (event) => {
      if (event.key === "Escape") {
        // Ours alone: not also the `cancel` of a host's modal dialog we sit in.
        event.preventDefault();
        event.stopPropagation();
        finish();
      }
    }),
  ];
  root.appendChild(region);
  layer.raise();

  function destroy() {
    gone = true;
    clearTimeout(timer);
    for (const stop of stops) stop();
    region.remove();
  }
  return { destroy: guard(destroy) };
}
