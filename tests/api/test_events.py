"""Event ingestion: every view logged, nothing lost, nothing counted twice."""

import json
import threading
import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from tests.delivery_factories import publish
from tests.factories import make_app
from wegwijs.analytics.models import Event
from wegwijs.apps.models import App
from wegwijs.delivery.guard import identity_signature
from wegwijs.visitors.models import VisitorState

ORIGIN = "http://host.example.com"
VISITOR = "visitor-0001"


def event(name: str = "help_opened", **fields: Any) -> dict[str, Any]:
    return {"id": f"ev-{uuid.uuid4().hex}", "name": name, **fields}


def send(client: TestClient, app: App, events: list[dict[str, Any]], **envelope: Any):
    body = {"visitor_id": VISITOR, "events": events, **envelope}
    return client.post(
        f"/api/public/v1/apps/{app.key}/events", json=body, headers={"Origin": ORIGIN}
    )


def stored(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Event)).one()


def state_of(session: Session, guide_id: int, subject: str = f"v:{VISITOR}") -> VisitorState:
    session.expire_all()
    return session.exec(
        select(VisitorState).where(
            VisitorState.guide_id == guide_id, VisitorState.subject == subject
        )
    ).one()


def test_accepts_a_batch_and_stores_every_field(client: TestClient, session: Session) -> None:
    app = make_app(session)
    guide = publish(session, app, steps=[])
    sent = event(
        "step_viewed",
        guide_id=guide.id,
        version=1,
        step_id="s1",
        url="http://host.example.com/claims?id=4",
        locale="nl",
        ts="2026-11-24T10:00:00+01:00",
        props={"source": "auto"},
    )
    response = send(client, app, [sent], user_id="anna", session_id="sess-1", locale="en")
    assert response.status_code == 200, response.text
    assert response.json() == {"accepted": [sent["id"]], "rejected": []}
    row = session.exec(select(Event)).one()
    assert (row.name, row.guide_id, row.guide_version, row.step_id) == (
        "step_viewed",
        guide.id,
        1,
        "s1",
    )
    assert (row.visitor_id, row.user_id, row.session_id, row.locale) == (
        VISITOR,
        "anna",
        "sess-1",
        "nl",
    )
    assert row.client_time.isoformat() == "2026-11-24T09:00:00+00:00"
    assert row.server_time is not None and row.server_time != row.client_time
    assert row.props == {"source": "auto"}


def test_duplicates_within_and_across_batches_are_stored_once(
    client: TestClient, session: Session
) -> None:
    app = make_app(session)
    guide = publish(session, app)
    started = event("guide_started", guide_id=guide.id, version=1, step_id="s1")
    first = send(client, app, [started, started])
    assert first.json()["accepted"] == [started["id"]]
    again = send(client, app, [started, event()])
    assert started["id"] in again.json()["accepted"]  # accepted: already stored
    assert stored(session) == 2
    assert state_of(session, guide.id).seen_count == 1  # the replay changed nothing


def test_invalid_events_do_not_block_valid_ones(client: TestClient, session: Session) -> None:
    app = make_app(session)
    good = event()
    bad_name = {"id": "ev-unknown-name", "name": "made_up"}
    no_guide = event("guide_completed")
    foreign = event("guide_started", guide_id=999_999, step_id="s1")
    custom_without_name = event("custom")
    not_an_object_id = {"name": "help_opened"}
    big_props = event(props={f"p{n}": n for n in range(40)})
    response = send(
        client,
        app,
        [bad_name, good, no_guide, foreign, custom_without_name, not_an_object_id, big_props],
    )
    body = response.json()
    assert body["accepted"] == [good["id"]]
    rejected = {item["id"]: item["error"] for item in body["rejected"]}
    assert set(rejected) == {
        "ev-unknown-name",
        no_guide["id"],
        foreign["id"],
        custom_without_name["id"],
        None,
        big_props["id"],
    }
    assert "guide_id" in rejected[no_guide["id"]]
    assert "does not exist" in rejected[foreign["id"]]
    assert stored(session) == 1


def test_text_plain_bodies_from_send_beacon(client: TestClient, session: Session) -> None:
    app = make_app(session)
    sent = event()
    body = json.dumps({"visitor_id": VISITOR, "events": [sent]})
    response = client.post(
        f"/api/public/v1/apps/{app.key}/events",
        content=body.encode(),
        headers={"Origin": ORIGIN, "Content-Type": "text/plain;charset=UTF-8"},
    )
    assert response.status_code == 200
    assert response.json()["accepted"] == [sent["id"]]
    assert response.headers["access-control-allow-origin"] == ORIGIN


def test_oversized_and_malformed_batches(client: TestClient, session: Session) -> None:
    app = make_app(session)
    path = f"/api/public/v1/apps/{app.key}/events"
    headers = {"Origin": ORIGIN, "Content-Type": "application/json"}
    huge = [event(props={"text": "x" * 900}) for _ in range(80)]
    too_big = client.post(path, json={"visitor_id": VISITOR, "events": huge}, headers=headers)
    assert too_big.status_code == 413
    assert too_big.json()["error"]["code"] == "payload_too_large"
    assert client.post(path, content=b"[1, 2", headers=headers).status_code == 422
    assert client.post(path, json={"events": []}, headers=headers).status_code == 422
    assert stored(session) == 0


