"""Events are never lost and never counted twice: two tabs at once, a duplicated tab, a
server restart, a tab closed with events still queued. An author's preview token (in the
address or posted by the author's window) shows drafts to that tab only and leaves the
address bar. A page of the last minute is answered from the context cache."""

import json
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy.engine import Engine
from sqlmodel import Session

from tests.browser.conftest import (
    both,
    find_events,
    load_host_app,
    start_server,
    wait_for_events,
    watch_problems,
)
from tests.conftest import TEST_SECRET
from tests.factories import make_account
from tests.processes import free_port
from wegwijs.analytics.models import Event
from wegwijs.apps.models import AppCreate
from wegwijs.apps.service import register_app
from wegwijs.auth.models import Role
from wegwijs.config import Settings
from wegwijs.content.models import GuideKind, Placement
from wegwijs.content.schemas import GuideCreate, StepIn
from wegwijs.content.service import create_guide, publish_guide
from wegwijs.db import create_db_engine
from wegwijs.delivery.preview import issue_preview_token
from wegwijs.delivery.targeting import Targeting
from wegwijs.main import create_app
from wegwijs.migrate import migrate

APP_KEY = "app_browser_events"
PAGE = "/reports"
DIALOG = "wegwijs-root [role=dialog]"
# Published content on the page: once it is there, the widget has its first context answer.
BANNER = "wegwijs-root [role=region][aria-label='Quarter closes Friday']"
QUEUE_PREFIX = f"wegwijs:queue:{APP_KEY}:"
QUEUED = f"Object.keys(localStorage).filter(k => k.startsWith('{QUEUE_PREFIX}'))"


class Restartable:
    """A Wegwijs server that can be stopped and started again on the same port."""

    def __init__(self, make_app: Callable[[], FastAPI], port: int) -> None:
        self._make_app = make_app
        self._port = port
        self._stop: Callable[[], None] | None = None

    def start(self) -> str:
        url, self._stop = start_server(self._make_app(), port=self._port)
        return url

    def stop(self) -> None:
        if self._stop is not None:
            self._stop()
            self._stop = None


@dataclass
class Servers:
    wegwijs: str
    host: str
    engine: Engine
    app_id: int
    author_id: int
    draft_id: int
    restartable: Restartable


def quarter_banner() -> GuideCreate:
    """Published content on the page, to tell the published answer from a preview."""
    return GuideCreate(
        kind=GuideKind.announcement,
        name="Quarter banner",
        targeting=Targeting(url_rules=[PAGE]),
        frequency="always",
        settings={"display": "banner"},
        steps=[StepIn(id="news", content=both("Quarter closes Friday", "Book it all."))],
    )


def draft_tour() -> GuideCreate:
    return GuideCreate(
        kind=GuideKind.walkthrough,
        name="Reports tour (draft)",
        targeting=Targeting(url_rules=[PAGE]),
        steps=[
            StepIn(
                id="hello",
                target=None,
                placement=Placement.floating,
                content=both("Draft tour", "Not published yet."),
            )
        ],
    )


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    data_dir: Path = tmp_path_factory.mktemp("wegwijs")
    settings = Settings(secret_key=TEST_SECRET, data_dir=data_dir)
    engine = create_db_engine(settings.database)
    migrate(engine)

    def make_app() -> FastAPI:
        # A new application per start: its background writers do not restart.
        return create_app(settings, engine=engine)

    wegwijs = Restartable(make_app, free_port())
    wegwijs_url = wegwijs.start()
    host_url, stop_host = start_server(
        load_host_app().create_app(wegwijs_server=wegwijs_url, app_key=APP_KEY)
    )
    try:
        with Session(engine) as session:
            app = register_app(
                session=session,
                app_in=AppCreate(name="Acme", allowed_origins=[host_url]),
                key=APP_KEY,
            )
            banner = create_guide(session=session, app=app, guide_in=quarter_banner(), author=None)
            publish_guide(session=session, app=app, guide=banner, author=None)
            draft = create_guide(session=session, app=app, guide_in=draft_tour(), author=None)
            author = make_account(session, "author@example.com", app=app, role=Role.author)
            assert app.id and draft.id and author.id
            ids = (app.id, author.id, draft.id)
        yield Servers(wegwijs_url, host_url, engine, *ids, restartable=wegwijs)
    finally:
        stop_host()
        wegwijs.stop()
        engine.dispose()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """One browser profile: its tabs share localStorage, as a visitor's tabs do."""
    context = browser.new_context()
    yield context
    context.close()


