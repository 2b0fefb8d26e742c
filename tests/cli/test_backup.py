"""`wegwijs backup` and `wegwijs restore`: a round trip on SQLite and on PostgreSQL."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlmodel import Session, select

from tests.conftest import TEST_SECRET
from tests.databases import POSTGRES_URL, fresh_postgres_schema
from tests.factories import make_app, make_guide
from wegwijs.apps.models import App
from wegwijs.cli import cli
from wegwijs.content.models import Guide
from wegwijs.db import create_db_engine
from wegwijs.migrate import migrate


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'live.db'}"
        return
    if not POSTGRES_URL:
        pytest.skip("WEGWIJS_TEST_DATABASE_URL not set")
    with fresh_postgres_schema("wegwijs_backup") as url:
        yield url


@pytest.fixture
def runner(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("WEGWIJS_DATABASE_URL", database_url)
    monkeypatch.setenv("WEGWIJS_SECRET_KEY", TEST_SECRET)
    monkeypatch.setenv("WEGWIJS_DATA_DIR", str(tmp_path / "data"))
    return CliRunner()


def names(database_url: str) -> tuple[list[str], list[str]]:
    engine = create_db_engine(database_url)
    try:
        with Session(engine) as session:
            apps = sorted(app.name for app in session.exec(select(App)))
            guides = sorted(guide.name for guide in session.exec(select(Guide)))
    finally:
        engine.dispose()
    return apps, guides


def test_round_trip(runner: CliRunner, database_url: str, tmp_path: Path) -> None:
    engine = create_db_engine(database_url)
    migrate(engine)
    with Session(engine) as session:
        app = make_app(session, name="Claims")
        make_guide(session, app, name="Submit a claim")
    backup = tmp_path / "backups" / "wegwijs.backup"

    made = runner.invoke(cli, ["backup", str(backup)])
    assert made.exit_code == 0, made.output
    assert backup.stat().st_size > 0

    with Session(engine) as session:
        app = session.exec(select(App)).one()
        app.name = "Renamed"
        session.add(app)
        session.commit()
        make_guide(session, make_app(session, name="Later"), name="Added later")
    engine.dispose()
    assert names(database_url) == (["Later", "Renamed"], ["Added later", "Submit a claim"])

    restored = runner.invoke(cli, ["restore", str(backup), "--yes"])
    assert restored.exit_code == 0, restored.output
    assert names(database_url) == (["Claims"], ["Submit a claim"])


def test_mistakes_are_one_line_errors(runner: CliRunner, database_url: str, tmp_path: Path) -> None:
    migrate_engine = create_db_engine(database_url)
    migrate(migrate_engine)
    migrate_engine.dispose()
    existing = tmp_path / "existing.backup"
    existing.write_text("keep me")
    garbage = tmp_path / "garbage.backup"
    garbage.write_bytes(b"not a backup at all" * 10)

    overwrite = runner.invoke(cli, ["backup", str(existing)])
    assert overwrite.exit_code == 1
    assert "exists; pass --force" in overwrite.output
    assert existing.read_text() == "keep me"
    unconfirmed = runner.invoke(cli, ["restore", str(garbage)])
    assert unconfirmed.exit_code == 1 and "--yes" in unconfirmed.output
    refused = runner.invoke(cli, ["restore", str(garbage), "--yes"])
    assert refused.exit_code == 1
    assert refused.output.startswith("error: ") and len(refused.output.strip().splitlines()) == 1
    missing = runner.invoke(cli, ["restore", str(tmp_path / "nope"), "--yes"])
    assert missing.exit_code == 1 and "is not a file" in missing.output
