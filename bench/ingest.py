"""Benchmark of event ingestion: one uvicorn worker on SQLite, load from wrk.

    python bench/ingest.py [--seconds 20] [--connections 8]

wrk posts batches of 50 events, each batch from one visitor and about two guides, as a
widget sends them. Event ids embed the wrk thread and a counter; every tenth request
replays the previous batch (a retrying widget), which must be accepted and stored nothing.
In the same run the ceiling is measured: the same parsing, inserts and state updates done
straight on the same kind of database in one process, with the same statements and no
HTTP. Afterwards the script checks that every event the server acknowledged is stored
exactly once.
"""

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

import httpx
from sqlalchemy import insert, text

sys.path.insert(0, str(Path(__file__).resolve().parent))

from context import run_wrk, start_server  # noqa: E402

from wegwijs.analytics.ingest import sort_batch, store_batch  # noqa: E402
from wegwijs.analytics.schemas import EventBatch  # noqa: E402
from wegwijs.apps.models import App  # noqa: E402
from wegwijs.content.models import Guide  # noqa: E402
from wegwijs.db import create_db_engine, utcnow  # noqa: E402
from wegwijs.migrate import migrate  # noqa: E402

ORIGIN = "http://host.bench"
GUIDES = 200
BATCH = 50
TARGET_EVENTS_PER_SECOND = 15_000
TARGET_SHARE_OF_CEILING = 0.40


def prepare(database_url: str, key: str) -> tuple[int, int]:
    engine = create_db_engine(database_url)
    migrate(engine)
    now = utcnow()
    with engine.begin() as connection:
        app_id = connection.execute(
            insert(App.__table__).values(
                key=key,
                name=key,
                allowed_origins=[ORIGIN],
                default_locale="nl",
                timezone="Europe/Amsterdam",
                theme={},
                consent_required=False,
                url_param_denylist=["email", "token", "password", "session", "code"],
                identity_verification=False,
                content_version=1,
                created_at=now,
                updated_at=now,
            )
        ).inserted_primary_key[0]
        connection.execute(
            insert(Guide.__table__),
            [
                {
                    "app_id": app_id,
                    "slug": f"g{n}",
                    "kind": "walkthrough",
                    "name": f"g{n}",
                    "status": "draft",
                    "targeting": {},
                    "frequency": "once",
                    "priority": 0,
                    "settings": {},
                    "created_at": now,
                    "updated_at": now,
                }
                for n in range(GUIDES)
            ],
        )
        first = connection.execute(
            text("SELECT min(id) FROM guide WHERE app_id = :a"), {"a": app_id}
        ).scalar_one()
    engine.dispose()
    return app_id, first


def synthetic_batch(rng: random.Random, prefix: str, number: int, first_guide: int) -> dict:
    names = [
        "step_viewed",
        "step_viewed",
        "step_completed",
        "guide_started",
        "tip_viewed",
        "guide_completed",
        "help_opened",
        "custom",
    ]
    events = []
    # One visitor's batch: a couple of guides they are working through, as in real use.
    own_guides = [first_guide + rng.randrange(GUIDES) for _ in range(2)]
    for index in range(BATCH):
        name = rng.choice(names)
        event = {
            "id": f"{prefix}-{number}-{index}",
            "name": name,
            "url": f"http://host.bench/claims/{index}?token=x&tab=2",
            "ts": "2026-11-24T10:00:00Z",
        }
        if name == "custom":
            event |= {"custom_name": "report exported", "props": {"rows": 12}}
        elif name != "help_opened":
            event |= {
                "guide_id": rng.choice(own_guides),
                "version": 1,
                "step_id": f"s{rng.randrange(1, 6)}",
            }
        events.append(event)
    visitor = rng.randrange(10_000)
    return {
        "visitor_id": f"visitor-{visitor:06d}",
        "session_id": f"s{visitor}",
        "locale": "nl",
        "events": events,
    }


