"""Who may open which page: the JSON API's roles, per app, on every admin page."""

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.admin.helpers import member_signed_in, post, text_of
from tests.factories import make_account, make_app, make_token, sign_in
from wegwijs.apps.models import App
from wegwijs.auth.models import Role

EVERY_ROLE = {"admin": 200, "author": 200, "analyst": 200}
ADMINS_ONLY = {"admin": 200, "author": 403, "analyst": 403}
PAGES = {
    "": EVERY_ROLE,
    "/guides": EVERY_ROLE,
    "/settings": ADMINS_ONLY,
    "/members": ADMINS_ONLY,
    "/tokens": ADMINS_ONLY,
}
FORBIDDEN = "Your account does not have access to this page."


def as_who(client: TestClient, session: Session, app: App, who: str) -> str | None:
    """Sign in as `who` (a role in `app`, a member of another app, an owner) or not at all."""
    if who == "signed out":
        return None
    if who == "other app":
        other = make_app(session, name="Other")
        return member_signed_in(client, session, other, Role.admin, "other@example.com")
    if who == "owner":
        make_account(session, "owner@example.com", owner=True)
        return sign_in(client, "owner@example.com")
    return member_signed_in(client, session, app, Role(who))


@pytest.mark.parametrize("path", list(PAGES))
@pytest.mark.parametrize("who", ["admin", "author", "analyst", "other app", "signed out", "owner"])
def test_role_matrix(client: TestClient, session: Session, path: str, who: str) -> None:
    app = make_app(session)
    as_who(client, session, app, who)
    url = f"/admin/apps/{app.key}{path}"
    response = client.get(url, follow_redirects=False)
    if who == "signed out":
        assert response.status_code == 303
        assert response.headers["location"].startswith("/admin/sign-in?next=")
        return
    expected = {"other app": 403, "owner": 200}.get(who) or PAGES[path][who]
    assert response.status_code == expected, response.text
    assert response.headers["content-type"].startswith("text/html")
    if expected == 403:
        assert FORBIDDEN in text_of(response.text)


@pytest.mark.parametrize("who", ["admin", "author", "analyst", "other app", "signed out"])
def test_pages_for_every_account(client: TestClient, session: Session, who: str) -> None:
    app = make_app(session)
    as_who(client, session, app, who)
    for url in ("/admin/apps", "/admin/account/password"):
        response = client.get(url, follow_redirects=False)
        assert response.status_code == (303 if who == "signed out" else 200)


def test_unknown_app_is_a_404_page(client: TestClient, session: Session) -> None:
    make_account(session, "anna@example.com")
    sign_in(client, "anna@example.com")
    response = client.get("/admin/apps/app_doesnotexist/settings")
    assert response.status_code == 404
    assert "There is no app with this key." in text_of(response.text)
    assert client.get("/admin/no-such-page").status_code == 404
    assert "Page not found" in client.get("/admin/no-such-page").text


def test_navigation_shows_only_what_the_role_may_open(client: TestClient, session: Session) -> None:
    app = make_app(session)
    member_signed_in(client, session, app, Role.author)
    page = client.get(f"/admin/apps/{app.key}").text
    assert f'href="/admin/apps/{app.key}/guides"' in page
    for admin_only in ("settings", "members", "tokens"):
        assert f'href="/admin/apps/{app.key}/{admin_only}"' not in page


def test_api_tokens_do_not_open_pages(client: TestClient, session: Session) -> None:
    """Pages are for people: a bearer token is not a session."""
    app = make_app(session)
    token = make_token(session, app, Role.admin)
    response = client.get(
        f"/admin/apps/{app.key}/settings",
        headers={"Authorization": f"Bearer {token}"},
        follow_redirects=False,
    )
    assert response.status_code == 303


def write_requests(app: App) -> list[tuple[str, dict[str, str]]]:
    base = f"/admin/apps/{app.key}"
    return [
        (
            f"{base}/settings",
            {"name": "Changed", "default_locale": "nl", "timezone": "Europe/Amsterdam"},
        ),
        (f"{base}/settings/identity", {"enabled": "off"}),
        (f"{base}/settings/identity/rotate", {}),
        (f"{base}/settings/identity/retire", {}),
        (f"{base}/members", {"email": "author@example.com", "role": "admin"}),
        (f"{base}/members/1/role", {"role": "admin"}),
        (f"{base}/members/1/remove", {}),
        (f"{base}/tokens", {"name": "ci", "role": "admin", "expires_in_days": "30"}),
        (f"{base}/tokens/1/revoke", {}),
    ]


@pytest.mark.parametrize("role", [Role.author, Role.analyst])
def test_only_admins_change_settings_members_and_tokens(
    client: TestClient, session: Session, role: Role
) -> None:
    app = make_app(session)
    make_token(session, app, Role.author)
    csrf = member_signed_in(client, session, app, role)
    for url, fields in write_requests(app):
        response = post(client, url, csrf, **fields)
        assert response.status_code == 403, url
        assert FORBIDDEN in text_of(response.text)
    session.refresh(app)
    assert app.name == "Claims"
    assert app.identity_secret is None


def test_only_owners_create_apps(client: TestClient, session: Session) -> None:
    app = make_app(session)
    csrf = member_signed_in(client, session, app, Role.admin)
    page = client.get("/admin/apps").text
    assert 'action="/admin/apps"' not in page  # no form for non-owners
    response = post(client, "/admin/apps", csrf, name="Mine now")
    assert response.status_code == 403
    assert FORBIDDEN in text_of(response.text)
