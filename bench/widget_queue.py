"""The widget's analytics event queue (`widget/src/events.js`), ported to asyncio for the soak.

The same rules, so the soak retries exactly as a browser does: an event leaves the queue
only when an answer names its id as accepted or rejected; a failed request (no answer, a
connection error, a timeout, any status that is not 2xx) keeps every event and retries
after 2 s, doubled per failure up to 60 s; one request at a time, at most 50 events and
56 KB per request; at most 500 unsent events kept, the oldest dropped beyond that. Consent
is taken as given and there is no page unload (no beacon).
"""

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

Event = dict[str, Any]
Answer = dict[str, Any] | None
Send = Callable[[list[Event]], Awaitable[Answer]]


@dataclass(frozen=True)
class QueueOptions:
    """`QUEUE_DEFAULTS` of events.js, in seconds."""

    batch_size: int = 20
    flush_delay: float = 2.0
    max_stored: int = 500
    max_per_request: int = 50
    max_bytes: int = 56 * 1024
    retry_base: float = 2.0
    retry_max: float = 60.0


def take_batch(
    events: list[Event], max_bytes: int, max_count: int
) -> tuple[list[Event], list[Event]]:
    """`takeBatch`: the events from the front that fit in one request, and those that never can."""
    batch: list[Event] = []
    too_big: list[Event] = []
    size_so_far = 1
    for event in events:
        size = len(json.dumps(event, separators=(",", ":")).encode()) + 1
        if size + 1 > max_bytes:
            too_big.append(event)
        elif size_so_far + size > max_bytes or len(batch) >= max_count:
            break
        else:
            batch.append(event)
            size_so_far += size
    return batch, too_big


class EventQueue:
    """`createEventQueue` with consent given: `add`, `flush`, timers and backoff as there."""

    def __init__(
        self, *, send: Send, envelope_bytes: int = 0, options: QueueOptions = QueueOptions()
    ) -> None:
        self._send = send
        self._envelope_bytes = envelope_bytes
        self._options = options
        self._events: list[Event] = []
        self._timer: asyncio.TimerHandle | None = None
        self._in_flight: asyncio.Task[None] | None = None
        self._failures = 0
        self.dropped: list[Event] = []
        """Events the widget itself gives up on: beyond `max_stored`, or too big to send."""

    @property
    def pending(self) -> int:
        return len(self._events)

    @property
    def idle(self) -> bool:
        return not self._events and self._in_flight is None

    def add(self, event: Event) -> None:
        self._events.append(event)
        self._write()
        self._schedule(self._pending_delay(len(self._events)))

    def flush(self) -> asyncio.Task[None]:
        """Send what waits now, one request at a time (a flush while one is out joins it)."""
        if self._in_flight is None:
            self._in_flight = asyncio.get_running_loop().create_task(self._send_batch())
            self._in_flight.add_done_callback(self._landed)
        return self._in_flight

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer = None

    def _landed(self, _task: asyncio.Task[None]) -> None:
        self._in_flight = None

    def _write(self) -> None:
        overflow = len(self._events) - self._options.max_stored
        if overflow > 0:
            self.dropped.extend(self._events[:overflow])
            del self._events[:overflow]

    def _schedule(self, delay: float) -> None:
        if self._timer is not None:
            if delay > 0:
                return
            self._timer.cancel()
        self._timer = asyncio.get_running_loop().call_later(delay, self._fire)

    def _fire(self) -> None:
        self._timer = None
        self.flush()

    def _pending_delay(self, count: int) -> float:
        return 0 if count >= self._options.batch_size else self._options.flush_delay

    async def _send_batch(self) -> None:
        options = self._options
        room = options.max_bytes - self._envelope_bytes
        batch, too_big = take_batch(self._events, room, options.max_per_request)
        if too_big:
            self.dropped.extend(too_big)
            self._forget({event["id"] for event in too_big})
        if not batch:
            return
        try:
            answer = await self._send(batch)
        except Exception:
            answer = None
        if not isinstance(answer, dict):
            self._failures += 1
            backoff = options.retry_base * 2 ** (self._failures - 1)
            self._schedule(min(backoff, options.retry_max))
            return
        self._failures = 0
        # Accepted and rejected are both final: a rejected event would be rejected again.
        answered = set(answer.get("accepted") or [])
        answered.update(item["id"] for item in answer.get("rejected") or [] if item.get("id"))
        self._forget(answered)
        if self._events:
            self._schedule(
                self._pending_delay(len(self._events)) if answered else options.retry_base
            )

    def _forget(self, ids: set[str]) -> None:
        self._events = [event for event in self._events if event["id"] not in ids]
