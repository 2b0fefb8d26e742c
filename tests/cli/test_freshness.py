"""A publish on one worker reaches every worker within a second (PostgreSQL, 3 workers)."""

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlmodel import Session

from tests.conftest import TEST_SECRET
from tests.databases import POSTGRES_URL, fresh_postgres_schema
from tests.factories import PASSWORD, make_account, make_app, make_guide
from tests.processes import clean_env, free_port, stop, wait_until_up
from wegwijs.auth.models import Role
from wegwijs.db import create_db_engine
from wegwijs.migrate import migrate

pytestmark = pytest.mark.slow
ORIGIN = "http://host.example.com"
WORKERS = 3


@pytest.fixture
def database_url() -> Iterator[str]:
    if not POSTGRES_URL:
        pytest.skip("WEGWIJS_TEST_DATABASE_URL not set")
    with fresh_postgres_schema("wegwijs_fresh") as url:
        yield url


def ask_every_worker(base: str, app_key: str, *, attempts: int = 400) -> dict[str, list[int]]:
    """Guide ids each worker serves; a new connection per request spreads them over workers."""
    seen: dict[str, list[int]] = {}
    for _ in range(attempts):
        response = httpx.post(
            f"{base}/api/public/v1/apps/{app_key}/context",
            json={"url": "http://host.example.com/", "visitor_id": "visitor-0001"},
            headers={"Origin": ORIGIN},
            timeout=5,
        )
        assert response.status_code == 200, response.text
        seen[response.headers["x-wegwijs-worker"]] = [
            entry["id"] for entry in response.json()["walkthroughs"]
        ]
        if len(seen) == WORKERS:
            break
    return seen


def test_publish_reaches_every_worker_within_a_second(database_url: str, tmp_path: Path) -> None:
    engine = create_db_engine(database_url)
    migrate(engine)
    with Session(engine) as session:
        app = make_app(session, origins=[ORIGIN])
        make_account(session, "author@example.com", app=app, role=Role.author)
        guide = make_guide(session, app)
        app_key, guide_id = app.key, guide.id
    engine.dispose()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = clean_env(
        tmp_path,
        WEGWIJS_DATABASE_URL=database_url,
        WEGWIJS_SECRET_KEY=TEST_SECRET,
        WEGWIJS_TEST_HEADERS="true",
    )
    with (tmp_path / "serve.log").open("wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "wegwijs", "serve", "--port", str(port)]
            + ["--workers", str(WORKERS)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_up(f"{base}/healthz", server)
            before = ask_every_worker(base, app_key)
            assert len(before) == WORKERS, before  # every worker has cached the empty page
            assert all(ids == [] for ids in before.values())

            with httpx.Client(base_url=base) as admin:
                signed_in = admin.post(
                    "/api/v1/auth/sign-in",
                    json={"email": "author@example.com", "password": PASSWORD},
                )
                csrf = {"X-CSRF-Token": signed_in.json()["csrf_token"]}
                published = admin.post(
                    f"/api/v1/apps/{app_key}/guides/{guide_id}/publish", headers=csrf
                )
                assert published.status_code in (200, 201), published.text
            time.sleep(1.1)
            after = ask_every_worker(base, app_key)
        finally:
            stop(server)
    assert len(after) == WORKERS, after
    assert all(ids == [guide_id] for ids in after.values()), after
