"""Erasure removes exactly one person's data; retention removes whole days, events and
roll-ups together."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session, func

from tests.analytics.scenario import (
    BOTH_DAYS,
    D1,
    D2,
    NOW,
    World,
    add_visitor,
    build,
    event,
    ingest,
    rollup_rows,
)
from tests.factories import make_app
from wegwijs.analytics import reports
from wegwijs.analytics.erasure import forget_person, purge_before
from wegwijs.analytics.models import (
    PERSON_TABLES,
    ROLLUP_TABLES,
    Event,
    PersonRollup,
)
from wegwijs.analytics.reports import ReportFilters
from wegwijs.visitors.models import Visitor, VisitorState

BOB = {"u:bob", "v:browser-bob1"}


def every_report(engine: Engine, world: World, filters: ReportFilters) -> dict[str, Any]:
    app_id, timezone = world.app.id, world.app.timezone
    with engine.connect() as c:
        return {
            "overview": reports.overview(c, app_id=app_id, timezone=timezone, filters=filters),
            "walkthroughs": reports.walkthroughs(
                c, app_id=app_id, timezone=timezone, filters=filters
            ),
            "walkthrough": reports.walkthrough(
                c,
                app_id=app_id,
                timezone=timezone,
                guide_id=world.walkthrough.id,
                name="",
                filters=filters,
            ),
            "search": reports.search(c, app_id=app_id, timezone=timezone, filters=filters),
            "feedback": reports.feedback(c, app_id=app_id, timezone=timezone, filters=filters),
            "health": reports.health(c, app_id=app_id, timezone=timezone, filters=filters),
        }


def others(rows: dict[str, list[tuple]], subjects: set[str]) -> dict[str, list[tuple]]:
    """Roll-up rows of everyone but `subjects`."""
    kept = {}
    for table in PERSON_TABLES:
        position = [c.name for c in table.c if c.name != "id"].index("person_id")
        kept[table.name] = [row for row in rows[table.name] if row[position] not in subjects]
    return kept


def count(engine: Engine, model: Any, *where: Any) -> int:
    with Session(engine) as check:
        return check.exec(select(func.count()).select_from(model).where(*where)).one()[0]


def test_forgetting_bob_removes_exactly_his_data(session: Session, engine: Engine) -> None:
    world = build(session, engine, make_app(session))
    elsewhere = make_app(session, name="Elsewhere")  # a different bob, in another app
    ingest(
        engine,
        elsewhere,
        [event("help_opened", "2026-11-10T10:00:00")],
        visitor="browser-b2",
        user="bob",
    )
    before = rollup_rows(engine)
    approvers = replace(BOTH_DAYS, trait="role", trait_value="approver")
    approvers_before = every_report(engine, world, approvers)
    events_before = count(engine, Event, Event.app_id == world.app.id)
    states_before = count(engine, VisitorState)

    with engine.begin() as connection:
        forgotten = forget_person(connection, app_id=world.app.id, user_id="bob")

    # 17 events as bob, 1 on his browser before he identified; his progress in W; his
    # browser's visitor record.
    assert (forgotten.events, forgotten.states, forgotten.visitors) == (18, 1, 1)
    assert count(engine, Event, Event.app_id == world.app.id) == events_before - 18
    assert count(engine, Event, Event.user_id == "bob") == 1  # the other app's bob
    assert count(engine, VisitorState) == states_before - 1
    assert count(engine, Visitor, Visitor.visitor_id == "browser-bob1") == 0
    after = rollup_rows(engine)
    assert sum(map(len, before.values())) - sum(map(len, after.values())) == forgotten.rollup_rows
    assert others(after, BOB) == others(before, BOB)  # nobody else's rows changed
    mine = rollup_rows(engine, app_id=world.app.id)
    assert others(mine, set()) == others(mine, BOB)  # and none of his are left in this app
    assert every_report(engine, world, approvers) == approvers_before

    report = every_report(engine, world, BOTH_DAYS)
    overview = report["overview"]
    assert [(d.views, d.users, d.help_opens) for d in overview.days] == [(3, 2, 1), (3, 3, 0)]
    walkthrough = report["walkthrough"]
    assert (walkthrough.started, walkthrough.completed, walkthrough.median_seconds) == (3, 2, 150)
    assert [(q.query, q.searches) for q in report["search"].top_queries] == [("declaratie", 1)]
    assert [g.not_helpful for g in report["feedback"].guides] == [0]


def test_a_shared_browser_keeps_anonymous_data_once_someone_else_signed_in(
    session: Session, engine: Engine
) -> None:
    app = make_app(session)
    ingest(engine, app, [event("help_opened", "2026-11-10T08:00:00")], visitor="browser-shared")
    ingest(
        engine,
        app,
        [event("help_opened", "2026-11-10T09:00:00")],
        visitor="browser-shared",
        user="erin",
    )
    add_visitor(session, app, "browser-shared", "frank", {})  # frank signed in there since
    ingest(engine, app, [event("help_opened", "2026-11-10T08:00:00")], visitor="browser-erin2")
    ingest(
        engine,
        app,
        [event("help_opened", "2026-11-10T09:00:00")],
        visitor="browser-erin2",
        user="erin",
    )
    with engine.begin() as connection:
        forgotten = forget_person(connection, app_id=app.id, user_id="erin")
    # Her two identified events, and the anonymous one of the browser only she used (its
    # visitor record was not written yet).
    assert forgotten.events == 3
    left = {(r.visitor_id, r.user_id) for r in session.exec(select(Event)).scalars()}  # type: ignore[call-overload]
    assert left == {("browser-shared", None)}
    assert count(engine, Visitor) == 1


def test_purge_removes_whole_days_in_the_apps_time_zone(session: Session, engine: Engine) -> None:
    world = build(session, engine, make_app(session))
    w = world.walkthrough
    # Stored long ago by the server's clock; and a run started on D1 and never finished.
    old = datetime(2026, 11, 10, 10, 0, tzinfo=UTC)
    ingest(
        engine,
        world.app,
        [event("help_opened", "2026-11-10T09:59:00")],
        visitor="browser-old1",
        now=old,
    )
    started = event("guide_started", "2026-11-10T10:00:00", guide_id=w.id, version=1, step_id="s1")
    ingest(engine, world.app, [started], visitor="browser-gone")
    second_day = every_report(engine, world, ReportFilters(start=D2, end=D2))
    assert count(engine, VisitorState, VisitorState.run_started_at.is_not(None)) == 1

    with engine.begin() as connection:
        purged = purge_before(
            connection, app_id=world.app.id, older_than=timedelta(days=1), now=NOW
        )

    # NOW - 1 day is 12:00 on D2: D2 is kept whole, D1 goes: everything that happened
    # before D2 began in Amsterdam (23:00 UTC on D1), though stored after it.
    assert purged.kept_from == D2
    assert purged.events == 21  # 19 of the scenario, and the two above
    assert count(engine, Event, Event.app_id == world.app.id) == 46 - 19
    assert count(engine, VisitorState, VisitorState.run_started_at.is_not(None)) == 0
    assert every_report(engine, world, ReportFilters(start=D2, end=D2)) == second_day
    first_day = every_report(engine, world, ReportFilters(start=D1, end=D1))["overview"]
    assert (first_day.totals.views, first_day.totals.users) == (0, 0)
    with engine.connect() as connection:
        oldest = [
            connection.execute(
                select(func.min(table.c.day)).where(table.c.app_id == world.app.id)
            ).scalar()
            for table in ROLLUP_TABLES
        ]
    assert {day for day in oldest if day is not None} == {D2}
    # People with no day left are forgotten by the roll-ups (bob's browser, the anonymous
    # visitor, the two above); anna, bob, carla and dave still have D2.
    with Session(engine) as check:
        people = set(check.exec(select(PersonRollup.subject)).scalars())  # type: ignore[call-overload]
    assert people == {"u:anna", "u:bob", "u:carla", "u:dave"}
