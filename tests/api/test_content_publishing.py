"""Publishing: immutable versions, rollback, unpublish, archive, and what visitors may get."""

from html.parser import HTMLParser
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from tests.factories import make_app, make_guide, signed_in_as, step_body
from wegwijs.apps.models import App
from wegwijs.auth.models import Role
from wegwijs.content.models import Guide, GuideKind, GuideVersion
from wegwijs.content.snapshot import build_snapshot, for_visitors, ordered_steps

HOSTILE_BODY = (
    "Click <script>alert(1)</script> [here](javascript:alert(1)) "
    "<img src=x onerror=alert(1)> ![x](data:image/png;base64,AA) [ok](https://ok.example)"
)


def url(app: App, guide: Guide | int, *parts: object) -> str:
    guide_id = guide if isinstance(guide, int) else guide.id
    return "/".join([f"/api/v1/apps/{app.key}/guides/{guide_id}", *(str(p) for p in parts)])


def content_version(session: Session, app: App) -> int:
    session.refresh(app)
    return app.content_version


def test_publish_freezes_the_draft_into_version_1(client: TestClient, session: Session) -> None:
    app = make_app(session)
    guide = make_guide(session, app, steps=2)
    csrf = signed_in_as(client, session, app, Role.author)
    published = client.post(url(app, guide, "publish"), headers=csrf)
    assert published.status_code == 200, published.text
    assert published.json()["status"] == "published"
    assert published.json()["live_version"] == 1
    assert published.json()["has_unpublished_changes"] is False
    snapshot = client.get(url(app, guide, "versions", 1)).json()
    assert snapshot["version"] == 1
    assert snapshot["name"] == "Submit a claim"
    assert [step["content"]["nl"]["title"] for step in snapshot["steps"]] == ["Step 1", "Step 2"]
    assert snapshot["meta"]["restored_from"] is None
    versions = client.get(url(app, guide, "versions")).json()
    assert versions["count"] == 1
    assert versions["data"][0]["number"] == 1
    assert versions["data"][0]["published_by"] == "author@example.com"


def test_snapshot_matches_the_contract(session: Session) -> None:
    app = make_app(session)
    guide = make_guide(
        session,
        app,
        kind=GuideKind.announcement,
        name="  New\tscreen ",
        settings={"display": "banner", "button_label": "Show\x00 me"},
        starts_at="2030-07-01T09:00:00+02:00",
        steps=[
            {
                **step_body("Moved", "**Look**"),
                "content": {
                    "nl": {"title": "Verplaatst", "body": "**Kijk**"},
                    "en": {"title": "Moved", "body": "**Look**"},
                    "de": {"title": "", "body": "untitled"},
                },
            }
        ],
    )
    steps = ordered_steps(session=session, guide=guide)
    snapshot = build_snapshot(guide=guide, steps=steps, version=3)
    assert set(snapshot) == {
        "id", "slug", "kind", "name", "version", "targeting", "starts_at", "ends_at",
        "frequency", "priority", "settings", "steps", "locales", "meta",
    }  # fmt: skip
    assert snapshot["id"] == guide.id and snapshot["version"] == 3
    assert snapshot["kind"] == "announcement" and snapshot["name"] == "New screen"
    assert snapshot["starts_at"] == "2030-07-01T07:00:00+00:00" and snapshot["ends_at"] is None
    assert snapshot["settings"] == {
        "display": "banner",
        "start_walkthrough": None,
        "button_label": "Show me",
    }
    assert snapshot["targeting"]["url_rules"] == ["*"]
    assert snapshot["locales"] == ["en", "nl"]
    assert snapshot["meta"] == {"published_at": None, "restored_from": None}
    [step] = snapshot["steps"]
    assert step["id"] == steps[0].stable_id and step["position"] == 0
    assert step["placement"] == "auto" and step["advance_trigger"] == "next"
    assert step["content"]["en"] == {"title": "Moved", "body_html": "<p><strong>Look</strong></p>"}
    assert set(step) == {
        "id", "position", "target", "url_rule", "sample_url", "placement", "advance_trigger",
        "content",
    }  # fmt: skip


