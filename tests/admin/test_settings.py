"""App settings: saved through the API's validators, errors next to their fields, the
snippets to copy and the install check."""

import html
from pathlib import Path
from typing import Any

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
from tests.factories import make_app
from wegwijs.apps.models import App
from wegwijs.auth.models import Role
from wegwijs.db import utcnow

ROOT = Path(__file__).resolve().parents[2]
ORIGIN = "http://host.example.com"
VALID = {
    "name": "Claims portal",
    "allowed_origins": "https://claims.example.com\nhttp://localhost:3000/",
    "default_locale": "en-GB",
    "timezone": "Europe/London",
    "consent_required": "on",
    "url_param_denylist": "email, token,\nbsn",
    "theme_primary": "#0a7",
    "theme_text": "#1F2933",
    "theme_background": "",
    "theme_font_family": "Inter, sans-serif",
    "theme_radius": "8",
    "theme_z_index": "",
}


def settings_url(app: App) -> str:
    return f"/admin/apps/{app.key}/settings"


def test_settings_are_saved(client: TestClient, session: Session) -> None:
    app = make_app(session)
    csrf = member_signed_in(client, session, app, Role.admin)
    before = app.content_version
    page = client.get(settings_url(app)).text
    assert field_value(page, "name") == "Claims"
    assert field_value(page, "url_param_denylist") == "email, token, password, session, code"

    response = post(client, settings_url(app), csrf, **VALID)
    assert response.status_code == 303
    assert response.headers["location"] == settings_url(app)
    session.refresh(app)
    assert app.name == "Claims portal"
    assert app.allowed_origins == ["http://localhost:3000", "https://claims.example.com"]
    assert (app.default_locale, app.timezone) == ("en-GB", "Europe/London")
    assert app.consent_required is True
    assert app.url_param_denylist == ["email", "token", "bsn"]
    assert app.theme == {
        "primary": "#0a7",
        "text": "#1F2933",
        "font_family": "Inter, sans-serif",
        "radius": 8,
    }
    # Visitors see these settings: every worker's cached copy is dropped.
    assert app.content_version == before + 1

    page = client.get(settings_url(app)).text
    assert flash(page) == ["Settings saved."]
    assert field_value(page, "theme_radius") == "8"
    assert 'id="field-consent-required" name="consent_required" type="checkbox" checked' in page
    assert flash(client.get(settings_url(app)).text) == []  # shown once

    # Unticking the box and clearing the theme are changes too.
    cleared = {
        **VALID,
        "theme_primary": "",
        "theme_text": "",
        "theme_font_family": "",
        "theme_radius": "",
    }
    del cleared["consent_required"]
    assert post(client, settings_url(app), csrf, **cleared).status_code == 303
    session.refresh(app)
    assert (app.consent_required, app.theme) == (False, {})


def test_the_public_api_follows_new_origins(client: TestClient, session: Session) -> None:
    app = make_app(session)
    csrf = member_signed_in(client, session, app, Role.admin)
    body = {"url": f"{ORIGIN}/", "visitor_id": "visitor-0001"}
    context = f"/api/public/v1/apps/{app.key}/context"
    assert client.post(context, json=body, headers={"Origin": ORIGIN}).status_code == 200
    fields = {**VALID, "allowed_origins": "https://claims.example.com"}
    assert post(client, settings_url(app), csrf, **fields).status_code == 303
    client.app.state.delivery.clear()  # skip the once-a-second freshness check
    assert client.post(context, json=body, headers={"Origin": ORIGIN}).status_code == 403


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": "  "}, "name", "Fill in this field."),
        ({"name": "x" * 121}, "name", "Use at most 120 characters."),
        (
            {"allowed_origins": "https://ok.example.com\nhttps://app.example.com/path"},
            "allowed_origins",
            "“https://app.example.com/path” is not an origin like https://app.example.com "
            "(scheme, host and optional port, no path).",
        ),
        (
            {"allowed_origins": "ftp://files.example.com"},
            "allowed_origins",
            "“ftp://files.example.com” is not an origin like https://app.example.com "
            "(scheme, host and optional port, no path).",
        ),
        (
            {"allowed_origins": "\n".join(f"https://a{n}.example.com" for n in range(51))},
            "allowed_origins",
            "Enter at most 50 origins.",
        ),
        ({"default_locale": "Dutch"}, "default_locale", "Enter a language code like nl or en-GB."),
        ({"default_locale": ""}, "default_locale", "Enter a language code like nl or en-GB."),
        (
            {"timezone": "Mars/Olympus"},
            "timezone",
            "Choose a time zone from the list, like Europe/Amsterdam.",
        ),
        (
            {"theme_primary": "red"},
            "theme_primary",
            "Enter a colour as #rgb or #rrggbb, like #1d4ed8.",
        ),
        (
            {"theme_background": "#fff;background:url(x)"},
            "theme_background",
            "Enter a colour as #rgb or #rrggbb, like #1d4ed8.",
        ),
        (
            {"theme_font_family": "'Comic Sans'"},
            "theme_font_family",
            "Use letters, digits, spaces, commas and hyphens only, like Inter, sans-serif.",
        ),
        ({"theme_radius": "25"}, "theme_radius", "Enter a number from 0 to 24."),
        ({"theme_radius": "8px"}, "theme_radius", "Enter a whole number."),
        ({"theme_z_index": "-1"}, "theme_z_index", "Enter a number from 0 to 2147483647."),
    ],
)
def test_settings_errors_are_shown_next_to_the_field(
    client: TestClient, session: Session, changes: dict[str, Any], field: str, message: str
) -> None:
    app = make_app(session)
    csrf = member_signed_in(client, session, app, Role.admin)
    typed = {**VALID, **changes}
    response = post(client, settings_url(app), csrf, **typed)
    assert response.status_code == 422
    assert field_error(response.text, field) == message
    assert error_summary(response.text) == [message]
    assert f'href="#field-{field.replace("_", "-")}"' in response.text
    assert 'aria-invalid="true"' in response.text
    # Nothing typed is lost, the broken value included...
    for name, value in typed.items():
        if name != "consent_required":
            shown = field_value(response.text, name)
            assert shown is not None and shown.strip() == value.strip(), name
    # ...and nothing is saved.
    session.refresh(app)
    assert app.name == "Claims"


