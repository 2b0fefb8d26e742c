"""Text with NUL characters cannot be stored on PostgreSQL: it is refused, one field at a
time, like any other invalid value, and never answered with a 500."""

from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.delivery_factories import publish
from tests.factories import make_app

ORIGIN = "http://host.example.com"


def test_nul_in_visitor_text_is_refused_not_a_server_error(
    client: TestClient, session: Session
) -> None:
    app = make_app(session)
    guide = publish(session, app)
    base = f"/api/public/v1/apps/{app.key}"
    headers = {"Origin": ORIGIN}
    visitor = "visitor-0001"
    events = [
        {
            "id": "event-0001",
            "name": "search_performed",
            "props": {"query": "a\x00b", "results": 0},
        },
        {"id": "event-0002", "name": "custom", "custom_name": "x\x00"},
        {"id": "event-0003", "name": "step_viewed", "guide_id": guide.id, "step_id": "s\x00"},
        {"id": "event-0004", "name": "custom", "custom_name": "fine", "props": {"k\x00": 1}},
        {"id": "event-0005", "name": "custom", "custom_name": "fine", "url": "http://h/\x00"},
        {"id": "event-0006", "name": "custom", "custom_name": "still fine"},
    ]
    stored = client.post(
        f"{base}/events", json={"visitor_id": visitor, "events": events}, headers=headers
    )
    assert stored.status_code == 200, stored.text
    answer = stored.json()
    assert answer["accepted"] == ["event-0006"]
    assert sorted(r["id"] for r in answer["rejected"]) == [f"event-000{n}" for n in range(1, 6)]

    for body in (
        {"url": f"{ORIGIN}/\x00", "visitor_id": visitor},
        {"url": f"{ORIGIN}/", "visitor_id": visitor, "user_id": "u\x00"},
        {"url": f"{ORIGIN}/", "visitor_id": visitor, "traits": {"role": "a\x00"}},
    ):
        response = client.post(f"{base}/context", json=body, headers=headers)
        assert response.status_code == 422, response.text
    search = client.post(
        f"{base}/search", json={"q": "a\x00", "visitor_id": visitor}, headers=headers
    )
    assert search.status_code == 422
