"""Targeting in plain language, Dutch or English, for authors who do not read rules.

"Shown once to users whose role is approver, on /claims/*" tells an author at a glance
what a guide does; the editor shows it beside the raw rules.
"""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from wegwijs.delivery.audience import Audience, Condition, Group, compile_audience

_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "once": "Shown once",
        "until_completed": "Shown until completed",
        "until_dismissed": "Shown until dismissed",
        "always": "Shown every time",
        "everyone": "to all users",
        "users": "to users",
        "every_page": "on every page",
        "on": "on",
        "or": "or",
        "and": "and",
        "from": "from",
        "until": "until",
        "element": "when {element} is on the page",
        "whose": "whose {name}",
        "set": "is set",
        "not_set": "is not set",
        "in": "is one of",
        "not_in": "is none of",
        "eq": "is",
        "ne": "is not",
        "contains": "contains",
        "gt": "is greater than",
        "gte": "is at least",
        "lt": "is less than",
        "lte": "is at most",
        "before": "is before",
        "after": "is after",
        "true": "true",
        "false": "false",
    },
    "nl": {
        "once": "Eén keer getoond",
        "until_completed": "Getoond tot voltooid",
        "until_dismissed": "Getoond tot weggeklikt",
        "always": "Elke keer getoond",
        "everyone": "aan alle gebruikers",
        "users": "aan gebruikers",
        "every_page": "op elke pagina",
        "on": "op",
        "or": "of",
        "and": "en",
        "from": "vanaf",
        "until": "tot",
        "element": "als {element} op de pagina staat",
        "whose": "van wie {name}",
        "set": "bekend is",
        "not_set": "niet bekend is",
        "in": "een van deze is:",
        "not_in": "geen van deze is:",
        "eq": "gelijk is aan",
        "ne": "niet gelijk is aan",
        "contains": "bevat",
        "gt": "groter is dan",
        "gte": "minstens",
        "lt": "kleiner is dan",
        "lte": "hoogstens",
        "before": "vóór",
        "after": "na",
        "true": "waar",
        "false": "onwaar",
    },
}


def words_for(locale: str) -> dict[str, str]:
    return _WORDS.get(locale.split("-")[0].lower(), _WORDS["en"])


def targeting_summary(
    *,
    targeting: dict[str, Any],
    frequency: str,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    timezone: str = "UTC",
    locale: str = "en",
) -> str:
    """One sentence: how often, to whom, where, when."""
    words = words_for(locale)
    raw_audience = targeting.get("audience")
    audience = compile_audience(raw_audience) if raw_audience else None
    parts = [
        words.get(frequency, frequency),
        audience_summary(audience, locale),
        _pages(targeting.get("url_rules") or ["*"], words),
    ]
    if targeting.get("element"):
        parts.append(words["element"].format(element=targeting["element"]))
    zone = ZoneInfo(timezone)
    if starts_at is not None:
        parts.append(f"{words['from']} {_when(starts_at, zone)}")
    if ends_at is not None:
        parts.append(f"{words['until']} {_when(ends_at, zone)}")
    return ", ".join(parts)


def audience_summary(audience: Audience | None, locale: str = "en") -> str:
    """ "to users whose role is approver and whose department is one of finance, hr"."""
    words = words_for(locale)
    if audience is None:
        return words["everyone"]
    return f"{words['users']} {_group_phrase(audience.rule, words)}"


def _pages(rules: list[str], words: dict[str, str]) -> str:
    if any(rule.strip() in ("*", "/**") for rule in rules):
        return words["every_page"]
    return f"{words['on']} " + f" {words['or']} ".join(rules)


def _when(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def _show(value: Any, words: dict[str, str]) -> str:
    if isinstance(value, bool):
        return words["true" if value else "false"]
    if value == "":
        return '""'
    return str(value)


def _condition_phrase(condition: Condition, words: dict[str, str]) -> str:
    name, op, value = condition.trait, condition.op, condition.value
    whose = words["whose"].format(name=name)
    if op == "exists":
        return f"{whose} {words['set']}"
    if op == "not_exists":
        return f"{whose} {words['not_set']}"
    if op in ("in", "not_in"):
        return f"{whose} {words[op]} " + ", ".join(_show(item, words) for item in value)
    return f"{whose} {words[op]} {_show(value, words)}"


def _group_phrase(group: Group, words: dict[str, str]) -> str:
    parts = [
        _condition_phrase(item, words)
        if isinstance(item, Condition)
        else f"({_group_phrase(item, words)})"
        for item in group.items
    ]
    joiner = words["and"] if group.joiner == "all" else words["or"]
    return f" {joiner} ".join(parts)
