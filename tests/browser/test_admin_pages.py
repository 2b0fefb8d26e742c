"""The admin pages in real Chromium: keyboard only, under their own strict CSP."""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.engine import Engine
from sqlmodel import Session

from tests.browser.conftest import start_server, watch_problems
from tests.conftest import TEST_SECRET
from tests.factories import PASSWORD, make_account, make_app
from wegwijs.apps.models import App
from wegwijs.auth.models import Role
from wegwijs.config import Settings
from wegwijs.db import create_db_engine
from wegwijs.main import create_app
from wegwijs.migrate import migrate

# Registered before any page script runs (through the DevTools protocol, not the page), so
# it sees every violation of the page's policy.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@dataclass
class Admin:
    url: str
    engine: Engine
    app_key: str


@pytest.fixture(scope="module")
def admin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Admin]:
    data_dir: Path = tmp_path_factory.mktemp("admin")
    settings = Settings(secret_key=TEST_SECRET, data_dir=data_dir)
    engine = create_db_engine(settings.database)
    migrate(engine)
    with Session(engine) as session:
        app = make_app(session, name="Acme Declaraties")
        make_account(session, "anna@example.com", app=app, role=Role.admin)
        key = app.key
    url, stop = start_server(create_app(settings, engine=engine))
    try:
        yield Admin(url, engine, key)
    finally:
        stop()
        engine.dispose()


def tab_to(page: Page, selector: str, *, limit: int = 80) -> None:
    """Press Tab until the element matching `selector` has focus, as a keyboard user does."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} not reached with Tab")


def violations(page: Page) -> list[str]:
    return page.evaluate("window.__cspViolations")


def test_sign_in_and_change_a_setting_with_the_keyboard(page: Page, admin: Admin) -> None:
    problems = watch_problems(page)
    page.add_init_script(RECORD_VIOLATIONS)
    settings_url = f"{admin.url}/admin/apps/{admin.app_key}/settings"
    page.goto(settings_url)
    expect(page).to_have_url(
        f"{admin.url}/admin/sign-in?next=%2Fadmin%2Fapps%2F{admin.app_key}%2Fsettings"
    )

    # The first Tab reaches the skip link.
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    tab_to(page, "#field-email")
    page.keyboard.type("anna@example.com")
    page.keyboard.press("Tab")
    expect(page.locator("#field-password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(settings_url)

    # Skip the header, then walk the form: tick consent, type a colour, save.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    tab_to(page, "#field-consent-required")
    page.keyboard.press("Space")
    expect(page.locator("#field-consent-required")).to_be_checked()
    tab_to(page, "#field-theme-primary")
    page.keyboard.type("#c026d3")
    # The live preview follows (its script runs under the CSP; no inline style needed).
    button = page.locator(".preview-button")
    expect(button).to_have_css("background-color", "rgb(192, 38, 211)")
    tab_to(page, ".settings-form > button[type=submit]")
    page.keyboard.press("Enter")

    expect(page.locator(".flash")).to_have_text("Settings saved.")
    with Session(admin.engine) as session:
        app = session.get(App, 1)
        assert app is not None
        assert app.consent_required is True
        assert app.theme == {"primary": "#c026d3"}
    expect(page.locator("#field-consent-required")).to_be_checked()
    expect(page.locator("[data-theme-preview]")).to_be_visible()
    expect(page.locator("button[data-copy='snippet-data']")).to_be_visible()

    assert violations(page) == []
    assert problems == []


def test_errors_are_announced_and_the_menus_work(page: Page, admin: Admin) -> None:
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(f"{admin.url}/admin/sign-in")
    page.locator("#field-email").fill("anna@example.com")
    page.locator("#field-password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{admin.url}/admin/apps")
    page.goto(f"{admin.url}/admin/apps/{admin.app_key}/settings")
    page.locator("#field-theme-radius").fill("99")
    page.locator("#field-name").press("Enter")

    # The error summary takes focus and links to the field, which keeps what was typed.
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter a number from 0 to 24.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#field-theme-radius")).to_have_value("99")
    expect(page.locator("#field-theme-radius")).to_have_attribute("aria-invalid", "true")

    # The account menu opens from the keyboard and Escape closes it again.
    tab_to(page, ".account-menu summary")
    page.keyboard.press("Enter")
    expect(page.locator(".account-menu")).to_have_attribute("open", "")
    page.keyboard.press("Escape")
    expect(page.locator(".account-menu")).not_to_have_attribute("open", "")
    expect(page.locator(".account-menu summary")).to_be_focused()

    # Works at phone width without sideways scrolling.
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert violations(page) == []
