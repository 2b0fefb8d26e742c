"""Every view the widget reports, stored once per client-made event id, and the roll-ups the
reports read.

Roll-ups are kept per person and per day in the app's time zone. The person is what makes
them exact: unique people over any range are counted from rows, never summed across days;
erasing a person deletes exactly their rows; a trait filter selects people by their current
traits. People are numbered per app (`rollup_person`): counting distinct integers is several
times cheaper than counting distinct text, on SQLite and on PostgreSQL alike.

Each table is clustered on the key its reports read in order: by day for people per day,
by guide for everything about one piece of content. No index leads with the person:
erasing one is rare and may scan the roll-ups, while every index costs each ingest
transaction.

Keys say "none" with 0 and "" rather than NULL: NULLs are never equal in a unique key, so
the upserts that keep roll-ups current would insert duplicates instead of adding up.
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Float, Index, Integer, String, Table, UniqueConstraint
from sqlmodel import Field, SQLModel

from wegwijs.db import UTCDateTime, utcnow

# SQLite only auto-increments a column declared exactly INTEGER PRIMARY KEY (already 64-bit).
EventId = BigInteger().with_variant(Integer(), "sqlite")
NO_GUIDE = 0
NO_VERSION = 0
NO_TEXT = ""
# SQLite stores these tables as clustered indexes on their key (one b-tree, not two).
CLUSTERED = {"sqlite_with_rowid": False}


class Event(SQLModel, table=True):
    # Reports read the roll-ups, never events by guide: an index on (app, guide) would cost
    # every insert and serve nothing. Retention deletes by (app, server time).
    __table_args__ = (
        UniqueConstraint("app_id", "event_id"),
        Index("ix_event_app_time", "app_id", "server_time"),
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


def _app() -> Any:
    return Field(foreign_key="app.id", primary_key=True, ondelete="CASCADE")


def _key(length: int) -> Any:
    return Field(primary_key=True, sa_type=String(length))


class PersonRollup(SQLModel, table=True):
    """The people roll-ups count, numbered per app: `subject` is `u:<user_id>` for an
    identified person and `v:<visitor_id>` for an anonymous browser, as in `VisitorState`."""

    __tablename__ = "rollup_person"
    __table_args__ = (UniqueConstraint("app_id", "subject"),)

    id: int | None = Field(default=None, primary_key=True)
    app_id: int = Field(foreign_key="app.id", ondelete="CASCADE")
    subject: str = Field(sa_type=String(140))


class DayRollup(SQLModel, table=True):
    """A person's day, whatever the locales: unique people per day (one row each, so they
    are counted, not de-duplicated) and over a range, views and help-panel opens."""

    __tablename__ = "rollup_day"
    __table_args__ = (CLUSTERED,)

    app_id: int = _app()
    day: date = Field(primary_key=True)
    person_id: int = Field(primary_key=True)
    events: int = 0
    views: int = 0
    """Content shown: walkthroughs started, tips opened, announcements displayed."""
    help_opens: int = 0


class DayLocaleRollup(SQLModel, table=True):
    """A person's day in one locale: the same numbers when the reports filter by locale."""

    __tablename__ = "rollup_day_locale"
    __table_args__ = (CLUSTERED,)

    app_id: int = _app()
    locale: str = _key(10)
    day: date = Field(primary_key=True)
    person_id: int = Field(primary_key=True)
    events: int = 0
    views: int = 0
    help_opens: int = 0


class ActivityRollup(SQLModel, table=True):
    """A person's day in one guide and version.

    The walkthrough's steps are bit masks by the step's position in that version (versions
    are immutable, and a guide has at most 50 steps): which steps the person saw, and where
    they closed it. The time to complete is the day's first timed completion. One row per
    person, guide and day keeps ingest to a few rows per batch, and the funnel exact.
    """

    __tablename__ = "rollup_activity"
    __table_args__ = (CLUSTERED,)

    app_id: int = _app()
    guide_id: int = Field(primary_key=True)
    day: date = Field(primary_key=True)
    person_id: int = Field(primary_key=True)
    version: int = Field(primary_key=True)
    locale: str = _key(10)
    events: int = 0
    views: int = 0
    started: int = 0
    completed: int = 0
    dismissed: int = 0
    acknowledged: int = 0
    steps_viewed: int = Field(default=0, sa_type=BigInteger)
    """Bit n: saw the step at position n of this version."""
    steps_dismissed: int = Field(default=0, sa_type=BigInteger)
    """Bit n: closed the walkthrough at the step at position n."""
    seconds: float | None = Field(default=None, sa_type=Float)
    """From the browser's latest start to the day's first completion; None if not timed."""


