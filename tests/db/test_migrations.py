"""Migrations and models agree, on SQLite and PostgreSQL, and concurrent starts are safe."""

import threading
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from tests.databases import POSTGRES_URL, fresh_postgres_schema
from wegwijs.db import create_db_engine
from wegwijs.migrate import SEARCH_INDEX_PREFIX, current_revision, include_object, migrate

needs_postgres = pytest.mark.skipif(not POSTGRES_URL, reason="WEGWIJS_TEST_DATABASE_URL not set")


@pytest.fixture
def empty_postgresql() -> Iterator[Engine]:
    """An empty schema of its own, so migrations start from nothing."""
    with fresh_postgres_schema("wegwijs_mig") as url:
        engine = create_db_engine(url)
        yield engine
        engine.dispose()


@pytest.fixture
def empty_sqlite(tmp_path) -> Iterator[Engine]:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'wegwijs.db'}")
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=needs_postgres)])
def empty_database(request: pytest.FixtureRequest) -> Engine:
    return request.getfixturevalue(f"empty_{request.param}")


def differences(engine: Engine, metadata: sa.MetaData) -> list[object]:
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": include_object}
        )
        return list(compare_metadata(context, metadata))


def test_migrations_create_exactly_the_models(empty_database: Engine) -> None:
    migrate(empty_database)
    assert differences(empty_database, SQLModel.metadata) == []
    assert current_revision(empty_database) is not None


def test_drift_check_notices_a_model_change_without_migration(empty_sqlite: Engine) -> None:
    migrate(empty_sqlite)
    changed = sa.MetaData()
    for table in SQLModel.metadata.sorted_tables:
        table.to_metadata(changed)
    changed.tables["app"].append_column(sa.Column("brand_new", sa.String(20)))
    assert any("brand_new" in repr(diff) for diff in differences(empty_sqlite, changed))


def test_migrate_twice_changes_nothing(empty_database: Engine) -> None:
    migrate(empty_database)
    first = current_revision(empty_database)
    migrate(empty_database)
    assert current_revision(empty_database) == first


@needs_postgres
def test_sqlite_and_postgresql_get_the_same_tables(
    empty_sqlite: Engine, empty_postgresql: Engine
) -> None:
    migrate(empty_sqlite)
    migrate(empty_postgresql)

    def shape(engine: Engine) -> dict[str, set[str]]:
        inspector = inspect(engine)
        return {
            name: {column["name"] for column in inspector.get_columns(name)}
            for name in inspector.get_table_names()
            if not name.startswith(SEARCH_INDEX_PREFIX)  # one design per database
        }

    assert shape(empty_sqlite) == shape(empty_postgresql)


@needs_postgres
def test_concurrent_migrations_on_postgresql_queue_on_the_advisory_lock(
    empty_postgresql: Engine,
) -> None:
    """Four workers (or nodes) starting at once: one migrates, the others find it done."""
    errors: list[BaseException] = []

    def start() -> None:
        try:
            migrate(empty_postgresql)
        except BaseException as exc:  # noqa: BLE001  (collected and asserted below)
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with empty_postgresql.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
    assert differences(empty_postgresql, SQLModel.metadata) == []


def test_sqlite_runs_in_wal_mode_with_foreign_keys(empty_sqlite: Engine) -> None:
    with empty_sqlite.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
