"""Roles are per app: what each role may do, and nothing in another app."""

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.factories import make_account, make_app, make_token, sign_in
from wegwijs.auth.models import Role


def test_author_of_app_a_gets_403_on_app_b(client: TestClient, session: Session) -> None:
    app_a = make_app(session, name="A")
    app_b = make_app(session, name="B")
    make_account(session, "author@example.com", app=app_a, role=Role.author)
    sign_in(client, "author@example.com")
    assert client.get(f"/api/v1/apps/{app_a.key}").status_code == 200
    response = client.get(f"/api/v1/apps/{app_b.key}")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    listed = client.get("/api/v1/apps").json()
    assert [app["key"] for app in listed["data"]] == [app_a.key]


def test_token_of_app_a_gets_403_on_app_b(client: TestClient, session: Session) -> None:
    app_a = make_app(session, name="A")
    app_b = make_app(session, name="B")
    token = make_token(session, app_a, Role.admin)
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get(f"/api/v1/apps/{app_a.key}", headers=headers).status_code == 200
    assert client.get(f"/api/v1/apps/{app_b.key}", headers=headers).status_code == 403
    assert (
        client.patch(f"/api/v1/apps/{app_b.key}", json={"name": "x"}, headers=headers).status_code
        == 403
    )
    listed = client.get("/api/v1/apps", headers=headers).json()
    assert [app["key"] for app in listed["data"]] == [app_a.key]  # never app B


@pytest.mark.parametrize(
    ("role", "can_administer"), [(Role.admin, True), (Role.author, False), (Role.analyst, False)]
)
def test_only_app_admins_change_settings_members_and_tokens(
    client: TestClient, session: Session, role: Role, can_administer: bool
) -> None:
    app = make_app(session)
    make_account(session, "someone@example.com", app=app, role=role)
    make_account(session, "new@example.com")
    csrf = {"X-CSRF-Token": sign_in(client, "someone@example.com")}
    calls = [
        client.patch(f"/api/v1/apps/{app.key}", json={"name": "x"}, headers=csrf),
        client.get(f"/api/v1/apps/{app.key}/members"),
        client.put(
            f"/api/v1/apps/{app.key}/members",
            json={"email": "new@example.com", "role": "analyst"},
            headers=csrf,
        ),
        client.post(
            f"/api/v1/apps/{app.key}/tokens", json={"name": "t", "role": "author"}, headers=csrf
        ),
        client.get(f"/api/v1/apps/{app.key}/tokens"),
    ]
    expected = {True: {200, 201}, False: {403}}[can_administer]
    assert {call.status_code for call in calls} <= expected, [c.text for c in calls]
    # Every member may read the app itself and its snippet.
    assert client.get(f"/api/v1/apps/{app.key}").status_code == 200
    snippet = client.get(f"/api/v1/apps/{app.key}/snippet").json()["html"]
    assert f'data-app-key="{app.key}"' in snippet


def test_owner_administers_every_app_and_creates_apps(client: TestClient, session: Session) -> None:
    app = make_app(session)
    make_account(session, "owner@example.com", owner=True)
    csrf = {"X-CSRF-Token": sign_in(client, "owner@example.com")}
    assert (
        client.patch(f"/api/v1/apps/{app.key}", json={"name": "y"}, headers=csrf).status_code == 200
    )
    created = client.post(
        "/api/v1/apps",
        json={"name": "HR portal", "allowed_origins": ["https://hr.example.com/"]},
        headers=csrf,
    )
    assert created.status_code == 201
    assert created.json()["allowed_origins"] == ["https://hr.example.com"]
    assert created.json()["key"].startswith("app_")


def test_non_owners_cannot_create_apps_or_accounts(client: TestClient, session: Session) -> None:
    app = make_app(session)
    make_account(session, "admin@example.com", app=app, role=Role.admin)
    csrf = {"X-CSRF-Token": sign_in(client, "admin@example.com")}
    assert client.post("/api/v1/apps", json={"name": "x"}, headers=csrf).status_code == 403
    body = {"email": "x@example.com", "password": "long enough password"}
    assert client.post("/api/v1/accounts", json=body, headers=csrf).status_code == 403


def test_membership_changes_take_effect(client: TestClient, session: Session) -> None:
    app = make_app(session)
    make_account(session, "admin@example.com", app=app, role=Role.admin)
    make_account(session, "later@example.com")
    csrf = {"X-CSRF-Token": sign_in(client, "admin@example.com")}
    client.put(
        f"/api/v1/apps/{app.key}/members",
        json={"email": "later@example.com", "role": "analyst"},
        headers=csrf,
    )
    members = client.get(f"/api/v1/apps/{app.key}/members").json()
    assert {(m["email"], m["role"]) for m in members["data"]} == {
        ("admin@example.com", "admin"),
        ("later@example.com", "analyst"),
    }
    later_id = next(m["account_id"] for m in members["data"] if m["role"] == "analyst")
    removed = client.delete(f"/api/v1/apps/{app.key}/members/{later_id}", headers=csrf)
    assert removed.status_code == 204
    sign_in(client, "later@example.com")
    assert client.get(f"/api/v1/apps/{app.key}").status_code == 403


def test_signed_out_callers_get_401(client: TestClient, session: Session) -> None:
    app = make_app(session)
    for path in ("/api/v1/apps", f"/api/v1/apps/{app.key}", "/api/v1/auth/me"):
        response = client.get(path)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "not_signed_in"


def test_unknown_app_is_404(client: TestClient, session: Session) -> None:
    make_account(session, "owner@example.com", owner=True)
    sign_in(client, "owner@example.com")
    response = client.get("/api/v1/apps/app_doesnotexist")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "app_not_found"


def test_bad_app_settings_are_refused_with_field_details(
    client: TestClient, session: Session
) -> None:
    app = make_app(session)
    make_account(session, "admin@example.com", app=app, role=Role.admin)
    csrf = {"X-CSRF-Token": sign_in(client, "admin@example.com")}
    for body in (
        {"allowed_origins": ["javascript:alert(1)"]},
        {"allowed_origins": ["https://ok.example.com/path"]},
        {"timezone": "Mars/Olympus"},
        {"default_locale": "dutch"},
        {"name": ""},
    ):
        response = client.patch(f"/api/v1/apps/{app.key}", json=body, headers=csrf)
        assert response.status_code == 422, body
        error = response.json()["error"]
        assert error["code"] == "validation_error"
        assert error["details"][0]["loc"][0] == "body"
    assert client.get(f"/api/v1/apps/{app.key}").json()["name"] == "Claims"
