"""Every report against the hand-computed scenario in `scenario.py`, on SQLite and PostgreSQL."""

from collections.abc import Iterator
from dataclasses import replace

import pytest
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

from tests.analytics.scenario import BOTH_DAYS, D1, D2, World, build, event, ingest
from tests.factories import make_app
from wegwijs.analytics import reports
from wegwijs.analytics.reports import ReportFilters

APPROVERS = replace(BOTH_DAYS, trait="role", trait_value="approver")


@pytest.fixture
def world(session: Session, engine: Engine) -> World:
    return build(session, engine, make_app(session))


@pytest.fixture
def connection(engine: Engine, world: World) -> Iterator[Connection]:
    with engine.connect() as connection:
        yield connection


def overview(connection: Connection, world: World, filters: ReportFilters) -> reports.Overview:
    return reports.overview(
        connection, app_id=world.app.id, timezone=world.app.timezone, filters=filters
    )


def days(report: reports.Overview) -> list[tuple]:
    return [(d.day, d.views, d.users, d.help_opens) for d in report.days]


def test_overview_per_day_and_over_the_range(connection: Connection, world: World) -> None:
    report = overview(connection, world, BOTH_DAYS)
    # D1: anna W + tip, bob W, the anonymous visitor's announcement at 23:59 local time.
    # D2: anna's announcement at 23:30 UTC on D1 (00:30 local), bob W, carla W, dave W.
    assert days(report) == [(D1, 4, 4, 2), (D2, 4, 4, 1)]
    # Six people in the range (anna, bob, bob's browser before identify, carla, dave, the
    # anonymous visitor), not the 8 the days add up to.
    assert (report.totals.views, report.totals.users, report.totals.help_opens) == (8, 6, 3)
    content = [(c.guide_id, c.kind, c.views, c.users) for c in report.content]
    assert content == [
        (world.walkthrough.id, "walkthrough", 5, 4),
        (world.announcement.id, "announcement", 2, 2),
        (world.tip.id, "tip", 1, 1),
    ]
    (reach,) = report.announcements
    assert (reach.guide_id, reach.viewed, reach.acknowledged) == (world.announcement.id, 2, 1)
    assert reach.acknowledged_share == 0.5
    assert [(c.name, c.events, c.users) for c in report.custom_events] == [
        ("report exported", 3, 2)
    ]


def test_announcements_count_the_people_who_closed_them(
    connection: Connection, world: World, engine: Engine
) -> None:
    (before,) = overview(connection, world, BOTH_DAYS).announcements
    assert before.dismissed == 0
    fields = {"guide_id": world.announcement.id, "version": 1}
    closed = [event("guide_dismissed", f"2026-11-10T1{n}:00:00", **fields) for n in (0, 1)]
    ingest(engine, world.app, closed, visitor="browser-closer", user="erik")  # twice, one person
    (after,) = overview(connection, world, BOTH_DAYS).announcements
    assert (after.viewed, after.acknowledged, after.dismissed) == (2, 1, 1)


def test_an_event_at_2330_utc_counts_on_the_next_day_in_amsterdam(
    connection: Connection, world: World, session: Session, engine: Engine
) -> None:
    second_day = overview(connection, world, ReportFilters(start=D2, end=D2))
    (reach,) = second_day.announcements
    assert (reach.viewed, reach.acknowledged) == (1, 1)  # anna, at 23:30 UTC on D1
    first_day = overview(connection, world, ReportFilters(start=D1, end=D1))
    (reach,) = first_day.announcements
    assert (reach.viewed, reach.acknowledged) == (1, 0)  # the visitor at 22:59 UTC
    # The same moment in an app on New York time is still the evening of D1.
    new_york = make_app(session, name="New York")
    new_york.timezone = "America/New_York"
    session.add(new_york)
    session.commit()
    ingest(engine, new_york, [event("help_opened", "2026-11-10T23:30:00")], visitor="browser-ny1")
    report = reports.overview(
        connection, app_id=new_york.id, timezone=new_york.timezone, filters=BOTH_DAYS
    )
    assert [d.help_opens for d in report.days] == [1, 0]


