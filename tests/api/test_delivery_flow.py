"""Authoring and delivery together: what authors publish is what visitors get."""

import time
from html.parser import HTMLParser
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.delivery_factories import publish
from tests.factories import make_account, make_app, make_guide, signed_in_as, step_body
from wegwijs.apps.models import App
from wegwijs.auth.models import Role
from wegwijs.delivery.preview import issue_preview_token
from wegwijs.visitors.models import VisitorState  # noqa: F401  (tables for state)

ORIGIN = "http://host.example.com"


def context(client: TestClient, app: App, **body: Any) -> dict[str, Any]:
    # Freshness across workers (within a second) is tested on its own; here each answer
    # should reflect the database right now.
    client.app.state.delivery.clear()
    payload = {"url": "http://host.example.com/claims/new", "visitor_id": "visitor-0001", **body}
    response = client.post(
        f"/api/public/v1/apps/{app.key}/context", json=payload, headers={"Origin": ORIGIN}
    )
    assert response.status_code == 200, response.text
    return response.json()


def step_titles(body: dict[str, Any]) -> list[list[str]]:
    return [[step["title"] for step in entry["steps"]] for entry in body["walkthroughs"]]


def test_publish_rollback_and_unpublish_show_in_the_context(
    client: TestClient, session: Session
) -> None:
    app = make_app(session)
    csrf = signed_in_as(client, session, app, Role.author)
    guide = make_guide(session, app, steps=[step_body("Eerste versie")])
    base = f"/api/v1/apps/{app.key}/guides/{guide.id}"
    assert context(client, app)["walkthroughs"] == []  # drafts are never served

    assert client.post(f"{base}/publish", headers=csrf).status_code in (200, 201)
    assert step_titles(context(client, app)) == [["Eerste versie"]]

    [step] = client.get(base).json()["steps"]
    edit = {"content": {"nl": {"title": "Tweede versie", "body": "Nieuw"}}}
    assert client.patch(f"{base}/steps/{step['id']}", json=edit, headers=csrf).status_code == 200
    assert step_titles(context(client, app)) == [["Eerste versie"]]  # the draft moved on
    client.post(f"{base}/publish", headers=csrf)
    assert step_titles(context(client, app)) == [["Tweede versie"]]

    rollback = client.post(f"{base}/rollback", json={"version": 1}, headers=csrf)
    assert rollback.status_code in (200, 201), rollback.text
    body = context(client, app)
    assert step_titles(body) == [["Eerste versie"]]
    assert body["walkthroughs"][0]["version"] == 3

    client.post(f"{base}/unpublish", headers=csrf)
    assert context(client, app)["walkthroughs"] == []


def test_markdown_is_served_only_as_sanitised_html(client: TestClient, session: Session) -> None:
    app = make_app(session)
    csrf = signed_in_as(client, session, app, Role.author)
    hostile = "[klik](javascript:alert(1)) <script>alert(2)</script> <img src=x onerror=alert(3)>"
    guide = make_guide(session, app, steps=[step_body("Titel <b>vet</b>", hostile)])
    client.post(f"/api/v1/apps/{app.key}/guides/{guide.id}/publish", headers=csrf)
    [step] = context(client, app)["walkthroughs"][0]["steps"]
    tags = markup_of(step["body_html"])
    assert {tag for tag, _ in tags} <= {"p", "a", "strong", "em"}
    assert all(not name.startswith("on") for _, attrs in tags for name, _ in attrs)
    assert all("javascript" not in (value or "") for _, attrs in tags for _, value in attrs)
    assert step["title"] == "Titel <b>vet</b>"  # plain text: the widget sets textContent


def markup_of(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """The tags and attributes a browser would build from `html` (text is just text)."""
    found: list[tuple[str, list[tuple[str, str | None]]]] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, attrs))

    Collector().feed(html)
    return found


# -- previews ----------------------------------------------------------------------------------


def preview_token(client: TestClient, app: App, csrf: dict[str, str], **params: Any) -> str:
    response = client.post(f"/api/v1/apps/{app.key}/preview-token", params=params, headers=csrf)
    assert response.status_code == 200, response.text
    return response.json()["token"]


