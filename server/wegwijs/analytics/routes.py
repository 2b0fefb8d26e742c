"""The public events endpoint (batches from the widget, by fetch or sendBeacon), and the
admin API's reports, CSV downloads and erasure."""

from datetime import date, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, ConfigDict

from wegwijs.analytics import reports
from wegwijs.analytics.csv_export import csv_table
from wegwijs.analytics.erasure import Forgotten, forget_person
from wegwijs.analytics.ingest import sort_batch
from wegwijs.analytics.reports import MAX_DAYS, ReportFilters
from wegwijs.analytics.rollups import zone_named
from wegwijs.analytics.schemas import EventBatch
from wegwijs.analytics.writer import Work
from wegwijs.apps.models import LOCALE_PATTERN, App
from wegwijs.content.models import Guide, GuideKind
from wegwijs.db import utcnow
from wegwijs.delivery.catalog import AppView
from wegwijs.delivery.guard import dumps, public_endpoint
from wegwijs.delivery.schemas import MAX_TRAIT_STRING, TRAIT_NAME, UserId
from wegwijs.deps import AppAdmin, AppMember, SessionDep
from wegwijs.errors import ApiError

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


# -- reports and erasure (admin API) ----------------------------------------------------------
# Any role in the app may read reports (analysts, authors fixing broken guides, admins);
# erasing a person needs the admin role.

router = APIRouter(prefix="/api/v1/apps/{app_key}", tags=["analytics"])
DEFAULT_DAYS = 30


def report_filters(
    access: AppMember,
    start: Annotated[date | None, Query(description="First day, in the app's time zone")] = None,
    end: Annotated[date | None, Query(description="Last day, included (default: today)")] = None,
    guide: Annotated[int | None, Query(ge=1, description="Only this guide")] = None,
    version: Annotated[int | None, Query(ge=0, description="Only this version")] = None,
    locale: Annotated[str | None, Query(pattern=LOCALE_PATTERN.pattern)] = None,
    trait: Annotated[
        str | None, Query(pattern=TRAIT_NAME.pattern, description="A trait name, e.g. role")
    ] = None,
    trait_value: Annotated[str | None, Query(max_length=MAX_TRAIT_STRING)] = None,
) -> ReportFilters:
    """The dashboards' filters; by default the last 30 days up to today in the app's zone."""
    end = end or datetime.now(zone_named(access.app.timezone)).date()
    start = start or end - timedelta(days=DEFAULT_DAYS - 1)
    if start > end:
        raise ApiError(422, "validation_error", "start: must not be after end.")
    if (end - start).days >= MAX_DAYS:
        raise ApiError(422, "validation_error", f"At most {MAX_DAYS} days at a time.")
    if (trait is None) != (trait_value is None):
        raise ApiError(422, "validation_error", "trait and trait_value go together.")
    return ReportFilters(
        start=start,
        end=end,
        guide_id=guide,
        version=version,
        locale=locale,
        trait=trait,
        trait_value=trait_value,
    )


Filters = Annotated[ReportFilters, Depends(report_filters)]


@router.get("/reports/overview")
def read_overview(access: AppMember, filters: Filters, session: SessionDep) -> reports.Overview:
    """Views and unique users per day, most consulted content, announcements' reach,
    help-panel opens and `custom` events."""
    app = access.app
    return reports.overview(
        session.connection(), app_id=_id(app), timezone=app.timezone, filters=filters
    )


@router.get("/reports/walkthroughs")
def read_walkthroughs(
    access: AppMember, filters: Filters, session: SessionDep
) -> reports.Walkthroughs:
    """Every walkthrough used in the range: started, completed, completion rate, median time."""
    app = access.app
    return reports.walkthroughs(
        session.connection(), app_id=_id(app), timezone=app.timezone, filters=filters
    )


@router.get("/reports/walkthroughs/{guide_id}")
def read_walkthrough(
    guide_id: int, access: AppMember, filters: Filters, session: SessionDep
) -> reports.WalkthroughReport:
    """One walkthrough per version, with the step funnel and its biggest drop."""
    app = access.app
    guide = session.get(Guide, guide_id)
    if guide is None or guide.app_id != app.id or guide.kind != GuideKind.walkthrough:
        raise ApiError(404, "guide_not_found", f"No walkthrough {guide_id} in this app.")
    return reports.walkthrough(
        session.connection(),
        app_id=_id(app),
        timezone=app.timezone,
        guide_id=guide_id,
        name=guide.name,
        filters=filters,
    )


@router.get("/reports/search")
def read_search(access: AppMember, filters: Filters, session: SessionDep) -> reports.SearchReport:
    """Top help-panel queries, and the queries that found nothing."""
    app = access.app
    return reports.search(
        session.connection(), app_id=_id(app), timezone=app.timezone, filters=filters
    )


@router.get("/reports/feedback")
def read_feedback(
    access: AppMember, filters: Filters, session: SessionDep
) -> reports.FeedbackReport:
    """Helpful / not helpful per guide, and the latest comments."""
    app = access.app
    return reports.feedback(
        session.connection(), app_id=_id(app), timezone=app.timezone, filters=filters
    )


@router.get("/reports/health")
def read_health(access: AppMember, filters: Filters, session: SessionDep) -> reports.HealthReport:
    """Broken guides: `element_missing` per day, and by guide, step and page."""
    app = access.app
    return reports.health(
        session.connection(), app_id=_id(app), timezone=app.timezone, filters=filters
    )


@router.get(
    "/reports/{table}.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "One table of a report."}},
)
def download_csv(table: str, access: AppMember, filters: Filters, session: SessionDep) -> Response:
    """A report's table as CSV: days, content, announcements, custom-events, walkthroughs,
    funnel (with ?guide=), searches, searches-without-results, feedback, comments, health,
    broken-elements."""
    app = access.app
    body = csv_table(
        table,
        connection=session.connection(),
        app_id=_id(app),
        timezone=app.timezone,
        filters=filters,
    )
    filename = f"wegwijs-{app.key}-{table}-{filters.start}-{filters.end}.csv"
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "X-Content-Type-Options": "nosniff",
        },
    )


class ErasureRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    user_id: UserId
    """The identified user id the host app passes to `identify`."""


@router.post("/erasure")
def erase_person(body: ErasureRequest, access: AppAdmin, session: SessionDep) -> Forgotten:
    """Right to erasure: delete one person's events, progress, visitor records and their
    share of the reports. Everyone else's numbers stay exactly as they were."""
    forgotten = forget_person(session.connection(), app_id=_id(access.app), user_id=body.user_id)
    session.commit()
    return forgotten


def _id(app: App) -> int:
    assert app.id is not None
    return app.id
