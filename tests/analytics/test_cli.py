"""`wegwijs analytics purge | forget | rebuild`, run in-process on SQLite and PostgreSQL."""

import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from tests.analytics.scenario import build, event, ingest, rollup_rows
from tests.conftest import TEST_SECRET
from tests.factories import make_app
from wegwijs.analytics.models import Event
from wegwijs.cli import cli
from wegwijs.db import create_db_engine, utcnow
from wegwijs.migrate import migrate


@pytest.fixture
def database(engine: Engine, tmp_path: Path) -> Iterator[tuple[Engine, str]]:
    """A database the command can open too: a migrated SQLite file, or the test schema."""
    if engine.dialect.name != "sqlite":
        yield engine, engine.url.render_as_string(hide_password=False)
        return
    url = f"sqlite:///{tmp_path / 'wegwijs.db'}"
    file_engine = create_db_engine(url)
    migrate(file_engine)
    yield file_engine, url
    file_engine.dispose()


def run(url: str, tmp_path: Path, *args: str) -> Result:
    env = {
        "WEGWIJS_DATABASE_URL": url,
        "WEGWIJS_SECRET_KEY": TEST_SECRET,
        "WEGWIJS_DATA_DIR": str(tmp_path / "data"),
    }
    assert not any(name.startswith("WEGWIJS_DATABASE") for name in os.environ)
    return CliRunner().invoke(cli, ["analytics", *args], env=env)


def test_forget_removes_the_person_and_prints_what_went(
    database: tuple[Engine, str], tmp_path: Path
) -> None:
    engine, url = database
    with Session(engine) as session:
        world = build(session, engine, make_app(session))
    result = run(url, tmp_path, "forget", "--user", "bob", "--app", world.app.key)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"forgot bob in {world.app.key}: 18 events, 1 progress rows")
    again = run(url, tmp_path, "forget", "--user", "bob", "--app", world.app.key)
    assert "0 events" in again.stdout  # erasing twice is harmless


def test_purge_keeps_the_period_and_rebuild_recounts(
    database: tuple[Engine, str], tmp_path: Path
) -> None:
    engine, url = database
    with Session(engine) as session:
        app = make_app(session)
    now = utcnow()
    long_ago = now - timedelta(days=200)
    at = f"{long_ago:%Y-%m-%dT%H:%M:%S}"
    ingest(engine, app, [event("help_opened", at)], visitor="browser-old1", now=long_ago)
    recent = f"{now - timedelta(hours=1):%Y-%m-%dT%H:%M:%S}"
    ingest(engine, app, [event("help_opened", recent)], visitor="browser-new1", now=now)
    kept = rollup_rows(engine)

    rebuilt = run(url, tmp_path, "rebuild", "--app", app.key)
    assert rebuilt.exit_code == 0 and rebuilt.stdout == f"{app.key}: counted 2 events\n"
    assert rollup_rows(engine) == kept

    result = run(url, tmp_path, "purge", "--older-than", "180d")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{app.key}: removed 1 events and 2 roll-up rows")
    with Session(engine) as session:
        left = session.exec(select(Event.visitor_id)).all()
    assert left == ["browser-new1"]
    assert sum(map(len, rollup_rows(engine).values())) == 2  # a day, in Dutch and whole


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["purge", "--older-than", "6 months"], "error: --older-than: '6 months' is not an age"),
        (["purge", "--older-than", "0d"], "error: --older-than: '0d' is not an age"),
        (["purge", "--older-than", "30d", "--app", "app_nope"], "error: no app with key app_nope"),
        (["forget", "--user", "bob", "--app", "app_nope"], "error: no app with key app_nope"),
        (["rebuild", "--app", "app_nope"], "error: no app with key app_nope"),
    ],
)
def test_mistakes_are_one_error_line_and_a_failing_exit(
    database: tuple[Engine, str], tmp_path: Path, args: list[str], message: str
) -> None:
    _, url = database
    result = run(url, tmp_path, *args)
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith(message), result.stderr


def test_nothing_is_counted_twice_by_a_rebuild(
    database: tuple[Engine, str], tmp_path: Path
) -> None:
    engine, url = database
    with Session(engine) as session:
        world = build(session, engine, make_app(session))
    before = rollup_rows(engine)
    assert run(url, tmp_path, "rebuild").exit_code == 0
    assert run(url, tmp_path, "rebuild").exit_code == 0
    assert rollup_rows(engine) == before
    with Session(engine) as session:
        stored = session.exec(
            select(func.count()).select_from(Event).where(Event.app_id == world.app.id)
        ).one()
    assert stored == 46
