"""Guides of every kind through the admin API: create, read, list, change, delete, who may."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from tests.factories import make_app, make_guide, make_token, signed_in_as, step_body
from wegwijs.auth.models import Role
from wegwijs.content.models import Guide, GuideKind, Step

KIND_BODIES: dict[GuideKind, dict[str, Any]] = {
    GuideKind.walkthrough: {
        "name": "Submit a claim",
        "steps": [step_body("Open the form"), step_body("Fill in the amount")],
    },
    GuideKind.tip: {
        "name": "What is a cost centre?",
        "settings": {"icon": "info", "trigger": "focus"},
        "steps": [step_body("Cost centre", "Ask your manager.")],
    },
    GuideKind.announcement: {
        "name": "New approval screen",
        "settings": {"display": "modal", "button_label": "  Show   me\n"},
        "steps": [step_body("Approvals moved", "Find them under **Team**.")],
    },
    GuideKind.checklist: {
        "name": "Your first week",
        "settings": {"items": ["submit-a-claim"]},
        "steps": [step_body("Get started", "Three things to do.")],
    },
}


def guides_url(app_key: str, *parts: object) -> str:
    return "/".join([f"/api/v1/apps/{app_key}/guides", *(str(part) for part in parts)])


@pytest.mark.parametrize("kind", list(GuideKind))
def test_crud_for_every_kind(client: TestClient, session: Session, kind: GuideKind) -> None:
    app = make_app(session)
    csrf = signed_in_as(client, session, app, Role.author)
    created = client.post(
        guides_url(app.key), json={"kind": kind, **KIND_BODIES[kind]}, headers=csrf
    )
    assert created.status_code == 201, created.text
    guide = created.json()
    assert guide["kind"] == kind
    assert guide["status"] == "draft"
    assert guide["live_version"] is None
    assert guide["has_unpublished_changes"] is True
    assert [step["position"] for step in guide["steps"]] == list(range(len(guide["steps"])))
    assert all(step["id"].startswith("s_") and len(step["id"]) == 10 for step in guide["steps"])

    read = client.get(guides_url(app.key, guide["id"]))
    assert read.status_code == 200
    assert read.json() == guide

    patched = client.patch(
        guides_url(app.key, guide["id"]), json={"name": "Renamed", "priority": 7}, headers=csrf
    )
    assert patched.status_code == 200, patched.text
    assert (patched.json()["name"], patched.json()["priority"]) == ("Renamed", 7)
    assert patched.json()["steps"] == guide["steps"]

    deleted = client.delete(guides_url(app.key, guide["id"]), headers=csrf)
    assert deleted.status_code == 204
    assert client.get(guides_url(app.key, guide["id"])).status_code == 404
    assert session.exec(select(Step).where(Step.guide_id == guide["id"])).all() == []


def test_settings_are_checked_and_completed_per_kind(client: TestClient, session: Session) -> None:
    app = make_app(session)
    csrf = signed_in_as(client, session, app, Role.author)
    tip = client.post(
        guides_url(app.key), json={"kind": "tip", "name": "Defaults"}, headers=csrf
    ).json()
    assert tip["settings"] == {"icon": "beacon", "trigger": "hover"}
    body = {"kind": "announcement", **KIND_BODIES[GuideKind.announcement]}
    announcement = client.post(guides_url(app.key), json=body, headers=csrf).json()
    assert announcement["settings"] == {
        "display": "modal",
        "start_walkthrough": None,
        "button_label": "Show me",
    }


def test_slug_is_made_from_the_name_and_kept_unique(client: TestClient, session: Session) -> None:
    app = make_app(session)
    csrf = signed_in_as(client, session, app, Role.author)
    slugs = [
        client.post(
            guides_url(app.key),
            json={"kind": "walkthrough", "name": "Déclaratie indienen!"},
            headers=csrf,
        ).json()["slug"]
        for _ in range(3)
    ]
    assert slugs == ["declaratie-indienen", "declaratie-indienen-2", "declaratie-indienen-3"]


def test_a_taken_slug_is_a_409(client: TestClient, session: Session) -> None:
    app = make_app(session)
    other_app = make_app(session, name="Other")
    make_guide(session, other_app, slug="onboarding")  # another app's slug does not count
    csrf = signed_in_as(client, session, app, Role.author)
    body = {"kind": "walkthrough", "name": "One", "slug": "onboarding"}
    assert client.post(guides_url(app.key), json=body, headers=csrf).status_code == 201
    again = client.post(guides_url(app.key), json={**body, "name": "Two"}, headers=csrf)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "slug_taken"
    second = client.post(
        guides_url(app.key), json={"kind": "tip", "name": "Two", "slug": "second"}, headers=csrf
    ).json()
    renamed = client.patch(
        guides_url(app.key, second["id"]), json={"slug": "onboarding"}, headers=csrf
    )
    assert renamed.status_code == 409
    same = client.patch(guides_url(app.key, second["id"]), json={"slug": "second"}, headers=csrf)
    assert same.status_code == 200


def test_list_is_paginated_and_filtered(client: TestClient, session: Session) -> None:
    app = make_app(session)
    other_app = make_app(session, name="Other")
    make_guide(session, other_app, name="Expenses elsewhere")
    for number in range(5):
        make_guide(session, app, name=f"Expenses {number}")
    make_guide(session, app, kind=GuideKind.tip, name="Cost centre tip")
    make_guide(session, app, kind=GuideKind.announcement, name="100% new_layout")
    signed_in_as(client, session, app, Role.analyst)

    first = client.get(guides_url(app.key), params={"per_page": 3}).json()
    second = client.get(guides_url(app.key), params={"per_page": 3, "page": 2}).json()
    third = client.get(guides_url(app.key), params={"per_page": 3, "page": 3}).json()
    assert (first["count"], first["page"], first["per_page"]) == (7, 1, 3)
    assert [len(page["data"]) for page in (first, second, third)] == [3, 3, 1]
    names = [guide["name"] for page in (first, second, third) for guide in page["data"]]
    assert len(set(names)) == 7 and "Expenses elsewhere" not in names

    def names_for(**params: Any) -> set[str]:
        response = client.get(guides_url(app.key), params=params)
        assert response.status_code == 200, response.text
        assert response.json()["count"] == len(response.json()["data"])
        return {guide["name"] for guide in response.json()["data"]}

    assert names_for(kind="tip") == {"Cost centre tip"}
    assert names_for(q="COST") == {"Cost centre tip"}
    assert len(names_for(q="expenses", kind="walkthrough")) == 5
    assert names_for(q="100%") == {"100% new_layout"}
    assert names_for(q="_") == {"100% new_layout"}
    assert names_for(status="published") == set()
    assert len(names_for(status="draft")) == 7


@pytest.mark.parametrize(
    "params", [{"per_page": 101}, {"per_page": 0}, {"page": 0}, {"kind": "poster"}, {"status": "x"}]
)
def test_bad_list_parameters_are_422(
    client: TestClient, session: Session, params: dict[str, Any]
) -> None:
    app = make_app(session)
    signed_in_as(client, session, app, Role.analyst)
    response = client.get(guides_url(app.key), params=params)
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["loc"] == ["query", next(iter(params))]


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({"kind": "poster"}, ["body", "kind"]),
        ({"name": ""}, ["body", "name"]),
        ({"name": " \n\t "}, ["body", "name"]),
        ({"name": "x" * 201}, ["body", "name"]),
        ({"slug": "Not A Slug"}, ["body", "slug"]),
        ({"priority": 1001}, ["body", "priority"]),
        ({"frequency": "hourly"}, ["body", "frequency"]),
        ({"starts_at": "tomorrow"}, ["body", "starts_at"]),
        ({"unknown": 1}, ["body", "unknown"]),
        ({"targeting": {"url_rules": "not a list"}}, ["body", "targeting", "url_rules"]),
        ({"settings": {"display": "popup"}}, ["body", "settings", "display"]),
        ({"settings": {"extra": True}}, ["body", "settings", "extra"]),
        (
            {"starts_at": "2030-01-02T00:00:00Z", "ends_at": "2030-01-01T00:00:00Z"},
            ["body", "ends_at"],
        ),
        ({"steps": [{"placement": "middle"}]}, ["body", "steps", 0, "placement"]),
        ({"steps": [{"advance_trigger": "hover"}]}, ["body", "steps", 0, "advance_trigger"]),
        ({"steps": [{"id": "a b"}]}, ["body", "steps", 0, "id"]),
        ({"steps": [{"id": "same"}, {"id": "same"}]}, ["body", "steps"]),
        ({"steps": [{"sample_url": "javascript:alert(1)"}]}, ["body", "steps", 0, "sample_url"]),
        ({"steps": [{"url_rule": "/x" * 251}]}, ["body", "steps", 0, "url_rule"]),
        ({"steps": [{"target": ["not", "an", "object"]}]}, ["body", "steps", 0, "target"]),
        ({"steps": [{"target": {"text": "x" * 9000}}]}, ["body", "steps", 0, "target"]),
        (
            {"steps": [{"content": {"dutch": {"title": "x"}}}]},
            ["body", "steps", 0, "content", "dutch", "[key]"],
        ),
        (
            {"steps": [{"content": {"nl": {"title": "x" * 201}}}]},
            ["body", "steps", 0, "content", "nl", "title"],
        ),
        (
            {"steps": [{"content": {"nl": {"body": "x" * 20001}}}]},
            ["body", "steps", 0, "content", "nl", "body"],
        ),
        (
            {"steps": [{"content": {f"{a}{b}": {} for a in "abc" for b in "abcd"}}]},
            ["body", "steps", 0, "content"],
        ),
        ({"steps": [{}] * 51}, ["body", "steps"]),
    ],
)
def test_bad_guides_are_refused_with_field_details(
    client: TestClient, session: Session, body: dict[str, Any], loc: list[Any]
) -> None:
    app = make_app(session)
    csrf = signed_in_as(client, session, app, Role.author)
    kind = "announcement" if "display" in body.get("settings", {}) else "walkthrough"
    response = client.post(
        guides_url(app.key), json={"kind": kind, "name": "Valid", **body}, headers=csrf
    )
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert error["details"][0]["loc"] == loc
    assert session.exec(select(Guide)).all() == []


def test_naive_times_are_read_on_the_apps_clock(client: TestClient, session: Session) -> None:
    app = make_app(session)  # Europe/Amsterdam: UTC+2 in summer
    csrf = signed_in_as(client, session, app, Role.author)
    body = {
        "kind": "announcement",
        "name": "Maintenance",
        "starts_at": "2030-07-01T09:00:00",
        "ends_at": "2030-07-01T09:30:00+00:00",
    }
    guide = client.post(guides_url(app.key), json=body, headers=csrf).json()
    assert guide["starts_at"] in ("2030-07-01T07:00:00Z", "2030-07-01T07:00:00+00:00")
    assert guide["ends_at"] in ("2030-07-01T09:30:00Z", "2030-07-01T09:30:00+00:00")
    earlier = client.patch(
        guides_url(app.key, guide["id"]), json={"ends_at": "2030-07-01T09:00:00"}, headers=csrf
    )
    assert earlier.status_code == 422
    assert earlier.json()["error"]["details"][0]["loc"] == ["body", "ends_at"]
    cleared = client.patch(
        guides_url(app.key, guide["id"]), json={"starts_at": None, "ends_at": None}, headers=csrf
    )
    assert (cleared.json()["starts_at"], cleared.json()["ends_at"]) == (None, None)


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({"name": None}, ["body", "name"]),
        ({"settings": None}, ["body", "settings"]),
        ({"settings": {"icon": "star"}}, ["body", "settings", "icon"]),
        ({"kind": "walkthrough"}, ["body", "kind"]),
    ],
)
def test_bad_updates_are_refused(
    client: TestClient, session: Session, body: dict[str, Any], loc: list[Any]
) -> None:
    app = make_app(session)
    guide = make_guide(session, app, kind=GuideKind.tip, name="Unchanged")
    csrf = signed_in_as(client, session, app, Role.author)
    response = client.patch(guides_url(app.key, guide.id), json=body, headers=csrf)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["details"][0]["loc"] == loc
    assert client.get(guides_url(app.key, guide.id)).json()["name"] == "Unchanged"


def test_another_apps_guide_is_404_through_this_apps_path(
    client: TestClient, session: Session
) -> None:
    app_a = make_app(session, name="A")
    app_b = make_app(session, name="B")
    guide_b = make_guide(session, app_b, name="B's guide")
    step_b = session.exec(select(Step).where(Step.guide_id == guide_b.id)).one()
    csrf = signed_in_as(client, session, app_a, Role.admin)
    calls = [
        client.get(guides_url(app_a.key, guide_b.id)),
        client.patch(guides_url(app_a.key, guide_b.id), json={"name": "mine"}, headers=csrf),
        client.delete(guides_url(app_a.key, guide_b.id), headers=csrf),
        client.post(guides_url(app_a.key, guide_b.id, "steps"), json={}, headers=csrf),
        client.patch(
            guides_url(app_a.key, guide_b.id, "steps", step_b.stable_id), json={}, headers=csrf
        ),
        client.post(guides_url(app_a.key, guide_b.id, "publish"), headers=csrf),
        client.get(guides_url(app_a.key, guide_b.id, "versions")),
    ]
    assert [call.status_code for call in calls] == [404] * len(calls)
    assert {call.json()["error"]["code"] for call in calls} == {"guide_not_found"}
    assert client.get(guides_url(app_a.key)).json()["count"] == 0
    session.refresh(guide_b)
    assert guide_b.name == "B's guide" and guide_b.live_version is None


def test_an_author_of_app_a_gets_403_on_app_b(client: TestClient, session: Session) -> None:
    app_a = make_app(session, name="A")
    app_b = make_app(session, name="B")
    guide_b = make_guide(session, app_b)
    csrf = signed_in_as(client, session, app_a, Role.author)
    assert client.get(guides_url(app_a.key)).status_code == 200
    calls = [
        client.get(guides_url(app_b.key)),
        client.get(guides_url(app_b.key, guide_b.id)),
        client.post(guides_url(app_b.key), json={"kind": "tip", "name": "x"}, headers=csrf),
        client.post(guides_url(app_b.key, guide_b.id, "publish"), headers=csrf),
    ]
    assert [call.status_code for call in calls] == [403] * len(calls)


def test_an_analyst_reads_but_does_not_write(client: TestClient, session: Session) -> None:
    app = make_app(session)
    guide = make_guide(session, app)
    step_id = session.exec(select(Step.stable_id).where(Step.guide_id == guide.id)).one()
    csrf = signed_in_as(client, session, app, Role.analyst)
    reads = [
        client.get(guides_url(app.key)),
        client.get(guides_url(app.key, guide.id)),
        client.get(guides_url(app.key, guide.id, "versions")),
        client.get(guides_url(app.key, guide.id, "preview")),
    ]
    assert [read.status_code for read in reads] == [200] * len(reads)
    writes = [
        client.post(guides_url(app.key), json={"kind": "tip", "name": "x"}, headers=csrf),
        client.patch(guides_url(app.key, guide.id), json={"name": "x"}, headers=csrf),
        client.delete(guides_url(app.key, guide.id), headers=csrf),
        client.post(guides_url(app.key, guide.id, "steps"), json={}, headers=csrf),
        client.patch(guides_url(app.key, guide.id, "steps", step_id), json={}, headers=csrf),
        client.delete(guides_url(app.key, guide.id, "steps", step_id), headers=csrf),
        client.put(
            guides_url(app.key, guide.id, "steps", "order"),
            json={"step_ids": [step_id]},
            headers=csrf,
        ),
        client.post(guides_url(app.key, guide.id, "publish"), headers=csrf),
        client.post(guides_url(app.key, guide.id, "rollback"), json={"version": 1}, headers=csrf),
        client.post(guides_url(app.key, guide.id, "unpublish"), headers=csrf),
        client.post(guides_url(app.key, guide.id, "archive"), headers=csrf),
        client.post(guides_url(app.key, guide.id, "restore"), headers=csrf),
    ]
    assert [write.status_code for write in writes] == [403] * len(writes)
    assert {write.json()["error"]["code"] for write in writes} == {"forbidden"}
    session.refresh(guide)
    assert guide.name == "Submit a claim"


def test_an_author_token_creates_guides(client: TestClient, session: Session) -> None:
    app = make_app(session)
    headers = {"Authorization": f"Bearer {make_token(session, app, Role.author)}"}
    created = client.post(
        guides_url(app.key), json={"kind": "tip", "name": "Via the API"}, headers=headers
    )
    assert created.status_code == 201, created.text
    guide = session.get(Guide, created.json()["id"])
    assert guide is not None and guide.created_by_id is None
    reader = {"Authorization": f"Bearer {make_token(session, app, Role.analyst)}"}
    assert (
        client.post(
            guides_url(app.key), json={"kind": "tip", "name": "x"}, headers=reader
        ).status_code
        == 403
    )


def test_signed_out_callers_get_401(client: TestClient, session: Session) -> None:
    app = make_app(session)
    assert client.get(guides_url(app.key)).status_code == 401
    assert client.post(guides_url(app.key), json={"kind": "tip", "name": "x"}).status_code == 401
