"""Record mode end to end: an author's record token handed over by `postMessage` from a page
on the Wegwijs server's origin, a walkthrough recorded by clicking and typing across a page
load and SPA routes of the example app, saved as a draft, published, and run by a visitor.

The admin page that opens the host app is simulated: a small page answered by Playwright
for a URL on the server's origin (or, for the refused case, on another origin), doing what
the admin's *Record* button does (see widget/README.md, "Record mode").
"""

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Locator, Page, Route, expect
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from tests.browser.conftest import (
    Stack,
    after_publishing,
    find_events,
    running_stack,
    sign_in,
    wait_for_events,
    watch_problems,
)
from tests.conftest import TEST_SECRET
from tests.factories import PASSWORD, make_account
from wegwijs.apps.models import App
from wegwijs.auth.models import Account, Role
from wegwijs.content.schemas import GuidePublic
from wegwijs.content.service import describe_guide, get_guide
from wegwijs.recording.tokens import issue_record_token

APP_KEY = "app_browser_recorder"
AUTHOR = "author@example.com"
# What the author types into the order's note: it must not be stored anywhere.
TYPED = "Geheime notitie 4711-XQ"
TOOLBAR = "wegwijs-recorder [role=region]"
DIALOG = "wegwijs-root [role=dialog]"
AXE = Path(__file__).resolve().parents[2] / "widget" / "node_modules" / "axe-core" / "axe.min.js"

# The admin's side of the handshake: open the host app, answer its readiness with the
# token (to the host's origin only), and keep what the host window tells us.
ADMIN_PAGE = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Editor</title></head>
<body>
<button id="record" type="button">Opnemen</button>
<script id="config" type="application/json">CONFIG</script>
<script>
  const config = JSON.parse(document.getElementById("config").textContent);
  window.received = [];
  let host = null;
  document.getElementById("record").addEventListener("click", () => {
    host = window.open(config.hostUrl, "_blank");
  });
  window.addEventListener("message", (event) => {
    if (event.source !== host) return;
    window.received.push({ origin: event.origin, data: event.data });
    if (event.origin !== config.hostOrigin || !event.data) return;
    if (event.data.type === "wegwijs:recorder-ready" && config.token) {
      const { token, mode, apiBase, hostOrigin } = config;
      host.postMessage({ type: "wegwijs:record", token, mode, locale: "nl", apiBase }, hostOrigin);
    }
  });
  window.postToHost = (message) => host.postMessage(message, "*");
</script>
</body></html>
"""


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with running_stack(tmp_path_factory.mktemp("wegwijs"), APP_KEY, []) as stack:
        with Session(stack.engine) as session:
            make_account(session, AUTHOR, app=the_app(session), role=Role.author)
        yield stack


@pytest.fixture(scope="module")
def author(stack: Stack) -> Iterator[httpx.Client]:
    """The admin API, signed in as the author (with the CSRF header for changes)."""
    with httpx.Client(base_url=stack.wegwijs) as client:
        response = client.post("/api/v1/auth/sign-in", json={"email": AUTHOR, "password": PASSWORD})
        assert response.status_code == 200, response.text
        client.headers["X-CSRF-Token"] = response.json()["csrf_token"]
        yield client


@pytest.fixture
def admin(browser: Browser) -> Iterator[Page]:
    """The author's browser: a fresh context, its first page plays the admin."""
    context = browser.new_context()
    yield context.new_page()
    context.close()


def the_app(session: Session) -> App:
    return session.exec(select(App).where(App.key == APP_KEY)).one()


def record_token(author: httpx.Client, **body: Any) -> str:
    response = author.post(f"/api/v1/apps/{APP_KEY}/record-token", json=body)
    assert response.status_code == 200, response.text
    return response.json()["token"]


def open_host(
    admin: Page, stack: Stack, path: str, token: str, *, mode: str = "record", origin: str = ""
) -> Page:
    """Serve the admin page at `origin` (default the server's), and open the host from it."""
    origin = origin or stack.wegwijs
    config = {
        "hostUrl": f"{stack.host}{path}",
        "hostOrigin": stack.host,
        "token": token,
        "mode": mode,
        "apiBase": stack.wegwijs,
    }
    page = ADMIN_PAGE.replace("CONFIG", json.dumps(config).replace("</", "<\\/"))

    def serve(route: Route) -> None:
        route.fulfill(body=page, content_type="text/html; charset=utf-8")

    admin.route(f"{origin}/editor-for-tests", serve)
    admin.goto(f"{origin}/editor-for-tests")
    with admin.expect_popup() as popup:
        admin.click("#record")
    host = popup.value
    host.wait_for_load_state()
    return host


