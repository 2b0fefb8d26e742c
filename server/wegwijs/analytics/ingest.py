"""Storing event batches: each event exactly once, visitor state moved only by new rows.

The unique key (app, event id) and the database's own insert-or-ignore decide what is new;
`RETURNING` tells which rows were really inserted, and only those update visitor state and
the reports' roll-ups, in the same transaction. A replayed or racing duplicate batch
therefore changes nothing.
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any
from urllib.parse import unquote_plus

from pydantic import ValidationError
from sqlalchemy import Table
from sqlalchemy.engine import Connection

from wegwijs.analytics.models import Event
from wegwijs.analytics.rollups import CLIENT_CLOCK_WINDOW, Rollups
from wegwijs.analytics.schemas import EventBatch, EventIn, EventName, IngestResult, Rejected
from wegwijs.visitors.models import VisitorState
from wegwijs.visitors.recorder import subject_for

EVENTS: Table = Event.__table__  # type: ignore[attr-defined]
STATES: Table = VisitorState.__table__  # type: ignore[attr-defined]


def scrub_url(url: str | None, denylist: Sequence[str]) -> str | None:
    """Drop query parameters that may carry personal data or secrets (email, token, ...).

    The kept parameters stay byte for byte as the browser sent them; only whole
    `name=value` pairs whose (decoded, case-folded) name is denied are removed.
    """
    if not url or "?" not in url or not denylist:
        return url
    return _scrub(url, tuple(denylist))


@lru_cache(maxsize=8192)
def _scrub(url: str, denylist: tuple[str, ...]) -> str:
    # Pages repeat: the same few hundred URLs make up most events, hence the cache.
    denied = {name.lower() for name in denylist}
    base, _, rest = url.partition("?")
    query, hash_mark, fragment = rest.partition("#")
    kept = [
        pair
        for pair in query.split("&")
        if pair and unquote_plus(pair.partition("=")[0]).lower() not in denied
    ]
    scrubbed = base + ("?" + "&".join(kept) if kept else "")
    return scrubbed + hash_mark + fragment


@dataclass
class Sorted:
    """A batch split into events to store and events that never will be."""

    rows: list[tuple[Any, ...]] = field(default_factory=list)
    events: dict[str, EventIn] = field(default_factory=dict)
    rejected: list[Rejected] = field(default_factory=list)
    moments: dict[str, float] = field(default_factory=dict)
    """When each event happened (`occurred_at`, POSIX seconds), for the roll-ups."""


def sort_batch(
    batch: EventBatch,
    *,
    app_id: int,
    guide_ids: frozenset[int],
    denylist: Sequence[str],
    now: datetime,
    dialect: str,
) -> Sorted:
    result = Sorted()
    stamp = _sql_value(now, dialect)
    latest = now.timestamp()
    earliest = latest - CLIENT_CLOCK_WINDOW.total_seconds()
    for raw in batch.events:
        event_id = raw.get("id") if isinstance(raw.get("id"), str) else None
        try:
            event = EventIn.model_validate(raw)
        except ValidationError as exc:
            error = exc.errors(include_url=False, include_input=False)[0]
            where = ".".join(str(part) for part in error["loc"])
            result.rejected.append(Rejected(id=event_id, error=f"{where}: {error['msg']}"))
            continue
        problem = event.problem()
        if problem is None and event.guide_id is not None and event.guide_id not in guide_ids:
            problem = f"guide {event.guide_id} does not exist in this app"
        if problem is not None:
            result.rejected.append(Rejected(id=event.id, error=problem))
            continue
        if event.id in result.events:
            continue  # the same event twice in one batch is still one event
        result.events[event.id] = event
        # The visitor's clock in UTC, once: stored as is, and (as `occurred_at` decides)
        # when the event happened for the roll-ups.
        client_time = None if event.ts is None else event.ts.astimezone(UTC)
        moment = latest if client_time is None else client_time.timestamp()
        result.moments[event.id] = moment if earliest <= moment <= latest else latest
        row = _row(
            event,
            batch,
            app_id=app_id,
            denylist=denylist,
            client_time=None if client_time is None else _sql_value(client_time, dialect),
            stamp=stamp,
        )
        result.rows.append(row)
    return result


INSERT_CHUNK = 400
EVENT_COLUMNS = (
    "app_id",
    "event_id",
    "name",
    "custom_name",
    "guide_id",
    "guide_version",
    "step_id",
    "visitor_id",
    "user_id",
    "session_id",
    "url",
    "locale",
    "client_time",
    "server_time",
    "props",
)


def _row(
    event: EventIn,
    batch: EventBatch,
    *,
    app_id: int,
    denylist: Sequence[str],
    client_time: Any,
    stamp: Any,
) -> tuple[Any, ...]:
    """The event as a row of `EVENT_COLUMNS`, values already in the database's own form."""
    return (
        app_id,
        event.id,
        event.name.value,
        event.custom_name,
        event.guide_id,
        event.version,
        event.step_id,
        batch.visitor_id,
        batch.user_id,
        batch.session_id,
        scrub_url(event.url, denylist),
        event.locale or batch.locale,
        client_time,
        stamp,
        json.dumps(event.props, separators=(",", ":")) if event.props else "{}",
    )


