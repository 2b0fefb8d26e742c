"""Members and roles, and API tokens, as an app admin manages them."""

import re

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.admin.helpers import (
    error_summary,
    field_error,
    field_value,
    flash,
    member_signed_in,
    post,
    text_of,
)
from tests.factories import make_account, make_app, make_token
from wegwijs.apps.models import App
from wegwijs.auth.models import ApiToken, Role
from wegwijs.auth.service import role_in_app, tokens_of

NEW_TOKEN = re.compile(r'<textarea id="new-token"[^>]*>(wgw_[^<]+)</textarea>')


def members_url(app: App) -> str:
    return f"/admin/apps/{app.key}/members"


def tokens_url(app: App) -> str:
    return f"/admin/apps/{app.key}/tokens"


def test_add_change_and_remove_a_member(client: TestClient, session: Session) -> None:
    app = make_app(session)
    csrf = member_signed_in(client, session, app, Role.admin)
    ben = make_account(session, "ben@example.com")
    response = post(client, members_url(app), csrf, email=" Ben@Example.com", role="analyst")
    assert response.status_code == 303
    assert role_in_app(session=session, account=ben, app=app) == Role.analyst
    page = client.get(members_url(app)).text
    assert flash(page) == ["ben@example.com is a member with the chosen role."]
    assert "ben@example.com" in text_of(page)

    changed = post(client, f"{members_url(app)}/{ben.id}/role", csrf, role="author")
    assert changed.status_code == 303
    assert role_in_app(session=session, account=ben, app=app) == Role.author

    removed = post(client, f"{members_url(app)}/{ben.id}/remove", csrf)
    assert removed.status_code == 303
    assert role_in_app(session=session, account=ben, app=app) is None
    assert flash(client.get(members_url(app)).text) == ["ben@example.com is no longer a member."]
    # Not a member (any more): nothing to change or remove.
    assert post(client, f"{members_url(app)}/{ben.id}/remove", csrf).status_code == 404
    assert post(client, f"{members_url(app)}/{ben.id}/role", csrf, role="admin").status_code == 404
    assert post(client, f"{members_url(app)}/99999/role", csrf, role="admin").status_code == 404


def test_members_of_another_app_are_out_of_reach(client: TestClient, session: Session) -> None:
    app = make_app(session)
    other = make_app(session, name="Other")
    stranger = make_account(session, "stranger@example.com", app=other, role=Role.author)
    csrf = member_signed_in(client, session, app, Role.admin)
    response = post(client, f"{members_url(app)}/{stranger.id}/remove", csrf)
    assert response.status_code == 404
    assert role_in_app(session=session, account=stranger, app=other) == Role.author


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"email": "", "role": "author"}, "email", "Enter an email address like name@example.com."),
        (
            {"email": "ben@", "role": "author"},
            "email",
            "Enter an email address like name@example.com.",
        ),
        (
            {"email": "nobody@example.com", "role": "author"},
            "email",
            "There is no account with this email address. Ask an owner to create it.",
        ),
        ({"email": "ben@example.com", "role": "owner"}, "role", "Choose one of the options."),
    ],
)
def test_member_form_errors(
    client: TestClient, session: Session, fields: dict[str, str], field: str, message: str
) -> None:
    app = make_app(session)
    make_account(session, "ben@example.com")
    csrf = member_signed_in(client, session, app, Role.admin)
    response = post(client, members_url(app), csrf, **fields)
    assert response.status_code == 422
    assert field_error(response.text, field) == message
    assert field_value(response.text, "email") == fields["email"]


def test_a_bad_role_change_is_explained(client: TestClient, session: Session) -> None:
    app = make_app(session)
    ben = make_account(session, "ben@example.com", app=app, role=Role.author)
    csrf = member_signed_in(client, session, app, Role.admin)
    response = post(client, f"{members_url(app)}/{ben.id}/role", csrf, role="owner")
    assert response.status_code == 422
    assert error_summary(response.text) == ["Choose one of the roles."]
    assert role_in_app(session=session, account=ben, app=app) == Role.author


