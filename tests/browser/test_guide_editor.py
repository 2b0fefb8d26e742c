"""The guide editor in real Chromium, under the admin's strict CSP, with the host app on its
own origin: an author edits a walkthrough's Dutch and English text with the live preview,
reorders its steps with the keyboard alone and publishes, and visitors in fresh contexts
get the edited walkthrough; *Preview in app* shows the draft to the author alone, and the
editor asks that window whether each step's target is found on the page it shows; *Record
a walkthrough* and *Pick element* hand a record token to the host window by postMessage
and come back to the editor."""

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect
from sqlmodel import Session, select

from tests.browser.conftest import Stack, after_publishing, running_stack, sign_in
from tests.browser.test_admin_pages import RECORD_VIOLATIONS, tab_to, violations
from tests.factories import PASSWORD, make_account
from wegwijs.apps.models import App
from wegwijs.auth.models import Role
from wegwijs.content.models import Guide, GuideKind, Placement, Step
from wegwijs.content.schemas import GuideCreate, StepContent, StepIn
from wegwijs.content.service import create_guide
from wegwijs.content.snapshot import ordered_steps
from wegwijs.delivery.targeting import Targeting

APP_KEY = "app_browser_editor"
AUTHOR = "author@example.com"
DIALOG = "wegwijs-root [role=dialog]"
TOOLBAR = "wegwijs-recorder [role=region]"


def claim_walkthrough(name: str) -> GuideCreate:
    def texts(en: str, nl: str) -> dict[str, StepContent]:
        return {
            "en": StepContent(title=en, body=f"About {en.lower()}."),
            "nl": StepContent(title=nl, body=f"Over {nl.lower()}."),
        }

    return GuideCreate(
        kind=GuideKind.walkthrough,
        name=name,
        targeting=Targeting(url_rules=["/claims/new"]),
        steps=[
            StepIn(id="amount", target={"id": "claim-amount"}, content=texts("Amount", "Bedrag")),
            StepIn(
                id="category",
                target={"attributes": {"data-testid": "claim-category"}},
                content=texts("Category", "Categorie"),
            ),
            StepIn(
                id="done",
                placement=Placement.floating,
                content=texts("All set", "Klaar"),
            ),
        ],
    )


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with running_stack(tmp_path_factory.mktemp("wegwijs"), APP_KEY, []) as stack:
        with Session(stack.engine) as session:
            make_account(session, AUTHOR, app=the_app(session), role=Role.author)
        yield stack


def the_app(session: Session) -> App:
    return session.exec(select(App).where(App.key == APP_KEY)).one()


def new_draft(stack: Stack, name: str) -> int:
    with Session(stack.engine) as session:
        guide = create_guide(
            session=session, app=the_app(session), guide_in=claim_walkthrough(name), author=None
        )
        assert guide.id is not None
        return guide.id


def stored_steps(stack: Stack, guide_id: int) -> list[Step]:
    with Session(stack.engine) as session:
        guide = session.get(Guide, guide_id)
        assert guide is not None
        return ordered_steps(session=session, guide=guide)


def wait_until(check: Callable[[], Any], timeout: float = 10) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if found := check():
            return found
        time.sleep(0.1)
    raise AssertionError("timed out")


