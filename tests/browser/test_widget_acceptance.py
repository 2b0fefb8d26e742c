"""The widget issue's main acceptance run: one 4-step walkthrough across a full page load
and an SPA route, with a click and a typed input, resumed after a reload, each popover next
to its target, driven by the keyboard where a user would; the events stored are exactly
the expected sequence, each once. And the help panel, keyboard only."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import (
    Stack,
    both,
    find_events,
    running_stack,
    sign_in,
    wait_for_events,
    watch_problems,
)
from wegwijs.content.models import AdvanceTrigger, GuideKind, Placement
from wegwijs.content.schemas import GuideCreate, StepIn
from wegwijs.delivery.targeting import Targeting

APP_KEY = "app_browser_acceptance"
POPOVER = "wegwijs-root .ww-popover"


def order_tour() -> GuideCreate:
    return GuideCreate(
        kind=GuideKind.walkthrough,
        name="Add a note to an order",
        slug="order-note",
        targeting=Targeting(url_rules=["/claims"]),
        frequency="once",
        steps=[
            StepIn(
                id="open-orders",
                target={"selector": ".main-nav a[href='/app']", "role": "link"},
                url_rule="/claims",
                placement=Placement.bottom,
                advance_trigger=AdvanceTrigger.click,
                content=both("Open the orders", "Orders live in their own section."),
            ),
            StepIn(
                id="all-orders",
                target={"attributes": {"data-testid": "spa-orders-link"}},
                url_rule="/app",
                advance_trigger=AdvanceTrigger.click,
                content=both("All orders", "Every customer order, newest first."),
            ),
            StepIn(
                id="pick-order",
                target={"attributes": {"data-testid": "order-link-1003"}},
                url_rule="/app/orders",
                advance_trigger=AdvanceTrigger.click,
                content=both("Pick an order", "Open order 1003."),
            ),
            StepIn(
                id="write-note",
                target={"id": "order-note", "tag": "textarea"},
                url_rule="/app/orders/:id",
                placement=Placement.right,
                advance_trigger=AdvanceTrigger.input,
                content=both("Write a note", "Type what the customer asked."),
            ),
        ],
    )


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with running_stack(tmp_path_factory.mktemp("acceptance"), APP_KEY, [order_tour()]) as stack:
        yield stack


def assert_next_to(page: Page, target: str) -> None:
    popover = page.locator(POPOVER)
    popover.wait_for(state="visible")
    element = page.locator(target).bounding_box()
    box = popover.bounding_box()
    assert element and box
    gap = max(
        box["y"] - (element["y"] + element["height"]),  # below
        element["y"] - (box["y"] + box["height"]),  # above
        box["x"] - (element["x"] + element["width"]),  # right
        element["x"] - (box["x"] + box["width"]),  # left
    )
    assert gap < 40, (element, box)


def test_four_steps_across_a_page_load_an_spa_route_and_a_reload(page: Page, stack: Stack) -> None:
    problems = watch_problems(page)
    sign_in(page, stack.host, "ben")
    page.goto(f"{stack.host}/claims")
    assert_next_to(page, ".main-nav a[href='/app']")
    page.locator(".main-nav a[href='/app']").click()  # full page load

    page.wait_for_url(f"{stack.host}/app")
    assert_next_to(page, "[data-testid=spa-orders-link]")
    page.locator("[data-testid=spa-orders-link]").click()  # an SPA route

    page.wait_for_url(f"{stack.host}/app/orders")
    assert_next_to(page, "[data-testid=order-link-1003]")
    page.reload()  # resumes at the same step
    assert_next_to(page, "[data-testid=order-link-1003]")
    page.locator("[data-testid=order-link-1003]").click()  # another SPA route

    page.wait_for_url(f"{stack.host}/app/orders/1003")
    assert_next_to(page, "#order-note")
    page.locator("#order-note").click()
    page.keyboard.type("Levering op dinsdag")  # really typed, with the popover shown
    assert page.locator("#order-note").input_value() == "Levering op dinsdag"
    guide_id = stack.guide_ids[0]
    wait_for_events(stack.engine, guide_id=guide_id, name="guide_completed")

    events = [(e.name, e.step_id) for e in find_events(stack.engine, guide_id=guide_id)]
    assert events == [
        ("guide_started", "open-orders"),
        ("step_viewed", "open-orders"),
        ("step_completed", "open-orders"),
        ("step_viewed", "all-orders"),
        ("step_completed", "all-orders"),
        ("step_viewed", "pick-order"),
        ("step_viewed", "pick-order"),  # shown again after the reload: a second view
        ("step_completed", "pick-order"),
        ("step_viewed", "write-note"),
        ("step_completed", "write-note"),
        ("guide_completed", "write-note"),
    ], "\n".join(map(str, events))
    assert problems == []


def test_the_help_panel_by_keyboard_only(page: Page, stack: Stack) -> None:
    sign_in(page, stack.host, "anna")
    page.goto(f"{stack.host}/claims/new")
    launcher = page.locator("wegwijs-root .ww-launcher")
    launcher.wait_for(state="visible")
    for _ in range(60):  # Tab through the page until the launcher has the focus
        page.keyboard.press("Tab")
        if page.evaluate(
            "() => document.activeElement?.shadowRoot?.activeElement?.classList"
            ".contains('ww-launcher') ?? false"
        ):
            break
    else:
        pytest.fail("the help launcher cannot be reached with Tab")
    page.keyboard.press("Enter")
    panel = page.locator("wegwijs-root #ww-help")
    panel.wait_for(state="visible")
    search = panel.get_by_role("searchbox").or_(panel.get_by_role("textbox")).first
    search.wait_for(state="visible")
    for _ in range(10):
        if search.evaluate("(el) => el.getRootNode().activeElement === el"):
            break
        page.keyboard.press("Tab")
    page.keyboard.type("order")
    result = panel.get_by_role("button", name="Open the orders")
    result.wait_for(state="visible")
    while not result.evaluate("(el) => el.getRootNode().activeElement === el"):
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # found here, it begins on /claims: the widget goes there
    page.wait_for_url(f"{stack.host}/claims")
    assert_next_to(page, ".main-nav a[href='/app']")
    page.keyboard.press("Escape")
    page.locator(POPOVER).wait_for(state="hidden")
