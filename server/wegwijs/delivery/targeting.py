"""Who and where a guide is shown: URL rules, audience rules on traits, element presence.

The shapes here are validated when an author saves a guide and compiled once at publish:
`Targeting` is the pydantic model stored in `Guide.targeting` and copied into the published
snapshot; `compile_targeting` turns it into a `CompiledTargeting` for the request path.
The rule syntax is documented in docs/targeting.md.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field, field_validator

from wegwijs.delivery.audience import Audience, AudienceError, compile_audience
from wegwijs.delivery.url_rules import (
    PageUrl,
    UrlRule,
    UrlRuleError,
    compile_url_rule,
    parse_page_url,
)

__all__ = ["CompiledTargeting", "Targeting", "compile_targeting", "parse_page_url"]

MAX_SELECTOR_LENGTH = 500
# `>` stays allowed: it is CSS's child combinator (`form > button`), and the widget only
# ever passes the selector to querySelector, never into markup or a stylesheet.
_SELECTOR_FORBIDDEN = frozenset("<{}")


class Targeting(BaseModel):
    url_rules: list[str] = Field(default_factory=lambda: ["*"], min_length=1, max_length=20)
    """Any of these URL rules must match the page; `*` is any page."""
    audience: dict[str, Any] | None = None
    """An all/any group of conditions on visitor traits; None shows it to everyone."""
    element: str | None = Field(default=None, max_length=MAX_SELECTOR_LENGTH)
    """A CSS selector that must be present on the page (checked by the widget)."""

    @field_validator("url_rules")
    @classmethod
    def _valid_url_rules(cls, rules: list[str]) -> list[str]:
        cleaned = []
        for number, rule in enumerate(rules, start=1):
            text = rule.strip()
            try:
                compile_url_rule(text)
            except UrlRuleError as error:
                raise ValueError(f"URL rule {number} ({text!r}): {error}") from None
            cleaned.append(text)
        return cleaned

    @field_validator("audience")
    @classmethod
    def _valid_audience(cls, audience: dict[str, Any] | None) -> dict[str, Any] | None:
        if audience is None:
            return None
        try:
            return compile_audience(audience).to_dict()
        except AudienceError as error:
            raise ValueError(f"audience: {error}") from None

    @field_validator("element")
    @classmethod
    def _valid_element(cls, element: str | None) -> str | None:
        if element is None or not element.strip():
            return None
        element = element.strip()
        if any(character in _SELECTOR_FORBIDDEN for character in element):
            raise ValueError("a CSS selector cannot contain '<', '{' or '}'")
        if any(ord(character) < 0x20 or ord(character) == 0x7F for character in element):
            raise ValueError("a CSS selector cannot contain control characters")
        return element


@dataclass(frozen=True, slots=True)
class CompiledTargeting:
    """A guide's targeting, compiled once at publish and matched per request."""

    url_rules: tuple[UrlRule, ...]
    audience: Audience | None
    """None: every visitor."""
    element: str | None
    """Checked by the widget, which alone sees the page."""

    @property
    def any_page(self) -> bool:
        return any(rule.any_page for rule in self.url_rules)

    def matches_url(self, url: str | PageUrl) -> bool:
        """Whether any URL rule matches the page."""
        page = url if isinstance(url, PageUrl) else parse_page_url(url)
        return any(rule.matches(page) for rule in self.url_rules)

    def url_params(self, url: str | PageUrl) -> dict[str, str] | None:
        """The named parameters of the first matching URL rule; None when none matches."""
        page = url if isinstance(url, PageUrl) else parse_page_url(url)
        for rule in self.url_rules:
            params = rule.match(page)
            if params is not None:
                return params
        return None

    def matches_audience(self, traits: Mapping[str, Any]) -> bool:
        """Whether the visitor is in the audience (always, without audience rules)."""
        return self.audience is None or self.audience.matches(traits)

    def matches(self, url: str | PageUrl, traits: Mapping[str, Any]) -> bool:
        return self.matches_audience(traits) and self.matches_url(url)


def compile_targeting(targeting: Targeting | Mapping[str, Any]) -> CompiledTargeting:
    """Compile validated targeting (or its stored JSON) for matching."""
    if not isinstance(targeting, Targeting):
        targeting = Targeting.model_validate(targeting)
    return CompiledTargeting(
        url_rules=tuple(compile_url_rule(rule) for rule in targeting.url_rules),
        audience=None if targeting.audience is None else compile_audience(targeting.audience),
        element=targeting.element,
    )
