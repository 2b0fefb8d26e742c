// The work queue (/queue): twenty incoming claims, re-rendered five times a second, as a
// live dashboard would. Every render replaces every item, so the page's DOM never rests:
// the widget's benchmark measures what the widget costs on such a page.
"use strict";

(function () {
  const list = document.getElementById("queue-list");
  if (!list) return;
  const PEOPLE = ["Anna", "Ben", "Chris", "Dewi", "Emre", "Fleur", "Gijs", "Hanna"];
  const CATEGORIES = ["travel", "meals", "lodging", "equipment", "training"];
  let tick = 0;

  function render() {
    tick += 1;
    const items = [];
    for (let index = 0; index < 20; index += 1) {
      const number = 1000 + ((tick + index) % 97);
      const item = document.createElement("li");
      item.className = "queue-item";
      item.dataset.claim = String(number);
      const who = document.createElement("strong");
      who.textContent = PEOPLE[(tick + index) % PEOPLE.length];
      const what = document.createElement("span");
      what.textContent = ` #${number} · ${CATEGORIES[index % CATEGORIES.length]} · ${(tick * 0.2).toFixed(1)} s`;
      item.append(who, what);
      items.push(item);
    }
    list.replaceChildren(...items);
  }

  render();
  setInterval(render, 200);
})();
