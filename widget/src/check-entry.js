/**
 * Entry of `wegwijs-check.js`, used only by `wegwijs guides check` (Playwright evaluates it
 * inside the checked page; no host page ever loads it): the widget's own resolver, plus
 * which parts of a bundle the element it found agrees with.
 */

import {
  accessibleName,
  findTarget,
  normaliseText,
  readBundle,
  roleOf,
  visibleText,
} from "./resolve.js";

/**
 * The parts of `target`'s bundle that `element` agrees with, most stable first.
 *
 * @param {unknown} target
 * @param {Element} element
 * @returns {string[]} e.g. `["id", "attributes.name", "role", "tag"]`
 */
export function agreeingParts(target, element) {
  const bundle = readBundle(target);
  if (!bundle || !element) return [];
  const parts = [];
  if (bundle.id && element.id === bundle.id) parts.push("id");
  for (const [name, value] of Object.entries(bundle.attributes)) {
    if (element.getAttribute(name) === value) parts.push(`attributes.${name}`);
  }
  if (bundle.role && roleOf(element) === bundle.role) parts.push("role");
  if (bundle.accessibleName && accessibleName(element) === bundle.accessibleName) {
    parts.push("accessibleName");
  }
  if (bundle.text && normaliseText(visibleText(element)) === bundle.text) parts.push("text");
  if (bundle.selector && safeMatches(element, bundle.selector)) parts.push("selector");
  if (bundle.tag && element.tagName.toLowerCase() === bundle.tag) parts.push("tag");
  return parts;
}

function safeMatches(element, selector) {
  try {
    return element.matches(selector);
  } catch (_error) {
    return false;
  }
}

export { findTarget };
