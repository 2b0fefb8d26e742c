"""Author → end user: every content field filled with the XSS corpus, shown by the widget.

The host page's own CSP is bypassed on purpose, so that nothing but the server's
sanitising and the widget's rendering stands between a payload and execution. Nothing may
run (no dialog, no `__xss_hit()` call, no navigation), and the widget's shadow DOM may
hold no script, event handler, `javascript:` URL or frame.
"""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import Stack, running_stack, sign_in
from tests.security.corpus import TRAP_SCRIPT, payloads
from wegwijs.content.models import GuideKind, Placement
from wegwijs.content.schemas import BODY_LENGTH, GuideCreate, StepContent, StepIn
from wegwijs.delivery.targeting import Targeting

PAYLOADS = payloads()
APP_KEY = "app_xss_author"

FORBIDDEN_IN_SHADOW = """
() => {
  const found = [];
  const visit = (root) => {
    for (const el of root.querySelectorAll('*')) {
      const tag = el.tagName.toLowerCase();
      if (['script', 'iframe', 'object', 'embed', 'frame', 'base', 'meta', 'link', 'style',
           'form', 'svg', 'math', 'template'].includes(tag)) found.push('<' + tag + '>');
      for (const attr of el.getAttributeNames()) {
        const value = (el.getAttribute(attr) || '').replace(/\\s/g, '').toLowerCase();
        if (attr.startsWith('on')) found.push(tag + '[' + attr + ']');
        if (value.startsWith('javascript:') || value.startsWith('data:text')
            || value.startsWith('vbscript:')) found.push(tag + '[' + attr + '=' + value + ']');
      }
      if (el.shadowRoot) visit(el.shadowRoot);
    }
  };
  for (const host of document.querySelectorAll('*')) if (host.shadowRoot) visit(host.shadowRoot);
  return found;
}
"""

POKE_EVERYTHING = """
() => {
  // No clicks: the widget's own buttons would close what is being checked.
  const kinds = ['mouseover', 'mouseenter', 'pointerenter', 'focus', 'toggle', 'animationstart'];
  const visit = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.tagName === 'A') continue;  // following a safe link would leave the page
      for (const kind of kinds) el.dispatchEvent(new Event(kind, {bubbles: false}));
      if (el.shadowRoot) visit(el.shadowRoot);
    }
  };
  for (const host of document.querySelectorAll('*')) if (host.shadowRoot) visit(host.shadowRoot);
}
"""


def text(payload: str, body: str | None = None) -> dict[str, StepContent]:
    content = StepContent(title=payload[:200], body=body if body is not None else payload)
    return {"nl": content, "en": content}


def bodies_of(limit: int) -> list[str]:
    """Every payload, packed into as few Markdown bodies as the body limit allows."""
    packed, current = [], ""
    for payload in PAYLOADS:
        if current and len(current) + len(payload) + 2 > limit:
            packed.append(current)
            current = ""
        current = f"{current}\n\n{payload}" if current else payload
    return [*packed, current]


def hostile_guides() -> list[GuideCreate]:
    announcements = [
        GuideCreate(
            kind=GuideKind.announcement,
            name=PAYLOADS[index % len(PAYLOADS)][:200] or "x",
            targeting=Targeting(url_rules=["/claims"]),
            frequency="always",
            priority=index,
            settings={"display": "modal", "button_label": PAYLOADS[index][:60] or "ok"},
            steps=[StepIn(id="news", content=text(PAYLOADS[index], body))],
        )
        for index, body in enumerate(bodies_of(BODY_LENGTH))
    ]
    walkthroughs = [
        GuideCreate(
            kind=GuideKind.walkthrough,
            name=f"Hostile walkthrough {number}",
            targeting=Targeting(url_rules=["/claims/new"]),
            frequency="always",
            priority=100 if number == 0 else 0,
            steps=[
                StepIn(
                    id=f"s{position}",
                    target=None,
                    placement=Placement.floating,
                    content=text(PAYLOADS[(number * 5 + position) % len(PAYLOADS)]),
                )
                for position in range(5)
            ],
        )
        for number in range(len(PAYLOADS) // 5 + 1)
    ]
    tip = GuideCreate(
        kind=GuideKind.tip,
        name="Hostile tip",
        targeting=Targeting(url_rules=["/claims/new"]),
        frequency="always",
        settings={"icon": "info", "trigger": "click"},
        steps=[StepIn(id="tip", target={"id": "claim-amount"}, content=text(PAYLOADS[2]))],
    )
    return [*announcements, *walkthroughs, tip]


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with running_stack(tmp_path_factory.mktemp("xss"), APP_KEY, hostile_guides()) as stack:
        yield stack


@pytest.fixture
def trapped_page(browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    context = browser.new_context(bypass_csp=True)
    context.add_init_script(TRAP_SCRIPT)
    page = context.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield page, dialogs
    context.close()


def assert_nothing_ran(page: Page, dialogs: list[str], path: str) -> None:
    page.evaluate(POKE_EVERYTHING)
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xss_hits") == 0
    assert dialogs == []
    assert page.url.split("?")[0].endswith(path)
    assert page.evaluate(FORBIDDEN_IN_SHADOW) == []


def test_corpus_is_large_enough() -> None:
    assert len(PAYLOADS) >= 100


def test_announcements_render_no_executable_content(
    stack: Stack, trapped_page: tuple[Page, list[str]]
) -> None:
    page, dialogs = trapped_page
    page.goto(f"{stack.host}/claims")
    dialog = page.get_by_role("dialog")
    dialog.first.wait_for(state="visible")
    # Every payload was packed into these bodies; the first modal must show real text.
    assert dialog.first.inner_text().strip()
    assert_nothing_ran(page, dialogs, "/claims")
    for _ in range(len(bodies_of(BODY_LENGTH)) - 1):
        dialog.first.get_by_role("button").first.click()  # acknowledge or close: next one
        assert_nothing_ran(page, dialogs, "/claims")


def test_walkthrough_steps_tips_and_help_render_no_executable_content(
    stack: Stack, trapped_page: tuple[Page, list[str]]
) -> None:
    page, dialogs = trapped_page
    sign_in(page, stack.host, "ben")
    page.goto(f"{stack.host}/claims/new")
    popover = page.get_by_role("dialog").first
    popover.wait_for(state="visible")
    for _ in range(4):
        assert_nothing_ran(page, dialogs, "/claims/new")
        popover.get_by_role("button", name="Next").or_(
            popover.get_by_role("button", name="Volgende")
        ).first.click()
    assert_nothing_ran(page, dialogs, "/claims/new")
    page.keyboard.press("Escape")
    page.locator("#claim-amount").focus()
    assert_nothing_ran(page, dialogs, "/claims/new")
    help_launcher = page.get_by_role("button", name="Help").or_(
        page.get_by_role("button", name="Hulp")
    )
    help_launcher.first.click()
    page.get_by_role("dialog").first.wait_for(state="visible")
    assert_nothing_ran(page, dialogs, "/claims/new")
