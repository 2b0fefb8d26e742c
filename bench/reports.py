"""Benchmark of the reports: 1,000,000 events, every dashboard query timed, SQLite and PostgreSQL.

    python bench/reports.py [--events 1000000] [--repeat 5] [--postgres-url URL] [--skip-postgres]

Builds one app (Europe/Amsterdam) with 200 guides (150 walkthroughs of 3-7 steps in two
versions, 35 tips, 15 announcements) and 20,000 visitors (three in four identified, with a
role, a department and a locale), then generates events over 90 days: walkthrough runs (each
step viewed and completed, some people dropping out or closing it, most completing), tips,
announcements (viewed, often acknowledged), help-panel opens with searches (some queries find
nothing), feedback with comments, `custom` events and missing elements. Popular guides are
consulted far more often than the rest.

Loading: the events are stored with ingest's own statement on SQLite and with COPY on
PostgreSQL, then the roll-ups are built by `rebuild_rollups`, the path the server uses after
an upgrade (`wegwijs analytics rebuild`); it feeds every stored event through the same
`Rollups.add` as ingest does (tests check that both give the same roll-ups). PostgreSQL is
then analysed, as autovacuum would; SQLite, like the server, runs without statistics.

Each dashboard query is timed warm (median of --repeat runs) without filters over the 90
days and with the filters the dashboards offer (guide, version, locale, trait, a 7-day range),
and printed next to the 300 ms target and a baseline: the same numbers computed from the raw
event table in the same run (timed once, warm), whose results are compared with the report's.
Baseline days use the server's clock (the generated events have client time = server time)
and, on SQLite, a fixed +1 hour: exact here, as the 90 days lie in winter time.
PostgreSQL runs in a fresh schema, dropped afterwards.
"""

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Date, cast, distinct, func, insert, select, text
from sqlalchemy.engine import Connection, Engine, make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "server"))

from wegwijs.analytics import reports  # noqa: E402
from wegwijs.analytics.ingest import (  # noqa: E402
    EVENT_COLUMNS,  # noqa: E402
    _sql_value,
    insert_new_events,
)
from wegwijs.analytics.models import ROLLUP_TABLES, Event  # noqa: E402
from wegwijs.analytics.reports import ReportFilters  # noqa: E402
from wegwijs.analytics.rollups import rebuild_rollups  # noqa: E402
from wegwijs.apps.models import App  # noqa: E402
from wegwijs.content.models import Guide, GuideVersion  # noqa: E402
from wegwijs.db import create_db_engine, utcnow  # noqa: E402
from wegwijs.migrate import migrate  # noqa: E402
from wegwijs.visitors.models import Visitor  # noqa: E402

EVENTS_TABLE = Event.__table__
TIMEZONE = "Europe/Amsterdam"
ZONE = ZoneInfo(TIMEZONE)
FIRST_DAY = date(2025, 11, 3)  # 90 days of winter time: no clock change in the period
DAYS = 90
GUIDES = (150, 35, 15)  # walkthroughs, tips, announcements
VISITORS = 20_000
ROLES = ("clerk", "clerk", "clerk", "approver", "approver", "manager", "controller", "admin")
DEPARTMENTS = tuple(f"dept-{n}" for n in range(8))
CUSTOM_NAMES = tuple(f"report {n}" for n in range(10))
TARGET_MS = 300.0
INSERT_BATCH = 20_000


# -- the world --------------------------------------------------------------------------------


@dataclass
class World:
    app_id: int
    walkthroughs: list[tuple[int, dict[int, list[str]]]]  # (guide id, {version: step ids})
    tips: list[int]
    announcements: list[int]


