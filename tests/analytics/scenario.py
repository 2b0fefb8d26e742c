"""A small world whose report numbers are worked out by hand below, and helpers to store
events through the real ingest path (`sort_batch` + `store_batch`, as the endpoint does).

App time zone Europe/Amsterdam (UTC+1 in November). D1 = 2026-11-10, D2 = 2026-11-11.
Walkthrough W: version 1 has steps s1, s2, s3; version 2 has s1, s3. Tip T, announcement A.

- anna (u:anna, nl; role approver, dept finance): D1 09:00 W v1 s1-s3, completed 09:02
  (120 s); tip T; searches "Declaratie " (0 results); views A at 23:30 UTC on Nov 10 and
  acknowledges it at 23:31, which is 00:30 on D2 in Amsterdam.
- bob (u:bob, en; role clerk): first anonymous on his browser (v:browser-bob1), help opened
  on D1; then D1 12:00 W v1 s1, s2, dismissed at s2; D2: help opened, searches
  "declaratie" (0) and "reiskosten" (3), W v1 again from 08:00, completed 08:05 (300 s);
  not helpful: '=HYPERLINK(...)'.
- carla (u:carla, nl; role [approver, auditor]): D2 10:00 W v2 s1, s3, completed 10:03
  (180 s); helpful: "<img src=x onerror=alert(1)>"; custom "report exported" twice;
  element_missing W v2 s3 on /claims/7#/edit.
- dave (u:dave, nl; role clerk): D2 09:00 W v1 s1, dismissed at s1.
- an anonymous visitor (v:browser-anon1, nl; no traits): views A at 22:59 UTC on Nov 10
  (23:59 on D1), opens help, custom "report exported".
"""

import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from tests.delivery_factories import publish, step
from wegwijs.analytics.ingest import sort_batch, store_batch
from wegwijs.analytics.models import PERSON_TABLES, PersonRollup
from wegwijs.analytics.reports import ReportFilters
from wegwijs.analytics.schemas import EventBatch, IngestResult
from wegwijs.apps.models import App
from wegwijs.content.models import Guide, GuideVersion
from wegwijs.visitors.models import Visitor

D1 = date(2026, 11, 10)
D2 = date(2026, 11, 11)
NOW = datetime(2026, 11, 12, 12, 0, tzinfo=UTC)
BOTH_DAYS = ReportFilters(start=D1, end=D2)
DENYLIST = ["email", "token", "password", "session", "code"]


def event(name: str, at: str, **fields: Any) -> dict[str, Any]:
    """An event as the widget sends it; `at` is a UTC time like "2026-11-10T09:00:00"."""
    return {"id": f"ev-{uuid.uuid4().hex}", "name": name, "ts": f"{at}Z", **fields}


def ingest(
    engine: Engine,
    app: App,
    events: list[dict[str, Any]],
    *,
    visitor: str,
    user: str | None = None,
    locale: str | None = "nl",
    traits: dict[str, Any] | None = None,
    now: datetime = NOW,
) -> IngestResult:
    """One batch through the endpoint's own steps, committed like the writer commits it."""
    envelope = {"visitor_id": visitor, "user_id": user, "locale": locale, "events": events}
    batch = EventBatch.model_validate({**envelope, "traits": traits or {}})
    with engine.connect() as connection:
        guide_ids = frozenset(
            connection.execute(select(Guide.id).where(Guide.app_id == app.id)).scalars()  # type: ignore[arg-type]
        )
    sorted_batch = sort_batch(
        batch,
        app_id=app.id,
        guide_ids=guide_ids,
        denylist=DENYLIST,
        now=now,
        dialect=engine.dialect.name,
    )
    with engine.begin() as connection:
        return store_batch(connection, sorted_batch, batch=batch, app_id=app.id, now=now)


def rollup_rows(engine: Engine, *, app_id: int | None = None) -> dict[str, list[tuple[Any, ...]]]:
    """Every roll-up row, comparable across runs: generated ids left out, and people by
    subject rather than by number (a rebuild numbers them anew)."""
    found = {}
    with engine.connect() as connection:
        subjects = dict(connection.execute(select(PersonRollup.id, PersonRollup.subject)).all())  # type: ignore[call-overload]
        for table in PERSON_TABLES:
            columns = [column for column in table.c if column.name != "id"]
            person = [column.name for column in columns].index("person_id")
            statement = select(*columns)
            if app_id is not None:
                statement = statement.where(table.c.app_id == app_id)
            found[table.name] = sorted(
                (*row[:person], subjects[row[person]], *row[person + 1 :])
                for row in connection.execute(statement).all()
            )
    return found


def add_visitor(
    session: Session, app: App, visitor_id: str, user_id: str | None, traits: dict[str, Any]
) -> None:
    session.add(Visitor(app_id=app.id, visitor_id=visitor_id, user_id=user_id, traits=traits))
    session.commit()


TRAITS = {
    ("browser-anna", "anna"): {"role": "approver", "dept": "finance"},
    ("browser-bob1", "bob"): {"role": "clerk"},
    ("browser-carla", "carla"): {"role": ["approver", "auditor"]},
    ("browser-dave", "dave"): {"role": "clerk"},
}


