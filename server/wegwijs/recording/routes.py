"""Record tokens for authors (admin API), and the two endpoints the recorder posts to.

The recorder runs inside the host app, on the host's origin: its endpoints sit beside the
widget's public API (same origin checks and CORS), but they write, so they are authorised
by the record token in the body, never by the public app key alone.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel
from sqlmodel import Session
from starlette.responses import Response

from wegwijs.apps.models import App
from wegwijs.auth.models import Account
from wegwijs.content.models import Guide
from wegwijs.content.service import get_guide, get_step
from wegwijs.delivery.guard import (
    app_view_for,
    check_app_limit,
    check_client_limit,
    cors_headers,
    dumps,
    parse_payload,
    read_body,
)
from wegwijs.deps import AppAuthor, CurrentAccount, SessionDep
from wegwijs.errors import ApiError
from wegwijs.recording.schemas import PickIn, RecorderPayload, RecordingIn
from wegwijs.recording.service import save_pick, save_recording
from wegwijs.recording.tokens import RecordGrant, issue_record_token, read_record_token
from wegwijs.signing import SignedTokenError

RECORDING_BODY_LIMIT = 256 * 1024
"""Fifty steps with their target bundles (at most 8 KB each) fit comfortably."""

router = APIRouter(prefix="/api/v1/apps/{app_key}", tags=["recording"])


class RecordTokenIn(BaseModel):
    guide_id: int | None = None
    """Pick mode: the guide whose element is re-picked; left out to record a new walkthrough."""
    step_id: str | None = None


@router.post("/record-token")
def create_record_token(
    access: AppAuthor,
    account: CurrentAccount,
    request: Request,
    session: SessionDep,
    body: RecordTokenIn | None = None,
) -> dict[str, Any]:
    """A short-lived token that lets the recorder in the host app save for this author (a
    signed-in person, never an API token: what is recorded is someone's work)."""
    wanted = body or RecordTokenIn()
    if wanted.guide_id is not None:
        guide = get_guide(session=session, app=access.app, guide_id=wanted.guide_id)
        if wanted.step_id is not None:
            get_step(session=session, guide=guide, step_id=wanted.step_id)
    elif wanted.step_id is not None:
        raise ApiError(422, "validation_error", "step_id: needs a guide_id")
    assert access.app.id is not None and account.id is not None
    token, expires_at = issue_record_token(
        secret_key=request.app.state.secret_key,
        app_id=access.app.id,
        account_id=account.id,
        guide_id=wanted.guide_id,
        step_id=wanted.step_id,
    )
    return {"token": token, "expires_at": expires_at}


@dataclass(frozen=True)
class Recorder:
    """Who saves: the app, and the author and grant of a valid record token for it."""

    app: App
    author: Account
    grant: RecordGrant


SaveRecorded = Callable[[Session, Recorder, Any], Guide]


async def recordings(request: Request) -> Response:
    """Save recorded steps as a new draft walkthrough; 201 with where to edit it."""

    def save(session: Session, recorder: Recorder, recording: RecordingIn) -> Guide:
        return save_recording(
            session=session, app=recorder.app, author=recorder.author, recording=recording
        )

    return await _recorder_endpoint(request, RecordingIn, save, status=201)


async def picks(request: Request) -> Response:
    """Save one re-picked element into the guide and step the token names."""

    def save(session: Session, recorder: Recorder, pick: PickIn) -> Guide:
        return save_pick(session=session, app=recorder.app, grant=recorder.grant, pick=pick)

    return await _recorder_endpoint(request, PickIn, save, status=200)


async def _recorder_endpoint(
    request: Request, model: type[RecorderPayload], save: SaveRecorded, *, status: int
) -> Response:
    await check_client_limit(request)
    view = app_view_for(request, request.path_params["app_key"])
    cors = cors_headers(request, view)
    try:
        await check_app_limit(request, view)
        body = await read_body(request, limit=RECORDING_BODY_LIMIT)
        payload = parse_payload(request, body, model)
        with Session(request.app.state.engine) as session:
            recorder = _authorise(session, request, app_id=view.id, token=payload.record_token)
            guide = save(session, recorder, payload)
            result = {"guide_id": guide.id, "editor_url": editor_url(request, view.key, guide.id)}
    except ApiError as exc:
        exc.headers = {**cors, **(exc.headers or {})}
        raise
    return Response(dumps(result), status_code=status, media_type="application/json", headers=cors)


def _authorise(session: Session, request: Request, *, app_id: int, token: str) -> Recorder:
    app = session.get(App, app_id)
    if app is None:  # deleted since the catalogue was loaded
        raise ApiError(404, "app_not_found", "Unknown app key.")
    try:
        grant, author = read_record_token(
            session=session, secret_key=request.app.state.secret_key, token=token, app=app
        )
    except SignedTokenError as exc:
        raise ApiError(403, exc.code, str(exc)) from exc
    return Recorder(app=app, author=author, grant=grant)


def editor_url(request: Request, app_key: str, guide_id: int | None) -> str:
    """Where the admin edits a guide: the recorder opens it after *Finish*. Root-relative,
    under the server's root path (the admin page checks it starts with its own)."""
    return f"{request.scope.get('root_path', '')}/admin/apps/{app_key}/guides/{guide_id}"
