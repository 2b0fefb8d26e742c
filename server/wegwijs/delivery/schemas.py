"""What the widget sends to the public API, validated strictly (it is anonymous input)."""

import re
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)

MAX_TRAITS = 50
MAX_TRAIT_STRING = 200
MAX_TRAIT_LIST = 50
TRAIT_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,63}$")


def no_nul(value: str) -> str:
    """PostgreSQL text cannot hold NUL characters; a visitor's text with one is refused."""
    if "\x00" in value:
        raise ValueError("text may not contain NUL characters")
    return value


NoNul = AfterValidator(no_nul)
VisitorId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{8,64}$")]
UserId = Annotated[str, StringConstraints(min_length=1, max_length=128), NoNul]
Locale = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}(-[A-Z]{2})?$")]
PageUrl = Annotated[str, StringConstraints(min_length=1, max_length=2000), NoNul]


def check_scalar(label: str, value: Any, *, max_text: int) -> None:
    """One value a visitor sent: text, a number, a boolean or null, and not too long.

    Shared by traits and event properties: both are shown in reports, never stored as
    documents."""
    if not (value is None or isinstance(value, str | int | float | bool)):
        raise ValueError(f"{label}: values must be text, numbers or booleans")
    if isinstance(value, str) and len(value) > max_text:
        raise ValueError(f"{label}: text longer than {max_text}")
    if isinstance(value, str):
        no_nul(value)


def check_traits(traits: dict[str, Any]) -> dict[str, Any]:
    """Flat traits only: scalars or short lists of scalars, bounded in number and size."""
    if len(traits) > MAX_TRAITS:
        raise ValueError(f"at most {MAX_TRAITS} traits")
    for name, value in traits.items():
        if not TRAIT_NAME.match(name):
            raise ValueError(f"trait name {name[:70]!r} is not allowed")
        values = value if isinstance(value, list) else [value]
        if isinstance(value, list) and len(value) > MAX_TRAIT_LIST:
            raise ValueError(f"trait {name}: at most {MAX_TRAIT_LIST} values")
        for item in values:
            check_scalar(f"trait {name}", item, max_text=MAX_TRAIT_STRING)
    return traits


class CurrentWalkthrough(BaseModel):
    """The walkthrough the widget is in the middle of (from sessionStorage)."""

    model_config = ConfigDict(extra="forbid")

    guide_id: int
    version: int
    step_id: Annotated[str, StringConstraints(max_length=64)]


class VisitorIdentity(BaseModel):
    model_config = ConfigDict(extra="forbid")

    visitor_id: VisitorId
    user_id: UserId | None = None
    traits: dict[str, Any] = Field(default_factory=dict)
    locale: Locale | None = None
    signature: Annotated[str, StringConstraints(pattern=r"^[0-9a-fA-F]{64}$")] | None = None

    @field_validator("traits")
    @classmethod
    def _traits(cls, value: dict[str, Any]) -> dict[str, Any]:
        return check_traits(value)


class ContextRequest(VisitorIdentity):
    url: PageUrl
    preview_token: Annotated[str, StringConstraints(max_length=1000)] | None = None
    current: CurrentWalkthrough | None = None


class SearchRequest(VisitorIdentity):
    q: Annotated[str, StringConstraints(max_length=200), NoNul]
    url: PageUrl | None = None
