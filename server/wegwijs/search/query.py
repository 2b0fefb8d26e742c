"""Visitor input turned into safe full-text queries: never SQL, never FTS syntax."""

from dataclasses import dataclass

from wegwijs.search.folding import terms

MAX_QUERY_CHARS = 200
MAX_TERMS = 10
# A one-letter prefix matches most of the vocabulary: too slow to be worth it.
MIN_PREFIX_CHARS = 2


@dataclass(frozen=True)
class SearchQuery:
    """Every term must occur; the last one may be a word still being typed."""

    terms: tuple[str, ...]
    prefix: bool

    def matched_terms(self, word: str) -> set[str]:
        """The query terms that a word of a document (any case or accents) stands for."""
        found: set[str] = set()
        for part in terms(word):
            found.update(term for term in self.terms if part == term)
            if self.prefix and part.startswith(self.terms[-1]):
                found.add(self.terms[-1])
        return found

    def fts5_match(self) -> str:
        """An FTS5 MATCH expression: quoted terms (so AND, OR, NEAR, * are plain words)."""
        quoted = ['"' + term.replace('"', '""') + '"' for term in self.terms]
        if self.prefix:
            quoted[-1] += "*"
        return " AND ".join(quoted)

    def tsquery(self) -> str:
        """Text for `to_tsquery('simple', ...)`: quoted lexemes, so operators are inert."""
        quoted = ["'" + term.replace("'", "''") + "'" for term in self.terms]
        if self.prefix:
            quoted[-1] += ":*"
        return " & ".join(quoted)


def parse_query(text: str) -> SearchQuery | None:
    """The query's terms, or None when nothing searchable is left (empty, punctuation)."""
    found = terms(text[:MAX_QUERY_CHARS])[:MAX_TERMS]
    if not found:
        return None
    return SearchQuery(terms=tuple(found), prefix=len(found[-1]) >= MIN_PREFIX_CHARS)
