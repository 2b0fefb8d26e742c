"""Search text handling without a database: folding, queries, documents and snippets."""

import pytest

from wegwijs.search.documents import MAX_BODY_CHARS, documents_from_snapshot, html_to_text
from wegwijs.search.folding import fold, terms
from wegwijs.search.query import MAX_TERMS, SearchQuery, parse_query
from wegwijs.search.snippet import make_snippet


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Café", "cafe"),
        ("PRIVÉ", "prive"),
        ("cafe\u0301", "cafe"),  # decomposed input folds like composed input
        ("Reünie, coördinatie, naïef", "reunie, coordinatie, naief"),
        ("Straße", "strasse"),
        ("ĳsbaan", "ijsbaan"),  # the Dutch ij ligature
        ("ﬁle ①", "file 1"),
        ("İstanbul", "istanbul"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_terms_split_on_everything_but_letters_and_digits() -> None:
    assert terms("Café-bonnen, privé_gegevens! (v2.0)") == [
        "cafe", "bonnen", "prive", "gegevens", "v2", "0"
    ]  # fmt: skip


@pytest.mark.parametrize("text", ["", "   ", '"', "*", "'; --", "()<>&|!:*", "_"])
def test_nothing_searchable(text: str) -> None:
    assert parse_query(text) is None


def test_query_is_folded_and_the_last_term_is_a_prefix() -> None:
    query = parse_query("Privé  DECLAR")
    assert query == SearchQuery(terms=("prive", "declar"), prefix=True)
    assert query.fts5_match() == '"prive" AND "declar"*'
    assert query.tsquery() == "'prive' & 'declar':*"


def test_one_letter_is_not_a_prefix() -> None:
    query = parse_query("wachtwoord a")
    assert query is not None and not query.prefix
    assert query.fts5_match() == '"wachtwoord" AND "a"'


def test_operators_become_quoted_words() -> None:
    query = parse_query('cafe OR NEAR("x" * y) NOT')
    assert query is not None
    assert query.fts5_match() == '"cafe" AND "or" AND "near" AND "x" AND "y" AND "not"*'
    assert query.tsquery() == "'cafe' & 'or' & 'near' & 'x' & 'y' & 'not':*"


def test_long_queries_are_capped() -> None:
    query = parse_query(" ".join(f"w{index}" for index in range(100)))
    assert query is not None and len(query.terms) == MAX_TERMS
    query = parse_query("a" * 1000)
    assert query is not None and query.terms == ("a" * 200,)


def test_matched_terms() -> None:
    query = SearchQuery(terms=("cafe", "upl"), prefix=True)
    assert query.matched_terms("Café") == {"cafe"}
    assert query.matched_terms("UPLOADEN") == {"upl"}
    assert query.matched_terms("Café-upload") == {"cafe", "upl"}
    assert query.matched_terms("cafeetje") == set()  # only the last term is a prefix


def test_html_to_text() -> None:
    html = (
        "<p>Open <b>Mijn</b>declaraties</p><ul><li>een</li><li>twee</li></ul>a<br>b &amp; &lt;c&gt;"
    )
    assert html_to_text(html) == "Open Mijndeclaraties een twee a b & <c>"
    assert html_to_text("<script>x</script><style>y</style>z") == "z"


def test_documents_from_snapshot() -> None:
    snapshot = {
        "name": "Declaratie indienen",
        "locales": ["nl", "en"],
        "steps": [
            {"position": 2, "content": {"nl": {"title": "Bon", "body_html": "<p>Foto</p>"}}},
            {
                "position": 1,
                "content": {
                    "nl": {"title": "Start", "body_html": "<p>Open  het\nmenu</p>"},
                    "en": {"title": "", "body_html": "<p>Open the menu</p>"},
                },
            },
        ],
    }
    nl, en = documents_from_snapshot(snapshot)
    assert (nl.locale, nl.title, nl.body) == ("nl", "Start", "Start Open het menu Bon Foto")
    assert (en.locale, en.title, en.body) == ("en", "Declaratie indienen", "Open the menu")


def test_documents_are_capped() -> None:
    snapshot = {
        "name": "Lang",
        "locales": ["nl"],
        "steps": [{"position": 1, "content": {"nl": {"title": "t", "body_html": "x " * 10**6}}}],
    }
    [document] = documents_from_snapshot(snapshot)
    assert len(document.body) == MAX_BODY_CHARS


def query(text: str) -> SearchQuery:
    parsed = parse_query(text)
    assert parsed is not None
    return parsed


def test_snippet_escapes_the_text_and_marks_the_original_words() -> None:
    text = "Typ geen <b>& in het veld Privé-gegevens."
    assert make_snippet(text, query("prive")) == (
        "Typ geen &lt;b&gt;&amp; in het veld <mark>Privé</mark>-gegevens."
    )


def test_snippet_shows_the_window_with_most_terms() -> None:
    words = [f"w{index}" for index in range(100)]
    words[10], words[60], words[63] = "cafe", "cafe", "bon"
    snippet = make_snippet(" ".join(words), query("cafe bon"), size=10)
    assert snippet == ("… w57 w58 w59 <mark>cafe</mark> w61 w62 <mark>bon</mark> w64 w65 w66 …")


def test_snippet_near_the_end_still_shows_size_words() -> None:
    words = [f"w{index}" for index in range(30)] + ["cafe."]
    snippet = make_snippet(" ".join(words), query("cafe"), size=5)
    assert snippet == "… w26 w27 w28 w29 <mark>cafe</mark>."


def test_snippet_without_a_match_is_the_start_of_the_text() -> None:
    assert make_snippet("een twee drie vier", query("zebra"), size=2) == "een twee …"
    assert make_snippet("<>", query("zebra")) == "&lt;&gt;"
