"""Sign-in, sessions, CSRF, throttling and API tokens."""

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from tests.factories import PASSWORD, make_account, make_app, make_token, sign_in
from wegwijs.auth.models import AdminSession, ApiToken, Role
from wegwijs.auth.service import MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_IP
from wegwijs.db import utcnow
from wegwijs.deps import SESSION_COOKIE


def test_sign_in_sets_an_httponly_lax_cookie(client: TestClient, session: Session) -> None:
    make_account(session, "anna@example.com")
    response = client.post(
        "/api/v1/auth/sign-in", json={"email": "Anna@Example.com", "password": PASSWORD}
    )
    assert response.status_code == 200
    cookie = response.headers["set-cookie"]
    assert f"{SESSION_COOKIE}=" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Secure" not in cookie  # public URL is http in tests
    body = response.json()
    assert body["account"]["email"] == "anna@example.com"
    assert len(body["csrf_token"]) >= 32
    assert client.get("/api/v1/auth/me").json()["account"]["email"] == "anna@example.com"


def test_wrong_password_and_unknown_email_look_the_same(
    client: TestClient, session: Session
) -> None:
    make_account(session, "anna@example.com")
    wrong = client.post(
        "/api/v1/auth/sign-in", json={"email": "anna@example.com", "password": "nope"}
    )
    unknown = client.post(
        "/api/v1/auth/sign-in", json={"email": "nobody@example.com", "password": "nope"}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["error"]["code"] == "invalid_credentials"


def test_inactive_account_cannot_sign_in(client: TestClient, session: Session) -> None:
    account = make_account(session, "gone@example.com")
    account.is_active = False
    session.add(account)
    session.commit()
    response = client.post(
        "/api/v1/auth/sign-in", json={"email": "gone@example.com", "password": PASSWORD}
    )
    assert response.status_code == 401


def test_sign_in_is_throttled_per_account(client: TestClient, session: Session) -> None:
    make_account(session, "anna@example.com")
    for _ in range(MAX_FAILURES_PER_ACCOUNT):
        bad = {"email": "anna@example.com", "password": "guess"}
        assert client.post("/api/v1/auth/sign-in", json=bad).status_code == 401
    # Even the right password is refused while throttled: guessing must not pay off.
    good = {"email": "anna@example.com", "password": PASSWORD}
    response = client.post("/api/v1/auth/sign-in", json=good)
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "too_many_attempts"
    assert 1 <= int(response.headers["retry-after"]) <= 15 * 60 + 1


def test_sign_in_is_throttled_per_client_ip(client: TestClient, session: Session) -> None:
    make_account(session, "anna@example.com")
    for number in range(MAX_FAILURES_PER_IP):
        bad = {"email": f"guess{number}@example.com", "password": "guess"}
        assert client.post("/api/v1/auth/sign-in", json=bad).status_code == 401
    good = {"email": "anna@example.com", "password": PASSWORD}
    assert client.post("/api/v1/auth/sign-in", json=good).status_code == 429


def test_forwarded_for_counts_only_from_trusted_proxies(engine, settings, session: Session) -> None:
    """Behind a trusted proxy each real client has its own budget; others cannot spoof one."""
    from wegwijs.main import create_app

    make_account(session, "anna@example.com")
    trusted = settings.model_copy(update={"forwarded_allow_ips": "testclient"})
    with TestClient(create_app(trusted, engine=engine)) as proxied:
        for number in range(MAX_FAILURES_PER_IP):
            bad = {"email": f"g{number}@example.com", "password": "guess"}
            headers = {"X-Forwarded-For": "203.0.113.7"}
            assert (
                proxied.post("/api/v1/auth/sign-in", json=bad, headers=headers).status_code == 401
            )
        good = {"email": "anna@example.com", "password": PASSWORD}
        other_client = {"X-Forwarded-For": "198.51.100.9"}
        assert (
            proxied.post("/api/v1/auth/sign-in", json=good, headers=other_client).status_code == 200
        )
    with TestClient(create_app(settings, engine=engine)) as direct:
        # Not a trusted proxy: the header is ignored, so it cannot dodge the IP throttle.
        for number in range(MAX_FAILURES_PER_IP):
            bad = {"email": f"h{number}@example.com", "password": "guess"}
            spoofed = {"X-Forwarded-For": f"192.0.2.{number}"}
            direct.post("/api/v1/auth/sign-in", json=bad, headers=spoofed)
        good = {"email": "anna@example.com", "password": PASSWORD}
        assert direct.post("/api/v1/auth/sign-in", json=good).status_code == 429


def test_sign_in_rotates_the_session(client: TestClient, session: Session) -> None:
    make_account(session, "anna@example.com")
    sign_in(client, "anna@example.com")
    first = client.cookies[SESSION_COOKIE]
    sign_in(client, "anna@example.com")
    second = client.cookies[SESSION_COOKIE]
    assert first != second
    # The old session id is gone from the server, not merely replaced in this browser.
    client.cookies.clear()
    client.cookies.set(SESSION_COOKIE, first)
    assert client.get("/api/v1/auth/me").status_code == 401
    assert len(session.exec(select(AdminSession)).all()) == 1


def test_sign_out_revokes_the_session(client: TestClient, session: Session) -> None:
    make_account(session, "anna@example.com")
    csrf = sign_in(client, "anna@example.com")
    cookie = client.cookies[SESSION_COOKIE]
    response = client.post("/api/v1/auth/sign-out", headers={"X-CSRF-Token": csrf})
    assert response.status_code == 204
    client.cookies.clear()
    client.cookies.set(SESSION_COOKIE, cookie)  # a copied cookie is worthless now
    assert client.get("/api/v1/auth/me").status_code == 401


def test_password_change_revokes_other_sessions(
    client: TestClient, session: Session, engine, settings
) -> None:
    from wegwijs.main import create_app

    make_account(session, "anna@example.com")
    with TestClient(create_app(settings, engine=engine)) as laptop:
        sign_in(laptop, "anna@example.com")
        csrf = sign_in(client, "anna@example.com")
        body = {"current_password": PASSWORD, "new_password": "a brand new passphrase"}
        response = client.post("/api/v1/auth/password", json=body, headers={"X-CSRF-Token": csrf})
        assert response.status_code == 200
        assert laptop.get("/api/v1/auth/me").status_code == 401
    assert client.get("/api/v1/auth/me").status_code == 200  # continues in a fresh session
    fresh = {"email": "anna@example.com", "password": "a brand new passphrase"}
    assert client.post("/api/v1/auth/sign-in", json=fresh).status_code == 200


def test_password_change_needs_the_current_password(client: TestClient, session: Session) -> None:
    make_account(session, "anna@example.com")
    csrf = sign_in(client, "anna@example.com")
    body = {"current_password": "wrong", "new_password": "a brand new passphrase"}
    response = client.post("/api/v1/auth/password", json=body, headers={"X-CSRF-Token": csrf})
    assert response.status_code == 403


def test_expired_session_is_refused(client: TestClient, session: Session) -> None:
    make_account(session, "anna@example.com")
    sign_in(client, "anna@example.com")
    record = session.exec(select(AdminSession)).one()
    record.expires_at = utcnow() - timedelta(seconds=1)
    session.add(record)
    session.commit()
    assert client.get("/api/v1/auth/me").status_code == 401


def test_cookie_requests_that_change_state_need_the_csrf_token(
    client: TestClient, session: Session
) -> None:
    app = make_app(session)
    make_account(session, "anna@example.com", app=app, role=Role.admin)
    csrf = sign_in(client, "anna@example.com")
    path = f"/api/v1/apps/{app.key}"
    missing = client.patch(path, json={"name": "Renamed"})
    assert missing.status_code == 403
    assert missing.json()["error"]["code"] == "csrf_failed"
    wrong = client.patch(path, json={"name": "Renamed"}, headers={"X-CSRF-Token": "x" + csrf})
    assert wrong.status_code == 403
    ok = client.patch(path, json={"name": "Renamed"}, headers={"X-CSRF-Token": csrf})
    assert ok.status_code == 200
    assert ok.json()["name"] == "Renamed"


def test_api_token_authenticates_without_csrf(client: TestClient, session: Session) -> None:
    app = make_app(session)
    token = make_token(session, app, Role.admin)
    response = client.patch(
        f"/api/v1/apps/{app.key}",
        json={"name": "Via token"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200
    stored = session.exec(select(ApiToken)).one()
    session.refresh(stored)
    assert stored.last_used_at is not None
    assert stored.token_hash != token  # only the hash is kept


def test_expired_revoked_and_forged_tokens_are_refused(
    client: TestClient, session: Session
) -> None:
    app = make_app(session)
    expired = make_token(session, app, Role.admin, days=1)
    row = session.exec(select(ApiToken)).one()
    row.expires_at = utcnow() - timedelta(minutes=1)
    session.add(row)
    session.commit()
    path = f"/api/v1/apps/{app.key}"
    response = client.get(path, headers={"Authorization": f"Bearer {expired}"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "token_expired"
    assert client.get(path, headers={"Authorization": "Bearer wgw_forged"}).status_code == 401
    assert client.get(path, headers={"Authorization": "Basic abc"}).status_code == 401


def test_revoked_token_is_refused(client: TestClient, session: Session) -> None:
    app = make_app(session)
    admin_token = make_token(session, app, Role.admin)
    victim = make_token(session, app, Role.author)
    headers = {"Authorization": f"Bearer {admin_token}"}
    tokens = client.get(f"/api/v1/apps/{app.key}/tokens", headers=headers).json()["data"]
    victim_id = next(t["id"] for t in tokens if t["role"] == "author")
    revoke = client.delete(f"/api/v1/apps/{app.key}/tokens/{victim_id}", headers=headers)
    assert revoke.status_code == 204
    response = client.get(f"/api/v1/apps/{app.key}", headers={"Authorization": f"Bearer {victim}"})
    assert response.status_code == 401


def test_token_created_through_the_api_is_shown_once(client: TestClient, session: Session) -> None:
    app = make_app(session)
    make_account(session, "admin@example.com", app=app, role=Role.admin)
    csrf = sign_in(client, "admin@example.com")
    created = client.post(
        f"/api/v1/apps/{app.key}/tokens",
        json={"name": "release pipeline", "role": "author", "expires_in_days": 30},
        headers={"X-CSRF-Token": csrf},
    )
    assert created.status_code == 201
    plain = created.json()["token"]
    listed = client.get(f"/api/v1/apps/{app.key}/tokens").json()["data"]
    assert all("token" not in item for item in listed)
    assert listed[0]["prefix"] == plain[: len(listed[0]["prefix"])]
    me = client.get(f"/api/v1/apps/{app.key}", headers={"Authorization": f"Bearer {plain}"})
    assert me.status_code == 200


def test_cookie_is_secure_behind_an_https_public_url(engine, settings, session: Session) -> None:
    from wegwijs.main import create_app

    make_account(session, "anna@example.com")
    https = settings.model_copy(update={"public_url": "https://help.example.com"})
    with TestClient(create_app(https, engine=engine), base_url="https://testserver") as client:
        body = {"email": "anna@example.com", "password": PASSWORD}
        response = client.post("/api/v1/auth/sign-in", json=body)
    assert response.status_code == 200
    assert "Secure" in response.headers["set-cookie"]
