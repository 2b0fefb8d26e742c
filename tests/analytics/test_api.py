"""The reports' admin API and CSV downloads: who may read, what comes back, and how."""

import csv
import io

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from tests.analytics.scenario import D1, D2, World, build, event, ingest
from tests.factories import make_account, make_app, make_token, sign_in, signed_in_as
from wegwijs.analytics.csv_export import CSV_TABLES
from wegwijs.auth.models import Role

REPORTS = ["overview", "walkthroughs", "search", "feedback", "health"]
RANGE = {"start": D1.isoformat(), "end": D2.isoformat()}


@pytest.fixture
def world(session: Session, engine: Engine) -> World:
    return build(session, engine, make_app(session))


def path(world: World, name: str) -> str:
    return f"/api/v1/apps/{world.app.key}/reports/{name}"


@pytest.mark.parametrize("role", [Role.analyst, Role.author, Role.admin])
def test_every_member_role_reads_reports(
    client: TestClient, session: Session, world: World, role: Role
) -> None:
    signed_in_as(client, session, world.app, role)
    for name in REPORTS:
        response = client.get(path(world, name), params=RANGE)
        assert response.status_code == 200, (name, response.text)
        assert response.headers["content-type"] == "application/json"
    detail = client.get(path(world, f"walkthroughs/{world.walkthrough.id}"), params=RANGE)
    assert detail.json()["started"] == 4
    overview = client.get(path(world, "overview"), params=RANGE).json()
    assert overview["totals"] == {"views": 8, "users": 6, "help_opens": 3}


