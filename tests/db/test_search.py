"""Guide search on SQLite FTS5 and PostgreSQL full text: one Dutch/English query set for both.

`QUERY_SET` is the source of truth for the table in docs/search.md.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

import pytest
from alembic import command
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, func, select

from tests.databases import POSTGRES_URL, fresh_postgres_schema
from tests.factories import make_app
from wegwijs.apps.models import App
from wegwijs.content.models import Guide, GuideKind, GuideVersion
from wegwijs.db import create_db_engine
from wegwijs.migrate import alembic_config, migrate
from wegwijs.search.service import SearchHit, search_guides, sync_guide_index

needs_postgres = pytest.mark.skipif(not POSTGRES_URL, reason="WEGWIJS_TEST_DATABASE_URL not set")

# slug → (guide name, {locale: [(step title, step body_html), ...]})
GUIDES: dict[str, tuple[str, dict[str, list[tuple[str, str]]]]] = {
    "declaratie-indienen": (
        "Declaratie indienen",
        {
            "nl": [
                ("Declaratie indienen", "<p>Open <b>Mijn declaraties</b> en kies Nieuw.</p>"),
                ("Bon toevoegen", "<p>Voeg de bon toe als foto of <em>pdf</em>.</p>"),
            ]
        },
    ),
    "reiskosten-declareren": (
        "Reiskosten declareren",
        {
            "nl": [
                (
                    "Reiskosten declareren",
                    "<p>Vul de gereden kilometers in.</p><p>De declaratie gaat naar je"
                    " manager.</p>",
                )
            ]
        },
    ),
    "wachtwoord-wijzigen": (
        "Wachtwoord wijzigen",
        {
            "nl": [
                (
                    "Wachtwoord wijzigen",
                    "<p>Kies een nieuw wachtwoord, niet je prive wachtwoord.</p>",
                )
            ]
        },
    ),
    "submit-expense-claim": (
        "Submit an expense claim",
        {"en": [("Submit an expense claim", "<p>Open <b>My claims</b> and choose New.</p>")]},
    ),
    "change-password": (
        "Change your password",
        {"en": [("Change your password", "<p>Choose a new password of twelve characters.</p>")]},
    ),
    "cafe-bonnen": (
        "Café-bonnen uploaden",
        {"nl": [("Café-bonnen uploaden", "<p>Upload de bonnen van het café of restaurant.</p>")]},
    ),
    "prive-gegevens": (
        "Privé-gegevens bijwerken",
        {
            "nl": [("Privé-gegevens bijwerken", "<p>Werk je adres en IBAN bij.</p>")],
            "en": [("Update personal details", "<p>Update your address and bank account.</p>")],
        },
    ),
    "approve-claim": (
        "Approve a claim",
        {"en": [("Approve a claim", "<p>Managers approve or reject a claim.</p>")]},
    ),
    "omschrijving": (
        "Omschrijving invullen",
        {"nl": [("", "<p>Typ geen &lt;b&gt;&amp; in het veld <i>Omschrijving</i>.</p>")]},
    ),
}


class Case(NamedTuple):
    query: str
    locale: str
    expected: frozenset[str]
    why: str


def case(query: str, locale: str, expected: set[str], why: str) -> Case:
    return Case(query, locale, frozenset(expected), why)


# The same on SQLite and PostgreSQL: neither stems (Dutch and English share one index),
# and both see the terms folded in Python.
QUERY_SET: tuple[Case, ...] = (
    case("declaratie", "nl", {"declaratie-indienen", "reiskosten-declareren"}, "exact word"),
    case("declar", "nl", {"declaratie-indienen", "reiskosten-declareren"}, "prefix"),
    case("kilometers", "nl", {"reiskosten-declareren"}, "word in a step body"),
    case("cafe", "nl", {"cafe-bonnen"}, "text has the accent, query not"),
    case("CAFÉ", "nl", {"cafe-bonnen"}, "accent and capitals in the query"),
    case("prive", "nl", {"prive-gegevens", "wachtwoord-wijzigen"}, "with and without accent"),
    case("privé", "nl", {"prive-gegevens", "wachtwoord-wijzigen"}, "query has the accent"),
    case("privé gegevens", "nl", {"prive-gegevens"}, "both halves of a hyphenated word"),
    case("wachtwoord wijzigen", "nl", {"wachtwoord-wijzigen"}, "every word must occur"),
    case("wachtwoord declaratie", "nl", set(), "no guide has both words"),
    case("password", "nl", {"change-password"}, "English-only guide for a Dutch visitor"),
    case("wachtwoord", "en", {"wachtwoord-wijzigen"}, "Dutch-only guide for an English one"),
    case("update", "nl", set(), "guide has Dutch: its English text is not searched"),
    case("update", "en", {"prive-gegevens"}, "the same guide in English"),
    case("claim", "en", {"submit-expense-claim", "approve-claim"}, "prefix also finds claims"),
    case("zebra", "nl", set(), "no result"),
    case("OR", "nl", {"approve-claim"}, "operators are plain words ('or' in a body)"),
    case("cafe OR wachtwoord", "nl", set(), "OR is a word, not an operator"),
    case('"', "nl", set(), "a lone quote"),
    case("*", "nl", set(), "a lone star"),
    case("NEAR(", "nl", set(), "FTS5 syntax"),
    case("'; DROP TABLE guide; --", "nl", set(), "SQL"),
    case("<script>alert(1)</script>", "nl", set(), "markup"),
    case("bon:* & !pdf", "nl", {"declaratie-indienen"}, "tsquery syntax is inert: 'bon' 'pdf'"),
    case("   ", "nl", set(), "only spaces"),
)


@dataclass
class Library:
    app: App
    other_app: App
    guides: dict[str, Guide]

    def slugs(self, hits: list[SearchHit]) -> set[str]:
        by_id = {guide.id: slug for slug, guide in self.guides.items()}
        return {by_id[hit.guide_id] for hit in hits}


def snapshot(slug: str, name: str, content: dict[str, list[tuple[str, str]]]) -> dict[str, Any]:
    """A published snapshot in the format the content service writes."""
    count = max(len(steps) for steps in content.values())
    steps = [
        {
            "id": f"{slug}-{position}",
            "position": position,
            "target": None,
            "url_rule": None,
            "sample_url": None,
            "placement": "auto",
            "advance_trigger": "next",
            "content": {
                locale: {"title": texts[position][0], "body_html": texts[position][1]}
                for locale, texts in content.items()
                if position < len(texts)
            },
        }
        for position in reversed(range(count))  # order comes from "position", not the list
    ]
    return {"slug": slug, "kind": "walkthrough", "name": name, "version": 1, "steps": steps,
            "locales": list(content), "meta": {}}  # fmt: skip


def publish(session: Session, app: App, slug: str, spec: tuple[str, Any], number: int = 1) -> Guide:
    """What the content service does on publish, without depending on it."""
    name, content = spec
    guide = session.exec(select(Guide).where(Guide.app_id == app.id, Guide.slug == slug)).first()
    if guide is None:
        assert app.id is not None
        guide = Guide(app_id=app.id, slug=slug, kind=GuideKind.walkthrough, name=name)
        session.add(guide)
        session.flush()
    assert guide.id is not None
    session.add(
        GuideVersion(guide_id=guide.id, number=number, snapshot=snapshot(slug, name, content))
    )
    guide.live_version = number
    session.add(guide)
    sync_guide_index(session=session, guide=guide)
    session.commit()
    return guide


def unpublish(session: Session, guide: Guide) -> None:
    guide.live_version = None
    session.add(guide)
    sync_guide_index(session=session, guide=guide)
    session.commit()


@pytest.fixture
def library(session: Session) -> Library:
    app = make_app(session)
    other_app = make_app(session, name="Other")
    guides = {slug: publish(session, app, slug, spec) for slug, spec in GUIDES.items()}
    publish(session, other_app, "declaratie-indienen", GUIDES["declaratie-indienen"])
    return Library(app=app, other_app=other_app, guides=guides)


def search(
    session: Session, library: Library, query: str, locale: str = "nl", **kw: Any
) -> list[SearchHit]:
    assert library.app.id is not None
    return search_guides(session=session, app_id=library.app.id, query=query, locale=locale, **kw)


def test_query_set(session: Session, library: Library) -> None:
    """Every case at once (one database setup), reporting every case that went wrong."""
    wrong = {}
    for case in QUERY_SET:
        hits = search(session, library, case.query, case.locale)
        if library.slugs(hits) != case.expected or len(hits) != len(library.slugs(hits)):
            wrong[f"{case.query!r} ({case.locale}): {case.why}"] = sorted(library.slugs(hits))
        for hit in hits:  # shown as HTML: <mark> must be the only markup
            assert not re.search(r"[<>]", re.sub(r"</?mark>", "", hit.snippet_html))
    assert wrong == {}


def test_hostile_queries_leave_the_tables_alone(session: Session, library: Library) -> None:
    for query in ("'; DROP TABLE guide_search; --", "x'); DELETE FROM guide; --", "a" * 5000):
        search(session, library, query)
    assert session.exec(select(func.count()).select_from(Guide)).one() == len(GUIDES) + 1
    assert len(search(session, library, "declaratie")) == 2


def test_title_matches_rank_above_body_matches(session: Session, library: Library) -> None:
    hits = search(session, library, "declaratie")
    assert [hit.guide_id for hit in hits] == [
        library.guides["declaratie-indienen"].id,
        library.guides["reiskosten-declareren"].id,
    ]
    assert hits[0].rank > hits[1].rank


def test_hit_carries_the_title_and_locale_it_was_found_in(
    session: Session, library: Library
) -> None:
    [dutch] = search(session, library, "privé gegevens", "nl")
    [english] = search(session, library, "update", "en-GB")
    assert (dutch.locale, dutch.title) == ("nl", "Privé-gegevens bijwerken")
    assert (english.locale, english.title) == ("en", "Update personal details")


def test_regional_locale_prefers_its_language(session: Session, library: Library) -> None:
    assert search(session, library, "update", "nl-BE") == []
    assert library.slugs(search(session, library, "gegevens", "nl_NL")) == {"prive-gegevens"}


def test_title_falls_back_to_the_guide_name(session: Session, library: Library) -> None:
    [hit] = search(session, library, "omschrijving")
    assert hit.title == "Omschrijving invullen"


def test_snippet_marks_the_original_words_and_escapes_everything_else(
    session: Session, library: Library
) -> None:
    [hit] = search(session, library, "omschrijving")
    assert hit.snippet_html == "Typ geen &lt;b&gt;&amp; in het veld <mark>Omschrijving</mark>."
    [cafe] = search(session, library, "cafe upl")
    assert "<mark>Café</mark>-bonnen <mark>uploaden</mark>" in cafe.snippet_html
    assert "<mark>Upload</mark> de bonnen van het <mark>café</mark>" in cafe.snippet_html


def test_guide_ids_limit_the_search_to_what_the_visitor_may_see(
    session: Session, library: Library
) -> None:
    travel = library.guides["reiskosten-declareren"]
    assert travel.id is not None
    assert library.slugs(search(session, library, "declar", guide_ids={travel.id})) == {
        "reiskosten-declareren"
    }
    assert search(session, library, "declar", guide_ids=[]) == []


def test_apps_never_see_each_others_guides(session: Session, library: Library) -> None:
    assert library.other_app.id is not None
    mine = {hit.guide_id for hit in search(session, library, "declaratie indienen")}
    theirs = search_guides(
        session=session, app_id=library.other_app.id, query="declaratie indienen", locale="nl"
    )
    assert mine == {library.guides["declaratie-indienen"].id}
    assert len(theirs) == 1 and theirs[0].guide_id not in mine
    # Another app's guide ids passed by mistake still find nothing outside this app.
    assert search_guides(
        session=session, app_id=library.other_app.id, query="wachtwoord", locale="nl",
        guide_ids=[library.guides["wachtwoord-wijzigen"].id or 0],
    ) == []  # fmt: skip


def test_limit(session: Session, library: Library) -> None:
    assert len(search(session, library, "declar", limit=1)) == 1
    assert search(session, library, "declar", limit=0) == []


def test_unpublish_removes_a_guide_from_the_results(session: Session, library: Library) -> None:
    unpublish(session, library.guides["wachtwoord-wijzigen"])
    assert search(session, library, "wachtwoord") == []
    assert library.slugs(search(session, library, "password", "en")) == {"change-password"}


def test_a_new_version_replaces_the_old_text(session: Session, library: Library) -> None:
    spec = ("Wachtwoord wijzigen", {"nl": [("Pincode wijzigen", "<p>Kies vier cijfers.</p>")]})
    publish(session, library.app, "wachtwoord-wijzigen", spec, number=2)
    assert search(session, library, "wachtwoord") == []
    assert library.slugs(search(session, library, "pincode")) == {"wachtwoord-wijzigen"}


def test_deleting_a_guide_or_app_removes_its_rows(session: Session, library: Library) -> None:
    session.delete(library.guides["cafe-bonnen"])
    session.commit()
    assert search(session, library, "cafe") == []
    session.delete(library.app)
    session.commit()
    assert session.exec(select(func.count()).select_from(text("guide_search"))).one() == 1


def test_sync_is_idempotent(session: Session, library: Library) -> None:
    guide = library.guides["prive-gegevens"]
    sync_guide_index(session=session, guide=guide)
    sync_guide_index(session=session, guide=guide)
    session.commit()
    rows = session.exec(select(func.count()).select_from(text("guide_search"))).one()
    assert rows == sum(len(content) for _, content in GUIDES.values()) + 1


# The index's tables: from migrations, and from create_all for the SQLite test fixture.


@pytest.fixture
def empty_sqlite(tmp_path: Any) -> Iterator[Engine]:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'wegwijs.db'}")
    yield engine
    engine.dispose()


@pytest.fixture
def empty_postgresql() -> Iterator[Engine]:
    with fresh_postgres_schema("wegwijs_search") as url:
        engine = create_db_engine(url)
        yield engine
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=needs_postgres)])
def empty_database(request: pytest.FixtureRequest) -> Engine:
    return request.getfixturevalue(f"empty_{request.param}")


def search_objects(engine: Engine) -> set[tuple[str, ...]]:
    """Every search table, column, index and trigger, in a form comparable across builds."""
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            rows = connection.execute(
                text("SELECT type, name, sql FROM sqlite_master WHERE name LIKE 'guide_search%'")
            )
            return {(kind, name, " ".join((sql or "").split())) for kind, name, sql in rows}
        inspector = inspect(connection)
        columns = {
            ("column", c["name"], str(c["type"])) for c in inspector.get_columns("guide_search")
        }
        indexes = connection.execute(
            text("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'guide_search'")
        )
        keys = {
            ("foreign key", *key["constrained_columns"], key["referred_table"], str(key["options"]))
            for key in inspector.get_foreign_keys("guide_search")
        }
        return (
            columns
            | keys
            | {("index", name, re.sub(r" ON \S+\.", " ON ", sql)) for name, sql in indexes}
        )


def test_migrating_an_empty_database_creates_the_search_index(empty_database: Engine) -> None:
    migrate(empty_database)
    objects = search_objects(empty_database)
    if empty_database.dialect.name == "sqlite":
        assert {(kind, name) for kind, name, _ in objects} >= {
            ("table", "guide_search"),
            ("table", "guide_search_fts"),
            ("index", "guide_search_app_id"),
            ("trigger", "guide_search_fts_delete"),
        }
        assert any("fts5" in sql and "remove_diacritics 2" in sql for *_, sql in objects)
    else:
        assert ("column", "document", "TSVECTOR") in objects
        gin = [obj for obj in objects if obj[:2] == ("index", "guide_search_document")]
        assert len(gin) == 1 and "USING gin (document)" in gin[0][2]
        assert ("foreign key", "guide_id", "guide", "{'ondelete': 'CASCADE'}") in objects


def test_downgrading_drops_the_search_index(empty_database: Engine) -> None:
    migrate(empty_database)
    with empty_database.connect() as connection:
        command.downgrade(alembic_config(connection), "0002")
        connection.commit()
    assert not any(name.startswith("guide_search") for name in table_names(empty_database))
    if empty_database.dialect.name == "sqlite":
        assert search_objects(empty_database) == set()  # triggers and indexes too
    migrate(empty_database)
    assert "guide_search" in table_names(empty_database)


def table_names(engine: Engine) -> list[str]:
    return inspect(engine).get_table_names()


def test_create_all_builds_the_same_index_as_the_migrations(empty_database: Engine) -> None:
    migrate(empty_database)
    migrated = search_objects(empty_database)
    with empty_database.begin() as connection:
        SQLModel.metadata.drop_all(connection)
        connection.execute(text("DROP TABLE alembic_version"))
    assert not any(name.startswith("guide_search") for name in table_names(empty_database))
    SQLModel.metadata.create_all(empty_database)
    assert search_objects(empty_database) == migrated
