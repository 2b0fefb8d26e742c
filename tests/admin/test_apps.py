"""The apps list, creating an app, an app's overview and its guide list."""

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.admin.helpers import field_error, field_value, flash, member_signed_in, post, text_of
from tests.factories import make_account, make_app, make_guide, sign_in
from wegwijs.apps.service import get_app_by_key
from wegwijs.auth.models import Role
from wegwijs.content.models import GuideKind
from wegwijs.content.service import publish_guide


def test_the_list_shows_only_my_apps_and_my_role(client: TestClient, session: Session) -> None:
    mine = make_app(session, name="Mine")
    other = make_app(session, name="Theirs")
    member_signed_in(client, session, mine, Role.analyst)
    page = client.get("/admin/apps").text
    assert f"/admin/apps/{mine.key}" in page and "Analyst" in text_of(page)
    assert other.key not in page
    # The app switcher offers the same apps.
    assert page.count(f'href="/admin/apps/{mine.key}"') == 2


def test_without_apps(client: TestClient, session: Session) -> None:
    make_account(session, "new@example.com")
    sign_in(client, "new@example.com")
    assert "You are not a member of any app yet." in text_of(client.get("/admin/apps").text)


def test_an_owner_creates_an_app(client: TestClient, session: Session) -> None:
    make_account(session, "owner@example.com", owner=True)
    csrf = sign_in(client, "owner@example.com")
    page = client.get("/admin/apps").text
    assert "There are no apps yet. Create the first one below." in text_of(page)
    assert field_value(page, "default_locale") == "nl"
    response = post(
        client,
        "/admin/apps",
        csrf,
        name="HR portal",
        allowed_origins="https://hr.example.com/\nhttps://HR2.example.com",
        default_locale="nl",
    )
    assert response.status_code == 303
    key = response.headers["location"].split("/")[3]
    app = get_app_by_key(session=session, key=key)
    assert app is not None and app.name == "HR portal"
    assert app.allowed_origins == ["https://hr.example.com", "https://hr2.example.com"]
    assert response.headers["location"] == f"/admin/apps/{key}/settings"
    settings = client.get(response.headers["location"]).text
    assert flash(settings) == ["App “HR portal” is created. Next: add the script tag to the app."]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": ""}, "name", "Fill in this field."),
        (
            {"name": "HR", "allowed_origins": "hr.example.com"},
            "allowed_origins",
            "“hr.example.com” is not an origin like https://app.example.com (scheme, host and "
            "optional port, no path).",
        ),
        (
            {"name": "HR", "default_locale": "nederlands"},
            "default_locale",
            "Enter a language code like nl or en-GB.",
        ),
    ],
)
def test_create_app_errors(
    client: TestClient, session: Session, fields: dict[str, str], field: str, message: str
) -> None:
    make_account(session, "owner@example.com", owner=True)
    csrf = sign_in(client, "owner@example.com")
    response = post(client, "/admin/apps", csrf, **fields)
    assert response.status_code == 422
    assert field_error(response.text, field) == message
    for name, value in fields.items():
        assert field_value(response.text, name) == value


def test_overview_counts_guides_and_links_by_role(client: TestClient, session: Session) -> None:
    app = make_app(session)
    published = make_guide(session, app, name="Live one")
    publish_guide(session=session, app=app, guide=published, author=None)
    make_guide(session, app, name="Draft one")
    make_guide(session, app, name="Draft two", kind=GuideKind.tip)
    member_signed_in(client, session, app, Role.author)
    page = client.get(f"/admin/apps/{app.key}").text
    shown = text_of(page)
    assert "2 Draft" in shown and "1 Published" in shown and "0 Archived" in shown
    assert "Your role: Author" in shown
    assert f"/admin/apps/{app.key}/settings" not in page


def test_guide_list_is_read_only_and_paginated(client: TestClient, session: Session) -> None:
    app = make_app(session)
    for number in range(21):
        make_guide(session, app, name=f"Guide {number:02}")
    make_guide(session, make_app(session, name="Other"), name="Not mine")
    member_signed_in(client, session, app, Role.analyst)
    first = client.get(f"/admin/apps/{app.key}/guides").text
    assert "21 guides" in text_of(first) and "Page 1 of 2" in text_of(first)
    assert "Guide 20" in first and "Walkthrough" in text_of(first)
    assert "Not mine" not in first
    assert '<form method="post"' not in first.split("<main")[1]
    second = client.get(f"/admin/apps/{app.key}/guides?page=2").text
    assert "Guide 00" in second and "Guide 20" not in second
    assert client.get(f"/admin/apps/{app.key}/guides?page=0").status_code == 422
