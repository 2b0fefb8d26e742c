"""What the index holds for a published guide: one plain-text document per locale."""

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

# Keeps every tsvector far below PostgreSQL's 1 MB limit, so publishing never fails on size.
MAX_BODY_CHARS = 100_000
_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 "
    "h5 h6 header hr li main nav ol p pre section table td th tr ul".split()
)
_SKIPPED_TAGS = frozenset({"script", "style", "template"})


@dataclass(frozen=True)
class SearchDocument:
    locale: str
    title: str
    body: str


class _TextExtractor(HTMLParser):
    """Text content of sanitised HTML; block boundaries become spaces so words stay apart."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._boundary(tag, opening=True)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        self._boundary(tag, opening=False)

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)

    def _boundary(self, tag: str, *, opening: bool) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping = max(0, self._skipping + (1 if opening else -1))
        elif tag in _BLOCK_TAGS:
            self.parts.append(" ")


def clean_text(text: str) -> str:
    """Composed characters and single spaces: what snippets and titles are cut from."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def html_to_text(html: str) -> str:
    """Plain text of a step body (entities decoded, tags dropped)."""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    return clean_text("".join(extractor.parts))


def documents_from_snapshot(snapshot: Mapping[str, Any]) -> list[SearchDocument]:
    """One document per published locale: title = first step's title, else the guide name."""
    steps = sorted(snapshot.get("steps") or [], key=lambda step: step.get("position", 0))
    name = clean_text(str(snapshot.get("name") or ""))
    return [_document(locale, steps, name) for locale in snapshot.get("locales") or []]


def _document(locale: str, steps: list[Mapping[str, Any]], name: str) -> SearchDocument:
    texts = [(step.get("content") or {}).get(locale) or {} for step in steps]
    titles = [clean_text(str(text.get("title") or "")) for text in texts]
    bodies = [html_to_text(str(text.get("body_html") or "")) for text in texts]
    parts = [part for pair in zip(titles, bodies, strict=True) for part in pair if part]
    title = titles[0] if titles and titles[0] else name
    return SearchDocument(locale=locale, title=title, body=" ".join(parts)[:MAX_BODY_CHARS])
