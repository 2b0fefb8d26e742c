"""The widget on difficult host pages: a strict CSP, a nonce-based CSP without any host
allow-list, hostile global CSS, a modal <dialog>, the host's own popover; axe on every
surface; and the bytes a page fetches for the widget before the visitor does anything.

The lab switches of the host app (`/lab`, cookies `acme_csp` and `acme_css`) turn its pages
into the nonce-CSP and hostile-CSS variants, so every case runs on the same real pages.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, Response, Route, expect
from sqlalchemy.engine import Engine

from tests.browser.conftest import (
    ROOT,
    both,
    running_stack,
    sign_in,
    wait_for_events,
    watch_problems,
)
from wegwijs.content.models import AdvanceTrigger, GuideKind, Placement
from wegwijs.content.schemas import GuideCreate, StepIn
from wegwijs.delivery.targeting import Targeting

APP_KEY = "app_browser_hosting"
POPOVER = "wegwijs-root .ww-popover"
AXE = ROOT / "widget" / "node_modules" / "axe-core" / "axe.min.js"
# What a page may fetch for the widget before the visitor's first interaction (gzip): the
# budget the build enforces (SIZE_BUDGETS in widget/build.mjs). The widget issue's target
# is 16 KB, which pages where help starts by itself do not meet yet; this test prints both.
BEFORE_INTERACTION_BUDGET = 27 * 1024 + 512
BEFORE_INTERACTION_TARGET = 16 * 1024

# Chromium reports violations on the console too; this names them, shadow DOM included.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
}, true);
"""


@dataclass
class Servers:
    wegwijs: str
    host: str
    engine: Engine
    export_tour_id: int


def export_tour() -> GuideCreate:
    """Starts by itself on /claims; its third and fourth steps are inside the modal dialog."""
    return GuideCreate(
        kind=GuideKind.walkthrough,
        name="Export claims",
        targeting=Targeting(url_rules=["/claims"]),
        frequency="always",
        steps=[
            StepIn(
                id="columns",
                target={"attributes": {"data-testid": "columns-button"}},
                placement=Placement.bottom,
                content=both("Columns", "Choose what the table shows."),
            ),
            StepIn(
                id="export",
                target={"attributes": {"data-testid": "export-button"}},
                advance_trigger=AdvanceTrigger.click,
                content=both("Export", "Click Export."),
            ),
            StepIn(
                id="format",
                target={"id": "export-format"},
                content=both("Format", "CSV or Excel."),
            ),
            StepIn(
                id="download",
                target={"attributes": {"data-testid": "export-download"}},
                content=both("Download", "Then download the file."),
            ),
        ],
    )


def intro_tour() -> GuideCreate:
    """One floating step; its element condition keeps it from starting by itself."""
    return GuideCreate(
        kind=GuideKind.walkthrough,
        name="Claim intro",
        targeting=Targeting(url_rules=["/claims/new"], element="#not-on-this-page"),
        frequency="always",
        steps=[
            StepIn(
                id="only",
                placement=Placement.floating,
                content=both("A new claim", "Fill in the amount, the date and a category."),
            )
        ],
    )


def amount_tip() -> GuideCreate:
    return GuideCreate(
        kind=GuideKind.tip,
        name="Amount tip",
        targeting=Targeting(url_rules=["/claims/new"]),
        frequency="always",
        settings={"icon": "info", "trigger": "click"},
        steps=[StepIn(id="tip", target={"id": "claim-amount"}, content=both("Amount", "VAT in."))],
    )


def receipts_banner() -> GuideCreate:
    return GuideCreate(
        kind=GuideKind.announcement,
        name="Receipts banner",
        targeting=Targeting(url_rules=["/claims/new"]),
        frequency="always",
        settings={"display": "banner"},
        steps=[StepIn(id="news", content=both("New: photo receipts", "Attach a **photo**."))],
    )


def policy_modal() -> GuideCreate:
    return GuideCreate(
        kind=GuideKind.announcement,
        name="Policy modal",
        targeting=Targeting(url_rules=["/reports"]),
        frequency="always",
        settings={"display": "modal"},
        steps=[StepIn(id="news", content=both("New policy", "Claims within **30 days**."))],
    )


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    guides = (export_tour(), intro_tour(), amount_tip(), receipts_banner(), policy_modal())
    with running_stack(tmp_path_factory.mktemp("wegwijs"), APP_KEY, guides) as stack:
        yield Servers(stack.wegwijs, stack.host, stack.engine, stack.guide_ids[0])


def new_page(browser: Browser, servers: Servers, **lab: str) -> tuple[BrowserContext, Page]:
    """A fresh visitor, with the host app's lab switches (`csp`, `css`) set as cookies."""
    context = browser.new_context()
    cookies: Any = [
        {"name": f"acme_{name}", "value": value, "url": servers.host} for name, value in lab.items()
    ]
    if cookies:
        context.add_cookies(cookies)
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    return context, context.new_page()