def build_app(engine: Engine, rng: random.Random) -> World:
    now = utcnow()
    with engine.begin() as connection:
        app_id = connection.execute(
            insert(App.__table__).values(
                key=f"app_bench_reports_{uuid.uuid4().hex[:8]}",
                name="Reports benchmark",
                allowed_origins=["http://host.bench"],
                default_locale="nl",
                timezone=TIMEZONE,
                theme={},
                consent_required=False,
                url_param_denylist=[],
                identity_verification=False,
                content_version=1,
                created_at=now,
                updated_at=now,
            )
        ).inserted_primary_key[0]
        kinds = ["walkthrough"] * GUIDES[0] + ["tip"] * GUIDES[1] + ["announcement"] * GUIDES[2]
        ids = []
        for number, kind in enumerate(kinds):
            ids.append(
                connection.execute(
                    insert(Guide.__table__).values(
                        app_id=app_id,
                        slug=f"{kind}-{number}",
                        kind=kind,
                        name=f"{kind.title()} {number}",
                        status="published",
                        targeting={},
                        frequency="once",
                        priority=0,
                        settings={},
                        live_version=2 if kind == "walkthrough" else 1,
                        created_at=now,
                        updated_at=now,
                    )
                ).inserted_primary_key[0]
            )
        walkthroughs = []
        for guide_id in ids[: GUIDES[0]]:
            steps = [f"step-{n}" for n in range(1, rng.randint(3, 7) + 1)]
            second = steps[:-1] + ["step-new", steps[-1]] if rng.random() < 0.5 else steps
            versions = {1: steps, 2: second}
            walkthroughs.append((guide_id, versions))
            for number, step_ids in versions.items():
                snapshot = {
                    "id": guide_id,
                    "version": number,
                    "steps": [
                        {"id": s, "position": p, "content": {"nl": {"title": f"Stap {p + 1}"}}}
                        for p, s in enumerate(step_ids)
                    ],
                }
                connection.execute(
                    insert(GuideVersion.__table__).values(
                        guide_id=guide_id, number=number, snapshot=snapshot, published_at=now
                    )
                )
        visitors = []
        for n in range(VISITORS):
            identified = n % 4 != 3
            traits = (
                {"role": rng.choice(ROLES), "department": rng.choice(DEPARTMENTS)}
                if identified
                else {}
            )
            visitors.append(
                {
                    "app_id": app_id,
                    "visitor_id": f"browser-{n:05d}",
                    "user_id": f"user-{n:05d}" if identified else None,
                    "traits": traits,
                    "last_seen_at": now,
                    "created_at": now,
                    "updated_at": now,
                }
            )
        connection.execute(insert(Visitor.__table__), visitors)
    return World(
        app_id=app_id,
        walkthroughs=walkthroughs,
        tips=ids[GUIDES[0] : GUIDES[0] + GUIDES[1]],
        announcements=ids[GUIDES[0] + GUIDES[1] :],
    )


def popular(items: list[Any], rng: random.Random) -> Callable[[], Any]:
    """Pick items with a long tail: the first few are consulted far more than the rest."""
    weights = [1 / (rank + 1) ** 0.9 for rank in range(len(items))]
    return lambda: rng.choices(items, weights)[0]


class Visit:
    """One sitting of one person: events a few seconds apart."""

    def __init__(self, rng: random.Random, at: datetime) -> None:
        self.rng = rng
        self.at = at
        self.events: list[tuple] = []

    def add(self, name: str, guide=None, version=None, step=None, custom=None, url=None, **props):
        self.at += timedelta(seconds=self.rng.randint(2, 40))
        self.events.append((name, custom, guide, version, step, url, self.at, props))


def generate(world: World, total: int, rng: random.Random, dialect: str) -> Iterator[tuple]:
    """`total` events as rows of ingest's `EVENT_COLUMNS`, in the database's own form."""
    walkthrough = popular(world.walkthroughs, rng)
    tip = popular(world.tips, rng)
    announcement = popular(world.announcements, rng)
    vocabulary = [f"woord{n}" for n in range(400)]
    query = popular(vocabulary, rng)
    missing = set(rng.sample(vocabulary, 60))
    pages = [f"https://host.bench/section{n // 10}/page{n % 10}" for n in range(200)]
    locales = ["en" if rng.random() < 0.3 else "nl" for _ in range(VISITORS)]
    produced = 0
    while produced < total:
        person = rng.randrange(VISITORS)
        visitor = f"browser-{person:05d}"
        user = None if person % 4 == 3 else f"user-{person:05d}"
        locale = locales[person]
        session = uuid.uuid4().hex[:16]
        day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        local = datetime(day.year, day.month, day.day, 7, tzinfo=ZONE)
        visit = Visit(rng, (local + timedelta(seconds=rng.randrange(11 * 3600))).astimezone(UTC))
        add = visit.add
        kind = rng.random()
        if kind < 0.55:
            guide_id, versions = walkthrough()
            version = 2 if rng.random() < 0.4 else 1
            steps = versions[version]
            add("guide_started", guide_id, version, steps[0])
            for index, step_id in enumerate(steps):
                add("step_viewed", guide_id, version, step_id)
                if rng.random() < 0.06 + 0.04 * (index == 1):
                    if rng.random() < 0.5:
                        add("guide_dismissed", guide_id, version, step_id)
                    break
                add("step_completed", guide_id, version, step_id)
            else:
                add("guide_completed", guide_id, version, steps[-1])
        elif kind < 0.70:
            for _ in range(rng.randint(1, 2)):
                add("tip_viewed", tip(), 1)
        elif kind < 0.78:
            guide_id = announcement()
            add("announcement_viewed", guide_id, 1)
            if rng.random() < 0.6:
                add("announcement_acknowledged", guide_id, 1)
        elif kind < 0.90:
            add("help_opened")
            for _ in range(rng.randint(1, 2)):
                word = query()
                add("search_performed", query=word, results=0 if word in missing else 3)
        elif kind < 0.95:
            add("custom", custom=rng.choice(CUSTOM_NAMES), rows=rng.randint(1, 50))
        elif kind < 0.985:
            guide_id, _ = walkthrough()
            comment = {"comment": f"opmerking {rng.randrange(1000)}"} if rng.random() < 0.3 else {}
            add("feedback_given", guide_id, 1, helpful=rng.random() < 0.7, **comment)
        else:
            guide_id, versions = walkthrough()
            add("element_missing", guide_id, 1, rng.choice(versions[1]), url=rng.choice(pages))
        for name, custom, guide, version, step, url, moment, props in visit.events:
            if produced == total:
                return
            produced += 1
            stamp = _sql_value(moment, dialect)
            yield (
                world.app_id,
                f"ev-{produced:08d}",
                name,
                custom,
                guide,
                version,
                step,
                visitor,
                user,
                session,
                url,
                locale,
                stamp,
                stamp,
                json.dumps(props, separators=(",", ":")) if props else "{}",
            )


