"""Report queries: pure functions of a connection, an app and filters, reading the roll-ups.

The JSON API and the CSV downloads both show what these return. Unique people are counted
over the rows of the whole range, never by adding days up; medians are taken over every
timed completion in the range (a person's first of the day). Everything a visitor sent
(queries, comments, pages, custom names, trait values) is returned as data, for the caller
to escape.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from pydantic import BaseModel
from sqlalchemy import ColumnElement, Select, Table, case, distinct, func, or_, select
from sqlalchemy.engine import Connection

from wegwijs.analytics.models import (
    ActivityRollup,
    CustomRollup,
    DayLocaleRollup,
    DayRollup,
    FeedbackRollup,
    MissingRollup,
    SearchRollup,
    TraitRollup,
)
from wegwijs.content.models import Guide, GuideKind, GuideStatus, GuideVersion

DAYS: Table = DayRollup.__table__  # type: ignore[attr-defined]
DAY_LOCALES: Table = DayLocaleRollup.__table__  # type: ignore[attr-defined]
ACTIVITY: Table = ActivityRollup.__table__  # type: ignore[attr-defined]
CUSTOM: Table = CustomRollup.__table__  # type: ignore[attr-defined]
SEARCHES: Table = SearchRollup.__table__  # type: ignore[attr-defined]
FEEDBACK: Table = FeedbackRollup.__table__  # type: ignore[attr-defined]
MISSING: Table = MissingRollup.__table__  # type: ignore[attr-defined]
TRAITS: Table = TraitRollup.__table__  # type: ignore[attr-defined]
GUIDES: Table = Guide.__table__  # type: ignore[attr-defined]
VERSIONS: Table = GuideVersion.__table__  # type: ignore[attr-defined]

MAX_DAYS = 731
TOP_CONTENT = 20
TOP_QUERIES = 50
LATEST_COMMENTS = 100
TOP_ELEMENTS = 100


@dataclass(frozen=True)
class ReportFilters:
    """What the dashboards filter on. Days are in the app's time zone, `end` included.

    `guide_id` and `version` narrow what is about content; the help panel's opens, searches
    and `custom` events are not about a guide and ignore them. A trait filter selects
    people by their current traits (the latest `identify`): a person who changed department
    counts under the new one for their whole history, and visitors without traits never
    match.
    """

    start: date
    end: date
    guide_id: int | None = None
    version: int | None = None
    locale: str | None = None
    trait: str | None = None
    trait_value: str | None = None

    def days(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range((self.end - self.start).days + 1)]


class FiltersPublic(BaseModel):
    start: date
    end: date
    timezone: str
    guide_id: int | None
    version: int | None
    locale: str | None
    trait: str | None
    trait_value: str | None


# -- response shapes --------------------------------------------------------------------------


class DayCount(BaseModel):
    day: date
    views: int
    """Content shown: walkthroughs started, tips opened, announcements displayed."""
    users: int
    """Unique people with any event that day."""
    help_opens: int


class ContentCount(BaseModel):
    guide_id: int
    name: str | None
    """None when the guide has been deleted since."""
    kind: str | None
    views: int
    users: int


class AnnouncementReach(BaseModel):
    guide_id: int
    name: str | None
    viewed: int
    """Unique people who saw it."""
    acknowledged: int
    acknowledged_share: float | None
    dismissed: int
    """Unique people who closed it (× or Escape) at least once."""


class CustomCount(BaseModel):
    name: str
    events: int
    users: int


class OverviewTotals(BaseModel):
    views: int
    users: int
    """Unique people over the whole range (not the sum of the days)."""
    help_opens: int


class Overview(BaseModel):
    filters: FiltersPublic
    totals: OverviewTotals
    days: list[DayCount]
    content: list[ContentCount]
    """Most consulted content, by views."""
    announcements: list[AnnouncementReach]
    custom_events: list[CustomCount]


class WalkthroughSummary(BaseModel):
    guide_id: int
    name: str | None
    started: int
    """Unique people who started it in the range."""
    completed: int
    completion_rate: float | None
    """Completed / started."""
    median_seconds: float | None
    """Median time from start to completion in the range (each person's first timed
    completion of a day: re-runs on the same day do not weigh in)."""


class Walkthroughs(BaseModel):
    filters: FiltersPublic
    data: list[WalkthroughSummary]


class FunnelStep(BaseModel):
    step_id: str
    """The stable step id: survives reordering and edits."""
    position: int
    """0-based position in this version."""
    title: str | None
    viewed: int
    """Unique people who saw this step."""
    dismissed: int
    """Unique people who closed the walkthrough at this step."""
    dropped: int
    """Saw this step but not the next one (for the last step: did not complete)."""
    drop_rate: float | None
    biggest_drop: bool
    """Where most people get stuck."""


class VersionReport(BaseModel):
    version: int
    started: int
    completed: int
    completion_rate: float | None
    median_seconds: float | None
    timed_completions: int
    """Timed completions the median is taken over (one per person and day at most)."""
    dismissed_at_first_step: int
    dismissed_at_first_step_share: float | None
    """Of the people who started."""
    funnel: list[FunnelStep]


class WalkthroughReport(BaseModel):
    filters: FiltersPublic
    guide_id: int
    name: str
    started: int
    completed: int
    completion_rate: float | None
    median_seconds: float | None
    versions: list[VersionReport]
    """Newest first."""


class QueryCount(BaseModel):
    query: str
    searches: int
    without_results: int
    users: int


class SearchReport(BaseModel):
    filters: FiltersPublic
    searches: int
    without_results: int
    top_queries: list[QueryCount]
    no_results: list[QueryCount]
    """Queries that found nothing: the help that is missing."""


class GuideFeedback(BaseModel):
    guide_id: int
    name: str | None
    helpful: int
    not_helpful: int
    helpful_share: float | None
    comments: int


class FeedbackComment(BaseModel):
    at: datetime
    day: date
    guide_id: int
    name: str | None
    version: int
    locale: str
    helpful: bool | None
    comment: str


class FeedbackReport(BaseModel):
    filters: FiltersPublic
    guides: list[GuideFeedback]
    comments: list[FeedbackComment]
    """Newest first."""


class MissingDay(BaseModel):
    day: date
    events: int


class MissingElement(BaseModel):
    guide_id: int
    name: str | None
    version: int
    step_id: str
    """Empty for a tip or an announcement (one element, no steps)."""
    page: str
    events: int
    users: int
    first_day: date
    last_day: date


class HealthReport(BaseModel):
    filters: FiltersPublic
    events: int
    days: list[MissingDay]
    elements: list[MissingElement]
    """Broken guides: where an element could not be found, most frequent first."""


# -- the reports ------------------------------------------------------------------------------


def overview(
    connection: Connection,
    *,
    app_id: int,
    timezone: str,
    filters: ReportFilters,
    limit: int = TOP_CONTENT,
) -> Overview:
    scope = _Scope(connection, app_id, filters)
    v = DAY_LOCALES if filters.locale is not None else DAYS
    by_day: dict[date, list[int]] = {day: [0, 0, 0] for day in filters.days()}
    about_content = filters.guide_id is not None or filters.version is not None
    # A person's days (all content) answer everything per day, unless the filter is about
    # content: then the guide's rows do, and only the help panel's opens (not about a guide)
    # still come from the days.
    if not about_content:  # one row per person and day: people are simply counted
        rows = connection.execute(
            select(v.c.day, func.sum(v.c.views), func.count(), func.sum(v.c.help_opens))
            .where(*scope.where(v))
            .group_by(v.c.day)
        ).all()
        for day, views, users, help_opens in rows:
            by_day[day] = [int(views), users, int(help_opens)]
        people = select(func.count(distinct(v.c.person_id))).where(*scope.where(v))
    else:
        a = ACTIVITY
        for day, views, users in connection.execute(
            select(a.c.day, func.sum(a.c.views), func.count(distinct(a.c.person_id)))
            .where(*scope.where(a))
            .group_by(a.c.day)
        ):
            by_day[day][:2] = [int(views), users]
        for day, help_opens in connection.execute(
            select(v.c.day, func.sum(v.c.help_opens)).where(*scope.where(v)).group_by(v.c.day)
        ):
            by_day[day][2] = int(help_opens)
        people = select(func.count(distinct(a.c.person_id))).where(*scope.where(a))
    users = connection.execute(people).scalar_one()
    days = [
        DayCount(day=day, views=views, users=people_that_day, help_opens=opened)
        for day, (views, people_that_day, opened) in by_day.items()
    ]
    totals = OverviewTotals(
        views=sum(day.views for day in days),
        users=users,
        help_opens=sum(day.help_opens for day in days),
    )
    return Overview(
        filters=scope.public(timezone),
        totals=totals,
        days=days,
        content=_most_consulted(scope, limit),
        announcements=_announcement_reach(scope),
        custom_events=_custom_events(scope, limit),
    )


def _most_consulted(scope: "_Scope", limit: int) -> list[ContentCount]:
    a = ACTIVITY
    where = [*scope.where(a), a.c.views > 0]
    views = func.sum(a.c.views)
    top = scope.connection.execute(
        select(a.c.guide_id, views)
        .where(*where)
        .group_by(a.c.guide_id)
        .order_by(views.desc(), a.c.guide_id)
        .limit(limit)
    ).all()
    ids = [guide_id for guide_id, _ in top]
    # Distinct people only for the top few: each is an index range, not a scan of the range.
    users: dict[int, int] = dict(
        scope.connection.execute(
            select(a.c.guide_id, func.count(distinct(a.c.person_id)))
            .where(*where, a.c.guide_id.in_(ids))
            .group_by(a.c.guide_id)
        ).all()
    )
    names = _guides(scope.connection, scope.app_id, ids)
    return [
        ContentCount(
            guide_id=guide_id,
            name=names.get(guide_id, (None, None))[0],
            kind=names.get(guide_id, (None, None))[1],
            views=int(count),
            users=users.get(guide_id, 0),
        )
        for guide_id, count in top
    ]


def _announcement_reach(scope: "_Scope") -> list[AnnouncementReach]:
    a = ACTIVITY
    announcements = scope.connection.execute(
        select(GUIDES.c.id, GUIDES.c.name, GUIDES.c.status).where(
            GUIDES.c.app_id == scope.app_id, GUIDES.c.kind == GuideKind.announcement.value
        )
    ).all()
    if scope.filters.guide_id is not None:
        announcements = [row for row in announcements if row.id == scope.filters.guide_id]
    if not announcements:
        return []
    reach = {
        guide_id: (viewed, acknowledged, dismissed)
        for guide_id, viewed, acknowledged, dismissed in scope.connection.execute(
            select(
                a.c.guide_id,
                func.count(distinct(case((a.c.views > 0, a.c.person_id)))),
                func.count(distinct(case((a.c.acknowledged > 0, a.c.person_id)))),
                func.count(distinct(case((a.c.dismissed > 0, a.c.person_id)))),
            )
            .where(*scope.where(a), a.c.guide_id.in_([row.id for row in announcements]))
            .group_by(a.c.guide_id)
        )
    }
    shown = []
    for row in announcements:
        if row.id not in reach and row.status != GuideStatus.published.value:
            continue  # nothing to show: not live, and nobody saw it in the range
        viewed, acknowledged, dismissed = reach.get(row.id, (0, 0, 0))
        shown.append(
            AnnouncementReach(
                guide_id=row.id,
                name=row.name,
                viewed=viewed,
                acknowledged=acknowledged,
                acknowledged_share=_share(acknowledged, viewed),
                dismissed=dismissed,
            )
        )
    return sorted(shown, key=lambda each: (-each.viewed, each.guide_id))


def _custom_events(scope: "_Scope", limit: int) -> list[CustomCount]:
    c = CUSTOM
    events = func.sum(c.c.events)
    rows = scope.connection.execute(
        select(c.c.name, events, func.count(distinct(c.c.person_id)))
        .where(*scope.where(c, by_guide=False))
        .group_by(c.c.name)
        .order_by(events.desc(), c.c.name)
        .limit(limit)
    ).all()
    return [CustomCount(name=name, events=int(count), users=users) for name, count, users in rows]


def walkthroughs(
    connection: Connection, *, app_id: int, timezone: str, filters: ReportFilters
) -> Walkthroughs:
    """Every walkthrough with people in the range: started, completed, rate and median."""
    scope = _Scope(connection, app_id, filters)
    a = ACTIVITY
    kind_is_walkthrough = a.c.guide_id.in_(
        select(GUIDES.c.id).where(
            GUIDES.c.app_id == app_id, GUIDES.c.kind == GuideKind.walkthrough.value
        )
    )
    rows = connection.execute(
        select(
            a.c.guide_id,
            func.count(distinct(case((a.c.started > 0, a.c.person_id)))),
            func.count(distinct(case((a.c.completed > 0, a.c.person_id)))),
        )
        .where(*scope.where(a), kind_is_walkthrough, or_(a.c.started > 0, a.c.completed > 0))
        .group_by(a.c.guide_id)
    ).all()
    medians = _medians(scope, ACTIVITY.c.guide_id)
    names = _guides(connection, app_id, [row[0] for row in rows])
    data = [
        WalkthroughSummary(
            guide_id=guide_id,
            name=names.get(guide_id, (None, None))[0],
            started=started,
            completed=completed,
            completion_rate=_share(completed, started),
            median_seconds=medians.get((guide_id,), (None, 0))[0],
        )
        for guide_id, started, completed in rows
    ]
    data.sort(key=lambda each: (-each.started, each.guide_id))
    return Walkthroughs(filters=scope.public(timezone), data=data)


def walkthrough(
    connection: Connection,
    *,
    app_id: int,
    timezone: str,
    guide_id: int,
    name: str,
    filters: ReportFilters,
) -> WalkthroughReport:
    """One walkthrough, per version: people, completion, median time and the step funnel."""
    scope = _Scope(connection, app_id, replace(filters, guide_id=guide_id))
    a = ACTIVITY
    started_people = func.count(distinct(case((a.c.started > 0, a.c.person_id))))
    completed_people = func.count(distinct(case((a.c.completed > 0, a.c.person_id))))
    people = scope.where(a)  # every version with activity in the range is reported
    per_version = {
        version: (started, completed)
        for version, started, completed in connection.execute(
            select(a.c.version, started_people, completed_people)
            .where(*people)
            .group_by(a.c.version)
        )
    }
    started, completed = connection.execute(
        select(started_people, completed_people).where(*people)
    ).one()
    # Each person's steps over the range, per version: their days' masks combined.
    masks: dict[tuple[int, int], list[int]] = {}
    for version, person, viewed, dismissed in connection.execute(
        select(a.c.version, a.c.person_id, a.c.steps_viewed, a.c.steps_dismissed).where(
            *scope.where(a), or_(a.c.steps_viewed != 0, a.c.steps_dismissed != 0)
        )
    ):
        mask = masks.setdefault((version, person), [0, 0])
        mask[0] |= viewed
        mask[1] |= dismissed
    medians = _medians(scope, a.c.version)
    overall = _medians(scope).get((), (None, 0))[0]
    layouts = _step_layouts(connection, guide_id, filters.locale)
    versions = []
    for version in sorted(set(per_version) | {version for version, _ in masks}, reverse=True):
        version_started, version_completed = per_version.get(version, (0, 0))
        of_version = [mask for (number, _), mask in masks.items() if number == version]
        funnel = _funnel(layouts.get(version, []), of_version, version_completed)
        first_dismissed = funnel[0].dismissed if funnel else 0
        median, timed = medians.get((version,), (None, 0))
        versions.append(
            VersionReport(
                version=version,
                started=version_started,
                completed=version_completed,
                completion_rate=_share(version_completed, version_started),
                median_seconds=median,
                timed_completions=timed,
                dismissed_at_first_step=first_dismissed,
                dismissed_at_first_step_share=_share(first_dismissed, version_started),
                funnel=funnel,
            )
        )
    return WalkthroughReport(
        filters=scope.public(timezone),
        guide_id=guide_id,
        name=name,
        started=started,
        completed=completed,
        completion_rate=_share(completed, started),
        median_seconds=overall,
        versions=versions,
    )


def _funnel(
    layout: list[tuple[str, int, str | None]], people: list[list[int]], completed: int
) -> list[FunnelStep]:
    """The version's steps in order, from each person's masks (seen, closed at); a step's
    drop is the people who saw it minus those who saw the next (after the last: completed)."""
    viewed = [sum(1 for seen, _ in people if seen >> n & 1) for n in range(len(layout))]
    closed = [sum(1 for _, at in people if at >> n & 1) for n in range(len(layout))]
    after = [*viewed[1:], completed]
    dropped = [max(seen - later, 0) for seen, later in zip(viewed, after, strict=True)]
    biggest = max(range(len(layout)), key=lambda n: (dropped[n], -n), default=None)
    return [
        FunnelStep(
            step_id=step_id,
            position=position,
            title=title,
            viewed=viewed[n],
            dismissed=closed[n],
            dropped=dropped[n],
            drop_rate=_share(dropped[n], viewed[n]),
            biggest_drop=n == biggest and dropped[n] > 0,
        )
        for n, (step_id, position, title) in enumerate(layout)
    ]


def _step_layouts(
    connection: Connection, guide_id: int, locale: str | None
) -> dict[int, list[tuple[str, int, str | None]]]:
    """Each published version's steps in order: (stable id, position, title)."""
    layouts: dict[int, list[tuple[str, int, str | None]]] = {}
    for number, snapshot in connection.execute(
        select(VERSIONS.c.number, VERSIONS.c.snapshot).where(VERSIONS.c.guide_id == guide_id)
    ):
        layouts[number] = [
            (str(step["id"]), index, _title(step.get("content") or {}, locale))
            for index, step in enumerate((snapshot or {}).get("steps") or [])
        ]
    return layouts


