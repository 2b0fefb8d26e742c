"""The context API: what applies to this page and this person."""

import threading
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from tests.delivery_factories import publish, record_state, step
from tests.factories import make_app
from wegwijs.apps.models import App
from wegwijs.db import utcnow
from wegwijs.delivery.guard import identity_signature
from wegwijs.visitors.models import Visitor, VisitorState

ORIGIN = "http://host.example.com"
VISITOR = "visitor-0001"


def ask(client: TestClient, app: App, url: str = "http://host.example.com/", **body: Any):
    payload = {"url": url, "visitor_id": VISITOR, **body}
    return client.post(
        f"/api/public/v1/apps/{app.key}/context", json=payload, headers={"Origin": ORIGIN}
    )


def ids(response, kind: str = "walkthroughs") -> list[int]:
    assert response.status_code == 200, response.text
    return [entry["id"] for entry in response.json()[kind]]


@pytest.mark.parametrize(
    ("rule", "url", "shown"),
    [
        ("*", "http://host.example.com/anything?x=1", True),
        ("/claims/new", "http://host.example.com/claims/new/", True),
        ("/claims/new", "http://host.example.com/claims/newer", False),
        ("/claims/**", "http://host.example.com/claims/12/edit", True),
        ("/claims/**", "http://host.example.com/claimsx", False),
        ("/claims/*/edit", "http://host.example.com/claims/12/edit", True),
        ("/claims/*/edit", "http://host.example.com/claims/12/view", False),
        ("/orders/:id", "http://host.example.com/orders/42", True),
        ("/orders/:id", "http://host.example.com/orders/42/lines", False),
        ("host.example.com/orders", "http://host.example.com/orders", True),
        ("other.example.com/orders", "http://host.example.com/orders", False),
        ("/app/orders?status=open", "http://host.example.com/app/orders?status=open&p=2", True),
        ("/app/orders?status=open", "http://host.example.com/app/orders?status=closed", False),
        ("/app#notes", "http://host.example.com/app#notes", True),
        ("/app#notes", "http://host.example.com/app#other", False),
    ],
)
def test_url_rules(client: TestClient, session: Session, rule: str, url: str, shown: bool) -> None:
    app = make_app(session)
    guide = publish(session, app, url_rules=[rule])
    assert (guide.id in ids(ask(client, app, url))) is shown


def test_element_condition_is_passed_to_the_widget(client: TestClient, session: Session) -> None:
    app = make_app(session)
    publish(session, app, element="#claim-form")
    assert ask(client, app).json()["walkthroughs"][0]["element"] == "#claim-form"


def test_audience_rules_choose_what_is_shown(client: TestClient, session: Session) -> None:
    app = make_app(session)
    approvers = publish(
        session, app, audience={"all": [{"trait": "role", "op": "eq", "value": "approver"}]}
    )
    seniors = publish(session, app, audience={"any": [{"trait": "years", "op": "gte", "value": 5}]})
    anna = ask(client, app, user_id="anna", traits={"role": "approver", "years": 2})
    ben = ask(client, app, user_id="ben", traits={"role": "employee", "years": 7})
    assert ids(anna) == [approvers.id]
    assert ids(ben) == [seniors.id]


def test_schedule_window(client: TestClient, session: Session) -> None:
    app = make_app(session)
    now = utcnow()
    live = publish(session, app, starts_at=now - timedelta(days=1), ends_at=now + timedelta(days=1))
    publish(session, app, starts_at=now + timedelta(hours=1))
    publish(session, app, ends_at=now - timedelta(minutes=1))
    assert ids(ask(client, app)) == [live.id]