@pytest.fixture
def hosting() -> Iterator[list[BrowserContext]]:
    """Contexts a test opens, closed afterwards."""
    contexts: list[BrowserContext] = []
    yield contexts
    for context in contexts:
        context.close()


def popover_titled(page: Page, title: str) -> Locator:
    """The walkthrough's popover, once it shows the step called `title`."""
    popover = page.locator(POPOVER)
    expect(popover.get_by_role("heading")).to_have_text(title)
    return popover


def assert_next_to(page: Page, popover: Locator, target_selector: str) -> None:
    """The popover is on screen, just above or below its target."""
    box = popover.bounding_box()
    target = page.locator(target_selector).bounding_box()
    assert box and target
    gap = min(
        abs(box["y"] - (target["y"] + target["height"])),
        abs(target["y"] - (box["y"] + box["height"])),
    )
    assert gap < 30, (box, target)
    assert box["x"] < target["x"] + target["width"] and target["x"] < box["x"] + box["width"]


def show_and_click_through_first_step(page: Page, servers: Servers) -> None:
    """The export tour starts on /claims: its first step is visible next to its target,
    and its Next button takes a real click."""
    sign_in(page, servers.host, "ben")
    page.goto(f"{servers.host}/claims")
    popover = popover_titled(page, "Columns")
    assert_next_to(page, popover, "[data-testid=columns-button]")
    popover.get_by_role("button", name="Next").click()
    popover = popover_titled(page, "Export")
    assert_next_to(page, popover, "[data-testid=export-button]")


def test_strict_csp_without_unsafe_inline(
    browser: Browser, servers: Servers, hosting: list[BrowserContext]
) -> None:
    context, page = new_page(browser, servers)
    hosting.append(context)
    problems = watch_problems(page)
    with page.expect_response(f"{servers.host}/claims") as answer:
        show_and_click_through_first_step(page, servers)
    policy = answer.value.headers["content-security-policy"]
    scripts = policy.split("script-src", 1)[1].split(";", 1)[0]
    assert scripts.strip() == f"'self' {servers.wegwijs}"
    assert "'unsafe-inline'" not in scripts
    assert problems == []


def test_nonce_csp_without_host_allow_list(
    browser: Browser, servers: Servers, hosting: list[BrowserContext]
) -> None:
    context, page = new_page(browser, servers, csp="nonce")
    hosting.append(context)
    problems = watch_problems(page)
    chunks: list[str] = []
    page.on("response", lambda r: chunks.append(r.url) if "/widget/chunks/" in r.url else None)
    with page.expect_response(f"{servers.host}/claims") as answer:
        show_and_click_through_first_step(page, servers)
    policy = answer.value.headers["content-security-policy"]
    scripts = policy.split("script-src", 1)[1].split(";", 1)[0].strip()
    assert scripts.startswith("'nonce-") and " " not in scripts, scripts  # nothing else allowed
    assert "'nonce-" in policy.split("style-src", 1)[1].split(";", 1)[0]
    # The chunks came through import(), allowed by the nonce of the script tag alone.
    assert any("/chunks/walkthrough-" in url for url in chunks)
    # The help panel is a chunk as well, loaded on the click, long after the page loaded.
    page.locator("wegwijs-root .ww-launcher").click()
    expect(page.locator("wegwijs-root .ww-panel")).to_be_visible()
    assert any("/chunks/help-" in url for url in chunks)
    assert problems == []


def test_hostile_global_css(
    browser: Browser, servers: Servers, hosting: list[BrowserContext]
) -> None:
    context, page = new_page(browser, servers, css="hostile")
    hosting.append(context)
    problems = watch_problems(page)
    show_and_click_through_first_step(page, servers)
    heading = page.get_by_role("heading", level=1)
    assert heading.evaluate("node => getComputedStyle(node).textTransform") == "uppercase"
    popover = page.locator(POPOVER)
    styles = popover.evaluate(
        """node => {
            const style = getComputedStyle(node);
            return { transform: style.textTransform, size: style.fontSize, colour: style.color };
        }"""
    )
    # The page's inherited uppercase, 19px and dark red stop at the shadow root.
    assert styles == {"transform": "none", "size": "14px", "colour": "rgb(29, 35, 48)"}
    host = page.locator("wegwijs-root")
    assert host.evaluate("node => node.matches(':popover-open')")
    # The launcher sits where the cookie bar (z-index 2147483647) is: still on top, clickable.
    cookie_bar = page.get_by_test_id("cookie-bar").bounding_box()
    launcher = page.locator("wegwijs-root .ww-launcher")
    box = launcher.bounding_box()
    assert cookie_bar and box and box["y"] + box["height"] > cookie_bar["y"]
    launcher.click()
    expect(page.locator("wegwijs-root .ww-panel")).to_be_visible()
    assert problems == []