def traits_of(user: str) -> dict[str, Any]:
    return next(traits for (_, who), traits in TRAITS.items() if who == user)


class World:
    """The scenario's app and guides, after `build`."""

    app: App
    walkthrough: Guide
    tip: Guide
    announcement: Guide


def build(session: Session, engine: Engine, app: App) -> World:
    world = World()
    world.app = app
    world.walkthrough = w = publish(
        session, app, name="Declaratie indienen", steps=[step("s1"), step("s2"), step("s3")]
    )
    version_one = session.exec(
        select(GuideVersion).where(GuideVersion.guide_id == w.id)  # type: ignore[arg-type]
    ).one()[0]
    second = dict(version_one.snapshot)
    second["version"] = 2
    second["steps"] = [s for s in version_one.snapshot["steps"] if s["id"] != "s2"]
    session.add(GuideVersion(guide_id=w.id, number=2, snapshot=second))
    session.commit()
    world.tip = t = publish(session, app, kind="tip", name="Kostenplaats")
    world.announcement = a = publish(session, app, kind="announcement", name="Nieuw formulier")
    # What the visitor recorder keeps of the same `identify` calls.
    for visitor, user in TRAITS:
        add_visitor(session, app, visitor, user, TRAITS[(visitor, user)])
    add_visitor(session, app, "browser-anon1", None, {})

    def run(version: int, at: str, steps: list[str], end: str, end_at: str) -> list[dict]:
        fields = {"guide_id": w.id, "version": version}
        events = [event("guide_started", at, step_id=steps[0], **fields)]
        for step_id in steps:
            events.append(event("step_viewed", at, step_id=step_id, **fields))
            if step_id != steps[-1] or end == "guide_completed":
                events.append(event("step_completed", at, step_id=step_id, **fields))
        events.append(event(end, end_at, step_id=steps[-1], **fields))
        return events

    anna = [
        *run(
            1, "2026-11-10T09:00:00", ["s1", "s2", "s3"], "guide_completed", "2026-11-10T09:02:00"
        ),
        event("tip_viewed", "2026-11-10T09:05:00", guide_id=t.id, version=1),
        event(
            "search_performed", "2026-11-10T10:00:00", props={"query": "Declaratie ", "results": 0}
        ),
        event("announcement_viewed", "2026-11-10T23:30:00", guide_id=a.id, version=1),
        event("announcement_acknowledged", "2026-11-10T23:31:00", guide_id=a.id, version=1),
    ]
    ingest(engine, app, anna, visitor="browser-anna", user="anna", traits=traits_of("anna"))
    ingest(engine, app, [event("help_opened", "2026-11-10T11:00:00")], visitor="browser-bob1")
    bob = [
        *run(1, "2026-11-10T12:00:00", ["s1", "s2"], "guide_dismissed", "2026-11-10T12:02:00"),
        event("help_opened", "2026-11-11T07:59:00"),
        event(
            "search_performed", "2026-11-11T07:59:30", props={"query": "declaratie", "results": 0}
        ),
        event(
            "search_performed", "2026-11-11T07:59:40", props={"query": "reiskosten", "results": 3}
        ),
        *run(
            1, "2026-11-11T08:00:00", ["s1", "s2", "s3"], "guide_completed", "2026-11-11T08:05:00"
        ),
        event(
            "feedback_given",
            "2026-11-11T08:06:00",
            guide_id=w.id,
            version=1,
            props={"helpful": False, "comment": '=HYPERLINK("http://evil.example")'},
        ),
    ]
    ingest(
        engine, app, bob, visitor="browser-bob1", user="bob", locale="en", traits=traits_of("bob")
    )
    carla = [
        *run(2, "2026-11-11T10:00:00", ["s1", "s3"], "guide_completed", "2026-11-11T10:03:00"),
        event(
            "feedback_given",
            "2026-11-11T10:04:00",
            guide_id=w.id,
            version=2,
            props={"helpful": True, "comment": "<img src=x onerror=alert(1)>"},
        ),
        event("custom", "2026-11-11T10:05:00", custom_name="report exported"),
        event("custom", "2026-11-11T10:06:00", custom_name="report exported"),
        event(
            "element_missing",
            "2026-11-11T10:07:00",
            guide_id=w.id,
            version=2,
            step_id="s3",
            url="https://host.example.com/claims/7?token=abc#/edit?x=1",
        ),
    ]
    ingest(engine, app, carla, visitor="browser-carla", user="carla", traits=traits_of("carla"))
    dave = run(1, "2026-11-11T09:00:00", ["s1"], "guide_dismissed", "2026-11-11T09:01:00")
    ingest(engine, app, dave, visitor="browser-dave", user="dave", traits=traits_of("dave"))
    anonymous = [
        event("announcement_viewed", "2026-11-10T22:59:00", guide_id=a.id, version=1),
        event("help_opened", "2026-11-10T22:59:30"),
        event("custom", "2026-11-10T22:59:40", custom_name="report exported"),
    ]
    ingest(engine, app, anonymous, visitor="browser-anon1")
    return world
