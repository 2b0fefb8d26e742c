"""A published walkthrough runs in the host app: autostart, Next, resume after a reload,
Escape, and its events stored once each in the server's database."""

import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.engine import Engine

from tests.browser.conftest import (
    find_events,
    running_stack,
    sign_in,
    wait_for_events,
    watch_problems,
)
from wegwijs.analytics.models import Event
from wegwijs.content.models import AdvanceTrigger, GuideKind, Placement
from wegwijs.content.schemas import GuideCreate, StepContent, StepIn
from wegwijs.delivery.targeting import Targeting

APP_KEY = "app_browser_walk"
DIALOG = "wegwijs-root [role=dialog]"


@dataclass
class Servers:
    wegwijs: str
    host: str
    host_without_widget: str
    engine: Engine
    guide_id: int
    profile_guide_id: int
    broken_guide_id: int


def claim_walkthrough() -> GuideCreate:
    def texts(en: str, nl: str) -> dict[str, StepContent]:
        return {
            "en": StepContent(title=en, body=f"About **{en.lower()}**."),
            "nl": StepContent(title=nl, body=f"Over **{nl.lower()}**."),
        }

    return GuideCreate(
        kind=GuideKind.walkthrough,
        name="Submit a claim",
        targeting=Targeting(url_rules=["/claims/new"]),
        frequency="until_dismissed",
        steps=[
            StepIn(id="amount", target={"id": "claim-amount"}, content=texts("Amount", "Bedrag")),
            StepIn(
                id="category",
                target={"attributes": {"data-testid": "claim-category"}},
                placement=Placement.bottom,
                content=texts("Category", "Categorie"),
            ),
            StepIn(
                id="done",
                target=None,
                placement=Placement.floating,
                content=texts("All set", "Klaar"),
            ),
        ],
    )


def orders_tour() -> GuideCreate:
    """Two steps in the host's single-page section: the first advances on navigation."""
    return GuideCreate(
        kind=GuideKind.walkthrough,
        name="Orders tour",
        targeting=Targeting(url_rules=["/app/orders"]),
        frequency="until_dismissed",
        steps=[
            StepIn(
                id="open-order",
                target={"attributes": {"data-testid": "order-link-1001"}},
                advance_trigger=AdvanceTrigger.url,
                content={"en": StepContent(title="Open an order", body="Click its number.")},
            ),
            StepIn(
                id="status",
                target={"attributes": {"data-testid": "order-status"}, "text": "Open"},
                content={"en": StepContent(title="Its status", body="Open or closed.")},
            ),
        ],
    )


def profile_tour() -> GuideCreate:
    """Steps that advance on input into their target and on a click on it."""
    return GuideCreate(
        kind=GuideKind.walkthrough,
        name="Profile tour",
        targeting=Targeting(url_rules=["/profile"]),
        frequency="until_completed",
        steps=[
            StepIn(
                id="name",
                target={"id": "profile-name", "tag": "input"},
                advance_trigger=AdvanceTrigger.input,
                content={"en": StepContent(title="Your name", body="Type it.")},
            ),
            StepIn(
                id="save",
                target={"attributes": {"data-testid": "profile-save"}, "text": "Save"},
                advance_trigger=AdvanceTrigger.click,
                content={"en": StepContent(title="Save", body="Click Save.")},
            ),
        ],
    )


def broken_tour() -> GuideCreate:
    """Its target is not on the page: a broken guide the authors must hear about."""
    return GuideCreate(
        kind=GuideKind.walkthrough,
        name="Broken tour",
        targeting=Targeting(url_rules=["/reports"]),
        steps=[
            StepIn(
                id="gone",
                target={"id": "removed-in-the-last-release"},
                content={"en": StepContent(title="Gone", body="Never shown.")},
            )
        ],
    )


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    guides = (claim_walkthrough(), orders_tour(), profile_tour(), broken_tour())
    with running_stack(tmp_path_factory.mktemp("wegwijs"), APP_KEY, guides) as stack:
        claim_id, _orders_id, profile_id, broken_id = stack.guide_ids
        yield Servers(
            stack.wegwijs,
            stack.host,
            stack.host_without_widget,
            stack.engine,
            claim_id,
            profile_id,
            broken_id,
        )


