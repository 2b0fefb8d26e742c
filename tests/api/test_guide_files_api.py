"""Guide files over the admin API: the export as JSON, and imports all or nothing."""

from pathlib import Path
from typing import Any

import yaml
from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from tests.factories import make_app, make_guide, make_token, signed_in_as
from wegwijs.auth.models import Role
from wegwijs.content.models import Guide, GuideKind, GuideVersion
from wegwijs.content.service import publish_guide
from wegwijs.guidefiles.files import HEADER
from wegwijs.guidefiles.sync import export_guides

WALKTHROUGH: dict[str, Any] = {
    "slug": "submit-claim",
    "kind": "walkthrough",
    "name": "Declaratie indienen",
    "targeting": {"url_rules": ["/claims/new"]},
    "starts_at": "2026-12-01T09:00:00",
    "steps": [
        {
            "id": "amount",
            "target": {"attributes": {"name": "amount"}},
            "content": {"nl": {"title": "Bedrag"}},
        },
        {"id": "save", "content": {"nl": {"title": "Opslaan", "body": "Klik **Opslaan**."}}},
    ],
}
CHECKLIST: dict[str, Any] = {
    "slug": "onboarding",
    "kind": "checklist",
    "name": "Aan de slag",
    "settings": {"items": ["submit-claim"]},
    "steps": [{"id": "intro", "content": {"nl": {"title": "Aan de slag"}}}],
}


def files_url(app_key: str) -> str:
    return f"/api/v1/apps/{app_key}/guide-files"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def guide_count(session: Session) -> int:
    session.expire_all()
    return session.exec(select(func.count()).select_from(Guide)).one()


def test_the_export_is_the_data_the_cli_writes(
    client: TestClient, session: Session, tmp_path: Path
) -> None:
    app = make_app(session)
    make_guide(session, app, name="Submit a claim", steps=2, starts_at="2026-12-01T09:00:00")
    make_guide(session, app, kind=GuideKind.tip, name="Cost centre", settings={"icon": "info"})
    archived = make_guide(session, app, name="Old")
    archived.status = "archived"
    session.add(archived)
    session.commit()
    written = export_guides(session=session, app=app, directory=tmp_path)

    answer = client.get(files_url(app.key), headers=bearer(make_token(session, app, Role.analyst)))
    assert answer.status_code == 200, answer.text
    files = answer.json()["files"]
    assert [file["slug"] for file in files] == ["cost-centre", "submit-a-claim"]
    for file, path in zip(files, written, strict=True):
        assert yaml.safe_load(path.read_text(encoding="utf-8").removeprefix(HEADER)) == file
        assert "ends_at" not in file  # unset fields are left out, as in the files


def test_import_creates_publishes_in_order_and_is_idempotent(
    client: TestClient, session: Session
) -> None:
    app = make_app(session)
    headers = bearer(make_token(session, app, Role.author))
    body = {"files": [CHECKLIST, WALKTHROUGH], "publish": True}

    first = client.post(files_url(app.key), json=body, headers=headers)
    assert first.status_code == 200, first.text
    assert first.json() == {
        "created": ["onboarding", "submit-claim"],
        "changed": [],
        "unchanged": [],
        "published": ["submit-claim", "onboarding"],
        "dry_run": False,
    }
    again = client.post(files_url(app.key), json=body, headers=headers).json()
    assert again["unchanged"] == ["onboarding", "submit-claim"]
    assert again["created"] == again["changed"] == again["published"] == []

    exported = client.get(files_url(app.key), headers=headers).json()["files"]
    assert exported[1]["starts_at"] == "2026-12-01T08:00:00Z"  # the app's clock, Amsterdam
    changed = {**WALKTHROUGH, "priority": 3}
    third = client.post(
        files_url(app.key), json={"files": [changed], "publish": True}, headers=headers
    )
    assert third.json()["changed"] == ["submit-claim"] and third.json()["published"] == [
        "submit-claim"
    ]
    assert session.exec(select(func.count()).select_from(GuideVersion)).one() == 3


