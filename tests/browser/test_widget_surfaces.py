"""Announcements, tips, the help panel and feedback run in the host app: shown, usable by
keyboard, and their events stored once each in the server's database."""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.engine import Engine

from tests.browser.conftest import (
    both,
    find_events,
    running_stack,
    sign_in,
    wait_for_events,
    watch_problems,
)
from wegwijs.analytics.models import Event
from wegwijs.content.models import GuideKind, Placement
from wegwijs.content.schemas import GuideCreate, StepIn
from wegwijs.delivery.targeting import Targeting

APP_KEY = "app_browser_surfaces"
SHADOW_FOCUS = "document.querySelector('wegwijs-root').shadowRoot.activeElement?.className"


@dataclass
class Servers:
    wegwijs: str
    host: str
    host_without_widget: str
    engine: Engine
    banner_id: int
    tip_id: int
    walkthrough_id: int
    modal_id: int
    dismissable_id: int


def receipts_banner() -> GuideCreate:
    return GuideCreate(
        kind=GuideKind.announcement,
        name="Receipts banner",
        targeting=Targeting(url_rules=["/claims/new"]),
        frequency="until_completed",
        settings={"display": "banner"},
        steps=[StepIn(id="news", content=both("New: photo receipts", "Attach a **photo**."))],
    )


def amount_tip() -> GuideCreate:
    return GuideCreate(
        kind=GuideKind.tip,
        name="Amount tip",
        targeting=Targeting(url_rules=["/claims/new"]),
        frequency="always",
        settings={"icon": "info", "trigger": "hover"},
        steps=[
            StepIn(id="tip", target={"id": "claim-amount"}, content=both("Amount", "With VAT."))
        ],
    )


def claim_walkthrough() -> GuideCreate:
    """Listed in the help panel; its element condition keeps it from starting by itself."""
    return GuideCreate(
        kind=GuideKind.walkthrough,
        name="Submit a claim",
        targeting=Targeting(url_rules=["/claims/new"], element="#not-on-this-page"),
        frequency="always",
        steps=[
            StepIn(
                id="only",
                target=None,
                placement=Placement.floating,
                content=both("Submit a claim", "Enter the amount of your expense."),
            )
        ],
    )


def filters_modal() -> GuideCreate:
    return GuideCreate(
        kind=GuideKind.announcement,
        name="Filters modal",
        targeting=Targeting(url_rules=["/reports"]),
        frequency="until_completed",
        settings={"display": "modal", "start_walkthrough": "reports-tour", "button_label": "Toon"},
        steps=[StepIn(id="news", content=both("Nieuw: filters", "Filter op **datum**."))],
    )


def reports_tour() -> GuideCreate:
    return GuideCreate(
        kind=GuideKind.walkthrough,
        name="Reports tour",
        slug="reports-tour",
        targeting=Targeting(url_rules=["/reports"], element="#not-on-this-page"),
        frequency="always",
        steps=[
            StepIn(
                id="filter",
                placement=Placement.floating,
                content=both("Filter op datum", "Kies een begin en een eind."),
            )
        ],
    )


def profile_banner() -> GuideCreate:
    """Shown until the person closes it (×), not only until acknowledged."""
    return GuideCreate(
        kind=GuideKind.announcement,
        name="Profile banner",
        targeting=Targeting(url_rules=["/profile"]),
        frequency="until_dismissed",
        settings={"display": "banner"},
        steps=[StepIn(id="news", content=both("Check your details", "Once a year."))],
    )


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    # The tour first: an announcement may only name a walkthrough that exists.
    guides = (
        reports_tour(),
        receipts_banner(),
        amount_tip(),
        claim_walkthrough(),
        filters_modal(),
        profile_banner(),
    )
    with running_stack(tmp_path_factory.mktemp("wegwijs"), APP_KEY, guides) as stack:
        yield Servers(
            stack.wegwijs, stack.host, stack.host_without_widget, stack.engine, *stack.guide_ids[1:]
        )


def events_named(engine: Engine, name: str, user_id: str) -> list[Event]:
    return find_events(engine, name=name, user_id=user_id)