def draft(stack: Stack, guide_id: int) -> GuidePublic:
    with Session(stack.engine) as session:
        guide = get_guide(session=session, app=the_app(session), guide_id=guide_id)
        return describe_guide(session=session, guide=guide)


def storage_text(page: Page) -> str:
    return page.evaluate("() => JSON.stringify([{ ...sessionStorage }, { ...localStorage }])")


def database_text(engine: Engine) -> str:
    """Every row of every table, as text."""
    with engine.connect() as connection:
        rows = [
            repr(tuple(row))
            for name in inspect(engine).get_table_names()
            for row in connection.execute(text(f'SELECT * FROM "{name}"'))
        ]
    return "\n".join(rows)


def received(admin: Page, kind: str) -> list[dict[str, Any]]:
    return [each for each in admin.evaluate("received") if each["data"].get("type") == kind]


def toolbar_button(toolbar: Locator, name: str) -> Locator:
    return toolbar.get_by_role("button", name=name, exact=True)


def test_an_author_records_a_walkthrough_that_a_visitor_then_follows(
    admin: Page, browser: Browser, stack: Stack, author: httpx.Client
) -> None:
    host = open_host(admin, stack, "/app/orders", record_token(author))
    problems = watch_problems(host)
    toolbar = host.locator(TOOLBAR)
    expect(toolbar).to_contain_text("Opnemen — je acties worden echt uitgevoerd")
    expect(toolbar).to_contain_text("0 stappen")
    assert "wegwijs_" not in host.url and "token" not in host.url  # never in the address

    # 1. A click on an SPA link is recorded, and still happens. Its text is a table
    #    cell's: the author is asked, and leaves it out.
    link = host.get_by_test_id("order-link-1003")
    link.hover()
    expect(host.locator("wegwijs-picker .ww-pick")).to_be_visible()  # what would be captured
    link.click()
    host.wait_for_url(f"{stack.host}/app/orders/1003")
    expect(toolbar).to_contain_text("“#1003”")
    toolbar_button(toolbar, "Weglaten").click()
    expect(toolbar).to_contain_text("1 stap")

    # 2. Typing into the note (an SPA route) records an input step, without the text.
    host.locator("#order-note").fill(TYPED)
    # 3. Leaving the field for the main menu records the input, then the click: a full
    #    page load, after which the recorder is back with its steps.
    host.locator("nav.main-nav").get_by_role("link", name="Declaraties").click()
    host.wait_for_url(f"{stack.host}/claims")
    expect(toolbar).to_contain_text("3 stappen")
    stored = storage_text(host)
    assert "record-steps" in stored and TYPED not in stored

    # Undo and record again: the toolbar works with the keyboard alone.
    toolbar_button(toolbar, "Laatste stap ongedaan maken").focus()
    host.keyboard.press("Enter")
    expect(toolbar).to_contain_text("2 stappen")
    host.go_back()
    host.wait_for_url(f"{stack.host}/app/orders/1003")
    host.locator("nav.main-nav").get_by_role("link", name="Declaraties").click()
    host.wait_for_url(f"{stack.host}/claims")
    expect(toolbar).to_contain_text("3 stappen")

    toolbar_button(toolbar, "Afronden").focus()
    host.keyboard.press("Enter")
    name = toolbar.get_by_label("Naam van de rondleiding")
    expect(name).to_be_focused()
    assert name.input_value().startswith("Opname ")
    name.fill("Bestelling bekijken")
    host.keyboard.press("Enter")
    expect(toolbar).to_contain_text("Opgeslagen als concept.")

    # The admin window heard where to edit it; this tab forgot the token and the steps.
    wait_until(lambda: received(admin, "wegwijs:recorded"))
    [saved] = received(admin, "wegwijs:recorded")
    assert saved["origin"] == stack.host
    guide_id = saved["data"]["guide_id"]
    assert saved["data"]["editor_url"] == f"/admin/apps/{APP_KEY}/guides/{guide_id}"
    editor = toolbar.get_by_role("link", name="Openen in de editor")
    assert editor.get_attribute("href") == f"{stack.wegwijs}/admin/apps/{APP_KEY}/guides/{guide_id}"
    assert "wegwijs:record" not in storage_text(host)
    assert TYPED not in storage_text(host)

    # The draft: three steps with their targets, triggers, URL rules and suggested titles.
    guide = draft(stack, guide_id)
    assert (guide.status, guide.kind, guide.name) == ("draft", "walkthrough", "Bestelling bekijken")
    assert guide.targeting["url_rules"] == ["/app/orders"]
    steps = guide.steps
    assert [step.advance_trigger for step in steps] == ["click", "input", "click"]
    assert [step.url_rule for step in steps] == ["/app/orders", *["/app/orders/:id"] * 2]
    assert steps[1].sample_url == f"{stack.host}/app/orders/1003"
    assert steps[0].target["attributes"]["data-testid"] == "order-link-1003"
    assert "#1003" not in json.dumps(steps[0].target)  # left out by the author
    assert steps[0].content == {"nl": {"title": "Klik hier", "body": "Klik hier."}}
    assert steps[1].target["id"] == "order-note" and steps[1].target["tag"] == "textarea"
    assert steps[1].content["nl"]["title"] == "Vul Interne notitie in"
    assert steps[2].target["text"] == "Declaraties"
    assert steps[2].content["nl"]["title"] == "Klik op Declaraties"
    assert TYPED not in database_text(stack.engine)
    assert problems == []

    # Edited in both languages and published through the API, then run by a visitor.
    english = ["Open order 1003", "Write a note", "Back to the claims"]
    base = f"/api/v1/apps/{APP_KEY}/guides/{guide_id}"
    for step, title in zip(steps, english, strict=True):
        content = {**step.content, "en": {"title": title, "body": f"{title}."}}
        if step is steps[0]:
            content["nl"] = {"title": "Open bestelling 1003", "body": "Klik op het nummer."}
        response = author.patch(f"{base}/steps/{step.id}", json={"content": content})
        assert response.status_code == 200, response.text
    assert author.post(f"{base}/publish").status_code == 200
    after_publishing()

    context = browser.new_context()
    try:
        visitor = context.new_page()
        seen = watch_problems(visitor)
        sign_in(visitor, stack.host, "ben")  # speaks English
        visitor.goto(f"{stack.host}/app/orders")
        dialog = visitor.locator(DIALOG)
        expect(dialog).to_contain_text("Open order 1003")
        visitor.get_by_test_id("order-link-1003").click()
        expect(dialog).to_contain_text("Write a note")
        visitor.locator("#order-note").fill("Call the customer")
        expect(dialog).to_contain_text("Back to the claims")
        visitor.locator("nav.main-nav").get_by_role("link", name="Expense claims").click()
        visitor.wait_for_url(f"{stack.host}/claims")
        completed = wait_for_events(stack.engine, guide_id=guide_id, name="guide_completed")
        assert completed[0].user_id == "ben"
        viewed = wait_for_events(stack.engine, guide_id=guide_id, name="step_viewed")
        assert [event.step_id for event in viewed] == [step.id for step in steps]
        assert seen == []
    finally:
        context.close()


