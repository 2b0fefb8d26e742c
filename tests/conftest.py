"""Fixtures shared by every test: databases (SQLite always, PostgreSQL when configured)."""

import os
import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, SQLModel

import wegwijs.models  # noqa: F401  (registers the tables)
from wegwijs.config import Settings
from wegwijs.db import create_db_engine
from wegwijs.main import create_app
from wegwijs.migrate import migrate

POSTGRES_URL = os.environ.get("WEGWIJS_TEST_DATABASE_URL")
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
    assert POSTGRES_URL
    base = make_url(POSTGRES_URL).set(drivername="postgresql+psycopg")
    schema = f"wegwijs_test_{uuid.uuid4().hex[:10]}"
    admin = create_db_engine(base)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        connection.commit()
    url = base.update_query_dict({"options": f"-csearch_path={schema}"})
    migrated = create_db_engine(url)
    migrate(migrated)
    migrated.dispose()
    yield url.render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        connection.commit()
    admin.dispose()


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
