"""What applies to one page for one person: the answer of the context API.

Pure: it works on the cached app view, the visitor's state and the request; the route
does the I/O. At most one walkthrough starts by itself per page view, and a walkthrough
in progress (the widget's `current`) always wins over stored state and over new ones.
"""

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from wegwijs.delivery.catalog import AppView, PublishedGuide
from wegwijs.delivery.schemas import ContextRequest

EMPTY_STATE: dict[str, Any] = {
    "seen": 0,
    "step_id": None,
    "version": None,
    "started": False,
    "completed": False,
    "dismissed": False,
    "acknowledged": False,
}


def eligible(guide: PublishedGuide, state: dict[str, Any]) -> bool:
    """May this guide show itself again, given how often it is meant to appear?"""
    done = state["completed"] or (guide.kind == "announcement" and state["acknowledged"])
    frequency = guide.frequency
    if frequency == "always":
        return True
    if frequency == "once":
        return state["seen"] == 0 and not state["started"] and not done
    if frequency == "until_dismissed":
        return not done and not state["dismissed"]
    return not done  # until_completed


@dataclass
class Visit:
    """One context request, resolved: who, where, when, in which locale."""

    view: AppView
    request: ContextRequest
    states: dict[int, dict[str, Any]]
    now: datetime
    preview: dict[int, PublishedGuide]
    """Draft guides an author previews: shown regardless of audience, schedule, frequency."""

    def state(self, guide_id: int) -> dict[str, Any]:
        return self.states.get(guide_id, EMPTY_STATE)

    def locale_of(self, guide: PublishedGuide) -> str | None:
        return guide.pick_locale(self.request.locale, self.view.default_locale)


def build_context(visit: Visit) -> dict[str, Any]:
    matched = _matching_guides(visit)
    by_kind: dict[str, list[tuple[PublishedGuide, GuideEntry]]] = {
        "walkthrough": [],
        "tip": [],
        "announcement": [],
        "checklist": [],
    }
    for guide in matched:
        entry = _entry(visit, guide)
        if entry is not None:
            by_kind[guide.kind].append((guide, entry))
    resume = _resume(visit)
    if resume is not None and all(e["id"] != resume["guide_id"] for _, e in by_kind["walkthrough"]):
        # A walkthrough in progress continues on pages its start rule does not cover.
        resumed = _guide(visit, resume["guide_id"])
        on_page = resumed.targeting.matches_url(visit.request.url) if resumed else False
        resumed_entry = _entry(visit, resumed, on_page=on_page) if resumed else None
        if resumed is not None and resumed_entry is not None:
            by_kind["walkthrough"].append((resumed, resumed_entry))
    walkthroughs = by_kind["walkthrough"]
    return {
        "content_version": visit.view.content_version,
        "locale": visit.request.locale or visit.view.default_locale,
        "resume": resume,
        "autostart": None if resume else _autostart(visit, walkthroughs),
        "walkthroughs": [entry for _, entry in walkthroughs],
        "tips": [entry for _, entry in by_kind["tip"]],
        "announcements": [entry for _, entry in _announcements_in_order(by_kind["announcement"])],
        "checklists": [_checklist(visit, entry) for _, entry in by_kind["checklist"]],
        "help": [_help_item(entry) for _, entry in walkthroughs if entry["matches_page"]],
        "settings": {"theme": visit.view.theme, "consent_required": visit.view.consent_required},
    }


def _guide(visit: Visit, guide_id: int) -> PublishedGuide | None:
    return visit.preview.get(guide_id) or visit.view.guides.get(guide_id)


def _matching_guides(visit: Visit) -> list[PublishedGuide]:
    request = visit.request
    found: list[PublishedGuide] = []
    for guide_id in visit.view.index.candidates(request.url, request.traits):
        guide = visit.view.guides[guide_id]
        if guide_id not in visit.preview and guide.is_scheduled(visit.now):
            found.append(guide)
    for guide in visit.preview.values():
        if guide.targeting.matches_url(request.url):
            found.append(guide)
    return found