def test_nonce_csp_and_hostile_css_together(
    browser: Browser, servers: Servers, hosting: list[BrowserContext]
) -> None:
    context, page = new_page(browser, servers, csp="nonce", css="hostile")
    hosting.append(context)
    problems = watch_problems(page)
    show_and_click_through_first_step(page, servers)
    assert problems == []


def test_steps_inside_an_open_modal_dialog_stay_clickable(
    browser: Browser, servers: Servers, hosting: list[BrowserContext]
) -> None:
    context, page = new_page(browser, servers, css="hostile")
    hosting.append(context)
    problems = watch_problems(page)
    show_and_click_through_first_step(page, servers)
    page.get_by_test_id("export-button").click()  # the step's trigger, and opens the dialog
    expect(page.locator("#export-dialog")).to_have_attribute("open", "")
    popover = popover_titled(page, "Format")
    # Everything outside the modal dialog is inert: the widget moved into it, on top.
    parent = "() => document.querySelector('wegwijs-root').parentElement.id"
    assert page.evaluate(parent) == "export-dialog"
    assert_next_to(page, popover, "#export-format")
    popover.get_by_role("button", name="Next").click()
    popover = popover_titled(page, "Download")
    assert_next_to(page, popover, "[data-testid=export-download]")
    # Escape in the widget closes the widget, not the host's dialog as well.
    page.keyboard.press("Escape")
    expect(page.locator(POPOVER)).to_have_count(0)
    expect(page.locator("#export-dialog")).to_have_attribute("open", "")
    # The host's own button closes it, and the widget goes back to <body>, in the top layer.
    page.get_by_role("button", name="Cancel").click()
    expect(page.locator("#export-dialog")).not_to_have_attribute("open", "")
    page.wait_for_function(
        "() => document.querySelector('wegwijs-root').parentElement === document.body"
    )
    assert page.locator("wegwijs-root").evaluate("node => node.matches(':popover-open')")
    wait_for_events(servers.engine, guide_id=servers.export_tour_id, name="guide_dismissed")
    assert problems == []


def test_the_hosts_own_popover_stays_open(
    browser: Browser, servers: Servers, hosting: list[BrowserContext]
) -> None:
    context, page = new_page(browser, servers)
    hosting.append(context)
    problems = watch_problems(page)
    sign_in(page, servers.host, "ben")
    # Hold the context answer, so that the widget shows itself only after the host's
    # popover has opened.
    held: list[Route] = []
    page.route(f"{servers.wegwijs}/api/public/v1/apps/{APP_KEY}/context", lambda r: held.append(r))
    page.goto(f"{servers.host}/claims")
    page.get_by_test_id("columns-button").click()
    columns = page.locator("#claims-columns")
    expect(columns).to_be_visible()
    for _ in range(100):  # the widget's request, held
        if held:
            break
        page.wait_for_timeout(50)
    assert held
    expect(page.locator("wegwijs-root")).to_have_count(0)
    for route in held:
        route.continue_()
    page.unroute(f"{servers.wegwijs}/api/public/v1/apps/{APP_KEY}/context")
    popover_titled(page, "Columns")
    assert columns.evaluate("node => node.matches(':popover-open')")
    assert page.locator("wegwijs-root").get_attribute("popover") == "manual"
    assert problems == []


def test_a_chunk_that_fails_to_load_is_retried_at_the_next_need(
    browser: Browser, servers: Servers, hosting: list[BrowserContext]
) -> None:
    context, page = new_page(browser, servers)
    hosting.append(context)
    uncaught: list[str] = []
    page.on("pageerror", lambda error: uncaught.append(str(error)))
    warnings: list[str] = []
    page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
    page.on("console", lambda m: uncaught.append(m.text) if "Uncaught" in m.text else None)
    refused: list[str] = []

    def refuse_once(route: Route) -> None:
        if refused:
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.route("**/widget/chunks/help-*.js", refuse_once)
    sign_in(page, servers.host, "ben")
    launcher = page.locator("wegwijs-root .ww-launcher")
    launcher.click()
    for _ in range(100):
        if any("could not show the help" in text for text in warnings):
            break
        page.wait_for_timeout(50)
    assert refused and any("could not show the help" in text for text in warnings), warnings
    expect(page.locator("wegwijs-root .ww-panel")).to_have_count(0)
    # The next click is the next need: the chunk loads this time.
    launcher.click()
    expect(page.locator("wegwijs-root .ww-panel")).to_be_visible()
    assert uncaught == []


# -- accessibility: axe on every surface --------------------------------------------------


