"""Every admin response carries the security headers; no page holds inline script or style."""

import base64
import re

from fastapi.testclient import TestClient
from httpx import Response
from sqlmodel import Session

from tests.admin.helpers import member_signed_in, post
from tests.factories import make_account, make_app, make_guide, sign_in
from wegwijs.apps.models import App
from wegwijs.auth.models import Role

CSP_PARTS = [
    "script-src 'self'",
    "style-src 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
    "img-src 'self' https:",  # the body preview shows https images, as the widget does
]
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.I)
STYLE = re.compile(r"<style[\s>]|\sstyle\s*=", re.I)


def assert_secure(response: Response, *, cache: str = "no-store") -> None:
    headers = response.headers
    csp = headers["content-security-policy"]
    for part in CSP_PARTS:
        assert part in csp, (response.url, part)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["cache-control"] == cache
    if headers.get("content-type", "").startswith("text/html"):
        page = response.text
        assert not INLINE_HANDLER.search(page), response.url
        assert not INLINE_SCRIPT.search(page), response.url
        assert not STYLE.search(page), response.url
        assert "javascript:" not in page


def pages_of(app: App) -> list[str]:
    base = f"/admin/apps/{app.key}"
    return [
        "/admin/apps",
        "/admin/account/password",
        base,
        f"{base}/guides",
        f"{base}/settings",
        f"{base}/members",
        f"{base}/tokens",
    ]


def test_every_page_redirect_and_error_is_covered(client: TestClient, session: Session) -> None:
    app = make_app(session)
    make_guide(session, app)
    # Signed out: the sign-in page, and redirects to it.
    assert_secure(client.get("/admin/sign-in"))
    for url in pages_of(app):
        assert_secure(client.get(url, follow_redirects=False))
    make_account(session, "owner@example.com", owner=True)
    csrf = sign_in(client, "owner@example.com")
    for url in pages_of(app):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_secure(response)
    # Pages shown after a post: a secret shown once, a form with errors, a redirect.
    assert_secure(post(client, f"/admin/apps/{app.key}/settings/identity/rotate", csrf))
    assert_secure(post(client, f"/admin/apps/{app.key}/tokens", csrf, name="", role="x"))
    assert_secure(post(client, f"/admin/apps/{app.key}/tokens", csrf, name="ci", role="admin"))
    assert_secure(post(client, f"/admin/apps/{app.key}/settings", csrf, name="Renamed"))
    # Error pages: CSRF, unknown page, unknown app, wrong method, bad path parameter.
    assert_secure(post(client, f"/admin/apps/{app.key}/settings", None))
    assert_secure(client.get("/admin/nothing-here"))
    assert_secure(client.get("/admin/apps/app_unknown"))
    assert_secure(client.put("/admin/apps"))
    assert_secure(post(client, f"/admin/apps/{app.key}/tokens/abc/revoke", csrf))
    assert_secure(client.get("/admin/language?lang=nl&next=/admin/apps", follow_redirects=False))


def test_error_pages_are_html_and_the_api_stays_json(client: TestClient, session: Session) -> None:
    app = make_app(session)
    member_signed_in(client, session, app, Role.author)
    page = client.get(f"/admin/apps/{app.key}/settings")
    assert page.status_code == 403
    assert page.headers["content-type"].startswith("text/html")
    assert client.put("/admin/apps").status_code == 405
    api = client.get("/api/v1/nothing-here")
    assert api.headers["content-type"] == "application/json"
    assert "content-security-policy" not in api.headers


def test_static_files_are_served_with_nosniff(client: TestClient) -> None:
    for file, kind in (
        ("admin.css", "text/css"),
        ("admin.js", "javascript"),
        ("theme-preview.js", "javascript"),
        ("favicon.svg", "image/svg+xml"),
    ):
        response = client.get(f"/admin/static/{file}")
        assert response.status_code == 200
        assert kind in response.headers["content-type"]
        assert_secure_static(response)
    assert client.get("/admin/static/missing.js").status_code == 404


def assert_secure_static(response: Response) -> None:
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-cache"


def test_the_root_leads_to_the_admin(client: TestClient) -> None:
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/apps"
    assert client.get("/admin/", follow_redirects=False).headers["location"] == "/admin/apps"


def test_session_cookie_and_pages_are_not_for_other_sites(
    client: TestClient, session: Session
) -> None:
    make_account(session, "anna@example.com")
    page = client.get("/admin/sign-in")
    sign_in_cookie = page.headers["set-cookie"]
    assert "HttpOnly" in sign_in_cookie and "SameSite=strict" in sign_in_cookie
    assert page.headers["x-frame-options"] == "DENY"


def test_a_tampered_flash_cookie_shows_nothing_it_should_not(
    client: TestClient, session: Session
) -> None:
    """The flash cookie names a message; it cannot carry markup or text of its own."""
    app = make_app(session)
    member_signed_in(client, session, app, Role.admin)
    for value in (
        "junk",
        base64.urlsafe_b64encode(b'["error.csrf", {}]').decode(),
        base64.urlsafe_b64encode(b'["flash.member_saved", {"email": "<b>x</b>"}]').decode(),
        base64.urlsafe_b64encode(b'["flash.member_saved", {}]').decode(),
    ):
        client.cookies.set("wegwijs_flash", value, path="/admin")
        page = client.get("/admin/apps")
        assert page.status_code == 200
        assert "<b>x</b>" not in page.text
        assert "expired" not in page.text
