"""The demo's sample library on the demo business app, with identity verification on: the
employee gets the onboarding checklist and the tips, the approver the approval walkthrough,
and the announcement shows once."""

import secrets
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import Stack, running_stack, sign_in, wait_for_events, watch_problems
from wegwijs.demo import demo_guides_dir
from wegwijs.guidefiles.sync import import_guides

APP_KEY = "app_demo_library"
SECRET = secrets.token_urlsafe(32)
POPOVER = "wegwijs-root .ww-popover"


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    data_dir = tmp_path_factory.mktemp("demo-library")
    with running_stack(data_dir, APP_KEY, [], identity_secret=SECRET) as stack:
        import_guides(
            engine=stack.engine, app_key=APP_KEY, directory=demo_guides_dir(), publish=True
        )
        yield stack


@pytest.fixture
def fresh_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    yield context.new_page()
    context.close()


def test_the_employee_gets_the_checklist_tips_and_the_announcement_once(
    fresh_page: Page, stack: Stack
) -> None:
    page = fresh_page
    problems = watch_problems(page)
    sign_in(page, stack.host, "ben")  # an employee, signed with the app's secret
    banner = page.locator("wegwijs-root [role=region]")
    banner.wait_for(state="visible")
    assert "photo of your receipt" in banner.inner_text()
    page.locator("wegwijs-root .ww-popover").first.wait_for(state="visible")  # submit-claim
    page.keyboard.press("Escape")
    banner.get_by_role("button").first.click()  # acknowledge: "Got it"
    assert wait_for_events(stack.engine, name="announcement_acknowledged", user_id="ben")
    page.reload()
    page.locator("wegwijs-root .ww-launcher").wait_for(state="visible")
    page.wait_for_timeout(1500)
    assert page.locator("wegwijs-root [role=region]").count() == 0  # once

    page.locator("wegwijs-root .ww-launcher").click()
    panel = page.locator("wegwijs-root #ww-help")
    panel.get_by_role("progressbar").first.wait_for(state="visible")
    assert "Getting started" in panel.inner_text()
    page.keyboard.press("Escape")

    page.goto(f"{stack.host}/claims/new")
    tips = page.locator("wegwijs-root .ww-tip-icon")
    tips.first.wait_for(state="visible")
    assert tips.count() == 2
    assert problems == []


def test_the_approver_gets_the_approval_walkthrough(fresh_page: Page, stack: Stack) -> None:
    page = fresh_page
    sign_in(page, stack.host, "anna")
    page.goto(f"{stack.host}/claims/1")
    popover = page.locator(POPOVER)
    popover.wait_for(state="visible")
    assert "Check the claim" in popover.inner_text() or "Controleer" in popover.inner_text()
    started = wait_for_events(stack.engine, name="guide_started", user_id="anna")
    assert started[0].guide_id is not None


def test_the_employee_gets_no_approval_walkthrough(fresh_page: Page, stack: Stack) -> None:
    page = fresh_page
    sign_in(page, stack.host, "ben")
    page.goto(f"{stack.host}/claims/1")
    page.locator("wegwijs-root .ww-launcher").wait_for(state="visible")
    page.wait_for_timeout(1500)
    texts = page.locator(POPOVER).all_inner_texts()
    assert not any("Check the claim" in text for text in texts)