def axe_violations(page: Page) -> list[str]:
    """Serious and critical axe violations inside the widget (its open shadow root)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    results = page.evaluate(
        """async () => {
            const context = { include: [["wegwijs-root"]] };
            const results = await axe.run(context, { resultTypes: ["violations"] });
            const where = (v) => v.nodes.map((n) => JSON.stringify(n.target)).join(", ");
            return results.violations
              .filter((v) => v.impact === "serious" || v.impact === "critical")
              .map((v) => `${v.id} (${v.impact}): ${where(v)}`);
        }"""
    )
    return list(results)


def test_axe_finds_no_serious_violation_on_any_surface(
    browser: Browser, servers: Servers, hosting: list[BrowserContext]
) -> None:
    # axe is injected as an inline script: this context lets it past the host's policy.
    context = browser.new_context(bypass_csp=True)
    hosting.append(context)
    page = context.new_page()
    problems = watch_problems(page)
    sign_in(page, servers.host, "ben")
    found: dict[str, list[str]] = {}

    page.goto(f"{servers.host}/claims")
    popover_titled(page, "Columns")
    found["walkthrough popover"] = axe_violations(page)

    page.goto(f"{servers.host}/claims/new")
    expect(page.locator("wegwijs-root .ww-banner")).to_be_visible()
    found["announcement banner"] = axe_violations(page)
    page.locator("wegwijs-root .ww-tip-icon").click()
    expect(page.locator("wegwijs-root .ww-tip")).to_be_visible()
    found["tip"] = axe_violations(page)
    page.keyboard.press("Escape")

    page.locator("wegwijs-root .ww-launcher").click()
    panel = page.locator("wegwijs-root .ww-panel")
    expect(panel).to_be_visible()
    found["help panel"] = axe_violations(page)
    panel.get_by_role("button", name="A new claim").click()
    expect(page.locator("wegwijs-root .ww-floating")).to_be_visible()
    found["modal step"] = axe_violations(page)

    page.goto(f"{servers.host}/reports")
    expect(page.locator("wegwijs-root .ww-floating")).to_be_visible()
    found["announcement modal"] = axe_violations(page)

    assert found == {surface: [] for surface in found}
    # axe does look inside the widget's (open) shadow root: a nameless button is found.
    page.evaluate(
        """() => document.querySelector("wegwijs-root").shadowRoot
                   .append(document.createElement("button"))"""
    )
    assert any(found.startswith("button-name") for found in axe_violations(page))
    assert problems == []


# -- what a page fetches for the widget before any interaction ----------------------------


def widget_bytes_before_interaction(
    browser: Browser, servers: Servers, path: str, ready: str
) -> dict[str, int]:
    """Load `path` for a signed-in visitor, wait until `ready` is visible and the network is
    quiet, and return the gzipped body bytes of every /widget/ response, by file."""
    context = browser.new_context()
    try:
        page = context.new_page()
        sign_in(page, servers.host, "ben")
        page.goto(f"{servers.host}/")
        page.wait_for_load_state("networkidle")
        # A new page view with an empty memory cache for the widget's files.
        context.clear_cookies()
        sign_in(page, servers.host, "ben")
        responses: list[Response] = []
        page.on("response", lambda r: responses.append(r) if "/widget/" in r.url else None)
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        page.goto(f"{servers.host}{path}")
        expect(page.locator(ready)).to_be_visible()
        page.wait_for_load_state("networkidle")
        sizes = {}
        for response in responses:
            assert response.headers.get("content-encoding") == "gzip", response.url
            sizes[response.url.split("/widget/", 1)[1]] = response.request.sizes()[
                "responseBodySize"
            ]
        return sizes
    finally:
        context.close()


@pytest.mark.parametrize(
    ("path", "ready", "expected"),
    [
        # Nothing starts by itself on the dashboard: the core alone (and its launcher).
        ("/", "wegwijs-root .ww-launcher", {"wegwijs.js"}),
        # The export tour starts by itself on /claims: the core and the walkthrough chunks.
        ("/claims", POPOVER, {"wegwijs.js", "chunks/walkthrough-"}),
    ],
)
def test_bytes_fetched_before_the_first_interaction(
    browser: Browser, servers: Servers, path: str, ready: str, expected: set[str]
) -> None:
    sizes = widget_bytes_before_interaction(browser, servers, path, ready)
    total = sum(sizes.values())
    report = ", ".join(f"{name} {size} B" for name, size in sorted(sizes.items()))
    verdict = "met" if total <= BEFORE_INTERACTION_TARGET else "MISSED"
    print(f"{path}: {total} bytes gzipped before interaction ({report}); 16 KB target {verdict}")
    for prefix in expected:
        assert any(name.startswith(prefix) for name in sizes), (prefix, sizes)
    if path == "/":
        assert not any(name.startswith("chunks/") for name in sizes), sizes
    assert total <= BEFORE_INTERACTION_BUDGET, report
