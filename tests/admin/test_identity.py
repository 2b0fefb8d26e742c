"""Identity verification from the settings page: secrets shown once, rotation keeps the old
secret valid until it is retired — checked with the public context API's guard."""

import re

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.admin.helpers import flash, member_signed_in, post, text_of
from tests.factories import make_app
from wegwijs.apps.models import App
from wegwijs.auth.models import Role
from wegwijs.delivery import catalog
from wegwijs.delivery.guard import identity_signature

ORIGIN = "http://host.example.com"
SECRET = re.compile(r'<textarea id="identity-secret"[^>]*>([^<]+)</textarea>')


@pytest.fixture(autouse=True)
def fresh_every_request(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers compare `content_version` at most once a second; here on every request, so
    the test sees what a worker sees a second later."""
    monkeypatch.setattr(catalog, "CHECK_INTERVAL_SECONDS", 0.0)


def identify(client: TestClient, app: App, secret: str | None) -> int:
    """What the context API says to the widget identifying "anna" signed with `secret`."""
    body = {"url": f"{ORIGIN}/", "visitor_id": "visitor-0001", "user_id": "anna"}
    if secret is not None:
        body["signature"] = identity_signature(secret, "anna")
    response = client.post(
        f"/api/public/v1/apps/{app.key}/context", json=body, headers={"Origin": ORIGIN}
    )
    return response.status_code


def shown_secret(page: str) -> str:
    match = SECRET.search(page)
    assert match, "no secret on the page"
    return match.group(1)


def test_secret_rotation(client: TestClient, session: Session) -> None:
    app = make_app(session)
    csrf = member_signed_in(client, session, app, Role.admin)
    base = f"/admin/apps/{app.key}/settings"
    page = client.get(base).text
    assert 'data-identity-state="off"' in page
    assert "No secret yet" in text_of(page)
    assert "Turn verification on" not in page  # first a secret

    first_page = post(client, f"{base}/identity/rotate", csrf)
    assert first_page.status_code == 200
    first = shown_secret(first_page.text)
    assert len(first) >= 40
    assert "it is shown only once" in text_of(first_page.text)
    assert first not in client.get(base).text  # never again
    assert identify(client, app, None) == 200  # verification is still off

    turned_on = post(client, f"{base}/identity", csrf, enabled="on")
    assert turned_on.status_code == 303
    assert flash(client.get(base).text) == ["Identity verification is on."]
    assert identify(client, app, None) == 403
    assert identify(client, app, first) == 200
    assert identify(client, app, "guessed") == 403

    # Rotation: the new secret and the old one are both valid...
    second = shown_secret(post(client, f"{base}/identity/rotate", csrf).text)
    assert second != first
    assert identify(client, app, second) == 200
    assert identify(client, app, first) == 200
    page = client.get(base).text
    assert "Two valid secrets" in text_of(page)
    # ...and a second rotation waits until the old one is retired.
    again = post(client, f"{base}/identity/rotate", csrf)
    assert again.status_code == 409
    assert "Retire the previous secret before generating another one." in text_of(again.text)
    assert identify(client, app, first) == 200

    # Retired: only the new secret is valid.
    retired = post(client, f"{base}/identity/retire", csrf)
    assert retired.status_code == 303
    assert flash(client.get(base).text) == [
        "The previous secret is retired; only the current secret is valid."
    ]
    assert identify(client, app, first) == 403
    assert identify(client, app, second) == 200

    # Off again: user ids need no signature.
    assert post(client, f"{base}/identity", csrf, enabled="off").status_code == 303
    assert identify(client, app, None) == 200
    session.refresh(app)
    assert (app.identity_secret, app.identity_secret_previous) == (second, None)


def test_verification_needs_a_secret_first(client: TestClient, session: Session) -> None:
    app = make_app(session)
    csrf = member_signed_in(client, session, app, Role.admin)
    response = post(client, f"/admin/apps/{app.key}/settings/identity", csrf, enabled="on")
    assert response.status_code == 409
    assert "Generate a secret before turning identity verification on." in text_of(response.text)
    session.refresh(app)
    assert app.identity_verification is False
    # Retiring when there is nothing to retire changes nothing.
    assert post(client, f"/admin/apps/{app.key}/settings/identity/retire", csrf).status_code == 303


def test_the_api_rotates_with_the_same_rules(client: TestClient, session: Session) -> None:
    app = make_app(session)
    csrf = {"X-CSRF-Token": member_signed_in(client, session, app, Role.admin)}
    base = f"/api/v1/apps/{app.key}"
    refused = client.patch(base, json={"identity_verification": True}, headers=csrf)
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "identity_secret_missing"
    created = client.post(f"{base}/identity-secret", headers=csrf)
    assert created.status_code == 201
    assert created.json()["previous_valid"] is False
    first = created.json()["secret"]
    assert client.patch(base, json={"identity_verification": True}, headers=csrf).json()[
        "identity_verification"
    ]
    rotated = client.post(f"{base}/identity-secret", headers=csrf).json()
    assert rotated["previous_valid"] is True
    assert identify(client, app, first) == 200
    assert identify(client, app, rotated["secret"]) == 200
    conflict = client.post(f"{base}/identity-secret", headers=csrf)
    assert conflict.status_code == 409
    assert client.delete(f"{base}/identity-secret/previous", headers=csrf).status_code == 204
    assert identify(client, app, first) == 403
    assert client.delete(f"{base}/identity-secret/previous", headers=csrf).status_code == 409
    # Secrets never appear in the app as the API shows it.
    assert rotated["secret"] not in client.get(base).text


def test_only_admins_rotate_through_the_api(client: TestClient, session: Session) -> None:
    app = make_app(session)
    csrf = {"X-CSRF-Token": member_signed_in(client, session, app, Role.author)}
    assert client.post(f"/api/v1/apps/{app.key}/identity-secret", headers=csrf).status_code == 403
