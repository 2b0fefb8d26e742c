"""Group commit for event batches: one transaction for every batch that arrived meanwhile.

A commit costs about as much as inserting a whole batch, and SQLite has one writer at a
time anyway. Batches that arrive while a transaction is being written wait for the next
one and share it; each request still answers only after its events are committed, so
"accepted" keeps meaning "stored".
"""

import asyncio
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine

from wegwijs.analytics.ingest import Sorted, store_batch
from wegwijs.analytics.rollups import Rollups
from wegwijs.analytics.schemas import EventBatch, IngestResult
from wegwijs.visitors.recorder import subject_for


@dataclass(frozen=True)
class Work:
    sorted_batch: Sorted
    batch: EventBatch
    app_id: int
    now: datetime


class EventWriter:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._waiting: list[tuple[Work, asyncio.Future[IngestResult]]] = []
        self._writing = False

    async def store(self, work: Work) -> IngestResult:
        loop = asyncio.get_running_loop()
        done: asyncio.Future[IngestResult] = loop.create_future()
        self._waiting.append((work, done))
        if not self._writing:
            self._writing = True
            loop.create_task(self._drain())
        return await done

    async def _drain(self) -> None:
        try:
            while self._waiting:
                group, self._waiting = self._waiting, []
                try:
                    # In a thread: the event loop goes on reading and parsing the next
                    # requests while this transaction is written.
                    results = await asyncio.to_thread(self._write, [work for work, _ in group])
                except Exception as exc:  # every request of the group learns it failed
                    for _, done in group:
                        done.set_exception(exc)
                    continue
                for (_, done), result in zip(group, results, strict=True):
                    done.set_result(result)
        finally:
            self._writing = False

    def _write(self, group: list[Work]) -> list[IngestResult]:
        with self._engine.begin() as connection:
            rollups = Rollups(connection)  # the whole group's roll-ups in one write
            rollups.prepare(
                (
                    work.app_id,
                    subject_for(visitor_id=work.batch.visitor_id, user_id=work.batch.user_id),
                )
                for work in group
                if work.sorted_batch.rows
            )
            results = [
                store_batch(
                    connection,
                    work.sorted_batch,
                    batch=work.batch,
                    app_id=work.app_id,
                    now=work.now,
                    rollups=rollups,
                )
                for work in group
            ]
            rollups.write()
            return results
