// The client-side-routed orders section under /app. The server returns the same shell for
// every /app URL; this file renders the view for the URL and navigates with the History
// API, so the Wegwijs widget is exercised against pushState, replaceState, popstate and
// hashchange exactly as in a real single-page app.
"use strict";

(function () {
  const root = document.getElementById("spa-root");
  if (!root) return;

  const LANG = document.documentElement.lang === "en" ? "en" : "nl";
  const TEXT = {
    nl: {
      workspace: "Bestelwerkplek",
      intro: "Volg bestellingen van klanten van offerte tot levering.",
      allOrders: "Alle bestellingen",
      openOrders: "Openstaande bestellingen",
      orders: "Bestellingen",
      order: "Bestelling",
      customer: "Klant",
      placedOn: "Besteld op",
      total: "Totaal",
      status: "Status",
      all: "Alle",
      status_open: "Open",
      status_shipped: "Verzonden",
      status_closed: "Afgesloten",
      notes: "Notities",
      noteLabel: "Interne notitie",
      saveNote: "Notitie opslaan",
      noteSaved: "Notitie opgeslagen.",
      back: "Terug naar bestellingen",
      noOrders: "Geen bestellingen met deze status.",
      notFound: "Deze bestelling of pagina bestaat niet.",
      error: "De bestellingen konden niet worden geladen.",
    },
    en: {
      workspace: "Order workspace",
      intro: "Follow customer orders from quote to delivery.",
      allOrders: "All orders",
      openOrders: "Open orders",
      orders: "Orders",
      order: "Order",
      customer: "Customer",
      placedOn: "Placed on",
      total: "Total",
      status: "Status",
      all: "All",
      status_open: "Open",
      status_shipped: "Shipped",
      status_closed: "Closed",
      notes: "Notes",
      noteLabel: "Internal note",
      saveNote: "Save note",
      noteSaved: "Note saved.",
      back: "Back to orders",
      noOrders: "No orders with this status.",
      notFound: "This order or page does not exist.",
      error: "The orders could not be loaded.",
    },
  }[LANG];
  const STATUSES = ["open", "shipped", "closed"];
  const MONEY = new Intl.NumberFormat(LANG === "nl" ? "nl-NL" : "en-GB", {
    style: "currency",
    currency: "EUR",
  });

  // --- tiny DOM builder: text always goes in as text nodes, never as HTML ---------------

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === false || value === null || value === undefined) continue;
      if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
      else el.setAttribute(name, value === true ? "" : String(value));
    }
    el.append(...children.flat());
    return el;
  }

  let ordersRequest = null;
  function loadOrders() {
    ordersRequest =
      ordersRequest ||
      fetch(root.dataset.api, { headers: { Accept: "application/json" } }).then((response) => {
        if (!response.ok) throw new Error("orders: HTTP " + response.status);
        return response.json();
      });
    return ordersRequest;
  }

  function heading(text) {
    // tabindex=-1 so focus can move here after a client-side navigation (screen readers).
    return h("h1", { tabindex: "-1" }, text);
  }

  function statusBadge(status, attrs) {
    return h("span", Object.assign({ class: "badge badge-" + status }, attrs), TEXT["status_" + status]);
  }

  // --- views: each returns { title, nodes } ----------------------------------------------

  function homeView() {
    return {
      title: TEXT.workspace,
      nodes: [
        heading(TEXT.workspace),
        h("p", {}, TEXT.intro),
        h(
          "ul",
          { class: "link-list" },
          h("li", {}, h("a", { href: "/app/orders", "data-testid": "spa-orders-link" }, TEXT.allOrders)),
          h("li", {}, h("a", { href: "/app/orders?status=open" }, TEXT.openOrders))
        ),
      ],
    };
  }

  function orderRows(orders, status) {
    const shown = orders.filter((order) => !status || order.status === status);
    if (shown.length === 0) return [h("tr", {}, h("td", { colspan: "5" }, TEXT.noOrders))];
    return shown.map((order) =>
      h(
        "tr",
        { "data-testid": "order-row-" + order.id },
        h("td", {}, h("a", { href: "/app/orders/" + order.id, "data-testid": "order-link-" + order.id }, "#" + order.id)),
        h("td", {}, order.customer),
        h("td", {}, order.placed_on),
        h("td", { class: "num" }, MONEY.format(Number(order.total))),
        h("td", {}, statusBadge(order.status))
      )
    );
  }

  async function ordersView() {
    const orders = await loadOrders();
    const status = new URLSearchParams(location.search).get("status") || "";
    const tbody = h("tbody", {}, orderRows(orders, status));
    const filter = h(
      "select",
      { id: "order-status-filter", name: "status", onchange: onFilterChange },
      h("option", { value: "" }, TEXT.all),
      STATUSES.map((value) => h("option", { value: value, selected: value === status }, TEXT["status_" + value]))
    );

    function onFilterChange() {
      const url = new URL(location.href);
      if (filter.value) url.searchParams.set("status", filter.value);
      else url.searchParams.delete("status");
      // replaceState: narrowing a list refines this page, it is not a new step to go back to.
      history.replaceState(history.state, "", url);
      renderedKey = routeKey();
      tbody.replaceChildren(...orderRows(orders, filter.value));
    }

    return {
      title: TEXT.orders,
      nodes: [
        heading(TEXT.orders),
        h("div", { class: "toolbar" }, h("label", { for: "order-status-filter" }, TEXT.status), filter),
        h(
          "table",
          { class: "table", id: "orders-table" },
          h(
            "thead",
            {},
            h("tr", {}, ["#", TEXT.customer, TEXT.placedOn, TEXT.total, TEXT.status].map((label) => h("th", {}, label)))
          ),
          tbody
        ),
      ],
    };
  }

  async function orderView(match) {
    const orders = await loadOrders();
    const order = orders.find((candidate) => String(candidate.id) === match[1]);
    if (!order) return notFoundView();
    const saved = h("p", { role: "status", class: "note-status" });
    const title = TEXT.order + " " + order.id;
    return {
      title: title,
      nodes: [
        h("p", {}, h("a", { href: "/app/orders", "data-testid": "back-to-orders" }, "← " + TEXT.back)),
        heading(title),
        h(
          "dl",
          { class: "details", id: "order-details" },
          h("dt", {}, TEXT.customer),
          h("dd", {}, order.customer),
          h("dt", {}, TEXT.placedOn),
          h("dd", {}, order.placed_on),
          h("dt", {}, TEXT.total),
          h("dd", {}, MONEY.format(Number(order.total))),
          h("dt", {}, TEXT.status),
          h("dd", {}, statusBadge(order.status, { "data-testid": "order-status" }))
        ),
        // Only the #hash changes here: the browser handles it, no view is re-rendered.
        h("p", {}, h("a", { href: "#notes", id: "notes-link" }, TEXT.notes)),
        h(
          "section",
          { id: "notes", class: "notes" },
          h("h2", {}, TEXT.notes),
          h("label", { for: "order-note" }, TEXT.noteLabel),
          h("textarea", { id: "order-note", name: "note", rows: "3" }),
          h("button", { type: "button", class: "button", onclick: () => (saved.textContent = TEXT.noteSaved) }, TEXT.saveNote),
          saved
        ),
      ],
    };
  }

  function notFoundView() {
    return { title: TEXT.notFound, nodes: [heading(TEXT.notFound), h("p", {}, h("a", { href: "/app" }, TEXT.workspace))] };
  }

  const ROUTES = [
    { pattern: /^\/app\/?$/, view: homeView },
    { pattern: /^\/app\/orders\/?$/, view: ordersView },
    { pattern: /^\/app\/orders\/(\d+)\/?$/, view: orderView },
  ];

  // --- router ---------------------------------------------------------------------------

  let renderedKey = null;
  let renderCount = 0;

  function routeKey() {
    return location.pathname + location.search;
  }

  async function render(options) {
    const token = ++renderCount;
    const route = ROUTES.find((candidate) => candidate.pattern.test(location.pathname));
    let view;
    try {
      view = route ? await route.view(location.pathname.match(route.pattern)) : notFoundView();
    } catch (error) {
      view = { title: TEXT.error, nodes: [heading(TEXT.error)] };
    }
    if (token !== renderCount) return; // a newer navigation finished first
    renderedKey = routeKey();
    root.replaceChildren(...view.nodes);
    document.title = view.title + " · Acme Declaraties";
    if (options && options.focus) root.querySelector("h1").focus();
  }

  function isSpaLink(link, event) {
    if (!link || event.defaultPrevented || event.button !== 0) return false;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return false;
    if ((link.target && link.target !== "_self") || link.hasAttribute("download")) return false;
    const url = new URL(link.href, location.href);
    return url.origin === location.origin && /^\/app(\/|$)/.test(url.pathname);
  }

  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[href]");
    if (!isSpaLink(link, event)) return;
    const url = new URL(link.href, location.href);
    // A link that only changes the #hash is left to the browser (it fires hashchange).
    if (url.pathname + url.search === routeKey() && url.hash) return;
    event.preventDefault();
    history.pushState({ spa: true }, "", url);
    window.scrollTo(0, 0);
    render({ focus: true });
  });

  window.addEventListener("popstate", () => {
    // Going back across a #hash-only entry keeps the same view (and what was typed in it).
    if (routeKey() !== renderedKey) render({ focus: true });
  });

  render({ focus: false });
})();
