"""Retention and erasure: old events leave with their roll-ups, and one person can be forgotten.

Roll-ups carry the person key that makes unique counts and erasure exact, so they are
personal data just like the events. Wegwijs therefore keeps no aggregate history past the
retention period: purging a day removes its events and its roll-ups together, and the
dashboards then start at the oldest day kept.
"""

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

from pydantic import BaseModel
from sqlalchemy import Delete, Table, delete, select, update
from sqlalchemy.engine import Connection

from wegwijs.analytics.models import (
    PERSON_TABLES,
    ROLLUP_TABLES,
    DayRollup,
    Event,
    PersonRollup,
    TraitRollup,
)
from wegwijs.analytics.rollups import CLIENT_CLOCK_WINDOW, occurred_at, zone_named
from wegwijs.apps.models import App
from wegwijs.visitors.models import Visitor, VisitorState
from wegwijs.visitors.recorder import subject_for

EVENTS: Table = Event.__table__  # type: ignore[attr-defined]
TRAITS: Table = TraitRollup.__table__  # type: ignore[attr-defined]
PEOPLE: Table = PersonRollup.__table__  # type: ignore[attr-defined]
VISITORS: Table = Visitor.__table__  # type: ignore[attr-defined]
STATES: Table = VisitorState.__table__  # type: ignore[attr-defined]
APPS: Table = App.__table__  # type: ignore[attr-defined]
CHUNK = 500


class Forgotten(BaseModel):
    """What erasing one person removed."""

    events: int
    states: int
    visitors: int
    rollup_rows: int


class Purged(BaseModel):
    """What a retention purge removed from one app."""

    app_key: str
    kept_from: date
    """The oldest day still reported, in the app's time zone."""
    events: int
    rollup_rows: int


def forget_person(connection: Connection, *, app_id: int, user_id: str) -> Forgotten:
    """Delete one person's events, progress, visitor records and roll-up rows (right to
    erasure), leaving everyone else's numbers exactly as they were.

    The person is the identified `user_id` plus the browsers they signed in on: a browser's
    anonymous activity before `identify` is theirs too, unless someone else has signed in
    on that browser since (then it is no longer known to be theirs, and stays).
    """
    browsers = set(
        connection.execute(
            select(VISITORS.c.visitor_id).where(
                VISITORS.c.app_id == app_id, VISITORS.c.user_id == user_id
            )
        ).scalars()
    )
    seen_on = set(
        connection.execute(
            select(EVENTS.c.visitor_id)
            .distinct()
            .where(EVENTS.c.app_id == app_id, EVENTS.c.user_id == user_id)
        ).scalars()
    )
    unknown = seen_on - browsers
    for chunk in _chunks(sorted(unknown)):
        recorded = connection.execute(
            select(VISITORS.c.visitor_id).where(
                VISITORS.c.app_id == app_id, VISITORS.c.visitor_id.in_(chunk)
            )
        ).scalars()
        unknown -= set(recorded)  # another person's browser now
    browsers |= unknown
    subjects = [subject_for(visitor_id="", user_id=user_id)] + [
        subject_for(visitor_id=browser, user_id=None) for browser in sorted(browsers)
    ]
    events = _deleted(
        connection, delete(EVENTS).where(EVENTS.c.app_id == app_id, EVENTS.c.user_id == user_id)
    )
    visitors = _deleted(
        connection,
        delete(VISITORS).where(VISITORS.c.app_id == app_id, VISITORS.c.user_id == user_id),
    )
    for chunk in _chunks(sorted(browsers)):
        events += _deleted(
            connection,
            delete(EVENTS).where(
                EVENTS.c.app_id == app_id,
                EVENTS.c.user_id.is_(None),
                EVENTS.c.visitor_id.in_(chunk),
            ),
        )
        visitors += _deleted(
            connection,
            delete(VISITORS).where(VISITORS.c.app_id == app_id, VISITORS.c.visitor_id.in_(chunk)),
        )
    states = 0
    rollup_rows = 0
    for chunk in _chunks(subjects):
        states += _deleted(
            connection,
            delete(STATES).where(STATES.c.app_id == app_id, STATES.c.subject.in_(chunk)),
        )
        people = list(
            connection.execute(
                select(PEOPLE.c.id).where(PEOPLE.c.app_id == app_id, PEOPLE.c.subject.in_(chunk))
            ).scalars()
        )
        if people:
            for table in PERSON_TABLES:
                rollup_rows += _deleted(
                    connection,
                    delete(table).where(table.c.app_id == app_id, table.c.person_id.in_(people)),
                )
            _deleted(connection, delete(PEOPLE).where(PEOPLE.c.id.in_(people)))
    return Forgotten(events=events, states=states, visitors=visitors, rollup_rows=rollup_rows)


