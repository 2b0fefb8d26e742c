"""The guide editor's forms: a guide and its steps as form fields, and posted fields back
into the content API's own models (`GuideUpdate`, `StepUpdate`, the settings per kind).

Everything here is conversion and field-level messages; the routes still call the content
service, which applies the same rules as the JSON API (slugs, schedules, archived guides).
"""

import json
import math
import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from wegwijs.admin.forms import Form, add_validation_errors, form_from
from wegwijs.admin.i18n import translate
from wegwijs.content.models import Guide, GuideKind, Step
from wegwijs.content.schemas import (
    MAX_CHECKLIST_ITEMS,
    SETTINGS_BY_KIND,
    GuideUpdate,
    StepUpdate,
)

EDITOR_LOCALES = ("nl", "en")
"""Shown for every app, besides its default locale and the locales steps already have."""
MAX_AUDIENCE_ROWS = 20
"""More conditions than this are edited as JSON (and keep the form small)."""
EMPTY_ROWS = 2
"""Empty rows after the used ones: without script, that is how a row is added."""
PRESENCE_OPS = ("exists", "not_exists")
LIST_OPS = ("in", "not_in")
NUMBER_OPS = ("gt", "gte", "lt", "lte")
OPERATORS = (
    "eq", "ne", "in", "not_in", "contains", *PRESENCE_OPS, *NUMBER_OPS, "before", "after"
)  # fmt: skip
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_VALUE_ERROR = re.compile(r"^(Value error|Assertion failed), (audience: )?")

GUIDE_FIELDS = (
    "name",
    "slug",
    "url_rules",
    "audience_join",
    "audience_json",
    "element",
    "starts_at",
    "ends_at",
    "frequency",
    "priority",
    "settings_icon",
    "settings_trigger",
    "settings_display",
    "settings_button_label",
    "settings_start_walkthrough",
    *(f"audience_{part}_{row}" for row in range(MAX_AUDIENCE_ROWS + EMPTY_ROWS)
      for part in ("trait", "op", "value")),
    *(f"settings_item_{row}" for row in range(MAX_CHECKLIST_ITEMS + EMPTY_ROWS)),
)  # fmt: skip
MESSAGES = {
    "name": "error.required",
    "slug": "editor.error.slug",
    "starts_at": "editor.error.datetime",
    "ends_at": "editor.error.datetime",
}


def editor_locales(default_locale: str, steps: Iterable[Step]) -> list[str]:
    """The app's default locale, Dutch and English, then any other locale a step has."""
    found = [default_locale, *EDITOR_LOCALES]
    for step in steps:
        found += sorted(step.content)
    return list(dict.fromkeys(found))


# -- values shown in fields -------------------------------------------------------------------


def local_input(moment: datetime | None, timezone: str) -> str:
    """A stored moment as a datetime-local field shows it: on the app's clock, to the minute."""
    if moment is None:
        return ""
    return moment.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%dT%H:%M")