def open_tab(context: BrowserContext, url: str) -> Page:
    """A tab on `url`, once the widget has its first context answer."""
    page = context.new_page()
    page.goto(url)
    expect(page.locator(BANNER)).to_be_attached()
    return page


def track(page: Page, name: str, count: int, *, start: int = 0) -> None:
    """`count` custom events called `name`, numbered in `props.n` from `start`."""
    page.evaluate(
        "([name, start, end]) => { for (let n = start; n < end; n++) Wegwijs.track(name, {n}) }",
        [name, start, start + count],
    )


def tab_id(page: Page) -> str:
    return json.loads(page.evaluate(f"sessionStorage.getItem('wegwijs:tab:{APP_KEY}')"))


def wait_for_custom(engine: Engine, name: str, count: int, timeout: float = 30) -> list[Event]:
    """The custom events called `name`, once there are `count` (or the time is up)."""
    deadline = time.monotonic() + timeout
    events = wait_for_events(engine, custom_name=name, timeout=timeout)
    while len(events) < count and time.monotonic() < deadline:
        time.sleep(0.2)
        events = find_events(engine, custom_name=name)
    return events


def assert_each_once(events: list[Event], count: int) -> None:
    """Events numbered 0 to `count` - 1 in `props.n`, each stored exactly once."""
    assert sorted(event.props["n"] for event in events) == list(range(count))
    assert len({event.event_id for event in events}) == count


def wait_until_sent(page: Page) -> None:
    """Every queue of this browser profile is empty (removed) once the server answered."""
    page.wait_for_function(f"() => {QUEUED}.length === 0", timeout=20_000)


@contextmanager
def server_down(servers: Servers) -> Iterator[None]:
    servers.restartable.stop()
    try:
        yield
    finally:
        servers.restartable.start()


def test_two_tabs_each_send_their_events_once(context: BrowserContext, servers: Servers) -> None:
    first = open_tab(context, f"{servers.host}{PAGE}")
    problems = watch_problems(first)
    second = open_tab(context, f"{servers.host}{PAGE}")
    assert tab_id(first) != tab_id(second)

    # Interleaved bursts from both tabs while both run.
    for round_ in range(4):
        track(first, "first", 10, start=round_ * 10)
        track(second, "second", 10, start=round_ * 10)

    assert_each_once(wait_for_custom(servers.engine, "first", 40), 40)
    assert_each_once(wait_for_custom(servers.engine, "second", 40), 40)
    wait_until_sent(first)
    time.sleep(1)  # nothing comes in late, twice
    assert len(find_events(servers.engine, custom_name="first")) == 40
    assert len(find_events(servers.engine, custom_name="second")) == 40
    assert problems == []


def test_a_duplicated_tab_takes_its_own_queue(context: BrowserContext, servers: Servers) -> None:
    first = open_tab(context, f"{servers.host}{PAGE}")
    original = tab_id(first)
    first.reload()
    expect(first.locator(BANNER)).to_be_attached()
    assert tab_id(first) == original  # a reload keeps the tab's id, and its queue

    # A duplicated tab starts with a copy of the original's sessionStorage.
    copy = context.new_page()
    stored = json.dumps(json.dumps(original))
    # Top frame only: the page's same-origin iframe would write it again, later.
    copy.add_init_script(
        f"if (window === top) sessionStorage.setItem('wegwijs:tab:{APP_KEY}', {stored})"
    )
    copy.goto(f"{servers.host}{PAGE}")
    expect(copy.locator(BANNER)).to_be_attached()
    assert tab_id(copy) != original
    assert tab_id(first) == original


