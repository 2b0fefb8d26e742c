"""`wegwijs serve` with several workers: migrate once, then every worker answers."""

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from tests.conftest import TEST_SECRET
from tests.databases import POSTGRES_URL, fresh_postgres_schema
from tests.processes import clean_env, free_port, stop, wait_until_up
from wegwijs.db import create_db_engine

pytestmark = pytest.mark.slow


@pytest.fixture
def fresh_postgres_url() -> Iterator[str]:
    if not POSTGRES_URL:
        pytest.skip("WEGWIJS_TEST_DATABASE_URL not set")
    with fresh_postgres_schema("wegwijs_serve") as url:
        yield url


def serve_and_collect_workers(env: dict[str, str], workers: int, log: Path) -> tuple[set[str], str]:
    port = free_port()
    command = [sys.executable, "-m", "wegwijs", "serve", "--port", str(port)]
    seen: set[str] = set()
    with log.open("wb") as output:
        process = subprocess.Popen(
            [*command, "--workers", str(workers)],
            env={**env, "WEGWIJS_TEST_HEADERS": "true"},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            _collect(port, process, workers, seen)
        finally:
            stop(process)
    return seen, log.read_text()


def _collect(port: int, process: subprocess.Popen[bytes], workers: int, seen: set[str]) -> None:
    wait_until_up(f"http://127.0.0.1:{port}/healthz", process)
    for _ in range(400):
        # A new connection each time, so the kernel spreads them over the workers.
        response = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
        assert response.status_code == 200
        seen.add(response.headers["x-wegwijs-worker"])
        if len(seen) == workers:
            break


def test_four_workers_on_a_fresh_postgresql_database(
    fresh_postgres_url: str, tmp_path: Path
) -> None:
    env = clean_env(
        tmp_path, WEGWIJS_DATABASE_URL=fresh_postgres_url, WEGWIJS_SECRET_KEY=TEST_SECRET
    )
    seen, output = serve_and_collect_workers(env, workers=4, log=tmp_path / "serve.log")
    assert "Traceback" not in output, output
    assert output.count("Application startup complete") == 4, output
    assert len(seen) >= 2, seen  # requests really reached several worker processes
    engine = create_db_engine(fresh_postgres_url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
    engine.dispose()


def test_serve_on_sqlite_creates_its_data_directory(tmp_path: Path) -> None:
    seen, output = serve_and_collect_workers(
        clean_env(tmp_path / "data"), workers=2, log=tmp_path / "serve.log"
    )
    assert "Traceback" not in output, output
    assert seen
    assert (tmp_path / "data" / "wegwijs.db").exists()
    assert (tmp_path / "data" / "secret_key").exists()
