"""Search answers say where a walkthrough begins, so the help panel can start it anywhere."""

from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.factories import make_app, make_guide, step_body
from wegwijs.content.models import GuideKind
from wegwijs.content.service import publish_guide

ORIGIN = "http://host.example.com"


def search(client: TestClient, key: str, q: str) -> list[dict]:
    response = client.post(
        f"/api/public/v1/apps/{key}/search",
        json={"q": q, "visitor_id": "visitor-0001", "locale": "en"},
        headers={"Origin": ORIGIN},
    )
    assert response.status_code == 200, response.text
    return response.json()["results"]


def test_walkthroughs_come_with_their_first_step_and_page(
    client: TestClient, session: Session
) -> None:
    app = make_app(session)
    recorded = {**step_body("Open the expense form", locale="en"), "id": "open"}
    recorded["sample_url"] = "https://staging.example.com/claims/new?tab=2"
    sampled = make_guide(session, app, name="Sampled", steps=[recorded])
    by_rule = make_guide(
        session,
        app,
        name="By rule",
        targeting={"url_rules": ["/orders/:id", "/expenses"]},
        steps=[{**step_body("Expense overview", locale="en"), "id": "first"}],
    )
    tip = make_guide(
        session, app, kind=GuideKind.tip, name="Tip", steps=[step_body("Expense tip", locale="en")]
    )
    for guide in (sampled, by_rule, tip):
        publish_guide(session=session, app=app, guide=guide, author=None)

    results = {hit["guide_id"]: hit for hit in search(client, app.key, "expense")}

    assert results[sampled.id]["start_url"] == "/claims/new?tab=2"  # the path: host's origin
    assert (results[sampled.id]["first_step_id"], results[sampled.id]["version"]) == ("open", 1)
    assert results[by_rule.id]["start_url"] == "/expenses"  # the first rule that is one page
    assert "start_url" not in results[tip.id]
