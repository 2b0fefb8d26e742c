"""Who may read and change guides in the admin: any member reads, only admins and authors
change (403 for analysts and for members of other apps), signed-out people are sent to sign
in, every form needs the CSRF token, and hostile author text is only ever shown as text."""

import json
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from tests.admin.guide_editor_helpers import (
    active_markup,
    editor_url,
    fresh,
    guide_form_fields,
    guides_url,
    step_form_fields,
    step_ids,
    steps_of,
    texts_of,
    two_language_walkthrough,
)
from tests.admin.helpers import member_signed_in, post, post_forms, text_of
from tests.admin.test_security_headers import assert_secure
from tests.factories import make_app, make_guide
from tests.security.corpus import payloads_by_group
from wegwijs.apps.models import App
from wegwijs.auth.models import Role
from wegwijs.content.models import Guide, GuideKind
from wegwijs.content.rendering import plain_text
from wegwijs.content.schemas import GuideUpdate, StepUpdate
from wegwijs.content.service import get_step, publish_guide, update_guide, update_step

FORBIDDEN = "Your account does not have access to this page."
CSRF_MESSAGE = "This form has expired or did not come from this site."


def published_walkthrough(session: Session, app: App) -> Guide:
    guide = two_language_walkthrough(session, app)
    publish_guide(session=session, app=app, guide=guide, author=None)
    return guide


def every_form(app: App, guide: Guide, session: Session) -> list[tuple[str, dict[str, str]]]:
    """Each POST of the guide pages with valid fields."""
    amount = steps_of(session, guide)[0]
    return [
        (guides_url(app), {"name": "Sneaky", "kind": "tip"}),
        (guides_url(app) + "/markdown-preview", {"body": "**x**"}),
        (editor_url(app, guide), guide_form_fields(name="Changed")),
        (editor_url(app, guide, "/steps"), {}),
        (editor_url(app, guide, "/steps/order"), {"step_ids": ["done", "category", "amount"]}),
        (editor_url(app, guide, "/steps/amount"), step_form_fields(amount, title_en="Changed")),
        (editor_url(app, guide, "/steps/amount/move"), {"direction": "down"}),
        (editor_url(app, guide, "/preview"), {"host_url": "http://host.example.com/"}),
        (editor_url(app, guide, "/publish"), {}),
        (editor_url(app, guide, "/rollback"), {"version": "1"}),
        (editor_url(app, guide, "/unpublish"), {}),
        (editor_url(app, guide, "/archive"), {}),
        (editor_url(app, guide, "/restore"), {}),
        (editor_url(app, guide, "/steps/done/delete"), {}),
        (editor_url(app, guide, "/delete"), {}),
    ]


def pages_of(app: App, guide: Guide) -> list[str]:
    return [
        guides_url(app),
        editor_url(app, guide),
        editor_url(app, guide, "/history"),
        editor_url(app, guide, "/diff?from=1"),
    ]


def assert_unchanged(session: Session, guide: Guide) -> None:
    saved = fresh(session, guide)
    assert (saved.name, saved.status, saved.live_version) == ("Submit a claim", "published", 1)
    assert step_ids(session, guide) == ["amount", "category", "done"]
    assert steps_of(session, guide)[0].content["en"]["title"] == "Amount"
    assert len(session.exec(select(Guide)).all()) == 1  # no new guide either


def test_analysts_read_every_guide_page_but_change_nothing(
    client: TestClient, session: Session
) -> None:
    app = make_app(session)
    guide = published_walkthrough(session, app)
    csrf = member_signed_in(client, session, app, Role.analyst)
    for url in pages_of(app, guide):
        page = client.get(url)
        assert page.status_code == 200, url
        assert [action for action, _ in post_forms(page.text)] == ["/admin/sign-out"], url
        for script_button in ("data-pick=", "data-record", "data-preview-form", "data-drag-handle"):
            assert script_button not in page.text, (url, script_button)
    editor = client.get(editor_url(app, guide)).text
    assert "You can read this guide; authors and admins change it." in text_of(editor)
    assert "Show" in text_of(editor) and "data-editable" not in editor
    for url, fields in every_form(app, guide, session):
        response = post(client, url, csrf, **fields)
        assert response.status_code == 403, url
        assert FORBIDDEN in text_of(response.text), url
    assert_unchanged(session, guide)


