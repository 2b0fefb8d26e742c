"""Record tokens: what lets the recorder in the host app save a draft for one author.

The admin hands the token to the host-app window by `postMessage`; it never travels in a
URL. It names the app, the author and, for pick mode, the one guide and step it may change.
"""

from dataclasses import dataclass

from sqlmodel import Session

from wegwijs.apps.models import App
from wegwijs.auth.models import Account, Role
from wegwijs.auth.service import role_in_app
from wegwijs.signing import SignedTokenError, issue_token, read_token

RECORD_TTL_SECONDS = 60 * 60
_PURPOSE = "record"


@dataclass(frozen=True)
class RecordGrant:
    app_id: int
    account_id: int
    guide_id: int | None
    """Pick mode: the guide whose step (or element) the author re-picks."""
    step_id: str | None
    expires_at: int


def issue_record_token(
    *,
    secret_key: str,
    app_id: int,
    account_id: int,
    guide_id: int | None = None,
    step_id: str | None = None,
    now: float | None = None,
) -> tuple[str, int]:
    body = {"a": app_id, "u": account_id, "g": guide_id, "s": step_id}
    return issue_token(
        secret_key=secret_key, purpose=_PURPOSE, body=body, ttl_seconds=RECORD_TTL_SECONDS, now=now
    )


def read_record_token(
    *, session: Session, secret_key: str, token: str, app: App, now: float | None = None
) -> tuple[RecordGrant, Account]:
    """The grant and its author, who must still be an author or admin of this very app."""
    body = read_token(secret_key=secret_key, purpose=_PURPOSE, token=token, now=now)
    grant = RecordGrant(
        app_id=body["a"],
        account_id=body["u"],
        guide_id=body["g"],
        step_id=body["s"],
        expires_at=body["exp"],
    )
    if grant.app_id != app.id:
        raise SignedTokenError("invalid_record_token", "This record token is for another app.")
    account = session.get(Account, grant.account_id)
    role = role_in_app(session=session, account=account, app=app) if account else None
    if account is None or not account.is_active or role not in (Role.admin, Role.author):
        raise SignedTokenError("invalid_record_token", "The record token's author has no access.")
    return grant, account