class CustomRollup(SQLModel, table=True):
    """A person's day of one `custom` event name (from `Wegwijs.track`)."""

    __tablename__ = "rollup_custom"
    __table_args__ = (CLUSTERED,)

    app_id: int = _app()
    day: date = Field(primary_key=True)
    person_id: int = Field(primary_key=True)
    name: str = _key(100)
    locale: str = _key(10)
    events: int = 0


class SearchRollup(SQLModel, table=True):
    """A person's day of one help-panel query (folded: trimmed, single spaces, lower case)."""

    __tablename__ = "rollup_search"
    __table_args__ = (CLUSTERED,)

    app_id: int = _app()
    day: date = Field(primary_key=True)
    person_id: int = Field(primary_key=True)
    query: str = _key(200)
    locale: str = _key(10)
    searches: int = 0
    empty: int = 0
    """Searches that found nothing: the help that is missing."""


class FeedbackRollup(SQLModel, table=True):
    """One "was this helpful?" answer, with its comment."""

    __tablename__ = "rollup_feedback"
    __table_args__ = (Index("ix_rollup_feedback_day", "app_id", "day"),)

    id: int | None = Field(default=None, primary_key=True, sa_type=EventId)
    app_id: int = Field(foreign_key="app.id", ondelete="CASCADE")
    guide_id: int
    version: int
    day: date
    person_id: int
    locale: str = Field(sa_type=String(10))
    helpful: bool | None = None
    comment: str | None = Field(default=None, sa_type=String(1000))
    at: datetime = Field(sa_type=UTCDateTime)


class MissingRollup(SQLModel, table=True):
    """A person's day of `element_missing` for one step on one page: broken guides."""

    __tablename__ = "rollup_missing"
    __table_args__ = (Index("ix_rollup_missing_day", "app_id", "day"), CLUSTERED)

    app_id: int = _app()
    guide_id: int = Field(primary_key=True)
    day: date = Field(primary_key=True)
    person_id: int = Field(primary_key=True)
    version: int = Field(primary_key=True)
    step_id: str = _key(64)
    page: str = _key(500)
    """Origin and path (and a hash route), never the query string."""
    locale: str = _key(10)
    events: int = 0


class TraitRollup(SQLModel, table=True):
    """A person's current traits, one row per value (each item of a list trait): the
    dimension trait filters select people by. Kept from the traits that come with event
    batches (the same `identify` traits the `visitor` table keeps), replaced when they
    change; a rebuild takes them from the `visitor` table."""

    __tablename__ = "rollup_trait"
    __table_args__ = (
        Index("ix_rollup_trait_value", "app_id", "name", "value", "person_id"),
        CLUSTERED,
    )

    app_id: int = _app()
    person_id: int = Field(primary_key=True)
    name: str = _key(64)
    value: str = _key(200)
    """As text: `approver`, `3`, `true`."""


ROLLUP_TABLES: tuple[Table, ...] = tuple(
    model.__table__  # type: ignore[union-attr]
    for model in (
        DayRollup,
        DayLocaleRollup,
        ActivityRollup,
        CustomRollup,
        SearchRollup,
        FeedbackRollup,
        MissingRollup,
    )
)
"""Every table keyed by person and day: what erasure and retention delete from."""
PERSON_TABLES: tuple[Table, ...] = (
    *ROLLUP_TABLES,
    TraitRollup.__table__,  # type: ignore[attr-defined]
)
"""Every table naming a person."""