def _title(content: dict[str, Any], locale: str | None) -> str | None:
    """The step's title in the filtered locale, else in the first locale it has (plain text)."""
    texts = content.get(locale) if locale else None
    texts = texts or next(iter(content.values()), None)
    return texts.get("title") if isinstance(texts, dict) else None


def search(
    connection: Connection,
    *,
    app_id: int,
    timezone: str,
    filters: ReportFilters,
    limit: int = TOP_QUERIES,
) -> SearchReport:
    scope = _Scope(connection, app_id, filters)
    q = SEARCHES
    where = scope.where(q, by_guide=False)
    searches, empty = connection.execute(
        select(
            func.coalesce(func.sum(q.c.searches), 0), func.coalesce(func.sum(q.c.empty), 0)
        ).where(*where)
    ).one()
    counted = (
        select(
            q.c.query,
            func.sum(q.c.searches).label("searches"),
            func.sum(q.c.empty).label("empty"),
            func.count(distinct(q.c.person_id)),
        )
        .where(*where)
        .group_by(q.c.query)
    )
    top = connection.execute(
        counted.order_by(func.sum(q.c.searches).desc(), q.c.query).limit(limit)
    ).all()
    missing = connection.execute(
        counted.having(func.sum(q.c.empty) > 0)
        .order_by(func.sum(q.c.empty).desc(), q.c.query)
        .limit(limit)
    ).all()

    def listed(rows: Sequence[Any]) -> list[QueryCount]:
        return [
            QueryCount(query=query, searches=int(n), without_results=int(e), users=users)
            for query, n, e, users in rows
        ]

    return SearchReport(
        filters=scope.public(timezone),
        searches=int(searches),
        without_results=int(empty),
        top_queries=listed(top),
        no_results=listed(missing),
    )