def test_while_recording_the_apps_own_guides_stand_aside(
    admin: Page, browser: Browser, stack: Stack, author: httpx.Client
) -> None:
    guides = f"/api/v1/apps/{APP_KEY}/guides"
    created = author.post(
        guides,
        json={
            "kind": "walkthrough",
            "name": "Claims welcome",
            "targeting": {"url_rules": ["/claims"]},
            "frequency": "always",
            "priority": 100,  # before the walkthrough recorded by an earlier test
            "steps": [
                {
                    "id": "hello",
                    "placement": "floating",
                    "content": {"nl": {"title": "Welkom bij declaraties", "body": "Hallo."}},
                }
            ],
        },
    )
    assert created.status_code == 201, created.text
    guide_id = created.json()["id"]
    assert author.post(f"{guides}/{guide_id}/publish").status_code == 200
    after_publishing()
    try:
        # A visitor meets it on /claims ...
        context = browser.new_context()
        visitor = context.new_page()
        sign_in(visitor, stack.host, "anna")
        visitor.goto(f"{stack.host}/claims")
        expect(visitor.locator(DIALOG)).to_contain_text("Welkom bij declaraties")
        context.close()

        # ... an author recording there does not: it would cover what they click, and
        # their walk through the app is no use of the guide.
        host = open_host(admin, stack, "/app/orders", record_token(author))
        problems = watch_problems(host)
        toolbar = host.locator(TOOLBAR)
        expect(toolbar).to_contain_text("0 stappen")
        host.locator("nav.main-nav").get_by_role("link", name="Declaraties").click()
        host.wait_for_url(f"{stack.host}/claims")
        expect(toolbar).to_contain_text("1 stap")
        host.wait_for_timeout(3000)  # past the event queue's flush delay
        expect(host.locator(DIALOG)).to_have_count(0)
        authors = [e for e in find_events(stack.engine, guide_id=guide_id) if e.user_id != "anna"]
        assert authors == []
        assert problems == []
    finally:
        assert author.post(f"{guides}/{guide_id}/unpublish").status_code == 200


