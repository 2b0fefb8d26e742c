"""What authors send and get back for guides and steps, and each kind's settings."""

import json
from datetime import datetime
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)

from wegwijs.apps.models import LOCALE_PATTERN
from wegwijs.content.models import AdvanceTrigger, Frequency, GuideKind, GuideStatus, Placement
from wegwijs.content.rendering import plain_text
from wegwijs.delivery.targeting import Targeting

MAX_STEPS = 50
MAX_LOCALES = 10
MAX_TARGET_BYTES = 8 * 1024
MAX_CHECKLIST_ITEMS = 30
NAME_LENGTH = 200
TITLE_LENGTH = 200
LABEL_LENGTH = 60
BODY_LENGTH = 20_000
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def _plain(limit: int, *, required: bool = False) -> AfterValidator:
    def check(value: str) -> str:
        text = plain_text(value, limit=limit)
        if required and not text:
            raise ValueError("must contain visible text")
        return text

    return AfterValidator(check)


def _bounded_target(value: dict[str, Any] | None) -> dict[str, Any] | None:
    if value is not None and len(json.dumps(value).encode()) > MAX_TARGET_BYTES:
        raise ValueError(f"a target bundle is at most {MAX_TARGET_BYTES} bytes of JSON")
    return value


def _web_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("must be an http or https URL")
    return value


Name = Annotated[str, StringConstraints(max_length=NAME_LENGTH), _plain(NAME_LENGTH, required=True)]
Title = Annotated[str, StringConstraints(max_length=TITLE_LENGTH), _plain(TITLE_LENGTH)]
Label = Annotated[str, StringConstraints(max_length=LABEL_LENGTH), _plain(LABEL_LENGTH)]
Body = Annotated[str, StringConstraints(max_length=BODY_LENGTH)]
"""Markdown; stored as written, rendered and sanitised only when it leaves the server."""
Slug = Annotated[str, StringConstraints(min_length=1, max_length=80, pattern=SLUG_PATTERN)]
StableId = Annotated[
    str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
]
Locale = Annotated[str, StringConstraints(pattern=LOCALE_PATTERN.pattern)]
Target = Annotated[dict[str, Any] | None, AfterValidator(_bounded_target)]
SampleUrl = Annotated[str, StringConstraints(max_length=2000), AfterValidator(_web_url)]


class Strict(BaseModel):
    """Unknown fields are refused: a typo must not be saved silently."""

    model_config = ConfigDict(extra="forbid")


def _refuse_null(value: Any) -> Any:
    # Update shapes are partial: a field may be left out, but not cleared when it has no "unset".
    if value is None:
        raise ValueError("may be left out, but not null")
    return value


# -- settings per kind ------------------------------------------------------------------------


class WalkthroughSettings(Strict):
    pass


class TipSettings(Strict):
    icon: Literal["beacon", "info"] = "beacon"
    trigger: Literal["hover", "click", "focus"] = "hover"


class AnnouncementSettings(Strict):
    display: Literal["banner", "modal", "anchored"] = "banner"
    start_walkthrough: Slug | None = None
    """Slug of a walkthrough offered from the announcement."""
    button_label: Label | None = None


class ChecklistSettings(Strict):
    items: list[Slug] = Field(default_factory=list, max_length=MAX_CHECKLIST_ITEMS)
    """Slugs of the walkthroughs on the list, in order."""

    @field_validator("items")
    @classmethod
    def _once_each(cls, items: list[str]) -> list[str]:
        if len(set(items)) != len(items):
            raise ValueError("each walkthrough may be on the list once")
        return items


SETTINGS_BY_KIND: dict[GuideKind, type[Strict]] = {
    GuideKind.walkthrough: WalkthroughSettings,
    GuideKind.tip: TipSettings,
    GuideKind.announcement: AnnouncementSettings,
    GuideKind.checklist: ChecklistSettings,
}


def settings_for(kind: str, settings: dict[str, Any]) -> dict[str, Any]:
    """The settings validated for the guide's kind, defaults filled in; raises ValidationError."""
    model = SETTINGS_BY_KIND[GuideKind(kind)]
    return model.model_validate(settings).model_dump(mode="json")


# -- steps ------------------------------------------------------------------------------------