def test_trait_filter_uses_each_persons_current_traits(
    connection: Connection, world: World
) -> None:
    """role=approver: anna (approver) and carla (a list holding approver)."""
    report = overview(connection, world, APPROVERS)
    assert days(report) == [(D1, 2, 1, 0), (D2, 2, 2, 0)]
    assert (report.totals.views, report.totals.users) == (4, 2)
    assert [(c.guide_id, c.views, c.users) for c in report.content] == [
        (world.walkthrough.id, 2, 2),
        (world.tip.id, 1, 1),
        (world.announcement.id, 1, 1),
    ]
    assert [(c.events, c.users) for c in report.custom_events] == [(2, 1)]
    clerks = overview(connection, world, replace(BOTH_DAYS, trait="role", trait_value="clerk"))
    assert (clerks.totals.views, clerks.totals.users) == (3, 2)  # bob twice, dave
    nobody = overview(connection, world, replace(BOTH_DAYS, trait="role", trait_value="ceo"))
    assert (nobody.totals.views, nobody.totals.users) == (0, 0)


def test_guide_locale_and_version_filters(connection: Connection, world: World) -> None:
    walkthrough = overview(connection, world, replace(BOTH_DAYS, guide_id=world.walkthrough.id))
    assert days(walkthrough) == [(D1, 2, 2, 2), (D2, 3, 3, 1)]  # help opens ignore the guide
    assert [c.guide_id for c in walkthrough.content] == [world.walkthrough.id]
    assert walkthrough.announcements == []
    second = overview(
        connection, world, replace(BOTH_DAYS, guide_id=world.walkthrough.id, version=2)
    )
    assert (second.totals.views, second.totals.users) == (1, 1)  # carla
    english = overview(connection, world, replace(BOTH_DAYS, locale="en"))
    assert (english.totals.views, english.totals.users, english.totals.help_opens) == (2, 1, 1)


def test_walkthrough_per_version_funnel_and_medians(connection: Connection, world: World) -> None:
    report = reports.walkthrough(
        connection,
        app_id=world.app.id,
        timezone=world.app.timezone,
        guide_id=world.walkthrough.id,
        name=world.walkthrough.name,
        filters=BOTH_DAYS,
    )
    # anna, bob, carla, dave started; dave did not complete. Durations 120, 300, 180 s:
    # an odd count, so the median is the middle one.
    assert (report.started, report.completed, report.completion_rate) == (4, 3, 0.75)
    assert report.median_seconds == 180.0
    second, first = report.versions
    assert (first.version, first.started, first.completed, first.completion_rate) == (
        1,
        3,
        2,
        0.6667,
    )
    assert (first.median_seconds, first.timed_completions) == (210.0, 2)  # even: (120+300)/2
    assert (first.dismissed_at_first_step, first.dismissed_at_first_step_share) == (1, 0.3333)
    funnel = [(s.step_id, s.viewed, s.dismissed, s.dropped, s.biggest_drop) for s in first.funnel]
    assert funnel == [
        ("s1", 3, 1, 1, True),  # dave closed it at step 1
        ("s2", 2, 1, 0, False),  # bob closed it at step 2 on D1, but went on to finish on D2
        ("s3", 2, 0, 0, False),
    ]
    assert (second.version, second.started, second.completed, second.median_seconds) == (
        2,
        1,
        1,
        180.0,
    )
    assert [(s.step_id, s.position, s.viewed) for s in second.funnel] == [
        ("s1", 0, 1),
        ("s3", 1, 1),
    ]
    assert not any(s.biggest_drop for s in second.funnel)


def test_funnel_on_the_first_day_shows_where_bob_got_stuck(
    connection: Connection, world: World
) -> None:
    report = reports.walkthrough(
        connection,
        app_id=world.app.id,
        timezone=world.app.timezone,
        guide_id=world.walkthrough.id,
        name=world.walkthrough.name,
        filters=ReportFilters(start=D1, end=D1),
    )
    (first,) = report.versions
    assert [(s.step_id, s.viewed, s.dropped, s.biggest_drop) for s in first.funnel] == [
        ("s1", 2, 0, False),
        ("s2", 2, 1, True),
        ("s3", 1, 0, False),
    ]
    assert (first.started, first.completed, first.median_seconds) == (2, 1, 120.0)


def test_walkthroughs_list_and_trait_filtered_median(connection: Connection, world: World) -> None:
    listed = reports.walkthroughs(
        connection, app_id=world.app.id, timezone=world.app.timezone, filters=BOTH_DAYS
    ).data
    assert [(w.guide_id, w.started, w.completed, w.median_seconds) for w in listed] == [
        (world.walkthrough.id, 4, 3, 180.0)
    ]
    approvers = reports.walkthroughs(
        connection, app_id=world.app.id, timezone=world.app.timezone, filters=APPROVERS
    ).data
    # anna 120 s and carla 180 s: an even count, the mean of the middle two.
    assert [(w.started, w.completed, w.median_seconds) for w in approvers] == [(2, 2, 150.0)]