@pytest.mark.parametrize(
    ("frequency", "state", "eligible"),
    [
        ("once", {}, True),
        ("once", {"seen_count": 1}, False),
        ("until_completed", {"seen_count": 3, "dismissed_at": "x"}, True),
        ("until_completed", {"completed_at": "x"}, False),
        ("until_dismissed", {"seen_count": 3}, True),
        ("until_dismissed", {"dismissed_at": "x"}, False),
        ("always", {"completed_at": "x"}, True),
    ],
)
def test_frequency(
    client: TestClient, session: Session, frequency: str, state: dict[str, Any], eligible: bool
) -> None:
    app = make_app(session)
    guide = publish(session, app, frequency=frequency)
    fields = {key: utcnow() if value == "x" else value for key, value in state.items()}
    if fields:
        record_state(session, app, guide, f"v:{VISITOR}", **fields)
    body = ask(client, app).json()
    assert body["walkthroughs"][0]["eligible"] is eligible
    assert body["autostart"] == (guide.id if eligible else None)


def test_locale_falls_back_to_the_app_default_and_never_serves_empty(
    client: TestClient, session: Session
) -> None:
    app = make_app(session)  # default locale nl
    both = publish(session, app)
    dutch_only = publish(session, app, steps=[step(texts={"nl": ("Alleen NL", "<p>x</p>")})])
    english_only = publish(session, app, steps=[step(texts={"en": ("Only EN", "<p>x</p>")})])
    english = ask(client, app, locale="en").json()["walkthroughs"]
    assert {(e["id"], e["locale"]) for e in english} == {
        (both.id, "en"),
        (dutch_only.id, "nl"),
        (english_only.id, "en"),
    }
    dutch = ids(ask(client, app, locale="nl"))
    assert english_only.id not in dutch
    assert ask(client, app, locale="en-GB").json()["walkthroughs"][0]["locale"] == "en"


def test_only_one_walkthrough_autostarts_the_highest_priority(
    client: TestClient, session: Session
) -> None:
    app = make_app(session)
    publish(session, app, priority=1)
    top = publish(session, app, priority=10)
    publish(session, app, priority=5)
    body = ask(client, app).json()
    assert body["autostart"] == top.id
    assert len(body["walkthroughs"]) == 3
    assert {item["id"] for item in body["help"]} == {e["id"] for e in body["walkthroughs"]}


def test_announcements_by_priority_then_recency_until_acknowledged(
    client: TestClient, session: Session
) -> None:
    app = make_app(session)
    older = publish(session, app, kind="announcement", frequency="until_completed")
    newer = publish(session, app, kind="announcement", frequency="until_completed")
    urgent = publish(session, app, kind="announcement", priority=5, frequency="until_completed")
    assert ids(ask(client, app), "announcements") == [urgent.id, newer.id, older.id]
    record_state(session, app, urgent, f"v:{VISITOR}", acknowledged_at=utcnow())
    assert ids(ask(client, app), "announcements") == [newer.id, older.id]


def test_current_walkthrough_wins_over_stored_state_and_autostart(
    client: TestClient, session: Session
) -> None:
    app = make_app(session)
    multi_page = publish(
        session, app, url_rules=["/claims/new"], steps=[step("a"), step("b"), step("c")]
    )
    other = publish(session, app, priority=100)
    # The events for step b have not arrived yet: stored state still says step a.
    record_state(session, app, multi_page, f"v:{VISITOR}", current_step_id="a", seen_count=1)
    current = {"guide_id": multi_page.id, "version": 1, "step_id": "b"}
    body = ask(client, app, "http://host.example.com/claims/12", current=current).json()
    assert body["resume"] == {"guide_id": multi_page.id, "version": 1, "step_id": "b"}
    assert body["autostart"] is None
    assert multi_page.id in [e["id"] for e in body["walkthroughs"]]  # off its start page
    gone = {"guide_id": multi_page.id, "version": 1, "step_id": "deleted-step"}
    assert ask(client, app, current=gone).json()["autostart"] == other.id


def test_checklists_list_their_walkthroughs_with_progress(
    client: TestClient, session: Session
) -> None:
    app = make_app(session)
    first = publish(session, app, slug="first-claim")
    publish(session, app, slug="approve")
    checklist = publish(
        session,
        app,
        kind="checklist",
        frequency="always",
        settings={"items": ["first-claim", "approve", "not-published"]},
    )
    record_state(session, app, first, f"v:{VISITOR}", completed_at=utcnow())
    [entry] = ask(client, app).json()["checklists"]
    assert entry["id"] == checklist.id
    assert [(item["guide_id"], item["completed"]) for item in entry["items"]][0] == (first.id, True)
    assert len(entry["items"]) == 2