def test_events_made_while_the_server_is_down_arrive_once_after_restart(
    context: BrowserContext, servers: Servers
) -> None:
    page = open_tab(context, f"{servers.host}{PAGE}")
    track(page, "before_restart", 3)
    assert_each_once(wait_for_custom(servers.engine, "before_restart", 3), 3)

    with server_down(servers):
        track(page, "while_down", 12)
        page.wait_for_timeout(4500)  # the first send and a retry fail
        queued = page.evaluate(f"{QUEUED}.flatMap(k => JSON.parse(localStorage.getItem(k)))")
        assert len([event for event in queued if event.get("custom_name") == "while_down"]) == 12
        assert find_events(servers.engine, custom_name="while_down") == []

    assert_each_once(wait_for_custom(servers.engine, "while_down", 12), 12)
    wait_until_sent(page)
    assert len(find_events(servers.engine, custom_name="while_down")) == 12


def orphan_events(name: str, count: int, url: str) -> list[dict[str, Any]]:
    return [
        {
            "id": f"orphan-{name}-{n}",
            "name": "custom",
            "custom_name": name,
            "props": {"n": n},
            "url": url,
            "ts": "2026-01-05T10:00:00.000Z",
        }
        for n in range(count)
    ]


def test_a_closed_tabs_queue_is_picked_up_by_another_tab(
    context: BrowserContext, servers: Servers
) -> None:
    url = f"{servers.host}{PAGE}"
    first = open_tab(context, url)
    # One tab crashed (its heartbeat is two minutes old), one closed (pagehide removed it).
    crashed = {"at": int(time.time() * 1000) - 120_000, "hidden": False}
    first.evaluate(
        """([prefix, app, crashed, crashedEvents, closedEvents]) => {
            localStorage.setItem(prefix + 'crashed', JSON.stringify(crashedEvents));
            localStorage.setItem('wegwijs:beat:' + app + ':crashed', JSON.stringify(crashed));
            localStorage.setItem(prefix + 'closed', JSON.stringify(closedEvents));
        }""",
        [
            QUEUE_PREFIX,
            APP_KEY,
            crashed,
            orphan_events("crashed_tab", 4, url),
            orphan_events("closed_tab", 3, url),
        ],
    )
    # A tab opened now claims them on start; the first tab may too, on its next heartbeat.
    second = open_tab(context, url)
    assert_each_once(wait_for_custom(servers.engine, "crashed_tab", 4), 4)
    assert_each_once(wait_for_custom(servers.engine, "closed_tab", 3), 3)
    wait_until_sent(second)
    beats = second.evaluate(
        f"Object.keys(localStorage).filter(k => k.startsWith('wegwijs:beat:{APP_KEY}:'))"
    )
    assert sorted(beats) == sorted(f"wegwijs:beat:{APP_KEY}:{tab_id(p)}" for p in (first, second))
    time.sleep(1)
    assert len(find_events(servers.engine, custom_name="crashed_tab")) == 4


def preview_token(servers: Servers, *, expired: bool = False) -> str:
    token, _ = issue_preview_token(
        secret_key=TEST_SECRET,
        app_id=servers.app_id,
        account_id=servers.author_id,
        guide_id=servers.draft_id,
        now=time.time() - 3600 if expired else None,
    )
    return token


