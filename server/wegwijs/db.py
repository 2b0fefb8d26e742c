"""Engines and sessions for SQLite and PostgreSQL through the same code."""

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, TypeDecorator, event
from sqlalchemy.engine import URL, Dialect, Engine, make_url
from sqlalchemy.pool import StaticPool
from sqlmodel import create_engine


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that is always timezone-aware UTC in Python, on both databases.

    SQLite has no time zones, so values are stored as naive UTC there and given their
    zone back on the way out; comparing aware and naive datetimes would otherwise fail.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; Wegwijs stores aware UTC datetimes only")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def create_db_engine(url: URL | str, *, echo: bool = False) -> Engine:
    """An engine tuned for its database: WAL and foreign keys on SQLite, pre-ping on PG."""
    url_text = url if isinstance(url, str) else url.render_as_string(hide_password=False)
    if url_text.startswith("sqlite"):
        return _sqlite_engine(url_text, echo=echo)
    return create_engine(url_text, echo=echo, pool_pre_ping=True, pool_size=10, max_overflow=10)


def _sqlite_engine(url: str, *, echo: bool) -> Engine:
    in_memory = url in ("sqlite://", "sqlite:///:memory:")
    database = make_url(url).database
    if not in_memory and database:
        # Every command may be the first on a new machine: the file's folder may not exist.
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
    if in_memory:
        kwargs["poolclass"] = StaticPool
    engine = create_engine(url, echo=echo, **kwargs)

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return engine
