/**
 * Step bodies arrive as HTML the server has already sanitised. As a second line of
 * defence they are parsed inert (a `<template>` runs nothing and loads nothing) and
 * anything able to run script or escape the popover is removed before insertion.
 */

const DROP = "script,style,iframe,frame,frameset,object,embed,link,meta,base,form,template,svg,math";
const URL_ATTRIBUTES = new Set(["href", "src", "xlink:href", "action", "formaction", "srcset"]);

/**
 * @param {Document} doc
 * @param {string} html
 * @returns {DocumentFragment}
 */
export function safeFragment(doc, html) {
  const template = doc.createElement("template");
  template.innerHTML = typeof html === "string" ? html : "";
  const content = template.content;
  for (const element of Array.from(content.querySelectorAll(DROP))) element.remove();
  for (const element of Array.from(content.querySelectorAll("*"))) {
    for (const attribute of Array.from(element.attributes)) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value.replace(/[\s\u0000-\u001f]+/g, "").toLowerCase();
      const badUrl =
        URL_ATTRIBUTES.has(name) && /^(javascript|vbscript|data):/.test(value) &&
        !(name === "src" && value.startsWith("data:image/") && !value.startsWith("data:image/svg"));
      if (name.startsWith("on") || badUrl) element.removeAttribute(attribute.name);
    }
    if (element.tagName === "A" && element.getAttribute("target")) {
      element.setAttribute("rel", "noopener noreferrer");
    }
  }
  return doc.importNode(content, true);
}

/**
 * Search snippets: text with `<mark>` highlights only. Parsed inert like step bodies;
 * every other element is reduced to its text and marks lose their attributes.
 *
 * @param {Document} doc
 * @param {string} html
 * @returns {DocumentFragment}
 */
export function markedText(doc, html) {
  const template = doc.createElement("template");
  template.innerHTML = typeof html === "string" ? html : "";
  const out = doc.createDocumentFragment();
  const copy = (node, into) => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) into.appendChild(doc.createTextNode(child.nodeValue));
      else if (child.nodeType === 1 && child.tagName === "MARK") copy(child, into.appendChild(doc.createElement("mark")));
      else if (child.nodeType === 1 && !/^(SCRIPT|STYLE|TEMPLATE)$/.test(child.tagName)) copy(child, into);
    }
  };
  copy(template.content, out);
  return out;
}