def test_other_apps_content_never_leaks(client: TestClient, session: Session) -> None:
    mine = make_app(session, name="Mine")
    theirs = make_app(session, name="Theirs")
    own = publish(session, mine)
    publish(session, theirs)
    record_state(session, theirs, publish(session, theirs), f"v:{VISITOR}", completed_at=utcnow())
    body = ask(client, mine).json()
    assert ids(ask(client, mine)) == [own.id]
    assert body["walkthroughs"][0]["state"]["completed"] is False


# -- identity ----------------------------------------------------------------------------------


def verified_app(session: Session) -> App:
    app = make_app(session)
    app.identity_verification = True
    app.identity_secret = "new-secret-value-0123456789"
    app.identity_secret_previous = "old-secret-value-0123456789"
    app.content_version += 1
    session.add(app)
    session.commit()
    return app


def test_identity_verification(client: TestClient, session: Session) -> None:
    app = verified_app(session)
    good = identity_signature("new-secret-value-0123456789", "anna")
    rotated = identity_signature("old-secret-value-0123456789", "anna")
    forged = identity_signature("guessed", "anna")
    assert ask(client, app, user_id="anna", signature=good).status_code == 200
    assert ask(client, app, user_id="anna", signature=rotated.upper()).status_code == 200
    missing = ask(client, app, user_id="anna")
    assert missing.status_code == 403
    assert missing.json()["error"]["code"] == "signature_required"
    bad = ask(client, app, user_id="anna", signature=forged)
    assert bad.status_code == 403
    assert bad.json()["error"]["code"] == "invalid_signature"
    other_user = ask(client, app, user_id="ben", signature=good)
    assert other_user.status_code == 403
    assert ask(client, app).status_code == 200  # anonymous visitors need no signature


def test_identify_merges_anonymous_state_and_follows_the_user(
    client: TestClient, session: Session
) -> None:
    app = make_app(session)
    guide = publish(session, app, frequency="until_completed")
    record_state(session, app, guide, f"v:{VISITOR}", completed_at=utcnow())
    # Right after identify the anonymous progress already counts...
    body = ask(client, app, user_id="anna", traits={"role": "approver"}).json()
    assert body["walkthroughs"][0]["state"]["completed"] is True
    client.app.state.visitors.flush()
    # ...and once written behind, it belongs to the person, on every device.
    subjects = session.exec(select(VisitorState.subject)).all()
    assert subjects == ["u:anna"]
    laptop = client.post(
        f"/api/public/v1/apps/{app.key}/context",
        json={"url": "http://host.example.com/", "visitor_id": "laptop-0002", "user_id": "anna"},
        headers={"Origin": ORIGIN},
    ).json()
    assert laptop["walkthroughs"][0]["state"]["completed"] is True
    visitor = session.exec(select(Visitor).where(Visitor.visitor_id == VISITOR)).one()
    assert (visitor.user_id, visitor.traits) == ("anna", {"role": "approver"})


def test_the_context_api_does_not_write_to_the_database(
    client: TestClient, session: Session, engine: Engine
) -> None:
    app = make_app(session)
    publish(session, app)
    ask(client, app)  # warm the cache
    writes: list[str] = []

    def spy(_conn, _cursor, statement: str, *_args) -> None:
        # The recorder's own thread flushes buffered sightings in the background, on its
        # schedule: that is the design. Only writes made while answering count here.
        if threading.current_thread().name == "wegwijs-visitors":
            return
        if statement.lstrip().split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}:
            writes.append(statement)

    event.listen(engine, "before_cursor_execute", spy)
    try:
        for number in range(5):
            assert (
                ask(client, app, user_id=f"user{number}", traits={"n": number}).status_code == 200
            )
    finally:
        event.remove(engine, "before_cursor_execute", spy)
    assert writes == []