def test_versions_are_immutable(client: TestClient, session: Session) -> None:
    app = make_app(session)
    guide = make_guide(session, app, steps=2)
    csrf = signed_in_as(client, session, app, Role.author)
    client.post(url(app, guide, "publish"), headers=csrf)
    frozen = client.get(url(app, guide, "versions", 1)).json()
    first_step = frozen["steps"][0]["id"]

    client.patch(url(app, guide), json={"name": "Changed"}, headers=csrf)
    client.patch(
        url(app, guide, "steps", first_step),
        json={"content": {"nl": {"title": "Changed title"}}},
        headers=csrf,
    )
    client.post(url(app, guide, "steps"), json=step_body("Extra"), headers=csrf)
    client.put(
        url(app, guide, "steps", "order"),
        json={"step_ids": [s["id"] for s in client.get(url(app, guide)).json()["steps"]][::-1]},
        headers=csrf,
    )
    assert client.get(url(app, guide, "versions", 1)).json() == frozen
    draft = client.get(url(app, guide)).json()
    assert draft["has_unpublished_changes"] is True
    assert draft["live_version"] == 1

    republished = client.post(url(app, guide, "publish"), headers=csrf).json()
    assert republished["live_version"] == 2 and republished["has_unpublished_changes"] is False
    assert client.get(url(app, guide, "versions", 1)).json() == frozen
    second = client.get(url(app, guide, "versions", 2)).json()
    assert second["name"] == "Changed" and len(second["steps"]) == 3


def test_rollback_publishes_the_old_content_as_a_new_version(
    client: TestClient, session: Session
) -> None:
    app = make_app(session)
    guide = make_guide(session, app, steps=1, priority=5)
    csrf = signed_in_as(client, session, app, Role.author)
    client.post(url(app, guide, "publish"), headers=csrf)
    original = client.get(url(app, guide)).json()
    client.patch(url(app, guide), json={"name": "Second", "priority": 9}, headers=csrf)
    client.post(url(app, guide, "steps"), json=step_body("Added later"), headers=csrf)
    client.post(url(app, guide, "publish"), headers=csrf)
    before = content_version(session, app)

    rolled = client.post(url(app, guide, "rollback"), json={"version": 1}, headers=csrf)
    assert rolled.status_code == 200, rolled.text
    draft = rolled.json()
    assert draft["live_version"] == 3
    assert draft["has_unpublished_changes"] is False
    assert (draft["name"], draft["priority"]) == ("Submit a claim", 5)
    assert draft["steps"] == original["steps"]
    third = client.get(url(app, guide, "versions", 3)).json()
    first = client.get(url(app, guide, "versions", 1)).json()
    assert third["version"] == 3 and third["meta"]["restored_from"] == 1
    assert third["steps"] == first["steps"] and third["name"] == first["name"]
    assert content_version(session, app) == before + 1
    versions = client.get(url(app, guide, "versions")).json()["data"]
    assert [(v["number"], v["restored_from"]) for v in versions] == [(3, 1), (2, None), (1, None)]

    missing = client.post(url(app, guide, "rollback"), json={"version": 9}, headers=csrf)
    assert missing.status_code == 404
    assert (
        client.post(url(app, guide, "rollback"), json={"version": 0}, headers=csrf).status_code
        == 422
    )


