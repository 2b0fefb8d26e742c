"""Who was seen, written behind: the context API never writes to the database itself.

Requests only touch a dictionary; a background thread upserts the latest identity and
traits of every visitor seen, and merges anonymous state into identified users, every
couple of seconds (and once more at shutdown).
"""

import logging
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, and_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from wegwijs.db import utcnow
from wegwijs.visitors.models import Visitor, VisitorState

log = logging.getLogger(__name__)
FLUSH_INTERVAL_SECONDS = 2.0
STATE_TIMESTAMPS = ("started_at", "completed_at", "dismissed_at", "acknowledged_at")


def subject_for(*, visitor_id: str, user_id: str | None) -> str:
    """Identified people's state follows them across devices; anonymous state stays put."""
    return f"u:{user_id}" if user_id is not None else f"v:{visitor_id}"


@dataclass
class Sighting:
    app_id: int
    visitor_id: str
    user_id: str | None
    traits: dict[str, Any]
    at: datetime


class VisitorRecorder:
    def __init__(self, engine: Engine, *, interval: float = FLUSH_INTERVAL_SECONDS) -> None:
        self._engine = engine
        self._interval = interval
        self._pending: dict[tuple[int, str], Sighting] = {}
        self._merged: set[tuple[int, str, str]] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def seen(
        self, *, app_id: int, visitor_id: str, user_id: str | None, traits: dict[str, Any]
    ) -> None:
        sighting = Sighting(app_id, visitor_id, user_id, traits, utcnow())
        with self._lock:
            previous = self._pending.get((app_id, visitor_id))
            if previous is not None and not traits:
                sighting.traits = previous.traits
            self._pending[(app_id, visitor_id)] = sighting

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="wegwijs-visitors", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self.flush()

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                self.flush()
            except Exception:  # a failed flush is retried with the next one
                log.exception("could not record visitors")

    def flush(self) -> None:
        with self._lock:
            pending, self._pending = self._pending, {}
        if not pending:
            return
        try:
            with self._engine.begin() as connection:
                for sighting in pending.values():
                    _upsert_visitor(connection, sighting)
                    self._merge_once(connection, sighting)
        except Exception:
            with self._lock:  # keep them for the next attempt, newer sightings win
                self._pending = {**pending, **self._pending}
            raise

    def _merge_once(self, connection: Connection, sighting: Sighting) -> None:
        if sighting.user_id is None:
            return
        key = (sighting.app_id, sighting.visitor_id, sighting.user_id)
        if key in self._merged:
            return
        merge_anonymous_state(
            connection,
            app_id=sighting.app_id,
            visitor_id=sighting.visitor_id,
            user_id=sighting.user_id,
        )
        if len(self._merged) > 100_000:  # a bound, not a cache policy: merging is idempotent
            self._merged.clear()
        self._merged.add(key)


def _upsert_visitor(connection: Connection, sighting: Sighting) -> None:
    table: Table = Visitor.__table__  # type: ignore[attr-defined]
    dialect = sqlite if connection.dialect.name == "sqlite" else postgresql
    values: dict[str, Any] = {
        "app_id": sighting.app_id,
        "visitor_id": sighting.visitor_id,
        "user_id": sighting.user_id,
        "traits": sighting.traits,
        "last_seen_at": sighting.at,
        "created_at": sighting.at,
        "updated_at": sighting.at,
    }
    statement = dialect.insert(table).values(values)
    changes: dict[str, Any] = {"last_seen_at": sighting.at, "updated_at": sighting.at}
    if sighting.user_id is not None:
        changes["user_id"] = sighting.user_id
    if sighting.traits:
        changes["traits"] = statement.excluded.traits
    connection.execute(
        statement.on_conflict_do_update(index_elements=["app_id", "visitor_id"], set_=changes)
    )


def merge_anonymous_state(
    connection: Connection, *, app_id: int, visitor_id: str, user_id: str
) -> None:
    """Move a browser's anonymous progress to the person who just identified.

    Where both have progress in the same guide, the person's row keeps its values and
    takes over whatever only the anonymous row had (e.g. it was completed anonymously).
    """
    table: Table = VisitorState.__table__  # type: ignore[attr-defined]
    anonymous = subject_for(visitor_id=visitor_id, user_id=None)
    person = subject_for(visitor_id=visitor_id, user_id=user_id)
    in_app = table.c.app_id == app_id
    rows = connection.execute(
        select(table).where(in_app, table.c.subject.in_([anonymous, person]))
    ).all()
    theirs = {row.guide_id: row for row in rows if row.subject == person}
    for row in (row for row in rows if row.subject == anonymous):
        target = theirs.get(row.guide_id)
        where = and_(in_app, table.c.id == row.id)
        if target is None:
            connection.execute(update(table).where(where).values(subject=person))
            continue
        filled = {
            column: getattr(row, column)
            for column in STATE_TIMESTAMPS
            if getattr(target, column) is None and getattr(row, column) is not None
        }
        filled["seen_count"] = target.seen_count + row.seen_count
        connection.execute(update(table).where(table.c.id == target.id).values(**filled))
        connection.execute(table.delete().where(where))


def load_states(
    connection: Connection, *, app_id: int, visitor_id: str, user_id: str | None
) -> dict[int, dict[str, Any]]:
    """This person's progress per guide; identified rows win over not-yet-merged ones."""
    table: Table = VisitorState.__table__  # type: ignore[attr-defined]
    subjects = [subject_for(visitor_id=visitor_id, user_id=None)]
    if user_id is not None:
        subjects.append(subject_for(visitor_id=visitor_id, user_id=user_id))
    rows = connection.execute(
        select(
            table.c.guide_id,
            table.c.subject,
            table.c.version,
            table.c.current_step_id,
            table.c.seen_count,
            *(table.c[column] for column in STATE_TIMESTAMPS),
        ).where(table.c.app_id == app_id, table.c.subject.in_(subjects))
    ).all()
    states: dict[int, dict[str, Any]] = {}
    for row in sorted(rows, key=lambda row: row.subject.startswith("u:")):
        states[row.guide_id] = {
            "seen": row.seen_count,
            "step_id": row.current_step_id,
            "version": row.version,
            "started": row.started_at is not None,
            "completed": row.completed_at is not None,
            "dismissed": row.dismissed_at is not None,
            "acknowledged": row.acknowledged_at is not None,
        }
    return states
