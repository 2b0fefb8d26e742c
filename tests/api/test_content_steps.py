"""Steps of a guide: add, change, remove and reorder, keyed by their stable ids."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.factories import make_app, make_guide, signed_in_as, step_body
from wegwijs.apps.models import App
from wegwijs.auth.models import Role
from wegwijs.content.models import Guide


def steps_url(app: App, guide: Guide, *parts: str) -> str:
    return "/".join([f"/api/v1/apps/{app.key}/guides/{guide.id}/steps", *parts])


def step_ids(client: TestClient, app: App, guide: Guide) -> list[str]:
    steps = client.get(f"/api/v1/apps/{app.key}/guides/{guide.id}").json()["steps"]
    assert [step["position"] for step in steps] == list(range(len(steps)))
    return [step["id"] for step in steps]


def test_steps_are_added_at_the_end_with_stable_ids(client: TestClient, session: Session) -> None:
    app = make_app(session)
    guide = make_guide(session, app, steps=1)
    csrf = signed_in_as(client, session, app, Role.author)
    [first] = step_ids(client, app, guide)
    added = client.post(
        steps_url(app, guide),
        json={**step_body("Choose a cost centre"), "placement": "floating", "id": "cost-centre"},
        headers=csrf,
    )
    assert added.status_code == 201, added.text
    assert added.json()["id"] == "cost-centre"
    assert added.json()["position"] == 1
    assert added.json()["placement"] == "floating"
    generated = client.post(steps_url(app, guide), json={}, headers=csrf).json()
    assert generated["id"].startswith("s_") and generated["id"] not in (first, "cost-centre")
    assert step_ids(client, app, guide) == [first, "cost-centre", generated["id"]]
    duplicate = client.post(steps_url(app, guide), json={"id": "cost-centre"}, headers=csrf)
    assert duplicate.status_code == 409
    assert duplicate.json()["error"]["code"] == "step_exists"


def test_a_step_is_changed_partially(client: TestClient, session: Session) -> None:
    app = make_app(session)
    guide = make_guide(session, app)
    csrf = signed_in_as(client, session, app, Role.author)
    [step_id] = step_ids(client, app, guide)
    changed = client.patch(
        steps_url(app, guide, step_id),
        json={
            "advance_trigger": "click",
            "sample_url": "https://claims.example.com/new",
            "content": {
                "nl": {"title": "Nieuw\u202e  ", "body": "Klik"},
                "en-GB": {"title": "New"},
            },
        },
        headers=csrf,
    )
    assert changed.status_code == 200, changed.text
    step = changed.json()
    assert step["advance_trigger"] == "click"
    assert step["placement"] == "auto"
    assert step["target"] == step_body()["target"]
    assert step["content"] == {
        "nl": {"title": "Nieuw", "body": "Klik"},
        "en-GB": {"title": "New", "body": ""},
    }
    floating = client.patch(steps_url(app, guide, step_id), json={"target": None}, headers=csrf)
    assert floating.json()["target"] is None
    for bad in ({"placement": None}, {"content": None}, {"placement": "center"}, {"id": "new"}):
        response = client.patch(steps_url(app, guide, step_id), json=bad, headers=csrf)
        assert response.status_code == 422, bad
    missing = client.patch(steps_url(app, guide, "s_missing"), json={}, headers=csrf)
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "step_not_found"


def test_removing_a_step_closes_the_gap(client: TestClient, session: Session) -> None:
    app = make_app(session)
    guide = make_guide(session, app, steps=3)
    csrf = signed_in_as(client, session, app, Role.author)
    first, middle, last = step_ids(client, app, guide)
    assert client.delete(steps_url(app, guide, middle), headers=csrf).status_code == 204
    assert step_ids(client, app, guide) == [first, last]
    assert client.delete(steps_url(app, guide, middle), headers=csrf).status_code == 404


def test_reorder(client: TestClient, session: Session) -> None:
    app = make_app(session)
    guide = make_guide(session, app, steps=3)
    csrf = signed_in_as(client, session, app, Role.author)
    a, b, c = step_ids(client, app, guide)
    response = client.put(
        steps_url(app, guide, "order"), json={"step_ids": [c, a, b]}, headers=csrf
    )
    assert response.status_code == 200, response.text
    assert [step["id"] for step in response.json()["steps"]] == [c, a, b]
    assert step_ids(client, app, guide) == [c, a, b]


@pytest.mark.parametrize(
    "order",
    [
        lambda a, b, c: [a, b],
        lambda a, b, c: [a, b, c, "s_unknown"],
        lambda a, b, c: [a, b, b],
        lambda a, b, c: [a, b, c, c],
        lambda a, b, c: [a, b, "s_unknown"],
        lambda a, b, c: [],
    ],
)
def test_reorder_must_name_every_step_once(
    client: TestClient, session: Session, order: Any
) -> None:
    app = make_app(session)
    guide = make_guide(session, app, steps=3)
    csrf = signed_in_as(client, session, app, Role.author)
    before = step_ids(client, app, guide)
    response = client.put(
        steps_url(app, guide, "order"), json={"step_ids": order(*before)}, headers=csrf
    )
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["loc"] == ["body", "step_ids"]
    assert step_ids(client, app, guide) == before


def test_a_guide_has_at_most_50_steps(client: TestClient, session: Session) -> None:
    app = make_app(session)
    guide = make_guide(session, app, steps=50)
    csrf = signed_in_as(client, session, app, Role.author)
    response = client.post(steps_url(app, guide), json={}, headers=csrf)
    assert response.status_code == 422
    assert len(step_ids(client, app, guide)) == 50
