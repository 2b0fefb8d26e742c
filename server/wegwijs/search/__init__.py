"""Full-text search over published guides (SQLite FTS5, PostgreSQL tsvector + GIN).

Importing the package registers the index's tables with `SQLModel.metadata.create_all()`.
"""

from wegwijs.search import schema as _schema  # noqa: F401  (registers the create_all hooks)