@pytest.mark.parametrize("who", ["other app", "signed out"])
def test_strangers_get_nothing(client: TestClient, session: Session, who: str) -> None:
    app = make_app(session)
    guide = published_walkthrough(session, app)
    csrf = None
    if who == "other app":
        other = make_app(session, name="Other")
        csrf = member_signed_in(client, session, other, Role.author, "other@example.com")
    for url in pages_of(app, guide):
        response = client.get(url, follow_redirects=False)
        if who == "signed out":
            assert response.status_code == 303, url
            assert response.headers["location"].startswith("/admin/sign-in?next=%2Fadmin%2Fapps")
        else:
            assert response.status_code == 403, url
            assert FORBIDDEN in text_of(response.text)
    for url, fields in every_form(app, guide, session):
        response = post(client, url, csrf, **fields)
        if who == "signed out":
            assert response.status_code == 303, url
            assert response.headers["location"].startswith("/admin/sign-in")
        else:
            assert response.status_code == 403, url
    assert_unchanged(session, guide)


def test_a_guide_of_another_app_is_not_found(client: TestClient, session: Session) -> None:
    """An author of both apps cannot reach app B's guide through app A's address."""
    app = make_app(session)
    other = make_app(session, name="Other")
    theirs = published_walkthrough(session, other)
    csrf = member_signed_in(client, session, app, Role.author)
    assert client.get(editor_url(app, theirs)).status_code == 404
    assert post(client, editor_url(app, theirs, "/delete"), csrf).status_code == 404
    assert fresh(session, theirs).name == "Submit a claim"


@pytest.mark.parametrize("token", [None, "", "wrong-token"])
def test_every_guide_form_needs_the_csrf_token(
    client: TestClient, session: Session, token: str | None
) -> None:
    app = make_app(session)
    guide = published_walkthrough(session, app)
    member_signed_in(client, session, app, Role.author)
    for url, fields in every_form(app, guide, session):
        response = post(client, url, token, **fields)
        assert response.status_code == 403, url
        assert CSRF_MESSAGE in text_of(response.text), url
    assert_unchanged(session, guide)


def test_every_form_on_the_guide_pages_carries_the_token(
    client: TestClient, session: Session
) -> None:
    app = make_app(session)
    guide = published_walkthrough(session, app)
    csrf = member_signed_in(client, session, app, Role.author)
    seen = set()
    for url in pages_of(app, guide):
        response = client.get(url)
        assert_secure(response)
        for action, inner in post_forms(response.text):
            assert f'name="csrf_token" value="{csrf}"' in inner, (url, action)
            seen.add(action)
    assert len(seen) >= 14, seen


def hostile(count: int = 2) -> list[str]:
    return [payload for group in payloads_by_group().values() for payload in group[:count]]


@pytest.mark.parametrize("payload", hostile())
def test_hostile_author_text_is_shown_as_text_on_every_page(
    client: TestClient, session: Session, payload: str
) -> None:
    """Names, titles, bodies, audience values and labels from the XSS corpus: on the list,
    the editor (fields, headings, summary, server-rendered preview), history and diff."""
    app = make_app(session)
    guide = published_walkthrough(session, app)
    announcement = make_guide(session, app, kind=GuideKind.announcement, name=payload)
    update_guide(
        session=session,
        app=app,
        guide=announcement,
        guide_in=GuideUpdate(settings={"button_label": payload[:60]}),
    )
    update_guide(
        session=session,
        app=app,
        guide=guide,
        guide_in=GuideUpdate.model_validate(
            {
                "name": payload,
                "targeting": {
                    "audience": {"all": [{"trait": "role", "op": "eq", "value": payload}]}
                },
            }
        ),
    )
    step = get_step(session=session, guide=guide, step_id="amount")
    content = {"en": {"title": payload, "body": payload}, "nl": {"title": payload, "body": payload}}
    step_in = StepUpdate.model_validate({"content": content})
    update_step(session=session, guide=guide, step=step, step_in=step_in)
    csrf = member_signed_in(client, session, app, Role.author)
    pages: list[tuple[str, Callable[[str], bool]]] = [
        (guides_url(app), lambda text: plain_text(payload, limit=200) in text),
        (editor_url(app, guide), lambda text: payload in text),
        (editor_url(app, announcement), lambda text: plain_text(payload[:60], limit=60) in text),
        (editor_url(app, guide, "/history"), lambda text: plain_text(payload, limit=200) in text),
        (editor_url(app, guide, "/diff?from=1"), lambda text: payload in text),
    ]
    for url, shows in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert active_markup(response.text) == [], (url, payload)
        assert shows(texts_of(response.text)), (url, payload)
    # The Markdown preview of a hostile body, as the script would insert it.
    html = post(client, guides_url(app) + "/markdown-preview", csrf, body=payload).json()["html"]
    assert active_markup(html) == []
    assert json.dumps(html)  # plain JSON text, never a script
