"""Reports, CSV downloads and erasure through the SDK, on events sent as the widget sends them."""

import csv
import io
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from tests.sdk.conftest import Tokens
from wegwijs_sdk import AsyncClient, Client, Forbidden, Forgotten, NotFound, ValidationFailed

ORIGIN = "http://host.example.com"


def walk_through(client: TestClient, app_key: str, guide_id: int, user_id: str) -> None:
    """A visitor identified as `user_id` runs the walkthrough to the end, and opens help."""
    now = datetime.now(UTC) - timedelta(minutes=5)
    names = ["guide_started", "step_viewed", "step_completed", "guide_completed", "help_opened"]
    events = [
        {
            "id": f"ev-{uuid.uuid4().hex}",
            "name": name,
            "guide_id": None if name == "help_opened" else guide_id,
            "version": None if name == "help_opened" else 1,
            "step_id": "go" if name.startswith("step") else None,
            "ts": (now + timedelta(seconds=number)).isoformat(),
        }
        for number, name in enumerate(names)
    ]
    body = {"visitor_id": f"visitor-{user_id}", "user_id": user_id, "events": events}
    answer = client.post(
        f"/api/public/v1/apps/{app_key}/events", json=body, headers={"Origin": ORIGIN}
    )
    assert answer.status_code == 200 and not answer.json()["rejected"], answer.text


@pytest.fixture
def walked(client: TestClient, sdk: Client, tokens: Tokens) -> int:
    """A published walkthrough that anna and bob completed; its id."""
    guide = sdk.guides.create(
        tokens.app_key,
        kind="walkthrough",
        name="Submit a claim",
        steps=[{"id": "go", "content": {"nl": {"title": "Go"}}}],
    )
    sdk.guides.publish(tokens.app_key, guide.id)
    for user_id in ("anna", "bob"):
        walk_through(client, tokens.app_key, guide.id, user_id)
    return guide.id


def test_reports_csv_and_erasure(
    connect: Callable[[str], Client], sdk: Client, tokens: Tokens, walked: int
) -> None:
    key = tokens.app_key
    overview = sdk.reports.get(key, "overview")
    assert overview["totals"]["users"] == 2
    assert overview["filters"]["timezone"] == "Europe/Amsterdam"
    funnel = sdk.reports.get(key, f"walkthroughs/{walked}")
    assert funnel["name"] == "Submit a claim"
    today = datetime.now(ZoneInfo("Europe/Amsterdam")).date()  # the app's day
    summary = sdk.reports.get(key, "walkthroughs", start=today - timedelta(days=2), end=today)
    [row] = summary["data"]
    assert (row["guide_id"], row["started"], row["completed"]) == (walked, 2, 2)

    table = sdk.reports.csv(key, "walkthroughs", guide=walked)
    rows = list(csv.DictReader(io.StringIO(table)))
    assert len(rows) == 1 and rows[0]["completed"] == "2"

    with pytest.raises(NotFound) as unknown:
        sdk.reports.csv(key, "nope")
    assert unknown.value.code == "report_not_found"
    with pytest.raises(ValidationFailed):
        sdk.reports.get(key, "overview", start=today, end=today - timedelta(days=1))

    with pytest.raises(Forbidden):
        connect(tokens.analyst).forget_user(key, "anna")
    forgotten = sdk.forget_user(key, "anna")
    assert isinstance(forgotten, Forgotten) and forgotten.events == 5
    assert sdk.reports.get(key, "overview")["totals"]["users"] == 1
    assert sdk.forget_user(key, "anna").events == 0


@pytest.mark.anyio
async def test_the_async_client_reads_reports_and_erases(
    async_sdk: AsyncClient, tokens: Tokens, walked: int
) -> None:
    key = tokens.app_key
    assert (await async_sdk.reports.get(key, "overview"))["totals"]["users"] == 2
    assert "completed" in (await async_sdk.reports.csv(key, "walkthroughs")).splitlines()[0]
    assert (await async_sdk.forget_user(key, "bob")).events == 5
    assert (await async_sdk.reports.get(key, "overview"))["totals"]["users"] == 1
