"""Plain helpers that build test data through the services."""

from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from wegwijs.apps.models import App, AppCreate
from wegwijs.apps.service import register_app
from wegwijs.auth import service as auth_service
from wegwijs.auth.models import Account, Role
from wegwijs.content.models import Guide, GuideKind
from wegwijs.content.schemas import GuideCreate
from wegwijs.content.service import create_guide

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


# -- content ----------------------------------------------------------------------------------


def signed_in_as(
    client: TestClient, session: Session, app: App, role: Role, email: str | None = None
) -> dict[str, str]:
    """A member with `role` in `app`, signed in; returns the CSRF header for changes."""
    email = email or f"{role.value}@example.com"
    make_account(session, email, app=app, role=role)
    return {"X-CSRF-Token": sign_in(client, email)}


def step_body(
    title: str = "Open the form", body: str = "Click **New claim**.", *, locale: str = "nl"
) -> dict[str, Any]:
    """A step as the admin API takes it, anchored to a recorded element."""
    return {
        "target": {"attributes": {"data-testid": "new-claim"}, "text": "New claim"},
        "content": {locale: {"title": title, "body": body}},
    }


def make_guide(
    session: Session,
    app: App,
    *,
    kind: GuideKind = GuideKind.walkthrough,
    name: str = "Submit a claim",
    steps: int | list[dict[str, Any]] = 1,
    **fields: Any,
) -> Guide:
    """A draft guide made through the content service: `steps` titled steps, or these."""
    if isinstance(steps, int):
        steps = [step_body(f"Step {number}") for number in range(1, steps + 1)]
    body = {"kind": kind, "name": name, "steps": steps, **fields}
    return create_guide(
        session=session, app=app, guide_in=GuideCreate.model_validate(body), author=None
    )
