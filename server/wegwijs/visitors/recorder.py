"""Who was seen, written behind: the context API never writes to the database itself.

Requests only touch a dictionary; a background thread upserts the latest identity and
traits of every visitor seen, and merges anonymous state into identified users, every
couple of seconds (and once more at shutdown).
"""

import json
import logging
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, and_, select, update
from sqlalchemy.engine import Connection, Engine

from wegwijs.db import utcnow
from wegwijs.visitors.models import VisitorState

log = logging.getLogger(__name__)
FLUSH_INTERVAL_SECONDS = 1.0
LAST_SEEN_RESOLUTION_SECONDS = 300
UPSERT_CHUNK = 100
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
        # Plain tuples, not objects: the garbage collector stops tracking tuples and dicts of
        # atomic values, so tens of thousands of entries add nothing to its pauses.
        self._written: dict[tuple[int, str], tuple[str | None, dict[str, Any], datetime]] = {}
        self._merged: set[tuple[int, str, str]] = set()
        self._installs: dict[int, tuple[str, datetime]] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def seen(
        self, *, app_id: int, visitor_id: str, user_id: str | None, traits: dict[str, Any]
    ) -> None:
        key = (app_id, visitor_id)
        sighting = Sighting(app_id, visitor_id, user_id, traits, utcnow())
        written = self._written.get(key)
        if written is not None and _adds_nothing(sighting, written):
            return
        with self._lock:
            previous = self._pending.get(key)
            if previous is not None and not traits:
                sighting.traits = previous.traits
            self._pending[key] = sighting

    def widget_seen(self, *, app_id: int, origin: str) -> None:
        """The install check ("widget last seen from <origin> at <time>"), written behind."""
        self._installs[app_id] = (origin, utcnow())

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
        self._flush_installs()
        with self._lock:
            pending, self._pending = self._pending, {}
        if not pending:
            return
        sightings = list(pending.values())
        try:
            with self._engine.begin() as connection:
                upsert_visitors(connection, sightings)
                self._merge_new_identities(connection, sightings)
        except Exception:
            with self._lock:  # keep them for the next attempt, newer sightings win
                self._pending = {**pending, **self._pending}
            raise
        if len(self._written) > 200_000:  # a bound on memory, not a cache policy
            self._written.clear()
        self._written.update(
            (key, (each.user_id, each.traits, each.at)) for key, each in pending.items()
        )

    def _flush_installs(self) -> None:
        installs, self._installs = self._installs, {}
        if not installs:
            return
        with self._engine.begin() as connection:
            dialect = connection.dialect.name
            mark = "?" if dialect == "sqlite" else "%s"
            connection.exec_driver_sql(
                f"UPDATE app SET widget_seen_origin = {mark}, widget_seen_at = {mark}"
                f" WHERE id = {mark}",
                [
                    (origin[:300], _timestamp(at, dialect), app_id)
                    for app_id, (origin, at) in installs.items()
                ],
            )

    def _merge_new_identities(self, connection: Connection, sightings: list[Sighting]) -> None:
        """Merge once per browser and person, and only where anonymous progress exists."""
        fresh = [
            sighting
            for sighting in sightings
            if sighting.user_id is not None
            and (sighting.app_id, sighting.visitor_id, sighting.user_id) not in self._merged
        ]
        for sighting in with_anonymous_state(connection, fresh):
            assert sighting.user_id is not None
            merge_anonymous_state(
                connection,
                app_id=sighting.app_id,
                visitor_id=sighting.visitor_id,
                user_id=sighting.user_id,
            )
        if len(self._merged) > 200_000:  # merging is idempotent: forgetting only costs a query
            self._merged.clear()
        self._merged.update((s.app_id, s.visitor_id, s.user_id or "") for s in fresh)


def _adds_nothing(sighting: Sighting, written: tuple[str | None, dict[str, Any], datetime]) -> bool:
    """Same person and traits, written recently: "last seen" need not be exact to the second."""
    user_id, traits, at = written
    return (
        sighting.user_id == user_id
        and (not sighting.traits or sighting.traits == traits)
        and (sighting.at - at).total_seconds() < LAST_SEEN_RESOLUTION_SECONDS
    )


_UPSERT_VISITOR = (
    "INSERT INTO visitor (app_id, visitor_id, user_id, traits, last_seen_at, created_at,"
    " updated_at) VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p})"
    " ON CONFLICT (app_id, visitor_id) DO UPDATE SET"
    " last_seen_at = excluded.last_seen_at, updated_at = excluded.updated_at,"
    " user_id = COALESCE(excluded.user_id, visitor.user_id),"
    " traits = CASE WHEN excluded.user_id IS NULL AND visitor.user_id IS NOT NULL"
    "   THEN visitor.traits WHEN {empty} THEN visitor.traits ELSE excluded.traits END"
)
_UPSERTS = {
    "sqlite": _UPSERT_VISITOR.format(p="?", empty="excluded.traits = '{}'"),
    "postgresql": _UPSERT_VISITOR.format(p="%s", empty="excluded.traits::text = '{}'"),
}


