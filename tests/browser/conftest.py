"""Real headless Chromium (Debian's), and servers on their own origins for it to visit."""

import importlib.util
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from tests.conftest import TEST_SECRET
from tests.processes import free_port
from wegwijs.analytics.models import Event
from wegwijs.apps.models import AppCreate
from wegwijs.apps.service import register_app
from wegwijs.config import Settings
from wegwijs.content.schemas import GuideCreate, StepContent
from wegwijs.content.service import create_guide, publish_guide
from wegwijs.db import create_db_engine
from wegwijs.delivery.catalog import CHECK_INTERVAL_SECONDS
from wegwijs.guidefiles.check import CHROMIUM, CHROMIUM_ARGS
from wegwijs.main import create_app
from wegwijs.migrate import migrate

ROOT = Path(__file__).resolve().parents[2]
HOST_APP_FILE = ROOT / "examples" / "host_app" / "host_app.py"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


def load_host_app() -> ModuleType:
    """Import examples/host_app/host_app.py, which is a runnable script, not a package."""
    spec = importlib.util.spec_from_file_location("host_app", HOST_APP_FILE)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def start_server(app: FastAPI, port: int | None = None) -> tuple[str, Callable[[], None]]:
    """Serve `app` with uvicorn in a background thread; returns its base URL and a stopper.

    `port` defaults to a free one; give the same port again to restart a stopped server."""
    port = port or free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("server did not start")
        time.sleep(0.02)

    def stop() -> None:
        server.should_exit = True
        thread.join(timeout=10)

    return f"http://127.0.0.1:{port}", stop


# Package scope: Playwright's sync API marks an asyncio loop as running in this thread for
# as long as it is open, so async tests after this package (the SDK's) must not share it.
@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# -- a running Wegwijs server and host app, with published guides -----------------------------


def both(title: str, body: str) -> dict[str, StepContent]:
    """The same step text in English and Dutch (the sample users speak either)."""
    return {
        "en": StepContent(title=title, body=body),
        "nl": StepContent(title=title, body=body),
    }


@dataclass
class Stack:
    """A Wegwijs server and the host app on their own origins (plus the host without the tag)."""

    wegwijs: str
    host: str
    host_without_widget: str
    engine: Engine
    guide_ids: list[int]


@contextmanager
def running_stack(
    data_dir: Path,
    app_key: str,
    guides: Sequence[GuideCreate],
    *,
    identity_secret: str | None = None,
) -> Iterator[Stack]:
    """Start both servers, register the app for the host's origin and publish `guides` in
    order (a guide may name one published before it, e.g. a checklist its walkthroughs).

    With `identity_secret` the app verifies identities and the host app signs user ids with
    it (through the SDK's `script_tag`), as the demo runs."""
    settings = Settings(secret_key=TEST_SECRET, data_dir=data_dir)
    engine = create_db_engine(settings.database)
    migrate(engine)
    wegwijs_url, stop_wegwijs = start_server(create_app(settings, engine=engine))
    host_app = load_host_app()
    host_url, stop_host = start_server(
        host_app.create_app(
            wegwijs_server=wegwijs_url, app_key=app_key, identity_secret=identity_secret
        )
    )
    bare_url, stop_bare = start_server(host_app.create_app(wegwijs_server=wegwijs_url, app_key=""))
    try:
        # The app is registered once the host app's origin (its port) is known.
        with Session(engine) as session:
            app = register_app(
                session=session,
                app_in=AppCreate(name="Acme", allowed_origins=[host_url]),
                key=app_key,
            )
            if identity_secret:
                app.identity_secret = identity_secret
                app.identity_verification = True
                session.add(app)
                session.commit()
            ids = []
            for guide_in in guides:
                guide = create_guide(session=session, app=app, guide_in=guide_in, author=None)
                publish_guide(session=session, app=app, guide=guide, author=None)
                assert guide.id is not None
                ids.append(guide.id)
        yield Stack(wegwijs_url, host_url, bare_url, engine, ids)
    finally:
        stop_bare()
        stop_host()
        stop_wegwijs()
        engine.dispose()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    yield context.new_page()
    context.close()


def watch_problems(page: Page) -> list[str]:
    """Console errors (CSP violations among them) and uncaught exceptions."""
    seen: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            seen.append(f"console error: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: seen.append(f"pageerror: {error}"))
    return seen


def sign_in(page: Page, base_url: str, user_id: str) -> None:
    """Pick a sample user on the host app's sign-in page."""
    page.goto(f"{base_url}/signin")
    page.get_by_test_id(f"signin-{user_id}").click()
    page.wait_for_url(f"{base_url}/")


def find_events(engine: Engine, **where: Any) -> list[Event]:
    """Stored events matching every `column=value` given, oldest first."""
    with Session(engine) as session:
        query = select(Event).order_by(Event.id)  # type: ignore[arg-type]
        for column, value in where.items():
            query = query.where(getattr(Event, column) == value)
        return list(session.exec(query).all())


def after_publishing() -> None:
    """A publish reaches the server's context answers within a second (each worker checks
    the app's content version at most once a second): wait that out before a visitor comes."""
    time.sleep(CHECK_INTERVAL_SECONDS + 0.1)


def wait_for_events(engine: Engine, *, timeout: float = 15, **where: Any) -> list[Event]:
    """The widget sends events in batches: wait until some match, then return them."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        events = find_events(engine, **where)
        if events:
            return events
        time.sleep(0.2)
    raise AssertionError(f"no event with {where} within {timeout}s")
