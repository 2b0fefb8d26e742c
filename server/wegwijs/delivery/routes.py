"""The public API the widget calls (app key + allowed origin), and preview tokens for authors."""

from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Request, Response
from sqlmodel import Session

from wegwijs.db import utcnow
from wegwijs.delivery.catalog import AppView, PublishedGuide
from wegwijs.delivery.context import Visit, build_context, render_json
from wegwijs.delivery.guard import (
    app_view_for,
    check_client_limit,
    dumps,
    preflight_headers,
    public_endpoint,
)
from wegwijs.delivery.preview import PreviewTokenError, issue_preview_token, preview_guides
from wegwijs.delivery.schemas import ContextRequest, SearchRequest
from wegwijs.deps import AppAuthor, CurrentAccount
from wegwijs.errors import ApiError
from wegwijs.search.service import search_guides

CONTEXT_BODY_LIMIT = 16 * 1024
PUBLIC_ENDPOINTS = ("context", "search", "events", "recordings", "picks")

admin_router = APIRouter(prefix="/api/v1/apps/{app_key}", tags=["content"])


async def preflight(request: Request) -> Response:
    """CORS preflight: only allowed origins learn that they may POST here."""
    if request.path_params["endpoint"] not in PUBLIC_ENDPOINTS:
        raise ApiError(404, "not_found", "Not Found")
    await check_client_limit(request)
    view = app_view_for(request, request.path_params["app_key"])
    return Response(status_code=204, headers=preflight_headers(request, view))


@public_endpoint(ContextRequest, limit=CONTEXT_BODY_LIMIT)
async def context(request: Request, view: AppView, payload: ContextRequest) -> str:
    """Everything that applies to this page and this person, localised."""
    return render_json(_context_for(request, view, payload))


def _context_for(request: Request, view: AppView, payload: ContextRequest) -> dict[str, Any]:
    states = request.app.state.states.read(
        app_id=view.id, visitor_id=payload.visitor_id, user_id=payload.user_id
    )
    preview = _preview_guides(request, view, payload.preview_token) if payload.preview_token else {}
    origin = request.headers.get("origin")
    if origin is not None:
        request.app.state.visitors.widget_seen(app_id=view.id, origin=origin)
    request.app.state.visitors.seen(
        app_id=view.id,
        visitor_id=payload.visitor_id,
        user_id=payload.user_id,
        traits=payload.traits,
    )
    visit = Visit(view=view, request=payload, states=states, now=utcnow(), preview=preview)
    return build_context(visit)


def _preview_guides(request: Request, view: AppView, token: str) -> dict[int, PublishedGuide]:
    try:
        with Session(request.app.state.engine) as session:
            return preview_guides(
                session=session,
                secret_key=request.app.state.secret_key,
                app_id=view.id,
                token=token,
            )
    except PreviewTokenError as exc:
        raise ApiError(403, exc.code, str(exc)) from exc


@public_endpoint(SearchRequest, limit=CONTEXT_BODY_LIMIT)
async def search(request: Request, view: AppView, payload: SearchRequest) -> str:
    """Published guides this person may see, ranked, with highlighted snippets."""
    visible = _visible_guides(view, payload)
    with Session(request.app.state.engine) as session:
        hits = search_guides(
            session=session,
            app_id=view.id,
            query=payload.q,
            locale=payload.locale or view.default_locale,
            guide_ids=list(visible),
            limit=10,
        )
    results = [
        {
            "guide_id": hit.guide_id,
            "kind": visible[hit.guide_id].kind,
            "title": hit.title,
            "snippet_html": hit.snippet_html,
            "locale": hit.locale,
            **_start_of(visible[hit.guide_id]),
        }
        for hit in hits
    ]
    return dumps({"query": payload.q, "count": len(results), "results": results})


def _start_of(guide: PublishedGuide) -> dict[str, Any]:
    """Where a walkthrough found by search begins, so the widget can start it from any page:
    its version, first step and a page to open (the step's sample page, or a URL rule that
    is one plain path). Only the path is given: the host's own origin is used."""
    steps = guide.snapshot.get("steps") or []
    if guide.kind != "walkthrough" or not steps:
        return {}
    first = steps[0]
    page = None
    if first.get("sample_url"):
        parts = urlsplit(first["sample_url"])
        page = parts.path + (f"?{parts.query}" if parts.query else "")
    else:
        targeting = guide.snapshot.get("targeting") or {}
        rules = [first.get("url_rule"), *(targeting.get("url_rules") or [])]
        page = next((rule for rule in rules if rule and _is_plain_path(rule)), None)
    return {"version": guide.version, "first_step_id": first["id"], "start_url": page}


def _is_plain_path(rule: str) -> bool:
    return rule.startswith("/") and not any(mark in rule for mark in ":*?#")


def _visible_guides(view: AppView, payload: SearchRequest) -> dict[int, PublishedGuide]:
    """Search looks beyond this page, but never past audience rules or schedules."""
    now = utcnow()
    return {
        guide.id: guide
        for guide in view.guides.values()
        if guide.kind in ("walkthrough", "tip", "announcement")
        and guide.is_scheduled(now)
        and guide.targeting.matches_audience(payload.traits)
    }


@admin_router.post("/preview-token")
def create_preview_token(
    access: AppAuthor, account: CurrentAccount, request: Request, guide_id: int | None = None
) -> dict[str, Any]:
    """A short-lived token that shows this author's drafts in the real host app; for a
    signed-in person, never an API token: a preview belongs to someone."""
    assert access.app.id is not None and account.id is not None
    token, expires_at = issue_preview_token(
        secret_key=request.app.state.secret_key,
        app_id=access.app.id,
        account_id=account.id,
        guide_id=guide_id,
    )
    return {"token": token, "expires_at": expires_at}