def test_create_use_and_revoke_a_token(client: TestClient, session: Session) -> None:
    app = make_app(session)
    csrf = member_signed_in(client, session, app, Role.admin)
    assert "This app has no tokens yet." in text_of(client.get(tokens_url(app)).text)
    response = post(
        client, tokens_url(app), csrf, name="CI import", role="author", expires_in_days="30"
    )
    assert response.status_code == 201
    plain = NEW_TOKEN.search(response.text).group(1)
    assert "Copy it now: it is shown only once." in text_of(response.text)
    (token,) = tokens_of(session=session, app=app)
    assert (token.name, token.role, token.prefix) == ("CI import", Role.author, plain[:10])
    assert token.expires_at is not None
    assert 29 <= (token.expires_at - token.created_at).days <= 30
    page = client.get(tokens_url(app)).text
    assert plain not in page  # shown once only
    assert token.prefix in page and "Not yet" in text_of(page)

    # The token works on the API, and the list says when it was last used.
    bearer = {"Authorization": f"Bearer {plain}"}
    assert client.get(f"/api/v1/apps/{app.key}/guides", headers=bearer).status_code == 200
    session.refresh(token)
    assert token.last_used_at is not None
    assert "Not yet" not in text_of(client.get(tokens_url(app)).text)

    revoked = post(client, f"{tokens_url(app)}/{token.id}/revoke", csrf)
    assert revoked.status_code == 303
    page = client.get(tokens_url(app)).text
    assert flash(page) == ["Token “CI import” is revoked."]
    assert "Revoked" in text_of(page)
    assert f"/tokens/{token.id}/revoke" not in page
    assert client.get(f"/api/v1/apps/{app.key}/guides", headers=bearer).status_code == 401


def test_a_token_without_expiry(client: TestClient, session: Session) -> None:
    app = make_app(session)
    csrf = member_signed_in(client, session, app, Role.admin)
    response = post(
        client, tokens_url(app), csrf, name="forever", role="analyst", expires_in_days=""
    )
    assert response.status_code == 201
    (token,) = tokens_of(session=session, app=app)
    assert token.expires_at is None
    assert "Never" in text_of(client.get(tokens_url(app)).text)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": "", "role": "author", "expires_in_days": "30"}, "name", "Fill in this field."),
        (
            {"name": "x" * 101, "role": "author", "expires_in_days": "30"},
            "name",
            "Use at most 100 characters.",
        ),
        (
            {"name": "ci", "role": "boss", "expires_in_days": "30"},
            "role",
            "Choose one of the options.",
        ),
        (
            {"name": "ci", "role": "author", "expires_in_days": "0"},
            "expires_in_days",
            "Enter a number from 1 to 3650.",
        ),
        (
            {"name": "ci", "role": "author", "expires_in_days": "4000"},
            "expires_in_days",
            "Enter a number from 1 to 3650.",
        ),
        (
            {"name": "ci", "role": "author", "expires_in_days": "a month"},
            "expires_in_days",
            "Enter a whole number.",
        ),
    ],
)
def test_token_form_errors(
    client: TestClient, session: Session, fields: dict[str, str], field: str, message: str
) -> None:
    app = make_app(session)
    csrf = member_signed_in(client, session, app, Role.admin)
    response = post(client, tokens_url(app), csrf, **fields)
    assert response.status_code == 422
    assert field_error(response.text, field) == message
    assert field_value(response.text, "name") == fields["name"]
    assert field_value(response.text, "expires_in_days") == fields["expires_in_days"]
    assert tokens_of(session=session, app=app) == []


def test_tokens_of_another_app_cannot_be_revoked(client: TestClient, session: Session) -> None:
    app = make_app(session)
    other = make_app(session, name="Other")
    make_token(session, other, Role.admin)
    (theirs,) = tokens_of(session=session, app=other)
    csrf = member_signed_in(client, session, app, Role.admin)
    assert post(client, f"{tokens_url(app)}/{theirs.id}/revoke", csrf).status_code == 404
    session.refresh(theirs)
    assert isinstance(theirs, ApiToken) and theirs.revoked_at is None
