"""An app is one host application the widget is installed in; everything belongs to one."""

import re
from datetime import datetime
from typing import Annotated, Any
from urllib.parse import urlsplit
from zoneinfo import available_timezones

import pydantic
from pydantic import BaseModel, ConfigDict, StringConstraints, field_validator
from sqlalchemy import JSON, String
from sqlmodel import Field, SQLModel

from wegwijs.db import UTCDateTime
from wegwijs.models_base import Timestamped

DEFAULT_URL_PARAM_DENYLIST = ["email", "token", "password", "session", "code"]
LOCALE_PATTERN = re.compile(r"^[a-z]{2}(-[A-Z]{2})?$")
MAX_ORIGINS = 50
# Theme values end up in the widget's CSS, so each has a shape that cannot carry anything else.
HEX_COLOUR = r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$"
FONT_FAMILY = r"^[A-Za-z0-9 ,\-]+$"
MAX_Z_INDEX = 2_147_483_647

HexColour = Annotated[str, StringConstraints(pattern=HEX_COLOUR)]
FontFamily = Annotated[str, StringConstraints(min_length=1, max_length=100, pattern=FONT_FAMILY)]
Radius = Annotated[int, pydantic.Field(strict=True, ge=0, le=24)]
ZIndex = Annotated[int, pydantic.Field(strict=True, ge=0, le=MAX_Z_INDEX)]


def check_origin(origin: str) -> str:
    """An origin is scheme, host and optional port: exactly what a browser sends."""
    parts = urlsplit(origin)
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or parts.username
    ):
        raise ValueError(f"{origin!r} is not an origin like https://app.example.com")
    return origin.rstrip("/").lower()


class AppRules:
    """Validators shared by the create and update shapes (table rows are not validated)."""

    @field_validator("allowed_origins", check_fields=False)
    @classmethod
    def _origins(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return None
        if len(value) > MAX_ORIGINS:
            raise ValueError(f"at most {MAX_ORIGINS} allowed origins")
        return sorted({check_origin(origin) for origin in value})

    @field_validator("default_locale", check_fields=False)
    @classmethod
    def _locale(cls, value: str | None) -> str | None:
        if value is not None and not LOCALE_PATTERN.match(value):
            raise ValueError("a locale looks like nl or en-GB")
        return value

    @field_validator("timezone", check_fields=False)
    @classmethod
    def _timezone(cls, value: str | None) -> str | None:
        if value is not None and value not in available_timezones():
            raise ValueError(f"unknown time zone {value!r}")
        return value


class Theme(BaseModel):
    """How the widget looks in this app; unset values keep the widget's defaults."""

    model_config = ConfigDict(extra="forbid")

    primary: HexColour | None = None
    """Buttons, beacons and links, as #rgb or #rrggbb."""
    text: HexColour | None = None
    background: HexColour | None = None
    font_family: FontFamily | None = None
    """Family names separated by commas; no quotes, so nothing can close the CSS value."""
    radius: Radius | None = None
    """Corner radius in pixels."""
    z_index: ZIndex | None = None
    """Stacking order of the widget's layer, for hosts with their own high overlays."""

    def stored(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


class AppBase(SQLModel):
    name: str = Field(min_length=1, max_length=120)
    allowed_origins: list[str] = Field(default_factory=list, sa_type=JSON)
    default_locale: str = Field(default="nl", max_length=10)
    timezone: str = Field(default="Europe/Amsterdam", max_length=64)
    theme: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    consent_required: bool = False
    url_param_denylist: list[str] = Field(
        default_factory=lambda: list(DEFAULT_URL_PARAM_DENYLIST), sa_type=JSON
    )


class App(AppBase, Timestamped, table=True):
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(sa_type=String(40), unique=True, index=True)
    """The public app key in the script tag; it identifies, it does not authorise."""
    identity_verification: bool = False
    identity_secret: str | None = Field(default=None, max_length=128)
    identity_secret_previous: str | None = Field(default=None, max_length=128)
    """Still accepted during a rotation, until the author retires it."""
    widget_seen_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    """When the widget last asked for content: the admin's install check."""
    widget_seen_origin: str | None = Field(default=None, max_length=300)
    content_version: int = 0
    """Bumped whenever what visitors see changes (publish, unpublish, settings): every
    worker compares it at most once a second to know its cached content is stale."""


class AppCreate(AppRules, AppBase):
    @field_validator("theme")
    @classmethod
    def _theme(cls, value: dict[str, Any]) -> dict[str, Any]:
        return Theme.model_validate(value).stored()


class AppUpdate(AppRules, BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=120)
    allowed_origins: list[str] | None = None
    default_locale: str | None = Field(default=None, max_length=10)
    timezone: str | None = Field(default=None, max_length=64)
    consent_required: bool | None = None
    url_param_denylist: list[str] | None = None
    identity_verification: bool | None = None
    """Needs an identity secret first (`POST /api/v1/apps/{key}/identity-secret`)."""
    theme: Theme | None = None
    """Replaces the whole theme; null resets it to the widget's defaults."""

    @field_validator(
        "name",
        "allowed_origins",
        "default_locale",
        "timezone",
        "consent_required",
        "url_param_denylist",
        "identity_verification",
        mode="before",
    )
    @classmethod
    def _refuse_null(cls, value: Any) -> Any:
        """Left out means unchanged; null is not a value these settings can have."""
        if value is None:
            raise ValueError("may be left out, but not null")
        return value


class AppPublic(AppBase):
    key: str
    identity_verification: bool
    widget_seen_at: datetime | None = None
    widget_seen_origin: str | None = None


class IdentitySecretCreated(BaseModel):
    secret: str
    """Shown once: give it to the host's server, which signs user ids with it."""
    previous_valid: bool
    """The secret it replaces still verifies signatures until it is retired."""


class AppsPublic(BaseModel):
    data: list[AppPublic]
    count: int
