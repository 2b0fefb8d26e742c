"""What a recorded step becomes: a URL rule with ids as parameters, a trigger, a title.

The recorder only reports facts (the page URL, the element's bundle, what the author did,
the element's visible label); the wording and the generalisation live here, in one place,
so every recorder version produces the same drafts and the rules are testable in Python.
"""

import re
from collections.abc import Sequence
from typing import Literal
from urllib.parse import urlsplit

from wegwijs.analytics.ingest import scrub_url

Action = Literal["click", "input", "select"]

LABEL_LIMIT = 60

# A path segment that names one record rather than a page: numbers, UUIDs, long hex or
# mixed letter-and-digit tokens (`a1b2c3d4e5`), dates. Words like `edit` or `2fa` stay.
_ID_SEGMENT = re.compile(
    r"""^(?:
        \d+                                         # 42
      | [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}  # UUID
      | [0-9a-f]{10,}                               # hex ids, hashes
      | (?=[a-z0-9_-]*\d)(?=[a-z0-9_-]*[a-z])[a-z0-9_-]{12,}  # long tokens with digits
      | \d{4}-\d{2}-\d{2}                           # dates
    )$""",
    re.IGNORECASE | re.VERBOSE,
)

_TEXTS = {
    "en": {
        "click": ("Click {label}", "Click **{label}**.", "Click here", "Click here."),
        "input": ("Fill in {label}", "Fill in **{label}**.", "Fill in this field", ""),
        "select": ("Choose {label}", "Choose **{label}**.", "Make a choice", ""),
    },
    "nl": {
        "click": ("Klik op {label}", "Klik op **{label}**.", "Klik hier", "Klik hier."),
        "input": ("Vul {label} in", "Vul **{label}** in.", "Vul dit veld in", ""),
        "select": ("Kies {label}", "Kies **{label}**.", "Maak een keuze", ""),
    },
}

TRIGGERS: dict[str, str] = {"click": "click", "input": "input", "select": "input"}


def is_id_segment(segment: str) -> bool:
    return bool(_ID_SEGMENT.match(segment))


def generalise_path(path: str) -> str:
    """`/claims/1234/edit` → `/claims/:id/edit`; a second id becomes `:id2`, and so on."""
    parts = []
    count = 0
    for segment in path.split("/"):
        if segment and is_id_segment(segment):
            count += 1
            parts.append(":id" if count == 1 else f":id{count}")
        else:
            parts.append(segment)
    return "/".join(parts) or "/"


def url_rule_for(url: str) -> str:
    """The rule of the page a step was recorded on, without host or query, ids generalised.

    Hash routers keep their route (`/app#/orders/:id`); a plain `#section` is dropped, like
    the query, since it rarely decides which page it is.
    """
    parts = urlsplit(url)
    rule = generalise_path(parts.path or "/")
    for bang in ("!", ""):
        if parts.fragment.startswith(f"{bang}/"):
            route = parts.fragment[len(bang) :].split("?")[0]
            return f"{rule}#{bang}{generalise_path(route)}"
    return rule


def sample_url_for(url: str, denylist: Sequence[str]) -> str:
    """The page as recorded, minus query parameters the app never wants stored."""
    return scrub_url(url, denylist) or url


def short_label(label: str) -> str:
    """One line, at most `LABEL_LIMIT` characters, cut at a word where possible."""
    text = " ".join(label.split())
    if len(text) <= LABEL_LIMIT:
        return text
    cut = text[: LABEL_LIMIT - 1].rsplit(" ", 1)[0] or text[: LABEL_LIMIT - 1]
    return f"{cut}…"


def suggested_text(action: Action, label: str, locale: str) -> tuple[str, str]:
    """A plain-text title and a Markdown body in the author's language (English when the
    language has no wording yet): "Klik op Opslaan" / "Klik op **Opslaan**."."""
    texts = _TEXTS.get(locale.split("-")[0].lower(), _TEXTS["en"])[action]
    shown = short_label(label)
    if not shown:
        return texts[2], texts[3]
    markdown_safe = re.sub(r"([\\`*_\[\]<>])", r"\\\1", shown)
    return texts[0].format(label=shown), texts[1].format(label=markdown_safe)
