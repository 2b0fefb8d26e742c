"""Signing in and out, the `next` parameter, throttling and changing the password."""

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from tests.admin.helpers import (
    csrf_in,
    error_summary,
    field_error,
    field_value,
    flash,
    post,
    sign_in_with_form,
)
from tests.factories import PASSWORD, make_account, make_app, sign_in
from wegwijs.auth.models import AdminSession, Role
from wegwijs.auth.service import MAX_FAILURES_PER_ACCOUNT
from wegwijs.deps import SESSION_COOKIE

NEW_PASSWORD = "a brand new passphrase"


def test_sign_in_takes_you_to_the_page_you_asked_for(client: TestClient, session: Session) -> None:
    app = make_app(session)
    make_account(session, "anna@example.com", app=app, role=Role.author)
    wanted = f"/admin/apps/{app.key}/guides"
    away = client.get(wanted, follow_redirects=False)
    assert away.status_code == 303
    assert away.headers["location"] == f"/admin/sign-in?next=%2Fadmin%2Fapps%2F{app.key}%2Fguides"

    page = client.get(away.headers["location"])
    assert page.status_code == 200
    assert field_value(page.text, "next") is None  # hidden, not a visible field
    assert f'name="next" value="{wanted}"' in page.text
    response = sign_in_with_form(client, "Anna@Example.com ", next_path=wanted)
    assert response.status_code == 303
    assert response.headers["location"] == wanted
    assert client.get(wanted).status_code == 200


@pytest.mark.parametrize(
    "next_path",
    [
        "//evil.example/admin/apps",
        "https://evil.example/admin/apps",
        "/\\evil.example",
        "/admin/../../evil",
        "javascript:alert(1)",
        "/api/v1/apps",
        "admin/apps",
        "/admin/apps\r\nSet-Cookie: x=1",
    ],
)
def test_next_only_accepts_local_admin_paths(
    client: TestClient, session: Session, next_path: str
) -> None:
    make_account(session, "anna@example.com")
    response = sign_in_with_form(client, "anna@example.com", next_path=next_path)
    assert response.status_code == 303
    location = response.headers["location"]
    if next_path == "/admin/../../evil":  # a path of this site; the router answers 404
        assert location == next_path
    else:
        assert location == "/admin/apps"


def test_wrong_password_keeps_the_email_and_says_what_is_wrong(
    client: TestClient, session: Session
) -> None:
    make_account(session, "anna@example.com")
    response = sign_in_with_form(client, "anna@example.com", password="not it")
    assert response.status_code == 401
    assert field_value(response.text, "email") == "anna@example.com"
    assert field_value(response.text, "password") is None  # never written back
    assert field_error(response.text, "password") == "The email address or password is incorrect."
    assert SESSION_COOKIE not in response.cookies


def test_sign_in_form_validation(client: TestClient, session: Session) -> None:
    response = sign_in_with_form(client, "not-an-email", password="")
    assert response.status_code == 422
    assert field_value(response.text, "email") == "not-an-email"
    assert field_error(response.text, "email") == "Enter an email address like name@example.com."
    assert field_error(response.text, "password") == "Fill in this field."
    assert error_summary(response.text) == [
        "Enter an email address like name@example.com.",
        "Fill in this field.",
    ]
    assert 'href="#field-email"' in response.text


def test_sign_in_is_throttled_with_a_readable_message(client: TestClient, session: Session) -> None:
    make_account(session, "anna@example.com")
    for _ in range(MAX_FAILURES_PER_ACCOUNT):
        assert sign_in_with_form(client, "anna@example.com", "guess").status_code == 401
    # Even the right password waits, as with the JSON API (the same service throttles).
    response = sign_in_with_form(client, "anna@example.com")
    assert response.status_code == 429
    assert 1 <= int(response.headers["retry-after"]) <= 15 * 60 + 1
    assert error_summary(response.text) == ["Too many failed sign-ins. Try again in 15 minutes."]
    assert field_value(response.text, "email") == "anna@example.com"
    dutch = client.post(
        "/admin/sign-in",
        data={"csrf_token": csrf_in(response.text), "email": "anna@example.com", "password": "x"},
        headers={"Accept-Language": "nl"},
    )
    assert "Te veel mislukte aanmeldpogingen" in dutch.text
    api = client.post("/api/v1/auth/sign-in", json={"email": "anna@example.com", "password": "x"})
    assert api.status_code == 429