def store_batch(
    connection: Connection,
    sorted_batch: Sorted,
    *,
    batch: EventBatch,
    app_id: int,
    now: datetime,
    rollups: Rollups | None = None,
) -> IngestResult:
    """Insert what is new and move visitor state and roll-ups by exactly those events, in one
    transaction. A caller storing several batches in one transaction passes one `rollups`
    for all of them and writes it before committing; without it this batch's are written."""
    if sorted_batch.rows:
        inserted = insert_new_events(connection, sorted_batch.rows)
        new_events = [
            event for event_id, event in sorted_batch.events.items() if event_id in inserted
        ]
        subject = subject_for(visitor_id=batch.visitor_id, user_id=batch.user_id)
        apply_to_state(connection, new_events, app_id=app_id, subject=subject, now=now)
        collected = Rollups(connection) if rollups is None else rollups
        collected.prepare([(app_id, subject)])  # known already when the writer prepared
        collected.add_batch(
            new_events, batch=batch, app_id=app_id, subject=subject, moments=sorted_batch.moments
        )
        if rollups is None:
            collected.write()
    return IngestResult(accepted=list(sorted_batch.events), rejected=sorted_batch.rejected)


def insert_new_events(connection: Connection, rows: list[tuple[Any, ...]]) -> set[str]:
    """Multi-row INSERT .. ON CONFLICT DO NOTHING RETURNING: the database itself says which
    events are new. Plain SQL on the transaction's DB-API cursor, because per-row parameter
    processing in the ORM layer, and even SQLAlchemy's per-statement handling, cost a good
    part of the insert (this runs for every event of every visitor). Chunked so one
    statement stays far below either database's limit on bound parameters."""
    dialect = connection.dialect.name
    inserted: set[str] = set()
    cursor = connection.connection.cursor()
    try:
        for start in range(0, len(rows), INSERT_CHUNK):
            chunk = rows[start : start + INSERT_CHUNK]
            statement = _insert_events_sql(dialect, len(chunk))
            cursor.execute(statement, tuple(value for row in chunk for value in row))
            inserted.update(event_id for (event_id,) in cursor.fetchall())
    finally:
        cursor.close()
    return inserted


@lru_cache(maxsize=64)
def _insert_events_sql(dialect: str, count: int) -> str:
    mark = "?" if dialect == "sqlite" else "%s"
    group = "(" + ", ".join([mark] * len(EVENT_COLUMNS)) + ")"
    return (
        f"INSERT INTO event ({', '.join(EVENT_COLUMNS)}) VALUES {', '.join([group] * count)}"
        " ON CONFLICT (app_id, event_id) DO NOTHING RETURNING event_id"
    )


def _sql_value(value: Any, dialect: str) -> Any:
    """Stored exactly as the models' column types store them (see `UTCDateTime`)."""
    if isinstance(value, datetime):
        value = value.astimezone(UTC)
        if dialect == "sqlite":
            return value.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
        return value
    if isinstance(value, dict):
        return json.dumps(value, separators=(",", ":"))
    return value


