"""guide search

Full-text index over published guides, one row per guide and locale. SQLite: a table of
documents plus an FTS5 table of their folded terms (rowid = document id), kept in step on
delete by a trigger. PostgreSQL: one table with a weighted tsvector and a GIN index. Rows
go when their guide or app goes (foreign keys), so a delete can never leave stale hits.

The statements are copied here rather than imported from `wegwijs.search.schema`: a
migration must keep doing what it did when later code changes the index.

No backfill: no release before this one could publish guides.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 09:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UPGRADE = {
    "sqlite": (
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
    ),
    "postgresql": (
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
    ),
}
DOWNGRADE = {
    "sqlite": (
        "DROP TRIGGER IF EXISTS guide_search_fts_delete",
        "DROP TABLE IF EXISTS guide_search_fts",
        "DROP TABLE IF EXISTS guide_search",
    ),
    "postgresql": ("DROP TABLE IF EXISTS guide_search",),
}


def upgrade() -> None:
    for statement in UPGRADE[op.get_bind().dialect.name]:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE[op.get_bind().dialect.name]:
        op.execute(statement)
