"""Alembic environment: the connection comes from `wegwijs.migrate`, never from alembic.ini."""

from alembic import context
from sqlmodel import SQLModel

import wegwijs.models  # noqa: F401  (registers every table on the metadata)

# Full-text search objects (SQLite FTS5 tables and their shadow tables, PostgreSQL
# tsvector triggers) are created by hand in migrations: autogenerate cannot describe them,
# so it must not try to drop them either.
SEARCH_INDEX_PREFIX = "guide_search"

target_metadata = SQLModel.metadata


def include_object(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    return not (type_ == "table" and name and name.startswith(SEARCH_INDEX_PREFIX))


def run_migrations_online() -> None:
    connection = context.config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=include_object,
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