def test_unpublish_archive_and_restore(client: TestClient, session: Session) -> None:
    app = make_app(session)
    guide = make_guide(session, app)
    csrf = signed_in_as(client, session, app, Role.author)
    client.post(url(app, guide, "publish"), headers=csrf)

    unpublished = client.post(url(app, guide, "unpublish"), headers=csrf).json()
    assert (unpublished["status"], unpublished["live_version"]) == ("draft", None)
    client.post(url(app, guide, "publish"), headers=csrf)
    archived = client.post(url(app, guide, "archive"), headers=csrf)
    assert archived.status_code == 200
    assert (archived.json()["status"], archived.json()["live_version"]) == ("archived", None)

    step_id = archived.json()["steps"][0]["id"]
    refused = [
        client.patch(url(app, guide), json={"name": "x"}, headers=csrf),
        client.post(url(app, guide, "steps"), json={}, headers=csrf),
        client.patch(url(app, guide, "steps", step_id), json={}, headers=csrf),
        client.delete(url(app, guide, "steps", step_id), headers=csrf),
        client.put(url(app, guide, "steps", "order"), json={"step_ids": [step_id]}, headers=csrf),
        client.post(url(app, guide, "publish"), headers=csrf),
        client.post(url(app, guide, "rollback"), json={"version": 1}, headers=csrf),
        client.post(url(app, guide, "unpublish"), headers=csrf),
        client.post(url(app, guide, "archive"), headers=csrf),
    ]
    assert [r.status_code for r in refused] == [409] * len(refused)
    assert {r.json()["error"]["code"] for r in refused} == {"guide_archived"}

    restored = client.post(url(app, guide, "restore"), headers=csrf)
    assert (restored.json()["status"], restored.json()["live_version"]) == ("draft", None)
    assert client.post(url(app, guide, "restore"), headers=csrf).status_code == 409
    assert client.patch(url(app, guide), json={"name": "x"}, headers=csrf).status_code == 200
    republished = client.post(url(app, guide, "publish"), headers=csrf).json()
    assert republished["live_version"] == 3


@pytest.mark.parametrize(
    ("action", "body"),
    [("publish", None), ("unpublish", None), ("archive", None), ("rollback", {"version": 1})],
)
def test_visible_changes_bump_content_version_and_sync_search(
    client: TestClient,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
    action: str,
    body: dict[str, Any] | None,
) -> None:
    app = make_app(session)
    guide = make_guide(session, app)
    csrf = signed_in_as(client, session, app, Role.author)
    client.post(url(app, guide, "publish"), headers=csrf)
    synced: list[tuple[int | None, int | None]] = []
    monkeypatch.setattr(
        "wegwijs.content.service.sync_guide_index",
        lambda *, session, guide: synced.append((guide.id, guide.live_version)),
    )
    before = content_version(session, app)
    response = client.post(url(app, guide, action), json=body, headers=csrf)
    assert response.status_code == 200, response.text
    assert content_version(session, app) == before + 1
    assert synced == [(guide.id, response.json()["live_version"])]