def wait_until(check: Any, timeout: float = 5) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_a_token_from_another_origin_is_refused(
    admin: Page, stack: Stack, author: httpx.Client
) -> None:
    # A page on another origin opened the host app and posts a valid token to it.
    host = open_host(admin, stack, "/app/orders", "", origin=stack.host_without_widget)
    problems = watch_problems(host)
    host.wait_for_function("() => window.Wegwijs && typeof Wegwijs.version === 'string'")
    token = record_token(author)
    admin.evaluate(
        "(token) => postToHost({ type: 'wegwijs:record', token, mode: 'record' })", token
    )
    host.wait_for_timeout(500)
    assert "wegwijs:record" not in storage_text(host)
    assert host.evaluate("() => Boolean(window.Wegwijs.recorder)") is False
    expect(host.locator("wegwijs-recorder")).to_have_count(0)
    # Its readiness was addressed to the server's origin: the other page never heard it.
    assert admin.evaluate("received") == []
    assert problems == []


@pytest.mark.parametrize("kind", ["expired", "forged"])
def test_a_refused_token_shows_an_error_and_keeps_the_steps(
    admin: Page, stack: Stack, kind: str
) -> None:
    with Session(stack.engine) as session:
        app_id = the_app(session).id
        account_id = session.exec(select(Account.id).where(Account.email == AUTHOR)).one()
    assert app_id is not None and account_id is not None
    # Expired: signed by the server, an hour past its lifetime. Forged: signed by another key.
    expired = kind == "expired"
    token, _ = issue_record_token(
        secret_key=TEST_SECRET if expired else "x" * 64,
        app_id=app_id,
        account_id=account_id,
        now=time.time() - 2 * 3600 if expired else None,
    )
    host = open_host(admin, stack, "/app/orders", token)
    problems = watch_problems(host)
    toolbar = host.locator(TOOLBAR)
    host.get_by_test_id("order-link-1002").click()
    toolbar_button(toolbar, "Tekst houden").click()
    expect(toolbar).to_contain_text("1 stap")
    toolbar_button(toolbar, "Afronden").click()
    toolbar_button(toolbar, "Opslaan").click()

    expect(toolbar.get_by_role("alert")).to_contain_text("opnamesleutel is verlopen of ongeldig")
    expect(toolbar).to_contain_text("1 stap")
    assert "record-steps" in storage_text(host)
    toolbar_button(toolbar, "Terug").click()  # and recording goes on
    expect(toolbar).to_contain_text("Opnemen — je acties worden echt uitgevoerd")
    # Chromium logs the refused request itself; nothing else went wrong.
    assert [problem for problem in problems if "status of 403" not in problem] == []


def test_pick_mode_saves_one_element_into_the_step_the_token_names(
    admin: Page, stack: Stack, author: httpx.Client
) -> None:
    step = {"id": "filter", "target": {"id": "removed-in-a-release"}, "advance_trigger": "next"}
    guide = {"kind": "tip", "name": "Status filter", "steps": [step]}
    response = author.post(f"/api/v1/apps/{APP_KEY}/guides", json=guide)
    assert response.status_code == 201, response.text
    guide_id = response.json()["id"]
    token = record_token(author, guide_id=guide_id, step_id="filter")

    host = open_host(admin, stack, "/app/orders", token, mode="pick")
    problems = watch_problems(host)
    toolbar = host.locator(TOOLBAR)
    expect(toolbar).to_contain_text("Kies een element")
    host.locator("#order-status-filter").click()  # picked, not opened

    wait_until(lambda: received(admin, "wegwijs:picked"))
    [picked] = received(admin, "wegwijs:picked")
    assert picked["data"]["guide_id"] == guide_id
    expect(toolbar).to_contain_text("Element opgeslagen.")
    assert "wegwijs:record" not in storage_text(host)
    saved = draft(stack, guide_id)
    [only] = saved.steps
    assert only.target["id"] == "order-status-filter" and only.target["tag"] == "select"
    assert only.url_rule == "/app/orders"
    assert problems == []


