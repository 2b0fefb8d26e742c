"""Column helpers shared by every table."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from wegwijs.db import UTCDateTime, utcnow


class Timestamped(SQLModel):
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(
        default_factory=utcnow,
        sa_type=UTCDateTime,
        nullable=False,
        sa_column_kwargs={"onupdate": utcnow},
    )
