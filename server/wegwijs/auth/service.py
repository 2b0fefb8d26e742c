"""Accounts, admin sessions, API tokens and sign-in throttling."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from wegwijs.apps.models import App
from wegwijs.auth.models import (
    Account,
    AdminSession,
    ApiToken,
    Membership,
    Role,
    SignInAttempt,
)
from wegwijs.auth.passwords import hash_password, needs_rehash, verify_password
from wegwijs.db import utcnow
from wegwijs.errors import ApiError

TOKEN_PREFIX = "wgw_"
THROTTLE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_IP = 20
# Tokens are touched at most this often: "last used" is for humans, not a write per request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def digest(secret: str) -> str:
    """Tokens and session ids are random and long, so a fast hash is enough to store them."""
    return hashlib.sha256(secret.encode()).hexdigest()


def normalise_email(email: str) -> str:
    return email.strip().lower()


# -- accounts ------------------------------------------------------------------------------


def get_account_by_email(*, session: Session, email: str) -> Account | None:
    return session.exec(select(Account).where(Account.email == normalise_email(email))).first()


def create_account(
    *, session: Session, email: str, password: str, is_owner: bool = False
) -> Account:
    if get_account_by_email(session=session, email=email) is not None:
        raise ApiError(409, "account_exists", f"an account for {normalise_email(email)} exists")
    account = Account(
        email=normalise_email(email), password_hash=hash_password(password), is_owner=is_owner
    )
    session.add(account)
    session.commit()
    session.refresh(account)
    return account


def set_password(*, session: Session, account: Account, password: str) -> None:
    """Replace the password and sign the account out everywhere."""
    account.password_hash = hash_password(password)
    account.password_changed_at = utcnow()
    session.add(account)
    revoke_sessions(session=session, account_id=account.id)
    session.commit()


def memberships_of(*, session: Session, account: Account) -> list[tuple[Membership, App]]:
    statement = (
        select(Membership, App)
        .join(App, App.id == Membership.app_id)  # type: ignore[arg-type]
        .where(Membership.account_id == account.id)
        .order_by(App.name)
    )
    return list(session.exec(statement).all())


def role_in_app(*, session: Session, account: Account, app: App) -> Role | None:
    """The account's role in one app; owners administer every app."""
    if account.is_owner:
        return Role.admin
    membership = session.exec(
        select(Membership).where(Membership.account_id == account.id, Membership.app_id == app.id)
    ).first()
    return Role(membership.role) if membership else None


def set_membership(*, session: Session, account: Account, app: App, role: Role) -> Membership:
    membership = session.exec(
        select(Membership).where(Membership.account_id == account.id, Membership.app_id == app.id)
    ).first()
    assert account.id is not None and app.id is not None
    membership = membership or Membership(account_id=account.id, app_id=app.id, role=role)
    membership.role = role
    session.add(membership)
    session.commit()
    session.refresh(membership)
    return membership


# -- sign-in and throttling -----------------------------------------------------------------


@dataclass(frozen=True)
class StartedSession:
    cookie_value: str
    record: AdminSession


def sign_in(
    *, session: Session, email: str, password: str, client_ip: str, session_hours: int
) -> tuple[Account, StartedSession]:
    """Check the credentials under throttling and start a fresh session."""
    email = normalise_email(email)
    _refuse_when_throttled(session=session, email=email, client_ip=client_ip)
    account = get_account_by_email(session=session, email=email)
    password_ok = verify_password(password, account.password_hash if account else None)
    if account is None or not password_ok or not account.is_active:
        session.add(SignInAttempt(email=email, client_ip=client_ip))
        session.commit()
        raise ApiError(401, "invalid_credentials", "Email or password is incorrect.")
    session.exec(delete(SignInAttempt).where(col(SignInAttempt.email) == email))
    if needs_rehash(account.password_hash):
        account.password_hash = hash_password(password)
        session.add(account)
    started = start_session(session=session, account=account, session_hours=session_hours)
    return account, started