def test_preview_token_shows_the_authors_draft(client: TestClient, session: Session) -> None:
    app = make_app(session)
    csrf = signed_in_as(client, session, app, Role.author)
    draft = make_guide(session, app, steps=[step_body("Concept")])
    token = preview_token(client, app, csrf, guide_id=draft.id)
    client.cookies.clear()  # the host app's page has no admin session
    body = context(client, app, preview_token=token)
    [entry] = body["walkthroughs"]
    assert (entry["id"], entry["preview"], entry["eligible"]) == (draft.id, True, True)
    assert entry["steps"][0]["title"] == "Concept"
    assert context(client, app)["walkthroughs"] == []  # everyone else sees nothing


def test_expired_forged_and_foreign_preview_tokens_are_refused(
    client: TestClient, session: Session
) -> None:
    app = make_app(session, name="A")
    other = make_app(session, name="B", origins=[ORIGIN])
    author = make_account(session, "author@example.com", app=app, role=Role.author)
    secret = client.app.state.secret_key
    expired, _ = issue_preview_token(
        secret_key=secret,
        app_id=app.id,
        account_id=author.id,
        guide_id=None,
        now=time.time() - 3600,
    )
    foreign, _ = issue_preview_token(
        secret_key=secret, app_id=other.id, account_id=author.id, guide_id=None
    )
    forged, _ = issue_preview_token(
        secret_key="not-the-server-secret" * 3, app_id=app.id, account_id=author.id, guide_id=None
    )
    outsider = make_account(session, "outsider@example.com", app=other, role=Role.author)
    not_a_member, _ = issue_preview_token(
        secret_key=secret, app_id=app.id, account_id=outsider.id, guide_id=None
    )
    cases = {
        expired: "preview_token_expired",
        foreign: "invalid_preview_token",
        forged: "invalid_preview_token",
        not_a_member: "invalid_preview_token",
        "garbage": "invalid_preview_token",
    }
    for token, code in cases.items():
        response = client.post(
            f"/api/public/v1/apps/{app.key}/context",
            json={
                "url": "http://host.example.com/",
                "visitor_id": "visitor-0001",
                "preview_token": token,
            },
            headers={"Origin": ORIGIN},
        )
        assert response.status_code == 403, token
        assert response.json()["error"]["code"] == code


def test_analysts_cannot_issue_preview_tokens(client: TestClient, session: Session) -> None:
    app = make_app(session)
    csrf = signed_in_as(client, session, app, Role.analyst)
    response = client.post(f"/api/v1/apps/{app.key}/preview-token", headers=csrf)
    assert response.status_code == 403


# -- search ------------------------------------------------------------------------------------


def search(client: TestClient, app: App, q: str, **body: Any) -> dict[str, Any]:
    payload = {"q": q, "visitor_id": "visitor-0001", "locale": "nl", **body}
    response = client.post(
        f"/api/public/v1/apps/{app.key}/search", json=payload, headers={"Origin": ORIGIN}
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_search_finds_published_guides_this_visitor_may_see(
    client: TestClient, session: Session
) -> None:
    app = make_app(session)
    csrf = signed_in_as(client, session, app, Role.author)
    everyone = make_guide(session, app, name="Declaratie", steps=[step_body("Declaratie indienen")])
    approvers = make_guide(
        session,
        app,
        name="Goedkeuren",
        steps=[step_body("Declaratie goedkeuren")],
        targeting={"audience": {"all": [{"trait": "role", "op": "eq", "value": "approver"}]}},
    )
    make_guide(session, app, name="Concept", steps=[step_body("Declaratie concept")])
    for guide in (everyone, approvers):
        client.post(f"/api/v1/apps/{app.key}/guides/{guide.id}/publish", headers=csrf)
    employee = search(client, app, "declaratie", traits={"role": "employee"})
    assert [hit["guide_id"] for hit in employee["results"]] == [everyone.id]
    approver = search(client, app, "declar", traits={"role": "approver"})
    assert {hit["guide_id"] for hit in approver["results"]} == {everyone.id, approvers.id}
    assert "<mark>" in approver["results"][0]["snippet_html"]
    assert search(client, app, "<script>alert(1)</script>")["results"] == []


def test_search_respects_origin_and_other_apps(client: TestClient, session: Session) -> None:
    app = make_app(session)
    other = make_app(session, name="Other", origins=[ORIGIN])
    publish(session, other, name="Declaratie elders")
    assert search(client, app, "declaratie")["results"] == []
    refused = client.post(
        f"/api/public/v1/apps/{app.key}/search",
        json={"q": "x", "visitor_id": "visitor-0001"},
        headers={"Origin": "https://evil.example.net"},
    )
    assert refused.status_code == 403