def show_scalar(value: Any) -> str:
    """A trait value as typed in a row: text as is, unless it would read as something else."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    if text in ("true", "false") or _NUMBER.match(text) or text.startswith('"'):
        return json.dumps(text, ensure_ascii=False)
    return text


def read_scalar(text: str) -> Any:
    """A typed trait value: `true`/`false`, a number, "quoted text" or plain text."""
    text = text.strip()
    if text in ("true", "false"):
        return text == "true"
    if _NUMBER.match(text):
        return float(text) if "." in text else int(text)
    if len(text) >= 2 and text.startswith('"') and text.endswith('"'):
        try:
            loaded = json.loads(text)
        except ValueError:
            return text
        return loaded if isinstance(loaded, str) else text
    return text


def audience_rows(audience: dict[str, Any] | None) -> tuple[str, list[dict[str, str]]] | None:
    """(all/any, rows) for an audience that rows can show exactly; None when only JSON can
    (nested groups, many conditions, values rows would read back differently)."""
    if not audience:
        return "all", []
    if len(audience) != 1 or next(iter(audience)) not in ("all", "any"):
        return None
    joiner, items = next(iter(audience.items()))
    if not isinstance(items, list) or len(items) > MAX_AUDIENCE_ROWS:
        return None
    rows = []
    for item in items:
        if not isinstance(item, dict) or "trait" not in item:
            return None
        value = item.get("value")
        if isinstance(value, list):
            shown = ", ".join(show_scalar(part) for part in value)
        else:
            shown = "" if value is None else show_scalar(value)
        rows.append({"trait": str(item["trait"]), "op": str(item.get("op", "")), "value": shown})
    read, problems = _read_rows(rows)
    if problems or read != items:
        return None
    return joiner, rows


def _read_rows(rows: Sequence[dict[str, str]]) -> tuple[list[dict[str, Any]], dict[int, str]]:
    """Conditions from rows (rows without a trait are skipped), and rows with a bad value."""
    conditions: list[dict[str, Any]] = []
    problems: dict[int, str] = {}
    for number, row in enumerate(rows):
        trait, op, text = row["trait"].strip(), row["op"].strip(), row["value"]
        if not trait:
            continue
        condition: dict[str, Any] = {"trait": trait, "op": op}
        if op in LIST_OPS:
            condition["value"] = [read_scalar(part) for part in text.split(",") if part.strip()]
        elif op in NUMBER_OPS:
            value = read_scalar(text)
            if not isinstance(value, int | float) or isinstance(value, bool):
                problems[number] = "editor.error.number"
            elif not math.isfinite(value):
                problems[number] = "editor.error.number"
            condition["value"] = value
        elif op in ("before", "after"):
            condition["value"] = text.strip()
        elif op not in PRESENCE_OPS:
            condition["value"] = read_scalar(text)
        conditions.append(condition)
    return conditions, problems


def guide_form(guide: Guide, timezone: str) -> Form:
    """The editor's guide form as the guide is now."""
    targeting = guide.targeting or {}
    rules = targeting.get("url_rules") or ["*"]
    values: dict[str, str] = {
        "name": guide.name,
        "slug": guide.slug,
        # Empty means every page, so the one rule "*" is shown as an empty field.
        "url_rules": "" if rules == ["*"] else "\n".join(rules),
        "element": targeting.get("element") or "",
        "starts_at": local_input(guide.starts_at, timezone),
        "ends_at": local_input(guide.ends_at, timezone),
        "frequency": str(guide.frequency),
        "priority": str(guide.priority),
    }
    audience = targeting.get("audience")
    shown = audience_rows(audience)
    if shown is None:
        values["audience_json"] = json.dumps(audience, indent=2, ensure_ascii=False)
        values["audience_join"] = "all"
    else:
        values["audience_join"] = shown[0]
        for number, row in enumerate(shown[1]):
            for part, text in row.items():
                values[f"audience_{part}_{number}"] = text
    settings = guide.settings or {}
    for name in ("icon", "trigger", "display", "button_label", "start_walkthrough"):
        if settings.get(name) is not None:
            values[f"settings_{name}"] = str(settings[name])
    for number, slug in enumerate(settings.get("items", [])):
        values[f"settings_item_{number}"] = slug
    return Form(values=values)


def posted_guide_form(items: Iterable[tuple[str, Any]]) -> Form:
    return form_from(items, GUIDE_FIELDS)


def audience_row_count(form: Form) -> int:
    """Rows to show: the used ones (as typed) and a few empty ones."""
    used = [
        number
        for number in range(MAX_AUDIENCE_ROWS + EMPTY_ROWS)
        if any(form.value(f"audience_{part}_{number}") for part in ("trait", "value"))
    ]
    return min(MAX_AUDIENCE_ROWS + EMPTY_ROWS, (max(used) + 1 if used else 0) + EMPTY_ROWS)


