"""Fixtures shared by every test: databases (SQLite always, PostgreSQL when configured)."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

import wegwijs.models  # noqa: F401  (registers the tables)
from tests.databases import POSTGRES_URL, fresh_postgres_schema
from wegwijs.config import Settings
from wegwijs.db import create_db_engine
from wegwijs.main import create_app
from wegwijs.migrate import migrate

TEST_SECRET = "test-secret-key-that-is-long-enough-0123456789"


def pytest_configure(config: pytest.Config) -> None:
    """Cheap argon2 parameters: hashing strength is not what these tests measure."""
    from argon2 import PasswordHasher

    from wegwijs.auth import passwords

    passwords._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    passwords._dummy_hash.cache_clear()


def _database_params() -> list[object]:
    skip = pytest.mark.skipif(not POSTGRES_URL, reason="WEGWIJS_TEST_DATABASE_URL not set")
    return ["sqlite", pytest.param("postgresql", marks=[pytest.mark.postgres, skip])]


@pytest.fixture(scope="session")
def postgres_schema_url() -> Iterator[str]:
    """A fresh schema for this test run, migrated with Alembic, dropped afterwards."""
    with fresh_postgres_schema("wegwijs_test") as url:
        migrated = create_db_engine(url)
        migrate(migrated)
        migrated.dispose()
        yield url


@pytest.fixture(params=_database_params())
def engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """An empty database with the full schema, on each database Wegwijs supports."""
    if request.param == "sqlite":
        engine = create_db_engine("sqlite://")
        SQLModel.metadata.create_all(engine)
        yield engine
        engine.dispose()
        return
    url = request.getfixturevalue("postgres_schema_url")
    engine = create_db_engine(url)
    yield engine
    tables = ", ".join(f'"{table.name}"' for table in SQLModel.metadata.sorted_tables)
    with engine.connect() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        connection.commit()
    engine.dispose()


@pytest.fixture
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        secret_key=TEST_SECRET,
        data_dir=tmp_path_factory.mktemp("data"),
        public_url="http://testserver",
    )


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as session:
        yield session


@pytest.fixture
def client(engine: Engine, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings, engine=engine)) as client:
        yield client