def test_custom_events_keep_their_name(client: TestClient, session: Session) -> None:
    app = make_app(session)
    sent = event("custom", custom_name="report exported", props={"rows": 3})
    assert send(client, app, [sent]).json()["accepted"] == [sent["id"]]
    row = session.exec(select(Event)).one()
    assert (row.name, row.custom_name, row.props) == ("custom", "report exported", {"rows": 3})


def test_urls_are_scrubbed_of_denied_parameters(client: TestClient, session: Session) -> None:
    app = make_app(session)
    url = "http://host.example.com/reset?token=abc&Email=a%40b.nl&step=2#top"
    send(client, app, [event(url=url)])
    row = session.exec(select(Event)).one()
    assert row.url == "http://host.example.com/reset?step=2#top"


def test_identity_rules_as_for_the_context_api(client: TestClient, session: Session) -> None:
    app = make_app(session)
    app.identity_verification = True
    app.identity_secret = "events-secret-0123456789"
    app.content_version += 1
    session.add(app)
    session.commit()
    assert send(client, app, [event()], user_id="anna").status_code == 403
    forged = send(client, app, [event()], user_id="anna", signature="0" * 64)
    assert forged.status_code == 403
    good = identity_signature("events-secret-0123456789", "anna")
    assert send(client, app, [event()], user_id="anna", signature=good).status_code == 200
    assert stored(session) == 1


def test_other_apps_guides_and_origins_are_refused(client: TestClient, session: Session) -> None:
    mine = make_app(session, name="Mine")
    theirs = make_app(session, name="Theirs", origins=["https://theirs.example.com"])
    their_guide = publish(session, theirs)
    response = send(client, mine, [event("guide_started", guide_id=their_guide.id, step_id="s1")])
    assert response.json()["accepted"] == []
    wrong_origin = send(client, theirs, [event()])
    assert wrong_origin.status_code == 403
    unknown = client.post(
        "/api/public/v1/apps/app_nope/events", json={"visitor_id": VISITOR, "events": []}
    )
    assert unknown.status_code == 404
    assert stored(session) == 0


@pytest.mark.parametrize(
    ("name", "extra", "expected"),
    [
        ("guide_started", {"step_id": "s1"}, {"started": True, "seen_count": 1, "step": "s1"}),
        ("step_viewed", {"step_id": "s2"}, {"step": "s2"}),
        ("step_completed", {"step_id": "s2"}, {"step": "s2"}),
        ("guide_completed", {}, {"completed": True}),
        ("guide_dismissed", {}, {"dismissed": True}),
        ("tip_viewed", {}, {"seen_count": 1}),
        ("announcement_viewed", {}, {"seen_count": 1}),
        ("announcement_acknowledged", {}, {"acknowledged": True}),
    ],
)
def test_state_transitions(
    client: TestClient, session: Session, name: str, extra: dict[str, Any], expected: dict[str, Any]
) -> None:
    app = make_app(session)
    guide = publish(session, app)
    send(client, app, [event(name, guide_id=guide.id, version=1, **extra)])
    state = state_of(session, guide.id)
    assert (state.started_at is not None) is expected.get("started", False)
    assert (state.completed_at is not None) is expected.get("completed", False)
    assert (state.dismissed_at is not None) is expected.get("dismissed", False)
    assert (state.acknowledged_at is not None) is expected.get("acknowledged", False)
    assert state.seen_count == expected.get("seen_count", 0)
    assert state.current_step_id == expected.get("step")
    assert state.version == 1


def test_events_without_state_effect_leave_state_alone(
    client: TestClient, session: Session
) -> None:
    app = make_app(session)
    guide = publish(session, app)
    send(
        client,
        app,
        [
            event("element_missing", guide_id=guide.id, step_id="s1"),
            event(
                "feedback_given", guide_id=guide.id, props={"helpful": False, "comment": "unclear"}
            ),
            event("search_performed", props={"query": "declaratie", "results": 0}),
        ],
    )
    assert stored(session) == 3
    assert session.exec(select(func.count()).select_from(VisitorState)).one() == 0


def test_identified_events_move_the_persons_state(client: TestClient, session: Session) -> None:
    app = make_app(session)
    guide = publish(session, app)
    send(client, app, [event("guide_completed", guide_id=guide.id)], user_id="anna")
    assert state_of(session, guide.id, "u:anna").completed_at is not None


def test_racing_duplicate_batches_store_each_event_once(
    engine: Engine, client: TestClient, session: Session
) -> None:
    """Several clients replay the same batch at the same moment (a retry storm)."""
    if engine.dialect.name != "postgresql":
        pytest.skip("the in-memory SQLite test database has one shared connection")
    app = make_app(session)
    guide = publish(session, app)
    batch = [event("guide_started", guide_id=guide.id, version=1, step_id="s1")] + [
        event() for _ in range(30)
    ]
    results: list[int] = []
    barrier = threading.Barrier(6)

    def replay() -> None:
        barrier.wait()
        response = send(client, app, batch)
        results.append(len(response.json()["accepted"]))

    threads = [threading.Thread(target=replay) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [31] * 6  # every client may drop the whole batch
    assert stored(session) == 31
    assert state_of(session, guide.id).seen_count == 1


def test_batches_are_capped_by_bytes_not_by_count(client: TestClient, session: Session) -> None:
    app = make_app(session)
    many_small = [{"id": f"ev-small-{n:05d}", "name": "help_opened"} for n in range(900)]
    response = send(client, app, many_small)
    assert response.status_code == 200
    assert len(response.json()["accepted"]) == 900
    assert stored(session) == 900