def item_row_count(form: Form) -> int:
    used = [n for n in range(MAX_CHECKLIST_ITEMS + EMPTY_ROWS) if form.value(f"settings_item_{n}")]
    return min(MAX_CHECKLIST_ITEMS + EMPTY_ROWS, (max(used) + 1 if used else 0) + EMPTY_ROWS)


# -- posted guide form -> GuideUpdate ---------------------------------------------------------


def _detail(message: str) -> str:
    """A validator's own words, without pydantic's "Value error, " (and the field's name)."""
    return _VALUE_ERROR.sub("", message)


def read_guide_form(form: Form, kind: GuideKind, lang: str) -> GuideUpdate | None:
    """The posted guide form as the `GuideUpdate` the JSON API's PATCH takes; None with
    messages next to the fields when something is wrong."""
    audience = _read_audience(form, lang)
    settings = _read_settings(form, kind, lang)
    data: dict[str, Any] = {
        "name": form.value("name").strip(),
        "slug": form.value("slug").strip(),
        "targeting": {
            "url_rules": [line.strip() for line in form.value("url_rules").splitlines()
                          if line.strip()] or ["*"],
            "audience": audience,
            "element": form.value("element").strip() or None,
        },
        "starts_at": _read_moment(form, "starts_at", lang),
        "ends_at": _read_moment(form, "ends_at", lang),
        "frequency": form.value("frequency"),
        "priority": form.value("priority").strip() or "0",
        "settings": settings,
    }  # fmt: skip
    audience_field = "audience_json" if form.value("audience_json").strip() else "audience"
    try:
        guide_in = GuideUpdate.model_validate(data)
    except ValidationError as exc:
        add_validation_errors(
            form,
            exc,
            lang,
            fields=lambda loc: _guide_field(loc, audience_field),
            messages=MESSAGES,
            ranges={"priority": (-1000, 1000)},
        )
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            if loc[:1] == ("targeting",) and len(loc) > 1 and error["type"] == "value_error":
                key, detail = f"editor.error.{loc[1]}", _detail(error["msg"])
                form.errors[_guide_field(loc, audience_field)] = translate(lang, key, detail=detail)
        return None
    return guide_in if form.ok else None


def _guide_field(loc: tuple[Any, ...], audience_field: str) -> str:
    if loc[:2] == ("targeting", "audience"):
        return audience_field
    if loc[:1] == ("targeting",) and len(loc) > 1:
        return str(loc[1])
    return str(loc[0]) if loc else ""


def _read_moment(form: Form, name: str, lang: str) -> datetime | None:
    """A datetime-local value: no zone, so the service reads it on the app's clock."""
    text = form.value(name).strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        form.add_error(name, translate(lang, "editor.error.datetime"))
        return None


def _read_audience(form: Form, lang: str) -> dict[str, Any] | None:
    raw = form.value("audience_json").strip()
    if raw:
        try:
            audience = json.loads(raw)
        except ValueError as exc:
            form.add_error("audience_json", translate(lang, "editor.error.json", detail=str(exc)))
            return None
        if not isinstance(audience, dict):
            form.add_error("audience_json", translate(lang, "editor.error.audience_shape"))
            return None
        return audience
    rows = [
        {part: form.value(f"audience_{part}_{number}") for part in ("trait", "op", "value")}
        for number in range(MAX_AUDIENCE_ROWS + EMPTY_ROWS)
    ]
    conditions, problems = _read_rows(rows)
    for number, key in problems.items():
        form.add_error(f"audience_value_{number}", translate(lang, key))
    if not conditions:
        return None
    joiner = "any" if form.value("audience_join") == "any" else "all"
    return {joiner: conditions}