def wait_for_event(engine: Engine, name: str, user_id: str) -> list[Event]:
    return wait_for_events(engine, name=name, user_id=user_id)


def test_banner_is_acknowledged_once_and_stays_gone(page: Page, servers: Servers) -> None:
    problems = watch_problems(page)
    page.goto(f"{servers.host_without_widget}/signin")
    baseline = set(page.evaluate("Object.keys(window)"))

    sign_in(page, servers.host, "ben")
    page.goto(f"{servers.host}/claims/new")
    banner = page.get_by_role("region", name="New: photo receipts")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Attach a photo.")
    expect(banner.locator("strong").first).to_have_text("New: photo receipts")
    banner.get_by_role("button", name="Got it").click()
    expect(banner).to_have_count(0)

    acknowledged = wait_for_event(servers.engine, "announcement_acknowledged", "ben")
    assert [event.guide_id for event in acknowledged] == [servers.banner_id]
    page.reload()
    expect(page.get_by_role("button", name="Help")).to_be_visible()  # the context arrived
    page.wait_for_timeout(500)
    expect(page.get_by_role("region", name="New: photo receipts")).to_have_count(0)
    page.wait_for_function(
        "prefix => !Object.keys(localStorage).some(k => k.startsWith(prefix))",
        arg="wegwijs:queue:app_browser_surfaces:",  # every tab's queue
        timeout=10_000,
    )
    assert len(events_named(servers.engine, "announcement_acknowledged", "ben")) == 1
    assert len(events_named(servers.engine, "announcement_viewed", "ben")) == 1
    assert set(page.evaluate("Object.keys(window)")) - baseline == {"Wegwijs"}
    assert problems == []


def test_tip_opens_with_enter_and_closes_with_escape(page: Page, servers: Servers) -> None:
    problems = watch_problems(page)
    sign_in(page, servers.host, "chris")
    page.goto(f"{servers.host}/claims/new")
    icon = page.get_by_role("button", name="Tip: Amount")
    expect(icon).to_be_visible()
    expect(icon).to_have_attribute("aria-expanded", "false")
    # Next to the amount field.
    field = page.locator("#claim-amount").bounding_box()
    box = icon.bounding_box()
    assert field and box
    assert abs((box["y"] + box["height"] / 2) - (field["y"] + field["height"] / 2)) < 4
    assert 0 <= box["x"] - (field["x"] + field["width"]) < 20

    icon.focus()
    tooltip = page.locator("wegwijs-root [role=tooltip]")
    expect(tooltip).to_have_count(0)  # a hover tip does not open on focus alone
    page.keyboard.press("Enter")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text("With VAT.")
    expect(icon).to_have_attribute("aria-expanded", "true")
    assert icon.get_attribute("aria-describedby") == tooltip.get_attribute("id")
    page.keyboard.press("Escape")
    expect(tooltip).to_have_count(0)
    expect(icon).to_have_attribute("aria-expanded", "false")

    page.keyboard.press("Space")  # opens again: viewed still reported once per page view
    expect(tooltip).to_be_visible()
    wait_for_event(servers.engine, "tip_viewed", "chris")
    page.wait_for_timeout(2500)
    viewed = events_named(servers.engine, "tip_viewed", "chris")
    assert [event.guide_id for event in viewed] == [servers.tip_id]
    assert problems == []


