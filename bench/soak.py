"""Soak with faults: visitors keep using the public API while the server is killed twice.

    python bench/soak.py [--seconds 60] [--database sqlite|postgresql|both] [--visitors 30]

For each database: a fresh database (SQLite file, or a PostgreSQL schema of its own that is
dropped afterwards), an app with an allowed origin and a few published guides set up with
the CLI (`wegwijs apps create`, `wegwijs guides import --publish`), then `wegwijs serve`
(one worker on SQLite, `--workers 4` on PostgreSQL) in a process group of its own.

Simulated visitors (asyncio + httpx, one client each, as separate browsers) loop: fetch the
context for a page, queue events for what it showed (ids made by the client), think a
moment. Their events go through the widget's own queue rules (`widget_queue.py`, a port of
`widget/src/events.js`): an event leaves the queue only when an answer lists its id as
accepted or rejected; connection errors, timeouts and any non-2xx answer keep it and retry
after 2 s, doubled per failure up to 60 s. Only the flush delay is shortened (0.5 s instead
of 2 s): these visitors browse about ten times faster than people.

At a third and two thirds of the run the whole process group gets SIGKILL (no SIGTERM, no
graceful shutdown), mid-write: at a moment when event batches are in flight and the server
holds an open write transaction (`WriteProbe`). After a second's outage the server is
started again with the same database, port and settings.
After the run the visitors stop making events and retry until their queues are empty
(bounded), the server stops, and the database is counted by event id: every event a
client created must be stored exactly once, and nothing else may be stored.

Latency percentiles leave out every request that overlapped a restart window: from 0.5 s
before a kill until 2 s after the server answered again with all its workers started.
Rate limits are switched off for this server (`WEGWIJS_RATE_LIMIT_PER_CLIENT=0`,
`WEGWIJS_RATE_LIMIT_PER_APP=0`): every visitor comes from 127.0.0.1 and the load is the
point. PostgreSQL comes from `--postgres-url` (default `WEGWIJS_TEST_DATABASE_URL`, else
postgresql://postgres@127.0.0.1:5432/test).
"""

import argparse
import asyncio
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "server"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from widget_queue import EventQueue, QueueOptions  # noqa: E402

from wegwijs.analytics.models import Event  # noqa: E402
from wegwijs.db import create_db_engine  # noqa: E402

ORIGIN = "http://host.soak"
SECRET = "soak-secret-key-soak-secret-key-0123456789"
DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
WORKERS = {"sqlite": 1, "postgresql": 4}
FLUSH_DELAY = 0.5
THINK_SECONDS = (0.1, 0.5)
REQUEST_TIMEOUT = 10.0
OUTAGE_SECONDS = 1.0
STEADY_SECONDS = 5.0
MARGIN_BEFORE = 0.5
MARGIN_AFTER = 2.0
EVENTS = Event.__table__

PAGES = (
    "/claims/new",
    "/claims/1042",
    "/claims/1042?tab=history",
    "/claims?status=open",
    "/reports/2026",
    "/home",
)
GUIDES = {
    "submit-claim": """\
kind: walkthrough
name: Declaratie indienen
targeting: {url_rules: [/claims/new]}
frequency: always
steps:
- id: amount
  content: {nl: {title: Bedrag, body: Vul het bedrag in.}, en: {title: Amount, body: Fill it in.}}
- id: receipt
  content: {nl: {title: Bon, body: Voeg de bon toe.}, en: {title: Receipt, body: Attach it.}}
- id: save
  content: {nl: {title: Opslaan, body: Klik op **Opslaan**.}, en: {title: Save, body: Click.}}
""",
    "approve-claim": """\
kind: walkthrough
name: Declaratie goedkeuren
targeting: {url_rules: ["/claims/:id"]}
frequency: always
steps:
- id: review
  content: {nl: {title: Controleer, body: Bekijk de regels.}, en: {title: Review, body: Look.}}
- id: approve
  content: {nl: {title: Keur goed, body: Klik op goedkeuren.}, en: {title: Approve, body: Go.}}
""",
    "amount-tip": """\
kind: tip
name: Bedrag inclusief btw
targeting: {url_rules: [/claims/**]}
frequency: always
steps:
- id: tip
  target: {attributes: {name: amount}}
  content: {nl: {title: Bedrag, body: Inclusief btw.}, en: {title: Amount, body: Incl. VAT.}}
""",
    "reports-tour": """\
kind: walkthrough
name: Rapportages
targeting: {url_rules: [/reports/**]}
frequency: always
steps:
- id: filters
  content: {nl: {title: Filters, body: Kies een periode.}, en: {title: Filters, body: Pick.}}
- id: export
  content: {nl: {title: Exporteren, body: Download als CSV.}, en: {title: Export, body: CSV.}}
""",
}


