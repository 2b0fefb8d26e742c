"""Dutch and English: chosen by the switch, else the browser; every string in both."""

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.admin.helpers import member_signed_in, text_of
from tests.factories import make_app, make_guide
from wegwijs.admin import i18n
from wegwijs.admin.pages import TEMPLATES_DIR
from wegwijs.auth.models import Role

ADMIN_SOURCE = Path(i18n.__file__).parent
KEY_IN_TEMPLATE = re.compile(r"""\bt\(\s*["']([a-z0-9_.]+)["']""")
KEY_IN_CODE = re.compile(
    r"""["']((?:error|flash|sign_in|password|identity|members|tokens|"""
    r"""settings|apps|home|guides|theme|install|nav|layout|form|copy|editor|step|steps|"""
    r"""record|host|pick|preview|publish|history|diff|locale)"""
    r"""\.[a-z0-9_.]+)["']"""
)


def test_every_message_has_both_languages() -> None:
    for key, texts in i18n.MESSAGES.items():
        assert set(texts) == set(i18n.LANGUAGES), key
        assert all(text.strip() for text in texts.values()), key
        # The same placeholders in both languages.
        names = {lang: set(re.findall(r"{(\w+)}", text)) for lang, text in texts.items()}
        assert names["en"] == names["nl"], key


def test_every_key_used_exists() -> None:
    used = set()
    for template in TEMPLATES_DIR.rglob("*.html"):
        used |= set(KEY_IN_TEMPLATE.findall(template.read_text()))
    for module in ADMIN_SOURCE.rglob("*.py"):
        used |= set(KEY_IN_CODE.findall(module.read_text()))
    used = {key for key in used if not key.endswith((".", ".html"))}
    missing = sorted(key for key in used if key not in i18n.MESSAGES)
    assert not missing, missing
    # Keys built from values: each value has its message.
    for prefix, values in {
        "role.": ("admin", "author", "analyst"),
        "status.": ("draft", "published", "archived"),
        "kind.": ("walkthrough", "tip", "announcement", "checklist"),
        "tokens.state.": ("active", "expired", "revoked"),
        "layout.language_switch.": i18n.LANGUAGES,
    }.items():
        for value in values:
            assert prefix + value in i18n.MESSAGES


@pytest.mark.parametrize(
    ("header", "language"),
    [
        (None, "en"),
        ("nl", "nl"),
        ("nl-NL,nl;q=0.9,en;q=0.8", "nl"),
        ("en-GB,en;q=0.9,nl;q=0.8", "en"),
        ("de-DE,de;q=0.9,nl;q=0.7,en;q=0.5", "nl"),
        ("fr", "en"),
        ("en;q=0.2, nl-BE;q=0.6", "nl"),
        ("nl;q=abc, en", "en"),
        ("*", "en"),
    ],
)
def test_language_from_accept_language(header: str | None, language: str) -> None:
    assert i18n.from_accept_language(header) == language


def test_pages_follow_the_browser_and_the_switch(client: TestClient, session: Session) -> None:
    app = make_app(session)
    make_guide(session, app)
    member_signed_in(client, session, app, Role.admin)
    url = f"/admin/apps/{app.key}/settings"

    dutch = client.get(url, headers={"Accept-Language": "nl-NL,nl;q=0.9"}).text
    assert '<html lang="nl">' in dutch
    assert "Instellingen opslaan" in dutch and "Identiteitscontrole" in dutch
    assert "Save settings" not in dutch
    english = client.get(url, headers={"Accept-Language": "en-US"}).text
    assert '<html lang="en">' in english
    assert "Save settings" in english and "Instellingen opslaan" not in english
    # The switch names the other language and comes back to this page.
    assert 'href="/admin/language?lang=nl&amp;next=%2Fadmin%2Fapps%2F' in english

    switched = client.get(
        "/admin/language", params={"lang": "nl", "next": url}, follow_redirects=False
    )
    assert switched.status_code == 303 and switched.headers["location"] == url
    # The choice beats the browser's preference from now on.
    chosen = client.get(url, headers={"Accept-Language": "en"}).text
    assert '<html lang="nl">' in chosen
    guides = client.get(f"/admin/apps/{app.key}/guides", headers={"Accept-Language": "en"})
    assert "Stappenplan" in text_of(guides.text) and "Concept" in text_of(guides.text)
    # An unknown language is ignored; a foreign next is not followed.
    odd = client.get(
        "/admin/language",
        params={"lang": "xx", "next": "https://evil.example"},
        follow_redirects=False,
    )
    assert odd.headers["location"] == "/admin/apps"
    assert '<html lang="nl">' in client.get(url).text


def test_error_pages_and_sign_in_are_translated(client: TestClient, session: Session) -> None:
    page = client.get("/admin/sign-in", headers={"Accept-Language": "nl"})
    assert "Aanmelden" in page.text and "E-mailadres" in page.text
    other = make_app(session, name="Other")
    app = make_app(session)
    member_signed_in(client, session, app, Role.analyst)
    refused = client.get(f"/admin/apps/{other.key}", headers={"Accept-Language": "nl"})
    assert refused.status_code == 403
    assert "Uw account heeft geen toegang tot deze pagina." in text_of(refused.text)
