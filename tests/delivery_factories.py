"""Published guides built straight in the database, in the snapshot shape the content
service writes, so delivery tests do not depend on the authoring API."""

from datetime import datetime
from itertools import count
from typing import Any

from sqlmodel import Session

from wegwijs.apps.models import App
from wegwijs.content.models import Guide, GuideStatus, GuideVersion
from wegwijs.db import utcnow
from wegwijs.visitors.models import VisitorState

_numbers = count(1)


def step(
    step_id: str = "s1",
    *,
    texts: dict[str, tuple[str, str]] | None = None,
    url_rule: str | None = None,
    target: dict[str, Any] | None = None,
) -> dict[str, Any]:
    texts = texts or {"nl": ("Stap", "<p>Uitleg</p>"), "en": ("Step", "<p>Explanation</p>")}
    return {
        "id": step_id,
        "position": 0,
        "target": target,
        "url_rule": url_rule,
        "sample_url": None,
        "placement": "auto",
        "advance_trigger": "next",
        "content": {loc: {"title": t, "body_html": b} for loc, (t, b) in texts.items()},
    }


def publish(
    session: Session,
    app: App,
    *,
    kind: str = "walkthrough",
    name: str | None = None,
    url_rules: list[str] | None = None,
    audience: dict[str, Any] | None = None,
    element: str | None = None,
    steps: list[dict[str, Any]] | None = None,
    frequency: str = "once",
    priority: int = 0,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    settings: dict[str, Any] | None = None,
    slug: str | None = None,
) -> Guide:
    number = next(_numbers)
    steps = steps or [step()]
    for position, each in enumerate(steps):
        each["position"] = position
    guide = Guide(
        app_id=app.id,
        slug=slug or f"guide-{number}",
        kind=kind,
        name=name or f"Guide {number}",
        status=GuideStatus.published,
        targeting={"url_rules": url_rules or ["*"], "audience": audience, "element": element},
        frequency=frequency,
        priority=priority,
        starts_at=starts_at,
        ends_at=ends_at,
        settings=settings or {},
        live_version=1,
    )
    session.add(guide)
    session.flush()
    locales = sorted(set.intersection(*(set(each["content"]) for each in steps)))
    snapshot = {
        "id": guide.id,
        "slug": guide.slug,
        "kind": kind,
        "name": guide.name,
        "version": 1,
        "targeting": guide.targeting,
        "starts_at": starts_at.isoformat() if starts_at else None,
        "ends_at": ends_at.isoformat() if ends_at else None,
        "frequency": frequency,
        "priority": priority,
        "settings": guide.settings,
        "steps": steps,
        "locales": locales,
        "meta": {"published_at": utcnow().isoformat(), "restored_from": None},
    }
    session.add(GuideVersion(guide_id=guide.id, number=1, snapshot=snapshot))
    app.content_version += 1
    session.add(app)
    session.commit()
    session.refresh(guide)
    return guide


def record_state(session: Session, app: App, guide: Guide, subject: str, **fields: Any) -> None:
    session.add(VisitorState(app_id=app.id, subject=subject, guide_id=guide.id, **fields))
    session.commit()