def feedback(
    connection: Connection,
    *,
    app_id: int,
    timezone: str,
    filters: ReportFilters,
    limit: int = LATEST_COMMENTS,
) -> FeedbackReport:
    scope = _Scope(connection, app_id, filters)
    f = FEEDBACK
    where = scope.where(f)
    rows = connection.execute(
        select(
            f.c.guide_id,
            func.count(case((f.c.helpful.is_(True), 1))),
            func.count(case((f.c.helpful.is_(False), 1))),
            func.count(f.c.comment),
        )
        .where(*where)
        .group_by(f.c.guide_id)
    ).all()
    comments = connection.execute(
        select(f.c.at, f.c.day, f.c.guide_id, f.c.version, f.c.locale, f.c.helpful, f.c.comment)
        .where(*where, f.c.comment.is_not(None))
        .order_by(f.c.at.desc(), f.c.id.desc())
        .limit(limit)
    ).all()
    names = _guides(connection, app_id, {row[0] for row in rows})
    guides = [
        GuideFeedback(
            guide_id=guide_id,
            name=names.get(guide_id, (None, None))[0],
            helpful=helpful,
            not_helpful=not_helpful,
            helpful_share=_share(helpful, helpful + not_helpful),
            comments=commented,
        )
        for guide_id, helpful, not_helpful, commented in rows
    ]
    guides.sort(key=lambda each: (-(each.helpful + each.not_helpful), each.guide_id))
    return FeedbackReport(
        filters=scope.public(timezone),
        guides=guides,
        comments=[
            FeedbackComment(
                at=row.at,
                day=row.day,
                guide_id=row.guide_id,
                name=names.get(row.guide_id, (None, None))[0],
                version=row.version,
                locale=row.locale,
                helpful=row.helpful,
                comment=row.comment,
            )
            for row in comments
        ],
    )


