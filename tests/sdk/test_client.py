"""Every method of the sync Client, against the real app."""

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from tests.sdk.conftest import Tokens
from wegwijs_sdk import (
    App,
    Client,
    Forbidden,
    Guide,
    GuidesPage,
    NotFound,
    Step,
    ValidationFailed,
    Version,
)


def step(title: str, *, locale: str = "nl", **fields: object) -> dict[str, object]:
    return {"content": {locale: {"title": title, "body": f"**{title}**"}}, **fields}


def test_apps_get_update_and_snippet(sdk: Client, tokens: Tokens) -> None:
    app = sdk.apps.get(tokens.app_key)
    assert isinstance(app, App)
    assert (app.key, app.name, app.default_locale) == (tokens.app_key, "Claims", "nl")

    changed = sdk.apps.update(tokens.app_key, name="Declaraties", default_locale="en")
    assert (changed.name, changed.default_locale) == ("Declaraties", "en")
    assert sdk.apps.get(tokens.app_key).name == "Declaraties"

    html = sdk.apps.snippet(tokens.app_key)
    assert f'data-app-key="{tokens.app_key}"' in html


def test_a_token_lists_the_one_app_it_acts_for(sdk: Client, tokens: Tokens) -> None:
    assert [app.key for app in sdk.apps.list()] == [tokens.app_key]


def test_a_guide_from_draft_to_rollback_and_deletion(sdk: Client, tokens: Tokens) -> None:
    key = tokens.app_key
    guide = sdk.guides.create(
        key,
        kind="walkthrough",
        name="Submit a claim",
        targeting={"url_rules": ["/claims/new"]},
        starts_at=datetime(2026, 12, 1, 9, 0),
        steps=[step("Open the form", id="open"), step("Fill in", id="fill")],
    )
    assert isinstance(guide, Guide)
    assert (guide.slug, guide.status, guide.live_version) == ("submit-a-claim", "draft", None)
    assert guide.starts_at == datetime(2026, 12, 1, 8, 0, tzinfo=UTC)  # the app's clock
    assert [s.id for s in guide.steps] == ["open", "fill"]
    assert sdk.guides.get(key, guide.id) == guide

    updated = sdk.guides.update(key, guide.id, priority=5, name="Declaratie indienen")
    assert (updated.priority, updated.name, updated.slug) == (5, "Declaratie indienen", guide.slug)

    added = sdk.guides.add_step(key, guide.id, id="save", **step("Save"))
    assert isinstance(added, Step) and added.position == 2
    edited = sdk.guides.update_step(key, guide.id, "save", content={"nl": {"title": "Opslaan"}})
    assert edited.content == {"nl": {"title": "Opslaan", "body": ""}}
    reordered = sdk.guides.reorder_steps(key, guide.id, ["fill", "open", "save"])
    assert [s.id for s in reordered.steps] == ["fill", "open", "save"]
    sdk.guides.remove_step(key, guide.id, "save")
    assert [s.id for s in sdk.guides.get(key, guide.id).steps] == ["fill", "open"]

    first = sdk.guides.publish(key, guide.id)
    assert (first.status, first.live_version, first.has_unpublished_changes) == (
        "published",
        1,
        False,
    )
    sdk.guides.update(key, guide.id, name="Declaratie versturen")
    assert sdk.guides.diff(key, guide.id, 1)["guide"] == [
        {"field": "name", "before": "Declaratie indienen", "after": "Declaratie versturen"}
    ]
    sdk.guides.publish(key, guide.id)
    assert sdk.guides.diff(key, guide.id, 1, 2)["to"] == 2
    assert sdk.guides.version(key, guide.id, 2)["version"] == 2

    rolled = sdk.guides.rollback(key, guide.id, 1)
    assert (rolled.live_version, rolled.name) == (3, "Declaratie indienen")
    versions = sdk.guides.versions(key, guide.id)
    assert all(isinstance(version, Version) for version in versions)
    assert [(v.number, v.restored_from, v.published_by) for v in versions] == [
        (3, 1, None),
        (2, None, None),
        (1, None, None),
    ]

    assert sdk.guides.unpublish(key, guide.id).status == "draft"
    assert sdk.guides.archive(key, guide.id).status == "archived"
    assert sdk.guides.restore(key, guide.id).status == "draft"
    assert sdk.guides.delete(key, guide.id) is None
    with pytest.raises(NotFound):
        sdk.guides.get(key, guide.id)