def load(engine: Engine, world: World, total: int, rng: random.Random) -> tuple[float, float]:
    """Store the events (ingest's statement on SQLite, COPY on PostgreSQL), then build the
    roll-ups by the rebuild path."""
    started = time.perf_counter()
    rows = generate(world, total, rng, engine.dialect.name)
    while True:
        chunk = [row for _, row in zip(range(INSERT_BATCH), rows, strict=False)]
        if not chunk:
            break
        with engine.begin() as connection:
            if engine.dialect.name == "sqlite":
                insert_new_events(connection, chunk)
                continue
            cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
            with cursor.copy(f"COPY event ({', '.join(EVENT_COLUMNS)}) FROM STDIN") as copy:
                for row in chunk:
                    copy.write_row(row)
    inserted = time.perf_counter()
    with engine.begin() as connection:
        rebuild_rollups(connection, app_id=world.app_id)
    rolled = time.perf_counter()
    if engine.dialect.name == "postgresql":  # what autovacuum does by itself after a load
        with engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
            connection.commit()
    return inserted - started, rolled - inserted


# -- what is timed ----------------------------------------------------------------------------


@dataclass
class Case:
    report: str
    label: str
    filters: ReportFilters
    guide_id: int | None = None


def cases(world: World) -> list[Case]:
    whole = ReportFilters(start=FIRST_DAY, end=FIRST_DAY + timedelta(days=DAYS - 1))
    week = replace(whole, start=whole.end - timedelta(days=6))
    approvers = replace(whole, trait="role", trait_value="approver")
    top, _ = world.walkthroughs[0]
    middle, _ = world.walkthroughs[len(world.walkthroughs) // 2]
    return [
        Case("overview", "none (90 days)", whole),
        Case("overview", "guide", replace(whole, guide_id=top)),
        Case("overview", "trait role=approver", approvers),
        Case("overview", "locale en, last 7 days", replace(week, locale="en")),
        Case("walkthroughs", "none (90 days)", whole),
        Case("walkthroughs", "trait role=approver", approvers),
        Case("walkthrough", "most used guide", whole, top),
        Case(
            "walkthrough",
            "version 2, trait, locale",
            replace(approvers, version=2, locale="nl"),
            top,
        ),
        Case("walkthrough", "a guide in the middle", whole, middle),
        Case("search", "none (90 days)", whole),
        Case("search", "trait, last 7 days", replace(week, trait="role", trait_value="clerk")),
        Case("feedback", "none (90 days)", whole),
        Case("feedback", "guide", replace(whole, guide_id=top)),
        Case("health", "none (90 days)", whole),
        Case("health", "guide", replace(whole, guide_id=top)),
    ]


def run_report(connection: Connection, world: World, case: Case) -> Any:
    common = {"app_id": world.app_id, "timezone": TIMEZONE}
    if case.report == "walkthrough":
        assert case.guide_id is not None
        return reports.walkthrough(
            connection, guide_id=case.guide_id, name="", filters=case.filters, **common
        )
    return getattr(reports, case.report)(connection, filters=case.filters, **common)


# -- the baseline: the same numbers from the raw events ---------------------------------------


def raw_numbers(connection: Connection, world: World, case: Case) -> Any:
    """What the report shows, computed from the event table (the comparable numbers only)."""
    e = EVENTS_TABLE.c
    dialect = connection.dialect.name
    subject = func.coalesce("u:" + e.user_id, "v:" + e.visitor_id)  # as `subject_for`
    if dialect == "sqlite":
        day = func.date(e.server_time, "+1 hours")
    else:
        day = cast(func.timezone(TIMEZONE, e.server_time), Date)
    f = case.filters
    low = datetime(f.start.year, f.start.month, f.start.day, tzinfo=ZONE).astimezone(UTC)
    end = f.end + timedelta(days=1)
    high = datetime(end.year, end.month, end.day, tzinfo=ZONE).astimezone(UTC)
    where = [e.app_id == world.app_id, e.server_time >= low, e.server_time < high]
    guide_id = case.guide_id or f.guide_id
    if f.locale:
        where.append(e.locale == f.locale)
    if f.trait and f.trait_value:
        where.append(subject.in_(raw_people(dialect, world.app_id, f.trait, f.trait_value)))
    about = [*where]
    if guide_id is not None:
        about.append(e.guide_id == guide_id)
    if f.version is not None:
        about.append(e.guide_version == f.version)
    views = e.name.in_(["guide_started", "tip_viewed", "announcement_viewed"])
    run = connection.execute
    if case.report == "overview":
        rows = run(
            select(day, func.count().filter(views), func.count(distinct(subject)))
            .where(*about)
            .group_by(day)
            .order_by(day)
        ).all()
        return [(str(d), int(v), int(u)) for d, v, u in rows]
    if case.report == "walkthroughs":
        kinds = select(Guide.__table__.c.id).where(
            Guide.__table__.c.app_id == world.app_id, Guide.__table__.c.kind == "walkthrough"
        )
        rows = run(
            select(
                e.guide_id,
                func.count(distinct(subject)).filter(e.name == "guide_started"),
                func.count(distinct(subject)).filter(e.name == "guide_completed"),
            )
            .where(*about, e.guide_id.in_(kinds), e.name.in_(["guide_started", "guide_completed"]))
            .group_by(e.guide_id)
        ).all()
        return sorted((g, s, c) for g, s, c in rows)
    if case.report == "walkthrough":
        rows = run(
            select(e.guide_version, e.step_id, func.count(distinct(subject)))
            .where(*about, e.name == "step_viewed")
            .group_by(e.guide_version, e.step_id)
        ).all()
        return sorted((v, s, n) for v, s, n in rows)
    if case.report == "search":
        if dialect == "sqlite":
            word = func.json_extract(e.props, "$.query")
            empty = func.json_extract(e.props, "$.results") == 0
        else:
            word = e.props.op("->>")("query")
            empty = e.props.op("->>")("results") == "0"
        searches = func.count()
        rows = run(
            select(word, searches, func.count().filter(empty))
            .where(*where, e.name == "search_performed")
            .group_by(word)
            .order_by(searches.desc(), word)
            .limit(reports.TOP_QUERIES)
        ).all()
        return [(str(w), int(n), int(z)) for w, n, z in rows]
    if case.report == "feedback":
        if dialect == "sqlite":  # JSON true and false come out as 1 and 0
            answer = func.json_extract(e.props, "$.helpful")
            yes, no = answer == 1, answer == 0
        else:
            answer = e.props.op("->>")("helpful")
            yes, no = answer == "true", answer == "false"
        rows = run(
            select(e.guide_id, func.count().filter(yes), func.count().filter(no))
            .where(*about, e.name == "feedback_given")
            .group_by(e.guide_id)
        ).all()
        return sorted((g, int(h), int(n)) for g, h, n in rows)
    rows = run(
        select(e.guide_id, e.guide_version, e.step_id, e.url, func.count())
        .where(*about, e.name == "element_missing")
        .group_by(e.guide_id, e.guide_version, e.step_id, e.url)
    ).all()
    return {(g, v, s, u): n for g, v, s, u, n in rows}


def raw_people(dialect: str, app_id: int, name: str, value: str) -> Any:
    """People by their traits, read from the visitor table's JSON (one browser each here)."""
    v = Visitor.__table__.c
    if dialect == "sqlite":
        trait = func.json_extract(v.traits, f"$.{name}")
    else:
        trait = v.traits.op("->>")(name)
    subject = func.coalesce("u:" + v.user_id, "v:" + v.visitor_id)
    return select(subject).where(v.app_id == app_id, trait == value)


def report_numbers(report: Any, case: Case) -> Any:
    """The same numbers, from the report, in the baseline's shape."""
    if case.report == "overview":
        return [(str(d.day), d.views, d.users) for d in report.days if d.views or d.users]
    if case.report == "walkthroughs":
        return sorted((w.guide_id, w.started, w.completed) for w in report.data)
    if case.report == "walkthrough":
        return sorted(
            (v.version, s.step_id, s.viewed) for v in report.versions for s in v.funnel if s.viewed
        )
    if case.report == "search":
        return [(q.query, q.searches, q.without_results) for q in report.top_queries]
    if case.report == "feedback":
        return sorted((g.guide_id, g.helpful, g.not_helpful) for g in report.guides)
    return {(m.guide_id, m.version, m.step_id, m.page): m.events for m in report.elements}


def same(raw: Any, shown: Any, case: Case) -> bool:
    if case.report == "health":  # the report lists the top elements only
        return all(raw.get(key) == count for key, count in shown.items()) and len(shown) > 0
    return raw == shown


# -- running ----------------------------------------------------------------------------------


def timed(call: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    result = call()  # warm
    durations = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        durations.append((time.perf_counter() - started) * 1000)
    return statistics.median(durations), result


def bench_database(name: str, url: str, args: argparse.Namespace) -> bool:
    engine = create_db_engine(url)
    migrate(engine)
    rng = random.Random(7)
    world = build_app(engine, rng)
    insert_seconds, rollup_seconds = load(engine, world, args.events, rng)
    with engine.connect() as connection:
        sizes = {
            table.name: connection.execute(
                select(func.count()).select_from(table).where(table.c.app_id == world.app_id)
            ).scalar_one()
            for table in ROLLUP_TABLES
        }
    print(f"\n{name}: {args.events:,} events loaded in {insert_seconds + rollup_seconds:.1f} s")
    how = "ingest's statement" if engine.dialect.name == "sqlite" else "COPY"
    print(f"  events stored ({how}): {insert_seconds:.1f} s")
    print(f"  roll-ups built (`rebuild_rollups`, as the rebuild command): {rollup_seconds:.1f} s")
    print("  roll-up rows: " + ", ".join(f"{t} {n:,}" for t, n in sizes.items()))
    print(
        f"  {'report':<13}{'filters':<27}{'roll-ups':>11}{'target':>10}{'raw events':>13}"
        "  numbers  verdict"
    )
    met = True
    with engine.connect() as connection:
        for case in cases(world):
            took, report = timed(lambda case=case: run_report(connection, world, case), args.repeat)
            raw_ms, raw = timed(lambda case=case: raw_numbers(connection, world, case), 1)
            agree = same(raw, report_numbers(report, case), case)
            ok = took < TARGET_MS and agree
            met &= ok
            numbers = "same" if agree else "DIFFER"
            print(
                f"  {case.report:<13}{case.label:<27}{took:>8.1f} ms{'< 300 ms':>10}"
                f"{raw_ms:>10.1f} ms  {numbers:<7}  {'met' if ok else 'MISSED'}"
            )
    engine.dispose()
    return met


def fresh_postgres_schema(base_url: str) -> tuple[str, Callable[[], None]]:
    base = make_url(base_url).set(drivername="postgresql+psycopg")
    schema = f"wegwijs_bench_{uuid.uuid4().hex[:10]}"
    admin = create_db_engine(base)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        connection.commit()

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            connection.commit()
        admin.dispose()

    url = base.update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False), drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    print(
        f"{args.events:,} events, {sum(GUIDES)} guides, {VISITORS:,} visitors, {DAYS} days;"
        f" each query: median of {args.repeat} warm runs; baseline: the same numbers from"
        " the raw event table, one warm run"
    )
    met = True
    with tempfile.TemporaryDirectory(prefix="wegwijs-reports-") as tmp:
        met &= bench_database("SQLite", f"sqlite:///{Path(tmp) / 'reports.db'}", args)
    if not args.skip_postgres:
        url, drop = fresh_postgres_schema(args.postgres_url)
        try:
            met &= bench_database("PostgreSQL", url, args)
        finally:
            drop()
    print(json.dumps({"met": met}))


if __name__ == "__main__":
    main()
