"""What the admin API answers, as typed models.

Fields the server adds later are ignored rather than refused, so an older SDK keeps
working against a newer server. Kinds, statuses and the like are plain strings for the
same reason; the server's documentation (`/docs`) lists their values.
"""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

__all__ = ["App", "Forgotten", "Guide", "GuidesPage", "ImportReport", "Step", "Version"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class App(_Model):
    """A host app the widget runs in."""

    key: str
    """The public app key, as in the script tag."""
    name: str
    allowed_origins: list[str]
    default_locale: str
    timezone: str
    theme: dict[str, Any] = {}
    consent_required: bool = False
    url_param_denylist: list[str] = []
    identity_verification: bool = False
    widget_seen_at: datetime | None = None
    widget_seen_origin: str | None = None


class Step(_Model):
    id: str
    """Stable: analytics count views per step id."""
    position: int
    target: dict[str, Any] | None
    url_rule: str | None
    sample_url: str | None
    placement: str
    advance_trigger: str
    content: dict[str, dict[str, str]]
    """Per locale: `{"title": ..., "body": ...}` (Markdown body)."""


class Guide(_Model):
    """A walkthrough, tip, announcement or checklist: its draft, and which version is live."""

    id: int
    slug: str
    kind: str
    name: str
    status: str
    """draft, published or archived."""
    targeting: dict[str, Any]
    starts_at: datetime | None
    ends_at: datetime | None
    frequency: str
    priority: int
    settings: dict[str, Any]
    live_version: int | None
    """The version visitors get; None when nothing is live."""
    has_unpublished_changes: bool
    created_at: datetime
    updated_at: datetime
    steps: list[Step]


class GuidesPage(_Model):
    """One page of a guide list, and where it is in the whole list."""

    data: list[Guide]
    count: int
    """Guides matching the filters, on every page."""
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page * self.per_page < self.count


class Version(_Model):
    number: int
    published_at: datetime
    published_by: str | None
    """Email of the account that published; None for API tokens and deleted accounts."""
    restored_from: int | None
    """The version a rollback published again."""


class ImportReport(_Model):
    """What an import of guide files did (or, in a dry run, would do), as slugs."""

    created: list[str]
    changed: list[str]
    unchanged: list[str]
    published: list[str]
    dry_run: bool


class Forgotten(_Model):
    """What erasing one person removed (right to erasure), counted per kind of record."""

    events: int
    states: int
    visitors: int
    rollup_rows: int
