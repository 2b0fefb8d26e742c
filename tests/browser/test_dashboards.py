"""Issue 7's acceptance in real Chromium: three people run a walkthrough through the widget
on the demo host app, one quits at step 2; an analyst signs in and reads the funnel (3
started, 2 completed, the drop at step 2) and the missing help, where a stored query that
is HTML stays text. No console error and no CSP violation on the dashboards."""

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Dialog, Locator, Page, expect
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from tests.browser.conftest import both, running_stack, sign_in, wait_for_events, watch_problems
from tests.browser.test_admin_pages import RECORD_VIOLATIONS, violations
from tests.factories import PASSWORD, make_account
from wegwijs.analytics.models import Event
from wegwijs.apps.models import App
from wegwijs.auth.models import Role
from wegwijs.content.models import GuideKind, Placement
from wegwijs.content.schemas import GuideCreate, StepIn
from wegwijs.delivery.targeting import Targeting

APP_KEY = "app_browser_dashboards"
DIALOG = "wegwijs-root [role=dialog]"
NOTHING_FOUND = "zzqqxx vacation"
HOSTILE_QUERY = "<img src=x onerror=alert(1)>"


@dataclass
class Servers:
    wegwijs: str
    host: str
    engine: Engine
    walkthrough_id: int


def claim_walkthrough() -> GuideCreate:
    """Three steps with a Next button each (Done on the last)."""
    return GuideCreate(
        kind=GuideKind.walkthrough,
        name="Submit a claim",
        targeting=Targeting(url_rules=["/claims/new"]),
        frequency="until_dismissed",
        steps=[
            StepIn(id="amount", target={"id": "claim-amount"}, content=both("Amount", "How much.")),
            StepIn(
                id="category",
                target={"attributes": {"data-testid": "claim-category"}},
                content=both("Category", "What for."),
            ),
            StepIn(
                id="done",
                target=None,
                placement=Placement.floating,
                content=both("All set", "Submit it."),
            ),
        ],
    )


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    with running_stack(tmp_path_factory.mktemp("wegwijs"), APP_KEY, [claim_walkthrough()]) as stack:
        with Session(stack.engine) as session:
            app = session.exec(select(App).where(App.key == APP_KEY)).one()
            make_account(session, "analyst@example.com", app=app, role=Role.analyst)
        yield Servers(stack.wegwijs, stack.host, stack.engine, stack.guide_ids[0])


def run_walkthrough(
    browser: Browser, servers: Servers, user: str, *, quit_at_step: int = 0
) -> None:
    """One person, in a browser of their own: Next through the steps (or Escape at one)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        problems = watch_problems(page)
        sign_in(page, servers.host, user)
        page.goto(f"{servers.host}/claims/new")
        dialog = page.locator(DIALOG)
        for number in (1, 2, 3):
            expect(dialog).to_contain_text(re.compile(rf"{number} (of|van) 3"))
            if number == quit_at_step:
                page.keyboard.press("Escape")
                break
            dialog.locator("button.ww-primary").click()
        expect(page.locator(DIALOG)).to_have_count(0)
        ending = "guide_dismissed" if quit_at_step else "guide_completed"
        wait_for_events(servers.engine, name=ending, user_id=user)
        assert problems == []
    finally:
        context.close()


def search_help(page: Page, servers: Servers, query: str) -> None:
    """Search in the widget's help panel for something no guide has; wait until stored."""
    panel = page.get_by_role("dialog", name="Help")
    panel.get_by_role("searchbox", name="Search help").fill(query)
    expect(panel.get_by_role("status")).to_have_text("No results")
    for _ in range(75):
        if any(event.props.get("query") == query for event in searches(servers.engine)):
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"the search {query!r} was not stored")


def searches(engine: Engine) -> list[Event]:
    with Session(engine) as session:
        return list(session.exec(select(Event).where(Event.name == "search_performed")).all())


def stat(page: Page, label: str) -> Locator:
    """The headline number under `label`."""
    return page.locator(".stat", has=page.locator("dt", has_text=label)).first.locator(
        ".stat-value"
    )


def test_funnel_and_missing_help_after_three_people_used_the_widget(
    browser: Browser, page: Page, servers: Servers
) -> None:
    run_walkthrough(browser, servers, "anna")  # in Dutch
    run_walkthrough(browser, servers, "ben", quit_at_step=2)
    run_walkthrough(browser, servers, "chris")

    # Ben looks for help that does not exist, twice; the second query is HTML.
    host = page.context.new_page()
    sign_in(host, servers.host, "ben")
    host.get_by_role("button", name="Help").click()
    search_help(host, servers, NOTHING_FOUND)
    search_help(host, servers, HOSTILE_QUERY)
    host.close()

    # The analyst signs in on the Wegwijs server and opens the walkthrough's funnel.
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    problems = watch_problems(page)
    page.add_init_script(RECORD_VIOLATIONS)
    reports = f"{servers.wegwijs}/admin/apps/{APP_KEY}/reports"
    funnel = f"{reports}/walkthroughs/{servers.walkthrough_id}"
    page.goto(funnel)
    page.locator("#field-email").fill("analyst@example.com")
    page.locator("#field-password").fill(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(funnel)

    expect(page.get_by_role("heading", level=1)).to_have_text("Submit a claim")
    expect(stat(page, "Started")).to_have_text("3")
    expect(stat(page, "Completed")).to_have_text("2")
    expect(stat(page, "Completion rate")).to_have_text("67%")
    stuck = page.locator("tr.biggest-drop")
    expect(stuck).to_have_count(1)
    expect(stuck.locator("th")).to_have_text("2. Category Biggest drop")
    expect(stuck.locator("td")).to_have_text(["category", "3", "1", "33%", "1"])
    expect(page.locator(".stuck")).to_contain_text("Where users get stuck: step 2, “Category”")
    # The chart marks the same step, in the alert colour and in words.
    alert_bar = page.locator("svg.chart g.chart-bar-alert")
    expect(alert_bar).to_have_count(1)
    expect(alert_bar.locator("text.chart-label")).to_have_text("2. Category")
    expect(alert_bar.locator("text.chart-value")).to_have_text("3 · 1 dropped · Biggest drop")

    # Missing help: both queries, the HTML one as text (no image, no alert).
    page.get_by_role("navigation", name="Reports").get_by_role("link", name="Search").click()
    missing = page.locator("#no-results")
    expect(missing).to_contain_text(NOTHING_FOUND)
    expect(missing.get_by_role("rowheader", name=HOSTILE_QUERY, exact=True)).to_have_count(1)
    expect(page.locator("svg.chart text.chart-label", has_text=HOSTILE_QUERY)).to_have_count(1)
    assert page.locator("img").count() == 0
    page.wait_for_timeout(300)
    assert dialogs == []
    assert violations(page) == []

    # Every dashboard under the strict CSP, without errors.
    tabs = page.get_by_role("navigation", name="Reports")
    tabs.get_by_role("link", name="Overview").click()
    expect(stat(page, "Views")).to_have_text("3")
    expect(page.locator("#content")).to_contain_text("Submit a claim")
    for tab in ("Walkthroughs", "Feedback", "Broken guides"):
        tabs.get_by_role("link", name=tab).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(tab)
        assert violations(page) == []
    expect(page.locator("svg.chart")).to_have_count(0)  # nothing went missing: no chart
    assert violations(page) == []
    assert [p for p in problems if "Failed to load resource" not in p] == []