def test_delete_bumps_content_version_and_removes_versions(
    client: TestClient, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(session)
    guide = make_guide(session, app)
    guide_id = guide.id
    csrf = signed_in_as(client, session, app, Role.author)
    client.post(url(app, guide, "publish"), headers=csrf)
    synced: list[int | None] = []
    monkeypatch.setattr(
        "wegwijs.content.service.sync_guide_index",
        lambda *, session, guide: synced.append(guide.live_version),
    )
    before = content_version(session, app)
    assert client.delete(url(app, guide), headers=csrf).status_code == 204
    assert content_version(session, app) == before + 1
    assert synced == [None]
    assert session.exec(select(GuideVersion).where(GuideVersion.guide_id == guide_id)).all() == []


def test_draft_edits_do_not_bump_content_version(client: TestClient, session: Session) -> None:
    app = make_app(session)
    guide = make_guide(session, app)
    csrf = signed_in_as(client, session, app, Role.author)
    before = content_version(session, app)
    client.patch(url(app, guide), json={"name": "Draft only"}, headers=csrf)
    client.post(url(app, guide, "steps"), json={}, headers=csrf)
    assert content_version(session, app) == before


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


def test_only_sanitised_html_is_published(client: TestClient, session: Session) -> None:
    app = make_app(session)
    csrf = signed_in_as(client, session, app, Role.author)
    created = client.post(
        f"/api/v1/apps/{app.key}/guides",
        json={
            "kind": "walkthrough",
            "name": "<img src=x onerror=alert(1)>",
            "steps": [{"content": {"nl": {"title": "<b>Titel</b>", "body": HOSTILE_BODY}}}],
        },
        headers=csrf,
    ).json()
    # The draft keeps what the author wrote: it is source text, edited in a text field.
    assert created["steps"][0]["content"]["nl"]["body"] == HOSTILE_BODY
    preview = client.get(url(app, created["id"], "preview")).json()
    client.post(url(app, created["id"], "publish"), headers=csrf)
    published = client.get(url(app, created["id"], "versions", 1)).json()
    for snapshot in (preview, for_visitors(published)):
        assert snapshot["name"] == "<img src=x onerror=alert(1)>"  # plain text, never HTML
        step = snapshot["steps"][0]["content"]["nl"]
        assert step["title"] == "<b>Titel</b>"
        parser = Tags()
        parser.feed(step["body_html"])
        assert [tag for tag, _ in parser.found] == ["p", "img", "a"]
        assert parser.found[1][1] == {"alt": "x"}
        assert parser.found[2][1]["href"] == "https://ok.example"
        assert "<script" not in step["body_html"] and "javascript:" not in str(parser.found)
        assert "body" not in step
    assert HOSTILE_BODY not in str(for_visitors(published))
    assert "source" not in for_visitors(published) and "source" in published


def publish_problems(client: TestClient, app: App, guide: Guide, csrf: dict[str, str]) -> list[Any]:
    response = client.post(url(app, guide, "publish"), headers=csrf)
    if response.status_code == 200:
        return []
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "cannot_publish"
    return [detail["loc"] for detail in response.json()["error"]["details"]]


@pytest.mark.parametrize(
    ("kind", "fields", "problem"),
    [
        (GuideKind.walkthrough, {"steps": 0}, ["steps"]),
        (GuideKind.tip, {"steps": 2}, ["steps"]),
        (GuideKind.announcement, {"steps": 0}, ["steps"]),
        (GuideKind.checklist, {"steps": 2, "settings": {"items": ["submit-a-claim"]}}, ["steps"]),
        (
            GuideKind.tip,
            {"steps": [{"content": {"nl": {"title": "No element"}}}]},
            ["steps", 0, "target"],
        ),
        (
            GuideKind.announcement,
            {"settings": {"display": "anchored"}, "steps": [{"content": {"nl": {"title": "x"}}}]},
            ["steps", 0, "target"],
        ),
        (GuideKind.walkthrough, {"steps": [{"content": {"nl": {"body": "untitled"}}}]}, ["steps"]),
        (
            GuideKind.walkthrough,
            {"steps": [step_body("nl only"), step_body("en only", locale="en")]},
            ["steps"],
        ),
        (GuideKind.checklist, {"settings": {"items": []}}, ["settings", "items"]),
        (GuideKind.checklist, {"settings": {"items": ["no-such-walkthrough"]}}, ["settings"]),
        (GuideKind.checklist, {"settings": {"items": ["a-tip-not-a-walkthrough"]}}, ["settings"]),
        (GuideKind.announcement, {"settings": {"start_walkthrough": "gone"}}, ["settings"]),
    ],
)
def test_kind_rules_are_enforced_at_publish(
    client: TestClient,
    session: Session,
    kind: GuideKind,
    fields: dict[str, Any],
    problem: list[Any],
) -> None:
    app = make_app(session)
    make_guide(session, app, name="Submit a claim")
    make_guide(session, app, kind=GuideKind.tip, name="A tip, not a walkthrough")
    guide = make_guide(
        session, app, kind=kind, name="Checked", **fields
    )  # drafts may be unfinished
    csrf = signed_in_as(client, session, app, Role.author)
    assert publish_problems(client, app, guide, csrf) == [problem]
    assert client.get(url(app, guide)).json()["live_version"] is None
    assert session.exec(select(GuideVersion).where(GuideVersion.guide_id == guide.id)).all() == []


@pytest.mark.parametrize(
    ("kind", "fields"),
    [
        (GuideKind.walkthrough, {"steps": 50}),
        (GuideKind.tip, {"steps": 1}),
        (GuideKind.announcement, {"steps": [{"content": {"nl": {"title": "Floating"}}}]}),
        (GuideKind.checklist, {"settings": {"items": ["submit-a-claim"]}}),
        (GuideKind.announcement, {"settings": {"start_walkthrough": "submit-a-claim"}}),
    ],
)
def test_complete_guides_of_every_kind_publish(
    client: TestClient, session: Session, kind: GuideKind, fields: dict[str, Any]
) -> None:
    app = make_app(session)
    make_guide(session, app, name="Submit a claim")
    guide = make_guide(session, app, kind=kind, name="Complete", **fields)
    csrf = signed_in_as(client, session, app, Role.author)
    assert publish_problems(client, app, guide, csrf) == []
