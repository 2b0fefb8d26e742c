"""Audience rules: which visitors a guide is shown to, decided on the traits from `identify`.

Audience rules choose what is *shown*; they are not access control. Traits come from the
visitor's browser and can be forged, so never put anything secret in a guide because an
audience rule hides it. The shape is validated with pydantic when an author saves a guide,
then compiled once into plain closures for the request path. Comparisons are exact and
case-sensitive everywhere, with JSON types kept apart (`"42"` is not `42`, `true` is not
`1`): simple to reason about, and it lets an index bucket guides by trait value.
"""

import math
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    model_validator,
)

__all__ = [
    "MAX_CONDITIONS",
    "MAX_DEPTH",
    "MAX_LIST_VALUES",
    "Audience",
    "AudienceError",
    "Condition",
    "Group",
    "compile_audience",
]

MAX_DEPTH = 3
"""Levels of groups, the top one included."""
MAX_CONDITIONS = 50
MAX_LIST_VALUES = 100
TRAIT_NAME_PATTERN = r"^[A-Za-z_][A-Za-z0-9_.-]{0,63}$"

Operator = Literal[
    "eq",
    "ne",
    "in",
    "not_in",
    "contains",
    "exists",
    "not_exists",
    "gt",
    "gte",
    "lt",
    "lte",
    "before",
    "after",
]
Scalar = str | int | float | bool
Traits = Mapping[str, Any]
Check = Callable[[Traits], bool]

_SCALAR_OPS = {"eq", "ne", "contains"}
_LIST_OPS = {"in", "not_in"}
_PRESENCE_OPS = {"exists", "not_exists"}
_NUMBER_OPS = {"gt", "gte", "lt", "lte"}
_DATE_OPS = {"before", "after"}


class AudienceError(ValueError):
    """An audience rule cannot be compiled; the message says where and why."""


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_scalar(value: object) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, str | int | bool)


def _parse_when(text: object) -> date | datetime | None:
    """An ISO date (`2024-05-01`) or datetime; a datetime without offset is taken as UTC."""
    if not isinstance(text, str) or not 8 <= len(text) <= 40:
        return None
    try:
        if len(text) <= 10:
            return date.fromisoformat(text)
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class Condition(BaseModel):
    """`{"trait": "role", "op": "eq", "value": "approver"}`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    trait: str = Field(pattern=TRAIT_NAME_PATTERN)
    op: Operator
    value: Any = None

    @model_validator(mode="after")
    def _check_value(self) -> Self:
        op, value = self.op, self.value
        if op in _PRESENCE_OPS:
            if value is not None:
                raise ValueError(f"'{op}' takes no value")
        elif op in _LIST_OPS:
            if not isinstance(value, list) or not value:
                raise ValueError(f"'{op}' needs a non-empty list of values")
            if len(value) > MAX_LIST_VALUES:
                raise ValueError(f"'{op}' takes at most {MAX_LIST_VALUES} values")
            if not all(_is_scalar(item) for item in value):
                raise ValueError(f"the values of '{op}' must be strings, numbers or booleans")
        elif op in _NUMBER_OPS:
            if not _is_number(value) or not math.isfinite(value):
                raise ValueError(f"'{op}' needs a number value")
        elif op in _DATE_OPS:
            if _parse_when(value) is None:
                raise ValueError(
                    f"'{op}' needs an ISO date or datetime value, like 2024-05-01"
                    " or 2024-05-01T09:00:00+02:00"
                )
        elif not _is_scalar(value):
            raise ValueError(f"'{op}' needs a string, number or boolean value")
        return self


def _node_kind(node: Any) -> str | None:
    if isinstance(node, Condition | Group):
        return "condition" if isinstance(node, Condition) else "group"
    if isinstance(node, dict):
        return "condition" if "trait" in node or "op" in node else "group"
    return None


Node = Annotated[
    Annotated[Condition, Tag("condition")] | Annotated["Group", Tag("group")],
    Discriminator(
        _node_kind,
        custom_error_type="audience_node",
        custom_error_message=(
            'each item must be a condition {"trait", "op", "value"}'
            ' or a group {"all": [...]} / {"any": [...]}'
        ),
    ),
]


class Group(BaseModel):
    """`{"all": [...]}` (every item holds) or `{"any": [...]}` (at least one holds)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    all_: list[Node] | None = Field(default=None, alias="all")
    any_: list[Node] | None = Field(default=None, alias="any")

    @model_validator(mode="after")
    def _one_list(self) -> Self:
        if (self.all_ is None) == (self.any_ is None):
            raise ValueError("a group has exactly one of 'all' or 'any'")
        if not self.items:
            raise ValueError(f"the '{self.joiner}' list is empty")
        return self

    @property
    def joiner(self) -> Literal["all", "any"]:
        return "all" if self.all_ is not None else "any"

    @property
    def items(self) -> list["Condition | Group"]:
        return self.all_ if self.all_ is not None else (self.any_ or [])


Group.model_rebuild()


class Audience:
    """A compiled audience rule; build it with `compile_audience`."""

    __slots__ = ("_check", "_index_terms", "rule")

    def __init__(self, rule: Group) -> None:
        self.rule = rule
        """The validated rule, for display (`content.summary`) and storage (`to_dict`)."""
        self._check = _compile_group(rule)
        self._index_terms = tuple(_index_terms(rule))

    def matches(self, traits: Traits) -> bool:
        """Whether a visitor with these traits is in the audience."""
        return self._check(traits)

    @property
    def index_terms(self) -> list[tuple[str, str]]:
        """(trait, value) pairs of which a matching visitor must have one; [] if none is known.

        Taken from one top-level `eq` or `in` condition on strings in an `all` group, so an
        index can file the guide under each pair and look it up by the visitor's values.
        """
        return list(self._index_terms)

    def to_dict(self) -> dict[str, Any]:
        """The rule in its canonical JSON shape."""
        return self.rule.model_dump(by_alias=True, exclude_none=True)

    def __repr__(self) -> str:
        return f"Audience({self.to_dict()!r})"


