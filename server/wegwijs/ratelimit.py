"""Abuse limits on the public API: requests per minute per app key and per client address.

Fixed one-minute windows, counted in process memory, or in Redis when `WEGWIJS_REDIS_URL`
is set so that every worker and node shares one count. Never a database write per request.
These are abuse limits, not quotas: the defaults leave room for a whole office behind one
NAT address. When Redis cannot be reached, requests are let through (and a warning is
logged): a broken limiter must not take every customer's help offline.
"""

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from redis.asyncio import Redis
from redis.exceptions import RedisError

from wegwijs.errors import ApiError

WINDOW_SECONDS = 60
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limit:
    scope: str
    """What is counted: "app" (per app key) or "client" (per client address)."""
    per_minute: int
    """0 switches this limit off."""


class Counter(Protocol):
    async def hit(self, key: str, window: int) -> int:
        """Count one request under `key` in `window`; the count so far, this one included."""
        ...

    async def close(self) -> None: ...


class MemoryCounter:
    """Counts of the current window only: older windows are dropped as time moves on."""

    def __init__(self) -> None:
        self._window = -1
        self._counts: dict[str, int] = {}

    async def hit(self, key: str, window: int) -> int:
        if window != self._window:
            self._window, self._counts = window, {}
        count = self._counts.get(key, 0) + 1
        self._counts[key] = count
        return count

    async def close(self) -> None:
        self._counts = {}


class RedisCounter:
    def __init__(self, url: str) -> None:
        self._redis = Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)

    async def hit(self, key: str, window: int) -> int:
        redis_key = f"wegwijs:rate:{window}:{key}"
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.incr(redis_key)
            pipe.expire(redis_key, WINDOW_SECONDS * 2)
            count, _ = await pipe.execute()
        return int(count)

    async def close(self) -> None:
        await self._redis.aclose()


class RateLimiter:
    def __init__(
        self,
        *,
        per_app: int,
        per_client: int,
        redis_url: str | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.app_limit = Limit("app", per_app)
        self.client_limit = Limit("client", per_client)
        self._counter: Counter = RedisCounter(redis_url) if redis_url else MemoryCounter()
        self._clock = clock

    async def check(self, limit: Limit, identity: str) -> None:
        """429 with `Retry-After` once `identity` used up this minute's allowance."""
        if limit.per_minute <= 0:
            return
        now = self._clock()
        window = int(now // WINDOW_SECONDS)
        try:
            count = await self._counter.hit(f"{limit.scope}:{identity}", window)
        except (RedisError, OSError) as exc:
            log.warning("rate limiter unavailable, letting requests through: %s", exc)
            return
        if count > limit.per_minute:
            retry_after = max(1, math.ceil((window + 1) * WINDOW_SECONDS - now))
            raise ApiError(
                429,
                "rate_limited",
                f"Too many requests {'for this app' if limit.scope == 'app' else 'from here'};"
                f" retry in {retry_after} s.",
                headers={"Retry-After": str(retry_after)},
            )

    async def close(self) -> None:
        await self._counter.close()