# -- the server -------------------------------------------------------------------------------


def clean_env(data_dir: Path, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WEGWIJS_")}
    return {
        **env,
        "WEGWIJS_DATA_DIR": str(data_dir),
        "WEGWIJS_DATABASE_URL": database_url,
        "WEGWIJS_SECRET_KEY": SECRET,
        "WEGWIJS_RATE_LIMIT_PER_CLIENT": "0",
        "WEGWIJS_RATE_LIMIT_PER_APP": "0",
    }


def wegwijs(env: dict[str, str], *args: str) -> str:
    """Run the `wegwijs` command; its output, or exit with it."""
    command = [sys.executable, "-m", "wegwijs", *args]
    completed = subprocess.run(command, env=env, capture_output=True, text=True)
    if completed.returncode != 0:
        raise SystemExit(f"wegwijs {' '.join(args)} failed:\n{completed.stdout}{completed.stderr}")
    return completed.stdout


def set_up_app(env: dict[str, str], data_dir: Path) -> str:
    """An app allowing ORIGIN, with GUIDES published, through the CLI; its key."""
    data_dir.mkdir(parents=True, exist_ok=True)
    created = wegwijs(env, "apps", "create", "Soak", "--origin", ORIGIN)
    found = re.search(r"app key: (\S+)", created)
    if found is None:
        raise SystemExit(f"wegwijs apps create printed no key:\n{created}")
    key = found.group(1)
    guides_dir = data_dir / "guides"
    guides_dir.mkdir()
    for slug, body in GUIDES.items():
        (guides_dir / f"{slug}.yaml").write_text(f"slug: {slug}\n{body}")
    imported = wegwijs(env, "guides", "import", str(guides_dir), "--app", key, "--publish")
    if f"{len(GUIDES)} published" not in imported:
        raise SystemExit(f"the guides were not all published:\n{imported}")
    return key


def group_members(group: int) -> list[int]:
    """Live (not zombie) processes in a process group, from /proc."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rpartition(")")[2].split()  # after "(command name)": state, ppid, pgrp
        if int(fields[2]) == group and fields[0] != "Z":
            members.append(int(entry.name))
    return members


class Server:
    """`wegwijs serve` in a process group of its own, so one kill takes every worker."""

    def __init__(self, env: dict[str, str], port: int, workers: int, log: Path) -> None:
        self.env = env
        self.port = port
        self.workers = workers
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None
        self._log_offset = 0

    @property
    def command(self) -> list[str]:
        return ["wegwijs", "serve", "--port", str(self.port), "--workers", str(self.workers)]

    def start(self) -> None:
        self._log_offset = self.log.stat().st_size if self.log.exists() else 0
        with self.log.open("ab") as output:
            self.process = subprocess.Popen(
                [sys.executable, "-m", *self.command],
                env=self.env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    async def wait_up(self, timeout: float = 180) -> None:
        """Until /healthz answers and every worker has finished starting."""
        assert self.process is not None
        deadline = time.monotonic() + timeout
        async with httpx.AsyncClient(timeout=2) as client:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise SystemExit(f"the server exited:\n{self._new_log()[-3000:]}")
                started = self._new_log().count("Application startup complete")
                if started >= self.workers:
                    try:
                        response = await client.get(f"http://127.0.0.1:{self.port}/healthz")
                        if response.status_code == 200:
                            return
                    except httpx.TransportError:
                        pass
                await asyncio.sleep(0.05)
        raise SystemExit(f"the server did not come up:\n{self._new_log()[-3000:]}")

    def processes(self) -> int:
        """How many processes serve (supervisor, workers and their helpers)."""
        assert self.process is not None
        return len(group_members(self.process.pid))

    def kill(self) -> None:
        """SIGKILL to the whole process group at once, then wait until none is left."""
        assert self.process is not None
        group = self.process.pid
        os.killpg(group, signal.SIGKILL)
        self.process.wait()
        for _ in range(500):
            if not group_members(group):
                return
            time.sleep(0.01)
        raise SystemExit(f"processes of group {group} survived SIGKILL: {group_members(group)}")

    def stop(self) -> None:
        """The end of the run: a normal shutdown, then make sure nothing is left."""
        if self.process is None:
            return
        group = self.process.pid
        if self.process.poll() is None:
            os.killpg(group, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(group, signal.SIGKILL)
                self.process.wait()
        if group_members(group):
            os.killpg(group, signal.SIGKILL)

    def _new_log(self) -> str:
        with self.log.open("rb") as log:
            log.seek(self._log_offset)
            return log.read().decode(errors="replace")


@contextmanager
def fresh_postgres_schema(base_url: str) -> Iterator[str]:
    """A new empty schema; yields a URL whose search_path is that schema; dropped after."""
    base = make_url(base_url).set(drivername="postgresql+psycopg")
    schema = f"wegwijs_soak_{uuid.uuid4().hex[:10]}"
    admin = create_db_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        # The application name lets `WriteProbe` find the server's sessions.
        url = base.update_query_dict(
            {"options": f"-csearch_path={schema}", "application_name": schema}
        )
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


class WriteProbe:
    """Whether the server is inside a write transaction at this moment.

    SQLite: `BEGIN IMMEDIATE` without waiting fails while another connection holds the write
    lock (when it succeeds it is rolled back at once; the server's writer may wait that
    fraction of a millisecond). PostgreSQL: the server's sessions (found by their
    application name) whose transaction has written and not yet ended.
    """

    def __init__(self, database_url: str) -> None:
        url = make_url(database_url)
        self._sqlite = None
        self._engine = None
        if url.get_backend_name() == "sqlite":
            path = url.database or ":memory:"
            self._sqlite = sqlite3.connect(path, timeout=0, isolation_level=None)
        else:
            self._engine = create_db_engine(database_url)

    def writers(self) -> int:
        if self._sqlite is not None:
            try:
                self._sqlite.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError:
                return 1
            self._sqlite.execute("ROLLBACK")
            return 0
        assert self._engine is not None
        with self._engine.connect() as connection:
            return connection.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name ="
                    " current_setting('application_name') AND pid <> pg_backend_pid()"
                    " AND backend_xid IS NOT NULL"
                )
            ).scalar_one()

    def close(self) -> None:
        if self._sqlite is not None:
            self._sqlite.close()
        if self._engine is not None:
            self._engine.dispose()


# -- the visitors -----------------------------------------------------------------------------


@dataclass
class Call:
    """One request: which endpoint, when (seconds since the start), and how it failed."""

    endpoint: str
    started: float
    ended: float = 0.0
    error: str | None = None
    event_ids: list[str] = field(default_factory=list)


@dataclass
class Kill:
    at: float
    wall: float
    processes: int
    in_flight: list[Call]
    writers: int
    up: float = 0.0


@dataclass
class Soak:
    """Everything the visitors and the faults share during one run."""

    key: str
    began: float = field(default_factory=time.monotonic)
    calls: list[Call] = field(default_factory=list)
    in_flight: dict[int, Call] = field(default_factory=dict)
    created: set[str] = field(default_factory=set)
    acknowledged: set[str] = field(default_factory=set)
    rejected: dict[str, str] = field(default_factory=dict)

    def clock(self) -> float:
        return time.monotonic() - self.began

    def new_event(self, fields: dict[str, Any], url: str) -> dict[str, Any]:
        event_id = str(uuid.uuid4())  # what the widget uses: crypto.randomUUID()
        self.created.add(event_id)
        ts = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        return {"id": event_id, **fields, "url": url, "ts": ts}


HEADERS = {"Content-Type": "text/plain;charset=UTF-8", "Origin": ORIGIN}


class Visitor:
    def __init__(self, number: int, soak: Soak, client: httpx.AsyncClient) -> None:
        self.id = f"soak-visitor-{number:03d}"
        self.session_id = f"s{number:03d}"
        self.soak = soak
        self.client = client
        self.rng = random.Random(number)
        self.shown: list[dict[str, Any]] = []
        envelope = json.dumps(self._envelope([]), separators=(",", ":"))
        self.queue = EventQueue(
            send=self.send_events,
            envelope_bytes=len(envelope.encode()),
            options=QueueOptions(flush_delay=FLUSH_DELAY),
        )

    async def browse(self, until: float) -> None:
        """Page after page: the context, then the events of what it showed (or, when the
        server is down, of what the last page showed: the widget keeps working)."""
        while self.soak.clock() < until:
            page = self.rng.choice(PAGES)
            body = {"url": ORIGIN + page, "visitor_id": self.id, "locale": "nl"}
            answer = await self.post("context", body)
            if answer is not None:
                self.shown = [*answer["walkthroughs"], *answer["tips"]]
            for fields in self.events_for(page):
                self.queue.add(self.soak.new_event(fields, ORIGIN + page))
            await asyncio.sleep(self.rng.uniform(*THINK_SECONDS))

    def events_for(self, page: str) -> list[dict[str, Any]]:
        rng = self.rng
        events: list[dict[str, Any]] = []
        for guide in self.shown:
            ids = {"guide_id": guide["id"], "version": guide["version"]}
            if guide["kind"] == "tip":
                events.append({"name": "tip_viewed", **ids})
                continue
            step = rng.choice(guide["steps"])["id"]
            if rng.random() < 0.3:
                events.append({"name": "guide_started", **ids})
            events.append({"name": "step_viewed", **ids, "step_id": step})
            if rng.random() < 0.5:
                events.append({"name": "step_completed", **ids, "step_id": step})
            if rng.random() < 0.1:
                events.append({"name": "guide_completed", **ids})
        if rng.random() < 0.2:
            events.append({"name": "help_opened"})
        events.append({"name": "custom", "custom_name": "page viewed", "props": {"page": page}})
        return events

    def _envelope(self, events: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "visitor_id": self.id,
            "session_id": self.session_id,
            "locale": "nl",
            "events": events,
        }

    async def send_events(self, events: list[dict[str, Any]]) -> dict[str, Any] | None:
        answer = await self.post(
            "events", self._envelope(events), event_ids=[event["id"] for event in events]
        )
        if answer is not None:
            self.soak.acknowledged.update(answer["accepted"])
            for item in answer["rejected"]:
                self.soak.rejected[item["id"]] = item["error"]
        return answer

    async def post(
        self, endpoint: str, body: dict[str, Any], *, event_ids: list[str] | None = None
    ) -> dict[str, Any] | None:
        """`transport.post`: the parsed answer of a 2xx response, else None."""
        soak = self.soak
        call = Call(endpoint, soak.clock(), event_ids=event_ids or [])
        soak.calls.append(call)
        soak.in_flight[id(call)] = call
        answer = None
        try:
            response = await self.client.post(
                f"/api/public/v1/apps/{soak.key}/{endpoint}",
                content=json.dumps(body, separators=(",", ":")),
                headers=HEADERS,
            )
            if response.is_success:
                answer = response.json()
            else:
                call.error = (
                    "5xx" if response.status_code >= 500 else f"HTTP {response.status_code}"
                )
        except httpx.TimeoutException:
            call.error = "timeout"
        except httpx.ConnectError:
            call.error = "connection refused"
        except httpx.TransportError:
            call.error = "connection lost"
        except ValueError:
            call.error = "unreadable answer"
        finally:
            call.ended = soak.clock()
            del soak.in_flight[id(call)]
        return answer


async def faults(soak: Soak, server: Server, moments: list[float], probe: WriteProbe) -> list[Kill]:
    """At each moment (or `STEADY_SECONDS` after the last restart, if that is later), once
    the server is writing: SIGKILL, an outage, a restart."""
    kills: list[Kill] = []
    for moment in moments:
        due = max(moment, kills[-1].up + STEADY_SECONDS) if kills else moment
        await asyncio.sleep(max(0.0, due - soak.clock()))
        processes = server.processes()  # counted before: the kill must follow the probe
        writers = await mid_write(soak, probe)
        kill = Kill(soak.clock(), time.time(), processes, list(soak.in_flight.values()), writers)
        server.kill()
        await asyncio.sleep(OUTAGE_SECONDS)
        server.start()
        await server.wait_up()
        kill.up = soak.clock()
        kills.append(kill)
    return kills


async def mid_write(soak: Soak, probe: WriteProbe, *, patience: float = 5.0) -> int:
    """Until event batches are out and the server is inside a write transaction; after
    `patience`, batches out suffice, and after twice that nothing is waited for. Returns
    the writers the last probe saw."""
    began = soak.clock()
    while True:
        waited = soak.clock() - began
        if any(call.endpoint == "events" for call in soak.in_flight.values()):
            writers = probe.writers()
            if writers or waited >= patience:
                return writers
        elif waited >= 2 * patience:
            return probe.writers()
        await asyncio.sleep(0.001)


@dataclass
class Run:
    kills: list[Kill]
    calls: list[Call]
    soak: Soak
    still_queued: int
    dropped: int
    drain_seconds: float


async def drive(server: Server, key: str, args: argparse.Namespace, probe: WriteProbe) -> Run:
    soak = Soak(key)
    seconds = args.seconds
    base_url = f"http://127.0.0.1:{server.port}"
    clients = [
        httpx.AsyncClient(base_url=base_url, timeout=REQUEST_TIMEOUT) for _ in range(args.visitors)
    ]
    try:
        crowd = [Visitor(number, soak, client) for number, client in enumerate(clients)]
        fault_task = asyncio.create_task(
            faults(soak, server, [seconds / 3, 2 * seconds / 3], probe)
        )
        await asyncio.gather(*(visitor.browse(seconds) for visitor in crowd))
        kills = await fault_task
        # The drain: no new events; the queues retry by their own timers until empty.
        drain_began = soak.clock()
        while soak.clock() - drain_began < args.drain and not all(v.queue.idle for v in crowd):
            await asyncio.sleep(0.05)
        drain_seconds = soak.clock() - drain_began
        for visitor in crowd:
            visitor.queue.stop()
        return Run(
            kills=kills,
            calls=soak.calls,
            soak=soak,
            still_queued=sum(visitor.queue.pending for visitor in crowd),
            dropped=sum(len(visitor.queue.dropped) for visitor in crowd),
            drain_seconds=drain_seconds,
        )
    finally:
        for client in clients:
            await client.aclose()


# -- counting and reporting -------------------------------------------------------------------


def stored_events(database_url: str) -> tuple[dict[str, int], dict[str, datetime]]:
    """Rows per event id, and each id's first server time."""
    engine = create_db_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            select(EVENTS.c.event_id, func.count(), func.min(EVENTS.c.server_time)).group_by(
                EVENTS.c.event_id
            )
        ).all()
    engine.dispose()
    counts = {event_id: count for event_id, count, _ in rows}
    # min() loses the column type on SQLite; read it back the way UTCDateTime stores it.
    firsts = {event_id: _as_utc(first) for event_id, _, first in rows}
    return counts, firsts