def compile_audience(rule: Mapping[str, Any] | Group) -> Audience:
    """Validate and compile an audience rule; raises `AudienceError` with a readable message."""
    if isinstance(rule, Mapping) and ("trait" in rule or "op" in rule):
        raise AudienceError('put a condition in a group: {"all": [{"trait": ..., "op": ...}]}')
    if not isinstance(rule, Group) and not (
        isinstance(rule, Mapping) and ("all" in rule or "any" in rule)
    ):
        raise AudienceError('an audience is a group: {"all": [...]} or {"any": [...]}')
    try:
        group = rule if isinstance(rule, Group) else Group.model_validate(rule)
    except ValidationError as error:
        raise AudienceError(_readable(error)) from None
    conditions = _check_shape(group, depth=1)
    if conditions > MAX_CONDITIONS:
        raise AudienceError(
            f"an audience has at most {MAX_CONDITIONS} conditions; this one has {conditions}"
        )
    return Audience(group)


def _readable(error: ValidationError) -> str:
    messages = []
    for detail in error.errors():
        place = ".".join(str(part) for part in detail["loc"] if part not in ("condition", "group"))
        message = detail["msg"].removeprefix("Value error, ")
        if detail["type"] == "string_pattern_mismatch":
            message = "a trait name has letters, digits, '_', '.' or '-' (at most 64)"
        messages.append(f"{place}: {message}" if place else message)
    return "; ".join(messages)


def _check_shape(group: Group, *, depth: int) -> int:
    if depth > MAX_DEPTH:
        raise AudienceError(f"groups nest at most {MAX_DEPTH} levels deep")
    count = 0
    for item in group.items:
        count += 1 if isinstance(item, Condition) else _check_shape(item, depth=depth + 1)
    return count


# --- compiling into closures ----------------------------------------------------------------


def _membership(values: list[Scalar]) -> Callable[[object], bool]:
    """Typed equality with any of `values`: strings, numbers and booleans never mix."""
    strings = frozenset(value for value in values if isinstance(value, str))
    booleans = frozenset(value for value in values if isinstance(value, bool))
    numbers = frozenset(value for value in values if _is_number(value))

    def member(candidate: object) -> bool:
        if isinstance(candidate, str):
            return candidate in strings
        if isinstance(candidate, bool):
            return candidate in booleans
        if isinstance(candidate, int | float):
            return candidate in numbers
        return False

    return member


def _compile_condition(condition: Condition) -> Check:
    name, op, value = condition.trait, condition.op, condition.value
    if op == "exists":
        return lambda traits: traits.get(name) is not None
    if op == "not_exists":
        return lambda traits: traits.get(name) is None
    if op in ("eq", "ne", "in", "not_in"):
        member = _membership(value if op in _LIST_OPS else [value])
        if op in ("eq", "in"):
            return lambda traits: member(traits.get(name))
        return lambda traits: not member(traits.get(name))
    if op == "contains":
        item = _membership([value])

        def contains(traits: Traits) -> bool:
            trait = traits.get(name)
            if isinstance(trait, str):
                return isinstance(value, str) and value in trait
            if isinstance(trait, list | tuple):
                return any(item(element) for element in trait)
            return False

        return contains
    if op in _NUMBER_OPS:
        compare = _NUMBER_COMPARISONS[op]

        def number(traits: Traits) -> bool:
            trait = traits.get(name)
            return _is_number(trait) and compare(trait, value)

        return number
    when = _parse_when(value)
    assert when is not None
    return _date_check(name, when, before=op == "before")


_NUMBER_COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "gt": lambda trait, value: trait > value,
    "gte": lambda trait, value: trait >= value,
    "lt": lambda trait, value: trait < value,
    "lte": lambda trait, value: trait <= value,
}


def _date_check(name: str, when: date | datetime, *, before: bool) -> Check:
    """Against a date, a datetime trait counts by its own calendar day; against a datetime,
    a date trait counts as midnight UTC."""
    as_moment = isinstance(when, datetime)

    def check(traits: Traits) -> bool:
        trait = _parse_when(traits.get(name))
        if trait is None:
            return False
        if as_moment:
            if not isinstance(trait, datetime):
                trait = datetime(trait.year, trait.month, trait.day, tzinfo=UTC)
        elif isinstance(trait, datetime):
            trait = trait.date()
        return trait < when if before else trait > when

    return check


def _compile_group(group: Group) -> Check:
    checks = tuple(
        _compile_condition(item) if isinstance(item, Condition) else _compile_group(item)
        for item in group.items
    )
    if len(checks) == 1:
        return checks[0]
    if group.joiner == "all":

        def every(traits: Traits) -> bool:
            for check in checks:
                if not check(traits):
                    return False
            return True

        return every

    def some(traits: Traits) -> bool:
        for check in checks:
            if check(traits):
                return True
        return False

    return some


def _index_terms(group: Group) -> list[tuple[str, str]]:
    """Pairs from the top-level `eq` on a string, else the smallest all-string `in`."""
    if group.joiner != "all":
        return []
    best: list[tuple[str, str]] = []
    for item in group.items:
        if not isinstance(item, Condition):
            continue
        if item.op == "eq" and isinstance(item.value, str):
            return [(item.trait, item.value)]
        if item.op == "in" and all(isinstance(value, str) for value in item.value):
            terms = [(item.trait, value) for value in dict.fromkeys(item.value)]
            if not best or len(terms) < len(best):
                best = terms
    return best