def _read_settings(form: Form, kind: GuideKind, lang: str) -> dict[str, Any]:
    """The settings of the guide's kind, checked by the kind's own model."""
    settings: dict[str, Any] = {}
    if kind == GuideKind.tip:
        settings = {"icon": form.value("settings_icon"), "trigger": form.value("settings_trigger")}
    elif kind == GuideKind.announcement:
        settings = {
            "display": form.value("settings_display"),
            "button_label": form.value("settings_button_label").strip() or None,
            "start_walkthrough": form.value("settings_start_walkthrough").strip() or None,
        }
    elif kind == GuideKind.checklist:
        items = [
            form.value(f"settings_item_{n}").strip()
            for n in range(MAX_CHECKLIST_ITEMS + EMPTY_ROWS)
        ]
        settings = {"items": [item for item in items if item]}
    try:
        return SETTINGS_BY_KIND[kind].model_validate(settings).model_dump(mode="json")
    except ValidationError as exc:
        add_validation_errors(
            form,
            exc,
            lang,
            fields=lambda loc: f"settings_{loc[0]}" if loc else "settings",
            messages={"settings_items": "editor.error.items_once"},
        )
        return settings


# -- steps ------------------------------------------------------------------------------------


def step_prefix(step: Step) -> str:
    """Field names of one step's form: unique on the page (the editor shows every step)."""
    return f"step{step.id}_"


def step_fields(step: Step, locales: Sequence[str]) -> list[str]:
    prefix = step_prefix(step)
    names = ["target", "url_rule", "sample_url", "placement", "advance_trigger"]
    names += [f"{part}_{locale}" for locale in locales for part in ("title", "body")]
    return [prefix + name for name in names]


def step_form(step: Step, locales: Sequence[str]) -> Form:
    prefix = step_prefix(step)
    values = {
        prefix + "target": "" if step.target is None else json.dumps(
            step.target, indent=2, ensure_ascii=False
        ),
        prefix + "url_rule": step.url_rule or "",
        prefix + "sample_url": step.sample_url or "",
        prefix + "placement": str(step.placement),
        prefix + "advance_trigger": str(step.advance_trigger),
    }  # fmt: skip
    for locale in locales:
        text = step.content.get(locale) or {}
        values[f"{prefix}title_{locale}"] = text.get("title", "")
        values[f"{prefix}body_{locale}"] = text.get("body", "")
    return Form(values=values)


def posted_step_form(items: Iterable[tuple[str, Any]], step: Step, locales: Sequence[str]) -> Form:
    return form_from(items, step_fields(step, locales))


def read_step_form(form: Form, step: Step, locales: Sequence[str], lang: str) -> StepUpdate | None:
    """The posted step form as the `StepUpdate` the JSON API's PATCH takes (every field, and
    the content of every locale: a locale left empty is removed)."""
    prefix = step_prefix(step)
    target: Any = None
    raw_target = form.value(prefix + "target").strip()
    if raw_target:
        try:
            target = json.loads(raw_target)
        except ValueError as exc:
            form.add_error(prefix + "target", translate(lang, "editor.error.json", detail=str(exc)))
        else:
            if not isinstance(target, dict):
                form.add_error(prefix + "target", translate(lang, "editor.error.target_object"))
    content = {}
    for locale in locales:
        title = form.value(f"{prefix}title_{locale}")
        body = form.value(f"{prefix}body_{locale}")
        if title.strip() or body.strip():
            content[locale] = {"title": title, "body": body}
    data = {
        "target": target,
        "url_rule": form.value(prefix + "url_rule").strip() or None,
        "sample_url": form.value(prefix + "sample_url").strip() or None,
        "placement": form.value(prefix + "placement"),
        "advance_trigger": form.value(prefix + "advance_trigger"),
        "content": content,
    }
    try:
        step_in = StepUpdate.model_validate(data)
    except ValidationError as exc:
        add_validation_errors(
            form,
            exc,
            lang,
            fields=lambda loc: _step_field(prefix, loc),
            messages={
                prefix + "target": "editor.error.target_size",
                prefix + "sample_url": "editor.error.sample_url",
            },
        )
        return None
    return step_in if form.ok else None


def _step_field(prefix: str, loc: tuple[Any, ...]) -> str:
    if loc[:1] == ("content",) and len(loc) >= 3:
        return f"{prefix}{loc[2]}_{loc[1]}"
    return prefix + str(loc[0]) if loc else prefix + "target"
