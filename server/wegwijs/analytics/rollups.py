"""Keeping the roll-ups current: on ingest, in the transaction that inserts the events and only
for rows really inserted, and by a rebuild from the stored events (after an upgrade, or after
an app's time zone changed).

Both paths feed every event through `Rollups.add`, so a rebuilt roll-up equals one kept on
ingest. Each transaction collects its additions in memory and writes them in one statement
per table, rows sorted by key, so concurrent writers on PostgreSQL lock rows in one order.
"""

import json
import time
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary
from zoneinfo import ZoneInfo

from sqlalchemy import Table, select
from sqlalchemy.engine import Connection, Engine

from wegwijs.analytics.models import (
    NO_GUIDE,
    NO_TEXT,
    NO_VERSION,
    PERSON_TABLES,
    Event,
    PersonRollup,
)
from wegwijs.analytics.schemas import EventBatch, EventIn
from wegwijs.visitors.models import Visitor
from wegwijs.visitors.recorder import subject_for

EVENTS: Table = Event.__table__  # type: ignore[attr-defined]
PEOPLE: Table = PersonRollup.__table__  # type: ignore[attr-defined]
VISITORS: Table = Visitor.__table__  # type: ignore[attr-defined]
CLIENT_CLOCK_WINDOW = timedelta(days=7)
REBUILD_CHUNK = 20_000
MAX_QUERY = 200
MAX_PAGE = 500
MAX_COMMENT = 1000

DAY_KEY = ("app_id", "day", "person_id")
DAY_LOCALE_KEY = ("app_id", "locale", "day", "person_id")
DAY_COUNTERS = ("events", "views", "help_opens")
ACTIVITY_KEY = ("app_id", "guide_id", "day", "person_id", "version", "locale")
ACTIVITY_COUNTERS = (
    "events",
    "views",
    "started",
    "completed",
    "dismissed",
    "acknowledged",
    "steps_viewed",
    "steps_dismissed",
    "seconds",
)
STEPS_VIEWED, STEPS_DISMISSED, SECONDS = 6, 7, 8
STARTED, COMPLETED, DISMISSED, CUSTOM, SEARCHED, FEEDBACK, MISSING = range(1, 8)
# What each event name does, looked up once per event: activity counters it adds one to
# (positions after `events`), the step mask its step goes into, whether it is a view or a
# help-panel opening, and what else it feeds (one of the names above, 0 for nothing).
_EFFECTS: dict[str, tuple[tuple[int, ...], int | None, bool, bool, int]] = {
    "guide_started": ((1, 2), None, True, False, STARTED),
    "step_viewed": ((), STEPS_VIEWED, False, False, 0),
    "step_completed": ((), None, False, False, 0),
    "guide_completed": ((3,), None, False, False, COMPLETED),
    "guide_dismissed": ((4,), STEPS_DISMISSED, False, False, DISMISSED),
    "tip_viewed": ((1,), None, True, False, 0),
    "announcement_viewed": ((1,), None, True, False, 0),
    "announcement_acknowledged": ((5,), None, False, False, 0),
    "help_opened": ((), None, False, True, 0),
    "custom": ((), None, False, False, CUSTOM),
    "search_performed": ((), None, False, False, SEARCHED),
    "feedback_given": ((), None, False, False, FEEDBACK),
    "element_missing": ((), None, False, False, MISSING),
}
_NO_EFFECT: tuple[tuple[int, ...], int | None, bool, bool, int] = ((), None, False, False, 0)
CUSTOM_KEY = ("app_id", "day", "person_id", "name", "locale")
SEARCH_KEY = ("app_id", "day", "person_id", "query", "locale")
MISSING_KEY = ("app_id", "guide_id", "day", "person_id", "version", "step_id", "page", "locale")
FEEDBACK_COLUMNS = (
    "app_id",
    "guide_id",
    "version",
    "day",
    "person_id",
    "locale",
    "helpful",
    "comment",
    "at",
)

RunKey = tuple[int, str, int]
"""(app id, subject, guide id): a person's run of a walkthrough, as `visitor_state` keys it."""
Person = tuple[int, int]
"""(app id, person id)"""