def measure_ceiling(database_url: str, app_id: int, first_guide: int, seconds: float) -> float:
    """Same parsing, validation, statements and transactions as the endpoint; no HTTP."""
    engine = create_db_engine(database_url)
    guide_ids = frozenset(range(first_guide, first_guide + GUIDES))
    denylist = ["email", "token", "password", "session", "code"]
    rng = random.Random(7)
    bodies = [
        json.dumps(synthetic_batch(rng, "ceiling", n, first_guide)).encode() for n in range(200)
    ]
    stored = 0
    started = time.perf_counter()
    number = 0
    while time.perf_counter() - started < seconds:
        batch = EventBatch.model_validate_json(
            bodies[number % len(bodies)].replace(b'"ceiling-', f'"c{number}-'.encode())
        )
        now = utcnow()
        sorted_batch = sort_batch(
            batch, app_id=app_id, guide_ids=guide_ids, denylist=denylist, now=now, dialect="sqlite"
        )
        with engine.begin() as connection:
            result = store_batch(connection, sorted_batch, batch=batch, app_id=app_id, now=now)
        stored += len(result.accepted)
        number += 1
    elapsed = time.perf_counter() - started
    engine.dispose()
    return stored / elapsed


def verify(database_url: str, app_id: int, acked_file: Path) -> tuple[int, int, int]:
    """(acknowledged ids, stored rows, acknowledged ids not stored exactly once)."""
    acknowledged: set[str] = set()
    for line in acked_file.read_text().splitlines():
        acknowledged.update(json.loads(line))
    engine = create_db_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT event_id, count(*) FROM event WHERE app_id = :a GROUP BY event_id"),
            {"a": app_id},
        ).all()
    engine.dispose()
    counts = dict(rows)
    wrong = sum(1 for event_id in acknowledged if counts.get(event_id) != 1)
    return len(acknowledged), sum(counts.values()), wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wegwijs-ingest-") as tmp:
        data_dir = Path(tmp)
        database_url = f"sqlite:///{data_dir / 'ingest.db'}"
        app_id, first_guide = prepare(database_url, "app_bench_ingest")
        ceiling_id, ceiling_first = prepare(database_url, "app_bench_ceiling")
        ceiling = measure_ceiling(database_url, ceiling_id, ceiling_first, min(args.seconds, 10))
        server = start_server(data_dir, database_url, args.port)
        base_url = f"http://127.0.0.1:{args.port}"
        try:
            httpx.post(
                f"{base_url}/api/public/v1/apps/app_bench_ingest/events",
                json={"visitor_id": "visitor-warmup", "events": []},
                headers={"Origin": ORIGIN},
            ).raise_for_status()
            acked_file = data_dir / "acked.txt"
            env = {
                "BENCH_APP_KEY": "app_bench_ingest",
                "BENCH_ORIGIN": ORIGIN,
                "BENCH_GUIDES": str(GUIDES),
                "BENCH_FIRST_GUIDE": str(first_guide),
                "BENCH_ACKED_FILE": str(acked_file),
            }
            result = run_wrk(
                base_url, env, args.seconds, args.connections, script_name="ingest.lua"
            )
        finally:
            server.terminate()
            server.wait()
        acknowledged, stored, wrong = verify(database_url, app_id, acked_file)
    events_per_second = stored / args.seconds
    share = events_per_second / ceiling
    print(f"\nwrk command:\n  {result.command}\n")
    print(
        f"batches/s {result.requests_per_second:.0f} (incl. 10% replays), p50 "
        f"{result.p50_ms:.2f} ms, p99 {result.p99_ms:.2f} ms, non-2xx {result.errors}"
    )
    print(
        f"events stored {stored} in {args.seconds}s; acknowledged {acknowledged}; "
        f"acknowledged but not stored exactly once: {wrong}"
    )
    print(f"\n{'measure':<42}{'measured':>10}{'target':>10}  verdict")
    rows = [
        (
            "events/s stored (HTTP, SQLite)",
            f"{events_per_second:.0f}",
            f">= {TARGET_EVENTS_PER_SECOND}",
            events_per_second >= TARGET_EVENTS_PER_SECOND,
        ),
        ("ceiling: same work, no HTTP (events/s)", f"{ceiling:.0f}", "", True),
        (
            "share of the ceiling",
            f"{share:.2f}",
            f">= {TARGET_SHARE_OF_CEILING}",
            share >= TARGET_SHARE_OF_CEILING,
        ),
        ("acknowledged events not stored exactly once", str(wrong), "0", wrong == 0),
    ]
    for name, measured, target, ok in rows:
        print(f"{name:<42}{measured:>10}{target:>10}  {'met' if ok else 'MISSED'}")
    print(json.dumps({"met": all(ok for *_, ok in rows)}))


if __name__ == "__main__":
    main()
