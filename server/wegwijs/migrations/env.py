"""Alembic environment: the connection comes from `wegwijs.migrate`, never from alembic.ini."""

from alembic import context
from sqlmodel import SQLModel

import wegwijs.models  # noqa: F401  (registers every table on the metadata)
from wegwijs.migrate import include_object

target_metadata = SQLModel.metadata


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
