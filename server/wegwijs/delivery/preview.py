"""Short-lived signed preview tokens: an author sees their draft in the real host app."""

from dataclasses import dataclass

from sqlmodel import Session, col, select

from wegwijs.apps.models import App
from wegwijs.auth.models import Account, Role
from wegwijs.auth.service import role_in_app
from wegwijs.content.models import Guide, GuideStatus
from wegwijs.content.snapshot import draft_snapshot
from wegwijs.delivery.catalog import PublishedGuide, compile_guide
from wegwijs.signing import SignedTokenError, issue_token, read_token

PREVIEW_TTL_SECONDS = 15 * 60
_PURPOSE = "preview"


class PreviewTokenError(SignedTokenError):
    """The token is malformed, forged or expired; the message says which."""


@dataclass(frozen=True)
class PreviewGrant:
    app_id: int
    account_id: int
    guide_id: int | None
    """None previews every draft in the app."""
    expires_at: int


def issue_preview_token(
    *, secret_key: str, app_id: int, account_id: int, guide_id: int | None, now: float | None = None
) -> tuple[str, int]:
    body = {"a": app_id, "u": account_id, "g": guide_id}
    return issue_token(
        secret_key=secret_key, purpose=_PURPOSE, body=body, ttl_seconds=PREVIEW_TTL_SECONDS, now=now
    )


def read_preview_token(*, secret_key: str, token: str, now: float | None = None) -> PreviewGrant:
    try:
        body = read_token(secret_key=secret_key, purpose=_PURPOSE, token=token, now=now)
    except SignedTokenError as exc:
        raise PreviewTokenError(exc.code, str(exc)) from exc
    return PreviewGrant(
        app_id=body["a"], account_id=body["u"], guide_id=body["g"], expires_at=body["exp"]
    )


def preview_guides(
    *, session: Session, secret_key: str, app_id: int, token: str
) -> dict[int, PublishedGuide]:
    """An author's drafts, compiled like published guides, for this author's browser only.

    The token must be for this app, and its author must still be an author or admin there:
    revoking a membership ends that person's previews at once.
    """
    grant = read_preview_token(secret_key=secret_key, token=token)
    if grant.app_id != app_id:
        raise PreviewTokenError("invalid_preview_token", "This preview token is for another app.")
    account = session.get(Account, grant.account_id)
    app = session.get(App, app_id)
    role = role_in_app(session=session, account=account, app=app) if account and app else None
    if account is None or not account.is_active or role not in (Role.admin, Role.author):
        raise PreviewTokenError(
            "invalid_preview_token", "The preview token's author has no access."
        )
    statement = select(Guide).where(
        Guide.app_id == app_id, col(Guide.status) != GuideStatus.archived
    )
    if grant.guide_id is not None:
        statement = statement.where(Guide.id == grant.guide_id)
    return {
        guide.id: compile_guide(draft_snapshot(session=session, guide=guide))
        for guide in session.exec(statement).all()
        if guide.id is not None
    }
