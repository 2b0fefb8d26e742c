"""The public events endpoint: batches from the widget (fetch or sendBeacon)."""

from fastapi import Request, Response

from wegwijs.analytics.ingest import sort_batch
from wegwijs.analytics.schemas import EventBatch
from wegwijs.analytics.writer import Work
from wegwijs.db import utcnow
from wegwijs.delivery.guard import (
    app_view_for,
    check_identity,
    cors_headers,
    parse_payload,
    read_body,
)
from wegwijs.delivery.routes import json_response
from wegwijs.errors import ApiError

EVENTS_BODY_LIMIT = 60 * 1024


async def ingest_events(request: Request) -> Response:
    """Store a batch: `accepted` ids are stored (now or before), `rejected` never will be."""
    view = app_view_for(request, request.path_params["app_key"])
    cors = cors_headers(request, view)
    try:
        body = await read_body(request, limit=EVENTS_BODY_LIMIT)
        batch = parse_payload(request, body, EventBatch)
        check_identity(view, user_id=batch.user_id, signature=batch.signature)
        now = utcnow()
        sorted_batch = sort_batch(
            batch,
            app_id=view.id,
            guide_ids=view.guide_ids,
            denylist=view.url_param_denylist,
            now=now,
            dialect=request.app.state.engine.dialect.name,
        )
        work = Work(sorted_batch=sorted_batch, batch=batch, app_id=view.id, now=now)
        result = await request.app.state.events.store(work)
    except ApiError as exc:
        exc.headers = {**cors, **(exc.headers or {})}
        raise
    return json_response(result.model_dump(), cors)
