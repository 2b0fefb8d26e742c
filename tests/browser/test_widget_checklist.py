"""A checklist in the help panel: its items start their walkthroughs, a completed item is
reported once as `checklist_item_completed` and shows as done after a reload; the widget's
CSS arrives through `adoptedStyleSheets`, not a `<style>` element."""

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Page, expect
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

APP_KEY = "app_browser_checklist"
PAGE = "/claims/new"


@dataclass
class Servers:
    host: str
    engine: Engine
    checklist_id: int
    first_id: int
    second_id: int


def tour(slug: str, title: str) -> GuideCreate:
    """One floating step; its element condition keeps it from starting by itself."""
    return GuideCreate(
        kind=GuideKind.walkthrough,
        name=title,
        slug=slug,
        targeting=Targeting(url_rules=[PAGE], element="#not-on-this-page"),
        frequency="always",
        steps=[
            StepIn(
                id="only",
                placement=Placement.floating,
                content=both(title, f"All about {title.lower()}."),
            )
        ],
    )


def get_started() -> GuideCreate:
    return GuideCreate(
        kind=GuideKind.checklist,
        name="Get started",
        targeting=Targeting(url_rules=[PAGE]),
        frequency="always",
        settings={"items": ["first-tour", "second-tour"]},
        steps=[StepIn(id="intro", content=both("Get started", "Two short tours."))],
    )


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    # The walkthroughs first: a checklist names walkthroughs that exist.
    guides = (tour("first-tour", "First tour"), tour("second-tour", "Second tour"), get_started())
    with running_stack(tmp_path_factory.mktemp("wegwijs"), APP_KEY, guides) as stack:
        first_id, second_id, checklist_id = stack.guide_ids
        yield Servers(stack.host, stack.engine, checklist_id, first_id, second_id)


def events_named(engine: Engine, name: str, user_id: str) -> list[Event]:
    return find_events(engine, name=name, user_id=user_id)


def wait_for_event(engine: Engine, name: str, user_id: str) -> list[Event]:
    return wait_for_events(engine, name=name, user_id=user_id)


def open_checklist(page: Page) -> None:
    page.get_by_role("button", name="Help").click()
    expect(page.get_by_role("dialog", name="Help")).to_be_visible()


def test_completed_item_is_reported_and_shown_done_after_reload(
    page: Page, servers: Servers
) -> None:
    problems = watch_problems(page)
    sign_in(page, servers.host, "ben")
    page.goto(f"{servers.host}{PAGE}")
    open_checklist(page)
    section = page.get_by_role("region", name="Get started")
    expect(section).to_contain_text("Two short tours.")
    expect(section).to_contain_text("0 of 2 done")
    progress = section.get_by_role("progressbar", name="Get started")
    expect(progress).to_have_attribute("aria-valuenow", "0")
    expect(progress).to_have_attribute("aria-valuemax", "2")

    section.get_by_role("button", name="First tour", exact=True).click()
    popover = page.get_by_role("dialog", name="First tour")
    expect(popover).to_be_visible()
    popover.get_by_role("button", name="Done").click()
    expect(popover).to_have_count(0)

    reported = wait_for_event(servers.engine, "checklist_item_completed", "ben")
    assert [(e.guide_id, e.props) for e in reported] == [
        (servers.checklist_id, {"item_guide_id": servers.first_id})
    ]
    wait_for_event(servers.engine, "guide_completed", "ben")

    page.reload()
    open_checklist(page)
    section = page.get_by_role("region", name="Get started")
    expect(section).to_contain_text("1 of 2 done")
    progress = section.get_by_role("progressbar", name="Get started")
    expect(progress).to_have_attribute("aria-valuenow", "1")
    expect(progress).to_have_attribute("aria-valuetext", "1 of 2 done")
    items = section.get_by_role("listitem")
    expect(items).to_have_count(2)
    expect(items.nth(0).get_by_role("button")).to_have_accessible_name("First tour (done)")
    expect(items.nth(1).get_by_role("button")).to_have_accessible_name("Second tour")
    # "done" is for screen readers only: clipped to a single pixel.
    hidden = items.nth(0).locator(".ww-sr")
    assert hidden.evaluate("node => node.getBoundingClientRect().width") <= 1
    expect(items.nth(0)).to_have_text(re.compile(r"First tour\s*\(done\)"))

    page.wait_for_timeout(500)
    assert len(events_named(servers.engine, "checklist_item_completed", "ben")) == 1
    assert problems == []


def test_styles_come_through_adopted_style_sheets(page: Page, servers: Servers) -> None:
    problems = watch_problems(page)
    sign_in(page, servers.host, "chris")
    page.goto(f"{servers.host}{PAGE}")
    launcher = page.get_by_role("button", name="Help")
    expect(launcher).to_be_visible()
    shadow = page.evaluate(
        """() => {
            const root = document.querySelector('wegwijs-root').shadowRoot;
            return {
                adopted: root.adoptedStyleSheets.length,
                rules: root.adoptedStyleSheets[0].cssRules.length,
                styles: root.querySelectorAll('style').length,
            };
        }"""
    )
    assert shadow["adopted"] > 0
    assert shadow["rules"] > 10
    assert shadow["styles"] == 0
    # The sheet is in effect: the launcher is a fixed circle in the bottom right corner.
    position = launcher.evaluate("node => getComputedStyle(node).position")
    assert position == "fixed"
    assert problems == []


def test_reduced_motion_stops_animations(browser: Browser, servers: Servers) -> None:
    context = browser.new_context(reduced_motion="reduce")
    try:
        page = context.new_page()
        sign_in(page, servers.host, "chris")
        page.goto(f"{servers.host}{PAGE}")
        open_checklist(page)
        fill = page.locator("wegwijs-root .ww-meter-fill").first
        assert fill.evaluate("node => getComputedStyle(node).transitionDuration") == "0s"
    finally:
        context.close()
