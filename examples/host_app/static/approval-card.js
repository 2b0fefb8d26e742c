// <acme-approval-card heading="…" text="…" action-label="…" href="…">
// A custom element with an OPEN shadow root, like the design-system components many
// business apps use; the Wegwijs widget must find and anchor to elements inside it.
"use strict";

const CARD_STYLE = `
  :host { display: block; border: 1px solid #d5dbe3; border-radius: 8px; background: #fff;
          padding: 1rem 1.25rem; box-shadow: 0 1px 2px rgba(16, 24, 40, 0.06); }
  h3 { margin: 0 0 0.4rem; font-size: 1rem; color: #14213d; }
  p { margin: 0 0 0.9rem; color: #475467; line-height: 1.4; }
  button { font: inherit; border: 0; border-radius: 6px; padding: 0.45rem 0.9rem;
           background: #1f5fbf; color: #fff; cursor: pointer; }
  button:hover { background: #174a96; }
  button:focus-visible { outline: 3px solid #f0b429; outline-offset: 2px; }
`;

let sharedSheet = null;
function cardSheet() {
  if (!sharedSheet) {
    sharedSheet = new CSSStyleSheet();
    sharedSheet.replaceSync(CARD_STYLE);
  }
  return sharedSheet;
}

class AcmeApprovalCard extends HTMLElement {
  static get observedAttributes() {
    return ["heading", "text", "action-label"];
  }

  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    // A constructed sheet, not a <style> element: the lab's nonce-based policy
    // (style-src with a nonce) would block an inline <style> without one.
    root.adoptedStyleSheets = [cardSheet()];
    this.headingEl = document.createElement("h3");
    this.headingEl.setAttribute("part", "heading");
    this.textEl = document.createElement("p");
    this.textEl.setAttribute("part", "text");
    this.button = document.createElement("button");
    this.button.type = "button";
    this.button.className = "card-action";
    this.button.setAttribute("part", "action");
    this.button.addEventListener("click", () => this.open());
    root.append(this.headingEl, this.textEl, this.button);
  }

  connectedCallback() {
    this.render();
  }

  attributeChangedCallback() {
    this.render();
  }

  render() {
    // textContent, never innerHTML: claim descriptions are user input.
    this.headingEl.textContent = this.getAttribute("heading") || "";
    this.textEl.textContent = this.getAttribute("text") || "";
    this.button.textContent = this.getAttribute("action-label") || "Open";
  }

  open() {
    const href = this.getAttribute("href");
    if (href) window.location.assign(href);
  }
}

if (!customElements.get("acme-approval-card")) {
  customElements.define("acme-approval-card", AcmeApprovalCard);
}