def stored_events(engine: Engine, guide_id: int) -> list[Event]:
    return find_events(engine, guide_id=guide_id)


def wait_for_event(engine: Engine, guide_id: int, name: str) -> list[Event]:
    """Once the guide has an event called `name`, all its events."""
    wait_for_events(engine, guide_id=guide_id, name=name)
    return stored_events(engine, guide_id)


def test_walkthrough_autostarts_resumes_after_reload_and_is_dismissed(
    page: Page, servers: Servers
) -> None:
    problems = watch_problems(page)
    page.goto(f"{servers.host_without_widget}/signin")
    baseline = set(page.evaluate("Object.keys(window)"))

    sign_in(page, servers.host, "ben")  # English
    page.goto(f"{servers.host}/claims/new")
    dialog = page.locator(DIALOG)
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("1 of 3")
    expect(dialog.get_by_role("heading")).to_have_text("Amount")
    expect(dialog).to_contain_text("About amount.")
    assert dialog.get_attribute("aria-labelledby")
    assert dialog.get_attribute("aria-describedby")
    # Focus moved into the popover, onto its primary button.
    focused = page.evaluate(
        "document.querySelector('wegwijs-root').shadowRoot.activeElement.textContent"
    )
    assert focused == "Next"
    # Anchored just below the amount field (placement auto prefers the bottom).
    field = page.locator("#claim-amount").bounding_box()
    box = dialog.bounding_box()
    assert field and box
    assert 0 <= box["y"] - (field["y"] + field["height"]) < 30
    # The spotlight outlines the field.
    spotlight = page.locator("wegwijs-root .ww-spotlight").bounding_box()
    assert spotlight and abs(spotlight["x"] - (field["x"] - 4)) < 2

    dialog.get_by_role("button", name="Next").click()
    expect(dialog).to_contain_text("2 of 3")
    expect(dialog.get_by_role("heading")).to_have_text("Category")

    page.reload()
    expect(dialog).to_contain_text("2 of 3")
    expect(dialog.get_by_role("heading")).to_have_text("Category")

    page.keyboard.press("Escape")
    expect(page.locator(DIALOG)).to_have_count(0)
    assert page.evaluate("sessionStorage.getItem('wegwijs:progress:' + 'app_browser_walk')") is None

    events = wait_for_event(servers.engine, servers.guide_id, "guide_dismissed")
    names = [event.name for event in events]
    assert names.count("guide_started") == 1
    assert names.count("guide_dismissed") == 1
    assert names.count("step_completed") == 1
    viewed = [event.step_id for event in events if event.name == "step_viewed"]
    assert viewed == ["amount", "category", "category"]  # the reload showed step 2 again
    assert len({event.event_id for event in events}) == len(events)
    assert all(event.url and event.url.startswith(servers.host) for event in events)
    assert {event.user_id for event in events} == {"ben"}
    assert {event.locale for event in events} == {"en"}

    # Unsent events are gone from storage once the server has answered for them.
    page.wait_for_function(
        "prefix => !Object.keys(localStorage).some(k => k.startsWith(prefix))",
        arg="wegwijs:queue:app_browser_walk:",  # every tab's queue
        timeout=10_000,
    )
    assert set(page.evaluate("Object.keys(window)")) - baseline == {"Wegwijs"}
    assert problems == []


def test_the_floating_last_step_is_a_modal_and_done_completes(page: Page, servers: Servers) -> None:
    problems = watch_problems(page)
    sign_in(page, servers.host, "chris")
    page.goto(f"{servers.host}/claims/new")
    dialog = page.locator(DIALOG)
    expect(dialog).to_contain_text("1 of 3")
    dialog.get_by_role("button", name="Next").click()
    expect(dialog).to_contain_text("2 of 3")
    dialog.get_by_role("button", name="Back").click()
    expect(dialog).to_contain_text("1 of 3")
    dialog.get_by_role("button", name="Next").click()
    dialog.get_by_role("button", name="Next").click()
    expect(dialog).to_contain_text("3 of 3")
    expect(dialog).to_have_attribute("aria-modal", "true")
    dialog.get_by_role("button", name="Done").click()
    expect(page.locator(DIALOG)).to_have_count(0)

    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        chris = [e for e in stored_events(servers.engine, servers.guide_id) if e.user_id == "chris"]
        if any(event.name == "guide_completed" for event in chris):
            break
        time.sleep(0.2)
    names = [event.name for event in chris]
    assert names.count("guide_completed") == 1
    assert names.count("step_completed") == 4  # amount twice (after Back), category, done

    # Completed: it does not start again.
    page.reload()
    page.wait_for_timeout(1500)
    expect(page.locator(DIALOG)).to_have_count(0)
    assert problems == []


