"""Every form post needs the CSRF token of the session (or, to sign in, of the form)."""

import re

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.admin.helpers import csrf_in, post, post_forms, text_of
from tests.factories import PASSWORD, make_account, make_app, make_token, sign_in
from wegwijs.apps.models import App
from wegwijs.auth.models import Account, Role
from wegwijs.auth.service import get_account_by_email

CSRF_MESSAGE = "This form has expired or did not come from this site."


def every_form(app: App, member: Account) -> list[tuple[str, dict[str, str]]]:
    """Each POST form of the admin pages with valid fields: only the token is missing."""
    base = f"/admin/apps/{app.key}"
    return [
        ("/admin/sign-out", {}),
        (
            "/admin/account/password",
            {
                "current_password": PASSWORD,
                "new_password": "a brand new passphrase",
                "confirm_password": "a brand new passphrase",
            },
        ),
        ("/admin/apps", {"name": "Sneaky app"}),
        (
            f"{base}/settings",
            {"name": "Changed", "default_locale": "nl", "timezone": "Europe/Amsterdam"},
        ),
        (f"{base}/settings/identity", {"enabled": "off"}),
        (f"{base}/settings/identity/rotate", {}),
        (f"{base}/settings/identity/retire", {}),
        (f"{base}/members", {"email": "owner@example.com", "role": "admin"}),
        (f"{base}/members/{member.id}/role", {"role": "admin"}),
        (f"{base}/members/{member.id}/remove", {}),
        (f"{base}/tokens", {"name": "ci", "role": "admin", "expires_in_days": "30"}),
        (f"{base}/tokens/1/revoke", {}),
    ]


def setup(client: TestClient, session: Session) -> tuple[App, Account, str]:
    app = make_app(session)
    make_token(session, app, Role.author)
    member = make_account(session, "member@example.com", app=app, role=Role.author)
    make_account(session, "owner@example.com", owner=True)
    csrf = sign_in(client, "owner@example.com")
    return app, member, csrf


@pytest.mark.parametrize("token", [None, "", "wrong-token", "é"])
def test_every_form_post_needs_the_csrf_token(
    client: TestClient, session: Session, token: str | None
) -> None:
    app, member, csrf = setup(client, session)
    for url, fields in every_form(app, member):
        response = post(client, url, token, **fields)
        assert response.status_code == 403, url
        assert response.headers["content-type"].startswith("text/html")
        assert CSRF_MESSAGE in text_of(response.text), url
    # Nothing happened: still signed in, nothing changed.
    assert client.get("/admin/apps").status_code == 200
    session.refresh(app)
    assert (app.name, app.identity_secret) == ("Claims", None)
    assert "member@example.com" in client.get(f"/admin/apps/{app.key}/members").text
    assert "Sneaky app" not in client.get("/admin/apps").text


def test_the_session_token_of_another_browser_is_refused(
    client: TestClient, session: Session
) -> None:
    app, member, _ = setup(client, session)
    other_browser = TestClient(client.app)
    their_token = sign_in(other_browser, "owner@example.com")
    response = post(client, f"/admin/apps/{app.key}/settings", their_token, name="Changed")
    assert response.status_code == 403


def test_with_the_token_every_form_gets_past_the_check(
    client: TestClient, session: Session
) -> None:
    app, member, csrf = setup(client, session)
    for url, fields in every_form(app, member)[2:]:  # sign-out and password end the session
        response = post(client, url, csrf, **fields)
        assert response.status_code in (200, 201, 303, 409), (url, response.status_code)


def test_the_sign_in_form_needs_its_own_token(client: TestClient, session: Session) -> None:
    make_account(session, "anna@example.com")
    credentials = {"email": "anna@example.com", "password": PASSWORD}
    # No form token, or one that does not match the cookie the form page set.
    assert client.post("/admin/sign-in", data=credentials).status_code == 403
    page = client.get("/admin/sign-in")
    wrong = {**credentials, "csrf_token": "not-the-one"}
    response = client.post("/admin/sign-in", data=wrong)
    assert response.status_code == 403
    assert CSRF_MESSAGE in text_of(response.text)
    # A token without its cookie (posted from another site) is refused too.
    token = csrf_in(page.text)
    client.cookies.clear()
    assert (
        client.post("/admin/sign-in", data={**credentials, "csrf_token": token}).status_code == 403
    )
    assert get_account_by_email(session=session, email="anna@example.com") is not None


def test_every_form_on_every_page_carries_the_token(client: TestClient, session: Session) -> None:
    app, member, csrf = setup(client, session)
    client.post(f"/admin/apps/{app.key}/settings/identity/rotate", data={"csrf_token": csrf})
    pages = [
        "/admin/apps",
        "/admin/account/password",
        *(
            f"/admin/apps/{app.key}{path}"
            for path in ("", "/guides", "/settings", "/members", "/tokens")
        ),
    ]
    seen = set()
    for url in pages:
        for action, inner in post_forms(client.get(url).text):
            assert f'name="csrf_token" value="{csrf}"' in inner, (url, action)
            seen.add(re.sub(r"/\d+/", "/N/", action))
    assert len(seen) >= 10, seen
    client.cookies.clear()
    sign_in_page = client.get("/admin/sign-in").text
    ((_, inner),) = post_forms(sign_in_page)
    assert 'name="csrf_token" value="' in inner