def test_a_preview_token_in_the_address_shows_the_draft_to_that_tab_only(
    context: BrowserContext, browser: Browser, servers: Servers
) -> None:
    token = preview_token(servers)
    page = context.new_page()
    problems = watch_problems(page)
    page.goto(f"{servers.host}{PAGE}?year=2026&wegwijs_preview={token}#totals-table")
    dialog = page.locator(DIALOG)
    expect(dialog.get_by_role("heading")).to_have_text("Draft tour")
    # Gone from the address bar, the rest of the address kept.
    expect(page).to_have_url(f"{servers.host}{PAGE}?year=2026#totals-table")
    stored = page.evaluate(f"JSON.parse(sessionStorage.getItem('wegwijs:preview:{APP_KEY}'))")
    assert stored["token"] == token
    assert abs(stored["until"] / 1000 - (time.time() + 15 * 60)) < 60

    # Previewing records nothing: the author's clicks are not visitors' use.
    track(page, "while_previewing", 2)
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    page.reload()  # the token lives on in this tab's sessionStorage
    expect(page.locator(DIALOG).get_by_role("heading")).to_have_text("Draft tour")
    page.wait_for_timeout(2500)
    assert page.evaluate(QUEUED) == []
    assert find_events(servers.engine, custom_name="while_previewing") == []
    assert find_events(servers.engine, guide_id=servers.draft_id) == []

    # Another visitor (another browser profile) never sees the draft.
    other = browser.new_context()
    try:
        visitor = open_tab(other, f"{servers.host}{PAGE}")
        visitor.wait_for_timeout(500)
        expect(visitor.locator(DIALOG)).to_have_count(0)
    finally:
        other.close()
    assert problems == []


def test_a_refused_preview_token_is_dropped_for_the_published_content(
    context: BrowserContext, servers: Servers
) -> None:
    expired = preview_token(servers, expired=True)
    page = open_tab(context, f"{servers.host}{PAGE}?wegwijs_preview={expired}")
    expect(page).to_have_url(f"{servers.host}{PAGE}")
    page.wait_for_function(f"() => sessionStorage.getItem('wegwijs:preview:{APP_KEY}') === null")
    page.wait_for_timeout(500)
    expect(page.locator(DIALOG)).to_have_count(0)


def test_a_preview_token_posted_by_the_authors_window_is_origin_checked(
    context: BrowserContext, servers: Servers
) -> None:
    token = preview_token(servers)
    # The author's window on the Wegwijs server opens the host app, then posts the token.
    author = context.new_page()
    author.goto(f"{servers.wegwijs}/healthz")
    with context.expect_page() as opened:
        author.evaluate("url => { window.hostTab = window.open(url) }", f"{servers.host}{PAGE}")
    host = opened.value
    expect(host.locator(BANNER)).to_be_attached()
    # A message from the host's own origin is ignored.
    host.evaluate("t => window.postMessage({type: 'wegwijs:preview', token: t}, '*')", token)
    host.wait_for_timeout(500)
    expect(host.locator(DIALOG)).to_have_count(0)
    author.evaluate(
        "([t, origin]) => window.hostTab.postMessage({type: 'wegwijs:preview', token: t}, origin)",
        [token, servers.host],
    )
    expect(host.locator(DIALOG).get_by_role("heading")).to_have_text("Draft tour")
    assert re.search("wegwijs_preview", host.url) is None


def test_going_back_to_a_page_of_the_last_minute_asks_no_server(
    context: BrowserContext, servers: Servers
) -> None:
    page = context.new_page()
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if r.url.endswith("/context") else None)
    with page.expect_response(lambda r: r.url.endswith("/context")):
        page.goto(f"{servers.host}/app/orders")

    def visit(url: str, then: int) -> None:
        page.evaluate("url => history.pushState({}, '', url)", url)
        page.wait_for_timeout(400)  # navigation is reported after it settles
        assert len(asked) == then, url

    visit("/app/orders/1001", 2)
    visit("/app/orders", 2)  # answered from the cache
    visit("/app/orders/1001", 2)
    page.evaluate("Wegwijs.identify('anna')")  # another visitor: the cache is emptied
    page.wait_for_timeout(400)
    assert len(asked) == 3
    visit("/app/orders", 4)
    # The visitor's own events that move their state (here the banner's announcement_viewed)
    # empty the cache: what they saw may not be offered again.
    visit(PAGE, 5)
    expect(page.locator(BANNER)).to_be_attached()
    visit("/app/orders", 6)
