"""Which published guides can show on a page, without testing every guide of the app.

`GuideIndex` is built once per published content version. URL rules are filed under the
first path segment they require (`/claims/*/edit` under "claims"), so a request only tests
the rules filed under its own first segment plus the few that start with a wildcard.
Guides shown on any page are filed under one audience condition they require
(`department eq finance`), looked up with the visitor's own trait values. What remains
(wildcard-first rules, any-page guides without such a condition) is tested on every call.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from wegwijs.delivery.audience import Audience
from wegwijs.delivery.targeting import CompiledTargeting
from wegwijs.delivery.url_rules import PageUrl, UrlRule, parse_page_url

__all__ = ["GuideIndex"]

_UrlEntry = tuple[int, tuple[UrlRule, ...], Audience | None]
"""(position, the guide's rules filed in this bucket, its audience)."""
_AudienceEntry = tuple[int, Audience | None]


class GuideIndex:
    """Guide keys by targeting, for `candidates(url, traits)`; immutable once built."""

    __slots__ = ("_by_segment", "_by_term", "_keys", "_residual", "_unkeyed")

    def __init__(self, entries: Iterable[tuple[int, CompiledTargeting]]) -> None:
        self._keys: list[int] = []
        self._by_segment: dict[str, list[_UrlEntry]] = {}
        self._unkeyed: list[_UrlEntry] = []
        self._by_term: dict[str, dict[str, list[_AudienceEntry]]] = {}
        self._residual: list[_AudienceEntry] = []
        for position, (key, targeting) in enumerate(entries):
            self._keys.append(key)
            audience = targeting.audience
            if targeting.any_page:
                terms = audience.index_terms if audience is not None else []
                for trait, value in terms:
                    self._by_term.setdefault(trait, {}).setdefault(value, []).append(
                        (position, audience)
                    )
                if not terms:
                    self._residual.append((position, audience))
                continue
            by_key: dict[str | None, list[UrlRule]] = {}
            for rule in targeting.url_rules:
                by_key.setdefault(rule.index_key, []).append(rule)
            for index_key, rules in by_key.items():
                entry = (position, tuple(rules), audience)
                if index_key is None:
                    self._unkeyed.append(entry)
                else:
                    self._by_segment.setdefault(index_key, []).append(entry)

    def __len__(self) -> int:
        return len(self._keys)

    def candidates(self, url: str | PageUrl, traits: Mapping[str, Any]) -> list[int]:
        """Keys of the guides whose URL rules and audience both match, in entry order."""
        page = url if isinstance(url, PageUrl) else parse_page_url(url)
        found: set[int] = set()
        rejected: set[int] = set()
        segments = page.segments
        bucket = self._by_segment.get(segments[0] if segments else "")
        if bucket:
            _scan_url_entries(bucket, page, traits, found, rejected)
        if self._unkeyed:
            _scan_url_entries(self._unkeyed, page, traits, found, rejected)
        for trait, by_value in self._by_term.items():
            value = traits.get(trait)
            if isinstance(value, str):
                for position, audience in by_value.get(value, ()):
                    if audience is None or audience.matches(traits):
                        found.add(position)
        for position, audience in self._residual:
            if audience is None or audience.matches(traits):
                found.add(position)
        keys = self._keys
        return [keys[position] for position in sorted(found)]


def _scan_url_entries(
    entries: list[_UrlEntry],
    page: PageUrl,
    traits: Mapping[str, Any],
    found: set[int],
    rejected: set[int],
) -> None:
    for position, rules, audience in entries:
        if position in found or position in rejected:
            continue
        for rule in rules:
            if rule.matches(page):
                break
        else:
            continue
        if audience is None or audience.matches(traits):
            found.add(position)
        else:
            rejected.add(position)
