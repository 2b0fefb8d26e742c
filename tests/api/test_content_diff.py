"""The diff between two versions of a guide, or a version and the current draft."""

from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.factories import make_app, make_guide, signed_in_as, step_body
from wegwijs.auth.models import Role
from wegwijs.content.diff import diff_sources


def test_diff_between_versions_and_against_the_draft(client: TestClient, session: Session) -> None:
    app = make_app(session)
    guide = make_guide(session, app, steps=3)
    base = f"/api/v1/apps/{app.key}/guides/{guide.id}"
    csrf = signed_in_as(client, session, app, Role.author)
    client.post(f"{base}/publish", headers=csrf)
    steps = client.get(base).json()["steps"]
    first, second, third = (step["id"] for step in steps)
    client.patch(base, json={"name": "Renamed", "priority": 3}, headers=csrf)
    client.patch(
        f"{base}/steps/{second}",
        json={"content": {"nl": {"title": "Stap twee", "body": "Nieuw"}}},
        headers=csrf,
    )
    client.delete(f"{base}/steps/{third}", headers=csrf)
    added = client.post(f"{base}/steps", json=step_body("Extra"), headers=csrf).json()["id"]

    draft_diff = client.get(f"{base}/diff", params={"from": 1})
    assert draft_diff.status_code == 200, draft_diff.text
    client.post(f"{base}/publish", headers=csrf)
    diff = client.get(f"{base}/diff", params={"from": 1, "to": 2}).json()

    assert draft_diff.json()["guide"] == diff["guide"]
    assert (diff["from"], diff["to"]) == (1, 2)
    assert {c["field"]: (c["before"], c["after"]) for c in diff["guide"]} == {
        "name": ("Submit a claim", "Renamed"),
        "priority": (0, 3),
    }
    by_id = {change["id"]: change for change in diff["steps"]}
    assert first not in by_id
    assert by_id[second]["status"] == "changed"
    assert {c["field"] for c in by_id[second]["changes"]} == {"content.nl.title", "content.nl.body"}
    assert by_id[third]["status"] == "removed" and by_id[third]["position_after"] is None
    assert by_id[added]["status"] == "added" and by_id[added]["position_after"] == 2


def test_diff_errors(client: TestClient, session: Session) -> None:
    app = make_app(session)
    guide = make_guide(session, app)
    base = f"/api/v1/apps/{app.key}/guides/{guide.id}"
    signed_in_as(client, session, app, Role.analyst)
    assert client.get(f"{base}/diff", params={"from": 1}).status_code == 404
    assert client.get(f"{base}/diff").status_code == 422
    assert client.get(f"{base}/diff", params={"from": 0}).status_code == 422


def test_moves_are_relative_to_shared_steps() -> None:
    def steps(*ids: str) -> dict:
        return {"guide": {}, "steps": [{"id": i} for i in ids]}

    inserted = diff_sources(steps("a", "b", "c"), steps("x", "a", "b", "c"))["steps"]
    assert [(c["id"], c["status"]) for c in inserted] == [("x", "added")]
    swapped = diff_sources(steps("a", "b", "c"), steps("b", "a", "c"))["steps"]
    assert {(c["id"], c["status"]) for c in swapped} == {("a", "moved"), ("b", "moved")}
