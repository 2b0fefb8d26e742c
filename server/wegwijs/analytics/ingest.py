"""Storing event batches: each event exactly once, visitor state moved only by new rows.

The unique key (app, event id) and the database's own insert-or-ignore decide what is new;
`RETURNING` tells which rows were really inserted, and only those update visitor state,
in the same transaction. A replayed or racing duplicate batch therefore changes nothing.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from pydantic import ValidationError
from sqlalchemy import Table, func
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from wegwijs.analytics.models import Event
from wegwijs.analytics.schemas import EventBatch, EventIn, EventName, IngestResult, Rejected
from wegwijs.visitors.models import VisitorState
from wegwijs.visitors.recorder import subject_for

EVENTS: Table = Event.__table__  # type: ignore[attr-defined]
STATES: Table = VisitorState.__table__  # type: ignore[attr-defined]


def scrub_url(url: str | None, denylist: Iterable[str]) -> str | None:
    """Drop query parameters that may carry personal data or secrets (email, token, ...)."""
    if not url:
        return url
    denied = {name.lower() for name in denylist}
    parts = urlsplit(url)
    if not parts.query or not denied:
        return url
    kept = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() not in denied
    ]
    return urlunsplit(parts._replace(query=urlencode(kept)))


@dataclass
class Sorted:
    """A batch split into events to store and events that never will be."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    events: dict[str, EventIn] = field(default_factory=dict)
    rejected: list[Rejected] = field(default_factory=list)


def sort_batch(
    batch: EventBatch,
    *,
    app_id: int,
    guide_ids: frozenset[int],
    denylist: Sequence[str],
    now: datetime,
) -> Sorted:
    result = Sorted()
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
        result.rows.append(_row(event, batch, app_id=app_id, denylist=denylist, now=now))
    return result


def _row(
    event: EventIn, batch: EventBatch, *, app_id: int, denylist: Sequence[str], now: datetime
) -> dict[str, Any]:
    return {
        "app_id": app_id,
        "event_id": event.id,
        "name": event.name.value,
        "custom_name": event.custom_name,
        "guide_id": event.guide_id,
        "guide_version": event.version,
        "step_id": event.step_id,
        "visitor_id": batch.visitor_id,
        "user_id": batch.user_id,
        "session_id": batch.session_id,
        "url": scrub_url(event.url, denylist),
        "locale": event.locale or batch.locale,
        "client_time": event.ts,
        "server_time": now,
        "props": event.props,
    }


def store_batch(
    connection: Connection, sorted_batch: Sorted, *, batch: EventBatch, app_id: int, now: datetime
) -> IngestResult:
    """Insert what is new and move visitor state by exactly those events, in one transaction."""
    inserted: set[str] = set()
    if sorted_batch.rows:
        dialect = sqlite if connection.dialect.name == "sqlite" else postgresql
        statement = (
            dialect.insert(EVENTS)
            .on_conflict_do_nothing(index_elements=["app_id", "event_id"])
            .returning(EVENTS.c.event_id)
        )
        inserted = set(connection.scalars(statement, sorted_batch.rows).all())
        new_events = [
            sorted_batch.events[event_id]
            for event_id in sorted_batch.events
            if event_id in inserted
        ]
        subject = subject_for(visitor_id=batch.visitor_id, user_id=batch.user_id)
        apply_to_state(connection, new_events, app_id=app_id, subject=subject, now=now)
    return IngestResult(accepted=list(sorted_batch.events), rejected=sorted_batch.rejected)


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
    changes: dict[int, dict[str, Any]] = {}
    for event in sorted(events, key=lambda each: each.ts or now):
        effect = _STATE_EFFECTS.get(event.name)
        if effect is None or event.guide_id is None:
            continue
        at = event.ts or now
        change = changes.setdefault(
            event.guide_id, _blank_change(app_id, subject, event.guide_id, now)
        )
        change["version"] = event.version if event.version is not None else change["version"]
        change["seen_count"] += effect.get("seen", 0)
        change["last_seen_at"] = at
        if effect.get("step") and event.step_id:
            change["current_step_id"] = event.step_id
        for flag in ("started", "completed", "dismissed", "acknowledged"):
            if effect.get(flag) and change[f"{flag}_at"] is None:
                change[f"{flag}_at"] = at
    if changes:
        connection.execute(_state_upsert(connection), list(changes.values()))


def _blank_change(app_id: int, subject: str, guide_id: int, now: datetime) -> dict[str, Any]:
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


def _state_upsert(connection: Connection) -> Any:
    dialect = sqlite if connection.dialect.name == "sqlite" else postgresql
    statement = dialect.insert(STATES)
    new = statement.excluded
    return statement.on_conflict_do_update(
        index_elements=["app_id", "subject", "guide_id"],
        set_={
            "version": func.coalesce(new.version, STATES.c.version),
            "current_step_id": func.coalesce(new.current_step_id, STATES.c.current_step_id),
            "seen_count": STATES.c.seen_count + new.seen_count,
            "started_at": func.coalesce(STATES.c.started_at, new.started_at),
            "completed_at": func.coalesce(STATES.c.completed_at, new.completed_at),
            "dismissed_at": func.coalesce(STATES.c.dismissed_at, new.dismissed_at),
            "acknowledged_at": func.coalesce(STATES.c.acknowledged_at, new.acknowledged_at),
            "last_seen_at": func.coalesce(new.last_seen_at, STATES.c.last_seen_at),
            "updated_at": new.updated_at,
        },
    )