def test_sign_in_rotates_the_session(client: TestClient, session: Session) -> None:
    make_account(session, "anna@example.com")
    form_page = client.get("/admin/sign-in")
    sign_in(client, "anna@example.com")
    before = client.cookies[SESSION_COOKIE]
    # Signed in already: the sign-in page sends you on.
    signed_in = client.get("/admin/sign-in?next=/admin/account/password", follow_redirects=False)
    assert signed_in.headers["location"] == "/admin/account/password"
    # Signing in again (perhaps as someone else) ends the previous session.
    response = client.post(
        "/admin/sign-in",
        data={
            "csrf_token": csrf_in(form_page.text),
            "email": "anna@example.com",
            "password": PASSWORD,
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert client.cookies[SESSION_COOKIE] != before
    assert len(session.exec(select(AdminSession)).all()) == 1


def test_sign_out_ends_the_session(client: TestClient, session: Session) -> None:
    make_account(session, "anna@example.com")
    csrf = sign_in(client, "anna@example.com")
    cookie = client.cookies[SESSION_COOKIE]
    response = post(client, "/admin/sign-out", csrf)
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/sign-in"
    assert flash(client.get("/admin/sign-in").text) == ["You are signed out."]
    # The old cookie is worthless now, on the pages and on the API.
    client.cookies.set(SESSION_COOKIE, cookie)
    assert client.get("/admin/apps", follow_redirects=False).status_code == 303
    assert client.get("/api/v1/auth/me").status_code == 401


def test_change_password(client: TestClient, session: Session) -> None:
    make_account(session, "anna@example.com")
    sign_in(client, "anna@example.com")
    other_browser = TestClient(client.app)
    sign_in(other_browser, "anna@example.com")
    page = client.get("/admin/account/password")
    assert page.status_code == 200
    response = post(
        client,
        "/admin/account/password",
        csrf_in(page.text),
        current_password=PASSWORD,
        new_password=NEW_PASSWORD,
        confirm_password=NEW_PASSWORD,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/apps"
    assert flash(client.get("/admin/apps").text) == [
        "Your password is changed. Other sessions are signed out."
    ]
    assert other_browser.get("/admin/apps", follow_redirects=False).status_code == 303
    client.cookies.clear()
    assert sign_in_with_form(client, "anna@example.com").status_code == 401
    assert sign_in_with_form(client, "anna@example.com", NEW_PASSWORD).status_code == 303


@pytest.mark.parametrize(
    ("fields", "errors", "status"),
    [
        (
            {"current_password": "", "new_password": "", "confirm_password": ""},
            {"current_password": "Fill in this field.", "new_password": "Fill in this field."},
            422,
        ),
        (
            {"current_password": PASSWORD, "new_password": "short", "confirm_password": "short"},
            {"new_password": "Use at least 12 characters."},
            422,
        ),
        (
            {"current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm_password": "x"},
            {"confirm_password": "The two new passwords are not the same."},
            422,
        ),
        (
            {
                "current_password": "wrong",
                "new_password": NEW_PASSWORD,
                "confirm_password": NEW_PASSWORD,
            },
            {"current_password": "The current password is incorrect."},
            403,
        ),
    ],
)
def test_change_password_errors(
    client: TestClient,
    session: Session,
    fields: dict[str, str],
    errors: dict[str, str],
    status: int,
) -> None:
    make_account(session, "anna@example.com")
    csrf = sign_in(client, "anna@example.com")
    response = post(client, "/admin/account/password", csrf, **fields)
    assert response.status_code == status
    for field in ("current_password", "new_password", "confirm_password"):
        assert field_error(response.text, field) == errors.get(field)
        assert field_value(response.text, field) is None  # passwords are never written back
    # Still signed in with the same session.
    assert client.get("/admin/apps").status_code == 200


def test_passwords_are_taken_as_typed(client: TestClient, session: Session) -> None:
    make_account(session, "anna@example.com")
    csrf = sign_in(client, "anna@example.com")
    spaced = "  spaces around it count  "
    response = post(
        client,
        "/admin/account/password",
        csrf,
        current_password=PASSWORD,
        new_password=spaced,
        confirm_password=spaced,
    )
    assert response.status_code == 303
    client.cookies.clear()
    assert sign_in_with_form(client, "anna@example.com", spaced.strip()).status_code == 401
    assert sign_in_with_form(client, "anna@example.com", spaced).status_code == 303


def test_a_form_posted_after_the_session_ended_leads_back_to_its_page(
    client: TestClient, session: Session
) -> None:
    app = make_app(session)
    make_account(session, "anna@example.com", app=app, role=Role.admin)
    settings = f"/admin/apps/{app.key}/settings"
    response = client.post(
        settings,
        data={"csrf_token": "stale", "name": "x"},
        headers={"Referer": f"http://testserver{settings}"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == (
        f"/admin/sign-in?next=%2Fadmin%2Fapps%2F{app.key}%2Fsettings"
    )
    foreign = client.post(
        settings,
        data={"name": "x"},
        headers={"Referer": "https://evil.example/admin/apps"},
        follow_redirects=False,
    )
    assert foreign.headers["location"] == "/admin/sign-in"
