"""Abuse limits on the public API: per app key and per client, in memory or in Redis."""

import asyncio
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from tests.conftest import TEST_SECRET
from tests.factories import make_app
from tests.processes import clean_env, free_port, stop, wait_until_up
from wegwijs.apps.models import App
from wegwijs.config import Settings
from wegwijs.errors import ApiError
from wegwijs.main import create_app
from wegwijs.ratelimit import WINDOW_SECONDS, RateLimiter

ORIGIN = "http://host.example.com"
REDIS_URL = "redis://127.0.0.1:6379/15"


def limited_client(engine: Engine, settings: Settings, **limits: int) -> TestClient:
    return TestClient(create_app(settings.model_copy(update=limits), engine=engine))


def context(client: TestClient, app: App, *, origin: str = ORIGIN) -> httpx.Response:
    body = {"url": f"{ORIGIN}/", "visitor_id": "visitor-0001"}
    return client.post(
        f"/api/public/v1/apps/{app.key}/context", json=body, headers={"Origin": origin}
    )


def test_per_client_limit(engine: Engine, settings: Settings, session: Session) -> None:
    app = make_app(session)
    with limited_client(engine, settings, rate_limit_per_client=3, rate_limit_per_app=0) as client:
        assert [context(client, app).status_code for _ in range(3)] == [200, 200, 200]
        refused = context(client, app)
        assert refused.status_code == 429
        assert refused.json()["error"]["code"] == "rate_limited"
        assert 1 <= int(refused.headers["retry-after"]) <= WINDOW_SECONDS
        # Unknown keys count too: guessing keys is what this limit stops.
        unknown = client.post("/api/public/v1/apps/app_nope/context", json={})
        assert unknown.status_code == 429


def test_per_app_limit_answers_with_cors(
    engine: Engine, settings: Settings, session: Session
) -> None:
    app = make_app(session)
    other = make_app(session, name="Other")
    with limited_client(engine, settings, rate_limit_per_client=0, rate_limit_per_app=2) as client:
        assert context(client, app).status_code == 200
        events = client.post(
            f"/api/public/v1/apps/{app.key}/events",
            json={"visitor_id": "visitor-0001", "events": []},
            headers={"Origin": ORIGIN},
        )
        assert events.status_code != 429
        refused = context(client, app)
        assert refused.status_code == 429
        assert refused.headers["access-control-allow-origin"] == ORIGIN
        assert "Retry-After" in refused.headers["access-control-expose-headers"]
        assert context(client, other).status_code == 200  # each app has its own allowance


def test_zero_switches_limits_off(engine: Engine, settings: Settings, session: Session) -> None:
    app = make_app(session)
    with limited_client(engine, settings, rate_limit_per_client=0, rate_limit_per_app=0) as client:
        assert {context(client, app).status_code for _ in range(20)} == {200}


def test_windows_roll_over() -> None:
    now = [1000.0 * WINDOW_SECONDS]
    limiter = RateLimiter(per_app=2, per_client=0, clock=lambda: now[0])

    async def run() -> None:
        for _ in range(2):
            await limiter.check(limiter.app_limit, "app_x")
        with pytest.raises(ApiError) as refused:
            await limiter.check(limiter.app_limit, "app_x")
        assert refused.value.headers == {"Retry-After": str(WINDOW_SECONDS)}
        now[0] += WINDOW_SECONDS
        await limiter.check(limiter.app_limit, "app_x")

    asyncio.run(run())


@pytest.fixture
def redis_url() -> Iterator[str]:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    client.flushdb()
    yield REDIS_URL
    client.flushdb()
    client.close()


def test_redis_counts_are_shared(redis_url: str) -> None:
    identity = f"client-{uuid.uuid4()}"

    async def run() -> list[int]:
        first = RateLimiter(per_app=0, per_client=3, redis_url=redis_url)
        second = RateLimiter(per_app=0, per_client=3, redis_url=redis_url)
        outcomes = []
        for limiter in (first, second, first, second):
            try:
                await limiter.check(limiter.client_limit, identity)
                outcomes.append(200)
            except ApiError as exc:
                outcomes.append(exc.status)
        await first.close()
        await second.close()
        return outcomes

    assert asyncio.run(run()) == [200, 200, 200, 429]


def test_an_unreachable_redis_lets_requests_through(caplog: pytest.LogCaptureFixture) -> None:
    async def run() -> None:
        limiter = RateLimiter(per_app=1, per_client=0, redis_url="redis://127.0.0.1:1/0")
        for _ in range(3):
            await limiter.check(limiter.app_limit, "app_x")
        await limiter.close()

    asyncio.run(run())
    assert "rate limiter unavailable" in caplog.text


@pytest.mark.slow
def test_workers_share_one_allowance_through_redis(redis_url: str, tmp_path: Path) -> None:
    """Three workers, one Redis: the limit holds for the server as a whole."""
    port = free_port()
    env = clean_env(
        tmp_path,
        WEGWIJS_SECRET_KEY=TEST_SECRET,
        WEGWIJS_REDIS_URL=redis_url,
        WEGWIJS_RATE_LIMIT_PER_CLIENT="30",
        WEGWIJS_RATE_LIMIT_PER_APP="0",
        WEGWIJS_TEST_HEADERS="true",
    )
    command = [sys.executable, "-m", "wegwijs", "serve", "--port", str(port), "--workers", "3"]
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/healthz", process)
        statuses: list[int] = []
        workers: set[str] = set()
        for _ in range(60):
            # A new connection each time, so the kernel spreads them over the workers.
            response = httpx.post(
                f"http://127.0.0.1:{port}/api/public/v1/apps/app_unknown/context", json={}
            )
            statuses.append(response.status_code)
            workers.add(response.headers.get("x-wegwijs-worker", ""))
    finally:
        stop(process)
        log.close()
    assert statuses.count(404) == 30 and statuses.count(429) == 30, statuses
    assert statuses[30:] == [429] * 30
    assert len(workers) >= 2, workers
