"""What applies to one page for one person: the answer of the context API.

Pure: it works on the cached app view, the visitor's state and the request; the route
does the I/O. At most one walkthrough starts by itself per page view, and a walkthrough
in progress (the widget's `current`) always wins over stored state and over new ones.
"""

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
    by_kind: dict[str, list[tuple[PublishedGuide, dict[str, Any]]]] = {
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
        resumed_entry = _entry(visit, resumed) if resumed else None
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


def _entry(visit: Visit, guide: PublishedGuide) -> dict[str, Any] | None:
    locale = visit.locale_of(guide)
    if locale is None:
        return None  # never served empty: content missing in both locales is skipped
    state = visit.state(guide.id)
    previewing = guide.id in visit.preview
    return {
        **guide.payload(locale),
        "state": state,
        "eligible": previewing or eligible(guide, state),
        "preview": previewing,
        "matches_page": guide.targeting.matches_url(visit.request.url),
    }


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


def _autostart(
    visit: Visit, walkthroughs: list[tuple[PublishedGuide, dict[str, Any]]]
) -> int | None:
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
    announcements: list[tuple[PublishedGuide, dict[str, Any]]],
) -> list[tuple[PublishedGuide, dict[str, Any]]]:
    shown = [(guide, entry) for guide, entry in announcements if entry["eligible"]]
    return sorted(
        shown, key=lambda pair: (pair[0].priority, pair[0].published_at or ""), reverse=True
    )


def _checklist(visit: Visit, entry: dict[str, Any]) -> dict[str, Any]:
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
    return {**entry, "items": items}


def _help_item(entry: dict[str, Any]) -> dict[str, Any]:
    return {"id": entry["id"], "kind": entry["kind"], "title": entry["title"]}