def test_search_top_queries_and_queries_without_results(
    connection: Connection, world: World
) -> None:
    report = reports.search(
        connection, app_id=world.app.id, timezone=world.app.timezone, filters=BOTH_DAYS
    )
    assert (report.searches, report.without_results) == (3, 2)
    # "Declaratie " and "declaratie" are one query.
    assert [(q.query, q.searches, q.without_results, q.users) for q in report.top_queries] == [
        ("declaratie", 2, 2, 2),
        ("reiskosten", 1, 0, 1),
    ]
    assert [q.query for q in report.no_results] == ["declaratie"]
    english = reports.search(
        connection,
        app_id=world.app.id,
        timezone=world.app.timezone,
        filters=replace(BOTH_DAYS, locale="en"),
    )
    assert [(q.query, q.searches) for q in english.top_queries] == [
        ("declaratie", 1),
        ("reiskosten", 1),
    ]
    approvers = reports.search(
        connection, app_id=world.app.id, timezone=world.app.timezone, filters=APPROVERS
    )
    assert [(q.query, q.users) for q in approvers.top_queries] == [("declaratie", 1)]


def test_feedback_per_guide_with_comments(connection: Connection, world: World) -> None:
    report = reports.feedback(
        connection, app_id=world.app.id, timezone=world.app.timezone, filters=BOTH_DAYS
    )
    (guide,) = report.guides
    assert (guide.guide_id, guide.helpful, guide.not_helpful, guide.helpful_share) == (
        world.walkthrough.id,
        1,
        1,
        0.5,
    )
    assert [(c.helpful, c.comment, c.version, c.locale) for c in report.comments] == [
        (True, "<img src=x onerror=alert(1)>", 2, "nl"),
        (False, '=HYPERLINK("http://evil.example")', 1, "en"),
    ]
    only_first = reports.feedback(
        connection,
        app_id=world.app.id,
        timezone=world.app.timezone,
        filters=replace(BOTH_DAYS, version=1),
    )
    assert [(g.helpful, g.not_helpful) for g in only_first.guides] == [(0, 1)]


def test_health_shows_missing_elements_by_guide_step_and_page(
    connection: Connection, world: World
) -> None:
    report = reports.health(
        connection, app_id=world.app.id, timezone=world.app.timezone, filters=BOTH_DAYS
    )
    assert [(d.day, d.events) for d in report.days] == [(D1, 0), (D2, 1)]
    (element,) = report.elements
    assert (element.guide_id, element.version, element.step_id) == (world.walkthrough.id, 2, "s3")
    # The page keeps its hash route and never the query string (nor the token in it).
    assert element.page == "https://host.example.com/claims/7#/edit"
    assert (element.events, element.users, element.first_day, element.last_day) == (1, 1, D2, D2)


def test_empty_range_gives_zeros_not_errors(connection: Connection, world: World) -> None:
    later = ReportFilters(start=D2.replace(day=20), end=D2.replace(day=21))
    report = overview(connection, world, later)
    assert report.totals.users == 0 and [d.views for d in report.days] == [0, 0]
    detail = reports.walkthrough(
        connection,
        app_id=world.app.id,
        timezone=world.app.timezone,
        guide_id=world.walkthrough.id,
        name="",
        filters=later,
    )
    assert (detail.started, detail.median_seconds, detail.versions) == (0, None, [])
    assert (
        reports.search(
            connection, app_id=world.app.id, timezone=world.app.timezone, filters=later
        ).searches
        == 0
    )


def test_a_person_who_changes_role_counts_under_the_new_one(
    connection: Connection, world: World, engine: Engine
) -> None:
    promoted = {"role": "approver"}
    later = [event("help_opened", "2026-11-11T15:00:00")]
    ingest(engine, world.app, later, visitor="browser-dave", user="dave", traits=promoted)
    report = overview(connection, world, APPROVERS)
    assert report.totals.users == 3  # anna, carla, and now dave, with his earlier views
    assert report.totals.views == 5
    clerks = overview(connection, world, replace(BOTH_DAYS, trait="role", trait_value="clerk"))
    assert clerks.totals.users == 1  # bob
    # A batch without traits changes nothing; the same traits again write nothing.
    ingest(engine, world.app, later[:0], visitor="browser-dave", user="dave")
    assert overview(connection, world, APPROVERS).totals.users == 3
