"""Consent: when the app requires it, the widget stores nothing in the browser and sends no
events until the host calls `Wegwijs.consent(true)`; help is still shown."""

import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page
from sqlalchemy import text

from tests.browser.conftest import (
    Stack,
    both,
    find_events,
    running_stack,
    wait_for_events,
    watch_problems,
)
from wegwijs.content.models import GuideKind, Placement
from wegwijs.content.schemas import GuideCreate, StepIn
from wegwijs.delivery.targeting import Targeting

APP_KEY = "app_browser_consent"
POPOVER = "wegwijs-root .ww-popover"
WIDGET_KEYS = """
() => [localStorage, sessionStorage].flatMap((storage) =>
  Object.keys(storage).filter((key) => key.startsWith('wegwijs:')))
"""


def welcome() -> GuideCreate:
    return GuideCreate(
        kind=GuideKind.walkthrough,
        name="Welcome",
        targeting=Targeting(url_rules=["/claims"]),
        frequency="always",
        steps=[
            StepIn(
                id="hello",
                target=None,
                placement=Placement.floating,
                content=both("Welcome", "Your claims are listed here."),
            )
        ],
    )


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with running_stack(tmp_path_factory.mktemp("consent"), APP_KEY, [welcome()]) as stack:
        with stack.engine.begin() as connection:
            # A settings change every worker picks up, like the admin's save does.
            connection.execute(
                text(
                    "UPDATE app SET consent_required = :yes,"
                    " content_version = content_version + 1 WHERE key = :key"
                ),
                {"yes": True, "key": APP_KEY},
            )
        yield stack


def test_nothing_is_stored_or_sent_before_consent(page: Page, stack: Stack) -> None:
    problems = watch_problems(page)
    page.goto(f"{stack.host}/claims")
    page.locator(POPOVER).wait_for(state="visible")  # help still shows
    page.reload()  # a second page view: still nothing kept from the first
    page.locator(POPOVER).wait_for(state="visible")
    time.sleep(3)  # longer than the queue's flush delay
    assert page.evaluate(WIDGET_KEYS) == []
    assert find_events(stack.engine) == []

    page.evaluate("() => Wegwijs.consent(true)")
    page.wait_for_function(
        "() => Object.keys(localStorage).some((key) => key.startsWith('wegwijs:visitor'))"
    )
    # What was seen before consent is not reported afterwards; what is seen now is.
    page.locator("wegwijs-root .ww-close").first.click()
    assert [event.name for event in wait_for_events(stack.engine, name="guide_dismissed")]
    assert find_events(stack.engine, name="step_viewed") == []
    assert problems == []


def test_refused_consent_keeps_it_that_way(page: Page, stack: Stack) -> None:
    page.goto(f"{stack.host}/claims")
    page.locator(POPOVER).wait_for(state="visible")
    before = len(find_events(stack.engine))
    page.evaluate("() => Wegwijs.consent(false)")
    page.get_by_role("button", name="Close").or_(
        page.get_by_role("button", name="Sluiten")
    ).first.click()
    time.sleep(3)
    assert page.evaluate(WIDGET_KEYS) == []
    assert len(find_events(stack.engine)) == before
