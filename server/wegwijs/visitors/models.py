"""The people who see help: visitors, and where each one is in each guide."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String, UniqueConstraint
from sqlmodel import Field

from wegwijs.db import UTCDateTime
from wegwijs.models_base import Timestamped


class Visitor(Timestamped, table=True):
    """One browser (anonymous `visitor_id`), identified by `user_id` after `identify`."""

    __table_args__ = (UniqueConstraint("app_id", "visitor_id"),)

    id: int | None = Field(default=None, primary_key=True)
    app_id: int = Field(foreign_key="app.id", index=True, ondelete="CASCADE")
    visitor_id: str = Field(sa_type=String(64))
    user_id: str | None = Field(default=None, sa_type=String(128), index=True)
    traits: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    """The latest traits sent by `identify`: what audience rules and reports filter on."""
    last_seen_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class VisitorState(Timestamped, table=True):
    """A person's progress in one guide.

    `subject` is `u:<user_id>` for identified people (state follows them across devices)
    and `v:<visitor_id>` for anonymous ones; identify merges the second into the first.
    """

    __tablename__ = "visitor_state"
    __table_args__ = (UniqueConstraint("app_id", "subject", "guide_id"),)

    id: int | None = Field(default=None, primary_key=True)
    app_id: int = Field(foreign_key="app.id", index=True, ondelete="CASCADE")
    subject: str = Field(sa_type=String(140))
    guide_id: int = Field(foreign_key="guide.id", index=True, ondelete="CASCADE")
    version: int | None = None
    current_step_id: str | None = Field(default=None, sa_type=String(64))
    seen_count: int = 0
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    completed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    dismissed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    acknowledged_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_seen_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    run_started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    """When the run in progress began (the latest start not yet completed or dismissed): the
    reports measure the time to complete from it."""
