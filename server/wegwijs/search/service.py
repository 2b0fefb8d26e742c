"""Full-text search over published guides (SQLite FTS5, PostgreSQL tsvector + GIN).

Matching and ranking happen in the database; folding (`folding.py`) and snippets
(`snippet.py`) in Python, identically for both. See docs/search.md.
"""

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import TextClause, bindparam, inspect, text
from sqlalchemy.engine import Connection, Row
from sqlmodel import Session, select

from wegwijs.content.models import Guide, GuideVersion
from wegwijs.search.documents import SearchDocument, documents_from_snapshot
from wegwijs.search.folding import terms
from wegwijs.search.query import SearchQuery, parse_query
from wegwijs.search.snippet import make_snippet


@dataclass(frozen=True)
class SearchHit:
    guide_id: int
    locale: str
    title: str
    """Plain text: escape it wherever it is shown as HTML."""
    snippet_html: str
    """Escaped text whose only markup is <mark> around the matched words."""
    rank: float
    """Higher is better; only comparable within one list of results."""


def sync_guide_index(*, session: Session, guide: Guide) -> None:
    """Make the search index reflect the guide's live version (or its absence).

    Called by the content service after every publish, rollback, unpublish, archive and
    delete, inside the same transaction.
    """
    if guide.id is None:
        raise ValueError("a guide must be flushed before it is indexed")
    connection = session.connection()
    params = {"guide_id": guide.id}
    if connection.dialect.name == "postgresql":
        # Two syncs of one guide must not interleave: the second DELETE would miss the rows
        # the first is inserting. SQLite already lets one writer in at a time.
        connection.execute(text("SELECT 1 FROM guide WHERE id = :guide_id FOR UPDATE"), params)
    connection.execute(text("DELETE FROM guide_search WHERE guide_id = :guide_id"), params)
    snapshot = _live_snapshot(session, guide)
    if snapshot is None:
        return
    insert = _INSERTS[connection.dialect.name]
    for document in documents_from_snapshot(snapshot):
        insert(connection, guide.app_id, guide.id, document)


def rebuild_search_index(*, session: Session, app_id: int | None = None) -> int:
    """Re-index every guide (of one app); for operators after a change to folding."""
    statement = select(Guide)
    if app_id is not None:
        statement = statement.where(Guide.app_id == app_id)
    guides = session.exec(statement).all()
    for guide in guides:
        sync_guide_index(session=session, guide=guide)
    return len(guides)


def search_guides(
    *,
    session: Session,
    app_id: int,
    query: str,
    locale: str,
    guide_ids: Collection[int] | None = None,
    limit: int = 10,
) -> list[SearchHit]:
    """Best matches first, one per guide, in `locale` unless a guide lacks it.

    A guide that has `locale` (or its language, "nl" for "nl-BE") is only found in it;
    other guides are found in whichever locale matches best. `guide_ids` narrows the
    search to what this visitor may see.
    """
    parsed = parse_query(query)
    if parsed is None or limit < 1 or (guide_ids is not None and not guide_ids):
        return []
    connection = session.connection()
    dialect = connection.dialect.name
    params: dict[str, Any] = {
        "match": parsed.tsquery() if dialect == "postgresql" else parsed.fts5_match(),
        "app_id": app_id,
        "locale": locale,
        "language": re.split(r"[-_]", locale, maxsplit=1)[0],
        "limit": limit,
    }
    if guide_ids is not None:
        params["guide_ids"] = list(guide_ids)
    rows = connection.execute(_search_statement(dialect, guide_ids is not None), params).all()
    return [_hit(row, parsed) for row in rows]


def _live_snapshot(session: Session, guide: Guide) -> dict[str, Any] | None:
    state = inspect(guide)
    if guide.live_version is None or guide in session.deleted or state.was_deleted:
        return None
    version = session.exec(
        select(GuideVersion).where(
            GuideVersion.guide_id == guide.id, GuideVersion.number == guide.live_version
        )
    ).first()
    # A live version that no longer exists (its guide is being deleted) serves nothing.
    return version.snapshot if version is not None else None


def _terms_text(text_: str) -> str:
    """What the full-text engine indexes: folded words, so it never folds on its own."""
    return " ".join(terms(text_))