def test_errors_in_dutch(client: TestClient, session: Session) -> None:
    app = make_app(session)
    csrf = member_signed_in(client, session, app, Role.admin)
    client.get("/admin/language?lang=nl&next=/admin/apps")
    response = post(client, settings_url(app), csrf, **{**VALID, "theme_primary": "rood"})
    assert field_error(response.text, "theme_primary") == (
        "Vul een kleur in als #rgb of #rrggbb, zoals #1d4ed8."
    )
    assert "Er is iets niet goed" in response.text


def test_snippets_to_copy(client: TestClient, session: Session) -> None:
    app = make_app(session)
    member_signed_in(client, session, app, Role.admin)
    page = client.get(settings_url(app)).text
    server = "http://testserver"
    expected = {
        "snippet-data": f'<script async src="{server}/widget/wegwijs.js" '
        f'data-app-key="{app.key}" data-server="{server}"></script>',
        # The stub variant is the widget's documented snippet, filled in.
        "snippet-stub": (ROOT / "widget" / "snippets" / "stub.html")
        .read_text()
        .replace("APP_KEY", app.key)
        .replace("HELP_SERVER", server),
    }
    for element_id, snippet in expected.items():
        start = page.index(f'<textarea id="{element_id}"')
        content = page[page.index(">", start) + 1 : page.index("</textarea>", start)]
        assert html.unescape(content).strip() == snippet.strip()
        assert "&lt;script" in content  # escaped in the page, never live markup
        assert f'data-copy="{element_id}"' in page
    # The data-attribute variant is the widget's documented one, plus data-server.
    documented = (ROOT / "widget" / "snippets" / "data-attributes.html").read_text()
    documented = documented.replace("HELP_SERVER", server).replace("APP_KEY", app.key)
    assert expected["snippet-data"].replace(f' data-server="{server}"', "") == documented.strip()


def test_install_check(client: TestClient, session: Session) -> None:
    app = make_app(session)
    member_signed_in(client, session, app, Role.admin)
    for url in (settings_url(app), f"/admin/apps/{app.key}"):
        page = client.get(url).text
        assert 'data-install-check="not-seen"' in page
        assert "The widget has not been seen yet." in text_of(page)

    # The widget asks for content from the host app; the sighting is written behind.
    client.post(
        f"/api/public/v1/apps/{app.key}/context",
        json={"url": f"{ORIGIN}/claims", "visitor_id": "visitor-0001"},
        headers={"Origin": ORIGIN},
    )
    client.app.state.visitors.flush()
    session.refresh(app)
    assert app.widget_seen_at is not None
    local = app.widget_seen_at.astimezone().strftime("%Y-%m-%d")
    for url in (settings_url(app), f"/admin/apps/{app.key}"):
        page = client.get(url).text
        assert 'data-install-check="seen"' in page
        shown = text_of(page)
        assert f"Widget last seen from {ORIGIN} at" in shown
        assert local[:7] in shown and "(Europe/Amsterdam)" in shown
        assert f'datetime="{app.widget_seen_at.isoformat()}"' in page
    dutch = client.get(settings_url(app), headers={"Accept-Language": "nl"}).text
    assert f"Widget het laatst gezien op {ORIGIN} om" in text_of(dutch)


def test_times_are_shown_in_the_apps_time_zone(client: TestClient, session: Session) -> None:
    app = make_app(session)
    app.timezone = "America/New_York"
    app.widget_seen_at = utcnow().replace(hour=12, minute=0, second=0, microsecond=0)
    app.widget_seen_origin = ORIGIN
    session.add(app)
    session.commit()
    member_signed_in(client, session, app, Role.admin)
    shown = text_of(client.get(settings_url(app)).text)
    assert (" 08:00 " in shown or " 07:00 " in shown) and "(America/New_York)" in shown


def test_theme_preview_is_there_for_script_to_show(client: TestClient, session: Session) -> None:
    app = make_app(session)
    member_signed_in(client, session, app, Role.admin)
    page = client.get(settings_url(app)).text
    assert '<div class="theme-preview-wrap" data-theme-preview hidden>' in page
    assert '<script src="/admin/static/theme-preview.js" defer></script>' in page
    # The preview checks values with the server's own patterns.
    assert 'data-pattern="^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$"' in page