def occurred_at(client_time: datetime | None, server_time: datetime) -> datetime:
    """When it happened: the browser's clock, so an event queued offline keeps its moment,
    unless that clock is ahead of the server's or more than a week behind it (a wrong
    clock); then the moment the server stored it."""
    if (
        client_time is None
        or client_time > server_time
        or client_time < server_time - CLIENT_CLOCK_WINDOW
    ):
        return server_time
    return client_time


def fold_query(query: Any) -> str:
    """Search queries as the report groups them: trimmed, single spaces, lower case."""
    if not isinstance(query, str):
        return NO_TEXT
    return " ".join(query.split()).casefold()[:MAX_QUERY]


def page_of(url: str | None) -> str:
    """The page an element went missing on: origin and path, plus a hash route (`#/orders/7`).
    Never the query string, so what a URL scrub would remove cannot end up here either."""
    if not url:
        return NO_TEXT
    parts = urlsplit(url)
    page = f"{parts.scheme}://{parts.netloc}{parts.path}" if parts.netloc else parts.path
    route = parts.fragment.partition("?")[0]
    if route.startswith(("/", "!/")):
        page += "#" + route
    return page[:MAX_PAGE]


def trait_pairs(traits: dict[str, Any]) -> frozenset[tuple[str, str]]:
    """Traits as (name, value) pairs with the value as text (`approver`, `3`, `true`); a
    list gives one pair per item, null none."""
    pairs = set()
    for name, value in traits.items():
        for item in value if isinstance(value, list) else [value]:
            if item is None:
                continue
            if isinstance(item, bool):
                text = "true" if item else "false"
            else:
                text = item if isinstance(item, str) else json.dumps(item)
            pairs.add((name[:64], text[:200]))
    return frozenset(pairs)