def test_help_panel_lists_searches_starts_and_asks_for_feedback(
    page: Page, servers: Servers
) -> None:
    problems = watch_problems(page)
    sign_in(page, servers.host, "ben")
    page.goto(f"{servers.host}/claims/new")
    launcher = page.get_by_role("button", name="Help")
    expect(launcher).to_have_attribute("aria-expanded", "false")
    launcher.click()
    panel = page.get_by_role("dialog", name="Help")
    expect(panel).to_be_visible()
    expect(launcher).to_have_attribute("aria-expanded", "true")
    expect(panel.get_by_role("list", name="Guides for this page")).to_contain_text("Submit a claim")

    panel.get_by_role("searchbox", name="Search help").fill("expense")
    mark = panel.locator(".ww-results mark").first
    expect(mark).to_have_text("expense", ignore_case=True)
    expect(panel.get_by_role("status")).to_have_text("1 result")
    searched = wait_for_event(servers.engine, "search_performed", "ben")
    assert searched[-1].props == {"query": "expense", "results": 1}
    assert wait_for_event(servers.engine, "help_opened", "ben")

    page.keyboard.press("Escape")
    expect(panel).to_have_count(0)
    expect(launcher).to_have_attribute("aria-expanded", "false")
    assert page.evaluate(SHADOW_FOCUS) == "ww-launcher"

    # Opened from the API, a guide of this page starts, and at its end feedback is asked.
    page.evaluate("Wegwijs.openHelp()")
    expect(panel).to_be_visible()
    panel.get_by_role("button", name="Submit a claim").click()
    expect(panel).to_have_count(0)
    step = page.get_by_role("dialog", name="Submit a claim")
    expect(step).to_contain_text("Enter the amount of your expense.")
    step.get_by_role("button", name="Done").click()
    question = page.get_by_role("region", name="Was this helpful?")
    expect(question).to_be_visible()
    question.get_by_role("textbox", name="Comment (optional)").fill("Clear, thanks")
    question.get_by_role("button", name="Yes").click()
    expect(page.locator("wegwijs-root .ww-feedback")).to_contain_text("Thank you!")
    feedback = wait_for_event(servers.engine, "feedback_given", "ben")
    assert [(event.guide_id, event.props) for event in feedback] == [
        (servers.walkthrough_id, {"helpful": True, "comment": "Clear, thanks"})
    ]
    assert problems == []


def test_modal_traps_focus_closes_on_escape_and_starts_its_walkthrough(
    page: Page, servers: Servers
) -> None:
    problems = watch_problems(page)
    sign_in(page, servers.host, "anna")  # Dutch
    page.goto(f"{servers.host}/reports")
    expect(page.get_by_role("button", name="Hulp")).to_be_visible()
    modal = page.get_by_role("dialog", name="Nieuw: filters")
    expect(modal).to_be_visible()
    expect(modal).to_have_attribute("aria-modal", "true")
    expect(modal).to_contain_text("Filter op datum.")
    assert page.evaluate(SHADOW_FOCUS) == "ww-button ww-primary"
    for _ in range(3):
        page.keyboard.press("Tab")
        assert page.evaluate(SHADOW_FOCUS) in ("ww-close", "ww-button ww-primary")
    page.keyboard.press("Escape")
    expect(modal).to_have_count(0)
    dismissed = wait_for_event(servers.engine, "guide_dismissed", "anna")
    assert [event.guide_id for event in dismissed] == [servers.modal_id]

    page.reload()  # closed, not acknowledged: it comes back (until completed)
    expect(modal).to_be_visible()
    modal.get_by_role("button", name="Toon").click()
    expect(modal).to_have_count(0)
    step = page.get_by_role("dialog", name="Filter op datum")
    expect(step).to_contain_text("Kies een begin en een eind.")
    acknowledged = wait_for_event(servers.engine, "announcement_acknowledged", "anna")
    assert [event.guide_id for event in acknowledged] == [servers.modal_id]
    assert len(events_named(servers.engine, "announcement_viewed", "anna")) == 2
    assert problems == []


def test_a_banner_shown_until_dismissed_stays_away_once_closed(
    page: Page, servers: Servers
) -> None:
    problems = watch_problems(page)
    sign_in(page, servers.host, "ben")
    page.goto(f"{servers.host}/profile")
    banner = page.get_by_role("region", name="Check your details")
    expect(banner).to_be_visible()
    banner.get_by_role("button", name="Close").click()
    expect(banner).to_have_count(0)
    dismissed = wait_for_event(servers.engine, "guide_dismissed", "ben")
    assert [event.guide_id for event in dismissed] == [servers.dismissable_id]

    page.reload()
    expect(page.get_by_role("button", name="Help")).to_be_visible()  # the widget is there
    expect(banner).to_have_count(0)
    acknowledged = events_named(servers.engine, "announcement_acknowledged", "ben")
    assert servers.dismissable_id not in {event.guide_id for event in acknowledged}
    assert problems == []