# -- guard rails ---------------------------------------------------------------------------------


def test_unknown_app_key_is_404(client: TestClient) -> None:
    response = client.post(
        "/api/public/v1/apps/app_nope/context",
        json={"url": "http://x/", "visitor_id": VISITOR},
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "app_not_found"


def test_origin_enforcement_and_cors(client: TestClient, session: Session) -> None:
    app = make_app(session)
    path = f"/api/public/v1/apps/{app.key}/context"
    body = {"url": "http://host.example.com/", "visitor_id": VISITOR}
    allowed = client.post(path, json=body, headers={"Origin": ORIGIN})
    assert allowed.headers["access-control-allow-origin"] == ORIGIN
    assert "Origin" in allowed.headers["vary"]
    refused = client.post(path, json=body, headers={"Origin": "https://evil.example.net"})
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "origin_not_allowed"
    assert "access-control-allow-origin" not in refused.headers
    preflight = client.options(
        path,
        headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == ORIGIN
    assert "POST" in preflight.headers["access-control-allow-methods"]
    evil_preflight = client.options(path, headers={"Origin": "https://evil.example.net"})
    assert evil_preflight.status_code == 403
    assert "access-control-allow-origin" not in evil_preflight.headers


def test_oversize_malformed_and_wrong_type_bodies(client: TestClient, session: Session) -> None:
    app = make_app(session)
    path = f"/api/public/v1/apps/{app.key}/context"
    headers = {"Origin": ORIGIN, "Content-Type": "application/json"}
    big = client.post(path, content=b"{" + b" " * 20_000 + b"}", headers=headers)
    assert big.status_code == 413
    assert big.json()["error"]["code"] == "payload_too_large"
    assert big.headers["access-control-allow-origin"] == ORIGIN
    broken = client.post(path, content=b'{"url": ', headers=headers)
    assert broken.status_code == 422
    wrong = client.post(path, json={"url": "x", "visitor_id": "short"}, headers={"Origin": ORIGIN})
    assert wrong.status_code == 422
    assert wrong.json()["error"]["details"][0]["loc"] == ["visitor_id"]
    xml = client.post(path, content=b"<x/>", headers={**headers, "Content-Type": "text/xml"})
    assert xml.status_code == 415
    beacon = client.post(
        path,
        content=b'{"url": "http://host.example.com/", "visitor_id": "visitor-0001"}',
        headers={**headers, "Content-Type": "text/plain;charset=UTF-8"},
    )
    assert beacon.status_code == 200
    long_url = client.post(
        path, json={"url": "http://x/" + "a" * 2100, "visitor_id": VISITOR}, headers=headers
    )
    assert long_url.status_code == 422


def test_traits_are_bounded(client: TestClient, session: Session) -> None:
    app = make_app(session)
    for traits in (
        {f"t{n}": n for n in range(51)},
        {"nested": {"a": 1}},
        {"bad name!": 1},
        {"list": list(range(51))},
    ):
        assert ask(client, app, traits=traits).status_code == 422, traits


def test_publishes_reach_the_cache_within_a_second(
    client: TestClient, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    import wegwijs.delivery.catalog as catalog

    app = make_app(session)
    clock = [1000.0]
    monkeypatch.setattr(catalog.time, "monotonic", lambda: clock[0])
    client.app.state.delivery._clock = lambda: clock[0]
    assert ids(ask(client, app)) == []
    guide = publish(session, app)
    assert ids(ask(client, app)) == []  # cached: not checked again within the second
    clock[0] += 1.01
    assert ids(ask(client, app)) == [guide.id]


def test_install_check_records_where_the_widget_was_last_seen(
    client: TestClient, session: Session
) -> None:
    app = make_app(session)
    ask(client, app)
    assert session.get(App, app.id).widget_seen_at is None  # written behind, not per request
    client.app.state.visitors.flush()
    session.expire_all()
    seen = session.get(App, app.id)
    assert seen.widget_seen_origin == ORIGIN
    assert seen.widget_seen_at is not None
    assert seen.content_version == app.content_version  # not a content change
