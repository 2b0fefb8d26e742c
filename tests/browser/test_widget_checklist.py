"""A checklist in the help panel: its items start their walkthroughs, a completed item is
reported once as `checklist_item_completed` and shows as done after a reload; the widget's
CSS arrives through `adoptedStyleSheets`, not a `<style>` element."""

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from tests.browser.conftest import load_host_app, start_server
from tests.conftest import TEST_SECRET
from wegwijs.analytics.models import Event
from wegwijs.apps.models import AppCreate
from wegwijs.apps.service import register_app
from wegwijs.config import Settings
from wegwijs.content.models import GuideKind, Placement
from wegwijs.content.schemas import GuideCreate, StepContent, StepIn
from wegwijs.content.service import create_guide, publish_guide
from wegwijs.db import create_db_engine
from wegwijs.delivery.targeting import Targeting
from wegwijs.main import create_app
from wegwijs.migrate import migrate

APP_KEY = "app_browser_checklist"
PAGE = "/claims/new"


@dataclass
class Servers:
    host: str
    engine: Engine
    checklist_id: int
    first_id: int
    second_id: int


def both(title: str, body: str) -> dict[str, StepContent]:
    return {
        "en": StepContent(title=title, body=body),
        "nl": StepContent(title=title, body=body),
    }


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
    settings = Settings(secret_key=TEST_SECRET, data_dir=tmp_path_factory.mktemp("wegwijs"))
    engine = create_db_engine(settings.database)
    migrate(engine)
    wegwijs_url, stop_wegwijs = start_server(create_app(settings, engine=engine))
    host_app = load_host_app()
    host_url, stop_host = start_server(
        host_app.create_app(wegwijs_server=wegwijs_url, app_key=APP_KEY)
    )
    with Session(engine) as session:
        app = register_app(
            session=session,
            app_in=AppCreate(name="Acme", allowed_origins=[host_url]),
            key=APP_KEY,
        )
        ids = []
        # The walkthroughs first: a checklist names walkthroughs that exist.
        for guide_in in (
            tour("first-tour", "First tour"),
            tour("second-tour", "Second tour"),
            get_started(),
        ):
            guide = create_guide(session=session, app=app, guide_in=guide_in, author=None)
            publish_guide(session=session, app=app, guide=guide, author=None)
            assert guide.id is not None
            ids.append(guide.id)
    yield Servers(host_url, engine, checklist_id=ids[2], first_id=ids[0], second_id=ids[1])
    stop_host()
    stop_wegwijs()
    engine.dispose()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    yield context.new_page()
    context.close()


def watch_problems(page: Page) -> list[str]:
    seen: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            seen.append(f"console error: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: seen.append(f"pageerror: {error}"))
    return seen


def sign_in(page: Page, base_url: str, user_id: str) -> None:
    page.goto(f"{base_url}/signin")
    page.get_by_test_id(f"signin-{user_id}").click()
    page.wait_for_url(f"{base_url}/")


def events_named(engine: Engine, name: str, user_id: str) -> list[Event]:
    with Session(engine) as session:
        query = (
            select(Event).where(Event.name == name, Event.user_id == user_id).order_by(Event.id)  # type: ignore[arg-type]
        )
        return list(session.exec(query).all())


def wait_for_event(engine: Engine, name: str, user_id: str, timeout: float = 15) -> list[Event]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        events = events_named(engine, name, user_id)
        if events:
            return events
        time.sleep(0.2)
    raise AssertionError(f"no {name} event for {user_id} within {timeout}s")


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
