"""Plain helpers that build test data through the services."""

from fastapi.testclient import TestClient
from sqlmodel import Session

from wegwijs.apps.models import App, AppCreate
from wegwijs.apps.service import register_app
from wegwijs.auth import service as auth_service
from wegwijs.auth.models import Account, Role

PASSWORD = "correct horse battery staple"


def make_app(session: Session, *, name: str = "Claims", origins: list[str] | None = None) -> App:
    app_in = AppCreate(name=name, allowed_origins=origins or ["http://host.example.com"])
    return register_app(session=session, app_in=app_in)


def make_account(
    session: Session,
    email: str = "author@example.com",
    *,
    password: str = PASSWORD,
    owner: bool = False,
    app: App | None = None,
    role: Role | None = None,
) -> Account:
    account = auth_service.create_account(
        session=session, email=email, password=password, is_owner=owner
    )
    if app is not None and role is not None:
        auth_service.set_membership(session=session, account=account, app=app, role=role)
    return account


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> str:
    """Sign the test client in; returns the CSRF token for state-changing calls."""
    response = client.post("/api/v1/auth/sign-in", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return response.json()["csrf_token"]


def make_token(session: Session, app: App, role: Role, *, days: int | None = 30) -> str:
    plain, _ = auth_service.create_api_token(
        session=session, app=app, role=role, name="ci", created_by=None, expires_in_days=days
    )
    return plain