def health(
    connection: Connection,
    *,
    app_id: int,
    timezone: str,
    filters: ReportFilters,
    limit: int = TOP_ELEMENTS,
) -> HealthReport:
    scope = _Scope(connection, app_id, filters)
    m = MISSING
    where = scope.where(m)
    by_day = dict.fromkeys(filters.days(), 0)
    for day, events in connection.execute(
        select(m.c.day, func.sum(m.c.events)).where(*where).group_by(m.c.day)
    ):
        by_day[day] = int(events)
    events = func.sum(m.c.events)
    rows = connection.execute(
        select(
            m.c.guide_id,
            m.c.version,
            m.c.step_id,
            m.c.page,
            events,
            func.count(distinct(m.c.person_id)),
            func.min(m.c.day),
            func.max(m.c.day),
        )
        .where(*where)
        .group_by(m.c.guide_id, m.c.version, m.c.step_id, m.c.page)
        .order_by(events.desc(), m.c.guide_id, m.c.version, m.c.step_id, m.c.page)
        .limit(limit)
    ).all()
    names = _guides(connection, app_id, {row[0] for row in rows})
    return HealthReport(
        filters=scope.public(timezone),
        events=sum(by_day.values()),
        days=[MissingDay(day=day, events=count) for day, count in by_day.items()],
        elements=[
            MissingElement(
                guide_id=guide_id,
                name=names.get(guide_id, (None, None))[0],
                version=version,
                step_id=step_id,
                page=page,
                events=int(count),
                users=users,
                first_day=first,
                last_day=last,
            )
            for guide_id, version, step_id, page, count, users, first, last in rows
        ],
    )


