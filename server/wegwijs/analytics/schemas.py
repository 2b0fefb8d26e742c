"""Events as the widget sends them: a batch envelope with who, and a list of what happened."""

from enum import StrEnum
from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints, field_validator

from wegwijs.delivery.schemas import (
    Locale,
    NoNul,
    PageUrl,
    VisitorIdentity,
    check_scalar,
    no_nul,
)

CustomName = Annotated[str, StringConstraints(min_length=1, max_length=100), NoNul]
MAX_PROPS = 30
MAX_PROP_STRING = 1000


class EventName(StrEnum):
    guide_started = "guide_started"
    step_viewed = "step_viewed"
    step_completed = "step_completed"
    guide_completed = "guide_completed"
    guide_dismissed = "guide_dismissed"
    element_missing = "element_missing"
    tip_viewed = "tip_viewed"
    announcement_viewed = "announcement_viewed"
    announcement_acknowledged = "announcement_acknowledged"
    help_opened = "help_opened"
    search_performed = "search_performed"
    feedback_given = "feedback_given"
    checklist_item_completed = "checklist_item_completed"
    custom = "custom"


GUIDE_EVENTS = frozenset(
    {
        EventName.guide_started,
        EventName.step_viewed,
        EventName.step_completed,
        EventName.guide_completed,
        EventName.guide_dismissed,
        EventName.element_missing,
        EventName.tip_viewed,
        EventName.announcement_viewed,
        EventName.announcement_acknowledged,
        EventName.feedback_given,
        EventName.checklist_item_completed,
    }
)
STEP_EVENTS = frozenset({EventName.step_viewed, EventName.step_completed})

EventId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.:-]{8,64}$")]


def check_props(props: dict[str, Any]) -> dict[str, Any]:
    """Flat, small properties: what a report can show, not a document store."""
    if len(props) > MAX_PROPS:
        raise ValueError(f"at most {MAX_PROPS} properties")
    for name, value in props.items():
        if len(name) > 64:
            raise ValueError("property names have at most 64 characters")
        no_nul(name)
        check_scalar(f"property {name[:64]}", value, max_text=MAX_PROP_STRING)
    return props


class EventIn(BaseModel):
    """One event; validated on its own so one bad event never blocks the rest."""

    model_config = ConfigDict(extra="forbid")

    id: EventId
    name: EventName
    custom_name: CustomName | None = None
    guide_id: int | None = Field(default=None, ge=1)
    version: int | None = Field(default=None, ge=0)
    step_id: Annotated[str, StringConstraints(max_length=64), NoNul] | None = None
    url: PageUrl | None = None
    locale: Locale | None = None
    ts: AwareDatetime | None = None
    props: dict[str, Any] = Field(default_factory=dict)

    @field_validator("props")
    @classmethod
    def _props(cls, value: dict[str, Any]) -> dict[str, Any]:
        return check_props(value)

    def problem(self) -> str | None:
        """Rules across fields, as one readable sentence (None when the event is sound)."""
        if self.name == EventName.custom and not self.custom_name:
            return "custom events need custom_name"
        if self.name != EventName.custom and self.custom_name is not None:
            return "custom_name is only for custom events"
        if self.name in GUIDE_EVENTS and self.guide_id is None:
            return f"{self.name.value} needs guide_id"
        if self.name in STEP_EVENTS and not self.step_id:
            return f"{self.name.value} needs step_id"
        return None


class EventBatch(VisitorIdentity):
    """Who sent the batch (checked once), then the events as raw objects to validate one by one."""

    session_id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,64}$")] | None = None
    events: list[dict[str, Any]]
    """Bounded by the body's size (about 60 KB), not by a count: small events pack densely."""


class Rejected(BaseModel):
    id: str | None
    error: str


class IngestResult(BaseModel):
    accepted: list[str]
    rejected: list[Rejected]