def _as_utc(value: Any) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def percentile(values: list[float], share: float) -> float:
    """Nearest rank."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))]


def overlaps(call: Call, start: float, end: float) -> bool:
    return call.started < end and call.ended > start


def report(
    database: str,
    workers: int,
    command: list[str],
    cold_start: float,
    run: Run,
    database_url: str,
) -> bool:
    soak, calls, kills = run.soak, run.calls, run.kills
    print(f"\n== {database}: `{' '.join(command)}`")
    print(f"first start, before the load (baseline for an outage): {cold_start:.1f} s")
    for number, kill in enumerate(kills, 1):
        events_out = [call for call in kill.in_flight if call.endpoint == "events"]
        print(
            f"kill {number} at {kill.at:5.1f} s: SIGKILL to {kill.processes} process(es), "
            f"{len(kill.in_flight)} requests in flight ({len(events_out)} event batches, "
            f"{sum(len(c.event_ids) for c in events_out)} events); restarted after "
            f"{OUTAGE_SECONDS:.0f} s, answering with all workers at {kill.up:5.1f} s "
            f"(outage {kill.up - kill.at:.1f} s)"
        )
        print(f"  write transactions open in the database just before the kill: {kill.writers}")

    counts, firsts = stored_events(database_url)
    stored_ids = set(counts)
    created = soak.created
    lost = created - stored_ids
    duplicated = sum(count - 1 for count in counts.values())
    strangers = stored_ids - created
    acknowledged_lost = soak.acknowledged - stored_ids
    for number, kill in enumerate(kills, 1):
        # Batches the killed server never answered, yet had committed: the retry after the
        # restart was acknowledged without storing them again.
        unanswered = [c for c in kill.in_flight if c.endpoint == "events" and c.error]
        ids = {event_id for call in unanswered for event_id in call.event_ids}
        committed = [i for i in ids if i in firsts and firsts[i].timestamp() < kill.wall]
        print(
            f"kill {number}: {len(unanswered)} of the batches in flight got no answer; of their "
            f"{len(ids)} events {len(committed)} had been committed by the killed server, "
            f"{len(ids) - len(committed)} were stored by a retry after the restart"
        )

    outages = [(kill.at, kill.up) for kill in kills]
    during = [c for c in calls if any(overlaps(c, start, end) for start, end in outages)]
    errors_during = Counter(c.error for c in during if c.error)
    windows = [(kill.at - MARGIN_BEFORE, kill.up + MARGIN_AFTER) for kill in kills]
    outside = [c for c in calls if not any(overlaps(c, start, end) for start, end in windows)]
    errors_outside = Counter(c.error for c in outside if c.error)
    endpoints = Counter(c.endpoint for c in calls)
    print(
        f"requests: {endpoints['context']} context, {endpoints['events']} events; "
        f"during the outages {len(during)} requests, {sum(errors_during.values())} errors "
        f"({_describe(errors_during)})"
    )
    print(
        f"errors outside the restart windows: {sum(errors_outside.values())}"
        f" ({_describe(errors_outside)})"
    )
    print(
        f"latency, successful requests that did not overlap a restart window "
        f"[kill - {MARGIN_BEFORE} s, up + {MARGIN_AFTER} s]:"
    )
    print(f"  {'endpoint':<10}{'part of the run':<28}{'requests':>9}{'p50 ms':>9}{'p99 ms':>9}")
    first_kill = kills[0].at - MARGIN_BEFORE if kills else float("inf")
    for endpoint in ("context", "events"):
        for label, chosen in (
            ("before the first kill", [c for c in outside if c.ended < first_kill]),
            ("all outside the windows", outside),
        ):
            times = [
                (c.ended - c.started) * 1000
                for c in chosen
                if c.endpoint == endpoint and c.error is None
            ]
            if times:
                print(
                    f"  {endpoint:<10}{label:<28}{len(times):>9}"
                    f"{percentile(times, 0.50):>9.1f}{percentile(times, 0.99):>9.1f}"
                )
    print(
        f"events created {len(created)}, acknowledged {len(soak.acknowledged)}, "
        f"rejected {len(soak.rejected)}, stored {sum(counts.values())}; "
        f"drain {run.drain_seconds:.1f} s, still queued {run.still_queued}, "
        f"dropped by the queue's cap {run.dropped}"
    )
    if soak.rejected:
        print(f"  first rejection: {next(iter(soak.rejected.items()))}")
    rows = [
        ("events lost (created, not stored)", len(lost)),
        ("events duplicated (extra rows per id)", duplicated),
        ("stored events no client created", len(strangers)),
        ("acknowledged but not stored", len(acknowledged_lost)),
    ]
    print(f"\n{'measure':<42}{'measured':>10}{'target':>8}  verdict")
    for name, measured in rows:
        print(f"{name:<42}{measured:>10}{0:>8}  {'met' if measured == 0 else 'MISSED'}")
    met = all(measured == 0 for _, measured in rows)
    print(
        f"verdict {database} ({workers} worker{'s' if workers > 1 else ''}): lost {len(lost)}, "
        f"duplicated {duplicated}: {'met' if met else 'MISSED'}"
    )
    return met


def _describe(errors: Counter[str]) -> str:
    return ", ".join(f"{count} {kind}" for kind, count in errors.most_common()) or "none"


def soak_one(database: str, args: argparse.Namespace) -> bool:
    workers = WORKERS[database]
    with tempfile.TemporaryDirectory(prefix="wegwijs-soak-") as tmp:
        data_dir = Path(tmp) / "data"
        with _database(database, data_dir, args.postgres_url) as database_url:
            env = clean_env(data_dir, database_url)
            key = set_up_app(env, data_dir)
            print(
                f"\n{database}: app {key} (origin {ORIGIN}), {len(GUIDES)} published guides; "
                f"{args.visitors} visitors for {args.seconds} s on port {args.port}"
            )
            server = Server(env, args.port, workers, Path(tmp) / "serve.log")
            probe = WriteProbe(database_url)
            began = time.monotonic()
            server.start()
            try:
                asyncio.run(server.wait_up())
                cold_start = time.monotonic() - began
                run = asyncio.run(drive(server, key, args, probe))
            finally:
                server.stop()
                probe.close()
            log = (Path(tmp) / "serve.log").read_text(errors="replace")
            tracebacks = log.count("Traceback")
            if tracebacks:
                print(f"server log: {tracebacks} traceback(s); the last:")
                print(log[log.rindex("Traceback") :][:3000])
            return report(database, workers, server.command, cold_start, run, database_url)


@contextmanager
def _database(database: str, data_dir: Path, postgres_url: str) -> Iterator[str]:
    if database == "sqlite":
        yield f"sqlite:///{data_dir / 'soak.db'}"
        return
    with fresh_postgres_schema(postgres_url) as url:
        yield url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--visitors", type=int, default=30)
    parser.add_argument("--drain", type=float, default=120, help="longest final drain (s)")
    parser.add_argument("--port", type=int, default=8767)
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("WEGWIJS_TEST_DATABASE_URL") or DEFAULT_POSTGRES_URL,
    )
    args = parser.parse_args()
    databases = ("sqlite", "postgresql") if args.database == "both" else (args.database,)
    verdicts = {database: soak_one(database, args) for database in databases}
    print()
    for database, met in verdicts.items():
        print(f"{database}: {'met' if met else 'MISSED'}")
    print(json.dumps({"met": all(verdicts.values())}))


if __name__ == "__main__":
    main()