# -- shared pieces ----------------------------------------------------------------------------


class _Scope:
    """The filters as SQL conditions on a roll-up table."""

    def __init__(self, connection: Connection, app_id: int, filters: ReportFilters) -> None:
        self.connection = connection
        self.app_id = app_id
        self.filters = filters
        self._people = (
            people_with_trait(app_id, filters.trait, filters.trait_value)
            if filters.trait is not None and filters.trait_value is not None
            else None
        )

    def where(self, table: Table, *, by_guide: bool = True) -> list[ColumnElement[bool]]:
        filters = self.filters
        conditions = [
            table.c.app_id == self.app_id,
            table.c.day >= filters.start,
            table.c.day <= filters.end,
        ]
        about_guides = by_guide and "guide_id" in table.c  # a person's days are not
        if about_guides and filters.guide_id is not None:
            conditions.append(table.c.guide_id == filters.guide_id)
        if about_guides and filters.version is not None:
            conditions.append(table.c.version == filters.version)
        if filters.locale is not None and "locale" in table.c:
            conditions.append(table.c.locale == filters.locale)
        if self._people is not None:
            conditions.append(table.c.person_id.in_(self._people))
        return conditions

    def public(self, timezone: str) -> FiltersPublic:
        filters = self.filters
        return FiltersPublic(
            start=filters.start,
            end=filters.end,
            timezone=timezone,
            guide_id=filters.guide_id,
            version=filters.version,
            locale=filters.locale,
            trait=filters.trait,
            trait_value=filters.trait_value,
        )