def test_an_analyst_token_reads_reports(client: TestClient, session: Session, world: World) -> None:
    token = make_token(session, world.app, Role.analyst)
    response = client.get(
        path(world, "search"), params=RANGE, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200
    assert response.json()["searches"] == 3


def test_other_apps_members_unknown_apps_and_strangers(
    client: TestClient, session: Session, world: World
) -> None:
    assert client.get(path(world, "overview")).status_code == 401
    other = make_app(session, name="Other")
    make_account(session, "analyst@other.example", app=other, role=Role.analyst)
    sign_in(client, "analyst@other.example")
    for name in [*REPORTS, "searches.csv", f"walkthroughs/{world.walkthrough.id}"]:
        response = client.get(path(world, name))
        assert response.status_code == 403, name
        assert response.json()["error"]["code"] == "forbidden"
    assert client.get("/api/v1/apps/app_nope/reports/overview").status_code == 404
    # Their own app does not show this app's walkthrough either.
    response = client.get(f"/api/v1/apps/{other.key}/reports/walkthroughs/{world.walkthrough.id}")
    assert response.status_code == 404


def test_filters_are_checked_and_echoed(client: TestClient, session: Session, world: World) -> None:
    signed_in_as(client, session, world.app, Role.analyst)
    url = path(world, "overview")
    params = {**RANGE, "trait": "role", "trait_value": "approver", "locale": "nl"}
    filters = client.get(url, params=params).json()["filters"]
    assert filters == {
        "start": "2026-11-10",
        "end": "2026-11-11",
        "timezone": "Europe/Amsterdam",
        "guide_id": None,
        "version": None,
        "locale": "nl",
        "trait": "role",
        "trait_value": "approver",
    }
    default = client.get(url).json()["filters"]
    assert (default["start"], default["end"]) != (None, None)
    for bad in [
        {"start": "2026-11-12", "end": "2026-11-10"},
        {"start": "2024-01-01", "end": "2026-11-10"},
        {"trait": "role"},
        {"trait": "role name", "trait_value": "x"},
        {"locale": "Dutch"},
        {"guide": "0"},
    ]:
        response = client.get(url, params=bad)
        assert response.status_code == 422, bad
        assert response.json()["error"]["code"] == "validation_error"
    tip = client.get(path(world, f"walkthroughs/{world.tip.id}"))
    assert tip.status_code == 404


def test_visitor_text_comes_back_as_json_data(
    client: TestClient, session: Session, world: World
) -> None:
    signed_in_as(client, session, world.app, Role.analyst)
    response = client.get(path(world, "feedback"), params=RANGE)
    assert response.headers["content-type"] == "application/json"
    assert "<img" not in response.text.replace('"<img src=x onerror=alert(1)>"', "")
    comments = [c["comment"] for c in response.json()["comments"]]
    assert comments == ["<img src=x onerror=alert(1)>", '=HYPERLINK("http://evil.example")']


def read_csv(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"].startswith("attachment; filename=")
    assert response.headers["x-content-type-options"] == "nosniff"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_downloads_carry_the_same_numbers(
    client: TestClient, session: Session, world: World
) -> None:
    signed_in_as(client, session, world.app, Role.analyst)
    days = read_csv(client.get(path(world, "days.csv"), params=RANGE))
    assert days == [
        ["day", "views", "users", "help_opens"],
        ["2026-11-10", "4", "4", "2"],
        ["2026-11-11", "4", "4", "1"],
    ]
    funnel = read_csv(
        client.get(path(world, "funnel.csv"), params={**RANGE, "guide": world.walkthrough.id})
    )
    assert funnel[0][:3] == ["version", "position", "step_id"]
    assert [row[2] for row in funnel[1:]] == ["s1", "s3", "s1", "s2", "s3"]
    assert [row[-1] for row in funnel[1:] if row[0] == "1"] == ["true", "false", "false"]
    for name in CSV_TABLES:
        params = {**RANGE, "guide": world.walkthrough.id} if name == "funnel" else RANGE
        assert len(read_csv(client.get(path(world, f"{name}.csv"), params=params))) >= 1, name
    assert client.get(path(world, "funnel.csv")).status_code == 422
    missing = client.get(path(world, "nope.csv"))
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "report_not_found")


def test_csv_cells_cannot_become_formulas(
    client: TestClient, session: Session, engine: Engine, world: World
) -> None:
    hostile = ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR", "plain - text"]
    custom = [event("custom", "2026-11-11T12:00:00", custom_name=name) for name in hostile]
    searches = [
        event("search_performed", "2026-11-11T12:01:00", props={"query": q, "results": 0})
        for q in ["=cmd|' /C calc'!A0", "@SUM(1)"]
    ]
    ingest(engine, world.app, custom + searches, visitor="browser-hostile")
    signed_in_as(client, session, world.app, Role.analyst)
    names = {row[0] for row in read_csv(client.get(path(world, "custom-events.csv"), params=RANGE))}
    assert names >= {"'=1+2", "'+SUM(A1)", "'-2+3", "'@cmd", "'\tTAB", "'\rCR", "plain - text"}
    queries = {row[0] for row in read_csv(client.get(path(world, "searches.csv"), params=RANGE))}
    assert queries >= {"'=cmd|' /c calc'!a0", "'@sum(1)"}
    comments = read_csv(client.get(path(world, "comments.csv"), params=RANGE))
    assert comments[2][-1] == '\'=HYPERLINK("http://evil.example")'
    assert comments[1][-1] == "<img src=x onerror=alert(1)>"  # data, in a file no browser renders


def test_only_admins_erase_a_person(client: TestClient, session: Session, world: World) -> None:
    url = f"/api/v1/apps/{world.app.key}/erasure"
    csrf = signed_in_as(client, session, world.app, Role.analyst)
    assert client.post(url, json={"user_id": "bob"}, headers=csrf).status_code == 403
    client.cookies.clear()
    csrf = signed_in_as(client, session, world.app, Role.admin)
    assert client.post(url, json={"user_id": "bob"}).status_code == 403  # no CSRF token
    response = client.post(url, json={"user_id": "bob"}, headers=csrf)
    assert response.status_code == 200, response.text
    assert response.json() == {"events": 18, "states": 1, "visitors": 1, "rollup_rows": 12}
    overview = client.get(path(world, "overview"), params=RANGE).json()
    assert overview["totals"]["users"] == 4
    assert client.post(url, json={"user_id": ""}, headers=csrf).status_code == 422
    token = make_token(session, world.app, Role.admin)
    again = client.post(url, json={"user_id": "bob"}, headers={"Authorization": f"Bearer {token}"})
    assert again.json()["events"] == 0
