"""The public events endpoint: batches from the widget (fetch or sendBeacon)."""

from fastapi import Request

from wegwijs.analytics.ingest import sort_batch
from wegwijs.analytics.schemas import EventBatch
from wegwijs.analytics.writer import Work
from wegwijs.db import utcnow
from wegwijs.delivery.catalog import AppView
from wegwijs.delivery.guard import dumps, public_endpoint

EVENTS_BODY_LIMIT = 60 * 1024


@public_endpoint(EventBatch, limit=EVENTS_BODY_LIMIT)
async def ingest_events(request: Request, view: AppView, batch: EventBatch) -> str:
    """Store a batch: `accepted` ids are stored (now or before), `rejected` never will be."""
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
    return dumps(result.model_dump())
