"""Guides of every kind, their steps and their immutable published versions."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from wegwijs.db import UTCDateTime, utcnow
from wegwijs.models_base import Timestamped


class GuideKind(StrEnum):
    walkthrough = "walkthrough"
    tip = "tip"
    announcement = "announcement"
    checklist = "checklist"


class GuideStatus(StrEnum):
    draft = "draft"
    """Never published, or unpublished: not served to visitors."""
    published = "published"
    """A version is live (the draft may have moved on since)."""
    archived = "archived"


class Frequency(StrEnum):
    once = "once"
    until_completed = "until_completed"
    until_dismissed = "until_dismissed"
    always = "always"


class Placement(StrEnum):
    auto = "auto"
    top = "top"
    bottom = "bottom"
    left = "left"
    right = "right"
    floating = "floating"
    """Not anchored to an element: shown as a dialog in the middle of the page."""


class AdvanceTrigger(StrEnum):
    next_button = "next"
    click = "click"
    input = "input"
    url = "url"


class Guide(Timestamped, table=True):
    __table_args__ = (UniqueConstraint("app_id", "slug"),)

    id: int | None = Field(default=None, primary_key=True)
    app_id: int = Field(foreign_key="app.id", index=True, ondelete="CASCADE")
    slug: str = Field(sa_type=String(80))
    """Stable id across exports and imports, so a re-import updates instead of duplicating."""
    kind: GuideKind = Field(sa_type=String(16))
    name: str = Field(max_length=200)
    status: GuideStatus = Field(default=GuideStatus.draft, sa_type=String(16), index=True)
    targeting: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    """URL rule, audience rules on traits, element presence and locales."""
    starts_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    ends_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    frequency: Frequency = Field(default=Frequency.once, sa_type=String(20))
    priority: int = 0
    settings: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    """What only one kind needs: an announcement's display, a tip's icon, checklist items."""
    live_version: int | None = None
    """Number of the `GuideVersion` served to visitors; None when not published."""
    created_by_id: int | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL")


class Step(Timestamped, table=True):
    __table_args__ = (UniqueConstraint("guide_id", "stable_id"),)

    id: int | None = Field(default=None, primary_key=True)
    guide_id: int = Field(foreign_key="guide.id", index=True, ondelete="CASCADE")
    stable_id: str = Field(sa_type=String(64))
    """Survives reordering and edits: analytics funnels are keyed by it."""
    position: int
    target: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    """The target bundle: stable attributes, text, structural path and a fingerprint."""
    url_rule: str | None = Field(default=None, max_length=500)
    sample_url: str | None = Field(default=None, max_length=2000)
    placement: Placement = Field(default=Placement.auto, sa_type=String(16))
    advance_trigger: AdvanceTrigger = Field(default=AdvanceTrigger.next_button, sa_type=String(16))
    content: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    """Per locale: {"nl": {"title": ..., "body": ...}, "en": {...}}; bodies in Markdown."""


class GuideVersion(SQLModel, table=True):
    """An immutable published snapshot of a guide and its steps, rendered and sanitised."""

    __tablename__ = "guide_version"
    __table_args__ = (UniqueConstraint("guide_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    guide_id: int = Field(foreign_key="guide.id", index=True, ondelete="CASCADE")
    number: int
    snapshot: dict[str, Any] = Field(sa_type=JSON)
    published_by_id: int | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL")
    published_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
