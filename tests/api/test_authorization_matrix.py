"""Every admin API route × every kind of caller: who gets in is decided by the route's
declared dependency, and nobody reaches another app's data.

The routes are read from the application itself, so a new route is in the matrix the day
it is added. Its required role comes from its dependency (`AppMember`, `AppAuthor`,
`AppAnalyst`, `AppAdmin`, `CurrentAccount`, `CurrentOwner`); each caller gets a fresh
world (two apps, a published guide, a token, members) so that one caller's successful
change never decides the next caller's answer.
"""

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from tests.factories import make_account, make_app, make_guide, make_token, sign_in
from wegwijs.auth.models import ApiToken, Role
from wegwijs.content.service import describe_guide, publish_guide
from wegwijs.deps import get_app_access, get_current_account, get_current_owner, get_principal
from wegwijs.main import create_app

_counter = itertools.count()


@dataclass(frozen=True)
class Need:
    """What a route asks of its caller."""

    roles: frozenset[Role] | None
    """App roles let in; None: the route is not about one app."""
    account: bool
    """Only a signed-in person, never an API token."""
    owner: bool


def _calls(dependant: Any) -> list[Any]:
    found = [dependant.call]
    for sub in dependant.dependencies:
        found.extend(_calls(sub))
    return found


def _roles_of(call: Callable[..., Any]) -> frozenset[Role] | None:
    for cell in getattr(call, "__closure__", None) or ():
        value = cell.cell_contents
        if isinstance(value, tuple) and value and all(isinstance(r, Role) for r in value):
            return frozenset(value)
    return None


def need_of(route: APIRoute) -> Need | None:
    calls = _calls(route.dependant)
    if get_principal not in calls:
        return None  # public (health, sign-in): not part of the matrix
    roles = next((r for r in map(_roles_of, calls) if r is not None), None)
    if roles is None and get_app_access in calls:
        roles = frozenset(Role)
    return Need(
        roles=roles,
        account=get_current_account in calls,
        owner=get_current_owner in calls,
    )


def api_routes() -> list[tuple[str, str, Need]]:
    """(method, path, need) of every admin API route, included routers and all."""
    found = []
    for context in iter_route_contexts(create_app().routes):
        route = getattr(context, "original_route", context)
        if not isinstance(route, APIRoute) or not context.path.startswith("/api/v1/"):
            continue
        need = need_of(route)
        if need is not None:
            found += [(method, context.path, need) for method in route.methods - {"HEAD"}]
    return sorted(found, key=lambda item: (item[1], item[0]))


ROUTES = api_routes()

CALLERS = [
    "signed_out",
    "owner",
    "admin",
    "author",
    "analyst",
    "author_of_other_app",
    "admin_token",
    "author_token",
    "analyst_token",
    "other_app_token",
]


@dataclass
class World:
    app_key: str
    path_params: dict[str, Any]
    headers: dict[str, str]


def build_world(client: TestClient, session: Session, caller: str) -> World:
    """Two apps and one caller, fresh: emails are unique per world."""
    n = next(_counter)
    app = make_app(session, name=f"A{n}")
    other = make_app(session, name=f"B{n}")
    guide = make_guide(session, app, steps=2)
    publish_guide(session=session, app=app, guide=guide, author=None)
    step_id = describe_guide(session=session, guide=guide).steps[0].id
    analyst = make_account(session, f"analyst{n}@example.com", app=app, role=Role.analyst)
    make_token(session, app, Role.analyst)

    token_id = session.exec(select(ApiToken.id).where(ApiToken.app_id == app.id)).first()
    params = {
        "app_key": app.key,
        "guide_id": guide.id,
        "step_id": step_id,
        "number": 1,
        "token_id": token_id,
        "account_id": analyst.id,
        "table": "days",
    }
    headers: dict[str, str] = {}
    roles = {"owner": None, "admin": Role.admin, "author": Role.author, "analyst": Role.analyst}
    if caller in roles:
        email = f"{caller}{n}@example.com"
        if caller == "owner":
            make_account(session, email, owner=True)
        elif caller != "analyst":
            make_account(session, email, app=app, role=roles[caller])
        else:
            email = f"analyst{n}@example.com"
        headers["X-CSRF-Token"] = sign_in(client, email)
    elif caller == "author_of_other_app":
        make_account(session, f"other{n}@example.com", app=other, role=Role.author)
        headers["X-CSRF-Token"] = sign_in(client, f"other{n}@example.com")
    elif caller.endswith("_token"):
        own = caller != "other_app_token"
        role = Role(caller.removesuffix("_token")) if own else Role.admin
        plain = make_token(session, app if own else other, role)
        headers["Authorization"] = f"Bearer {plain}"
    return World(app.key, params, headers)


def expected(need: Need, caller: str) -> str:
    """ "in" (anything but 401/403), or the exact refusal status."""
    if caller == "signed_out":
        return "401"
    is_token = caller.endswith("_token")
    if need.owner:
        return "in" if caller == "owner" else "403"
    if need.account and is_token:
        return "403"
    if need.roles is None:
        return "in"
    if caller in ("author_of_other_app", "other_app_token"):
        return "403"
    role = Role.admin if caller == "owner" else Role(caller.removesuffix("_token"))
    return "in" if role in need.roles else "403"


def test_the_matrix_covers_the_admin_api() -> None:
    paths = {path for _, path, _ in ROUTES}
    assert len(ROUTES) >= 30, ROUTES
    assert "/api/v1/apps/{app_key}/guides/{guide_id}/publish" in paths


@pytest.mark.parametrize(("method", "path", "need"), ROUTES, ids=[f"{m} {p}" for m, p, _ in ROUTES])
def test_route_admits_exactly_its_roles(
    client: TestClient, session: Session, method: str, path: str, need: Need
) -> None:
    outcomes = {}
    for caller in CALLERS:
        client.cookies.clear()
        world = build_world(client, session, caller)
        if caller == "signed_out":
            client.cookies.clear()
        url = path.format(**world.path_params)
        body = {} if method in ("POST", "PUT", "PATCH") else None
        response = client.request(method, url, json=body, headers=world.headers)
        want = expected(need, caller)
        got = response.status_code
        ok = got not in (401, 403) if want == "in" else str(got) == want
        outcomes[caller] = (want, got, ok)
        if got >= 500:
            outcomes[caller] = (want, got, False)
    failures = {caller: o for caller, o in outcomes.items() if not o[2]}
    assert failures == {}, failures


CHANGES = [(m, p, n) for m, p, n in ROUTES if m in ("POST", "PUT", "PATCH", "DELETE")]


@pytest.mark.parametrize(
    ("method", "path", "need"), CHANGES, ids=[f"{m} {p}" for m, p, _ in CHANGES]
)
def test_a_change_without_the_csrf_token_is_refused(
    client: TestClient, session: Session, method: str, path: str, need: Need
) -> None:
    """A signed-in browser's cookie travels with cross-site requests; the token does not."""
    client.cookies.clear()
    world = build_world(client, session, "owner")
    url = path.format(**world.path_params)
    body = {} if method != "DELETE" else None
    response = client.request(method, url, json=body)  # the session cookie, no CSRF header
    assert response.status_code == 403, response.text
    assert response.json()["error"]["code"] == "csrf_failed"
    forged = client.request(method, url, json=body, headers={"X-CSRF-Token": "forged"})
    assert forged.status_code == 403