def watch_editor(page: Page) -> list[str]:
    """Console errors and uncaught exceptions on the admin pages. A 4xx answer to a form post
    is logged by Chromium as "Failed to load resource"; that is the page working."""
    seen: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and "Failed to load resource" not in message.text:
            seen.append(f"console error: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: seen.append(f"pageerror: {error}"))
    return seen


def sign_in_as_author(page: Page, stack: Stack, *, language: str = "English") -> None:
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(f"{stack.wegwijs}/admin/sign-in")
    if language == "Nederlands":
        page.get_by_role("link", name="Nederlands").click()
    page.locator("#field-email").fill(AUTHOR)
    page.locator("#field-password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{stack.wegwijs}/admin/apps")


@pytest.fixture
def author(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    yield context.new_page()
    context.close()


def visitor_sees(browser: Browser, stack: Stack, user: str, titles: list[str], body: str) -> None:
    """A visitor in a fresh context walks the published walkthrough on /claims/new."""
    after_publishing()
    context = browser.new_context()
    try:
        page = context.new_page()
        sign_in(page, stack.host, user)
        page.goto(f"{stack.host}/claims/new")
        dialog = page.locator(DIALOG)
        for number, title in enumerate(titles, start=1):
            expect(dialog).to_contain_text(f"{number} ")
            expect(dialog.get_by_role("heading")).to_have_text(title)
            if number < len(titles):
                dialog.get_by_role("button", name="Next" if user == "ben" else "Volgende").click()
        expect(dialog).to_contain_text(body)
    finally:
        context.close()


def test_an_author_edits_reorders_with_the_keyboard_and_publishes(
    author: Page, browser: Browser, stack: Stack
) -> None:
    guide_id = new_draft(stack, "Submit a claim")
    problems = watch_editor(author)
    sign_in_as_author(author, stack)
    editor = f"{stack.wegwijs}/admin/apps/{APP_KEY}/guides/{guide_id}"
    author.goto(editor)
    amount = author.locator("#step-amount")
    pk = stored_steps(stack, guide_id)[0].id

    # Dutch and English text of the first step, with the server's sanitised live preview.
    amount.locator("summary").click()
    fields = {
        "title_nl": "Vul het bedrag in",
        "body_nl": "Typ het **bedrag** in euro's. <b>geen html</b>",
        "title_en": "Enter the amount",
        "body_en": "Type the **amount** in euros.",
    }
    for name, value in fields.items():
        author.locator(f"#field-step{pk}-{name.replace('_', '-')}").fill(value)
    preview_nl = author.locator(f"#preview-{pk}-nl")
    expect(preview_nl.locator("strong")).to_have_text("bedrag")
    expect(preview_nl).to_contain_text("<b>geen html</b>")  # shown as text, never as markup
    assert preview_nl.locator("b").count() == 0
    expect(author.locator(f"#preview-{pk}-en strong")).to_have_text("amount")
    amount.get_by_role("button", name="Save step").click()
    expect(author.locator(".flash")).to_have_text("Step saved in the draft.")
    expect(author.locator("#step-amount .step-title")).to_have_text("Vul het bedrag in")

    # Reorder with the keyboard only: Move up (no reload), then Alt+ArrowUp.
    author.keyboard.press("Tab")  # the skip link
    author.keyboard.press("Enter")
    tab_to(author, "#step-category [data-move='up']", limit=400)
    author.keyboard.press("Enter")
    status = author.locator("[data-steps-status]")
    expect(status).to_have_text("Moved to position 1 of 3.")
    expect(author.locator("#step-category [data-move='up']")).to_be_focused()
    tab_to(author, "#step-done [data-move='up']", limit=400)
    author.keyboard.press("Alt+ArrowUp")
    expect(status).to_have_text("Moved to position 2 of 3.")
    expect(author.locator("#step-done [data-move='up']")).to_be_focused()
    order = ["category", "done", "amount"]
    expect(author.locator("[data-steps] > li").first).to_have_attribute("data-step-id", order[0])
    numbers = author.locator("[data-steps] [data-step-number]")
    expect(numbers).to_have_text(["Step 1", "Step 2", "Step 3"])
    wait_until(lambda: [step.stable_id for step in stored_steps(stack, guide_id)] == order)
    author.keyboard.press("Alt+ArrowUp")
    author.keyboard.press("Alt+ArrowDown")  # and back: position 2 again
    expect(status).to_have_text("Moved to position 2 of 3.")
    author.reload()
    assert (
        author.locator("[data-steps] > li").evaluate_all(
            "items => items.map(item => item.dataset.stepId)"
        )
        == order
    )

    # Publish, with the keyboard too.
    tab_to(author, "form[action$='/publish'] button", limit=400)
    author.keyboard.press("Enter")
    expect(author.locator(".flash")).to_have_text("Published as version 1: users see it now.")
    assert violations(author) == []
    assert problems == []

    visitor_sees(
        browser, stack, "ben", ["Category", "All set", "Enter the amount"], "Type the amount"
    )
    visitor_sees(
        browser, stack, "anna", ["Categorie", "Klaar", "Vul het bedrag in"], "Typ het bedrag"
    )


def test_preview_in_app_shows_the_draft_to_the_author_alone(
    author: Page, browser: Browser, stack: Stack
) -> None:
    guide_id = new_draft(stack, "Preview me")
    problems = watch_editor(author)
    sign_in_as_author(author, stack)
    sign_in(author, stack.host, "anna")  # in the host app too, as a (Dutch) sample user
    author.goto(f"{stack.wegwijs}/admin/apps/{APP_KEY}/guides/{guide_id}")
    host_url = author.locator("#host-url")
    expect(host_url).to_have_value(stack.host)
    host_url.fill("https://evil.example/claims/new")  # not one of the app's origins
    author.get_by_role("button", name="Preview in app").click()
    expect(author.locator("[data-host-status]")).to_contain_text("allowed origins")
    host_url.fill(f"{stack.host}/claims/new")
    host_url.dispatch_event("change")
    with author.expect_popup() as popup:
        author.get_by_role("button", name="Preview in app").click()
    host = popup.value
    host.wait_for_url(f"{stack.host}/claims/new*")
    expect(host.locator(DIALOG).get_by_role("heading")).to_have_text("Bedrag")
    assert "wegwijs_preview" not in host.url  # the widget took it out of the address
    # It keeps its opener (the editor asks it whether targets are found), as the recorder's does.
    assert host.evaluate("window.opener !== null")
    expect(author.locator("[data-host-status]")).to_have_text(
        "The preview is open in a new window."
    )
    # Remembered for this app.
    author.reload()
    expect(author.locator("#host-url")).to_have_value(f"{stack.host}/claims/new")

    # Nobody else sees the draft.
    context = browser.new_context()
    try:
        page = context.new_page()
        sign_in(page, stack.host, "ben")
        page.goto(f"{stack.host}/claims/new")
        page.wait_for_timeout(1500)
        expect(page.locator(DIALOG)).to_have_count(0)
    finally:
        context.close()
    assert violations(author) == []
    assert problems == []


def test_the_editor_says_whether_a_target_is_found_in_the_preview_window(
    author: Page, stack: Stack
) -> None:
    guide_id = new_draft(stack, "Find me")
    problems = watch_editor(author)
    sign_in_as_author(author, stack)
    sign_in(author, stack.host, "ben")
    author.goto(f"{stack.wegwijs}/admin/apps/{APP_KEY}/guides/{guide_id}")
    amount = author.locator("#step-amount")
    amount.locator("summary").click()
    target = amount.locator("textarea[name$='_target']")
    status = amount.locator(".target-status")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_have_text("Open Preview in app to check whether this element is found.")
    expect(author.locator("#step-done .target-status")).to_be_hidden()  # a floating step

    author.locator("#host-url").fill(f"{stack.host}/claims/new")
    with author.expect_popup() as popup:
        author.get_by_role("button", name="Preview in app").click()
    host = popup.value
    host_problems: list[str] = []
    host.on("pageerror", lambda error: host_problems.append(str(error)))
    host.wait_for_url(f"{stack.host}/claims/new*")
    expect(status).to_have_text("Found on the current page (by id).")
    # Outlined for a moment in the widget's shadow root; the host's own element untouched.
    expect(host.locator("wegwijs-root .ww-found")).to_have_count(1)
    expect(host.locator("wegwijs-root .ww-found")).to_have_count(0, timeout=5000)
    assert host.locator("#claim-amount").get_attribute("style") is None

    # Edited to an element the page does not have: answered again, without saving.
    target.fill('{"id": "no-such-element", "role": "button"}')
    expect(status).to_have_text("Not found on the current page.")
    target.fill('{"attributes": {"data-testid": "claim-category"}, "role": "combobox"}')
    expect(status).to_have_text("Found on the current page (by data-testid, role).")
    expect(host.locator("wegwijs-root .ww-found")).to_have_count(1)

    # The preview window moves to another page: asked again there.
    host.goto(f"{stack.host}/reports")
    expect(status).to_have_text("Not found on the current page.")

    # The editor reloads (as saving a step does): the preview window is found again.
    author.reload()
    amount.locator("summary").click()
    host.goto(f"{stack.host}/claims/new")
    expect(status).to_have_text("Found on the current page (by id).")
    host.close()
    expect(status).to_have_text("Open Preview in app to check whether this element is found.")
    assert stored_steps(stack, guide_id)[0].target == {"id": "claim-amount"}  # nothing saved
    assert violations(author) == []
    assert problems == []
    assert host_problems == []


def test_recording_from_the_list_opens_the_new_draft_in_the_editor(
    author: Page, stack: Stack
) -> None:
    problems = watch_editor(author)
    sign_in_as_author(author, stack, language="Nederlands")
    sign_in(author, stack.host, "anna")
    author.goto(f"{stack.wegwijs}/admin/apps/{APP_KEY}/guides")
    author.locator("#host-url").fill(f"{stack.host}/claims")
    with author.expect_popup() as popup:
        author.get_by_role("button", name="Stappenplan opnemen").click()
    host = popup.value
    toolbar = host.locator(TOOLBAR)
    expect(toolbar).to_contain_text("Opnemen — je acties worden echt uitgevoerd")
    expect(author.locator("[data-host-status]")).to_have_text(
        "Het venster van de app is klaar. Ga daar verder."
    )
    assert "wegwijs" not in host.url

    host.locator("nav.main-nav").get_by_role("link", name="Rapportages").click()
    host.wait_for_url(f"{stack.host}/reports")
    expect(toolbar).to_contain_text("1 stap")
    toolbar.get_by_role("button", name="Afronden", exact=True).click()
    name = toolbar.get_by_label("Naam van de rondleiding")
    name.fill("Rapportages openen")
    host.keyboard.press("Enter")
    expect(toolbar).to_contain_text("Opgeslagen als concept.")

    # The admin window opens the new draft in the editor.
    author.wait_for_url(f"{stack.wegwijs}/admin/apps/{APP_KEY}/guides/*")
    expect(author.locator("h1")).to_have_text("Rapportages openen")
    expect(author.locator("#steps .step-title")).to_have_text(["Klik op Rapportages"])
    assert violations(author) == []
    assert problems == []


def test_closing_the_recording_window_says_nothing_was_saved(author: Page, stack: Stack) -> None:
    problems = watch_editor(author)
    sign_in_as_author(author, stack)
    sign_in(author, stack.host, "anna")
    author.goto(f"{stack.wegwijs}/admin/apps/{APP_KEY}/guides")
    author.locator("#host-url").fill(f"{stack.host}/claims")
    with author.expect_popup() as popup:
        author.get_by_role("button", name="Record a walkthrough").click()
    host = popup.value
    expect(host.locator(TOOLBAR)).to_contain_text("Recording")
    with Session(stack.engine) as session:
        guides_before = len(session.exec(select(Guide)).all())

    host.close()  # the author gives up: no message comes from that window
    expect(author.locator("[data-host-status]")).to_have_text(
        "Recording was cancelled: nothing was saved."
    )
    with Session(stack.engine) as session:
        assert len(session.exec(select(Guide)).all()) == guides_before
    assert problems == []


def test_pick_element_saves_the_target_into_the_step(author: Page, stack: Stack) -> None:
    guide_id = new_draft(stack, "Pick a target")
    with Session(stack.engine) as session:
        step = session.exec(
            select(Step).where(Step.stable_id == "category", Step.guide_id == guide_id)
        ).one()
        step.sample_url = f"{stack.host}/claims/new"  # Pick element opens it
        session.add(step)
        session.commit()
    problems = watch_editor(author)
    sign_in_as_author(author, stack)
    sign_in(author, stack.host, "ben")
    author.goto(f"{stack.wegwijs}/admin/apps/{APP_KEY}/guides/{guide_id}")
    category = author.locator("#step-category")
    category.locator("summary").click()
    with author.expect_popup() as popup:
        category.get_by_role("button", name="Pick element").click()
    host = popup.value
    host.wait_for_url(f"{stack.host}/claims/new")
    toolbar = host.locator(TOOLBAR)
    expect(toolbar).to_contain_text("Pick an element")
    host.locator("#claim-amount").click()
    toolbar.get_by_role("button", name="Leave it out").click()  # its placeholder looks like data
    expect(toolbar).to_contain_text("Element saved.")

    author.wait_for_url(f"**/guides/{guide_id}?step=category#step-category")
    expect(author.locator(".flash")).to_have_count(0)
    target = stored_steps(stack, guide_id)[1].target
    assert target is not None and target.get("id") == "claim-amount"
    expect(author.locator("#step-category textarea[name$='_target']")).to_contain_text(
        "claim-amount"
    )
    assert violations(author) == []
    assert problems == []


def test_steps_are_reordered_by_dragging_their_handle(author: Page, stack: Stack) -> None:
    guide_id = new_draft(stack, "Drag me")
    problems = watch_editor(author)
    sign_in_as_author(author, stack)
    author.goto(f"{stack.wegwijs}/admin/apps/{APP_KEY}/guides/{guide_id}")
    handle = author.locator("#step-done [data-drag-handle]")
    expect(handle).to_be_visible()  # shown by the script
    handle.drag_to(author.locator("#step-amount"), target_position={"x": 40, "y": 5})
    order = ["done", "amount", "category"]
    expect(author.locator("[data-steps-status]")).to_have_text("Moved to position 1 of 3.")
    wait_until(lambda: [step.stable_id for step in stored_steps(stack, guide_id)] == order)
    expect(author.locator("[data-steps] [data-step-number]")).to_have_text(
        ["Step 1", "Step 2", "Step 3"]
    )
    # At phone width, without sideways scrolling (the audience rows shrink).
    author.set_viewport_size({"width": 360, "height": 740})
    author.locator("#step-done summary").click()
    assert author.evaluate("document.documentElement.scrollWidth") <= 360
    assert violations(author) == []
    assert problems == []