class GuideEntry:
    """A guide as served to one visitor: the shared payload plus this visitor's fields.

    Encoding reuses the payload's JSON, made once per version and locale, and appends only
    the visitor's own fields: most of a context response is never encoded twice.
    """

    __slots__ = ("guide", "locale", "own")

    def __init__(self, guide: PublishedGuide, locale: str, own: dict[str, Any]) -> None:
        self.guide = guide
        self.locale = locale
        self.own = own

    def __getitem__(self, key: str) -> Any:
        own = self.own
        return own[key] if key in own else self.guide.payload(self.locale)[key]

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

    def to_json(self) -> str:
        own = self.own
        state = own["state"]
        encoded_state = _EMPTY_STATE_JSON if state is EMPTY_STATE else _dumps(state)
        extra = "".join(f',"{key}":{_dumps(own[key])}' for key in own if key not in _FLAGS)
        return (
            f'{self.guide.encoded_payload(self.locale)},"state":{encoded_state}'
            f',"eligible":{_BOOL[own["eligible"]]},"preview":{_BOOL[own["preview"]]}'
            f',"matches_page":{_BOOL[own["matches_page"]]}{extra}}}'
        )


_FLAGS = frozenset({"state", "eligible", "preview", "matches_page"})
_BOOL = {True: "true", False: "false"}


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def render_json(context: dict[str, Any]) -> str:
    """The context response as JSON text (see `GuideEntry` for why it is hand-assembled)."""
    parts = []
    for key, value in context.items():
        if isinstance(value, list) and value and isinstance(value[0], GuideEntry):
            encoded = "[" + ",".join(entry.to_json() for entry in value) + "]"
        else:
            encoded = _dumps(value)
        parts.append(f'"{key}":{encoded}')
    return "{" + ",".join(parts) + "}"


_EMPTY_STATE_JSON = _dumps(EMPTY_STATE)


def _entry(visit: Visit, guide: PublishedGuide, *, on_page: bool = True) -> GuideEntry | None:
    """`on_page`: matched by the index (URL and audience); only a resumed walkthrough that
    continues on another page is served without matching."""
    locale = visit.locale_of(guide)
    if locale is None:
        return None  # never served empty: content missing in both locales is skipped
    state = visit.state(guide.id)
    previewing = guide.id in visit.preview
    own = {
        "state": state,
        "eligible": previewing or eligible(guide, state),
        "preview": previewing,
        "matches_page": on_page,
    }
    return GuideEntry(guide, locale, own)


def _resume(visit: Visit) -> dict[str, Any] | None:
    """The widget's in-progress walkthrough, if it still exists and still has that step."""
    current = visit.request.current
    if current is None:
        return None
    guide = _guide(visit, current.guide_id)
    if guide is None or guide.kind != "walkthrough":
        return None
    if guide.id not in visit.preview and not guide.targeting.matches_audience(visit.request.traits):
        return None
    step_ids = [step["id"] for step in guide.snapshot["steps"]]
    if current.step_id not in step_ids:
        return None
    return {"guide_id": guide.id, "version": guide.version, "step_id": current.step_id}


def _autostart(visit: Visit, walkthroughs: list[tuple[PublishedGuide, GuideEntry]]) -> int | None:
    starters = [
        (guide, entry)
        for guide, entry in walkthroughs
        if entry["eligible"] and entry["matches_page"]
    ]
    if not starters:
        return None
    best, _ = max(starters, key=lambda pair: (pair[0].priority, pair[0].published_at or ""))
    return best.id


def _announcements_in_order(
    announcements: list[tuple[PublishedGuide, GuideEntry]],
) -> list[tuple[PublishedGuide, GuideEntry]]:
    shown = [(guide, entry) for guide, entry in announcements if entry["eligible"]]
    return sorted(
        shown, key=lambda pair: (pair[0].priority, pair[0].published_at or ""), reverse=True
    )


def _checklist(visit: Visit, entry: GuideEntry) -> GuideEntry:
    """A checklist's items are walkthroughs (by slug), with this person's progress."""
    items = []
    for slug in entry.get("settings", {}).get("items", []):
        guide_id = visit.view.by_slug.get(slug)
        guide = visit.view.guides.get(guide_id) if guide_id is not None else None
        locale = visit.locale_of(guide) if guide else None
        if guide is None or locale is None:
            continue
        state = visit.state(guide.id)
        items.append(
            {
                "guide_id": guide.id,
                "title": guide.payload(locale)["title"],
                "completed": state["completed"],
            }
        )
    entry.own["items"] = items
    return entry


def _help_item(entry: GuideEntry) -> dict[str, Any]:
    return {"id": entry["id"], "kind": entry["kind"], "title": entry["title"]}
