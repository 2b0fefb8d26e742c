"""The widget, served by a Wegwijs server, loads into the host app on another origin."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from sqlalchemy.engine import Engine
from sqlmodel import Session

from tests.browser.conftest import ROOT, load_host_app, start_server
from tests.conftest import TEST_SECRET
from wegwijs.apps.models import AppCreate
from wegwijs.apps.service import register_app
from wegwijs.config import Settings
from wegwijs.db import create_db_engine
from wegwijs.main import create_app
from wegwijs.migrate import migrate

APP_KEY = "app_browser_test"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    settings = Settings(secret_key=TEST_SECRET, data_dir=tmp_path_factory.mktemp("wegwijs"))
    engine = create_db_engine(settings.database)
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def wegwijs_url(engine: Engine) -> Iterator[str]:
    settings = Settings(secret_key=TEST_SECRET, data_dir=Path(str(engine.url.database)).parent)
    url, stop = start_server(create_app(settings, engine=engine))
    yield url
    stop()


@pytest.fixture(scope="module")
def host_urls(wegwijs_url: str, engine: Engine) -> Iterator[dict[str, str]]:
    """The same host app twice: with the Wegwijs tag, and without it (for comparison)."""
    host_app = load_host_app()
    with_widget, stop_with = start_server(
        host_app.create_app(wegwijs_server=wegwijs_url, app_key=APP_KEY)
    )
    without_widget, stop_without = start_server(
        host_app.create_app(wegwijs_server=wegwijs_url, app_key="")
    )
    with Session(engine) as session:
        register_app(
            session=session,
            app_in=AppCreate(name="Acme", allowed_origins=[with_widget]),
            key=APP_KEY,
        )
    yield {"with": with_widget, "without": without_widget}
    stop_with()
    stop_without()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    yield context.new_page()
    context.close()


def window_keys(page: Page) -> set[str]:
    return set(page.evaluate("Object.keys(window)"))


def test_widget_loads_cross_origin_and_adds_only_its_global(
    page: Page, host_urls: dict[str, str], wegwijs_url: str
) -> None:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto(host_urls["without"] + "/")
    baseline = window_keys(page)

    with page.expect_response(f"{wegwijs_url}/widget/wegwijs.js") as widget_response:
        page.goto(host_urls["with"] + "/")
    assert widget_response.value.status == 200
    assert wegwijs_url.rsplit(":", 1)[1] != host_urls["with"].rsplit(":", 1)[1]
    page.wait_for_function("() => window.Wegwijs && typeof window.Wegwijs.version === 'string'")

    package = json.loads(Path(ROOT / "widget" / "package.json").read_text())
    assert page.evaluate("window.Wegwijs.version") == package["version"]
    assert window_keys(page) - baseline == {"Wegwijs"}
    assert problems == []


def test_public_calls_never_throw_into_the_host(page: Page, host_urls: dict[str, str]) -> None:
    page.goto(host_urls["with"] + "/")
    page.wait_for_function("() => window.Wegwijs && window.Wegwijs.version")
    thrown = page.evaluate(
        """() => {
            const calls = [
              () => Wegwijs.identify("anna", {role: "approver"}),
              () => Wegwijs.track("exported", {rows: 3}),
              () => Wegwijs.track(undefined, null),
              () => Wegwijs.identify({not: "a string"}),
              () => Wegwijs.consent("maybe"),
              () => Wegwijs.start(42),
              () => Wegwijs.openHelp(),
              () => Wegwijs.reset(),
            ];
            const errors = [];
            for (const call of calls) {
              try { call(); } catch (error) { errors.push(String(error)); }
            }
            return errors;
        }"""
    )
    assert thrown == []