def test_spa_navigation_starts_and_advances_a_walkthrough(page: Page, servers: Servers) -> None:
    problems = watch_problems(page)
    sign_in(page, servers.host, "ben")
    page.goto(f"{servers.host}/app")
    expect(page.get_by_test_id("spa-root")).to_be_visible()
    expect(page.locator(DIALOG)).to_have_count(0)

    # pushState to /app/orders: the widget asks again, and waits for the late rows.
    page.get_by_test_id("spa-orders-link").click()
    dialog = page.locator(DIALOG)
    expect(dialog).to_contain_text("1 of 2")
    expect(dialog.get_by_role("heading")).to_have_text("Open an order")
    expect(dialog.get_by_role("button", name="Next")).to_have_count(0)  # advances on navigation

    page.get_by_test_id("order-link-1001").click()
    expect(page).to_have_url(f"{servers.host}/app/orders/1001")
    expect(dialog).to_contain_text("2 of 2")
    expect(dialog.get_by_role("heading")).to_have_text("Its status")
    dialog.get_by_role("button", name="Done").click()
    expect(page.locator(DIALOG)).to_have_count(0)

    page.go_back()  # popstate: the tour ended here and does not start again
    expect(page).to_have_url(f"{servers.host}/app/orders")
    page.wait_for_timeout(500)
    expect(page.locator(DIALOG)).to_have_count(0)
    assert problems == []


def test_input_and_click_triggers_advance_and_complete(page: Page, servers: Servers) -> None:
    problems = watch_problems(page)
    sign_in(page, servers.host, "chris")
    page.goto(f"{servers.host}/profile")
    dialog = page.locator(DIALOG)
    expect(dialog).to_contain_text("1 of 2")
    expect(dialog.get_by_role("button", name="Next")).to_have_count(0)
    page.locator("#profile-name").fill("Chris B.")
    expect(dialog).to_contain_text("2 of 2")
    expect(dialog.get_by_role("heading")).to_have_text("Save")
    page.get_by_test_id("profile-save").click()
    expect(page.locator("#profile-saved")).to_be_visible()

    events = wait_for_event(servers.engine, servers.profile_guide_id, "guide_completed")
    names = [event.name for event in events]
    assert names.count("guide_started") == 1
    assert names.count("step_completed") == 2
    assert names.count("guide_completed") == 1
    assert problems == []


def test_a_missing_target_is_reported_and_nothing_is_shown(page: Page, servers: Servers) -> None:
    problems = watch_problems(page)
    sign_in(page, servers.host, "ben")
    page.goto(f"{servers.host}/reports")
    events = wait_for_event(servers.engine, servers.broken_guide_id, "element_missing")
    assert [(event.name, event.step_id) for event in events] == [("element_missing", "gone")]
    expect(page.locator(DIALOG)).to_have_count(0)
    assert page.evaluate("sessionStorage.getItem('wegwijs:progress:app_browser_walk')") is None
    assert problems == []


def test_a_navigation_step_advances_across_a_full_page_load(page: Page, servers: Servers) -> None:
    problems = watch_problems(page)
    sign_in(page, servers.host, "chris")
    page.goto(f"{servers.host}/app/orders")
    dialog = page.locator(DIALOG)
    expect(dialog).to_contain_text("1 of 2")
    # Not through the SPA router: a new document, which resumes from sessionStorage.
    page.goto(f"{servers.host}/app/orders/1001")
    expect(dialog).to_contain_text("2 of 2")
    expect(dialog.get_by_role("heading")).to_have_text("Its status")
    assert problems == []
