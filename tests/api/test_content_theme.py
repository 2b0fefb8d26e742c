"""An app's theme ends up in the widget's CSS: only strictly shaped values are accepted."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.factories import make_account, make_app, sign_in, signed_in_as
from wegwijs.auth.models import Role

GOOD_THEME = {
    "primary": "#0a7",
    "text": "#1F2933",
    "background": "#ffffff",
    "font_family": "Inter, Segoe UI, sans-serif",
    "radius": 8,
    "z_index": 2147483000,
}


def test_a_valid_theme_is_stored_and_bumps_content_version(
    client: TestClient, session: Session
) -> None:
    app = make_app(session)
    before = app.content_version
    csrf = signed_in_as(client, session, app, Role.admin)
    response = client.patch(f"/api/v1/apps/{app.key}", json={"theme": GOOD_THEME}, headers=csrf)
    assert response.status_code == 200, response.text
    assert response.json()["theme"] == GOOD_THEME
    session.refresh(app)
    assert app.theme == GOOD_THEME
    assert app.content_version == before + 1

    partial = client.patch(
        f"/api/v1/apps/{app.key}", json={"theme": {"primary": "#123"}}, headers=csrf
    )
    assert partial.json()["theme"] == {"primary": "#123"}
    unchanged = client.patch(f"/api/v1/apps/{app.key}", json={"name": "Renamed"}, headers=csrf)
    assert unchanged.json()["theme"] == {"primary": "#123"}
    reset = client.patch(f"/api/v1/apps/{app.key}", json={"theme": None}, headers=csrf)
    assert reset.json()["theme"] == {}
    session.refresh(app)
    assert app.content_version == before + 3


@pytest.mark.parametrize(
    ("theme", "field"),
    [
        ({"primary": "red"}, "primary"),
        ({"primary": "#12"}, "primary"),
        ({"primary": "#1234567"}, "primary"),
        ({"text": "#ggg"}, "text"),
        ({"background": "#fff;background:url(https://evil.example)"}, "background"),
        ({"background": "rgb(0,0,0)"}, "background"),
        ({"font_family": 'Arial"; } body { display:none'}, "font_family"),
        ({"font_family": "'Comic Sans'"}, "font_family"),
        ({"font_family": "x" * 101}, "font_family"),
        ({"font_family": ""}, "font_family"),
        ({"font_family": "Arial;"}, "font_family"),
        ({"radius": 25}, "radius"),
        ({"radius": -1}, "radius"),
        ({"radius": "8px"}, "radius"),
        ({"radius": 8.5}, "radius"),
        ({"z_index": -5}, "z_index"),
        ({"z_index": 2**31}, "z_index"),
        ({"z_index": "9999"}, "z_index"),
        ({"css": "body{}"}, "css"),
    ],
)
def test_bad_theme_values_are_422_with_the_field(
    client: TestClient, session: Session, theme: dict[str, Any], field: str
) -> None:
    app = make_app(session)
    csrf = signed_in_as(client, session, app, Role.admin)
    response = client.patch(f"/api/v1/apps/{app.key}", json={"theme": theme}, headers=csrf)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert error["details"][0]["loc"] == ["body", "theme", field]
    session.refresh(app)
    assert app.theme == {}


def test_a_theme_is_checked_when_an_app_is_created(client: TestClient, session: Session) -> None:
    make_account(session, "owner@example.com", owner=True)
    csrf = {"X-CSRF-Token": sign_in(client, "owner@example.com")}
    bad = client.post(
        "/api/v1/apps", json={"name": "HR", "theme": {"primary": "javascript:x"}}, headers=csrf
    )
    assert bad.status_code == 422
    assert bad.json()["error"]["details"][0]["loc"][:3] == ["body", "theme", "primary"]
    good = client.post("/api/v1/apps", json={"name": "HR", "theme": {"radius": 4}}, headers=csrf)
    assert good.status_code == 201, good.text
    assert good.json()["theme"] == {"radius": 4}


def test_only_admins_change_the_theme(client: TestClient, session: Session) -> None:
    app = make_app(session)
    csrf = signed_in_as(client, session, app, Role.author)
    response = client.patch(f"/api/v1/apps/{app.key}", json={"theme": GOOD_THEME}, headers=csrf)
    assert response.status_code == 403