PIN = "Zwaluw-83917"
# What the host's own script might render: a PIN field and a labelled checkbox.
SECRET_FIELDS = """
document.addEventListener("DOMContentLoaded", () => {
  const form = document.createElement("form");
  form.id = "confirm-form";
  const pin = Object.assign(document.createElement("input"), { type: "password", id: "pin" });
  const pinLabel = Object.assign(document.createElement("label"), { htmlFor: "pin" });
  pinLabel.textContent = "Pincode";
  const agree = Object.assign(document.createElement("input"), { type: "checkbox", id: "agree" });
  const agreeLabel = document.createElement("label");
  agreeLabel.append(agree, " Ik ga akkoord");
  form.append(pinLabel, pin, agreeLabel);
  const main = document.querySelector("main");
  if (main) main.prepend(form);
});
"""


def test_passwords_are_never_recorded_labels_record_their_control_pick_and_pause(
    admin: Page, stack: Stack, author: httpx.Client
) -> None:
    admin.context.add_init_script(SECRET_FIELDS)
    host = open_host(admin, stack, "/app/orders", record_token(author))
    problems = watch_problems(host)
    toolbar = host.locator(TOOLBAR)
    expect(toolbar).to_contain_text("0 stappen")
    host.locator("#pin").fill(PIN)
    host.locator("#pin").press("Tab")
    host.get_by_text("Ik ga akkoord").click()  # the label: its checkbox is the step
    expect(toolbar).to_contain_text("1 stap")
    assert host.locator("#agree").is_checked()
    stored = storage_text(host)
    assert PIN not in stored
    [step] = json.loads(host.evaluate(f"sessionStorage['wegwijs:record-steps:{APP_KEY}']"))["steps"]
    assert (step["action"], step["target"]["id"], step["label"]) == (
        "click",
        "agree",
        "Ik ga akkoord",
    )

    # Pick element: a step on something that is no control, without clicking it.
    toolbar_button(toolbar, "Element kiezen").click()
    expect(toolbar).to_contain_text("Kies een element")
    host.locator("#spa-root h1").click()
    expect(toolbar).to_contain_text("2 stappen")
    # Paused, clicks happen but are not recorded.
    toolbar_button(toolbar, "Pauzeren").click()
    host.get_by_test_id("order-link-1002").click()
    host.wait_for_url(f"{stack.host}/app/orders/1002")
    expect(toolbar).to_contain_text("Gepauzeerd")
    expect(toolbar).to_contain_text("2 stappen")
    toolbar_button(toolbar, "Opnemen").click()
    expect(toolbar).to_contain_text("Opnemen — je acties worden echt uitgevoerd")
    assert problems == []


def toolbar_violations(page: Page) -> list[str]:
    """Serious and critical axe violations in the toolbar (its open shadow root)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async () => {
            const results = await axe.run({ include: [["wegwijs-recorder"]] },
                                          { resultTypes: ["violations"] });
            return results.violations
              .filter((v) => v.impact === "serious" || v.impact === "critical")
              .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target).join(", ")}`);
        }"""
    )


def test_the_toolbar_has_no_serious_axe_violation(
    browser: Browser, stack: Stack, author: httpx.Client
) -> None:
    # axe is injected as an inline script: this context lets it past the host's policy.
    context = browser.new_context(bypass_csp=True)
    try:
        host = open_host(context.new_page(), stack, "/app/orders", record_token(author))
        toolbar = host.locator(TOOLBAR)
        expect(toolbar).to_contain_text("0 stappen")
        found = {"recording": toolbar_violations(host)}
        host.get_by_test_id("order-link-1001").click()
        expect(toolbar).to_contain_text("“#1001”")
        found["question"] = toolbar_violations(host)
        toolbar_button(toolbar, "Tekst houden").click()
        toolbar_button(toolbar, "Pauzeren").click()
        expect(toolbar).to_contain_text("Gepauzeerd")
        found["paused"] = toolbar_violations(host)
        toolbar_button(toolbar, "Afronden").click()
        expect(toolbar.get_by_label("Naam van de rondleiding")).to_be_focused()
        found["naming"] = toolbar_violations(host)
        assert found == {view: [] for view in found}
    finally:
        context.close()
