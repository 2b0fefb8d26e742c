"""The search index's tables, per database, for `metadata.create_all()`.

Production databases get them from migration 0003; this copy serves the places that build
a schema from the models instead (the SQLite test fixture), so publishing works there too.
`tests/db/test_search.py` checks that both produce the same objects. They are not SQLModel
tables: an FTS5 virtual table and a tsvector column cannot be described by the models,
and `wegwijs.migrate.include_object` keeps autogenerate away from them.
"""

from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

SQLITE_CREATE = (
    """
    CREATE TABLE IF NOT EXISTS guide_search (
        id INTEGER PRIMARY KEY,
        guide_id INTEGER NOT NULL REFERENCES guide (id) ON DELETE CASCADE,
        app_id INTEGER NOT NULL REFERENCES app (id) ON DELETE CASCADE,
        locale VARCHAR(35) NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        UNIQUE (guide_id, locale)
    )
    """,
    "CREATE INDEX IF NOT EXISTS guide_search_app_id ON guide_search (app_id)",
    """
    CREATE VIRTUAL TABLE IF NOT EXISTS guide_search_fts USING fts5(
        title, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
    )
    """,
    """
    CREATE TRIGGER IF NOT EXISTS guide_search_fts_delete AFTER DELETE ON guide_search
    BEGIN
        DELETE FROM guide_search_fts WHERE rowid = old.id;
    END
    """,
)
SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS guide_search_fts_delete",
    "DROP TABLE IF EXISTS guide_search_fts",
    "DROP TABLE IF EXISTS guide_search",
)
POSTGRESQL_CREATE = (
    """
    CREATE TABLE IF NOT EXISTS guide_search (
        guide_id INTEGER NOT NULL REFERENCES guide (id) ON DELETE CASCADE,
        app_id INTEGER NOT NULL REFERENCES app (id) ON DELETE CASCADE,
        locale VARCHAR(35) NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        document TSVECTOR NOT NULL,
        PRIMARY KEY (guide_id, locale)
    )
    """,
    "CREATE INDEX IF NOT EXISTS guide_search_app_id ON guide_search (app_id)",
    "CREATE INDEX IF NOT EXISTS guide_search_document ON guide_search USING gin (document)",
)
POSTGRESQL_DROP = ("DROP TABLE IF EXISTS guide_search",)

_STATEMENTS = {
    "sqlite": (SQLITE_CREATE, SQLITE_DROP),
    "postgresql": (POSTGRESQL_CREATE, POSTGRESQL_DROP),
}


def create_search_index(connection: Connection) -> None:
    for statement in _statements(connection)[0]:
        connection.execute(text(statement))


def drop_search_index(connection: Connection) -> None:
    for statement in _statements(connection)[1]:
        connection.execute(text(statement))


def _statements(connection: Connection) -> tuple[tuple[str, ...], tuple[str, ...]]:
    try:
        return _STATEMENTS[connection.dialect.name]
    except KeyError:
        raise ValueError(f"search index: unsupported database {connection.dialect.name}") from None


@event.listens_for(SQLModel.metadata, "after_create")
def _after_create_all(target: Any, connection: Connection, **kw: Any) -> None:
    create_search_index(connection)


@event.listens_for(SQLModel.metadata, "before_drop")
def _before_drop_all(target: Any, connection: Connection, **kw: Any) -> None:
    # guide_search refers to guide and app: it must go first on PostgreSQL.
    drop_search_index(connection)
