"""Settings, read once from `WEGWIJS_*` environment variables."""

import secrets
from functools import cached_property
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

SECRET_KEY_FILE = "secret_key"
MIN_SECRET_KEY_LENGTH = 32
SUPPORTED_DATABASES = ("sqlite", "postgresql")


class ConfigError(Exception):
    """The configuration cannot work; the message says what to change."""


def normalise_database_url(raw: str) -> str:
    """Validate a database URL and pick the driver Wegwijs ships with (psycopg 3)."""
    try:
        url = make_url(raw)
    except ArgumentError as exc:
        raise ValueError(f"malformed database URL {raw!r}") from exc
    backend = url.get_backend_name()
    if backend == "postgres":
        url = url.set(drivername="postgresql")
        backend = "postgresql"
    if backend not in SUPPORTED_DATABASES:
        raise ValueError(f"unsupported database {backend!r}: use sqlite or postgresql")
    if backend == "postgresql":
        if url.get_driver_name() not in ("psycopg", "psycopg2"):
            url = url.set(drivername="postgresql+psycopg")
        if not url.database:
            raise ValueError("the PostgreSQL URL names no database")
    return url.render_as_string(hide_password=False)


class Settings(BaseSettings):
    """Everything an operator can set; see the settings table in the README."""

    model_config = SettingsConfigDict(env_prefix="WEGWIJS_", extra="ignore")

    database_url: str | None = None
    """Default: a SQLite file `wegwijs.db` in the data directory."""
    secret_key: SecretStr | None = None
    """Signs sessions and tokens. Generated into the data directory on SQLite; required on
    PostgreSQL, where every node must share it."""
    public_url: str = "http://127.0.0.1:8000"
    """Where people and widgets reach this server; https makes cookies Secure."""
    data_dir: Path = Path("data")
    forwarded_allow_ips: str = "127.0.0.1"
    """Comma-separated proxies whose X-Forwarded-For is trusted for the client IP."""
    session_hours: int = 12
    redis_url: str | None = None
    """Share rate-limit counters between workers and nodes (`redis://host:6379/0`)."""
    rate_limit_per_app: int = Field(default=60_000, ge=0)
    """Public API requests per minute per app key; 0 switches the limit off."""
    rate_limit_per_client: int = Field(default=6_000, ge=0)
    """Public API requests per minute per client address; 0 switches the limit off."""
    test_headers: bool = False
    """Test-only: name the worker process in every response (multi-worker tests)."""

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str | None) -> str | None:
        return None if value is None else normalise_database_url(value)

    @field_validator("public_url")
    @classmethod
    def _check_public_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("the public URL must start with http:// or https://")
        return value.rstrip("/")

    @cached_property
    def database(self) -> URL:
        """The database URL actually used."""
        if self.database_url:
            return make_url(self.database_url)
        return make_url(f"sqlite:///{(self.data_dir / 'wegwijs.db').resolve()}")

    @property
    def is_sqlite(self) -> bool:
        return self.database.get_backend_name() == "sqlite"

    @property
    def secure_cookies(self) -> bool:
        return self.public_url.startswith("https://")

    @property
    def trusted_proxies(self) -> list[str]:
        return [ip.strip() for ip in self.forwarded_allow_ips.split(",") if ip.strip()]

    def resolve_secret_key(self) -> str:
        """The signing key: configured, or generated once per data directory on SQLite.

        There is never a built-in default: a guessable key would let anyone forge sessions.
        """
        if self.secret_key is not None:
            key = self.secret_key.get_secret_value()
            if len(key) < MIN_SECRET_KEY_LENGTH:
                raise ConfigError(
                    f"WEGWIJS_SECRET_KEY must be at least {MIN_SECRET_KEY_LENGTH} characters"
                )
            return key
        if not self.is_sqlite:
            raise ConfigError(
                "WEGWIJS_SECRET_KEY is required with PostgreSQL: every node must share it"
            )
        return _load_or_create_key(self.data_dir / SECRET_KEY_FILE)


def _load_or_create_key(path: Path) -> str:
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.touch(mode=0o600)
    path.write_text(key + "\n")
    return key
