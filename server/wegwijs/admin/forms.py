"""Forms on admin pages: what was typed, what is wrong with it, and where to say so.

A `Form` keeps every value as typed (so a page shown again with errors loses nothing) and
one translated message per field. Input is validated by the same pydantic models the JSON
API takes; `add_validation_errors` turns their errors into messages next to the fields.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from wegwijs.admin.i18n import translate


@dataclass
class Form:
    """Values as typed and errors per field; templates render both with the form macros."""

    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    """Field name → message, in the order the fields appear (for the error summary)."""

    def value(self, name: str, default: str = "") -> str:
        return self.values.get(name, default)

    def checked(self, name: str) -> bool:
        return self.values.get(name) == "on"

    def error(self, name: str) -> str | None:
        return self.errors.get(name)

    def add_error(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)

    @property
    def ok(self) -> bool:
        return not self.errors


def field_id(name: str) -> str:
    """The id of a field's input: the error summary links to it."""
    return "field-" + name.replace("_", "-")


def lines(text: str) -> list[str]:
    """One entry per line (commas also separate), without blanks."""
    return [item.strip() for item in text.replace(",", "\n").splitlines() if item.strip()]


def optional_int(form: Form, name: str, lang: str) -> int | None:
    """A whole number typed in a field; empty means unset; anything else is an error."""
    text = form.value(name).strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        form.add_error(name, translate(lang, "error.whole_number"))
        return None


# Pydantic error types with one message for every field.
GENERIC = {
    "missing": "error.required",
    "string_too_short": "error.required",
    "string_too_long": "error.too_long",
    "too_long": "error.too_many",
    "int_parsing": "error.whole_number",
    "int_type": "error.whole_number",
    "greater_than_equal": "error.range",
    "less_than_equal": "error.range",
    "enum": "error.choice",
    "literal_error": "error.choice",
}


def add_validation_errors(
    form: Form,
    exc: ValidationError,
    lang: str,
    *,
    fields: Callable[[tuple[Any, ...]], str] | None = None,
    messages: Mapping[str, str] | None = None,
    ranges: Mapping[str, tuple[int, int]] | None = None,
) -> None:
    """Put pydantic's errors next to their fields.

    `fields` maps an error location to a form field (default: its first part); `messages`
    gives a field its own message for errors that need the field's context (a pattern, a
    validator's value error); `ranges` names the bounds shown for numbers out of range.
    """
    fields = fields or (lambda loc: str(loc[0]) if loc else "")
    for error in exc.errors(include_url=False):
        name = fields(tuple(error["loc"]))
        kind = error["type"]
        context = error.get("ctx") or {}
        if kind == "string_too_short" and error.get("input") and context.get("min_length", 1) > 1:
            message = translate(lang, "error.too_short", min=context["min_length"])
        elif kind in GENERIC:
            low, high = (ranges or {}).get(name, (context.get("ge", ""), context.get("le", "")))
            message = translate(
                lang, GENERIC[kind], max=context.get("max_length", ""), min=low, high=high
            )
        else:  # a pattern or a validator's own check: the field says what it expects
            message = translate(lang, (messages or {}).get(name, "error.invalid"))
        form.add_error(name, message)


def validate(
    model: type[BaseModel],
    data: dict[str, Any],
    form: Form,
    lang: str,
    **options: Any,
) -> Any:
    """`model` built from `data`, or None with the errors added to `form`."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        add_validation_errors(form, exc, lang, **options)
        return None


def form_from(values: Iterable[tuple[str, Any]], names: Iterable[str]) -> Form:
    """A form holding the posted values of `names` (files and unknown fields are ignored)."""
    posted = {key: value for key, value in values if isinstance(value, str)}
    return Form(values={name: posted[name] for name in names if name in posted})
