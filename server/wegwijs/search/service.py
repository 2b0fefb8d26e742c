"""Full-text search over published guides (SQLite FTS5, PostgreSQL tsvector + GIN)."""

from sqlmodel import Session

from wegwijs.content.models import Guide


def sync_guide_index(*, session: Session, guide: Guide) -> None:
    """Make the search index reflect the guide's live version (or its absence).

    Called by the content service after every publish, rollback, unpublish, archive and
    delete, inside the same transaction.
    """