def purge_before(
    connection: Connection, *, app_id: int, older_than: timedelta, now: datetime
) -> Purged:
    """Delete an app's events older than `older_than`, and their roll-ups.

    Retention counts whole days in the app's time zone, the days the reports show: a day
    is either kept entirely or removed entirely, events and roll-ups alike. An event
    belongs to the day it happened (`occurred_at`), which may be up to a week before the
    server stored it.
    """
    app = connection.execute(select(APPS.c.key, APPS.c.timezone).where(APPS.c.id == app_id)).one()
    zone = zone_named(app.timezone)
    kept_from = (now - older_than).astimezone(zone).date()
    cutoff = datetime.combine(kept_from, time(), tzinfo=zone).astimezone(UTC)
    in_app = EVENTS.c.app_id == app_id
    events = _deleted(connection, delete(EVENTS).where(in_app, EVENTS.c.server_time < cutoff))
    # Stored after the cutoff, but happened before it by the browser's clock.
    late = connection.execute(
        select(EVENTS.c.id, EVENTS.c.client_time, EVENTS.c.server_time).where(
            in_app,
            EVENTS.c.server_time < cutoff + CLIENT_CLOCK_WINDOW,
            EVENTS.c.client_time < cutoff,
        )
    ).all()
    old = [row.id for row in late if occurred_at(row.client_time, row.server_time) < cutoff]
    for chunk in _chunks(old):
        events += _deleted(connection, delete(EVENTS).where(in_app, EVENTS.c.id.in_(chunk)))
    rollup_rows = 0
    for table in ROLLUP_TABLES:
        rollup_rows += _deleted(
            connection, delete(table).where(table.c.app_id == app_id, table.c.day < kept_from)
        )
    # A run begun before the cutoff is forgotten too (its completion will not be timed).
    connection.execute(
        update(STATES)
        .where(STATES.c.app_id == app_id, STATES.c.run_started_at < cutoff)
        .values(run_started_at=None)
    )
    # People with no day left are forgotten too: their number, name and traits.
    visits = DayRollup.__table__  # type: ignore[attr-defined]
    gone = (
        select(PEOPLE.c.id)
        .where(PEOPLE.c.app_id == app_id)
        .except_(select(visits.c.person_id).where(visits.c.app_id == app_id))
    )
    gone_ids = list(connection.execute(gone).scalars())
    for chunk in _chunks(gone_ids):
        _deleted(
            connection,
            delete(TRAITS).where(TRAITS.c.app_id == app_id, TRAITS.c.person_id.in_(chunk)),
        )
        _deleted(connection, delete(PEOPLE).where(PEOPLE.c.id.in_(chunk)))
    return Purged(app_key=app.key, kept_from=kept_from, events=events, rollup_rows=rollup_rows)


def _deleted(connection: Connection, statement: Delete) -> int:
    return connection.execute(statement).rowcount


def _chunks(values: Sequence[str] | Sequence[int]) -> list[list[object]]:
    """Keep `IN (...)` lists far below either database's limit on bound parameters."""
    return [list(values[start : start + CHUNK]) for start in range(0, len(values), CHUNK)]