def people_with_trait(app_id: int, name: str, value: str) -> Select[tuple[int]]:
    """The people whose current traits hold this value: one index range of the trait
    dimension (a trait is matched as text, and a list trait by any of its items)."""
    t = TRAITS
    return select(t.c.person_id).where(t.c.app_id == app_id, t.c.name == name, t.c.value == value)


def _medians(scope: _Scope, *group: Any) -> dict[tuple[Any, ...], tuple[float | None, int]]:
    """Median seconds to complete (the middle duration, or the mean of the middle two) and
    how many were timed, per group: PostgreSQL's `percentile_cont(0.5)`, and on SQLite an
    aggregate function of our own (SQLite has none), registered on the connection. Each
    duration is a person's first timed completion of the day (re-runs do not weigh in)."""
    c = ACTIVITY
    if scope.connection.dialect.name == "sqlite":
        raw = scope.connection.connection.dbapi_connection
        raw.create_aggregate("wegwijs_median", 1, _Median)  # type: ignore[union-attr]
        median: ColumnElement[Any] = func.wegwijs_median(c.c.seconds)
    else:
        median = func.percentile_cont(0.5).within_group(c.c.seconds)
    rows = scope.connection.execute(
        select(*group, median, func.count(c.c.seconds))
        .where(*scope.where(c), c.c.seconds.is_not(None))
        .group_by(*group)
    ).all()
    return {
        tuple(row[:-2]): (round(float(row[-2]), 3), int(row[-1]))
        for row in rows
        if row[-2] is not None  # no GROUP BY: one row of NULLs when nothing was timed
    }


class _Median:
    """SQLite aggregate: the exact median of the non-null values."""

    def __init__(self) -> None:
        self.values: list[float] = []

    def step(self, value: float | None) -> None:
        if value is not None:
            self.values.append(value)

    def finalize(self) -> float | None:
        values = sorted(self.values)
        middle = len(values) // 2
        if not values:
            return None
        return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def _guides(
    connection: Connection, app_id: int, ids: Sequence[int] | set[int]
) -> dict[int, tuple[str, str]]:
    """Names and kinds of this app's guides among `ids` (author content, plain text)."""
    if not ids:
        return {}
    return {
        row.id: (row.name, row.kind)
        for row in connection.execute(
            select(GUIDES.c.id, GUIDES.c.name, GUIDES.c.kind).where(
                GUIDES.c.app_id == app_id, GUIDES.c.id.in_(list(ids))
            )
        )
    }


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None
