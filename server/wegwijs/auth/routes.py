"""Sign-in, sign-out, password change and the current account."""

from fastapi import APIRouter, Request, Response, status

from wegwijs.auth import service
from wegwijs.auth.models import (
    Account,
    AccountCreate,
    AccountPublic,
    MembershipPublic,
    PasswordChange,
    SignedIn,
    SignIn,
)
from wegwijs.deps import (
    SESSION_COOKIE,
    ClientIp,
    CurrentAccount,
    CurrentOwner,
    CurrentPrincipal,
    SessionDep,
    SettingsDep,
)
from wegwijs.errors import ApiError

router = APIRouter(prefix="/api/v1", tags=["auth"])


def account_public(*, session: SessionDep, account: Account) -> AccountPublic:
    memberships = [
        MembershipPublic(app_key=app.key, app_name=app.name, role=membership.role)
        for membership, app in service.memberships_of(session=session, account=account)
    ]
    assert account.id is not None
    return AccountPublic(
        id=account.id, email=account.email, is_owner=account.is_owner, memberships=memberships
    )


def set_session_cookie(
    response: Response, settings: SettingsDep, started: service.StartedSession
) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        started.cookie_value,
        max_age=settings.session_hours * 3600,
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
        path="/",
    )


@router.post("/auth/sign-in")
def sign_in(
    body: SignIn,
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    ip: ClientIp,
) -> SignedIn:
    previous = request.cookies.get(SESSION_COOKIE)
    account, started = service.sign_in(
        session=session,
        email=body.email,
        password=body.password,
        client_ip=ip,
        session_hours=settings.session_hours,
    )
    # A fresh id at every sign-in: a session id planted before sign-in is worthless after.
    if previous:
        service.end_session(session=session, cookie_value=previous)
    set_session_cookie(response, settings, started)
    return SignedIn(
        account=account_public(session=session, account=account),
        csrf_token=started.record.csrf_token,
    )


@router.post("/auth/sign-out", status_code=status.HTTP_204_NO_CONTENT)
def sign_out(request: Request, principal: CurrentPrincipal, session: SessionDep) -> Response:
    cookie = request.cookies.get(SESSION_COOKIE)
    if principal.admin_session is None or cookie is None:
        raise ApiError(400, "not_a_session", "Only a signed-in browser can sign out.")
    service.end_session(session=session, cookie_value=cookie)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/auth/me")
def me(principal: CurrentPrincipal, account: CurrentAccount, session: SessionDep) -> SignedIn:
    assert principal.admin_session is not None
    return SignedIn(
        account=account_public(session=session, account=account),
        csrf_token=principal.admin_session.csrf_token,
    )


@router.post("/auth/password")
def change_password(
    body: PasswordChange,
    response: Response,
    account: CurrentAccount,
    session: SessionDep,
    settings: SettingsDep,
) -> SignedIn:
    """Change the password, sign out every other session and continue in a fresh one."""
    started = service.change_password(
        session=session,
        account=account,
        current=body.current_password,
        new=body.new_password,
        session_hours=settings.session_hours,
    )
    set_session_cookie(response, settings, started)
    return SignedIn(
        account=account_public(session=session, account=account),
        csrf_token=started.record.csrf_token,
    )


@router.post("/accounts", status_code=status.HTTP_201_CREATED)
def create_account(body: AccountCreate, _owner: CurrentOwner, session: SessionDep) -> AccountPublic:
    account = service.create_account(
        session=session, email=body.email, password=body.password, is_owner=body.is_owner
    )
    return account_public(session=session, account=account)
