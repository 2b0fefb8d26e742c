"""Every view the widget reports, stored once per client-made event id."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, Integer, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from wegwijs.db import UTCDateTime, utcnow

# SQLite only auto-increments a column declared exactly INTEGER PRIMARY KEY (already 64-bit).
EventId = BigInteger().with_variant(Integer(), "sqlite")


class Event(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("app_id", "event_id"),
        Index("ix_event_app_time", "app_id", "server_time"),
        Index("ix_event_app_guide", "app_id", "guide_id"),
    )

    id: int | None = Field(default=None, primary_key=True, sa_type=EventId)
    app_id: int = Field(foreign_key="app.id", ondelete="CASCADE")
    event_id: str = Field(sa_type=String(64))
    """Made by the client, so a retried batch is recognised and never counted twice."""
    name: str = Field(sa_type=String(40))
    custom_name: str | None = Field(default=None, sa_type=String(100))
    guide_id: int | None = None
    guide_version: int | None = None
    step_id: str | None = Field(default=None, sa_type=String(64))
    visitor_id: str = Field(sa_type=String(64))
    user_id: str | None = Field(default=None, sa_type=String(128))
    session_id: str | None = Field(default=None, sa_type=String(64))
    url: str | None = Field(default=None, sa_type=String(2000))
    locale: str | None = Field(default=None, sa_type=String(10))
    client_time: datetime | None = Field(default=None, sa_type=UTCDateTime)
    server_time: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    props: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
