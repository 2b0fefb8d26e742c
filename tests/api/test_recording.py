"""The recorder's endpoints: record tokens, recorded walkthroughs and re-picked elements."""

import time
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from tests.conftest import TEST_SECRET
from tests.factories import make_account, make_app, make_guide, signed_in_as
from wegwijs.apps.models import App
from wegwijs.auth.models import Role
from wegwijs.config import Settings
from wegwijs.content.service import describe_guide, get_guide
from wegwijs.main import create_app
from wegwijs.recording.tokens import issue_record_token

ORIGIN = "http://host.example.com"
SAVE = {"attributes": {"data-testid": "save"}, "role": "button", "name": "Opslaan"}
AMOUNT = {"attributes": {"name": "amount"}, "role": "textbox", "name": "Bedrag"}


def record_token(client: TestClient, app: App, csrf: dict[str, str], **body: Any) -> str:
    response = client.post(f"/api/v1/apps/{app.key}/record-token", json=body, headers=csrf)
    assert response.status_code == 200, response.text
    return response.json()["token"]


def post(client: TestClient, app: App, endpoint: str, body: dict[str, Any], **headers: str):
    return client.post(
        f"/api/public/v1/apps/{app.key}/{endpoint}",
        json=body,
        headers={"Origin": ORIGIN, **headers},
    )


def recording(token: str, **fields: Any) -> dict[str, Any]:
    return {
        "record_token": token,
        "name": "Declaratie indienen",
        "locale": "nl",
        "steps": [
            {"target": AMOUNT, "url": f"{ORIGIN}/claims/new", "action": "input", "label": "Bedrag"},
            {"target": SAVE, "url": f"{ORIGIN}/claims/new", "action": "click", "label": "Opslaan"},
            {"target": SAVE, "url": f"{ORIGIN}/claims/412?email=x%40y.nl", "label": "Indienen"},
        ],
        **fields,
    }


def test_a_recording_becomes_a_draft_walkthrough(client: TestClient, session: Session) -> None:
    app = make_app(session)
    app.url_param_denylist = ["email"]
    session.add(app)
    session.commit()
    token = record_token(client, app, signed_in_as(client, session, app, Role.author))

    response = post(client, app, "recordings", recording(token))

    assert response.status_code == 201, response.text
    assert response.headers["access-control-allow-origin"] == ORIGIN
    saved = response.json()
    assert saved["editor_url"] == f"/admin/apps/{app.key}/guides/{saved['guide_id']}"
    guide = describe_guide(
        session=session, guide=get_guide(session=session, app=app, guide_id=saved["guide_id"])
    )
    assert guide.status == "draft" and guide.kind == "walkthrough"
    assert guide.targeting["url_rules"] == ["/claims/new"]
    steps = guide.steps
    assert [s.advance_trigger for s in steps] == ["input", "click", "click"]
    assert [s.url_rule for s in steps] == ["/claims/new", "/claims/new", "/claims/:id"]
    assert steps[2].sample_url == f"{ORIGIN}/claims/412"
    assert steps[0].content == {"nl": {"title": "Vul Bedrag in", "body": "Vul **Bedrag** in."}}
    assert steps[1].target == SAVE
    assert len({s.id for s in steps}) == 3


def test_recordings_use_the_app_language_by_default(client: TestClient, session: Session) -> None:
    app = make_app(session)
    app.default_locale = "en"
    session.add(app)
    session.commit()
    token = record_token(client, app, signed_in_as(client, session, app, Role.admin))
    body = recording(token)
    del body["locale"]
    response = post(client, app, "recordings", body)
    assert response.status_code == 201, response.text
    guide = get_guide(session=session, app=app, guide_id=response.json()["guide_id"])
    first = describe_guide(session=session, guide=guide).steps[0]
    assert first.content == {"en": {"title": "Fill in Bedrag", "body": "Fill in **Bedrag**."}}


def test_bad_tokens_are_refused(client: TestClient, session: Session) -> None:
    app = make_app(session)
    other = make_app(session, name="Other")
    author = make_account(session, "author@example.com", app=app, role=Role.author)
    analyst = make_account(session, "analyst@example.com", app=app, role=Role.analyst)
    secret = client.app.state.secret_key
    assert author.id and analyst.id and app.id and other.id
    expired, _ = issue_record_token(
        secret_key=secret, app_id=app.id, account_id=author.id, now=time.time() - 7200
    )
    foreign, _ = issue_record_token(secret_key=secret, app_id=other.id, account_id=author.id)
    forged, _ = issue_record_token(secret_key="x" * 64, app_id=app.id, account_id=author.id)
    no_role, _ = issue_record_token(secret_key=secret, app_id=app.id, account_id=analyst.id)
    cases = {
        expired: "record_token_expired",
        foreign: "invalid_record_token",
        forged: "invalid_record_token",
        no_role: "invalid_record_token",
        "garbage": "invalid_record_token",
    }
    for token, code in cases.items():
        response = post(client, app, "recordings", recording(token))
        assert response.status_code == 403, token
        assert response.json()["error"]["code"] == code
        assert response.headers["access-control-allow-origin"] == ORIGIN