def _refuse_when_throttled(*, session: Session, email: str, client_ip: str) -> None:
    since = utcnow() - THROTTLE_WINDOW
    for column, value, limit in (
        (SignInAttempt.email, email, MAX_FAILURES_PER_ACCOUNT),
        (SignInAttempt.client_ip, client_ip, MAX_FAILURES_PER_IP),
    ):
        count, oldest = session.exec(
            select(func.count(), func.min(SignInAttempt.at)).where(
                column == value, SignInAttempt.at >= since
            )
        ).one()
        if count >= limit:
            retry_after = _seconds_until(oldest + THROTTLE_WINDOW)
            raise ApiError(
                429,
                "too_many_attempts",
                "Too many failed sign-ins; try again later.",
                headers={"Retry-After": str(retry_after)},
            )


def _seconds_until(moment: datetime) -> int:
    return max(1, int((moment - utcnow()).total_seconds()) + 1)


# -- sessions ---------------------------------------------------------------------------------


def start_session(*, session: Session, account: Account, session_hours: int) -> StartedSession:
    assert account.id is not None
    cookie_value = secrets.token_urlsafe(32)
    record = AdminSession(
        id=digest(cookie_value),
        account_id=account.id,
        csrf_token=secrets.token_urlsafe(32),
        expires_at=utcnow() + timedelta(hours=session_hours),
    )
    session.add(record)
    session.commit()
    return StartedSession(cookie_value=cookie_value, record=record)


def change_password(
    *, session: Session, account: Account, current: str, new: str, session_hours: int
) -> StartedSession:
    """Check the current password, set the new one, sign out every session and start a
    fresh one for the browser that made the change."""
    if not verify_password(current, account.password_hash):
        raise ApiError(403, "invalid_credentials", "The current password is incorrect.")
    set_password(session=session, account=account, password=new)
    return start_session(session=session, account=account, session_hours=session_hours)


def load_session(*, session: Session, cookie_value: str) -> tuple[AdminSession, Account] | None:
    record = session.get(AdminSession, digest(cookie_value))
    if record is None:
        return None
    if record.expires_at <= utcnow():
        session.delete(record)
        session.commit()
        return None
    account = session.get(Account, record.account_id)
    if account is None or not account.is_active:
        return None
    return record, account


def end_session(*, session: Session, cookie_value: str) -> None:
    session.exec(delete(AdminSession).where(col(AdminSession.id) == digest(cookie_value)))
    session.commit()


def revoke_sessions(*, session: Session, account_id: int | None) -> None:
    session.exec(delete(AdminSession).where(col(AdminSession.account_id) == account_id))


# -- API tokens -------------------------------------------------------------------------------


def create_api_token(
    *,
    session: Session,
    app: App,
    role: Role,
    name: str,
    created_by: Account | None,
    expires_in_days: int | None,
) -> tuple[str, ApiToken]:
    """Make a token; the plain value is returned once and only its hash is kept."""
    assert app.id is not None
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        name=name,
        token_hash=digest(plain),
        prefix=plain[: len(TOKEN_PREFIX) + 6],
        app_id=app.id,
        role=role,
        created_by_id=created_by.id if created_by else None,
        expires_at=utcnow() + timedelta(days=expires_in_days) if expires_in_days else None,
    )
    session.add(token)
    session.commit()
    session.refresh(token)
    return plain, token


def authenticate_token(*, session: Session, plain: str) -> ApiToken:
    token = session.exec(select(ApiToken).where(ApiToken.token_hash == digest(plain))).first()
    now = utcnow()
    if token is None or token.revoked_at is not None:
        raise ApiError(401, "invalid_token", "The API token is not valid.")
    if token.expires_at is not None and token.expires_at <= now:
        raise ApiError(401, "token_expired", "The API token has expired.")
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        token.last_used_at = now
        session.add(token)
        session.commit()
        session.refresh(token)
    return token


def tokens_of(*, session: Session, app: App) -> list[ApiToken]:
    """Every token of the app, revoked and expired ones too, oldest first."""
    statement = select(ApiToken).where(ApiToken.app_id == app.id).order_by(col(ApiToken.id))
    return list(session.exec(statement).all())


def get_app_token(*, session: Session, app: App, token_id: int) -> ApiToken:
    """One of the app's tokens; other apps' token ids are 404."""
    token = session.get(ApiToken, token_id)
    if token is None or token.app_id != app.id:
        raise ApiError(404, "token_not_found", "No such token in this app.")
    return token


def revoke_api_token(*, session: Session, token: ApiToken) -> None:
    token.revoked_at = utcnow()
    session.add(token)
    session.commit()