def upsert_visitors(connection: Connection, sightings: list[Sighting]) -> None:
    """Plain-SQL executemany in small chunks: this runs beside the request loop, so it must
    not hold the GIL for long (SQLAlchemy's per-row processing, or one huge batch, would
    show up as latency spikes in the context API). Empty traits never wipe known ones, and
    an anonymous sighting never unsets a person."""
    dialect = connection.dialect.name
    for start in range(0, len(sightings), UPSERT_CHUNK):
        rows = [
            (
                sighting.app_id,
                sighting.visitor_id,
                sighting.user_id,
                json.dumps(sighting.traits, separators=(",", ":")),
                *([_timestamp(sighting.at, dialect)] * 3),
            )
            for sighting in sightings[start : start + UPSERT_CHUNK]
        ]
        connection.exec_driver_sql(_UPSERTS[dialect], rows)
        time.sleep(0)  # let the serving thread run between chunks


def _timestamp(moment: datetime, dialect: str) -> datetime | str:
    """What `UTCDateTime` would store: naive UTC text on SQLite, aware values on PostgreSQL."""
    if dialect != "sqlite":
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def with_anonymous_state(connection: Connection, sightings: list[Sighting]) -> list[Sighting]:
    """The sightings whose browser has anonymous progress to merge (usually none)."""
    table: Table = VisitorState.__table__  # type: ignore[attr-defined]
    found: list[Sighting] = []
    by_app: dict[int, list[Sighting]] = {}
    for sighting in sightings:
        by_app.setdefault(sighting.app_id, []).append(sighting)
    for app_id, group in by_app.items():
        for start in range(0, len(group), 500):
            chunk = group[start : start + 500]
            subjects = {subject_for(visitor_id=s.visitor_id, user_id=None): s for s in chunk}
            having = connection.execute(
                select(table.c.subject)
                .distinct()
                .where(table.c.app_id == app_id, table.c.subject.in_(list(subjects)))
            ).scalars()
            found.extend(subjects[subject] for subject in having)
    return found


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


_STATE_COLUMNS = "guide_id, subject, version, current_step_id, seen_count, " + ", ".join(
    STATE_TIMESTAMPS
)
# Plain SQL on the hot path: building and compiling an expression per request costs more
# than the query itself. One statement per placeholder style (sqlite3 vs psycopg).
_STATE_QUERIES = {
    "qmark": f"SELECT {_STATE_COLUMNS} FROM visitor_state WHERE app_id = ? AND subject IN (?, ?)",
    "format": f"SELECT {_STATE_COLUMNS} FROM visitor_state"
    " WHERE app_id = %s AND subject IN (%s, %s)",
    "pyformat": f"SELECT {_STATE_COLUMNS} FROM visitor_state"
    " WHERE app_id = %s AND subject IN (%s, %s)",
}


class StateReader:
    """Reads a person's progress on the context API's hot path.

    On SQLite each serving thread keeps one raw connection: pool checkout and SQLAlchemy's
    result machinery cost more than the indexed query itself. sqlite3 runs a SELECT
    outside any transaction, so every read sees the latest committed events.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._local = threading.local()
        self._query = _STATE_QUERIES[engine.dialect.paramstyle]

    def read(
        self, *, app_id: int, visitor_id: str, user_id: str | None
    ) -> dict[int, dict[str, Any]]:
        anonymous = subject_for(visitor_id=visitor_id, user_id=None)
        person = subject_for(visitor_id=visitor_id, user_id=user_id) if user_id else anonymous
        parameters = (app_id, anonymous, person)
        if self._engine.dialect.name != "sqlite":
            with self._engine.connect() as connection:
                return _states_from(connection.exec_driver_sql(self._query, parameters).all())
        raw = getattr(self._local, "connection", None)
        if raw is None:
            raw = self._local.connection = self._engine.raw_connection()
        cursor = raw.cursor()
        try:
            return _states_from(cursor.execute(self._query, parameters).fetchall())
        finally:
            cursor.close()


def _states_from(rows: Any) -> dict[int, dict[str, Any]]:
    """Identified rows win over anonymous ones not merged yet."""
    states: dict[int, dict[str, Any]] = {}
    for row in sorted(rows, key=lambda row: row[1].startswith("u:")):
        guide_id, _subject, version, step_id, seen, started, completed, dismissed, acked = row
        states[guide_id] = {
            "seen": seen,
            "step_id": step_id,
            "version": version,
            "started": started is not None,
            "completed": completed is not None,
            "dismissed": dismissed is not None,
            "acknowledged": acked is not None,
        }
    return states
