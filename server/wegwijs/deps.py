"""Request dependencies, as `Annotated` aliases in one place."""

import hmac
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.engine import Engine
from sqlmodel import Session

from wegwijs.apps.models import App
from wegwijs.apps.service import get_app_by_key
from wegwijs.auth.models import Account, AdminSession, ApiToken, Role
from wegwijs.auth.service import authenticate_token, load_session, role_in_app
from wegwijs.config import Settings
from wegwijs.errors import ApiError

SESSION_COOKIE = "wegwijs_session"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_engine(request: Request) -> Engine:
    return request.app.state.engine


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_db(request: Request) -> Iterator[Session]:
    with Session(get_engine(request)) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_db)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def client_ip(request: Request) -> str:
    """The client address; ProxyHeadersMiddleware already applied trusted proxies only."""
    return request.client.host if request.client else "unknown"


ClientIp = Annotated[str, Depends(client_ip)]


@dataclass(frozen=True)
class Principal:
    """Who is calling: a signed-in account (cookie) or an API token."""

    account: Account | None
    admin_session: AdminSession | None = None
    token: ApiToken | None = None


def get_principal(request: Request, session: SessionDep) -> Principal:
    authorization = request.headers.get("authorization", "")
    if authorization:
        scheme, _, value = authorization.partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise ApiError(401, "invalid_token", "Use 'Authorization: Bearer <token>'.")
        token = authenticate_token(session=session, plain=value.strip())
        return Principal(account=None, token=token)
    cookie = request.cookies.get(SESSION_COOKIE)
    loaded = load_session(session=session, cookie_value=cookie) if cookie else None
    if loaded is None:
        raise ApiError(401, "not_signed_in", "Sign in first.")
    admin_session, account = loaded
    if request.method not in SAFE_METHODS:
        _check_csrf(request, admin_session)
    return Principal(account=account, admin_session=admin_session)


def _check_csrf(request: Request, admin_session: AdminSession) -> None:
    """Cookies travel with cross-site requests; the CSRF token only with our own pages."""
    sent = request.headers.get(CSRF_HEADER, "")
    if not sent or not hmac.compare_digest(sent, admin_session.csrf_token):
        raise ApiError(403, "csrf_failed", "Missing or wrong CSRF token; reload the page.")


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]


def get_current_account(principal: CurrentPrincipal) -> Account:
    """Account-only routes (password, accounts): API tokens act for an app, not a person."""
    if principal.account is None:
        raise ApiError(403, "account_required", "This needs a signed-in account, not a token.")
    return principal.account


CurrentAccount = Annotated[Account, Depends(get_current_account)]


def get_current_owner(account: CurrentAccount) -> Account:
    if not account.is_owner:
        raise ApiError(403, "forbidden", "Only instance owners can do this.")
    return account


CurrentOwner = Annotated[Account, Depends(get_current_owner)]


@dataclass(frozen=True)
class AppAccess:
    """The app named in the path, and the caller's role in it."""

    app: App
    role: Role
    principal: Principal


def app_access(*, session: Session, app_key: str, principal: Principal) -> AppAccess:
    """The app behind a key and the caller's role in it: 404 without the app, 403 without a
    role. The admin pages call this too, so both see the same rules."""
    app = get_app_by_key(session=session, key=app_key)
    if app is None:
        raise ApiError(404, "app_not_found", f"No app with key {app_key!r}.")
    role = _role_for(principal=principal, app=app, session=session)
    if role is None:
        raise ApiError(403, "forbidden", "You have no role in this app.")
    return AppAccess(app=app, role=role, principal=principal)


def get_app_access(app_key: str, principal: CurrentPrincipal, session: SessionDep) -> AppAccess:
    return app_access(session=session, app_key=app_key, principal=principal)


def _role_for(*, principal: Principal, app: App, session: Session) -> Role | None:
    if principal.token is not None:
        return Role(principal.token.role) if principal.token.app_id == app.id else None
    assert principal.account is not None
    return role_in_app(session=session, account=principal.account, app=app)


def check_role(access: AppAccess, roles: Sequence[Role]) -> AppAccess:
    if access.role not in roles:
        wanted = " or ".join(role.value for role in roles)
        raise ApiError(403, "forbidden", f"This needs the {wanted} role in this app.")
    return access


def requires(*roles: Role) -> Callable[[AppAccess], AppAccess]:
    """A dependency that lets through only the given roles in the path's app."""

    def check(access: Annotated[AppAccess, Depends(get_app_access)]) -> AppAccess:
        return check_role(access, roles)

    return check


# Who may do what in an app; the admin pages use the same tuples.
ADMIN_ROLES = (Role.admin,)
AUTHOR_ROLES = (Role.admin, Role.author)
ANALYST_ROLES = (Role.admin, Role.analyst)
MEMBER_ROLES = tuple(Role)

AppMember = Annotated[AppAccess, Depends(get_app_access)]
AppAdmin = Annotated[AppAccess, Depends(requires(*ADMIN_ROLES))]
AppAuthor = Annotated[AppAccess, Depends(requires(*AUTHOR_ROLES))]
AppAnalyst = Annotated[AppAccess, Depends(requires(*ANALYST_ROLES))]
