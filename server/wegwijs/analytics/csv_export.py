"""CSV downloads: the reports' tables, one file each, with the same numbers as the JSON API.

Visitors write some of these cells (search queries, comments, pages, custom names), so a
cell that a spreadsheet would read as a formula (starting with `=`, `+`, `-`, `@`, a tab or
a carriage return) gets a leading `'` and stays text.
"""

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy.engine import Connection

from wegwijs.analytics import reports
from wegwijs.analytics.reports import ReportFilters
from wegwijs.errors import ApiError

CSV_LIMIT = 10_000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: Any) -> Any:
    """A cell as written to the file: text that could start a formula is made plain text."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, datetime | date):
        return cell.isoformat()
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def to_csv(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """UTF-8 with a byte-order mark, so spreadsheet programs read accents correctly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([neutralise(cell) for cell in row] for row in rows)
    return "\ufeff" + out.getvalue()


@dataclass(frozen=True)
class Request:
    connection: Connection
    app_id: int
    timezone: str
    filters: ReportFilters


Table = tuple[list[str], list[list[Any]]]


def _overview(request: Request) -> reports.Overview:
    return reports.overview(
        request.connection,
        app_id=request.app_id,
        timezone=request.timezone,
        filters=request.filters,
        limit=CSV_LIMIT,
    )


def _days(request: Request) -> Table:
    rows = _overview(request).days
    return ["day", "views", "users", "help_opens"], [
        [row.day, row.views, row.users, row.help_opens] for row in rows
    ]


def _content(request: Request) -> Table:
    rows = _overview(request).content
    return ["guide_id", "name", "kind", "views", "users"], [
        [row.guide_id, row.name, row.kind, row.views, row.users] for row in rows
    ]


def _announcements(request: Request) -> Table:
    rows = _overview(request).announcements
    columns = ["guide_id", "name", "viewed", "acknowledged", "acknowledged_share", "dismissed"]
    return columns, [
        [
            row.guide_id,
            row.name,
            row.viewed,
            row.acknowledged,
            row.acknowledged_share,
            row.dismissed,
        ]
        for row in rows
    ]


def _custom_events(request: Request) -> Table:
    rows = _overview(request).custom_events
    return ["name", "events", "users"], [[row.name, row.events, row.users] for row in rows]


def _walkthroughs(request: Request) -> Table:
    rows = reports.walkthroughs(
        request.connection,
        app_id=request.app_id,
        timezone=request.timezone,
        filters=request.filters,
    ).data
    columns = ["guide_id", "name", "started", "completed", "completion_rate", "median_seconds"]
    return columns, [
        [
            row.guide_id,
            row.name,
            row.started,
            row.completed,
            row.completion_rate,
            row.median_seconds,
        ]
        for row in rows
    ]


def _funnel(request: Request) -> Table:
    guide_id = request.filters.guide_id
    if guide_id is None:
        raise ApiError(422, "guide_required", "The funnel is per walkthrough: add ?guide=<id>.")
    report = reports.walkthrough(
        request.connection,
        app_id=request.app_id,
        timezone=request.timezone,
        guide_id=guide_id,
        name="",
        filters=replace(request.filters, guide_id=guide_id),
    )
    columns = [
        "version",
        "position",
        "step_id",
        "title",
        "viewed",
        "dismissed",
        "dropped",
        "drop_rate",
        "biggest_drop",
    ]
    return columns, [
        [
            version.version,
            step.position,
            step.step_id,
            step.title,
            step.viewed,
            step.dismissed,
            step.dropped,
            step.drop_rate,
            step.biggest_drop,
        ]
        for version in report.versions
        for step in version.funnel
    ]


def _search(request: Request) -> reports.SearchReport:
    return reports.search(
        request.connection,
        app_id=request.app_id,
        timezone=request.timezone,
        filters=request.filters,
        limit=CSV_LIMIT,
    )


QUERY_COLUMNS = ["query", "searches", "without_results", "users"]


def _searches(request: Request) -> Table:
    rows = _search(request).top_queries
    return QUERY_COLUMNS, [[r.query, r.searches, r.without_results, r.users] for r in rows]


def _no_results(request: Request) -> Table:
    rows = _search(request).no_results
    return QUERY_COLUMNS, [[r.query, r.searches, r.without_results, r.users] for r in rows]


def _feedback_report(request: Request) -> reports.FeedbackReport:
    return reports.feedback(
        request.connection,
        app_id=request.app_id,
        timezone=request.timezone,
        filters=request.filters,
        limit=CSV_LIMIT,
    )


def _feedback(request: Request) -> Table:
    rows = _feedback_report(request).guides
    columns = ["guide_id", "name", "helpful", "not_helpful", "helpful_share", "comments"]
    return columns, [
        [r.guide_id, r.name, r.helpful, r.not_helpful, r.helpful_share, r.comments] for r in rows
    ]


def _comments(request: Request) -> Table:
    rows = _feedback_report(request).comments
    columns = ["at", "day", "guide_id", "name", "version", "locale", "helpful", "comment"]
    return columns, [
        [r.at, r.day, r.guide_id, r.name, r.version, r.locale, r.helpful, r.comment] for r in rows
    ]


def _health_report(request: Request) -> reports.HealthReport:
    return reports.health(
        request.connection,
        app_id=request.app_id,
        timezone=request.timezone,
        filters=request.filters,
        limit=CSV_LIMIT,
    )


def _health(request: Request) -> Table:
    rows = _health_report(request).days
    return ["day", "events"], [[row.day, row.events] for row in rows]


def _broken_elements(request: Request) -> Table:
    rows = _health_report(request).elements
    columns = [
        "guide_id",
        "name",
        "version",
        "step_id",
        "page",
        "events",
        "users",
        "first_day",
        "last_day",
    ]
    return columns, [
        [
            r.guide_id,
            r.name,
            r.version,
            r.step_id,
            r.page,
            r.events,
            r.users,
            r.first_day,
            r.last_day,
        ]
        for r in rows
    ]


CSV_TABLES: dict[str, Callable[[Request], Table]] = {
    "days": _days,
    "content": _content,
    "announcements": _announcements,
    "custom-events": _custom_events,
    "walkthroughs": _walkthroughs,
    "funnel": _funnel,
    "searches": _searches,
    "searches-without-results": _no_results,
    "feedback": _feedback,
    "comments": _comments,
    "health": _health,
    "broken-elements": _broken_elements,
}
"""Each download's name (`/reports/<name>.csv`) and how its table is made."""


def csv_table(
    name: str, *, connection: Connection, app_id: int, timezone: str, filters: ReportFilters
) -> str:
    make = CSV_TABLES.get(name)
    if make is None:
        known = ", ".join(sorted(CSV_TABLES))
        raise ApiError(404, "report_not_found", f"No CSV report {name!r}; there are: {known}.")
    columns, rows = make(Request(connection, app_id, timezone, filters))
    return to_csv(columns, rows)