def _insert_sqlite(
    connection: Connection, app_id: int, guide_id: int, document: SearchDocument
) -> None:
    row_id = connection.execute(
        text(
            "INSERT INTO guide_search (guide_id, app_id, locale, title, body)"
            " VALUES (:guide_id, :app_id, :locale, :title, :body) RETURNING id"
        ),
        {"guide_id": guide_id, "app_id": app_id, **_display(document)},
    ).scalar_one()
    connection.execute(
        text("INSERT INTO guide_search_fts (rowid, title, body) VALUES (:id, :title, :body)"),
        {"id": row_id, **_indexed(document)},
    )


def _insert_postgresql(
    connection: Connection, app_id: int, guide_id: int, document: SearchDocument
) -> None:
    connection.execute(
        text(
            "INSERT INTO guide_search (guide_id, app_id, locale, title, body, document)"
            " VALUES (:guide_id, :app_id, :locale, :title, :body,"
            " setweight(to_tsvector('simple', CAST(:title_terms AS text)), 'A')"
            " || setweight(to_tsvector('simple', CAST(:body_terms AS text)), 'B'))"
        ),
        {
            "guide_id": guide_id,
            "app_id": app_id,
            **_display(document),
            **{f"{key}_terms": value for key, value in _indexed(document).items()},
        },
    )


def _display(document: SearchDocument) -> dict[str, str]:
    return {"locale": document.locale, "title": document.title, "body": document.body}


def _indexed(document: SearchDocument) -> dict[str, str]:
    return {"title": _terms_text(document.title), "body": _terms_text(document.body)}


_INSERTS: dict[str, Callable[[Connection, int, int, SearchDocument], None]] = {
    "sqlite": _insert_sqlite,
    "postgresql": _insert_postgresql,
}

# Matching rows with their rank (higher is better). Title terms weigh ten times body terms
# on SQLite; on PostgreSQL weight A (title) is 1.0 and B (body) 0.4, and normalisation 1
# divides by the document's log length, as bm25 does.
_HITS = {
    "sqlite": """
        SELECT d.guide_id, d.locale, d.title, d.body,
               -bm25(guide_search_fts, 10.0, 1.0) AS rank
        FROM guide_search_fts JOIN guide_search AS d ON d.id = guide_search_fts.rowid
        WHERE guide_search_fts MATCH :match AND d.app_id = :app_id {only}
    """,
    "postgresql": """
        SELECT d.guide_id, d.locale, d.title, d.body,
               ts_rank_cd(d.document, q.query, 1) AS rank
        FROM guide_search AS d, to_tsquery('simple', CAST(:match AS text)) AS q (query)
        WHERE d.document @@ q.query AND d.app_id = :app_id {only}
    """,
}
_PREFERENCE = "CASE WHEN {0}.locale = :locale THEN 0 WHEN {0}.locale = :language THEN 1 ELSE 2 END"
# Keep a guide's rows only in its most preferred locale (among all its rows, matching or
# not), then its best-ranked row: a Dutch visitor never gets the English text of a guide
# that has a Dutch one.
_SEARCH = """
    WITH hits AS ({hits}),
    preferred AS (
        SELECT hits.*,
               row_number() OVER (PARTITION BY hits.guide_id ORDER BY hits.rank DESC) AS n
        FROM hits
        WHERE {hit_preference} = (
            SELECT min({row_preference}) FROM guide_search AS x WHERE x.guide_id = hits.guide_id
        )
    )
    SELECT guide_id, locale, title, body, rank FROM preferred WHERE n = 1
    ORDER BY rank DESC, guide_id
    LIMIT :limit
"""


def _search_statement(dialect: str, filtered: bool) -> TextClause:
    # Only constant SQL is assembled here; the visitor's words travel as bound parameters.
    hits = _HITS[dialect].format(only="AND d.guide_id IN :guide_ids" if filtered else "")
    sql = _SEARCH.format(
        hits=hits,
        hit_preference=_PREFERENCE.format("hits"),
        row_preference=_PREFERENCE.format("x"),
    )
    statement = text(sql)
    return statement.bindparams(bindparam("guide_ids", expanding=True)) if filtered else statement


def _hit(row: Row[Any], query: SearchQuery) -> SearchHit:
    return SearchHit(
        guide_id=row.guide_id,
        locale=row.locale,
        title=row.title,
        snippet_html=make_snippet(row.body or row.title, query),
        rank=float(row.rank),
    )