def test_a_preview_token_is_not_a_record_token(client: TestClient, session: Session) -> None:
    app = make_app(session)
    csrf = signed_in_as(client, session, app, Role.author)
    preview = client.post(f"/api/v1/apps/{app.key}/preview-token", headers=csrf).json()["token"]
    response = post(client, app, "recordings", recording(preview))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "invalid_record_token"


def test_guard_rails(client: TestClient, session: Session) -> None:
    app = make_app(session)
    token = record_token(client, app, signed_in_as(client, session, app, Role.author))
    foreign = client.post(
        f"/api/public/v1/apps/{app.key}/recordings",
        json=recording(token),
        headers={"Origin": "http://evil.example.com"},
    )
    assert foreign.status_code == 403
    assert "access-control-allow-origin" not in foreign.headers
    assert post(client, app, "recordings", recording(token, steps=[])).status_code == 422
    typed = recording(token)
    typed["steps"][0]["value"] = "what the author typed"
    assert post(client, app, "recordings", typed).status_code == 422
    huge = recording(token, steps=[recording(token)["steps"][0]] * 50)
    huge["steps"][0] = {**huge["steps"][0], "target": {"text": "x" * 9000}}
    assert post(client, app, "recordings", huge).status_code == 422
    unknown = client.post(
        "/api/public/v1/apps/app_nope/recordings", json=recording(token), headers={"Origin": ORIGIN}
    )
    assert unknown.status_code == 404
    preflight = client.options(
        f"/api/public/v1/apps/{app.key}/recordings",
        headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status_code == 204


def test_analysts_get_no_record_token(client: TestClient, session: Session) -> None:
    app = make_app(session)
    csrf = signed_in_as(client, session, app, Role.analyst)
    response = client.post(f"/api/v1/apps/{app.key}/record-token", headers=csrf)
    assert response.status_code == 403


def test_pick_mode_changes_only_the_named_step(client: TestClient, session: Session) -> None:
    app = make_app(session)
    guide = make_guide(session, app, steps=2)
    steps = describe_guide(session=session, guide=guide).steps
    csrf = signed_in_as(client, session, app, Role.author)
    token = record_token(client, app, csrf, guide_id=guide.id, step_id=steps[1].id)
    picked = {"record_token": token, "target": SAVE, "url": f"{ORIGIN}/claims/9/edit"}

    response = post(client, app, "picks", picked)

    assert response.status_code == 200, response.text
    session.expire_all()
    after = describe_guide(session=session, guide=guide).steps
    assert after[0].target == steps[0].target
    assert after[1].target == SAVE and after[1].url_rule == "/claims/:id/edit"
    assert after[1].content == steps[1].content
    plain = record_token(client, app, csrf)
    refused = post(client, app, "picks", {**picked, "record_token": plain})
    assert refused.status_code == 403


def test_record_tokens_name_a_guide_of_this_app(client: TestClient, session: Session) -> None:
    app = make_app(session)
    other = make_app(session, name="Other")
    foreign = make_guide(session, other)
    csrf = signed_in_as(client, session, app, Role.author)
    response = client.post(
        f"/api/v1/apps/{app.key}/record-token", json={"guide_id": foreign.id}, headers=csrf
    )
    assert response.status_code == 404
    response = client.post(
        f"/api/v1/apps/{app.key}/record-token", json={"step_id": "s1"}, headers=csrf
    )
    assert response.status_code == 422


def test_the_editor_url_is_under_the_servers_root_path(
    engine: Engine, settings: Settings, session: Session
) -> None:
    """Behind a proxy at /wegwijs the admin page checks the editor URL against its own root."""
    app = make_app(session)
    author = make_account(session, "author@example.com", app=app, role=Role.author)
    assert app.id and author.id
    token, _ = issue_record_token(secret_key=TEST_SECRET, app_id=app.id, account_id=author.id)
    with TestClient(create_app(settings, engine=engine), root_path="/wegwijs") as client:
        response = post(client, app, "recordings", recording(token))
    assert response.status_code == 201, response.text
    saved = response.json()
    assert saved["editor_url"] == f"/wegwijs/admin/apps/{app.key}/guides/{saved['guide_id']}"