def _is_zero(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == 0


@lru_cache(maxsize=256)
def zone_named(name: str) -> ZoneInfo:
    return ZoneInfo(name)


ZONE_SECONDS = 10.0
POSITIONS_SECONDS = 60.0
MAX_STEP_BITS = 62
"""Steps a mask can hold (a guide has at most 50); bit 63 would be the sign."""
_positions: "WeakKeyDictionary[Engine, dict[tuple[int, int], tuple[dict[str, int], float]]]" = (
    WeakKeyDictionary()
)
_zones: "WeakKeyDictionary[Engine, dict[int, tuple[ZoneInfo, float]]]" = WeakKeyDictionary()


def app_zone(connection: Connection, app_id: int, *, fresh: bool = False) -> ZoneInfo:
    """The app's time zone. Ingest reads it at most every ten seconds per database (one
    query per transaction would cost more than the roll-ups); a rebuild reads it fresh."""
    zones = _zones.setdefault(connection.engine, {})
    cached = zones.get(app_id)
    now = time.monotonic()
    if cached is not None and not fresh and now - cached[1] < ZONE_SECONDS:
        return cached[0]
    mark = "?" if connection.dialect.name == "sqlite" else "%s"
    name = connection.exec_driver_sql(
        f"SELECT timezone FROM app WHERE id = {mark}", (app_id,)
    ).scalar_one()
    zone = zone_named(name)
    zones[app_id] = (zone, now)
    return zone


class Rollups:
    """What one transaction's new events add to the roll-ups, written by `write`.

    Its statements go straight to the DB-API cursor of the transaction's connection: they
    need none of SQLAlchemy's result handling, whose cost per statement would otherwise be
    a good part of what the roll-ups add to each ingest transaction.
    """

    def __init__(
        self,
        connection: Connection,
        *,
        fresh_zones: bool = False,
        stored_runs: dict[RunKey, float] | None = None,
    ) -> None:
        self.connection = connection
        self.dialect = connection.dialect.name
        self._cursor: Any = None
        self._mark = "?" if self.dialect == "sqlite" else "%s"
        self._fresh_zones = fresh_zones
        self._zones: dict[int, ZoneInfo] = {}
        self._days: dict[ZoneInfo, dict[int, date]] = {}
        self._positions: dict[tuple[int, int], dict[str, int]] = {}
        self._people: dict[tuple[int, str], int] = {}
        self.days: dict[tuple[Any, ...], list[int]] = {}
        self.day_locales: dict[tuple[Any, ...], list[int]] = {}
        self._day_at: tuple[Any, ...] = ()
        self._day_rows: list[list[int]] = []
        self.activity: dict[tuple[Any, ...], list[Any]] = {}
        self.custom: dict[tuple[Any, ...], list[int]] = {}
        self.searches: dict[tuple[Any, ...], list[int]] = {}
        self.missing: dict[tuple[Any, ...], list[int]] = {}
        self.feedback: list[tuple[Any, ...]] = []
        self.runs: dict[RunKey, float | None] = {}
        """Run starts to write (None: the run ended, delete it)."""
        self._stored_runs: dict[RunKey, float] = stored_runs or {}
        self._all_runs_known = stored_runs is not None
        """A rebuild replays every event in order: it knows every stored run."""
        self._runs_read: set[tuple[int, str]] = set()
        self.traits: dict[Person, frozenset[tuple[str, str]]] = {}
        """People whose stored traits differ from what they sent: replace them."""
        self._traits_seen: set[Person] = set()

    def zone(self, app_id: int) -> ZoneInfo:
        zone = self._zones.get(app_id)
        if zone is None:
            zone = self._zones[app_id] = app_zone(self.connection, app_id, fresh=self._fresh_zones)
        return zone

    def person(self, app_id: int, subject: str) -> int:
        """The person's number in this app, given one the first time they are counted."""
        key = (app_id, subject)
        found = self._people.get(key)
        if found is not None:
            return found
        mark = self._mark
        query = f"SELECT id FROM rollup_person WHERE app_id = {mark} AND subject = {mark}"
        row = self._execute(query, key).fetchone()
        if row is None:
            # Another worker may number the same person at the same moment: the unique key
            # decides, and the loser reads the winner's number.
            row = self._execute(
                f"INSERT INTO rollup_person (app_id, subject) VALUES ({mark}, {mark})"
                " ON CONFLICT (app_id, subject) DO NOTHING RETURNING id",
                key,
            ).fetchone()
            if row is None:
                row = self._execute(query, key).fetchone()
        self._people[key] = found = row[0]
        return found

    def prepare(self, people: Iterable[tuple[int, str]]) -> None:
        """Number the people of a group of batches, (app id, subject), and read their runs
        in progress, in a few statements rather than a few per batch. New people are
        numbered in sorted order, the same on every worker: two transactions numbering the
        same two new people in opposite orders would deadlock on PostgreSQL."""
        by_app: dict[int, set[str]] = {}
        for app_id, subject in people:
            by_app.setdefault(app_id, set()).add(subject)
        for app_id, subjects in sorted(by_app.items()):
            wanted = sorted(
                subject for subject in subjects if (app_id, subject) not in self._people
            )
            for chunk in _chunks(wanted):
                self._number(app_id, chunk)
            unread = sorted(s for s in subjects if (app_id, s) not in self._runs_read)
            for chunk in _chunks(unread):
                self._read_runs(app_id, chunk)

    def _number(self, app_id: int, subjects: list[str]) -> None:
        mark, marks = self._mark, ", ".join([self._mark] * len(subjects))
        query = (
            f"SELECT subject, id FROM rollup_person WHERE app_id = {mark} AND subject IN ({marks})"
        )
        found = dict(self._execute(query, (app_id, *subjects)).fetchall())
        new = [subject for subject in subjects if subject not in found]
        if new:
            values = ", ".join([f"({mark}, {mark})"] * len(new))
            self._execute(
                f"INSERT INTO rollup_person (app_id, subject) VALUES {values}"
                " ON CONFLICT (app_id, subject) DO NOTHING",
                tuple(value for subject in new for value in (app_id, subject)),
            )
            found.update(self._execute(query, (app_id, *subjects)).fetchall())
        self._people.update(((app_id, subject), number) for subject, number in found.items())

    def _read_runs(self, app_id: int, subjects: list[str]) -> None:
        if self._all_runs_known:
            return
        mark, marks = self._mark, ", ".join([self._mark] * len(subjects))
        for subject, guide_id, started_at in self._execute(
            "SELECT subject, guide_id, run_started_at FROM visitor_state"
            f" WHERE app_id = {mark} AND subject IN ({marks}) AND run_started_at IS NOT NULL",
            (app_id, *subjects),
        ).fetchall():
            self._stored_runs[(app_id, subject, guide_id)] = _seconds(started_at)
        self._runs_read.update((app_id, subject) for subject in subjects)

    def _execute(self, statement: str, parameters: tuple[Any, ...]) -> Any:
        if self._cursor is None:
            self._cursor = self.connection.connection.cursor()
        self._cursor.execute(statement, parameters)
        return self._cursor

    def _executemany(self, statement: str, rows: list[tuple[Any, ...]]) -> None:
        if self._cursor is None:
            self._cursor = self.connection.connection.cursor()
        self._cursor.executemany(statement, rows)

    def add_batch(
        self,
        events: Iterable[EventIn],
        *,
        batch: EventBatch,
        app_id: int,
        subject: str,
        moments: Mapping[str, float],
    ) -> None:
        """Events just inserted by ingest, in the order they were sent; `moments` says when
        each happened (`occurred_at`, POSIX seconds, as `sort_batch` worked it out)."""
        person = self.person(app_id, subject)
        if batch.traits:
            self.set_traits(app_id, person, batch.traits)
        zone = self.zone(app_id)
        batch_locale, add = batch.locale, self.add
        for event in events:  # positional: this runs for every event stored
            add(
                app_id,
                zone,
                person,
                subject,
                event.name,
                event.guide_id,
                event.version,
                event.step_id,
                event.locale or batch_locale,
                moments[event.id],
                event.custom_name,
                event.url,
                event.props,
            )

    def add(
        self,
        app_id: int,
        zone: ZoneInfo,
        person: int,
        subject: str,
        name: str,
        guide_id: int | None,
        version: int | None,
        step_id: str | None,
        locale: str | None,
        moment: float,
        custom_name: str | None,
        url: str | None,
        props: dict[str, Any],
    ) -> None:
        """One stored event's share of the roll-ups; `moment` is when it happened (POSIX
        seconds, `occurred_at`)."""
        day = self._day(zone, moment)
        guide = guide_id or NO_GUIDE
        number = NO_VERSION if version is None else version
        language = locale or NO_TEXT
        plus, step_at, viewed, opened, feeds = _EFFECTS.get(name, _NO_EFFECT)
        # A batch is one person, nearly always on one day in one language: the day rows of
        # the previous event are usually the ones to count again.
        at = (app_id, person, day, language)
        if at == self._day_at:
            visits = self._day_rows
        else:
            visits = self._day_rows = [
                _counter(self.days, (app_id, day, person), 3),
                _counter(self.day_locales, (app_id, language, day, person), 3),
            ]
            self._day_at = at
        for visit in visits:
            visit[0] += 1
            visit[1] += viewed
            visit[2] += opened
        counts: list[Any] = []
        if guide:
            key: tuple[Any, ...] = (app_id, guide, day, person, number, language)
            counts = self.activity.get(key) or self.activity.setdefault(key, _new_activity())
            counts[0] += 1
            for position in plus:
                counts[position] += 1
            if step_at is not None and step_id:
                at_step = self._step_positions(guide, number).get(step_id)
                if at_step is not None:
                    counts[step_at] |= 1 << at_step
        if not feeds:
            return
        if feeds == STARTED:
            self.runs[(app_id, subject, guide)] = moment
        elif feeds == COMPLETED:
            start = self._run_start((app_id, subject, guide))
            self.runs[(app_id, subject, guide)] = None
            if counts and counts[SECONDS] is None and start is not None and start <= moment:
                counts[SECONDS] = round(moment - start, 3)
        elif feeds == DISMISSED:
            self.runs[(app_id, subject, guide)] = None
        elif feeds == CUSTOM:
            key = (app_id, day, person, (custom_name or NO_TEXT)[:100], language)
            _counter(self.custom, key, 1)[0] += 1
        elif feeds == SEARCHED:
            query = fold_query(props.get("query"))
            if query:
                found = _counter(self.searches, (app_id, day, person, query, language), 2)
                found[0] += 1
                found[1] += _is_zero(props.get("results"))
        elif feeds == FEEDBACK:
            helpful = props.get("helpful")
            comment = props.get("comment")
            if isinstance(comment, str):
                comment = comment.strip()[:MAX_COMMENT] or None
            else:
                comment = None
            self.feedback.append(
                (
                    app_id,
                    guide,
                    number,
                    day,
                    person,
                    language,
                    helpful if isinstance(helpful, bool) else None,
                    comment,
                    datetime.fromtimestamp(moment, UTC),
                )
            )
        elif feeds == MISSING:
            page = page_of(url)
            key = (app_id, guide, day, person, number, step_id or NO_TEXT, page, language)
            _counter(self.missing, key, 1)[0] += 1

    def _step_positions(self, guide_id: int, version: int) -> dict[str, int]:
        """Stable step id -> position in that published version (immutable once published;
        remembered a minute per database, as a deleted guide's id may be given again)."""
        key = (guide_id, version)
        found = self._positions.get(key)
        if found is not None:
            return found
        known = _positions.setdefault(self.connection.engine, {})
        remembered = known.get(key)
        now = time.monotonic()
        if remembered is not None and now - remembered[1] < POSITIONS_SECONDS:
            found = remembered[0]
        else:
            row = self._execute(
                f"SELECT snapshot FROM guide_version WHERE guide_id = {self._mark}"
                f" AND number = {self._mark}",
                key,
            ).fetchone()
            snapshot = (json.loads(row[0]) if isinstance(row[0], str) else row[0]) if row else {}
            steps = (snapshot or {}).get("steps") or []
            found = {str(step["id"]): n for n, step in enumerate(steps[:MAX_STEP_BITS])}
            if len(known) > 10_000:  # a bound on memory, not a cache policy
                known.clear()
            known[key] = (found, now)
        self._positions[key] = found
        return found

    def _day(self, zone: ZoneInfo, moment: float) -> date:
        """The day in the zone, remembered per quarter of an hour: every UTC offset in use is
        a whole number of quarters, so a local midnight never falls inside one."""
        days = self._days.get(zone)
        if days is None:
            days = self._days[zone] = {}
        quarter = int(moment // 900)
        day = days.get(quarter)
        if day is None:
            day = days[quarter] = datetime.fromtimestamp(moment, zone).date()
        return day

    def set_traits(self, app_id: int, person: int, traits: dict[str, Any]) -> None:
        """Keep the person's current traits; stored ones are compared first (one indexed
        read per person and transaction), so unchanged traits are never rewritten."""
        key = (app_id, person)
        pairs = trait_pairs(traits)
        if key in self._traits_seen:
            if self.traits.get(key, pairs) != pairs:
                self.traits[key] = pairs
            return
        self._traits_seen.add(key)
        mark = self._mark
        stored = frozenset(
            tuple(row)
            for row in self._execute(
                f"SELECT name, value FROM rollup_trait WHERE app_id = {mark}"
                f" AND person_id = {mark}",
                key,
            ).fetchall()
        )
        if stored != pairs:
            self.traits[key] = pairs

    def _run_start(self, key: RunKey) -> float | None:
        if key in self.runs:
            return self.runs[key]
        app_id, subject, _ = key
        if (app_id, subject) not in self._runs_read:  # ingest prepared them; tests may not
            self._read_runs(app_id, [subject])
        return self._stored_runs.get(key)

    def write(self) -> None:
        """Add everything collected to the roll-up tables: a few statements per transaction."""
        dialect = self.dialect
        tables = (
            ("rollup_day", DAY_KEY, DAY_COUNTERS, self.days),
            ("rollup_day_locale", DAY_LOCALE_KEY, DAY_COUNTERS, self.day_locales),
            ("rollup_activity", ACTIVITY_KEY, ACTIVITY_COUNTERS, self.activity),
            ("rollup_custom", CUSTOM_KEY, ("events",), self.custom),
            ("rollup_search", SEARCH_KEY, ("searches", "empty"), self.searches),
            ("rollup_missing", MISSING_KEY, ("events",), self.missing),
        )
        for table, key, counters, collected in tables:
            if collected:
                day = key.index("day")
                rows = [(*values, *counts) for values, counts in sorted(collected.items())]
                self._executemany(
                    _upsert_sql(table, key, counters, dialect), self._as_stored(rows, day)
                )
        if self.feedback:
            rows = self._as_stored(self.feedback, 3)
            if dialect == "sqlite":
                rows = [(*row[:-1], _sqlite_value(row[-1])) for row in rows]
            self._executemany(_insert_sql("rollup_feedback", FEEDBACK_COLUMNS, dialect), rows)
        self._write_runs()
        self._write_traits()
        if self._cursor is not None:
            self._cursor.close()
            self._cursor = None

    def _write_runs(self) -> None:
        """Runs begun or ended in this transaction, on the person's progress in the guide
        (the row ingest has just written). A rebuild leaves progress alone: ingest keeps it."""
        if self._all_runs_known:
            return
        changed = [
            (None if at is None else self._values((datetime.fromtimestamp(at, UTC),))[0], *key)
            for key, at in sorted(self.runs.items())  # one lock order for every writer
            if at is not None or key in self._stored_runs
        ]
        if changed:
            mark = self._mark
            self._executemany(
                f"UPDATE visitor_state SET run_started_at = {mark}"
                f" WHERE app_id = {mark} AND subject = {mark} AND guide_id = {mark}",
                changed,
            )

    def _write_traits(self) -> None:
        if not self.traits:
            return
        mark = self._mark
        people = sorted(self.traits)
        self._executemany(
            f"DELETE FROM rollup_trait WHERE app_id = {mark} AND person_id = {mark}", people
        )
        rows = [(*key, *pair) for key in people for pair in sorted(self.traits[key])]
        if rows:
            self._executemany(
                "INSERT INTO rollup_trait (app_id, person_id, name, value)"
                f" VALUES ({mark}, {mark}, {mark}, {mark})",
                rows,
            )

    def _values(self, row: tuple[Any, ...]) -> tuple[Any, ...]:
        """Dates and times in the form the models' column types store them in."""
        if self.dialect != "sqlite":
            return row
        return tuple(_sqlite_value(value) for value in row)

    def _as_stored(self, rows: list[tuple[Any, ...]], at: int) -> list[tuple[Any, ...]]:
        """The day at position `at` as SQLite stores a date (text); PostgreSQL takes dates."""
        if self.dialect != "sqlite":
            return rows
        return [(*row[:at], row[at].isoformat(), *row[at + 1 :]) for row in rows]


def _chunks(values: list[str]) -> list[list[str]]:
    """`IN (...)` lists far below either database's limit on bound parameters."""
    return [values[start : start + 200] for start in range(0, len(values), 200)]


def _new_activity() -> list[Any]:
    return [0, 0, 0, 0, 0, 0, 0, 0, None]


def _counter(
    collected: dict[tuple[Any, ...], list[int]], key: tuple[Any, ...], size: int
) -> list[int]:
    counts = collected.get(key)
    if counts is None:
        counts = collected[key] = [0] * size
    return counts


def _seconds(value: datetime | str) -> float:
    if isinstance(value, str):  # SQLite: naive UTC text, as `UTCDateTime` stores it
        return datetime.fromisoformat(value).replace(tzinfo=UTC).timestamp()
    return value.timestamp()


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return (
            value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
        )
    if isinstance(value, date):
        return value.isoformat()
    return value


@lru_cache(maxsize=32)
def _upsert_sql(table: str, key: tuple[str, ...], counters: tuple[str, ...], dialect: str) -> str:
    mark = "?" if dialect == "sqlite" else "%s"
    columns = key + counters
    added = ", ".join(f"{name} = {_added(table, name)}" for name in counters)
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"
        f" ON CONFLICT ({', '.join(key)}) DO UPDATE SET {added}"
    )


def _added(table: str, name: str) -> str:
    """How a collected value joins the stored one: counts add up, step masks are combined,
    the first time to complete is kept."""
    if name.startswith("steps_"):
        return f"{table}.{name} | excluded.{name}"
    if name == "seconds":
        return f"COALESCE({table}.{name}, excluded.{name})"
    return f"{table}.{name} + excluded.{name}"


@lru_cache(maxsize=8)
def _insert_sql(table: str, columns: tuple[str, ...], dialect: str) -> str:
    mark = "?" if dialect == "sqlite" else "%s"
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"


# -- rebuilding from the events -------------------------------------------------------------


def clear_rollups(connection: Connection, *, app_id: int) -> None:
    for table in (*PERSON_TABLES, PEOPLE):
        connection.execute(table.delete().where(table.c.app_id == app_id))


def rebuild_traits(rollups: Rollups, *, app_id: int) -> None:
    """Every person's current traits from the `visitor` table: for a person seen on several
    browsers, those of the browser seen last."""
    latest: dict[str, dict[str, Any]] = {}
    for visitor_id, user_id, traits in rollups.connection.execute(
        select(VISITORS.c.visitor_id, VISITORS.c.user_id, VISITORS.c.traits)
        .where(VISITORS.c.app_id == app_id)
        .order_by(VISITORS.c.updated_at, VISITORS.c.id)
    ):
        subject = subject_for(visitor_id=visitor_id, user_id=user_id)
        if traits or subject not in latest:  # empty traits never wipe known ones
            latest[subject] = traits or {}
    rollups.traits = {
        (app_id, rollups.person(app_id, subject)): trait_pairs(traits)
        for subject, traits in latest.items()
        if traits
    }
    rollups._write_traits()


def number_everyone(rollups: Rollups, *, app_id: int) -> None:
    """Number every person with events in one statement (as `subject_for` names them),
    rather than one round trip each."""
    mark = rollups._mark
    rollups.connection.exec_driver_sql(
        "INSERT INTO rollup_person (app_id, subject)"
        f" SELECT DISTINCT app_id, CASE WHEN user_id IS NULL THEN 'v:' || visitor_id"
        f" ELSE 'u:' || user_id END FROM event WHERE app_id = {mark}"
        " ON CONFLICT (app_id, subject) DO NOTHING",
        (app_id,),
    )
    rollups._people.update(
        ((app_id, subject), number)
        for subject, number in rollups.connection.exec_driver_sql(
            f"SELECT subject, id FROM rollup_person WHERE app_id = {mark}", (app_id,)
        )
    )


def rebuild_rollups(connection: Connection, *, app_id: int) -> int:
    """Recount an app's roll-ups from its stored events; returns how many were counted.

    Ingestion into the database waits meanwhile (the widget keeps and retries its events):
    an event stored halfway would otherwise be counted by both ingest and the rebuild.
    """
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("LOCK TABLE event IN SHARE MODE")
    clear_rollups(connection, app_id=app_id)
    people = Rollups(connection)
    number_everyone(people, app_id=app_id)
    rebuild_traits(people, app_id=app_id)
    runs: dict[RunKey, float] = {}  # none stored after clearing: all of them known
    counted = 0
    last_id = 0
    while True:
        rows = connection.execute(
            select(
                EVENTS.c.id,
                EVENTS.c.name,
                EVENTS.c.custom_name,
                EVENTS.c.guide_id,
                EVENTS.c.guide_version,
                EVENTS.c.step_id,
                EVENTS.c.visitor_id,
                EVENTS.c.user_id,
                EVENTS.c.url,
                EVENTS.c.locale,
                EVENTS.c.client_time,
                EVENTS.c.server_time,
                EVENTS.c.props,
            )
            .where(EVENTS.c.app_id == app_id, EVENTS.c.id > last_id)
            .order_by(EVENTS.c.id)
            .limit(REBUILD_CHUNK)
        ).all()
        if not rows:
            return counted
        rollups = Rollups(connection, fresh_zones=True, stored_runs=runs)
        rollups._people = people._people  # numbers already given stay known
        zone = rollups.zone(app_id)
        for row in rows:
            subject = subject_for(visitor_id=row.visitor_id, user_id=row.user_id)
            rollups.add(
                app_id,
                zone,
                rollups.person(app_id, subject),
                subject,
                row.name,
                row.guide_id,
                row.guide_version,
                row.step_id,
                row.locale,
                occurred_at(row.client_time, row.server_time).timestamp(),
                row.custom_name,
                row.url,
                row.props or {},
            )
        rollups.write()
        runs = {key: at for key, at in {**runs, **rollups.runs}.items() if at is not None}
        counted += len(rows)
        last_id = rows[-1].id