class StepContent(Strict):
    title: Title = ""
    body: Body = ""


Content = Annotated[dict[Locale, StepContent], Field(max_length=MAX_LOCALES)]


class StepFields(Strict):
    target: Target = None
    """The recorded target bundle; None for a floating step."""
    url_rule: str | None = Field(default=None, max_length=500)
    sample_url: SampleUrl | None = None
    """A page the step was recorded on, for previews and broken-guide checks."""
    placement: Placement = Placement.auto
    advance_trigger: AdvanceTrigger = AdvanceTrigger.next_button
    content: Content = Field(default_factory=dict)
    """Per locale (`nl`, `en-GB`): a plain-text title and a Markdown body."""


class StepIn(StepFields):
    id: StableId | None = None
    """The stable step id; generated when left out."""


class StepUpdate(Strict):
    target: Target = None
    url_rule: str | None = Field(default=None, max_length=500)
    sample_url: SampleUrl | None = None
    placement: Placement | None = None
    advance_trigger: AdvanceTrigger | None = None
    content: Content | None = None
    """Replaces the content of every locale."""

    _not_null = field_validator("placement", "advance_trigger", "content", mode="before")(
        _refuse_null
    )


class StepPublic(BaseModel):
    id: str
    position: int
    target: dict[str, Any] | None
    url_rule: str | None
    sample_url: str | None
    placement: Placement
    advance_trigger: AdvanceTrigger
    content: dict[str, dict[str, str]]


class StepOrder(Strict):
    step_ids: list[str] = Field(max_length=MAX_STEPS)
    """Every step id of the guide, exactly once, in the new order."""


# -- guides -----------------------------------------------------------------------------------


class GuideFields(Strict):
    name: Name
    targeting: Targeting = Field(default_factory=Targeting)
    starts_at: datetime | None = None
    """Shown from; a time without zone is read in the app's time zone."""
    ends_at: datetime | None = None
    frequency: Frequency = Frequency.once
    priority: int = Field(default=0, ge=-1000, le=1000)
    """Higher wins when several guides match the same page."""
    settings: dict[str, Any] = Field(default_factory=dict)
    """Checked against the kind: see `SETTINGS_BY_KIND`."""


class GuideCreate(GuideFields):
    kind: GuideKind
    slug: Slug | None = None
    """Generated from the name when left out; unique in the app."""
    steps: list[StepIn] = Field(default_factory=list, max_length=MAX_STEPS)

    @field_validator("steps")
    @classmethod
    def _distinct_ids(cls, steps: list[StepIn]) -> list[StepIn]:
        given = [step.id for step in steps if step.id is not None]
        if len(set(given)) != len(given):
            raise ValueError("step ids must be unique within the guide")
        return steps


class GuideUpdate(Strict):
    name: Name | None = None
    slug: Slug | None = None
    targeting: Targeting | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    frequency: Frequency | None = None
    priority: int | None = Field(default=None, ge=-1000, le=1000)
    settings: dict[str, Any] | None = None

    _not_null = field_validator(
        "name", "slug", "targeting", "frequency", "priority", "settings", mode="before"
    )(_refuse_null)


class GuidePublic(BaseModel):
    id: int
    slug: str
    kind: GuideKind
    name: str
    status: GuideStatus
    targeting: dict[str, Any]
    starts_at: datetime | None
    ends_at: datetime | None
    frequency: Frequency
    priority: int
    settings: dict[str, Any]
    live_version: int | None
    """The version visitors get; None when nothing is live."""
    has_unpublished_changes: bool
    """The draft differs from the live version (always true when nothing is live)."""
    created_at: datetime
    updated_at: datetime
    steps: list[StepPublic]


class GuidesPublic(BaseModel):
    data: list[GuidePublic]
    count: int
    page: int
    per_page: int


# -- versions ---------------------------------------------------------------------------------


class Rollback(Strict):
    version: int = Field(ge=1)


class VersionPublic(BaseModel):
    number: int
    published_at: datetime
    published_by: str | None
    """Email of the account that published; None for API tokens and deleted accounts."""
    restored_from: int | None


class VersionsPublic(BaseModel):
    data: list[VersionPublic]
    count: int
