"""The dashboards: overview, walkthroughs (with each one's step funnel), search, feedback and
health. Every member of the app may read them, as with the reports API; each page calls the
report function its API route calls, with the same filters, and links to the same CSV."""

from typing import Any

from fastapi import APIRouter, Response
from sqlalchemy import select

from wegwijs.admin.dashboards import (
    Dashboard,
    Numbers,
    days_chart,
    funnel_chart,
    missing_chart,
    queries_chart,
    read_dashboard,
    run,
    walkthrough_of,
)
from wegwijs.admin.deps import AppMemberPage
from wegwijs.admin.pages import ADMIN_PREFIX, Page, render
from wegwijs.analytics import reports
from wegwijs.content.models import Step
from wegwijs.errors import ApiError

router = APIRouter(prefix=ADMIN_PREFIX + "/apps/{app_key}/reports")


def _show(page: Page, board: Dashboard, template: str, **context: Any) -> Response:
    return render(
        page,
        f"reports/{template}",
        board=board,
        numbers=Numbers(page.lang),
        status_code=422 if board.form.errors else 200,
        **context,
    )


@router.get("", name="admin_reports")
def overview_page(page: AppMemberPage) -> Response:
    board = read_dashboard(page, "overview")
    report: reports.Overview = run(page, reports.overview, board)
    chart = days_chart(page, report, Numbers(page.lang))
    return _show(page, board, "overview.html", report=report, chart=chart)


@router.get("/walkthroughs", name="admin_reports_walkthroughs")
def walkthroughs_page(page: AppMemberPage) -> Response:
    board = read_dashboard(page, "walkthroughs")
    report: reports.Walkthroughs = run(page, reports.walkthroughs, board)
    return _show(page, board, "walkthroughs.html", report=report)


@router.get("/walkthroughs/{guide_id}", name="admin_reports_walkthrough")
def walkthrough_page(guide_id: int, page: AppMemberPage) -> Response:
    guide = walkthrough_of(page, guide_id)
    if guide is None:
        raise ApiError(404, "guide_not_found", f"No walkthrough {guide_id} in this app.")
    board = read_dashboard(page, "walkthroughs", guide_filter=False)
    report: reports.WalkthroughReport = run(
        page, reports.walkthrough, board, guide_id=guide_id, name=guide.name
    )
    numbers = Numbers(page.lang)
    charts = {
        version.version: funnel_chart(page, version, numbers, f"chart-funnel-{version.version}")
        for version in report.versions
        if version.funnel
    }
    return _show(page, board, "walkthrough.html", report=report, guide=guide, charts=charts)


@router.get("/search", name="admin_reports_search")
def search_page(page: AppMemberPage) -> Response:
    board = read_dashboard(page, "search")
    report: reports.SearchReport = run(page, reports.search, board)
    chart = queries_chart(page, report.no_results, Numbers(page.lang), "chart-missing-help")
    return _show(page, board, "search.html", report=report, chart=chart)


@router.get("/feedback", name="admin_reports_feedback")
def feedback_page(page: AppMemberPage) -> Response:
    board = read_dashboard(page, "feedback")
    report: reports.FeedbackReport = run(page, reports.feedback, board)
    return _show(page, board, "feedback.html", report=report)


@router.get("/health", name="admin_reports_health")
def health_page(page: AppMemberPage) -> Response:
    board = read_dashboard(page, "health")
    report: reports.HealthReport = run(page, reports.health, board)
    chart = missing_chart(page, report, Numbers(page.lang))
    return _show(
        page, board, "health.html", report=report, chart=chart, steps=_steps_of(page, report)
    )


def _steps_of(page: Page, report: reports.HealthReport) -> set[tuple[int, str]]:
    """(guide, stable step id) of the broken steps the guides still have: those link to the
    step in the editor, where the author re-picks the element in the recorder."""
    ids = {element.guide_id for element in report.elements if element.name is not None}
    if not ids:
        return set()
    s = Step.__table__  # type: ignore[attr-defined]
    rows = page.db.connection().execute(
        select(s.c.guide_id, s.c.stable_id).where(s.c.guide_id.in_(ids))
    )
    return {(guide_id, stable_id) for guide_id, stable_id in rows}
