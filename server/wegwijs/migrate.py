"""Apply Alembic migrations, once, even when several workers or nodes start together."""

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Any fixed 64-bit number: every Wegwijs node takes the same PostgreSQL advisory lock.
ADVISORY_LOCK_ID = 0x57_65_67_77_69_6A_73
# Full-text search objects (SQLite FTS5 tables and their shadow tables, PostgreSQL
# tsvector triggers) are created by hand in migrations: autogenerate cannot describe them,
# so it must not try to drop them either.
SEARCH_INDEX_PREFIX = "guide_search"


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Alembic's filter: leave the hand-made search-index objects alone."""
    return not (type_ == "table" and name is not None and name.startswith(SEARCH_INDEX_PREFIX))


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def migrate(engine: Engine, *, revision: str = "head") -> None:
    """Upgrade the schema; on PostgreSQL under an advisory lock so concurrent starts queue."""
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_lock(:id)"), {"id": ADVISORY_LOCK_ID})
            connection.commit()
        try:
            command.upgrade(alembic_config(connection), revision)
            connection.commit()
        finally:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_unlock(:id)"), {"id": ADVISORY_LOCK_ID})
                connection.commit()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
