"""One way to turn text into search terms, used for documents and queries on both databases.

Folding happens in Python rather than in the database so SQLite and PostgreSQL see exactly
the same terms: no `unaccent` extension, and no dependence on how FTS5's tokenizer or
PostgreSQL's parser treat diacritics, `ß`, ligatures or underscores.
"""

import re
import unicodedata

# Letters and digits only: FTS5's unicode61 tokenizer and PostgreSQL's parser both split
# on underscores and punctuation, so a term must never contain them.
WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Case- and diacritic-insensitive form: "Privé" and "PRIVE" both become "prive"."""
    # casefold first: it can produce combining marks ("İ" → "i̇") that NFKD then separates.
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def terms(text: str) -> list[str]:
    """The folded words of a text, in order."""
    return WORD.findall(fold(text))
