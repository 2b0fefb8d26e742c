"""Who and where a guide is shown: URL rules, audience rules on traits, element presence.

The shapes here are validated when an author saves a guide and compiled once at publish.
CONTRACT (filled in by the targeting work): `Targeting` is the pydantic model stored in
`Guide.targeting` and copied into the published snapshot.
"""

from typing import Any

from pydantic import BaseModel, Field


class Targeting(BaseModel):
    url_rules: list[str] = Field(default_factory=lambda: ["*"], max_length=20)
    """Any of these URL rules must match the page; `*` is any page."""
    audience: dict[str, Any] | None = None
    """An all/any group of conditions on visitor traits; None shows it to everyone."""
    element: str | None = Field(default=None, max_length=500)
    """A CSS selector that must be present on the page (checked by the widget)."""