# How each event moves a person's state in its guide. Timestamps are kept from the first
# time (COALESCE), the current step follows the latest event, views are counted.
_STATE_EFFECTS: dict[EventName, dict[str, Any]] = {
    EventName.guide_started: {"started": True, "seen": 1, "step": True},
    EventName.step_viewed: {"step": True},
    EventName.step_completed: {"step": True},
    EventName.guide_completed: {"completed": True},
    EventName.guide_dismissed: {"dismissed": True},
    EventName.tip_viewed: {"seen": 1},
    EventName.announcement_viewed: {"seen": 1},
    EventName.announcement_acknowledged: {"acknowledged": True},
}


def apply_to_state(
    connection: Connection, events: list[EventIn], *, app_id: int, subject: str, now: datetime
) -> None:
    dialect = connection.dialect.name
    stamp = _sql_value(now, dialect)
    changes: dict[int, dict[str, Any]] = {}
    for event in sorted(events, key=lambda each: each.ts or now):
        effect = _STATE_EFFECTS.get(event.name)
        if effect is None or event.guide_id is None:
            continue
        at = stamp if event.ts is None else _sql_value(event.ts, dialect)
        change = changes.get(event.guide_id)
        if change is None:
            change = changes[event.guide_id] = _blank_change(app_id, subject, event.guide_id, stamp)
        change["version"] = event.version if event.version is not None else change["version"]
        change["seen_count"] += effect.get("seen", 0)
        change["last_seen_at"] = at
        if effect.get("step") and event.step_id:
            change["current_step_id"] = event.step_id
        for flag in ("started", "completed", "dismissed", "acknowledged"):
            if effect.get(flag) and change[f"{flag}_at"] is None:
                change[f"{flag}_at"] = at
    if changes:
        rows = [tuple(change[column] for column in STATE_COLUMNS) for change in changes.values()]
        cursor = connection.connection.cursor()
        try:
            cursor.executemany(_STATE_UPSERTS[dialect], rows)
        finally:
            cursor.close()


def _blank_change(app_id: int, subject: str, guide_id: int, now: Any) -> dict[str, Any]:
    """A state row with nothing happened yet; `now` is already in the database's form."""
    return {
        "app_id": app_id,
        "subject": subject,
        "guide_id": guide_id,
        "version": None,
        "current_step_id": None,
        "seen_count": 0,
        "started_at": None,
        "completed_at": None,
        "dismissed_at": None,
        "acknowledged_at": None,
        "last_seen_at": None,
        "created_at": now,
        "updated_at": now,
    }


STATE_COLUMNS = (
    "app_id",
    "subject",
    "guide_id",
    "version",
    "current_step_id",
    "seen_count",
    "started_at",
    "completed_at",
    "dismissed_at",
    "acknowledged_at",
    "last_seen_at",
    "created_at",
    "updated_at",
)
_STATE_UPSERT = (
    f"INSERT INTO visitor_state ({', '.join(STATE_COLUMNS)}) VALUES ({{marks}})"
    " ON CONFLICT (app_id, subject, guide_id) DO UPDATE SET"
    " version = COALESCE(excluded.version, visitor_state.version),"
    " current_step_id = COALESCE(excluded.current_step_id, visitor_state.current_step_id),"
    " seen_count = visitor_state.seen_count + excluded.seen_count,"
    " started_at = COALESCE(visitor_state.started_at, excluded.started_at),"
    " completed_at = COALESCE(visitor_state.completed_at, excluded.completed_at),"
    " dismissed_at = COALESCE(visitor_state.dismissed_at, excluded.dismissed_at),"
    " acknowledged_at = COALESCE(visitor_state.acknowledged_at, excluded.acknowledged_at),"
    " last_seen_at = COALESCE(excluded.last_seen_at, visitor_state.last_seen_at),"
    " updated_at = excluded.updated_at"
)
_STATE_UPSERTS = {
    "sqlite": _STATE_UPSERT.format(marks=", ".join(["?"] * len(STATE_COLUMNS))),
    "postgresql": _STATE_UPSERT.format(marks=", ".join(["%s"] * len(STATE_COLUMNS))),
}