def test_list_filters_and_iterate_over_every_page(sdk: Client, tokens: Tokens) -> None:
    key = tokens.app_key
    made = [
        sdk.guides.create(key, kind="walkthrough", name=f"Claim {n}", steps=[step("Go")])
        for n in range(5)
    ]
    sdk.guides.create(key, kind="tip", name="Cost centre", steps=[step("Ask")])
    sdk.guides.publish(key, made[0].id)

    page = sdk.guides.list(key, kind="walkthrough", per_page=2)
    assert isinstance(page, GuidesPage)
    assert (page.count, page.page, page.per_page, page.pages, page.has_next) == (5, 1, 2, 3, True)
    assert [guide.name for guide in page.data] == ["Claim 0", "Claim 4"]  # latest change first
    last = sdk.guides.list(key, kind="walkthrough", per_page=2, page=3)
    assert (len(last.data), last.has_next) == (1, False)

    walked = list(sdk.guides.iterate(key, kind="walkthrough", per_page=2))
    assert sorted(guide.id for guide in walked) == sorted(guide.id for guide in made)
    assert len(list(sdk.guides.iterate(key, per_page=4))) == 6
    assert [g.name for g in sdk.guides.iterate(key, q="cost")] == ["Cost centre"]
    assert [g.name for g in sdk.guides.iterate(key, status="published")] == ["Claim 0"]
    assert list(sdk.guides.iterate(key, kind="checklist")) == []


def test_announce_publishes_a_scheduled_announcement(sdk: Client, tokens: Tokens) -> None:
    guide = sdk.announce(
        tokens.app_key,
        "Nieuw goedkeuringsscherm",
        "Goedkeuren staat nu onder **Team**.",
        "/approvals/**",
        starts="2026-12-01T09:00",
        ends=datetime(2026, 12, 15, 17, 0, tzinfo=UTC),
        display="modal",
    )
    assert (guide.kind, guide.status, guide.live_version) == ("announcement", "published", 1)
    assert guide.targeting["url_rules"] == ["/approvals/**"]
    assert guide.starts_at == datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    assert guide.ends_at == datetime(2026, 12, 15, 17, 0, tzinfo=UTC)
    assert (guide.settings["display"], guide.frequency) == ("modal", "until_completed")
    assert list(guide.steps[0].content) == ["nl"]  # the app's default locale

    draft = sdk.announcements.create(
        tokens.app_key, title="Later", body="Soon.", url_rule=["/a", "/b"], locale="en"
    )
    assert (draft.status, list(draft.steps[0].content)) == ("draft", ["en"])
    assert sdk.announcements.publish(tokens.app_key, draft.id).live_version == 1
    listed = sdk.announcements.list(tokens.app_key)
    assert sorted(g.name for g in listed.data) == ["Later", "Nieuw goedkeuringsscherm"]


def test_an_announcement_that_cannot_publish_leaves_no_draft(sdk: Client, tokens: Tokens) -> None:
    with pytest.raises(ValidationFailed) as raised:
        sdk.announce(tokens.app_key, "Hier", "Nieuw veld.", "/claims", display="anchored")
    assert raised.value.code == "cannot_publish"
    assert sdk.guides.list(tokens.app_key).count == 0
    with pytest.raises(ValueError, match="display must be one of"):
        sdk.announce(tokens.app_key, "Hier", "Nieuw veld.", "/claims", display="popup")


def test_roles_come_from_the_token(
    connect: Callable[[str], Client], sdk: Client, tokens: Tokens
) -> None:
    guide = sdk.guides.create(tokens.app_key, kind="walkthrough", name="Go", steps=[step("Go")])
    analyst = connect(tokens.analyst)
    assert analyst.guides.get(tokens.app_key, guide.id).name == "Go"
    with pytest.raises(Forbidden) as raised:
        analyst.guides.publish(tokens.app_key, guide.id)
    assert raised.value.message == "This needs the admin or author role in this app."
    author = connect(tokens.author)
    assert author.guides.publish(tokens.app_key, guide.id).live_version == 1
    with pytest.raises(Forbidden):
        author.apps.update(tokens.app_key, name="Mine")
