"""Highlighted excerpts, made in Python so both databases show the same, safe HTML.

The original text is shown (with its accents) while matching uses folded words, which
neither FTS5's snippet() nor PostgreSQL's ts_headline can do without `unaccent`; and all
escaping happens here, in one place, whatever the database returned.
"""

import html

from wegwijs.search.folding import WORD
from wegwijs.search.query import SearchQuery

SNIPPET_WORDS = 20
# Words shown before the first match, so the excerpt does not start mid-thought.
LEAD_WORDS = 3
ELLIPSIS = "…"


def make_snippet(text: str, query: SearchQuery, *, size: int = SNIPPET_WORDS) -> str:
    """About `size` words around the best match, HTML-escaped, matches in <mark>."""
    spans = [match.span() for match in WORD.finditer(text)]
    if not spans:
        return html.escape(text)
    matched = [query.matched_terms(text[start:end]) for start, end in spans]
    first = _best_start(matched, size)
    last = min(first + size, len(spans)) - 1
    return _render(text, spans, matched, first, last)


def _best_start(matched: list[set[str]], size: int) -> int:
    """The window start that shows the most distinct query terms, then the most matches."""

    def score(start: int) -> tuple[int, int, int]:
        window = [terms for terms in matched[start : start + size] if terms]
        return (len(set().union(*window)), len(window), -start)

    # Near the end of the text the window slides back, so it still shows `size` words.
    latest = max(0, len(matched) - size)
    starts = [min(max(0, i - LEAD_WORDS), latest) for i, terms in enumerate(matched) if terms]
    return max(starts, key=score, default=0)


def _render(
    text: str, spans: list[tuple[int, int]], matched: list[set[str]], first: int, last: int
) -> str:
    pieces = [ELLIPSIS + " "] if first > 0 else []
    cursor = spans[first][0]
    for index in range(first, last + 1):
        start, end = spans[index]
        pieces.append(html.escape(text[cursor:start]))
        word = html.escape(text[start:end])
        pieces.append(f"<mark>{word}</mark>" if matched[index] else word)
        cursor = end
    # The text's own closing punctuation is kept; anywhere else the cut is shown.
    pieces.append(html.escape(text[cursor:]) if last == len(spans) - 1 else " " + ELLIPSIS)
    return "".join(pieces)
