"""Roll-ups kept on ingest: only rows really inserted count, a rebuild gives the same rows."""

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from tests.analytics.scenario import BOTH_DAYS, DENYLIST, NOW, build, event, ingest, rollup_rows
from tests.delivery_factories import publish, step
from tests.factories import make_app
from wegwijs.analytics import reports
from wegwijs.analytics.ingest import sort_batch
from wegwijs.analytics.models import ActivityRollup, Event
from wegwijs.analytics.rollups import fold_query, occurred_at, page_of, rebuild_rollups
from wegwijs.analytics.schemas import EventBatch
from wegwijs.analytics.writer import EventWriter, Work
from wegwijs.visitors.models import VisitorState


def test_a_replayed_batch_changes_no_rollup(session: Session, engine: Engine) -> None:
    app = make_app(session)
    guide = publish(session, app, steps=[step("s1"), step("s2")])
    events = [
        event("guide_started", "2026-11-10T09:00:00", guide_id=guide.id, version=1, step_id="s1"),
        event("step_viewed", "2026-11-10T09:00:00", guide_id=guide.id, version=1, step_id="s1"),
        event("guide_completed", "2026-11-10T09:01:00", guide_id=guide.id, version=1),
        event("search_performed", "2026-11-10T09:02:00", props={"query": "x", "results": 0}),
        event("custom", "2026-11-10T09:03:00", custom_name="export"),
    ]
    ingest(engine, app, events, visitor="browser-anna", user="anna")
    first = rollup_rows(engine)
    counted = {name: len(rows) for name, rows in first.items() if rows}
    assert counted == {
        "rollup_day": 1,  # anna's day
        "rollup_day_locale": 1,  # her day in Dutch
        "rollup_activity": 1,  # her day in the walkthrough, steps and time included
        "rollup_search": 1,
        "rollup_custom": 1,
    }
    ingest(engine, app, events, visitor="browser-anna", user="anna")  # a retry
    ingest(engine, app, [events[2], events[0]], visitor="browser-anna", user="anna")
    assert rollup_rows(engine) == first


def test_a_rebuild_from_the_events_equals_what_ingest_kept(
    session: Session, engine: Engine
) -> None:
    world = build(session, engine, make_app(session))
    other = make_app(session, name="Other")
    ingest(engine, other, [event("help_opened", "2026-11-10T10:00:00")], visitor="browser-o1")
    kept = rollup_rows(engine)
    with engine.begin() as connection:
        counted = rebuild_rollups(connection, app_id=world.app.id)
    with Session(engine) as check:
        stored = check.exec(
            select(func.count()).select_from(Event).where(Event.app_id == world.app.id)
        ).one()
    assert counted == stored == 46
    assert rollup_rows(engine) == kept


def test_a_rebuild_recounts_days_after_a_time_zone_change(session: Session, engine: Engine) -> None:
    app = make_app(session)
    ingest(engine, app, [event("help_opened", "2026-11-10T23:30:00")], visitor="browser-a1")
    app.timezone = "UTC"
    session.add(app)
    session.commit()
    with engine.begin() as connection:
        rebuild_rollups(connection, app_id=app.id)
    with engine.connect() as connection:
        report = reports.overview(
            connection, app_id=app.id, timezone=app.timezone, filters=BOTH_DAYS
        )
    assert [d.help_opens for d in report.days] == [1, 0]  # 23:30 UTC is D1 in UTC


def test_durations_pair_a_completion_with_its_browsers_latest_start(
    session: Session, engine: Engine
) -> None:
    app = make_app(session)
    guide = publish(session, app)
    fields = {"guide_id": guide.id, "version": 1, "step_id": "s1"}

    def send(name: str, at: str, browser: str) -> None:
        ingest(engine, app, [event(name, f"2026-11-10T{at}", **fields)], visitor=browser)

    send("guide_started", "09:00:00", "browser-one")
    send("guide_started", "09:10:00", "browser-one")  # started again
    send("guide_started", "09:00:00", "browser-two")
    send("guide_dismissed", "09:01:00", "browser-two")
    send("guide_completed", "09:12:30", "browser-one")  # from 09:10, two batches earlier
    send("guide_completed", "09:20:00", "browser-two")  # its run ended when dismissed
    with Session(engine) as check:
        seconds = sorted(
            (row.seconds is None, row.seconds) for row in check.exec(select(ActivityRollup)).all()
        )
        runs = check.exec(
            select(func.count())
            .select_from(VisitorState)
            .where(VisitorState.run_started_at.is_not(None))  # type: ignore[union-attr]
        ).one()
    assert seconds == [(False, 150.0), (True, None)]  # the dismissed run had no start left
    assert runs == 0  # no run in progress: both ended


def test_the_writers_group_commit_counts_like_single_batches(
    session: Session, engine: Engine
) -> None:
    """Several batches in one transaction share one roll-up write."""
    app = make_app(session)
    guide = publish(session, app)
    fields = {"guide_id": guide.id, "version": 1, "step_id": "s1"}
    batches = [
        [event("guide_started", "2026-11-10T09:00:00", **fields)],
        [event("guide_completed", "2026-11-10T09:00:30", **fields)],
        [event("help_opened", "2026-11-10T09:01:00")],
    ]
    works = []
    for events in batches:
        batch = EventBatch.model_validate({"visitor_id": "browser-g1", "events": events})
        sorted_batch = sort_batch(
            batch,
            app_id=app.id,
            guide_ids=frozenset({guide.id}),
            denylist=DENYLIST,
            now=NOW,
            dialect=engine.dialect.name,
        )
        works.append(Work(sorted_batch=sorted_batch, batch=batch, app_id=app.id, now=NOW))
    writer = EventWriter(engine)
    asyncio.run(_store_together(writer, works))
    grouped = rollup_rows(engine)
    with engine.begin() as connection:
        rebuild_rollups(connection, app_id=app.id)
    assert rollup_rows(engine) == grouped
    assert [row[-1] for row in grouped["rollup_activity"]] == [30.0]  # seconds to complete


async def _store_together(writer: EventWriter, works: list[Work]) -> None:
    await asyncio.gather(*(writer.store(work) for work in works))


def test_when_an_event_happened() -> None:
    server = datetime(2026, 11, 12, 12, 0, tzinfo=UTC)
    queued = server - timedelta(days=2)
    assert occurred_at(queued, server) == queued  # sent late from the widget's queue
    assert occurred_at(None, server) == server
    assert occurred_at(server + timedelta(minutes=2), server) == server  # clock ahead
    assert occurred_at(server - timedelta(days=8), server) == server  # clock far behind


def test_pages_and_queries_as_reports_group_them() -> None:
    assert page_of("https://a.example/claims/7?token=x#top") == "https://a.example/claims/7"
    assert page_of("https://a.example/app#/orders/12?tab=2") == "https://a.example/app#/orders/12"
    assert page_of("/relative/path?q=1") == "/relative/path"
    assert page_of(None) == ""
    assert fold_query("  Reis   KOSTEN ") == "reis kosten"
    assert fold_query(42) == ""