def test_a_dry_run_reports_and_changes_nothing(client: TestClient, session: Session) -> None:
    app = make_app(session)
    headers = bearer(make_token(session, app, Role.admin))
    body = {"files": [WALKTHROUGH, CHECKLIST], "publish": True, "dry_run": True}
    answer = client.post(files_url(app.key), json=body, headers=headers)
    assert answer.status_code == 200, answer.text
    assert answer.json()["created"] == ["submit-claim", "onboarding"]
    assert answer.json()["dry_run"] is True
    assert guide_count(session) == 0


def test_bad_files_are_named_by_index_slug_and_field(client: TestClient, session: Session) -> None:
    app = make_app(session)
    headers = bearer(make_token(session, app, Role.author))
    bad_step = {**WALKTHROUGH["steps"][0], "placement": "sideways"}
    files = [
        CHECKLIST,
        {**WALKTHROUGH, "priority": 5000, "steps": [bad_step]},
        {**CHECKLIST, "settings": {"items": ["a", "a"]}},
        "not a guide",
    ]
    answer = client.post(files_url(app.key), json={"files": files}, headers=headers)
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error["code"] == "validation_error"
    assert error["message"].startswith("files.1 (submit-claim): priority: ")
    located = [(d["file"], d["slug"], d["loc"]) for d in error["details"]]
    assert located == [
        (1, "submit-claim", ["body", "files", 1, "priority"]),
        (1, "submit-claim", ["body", "files", 1, "steps", 0, "placement"]),
        (2, "onboarding", ["body", "files", 2, "settings", "items"]),
        (3, None, ["body", "files", 3]),
    ]
    assert guide_count(session) == 0

    twice = client.post(files_url(app.key), json={"files": [CHECKLIST, CHECKLIST]}, headers=headers)
    assert twice.status_code == 422
    assert twice.json()["error"]["details"][0]["file"] == 1
    assert "slug may occur once" in twice.json()["error"]["message"]


def test_a_guide_that_cannot_publish_rolls_everything_back(
    client: TestClient, session: Session
) -> None:
    app = make_app(session)
    headers = bearer(make_token(session, app, Role.author))
    orphan = {**CHECKLIST, "settings": {"items": ["no-such-walkthrough"]}}
    body = {"files": [WALKTHROUGH, orphan], "publish": True}
    answer = client.post(files_url(app.key), json=body, headers=headers)
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error["code"] == "cannot_publish"
    assert error["message"].startswith("files.1 (onboarding): Cannot publish: ")
    assert error["details"][0]["loc"] == ["body", "files", 1, "settings"]
    assert guide_count(session) == 0


def test_service_refusals_keep_their_status_and_name_the_file(
    client: TestClient, session: Session
) -> None:
    app = make_app(session)
    guide = make_guide(session, app, kind=GuideKind.tip, name="Submit claim")
    publish_guide(session=session, app=app, guide=guide, author=None)
    headers = bearer(make_token(session, app, Role.author))
    answer = client.post(files_url(app.key), json={"files": [WALKTHROUGH]}, headers=headers)
    assert answer.status_code == 422
    assert answer.json()["error"]["message"] == (
        "files.0 (submit-claim): kind: a tip cannot become a walkthrough"
    )
    assert answer.json()["error"]["details"][0]["loc"] == ["body", "files", 0, "kind"]


def test_who_may_export_and_import(client: TestClient, session: Session) -> None:
    app = make_app(session)
    other = make_app(session, name="Other")
    analyst = bearer(make_token(session, app, Role.analyst))
    body = {"files": [WALKTHROUGH]}
    assert client.get(files_url(app.key), headers=analyst).status_code == 200
    assert client.post(files_url(app.key), json=body, headers=analyst).status_code == 403
    assert client.get(files_url(other.key), headers=analyst).status_code == 403
    assert client.get(files_url("app_nope"), headers=analyst).status_code == 404
    assert client.get(files_url(app.key)).status_code == 401

    csrf = signed_in_as(client, session, app, Role.author)
    made = client.post(files_url(app.key), json={**body, "publish": True}, headers=csrf)
    assert made.status_code == 200, made.text
    versions = client.get(f"/api/v1/apps/{app.key}/guides", headers=csrf).json()["data"]
    history = client.get(f"/api/v1/apps/{app.key}/guides/{versions[0]['id']}/versions").json()
    assert history["data"][0]["published_by"] == "author@example.com"
