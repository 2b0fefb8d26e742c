"""Publishing from the editor: publish (and why not), unpublish, archive, restore, delete;
the version history with rollback, and the differences between versions."""

import re

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from tests.admin.guide_editor_helpers import (
    editor_url,
    fresh,
    guide_form_fields,
    guides_url,
    step_form_fields,
    steps_of,
    two_language_walkthrough,
)
from tests.admin.helpers import error_summary, flash, member_signed_in, post, post_forms, text_of
from tests.factories import make_app, make_guide
from wegwijs.apps.models import App
from wegwijs.auth.models import Role
from wegwijs.content.models import Guide, GuideKind, GuideStatus
from wegwijs.content.service import list_versions


def test_publish_unpublish_archive_restore(client: TestClient, session: Session) -> None:
    app = make_app(session)
    guide = two_language_walkthrough(session, app)
    csrf = member_signed_in(client, session, app, Role.author)
    page = client.get(editor_url(app, guide)).text
    assert "The draft has changes that are not published." in text_of(page)

    response = post(client, editor_url(app, guide, "/publish"), csrf)
    assert response.status_code == 303
    saved = fresh(session, guide)
    assert (saved.status, saved.live_version) == (GuideStatus.published, 1)
    page = client.get(editor_url(app, guide)).text
    assert flash(page) == ["Published as version 1: users see it now."]
    assert "Live: version 1" in text_of(page)
    assert "The draft has changes" not in text_of(page)
    (version,) = list_versions(session=session, guide=saved)
    assert version.published_by == "author@example.com"

    assert post(client, editor_url(app, guide, "/unpublish"), csrf).status_code == 303
    saved = fresh(session, guide)
    assert (saved.status, saved.live_version) == (GuideStatus.draft, None)
    assert flash(client.get(editor_url(app, guide)).text) == [
        "Unpublished: users no longer see it."
    ]

    assert post(client, editor_url(app, guide, "/archive"), csrf).status_code == 303
    assert fresh(session, guide).status == GuideStatus.archived
    page = client.get(editor_url(app, guide)).text
    assert "This guide is archived" in text_of(page)
    actions = [action for action, _ in post_forms(page)]
    assert editor_url(app, guide, "/restore") in actions
    assert editor_url(app, guide, "/delete") in actions
    for refused in ("", "/publish", "/steps", "/steps/amount", "/steps/amount/move"):
        assert editor_url(app, guide, refused) not in actions
    assert '<fieldset class="plain" disabled>' in page
    # Archived guides refuse changes, as the API does.
    response = post(client, editor_url(app, guide), csrf, **guide_form_fields(name="Changed"))
    assert response.status_code == 409
    assert fresh(session, guide).name == "Submit a claim"

    assert post(client, editor_url(app, guide, "/restore"), csrf).status_code == 303
    assert fresh(session, guide).status == GuideStatus.draft
    assert flash(client.get(editor_url(app, guide)).text) == ["Restored as a draft."]


def test_what_stops_publishing_is_listed_in_the_authors_language(
    client: TestClient, session: Session
) -> None:
    app = make_app(session)
    empty = make_guide(session, app, name="Empty", steps=0)
    checklist = make_guide(
        session, app, kind=GuideKind.checklist, name="Start", settings={"items": ["gone"]}
    )
    tip = make_guide(session, app, kind=GuideKind.tip, name="Tip", steps=[{"content": {}}])
    csrf = member_signed_in(client, session, app, Role.author)

    response = post(client, editor_url(app, empty, "/publish"), csrf)
    assert response.status_code == 422
    assert "This guide cannot be published yet" in text_of(response.text)
    assert error_summary(response.text) == ["A walkthrough needs at least one step."]

    response = post(client, editor_url(app, checklist, "/publish"), csrf)
    assert error_summary(response.text) == [
        "There is no walkthrough with the slug “gone” in this app."
    ]
    response = client.post(
        editor_url(app, tip, "/publish"),
        data={"csrf_token": csrf},
        headers={"Accept-Language": "nl"},
        follow_redirects=False,
    )
    assert response.status_code == 422
    assert error_summary(response.text) == [
        "Deze instructie hoort bij een element: kies eerst het element.",
        "Elke stap heeft een titel nodig in minstens één gezamenlijke taal.",
    ]
    assert all(fresh(session, guide).live_version is None for guide in (empty, checklist, tip))


def test_delete_asks_first_and_goes_back_to_the_list(client: TestClient, session: Session) -> None:
    app = make_app(session)
    guide = make_guide(session, app, name="Old flow")
    csrf = member_signed_in(client, session, app, Role.author)
    page = client.get(editor_url(app, guide)).text
    assert 'data-confirm="Delete “Old flow” with all its versions? This cannot be undone."' in page
    response = post(client, editor_url(app, guide, "/delete"), csrf)
    assert response.status_code == 303 and response.headers["location"] == guides_url(app)
    assert flash(client.get(guides_url(app)).text) == ["“Old flow” is deleted."]
    assert session.exec(select(Guide)).all() == []
    assert client.get(editor_url(app, guide)).status_code == 404


def publish_three_versions(client: TestClient, session: Session) -> tuple[App, Guide, str]:
    """Version 1; version 2 with a new name, an edited Dutch title and the steps reordered;
    then a draft with one step removed and one added."""
    app = make_app(session)
    guide = two_language_walkthrough(session, app)
    csrf = member_signed_in(client, session, app, Role.author)
    post(client, editor_url(app, guide, "/publish"), csrf)
    post(client, editor_url(app, guide), csrf, **guide_form_fields(name="Declaratie indienen"))
    amount = steps_of(session, guide)[0]
    fields = step_form_fields(amount, title_nl="Vul het bedrag in")
    post(client, editor_url(app, guide, "/steps/amount"), csrf, **fields)
    post(client, editor_url(app, guide, "/steps/done/move"), csrf, direction="up")
    post(client, editor_url(app, guide, "/publish"), csrf)
    post(client, editor_url(app, guide, "/steps/category/delete"), csrf)
    post(client, editor_url(app, guide, "/steps"), csrf)
    return app, guide, csrf


def test_history_lists_versions_and_rolls_back(client: TestClient, session: Session) -> None:
    app, guide, csrf = publish_three_versions(client, session)
    page = client.get(editor_url(app, guide, "/history")).text
    assert re.findall(r"<tr>\s*<th scope=\"row\">(\d+)", page) == ["2", "1"]
    assert "author@example.com" in page and "live" in text_of(page)
    assert "Roll back to this version" in text_of(page)
    assert f'href="{editor_url(app, guide, "/diff")}?from=1&amp;to=draft"' in page

    response = post(client, editor_url(app, guide, "/rollback"), csrf, version="1")
    assert response.status_code == 303
    saved = fresh(session, guide)
    assert saved.live_version == 3 and saved.name == "Submit a claim"
    assert [step.stable_id for step in steps_of(session, saved)] == ["amount", "category", "done"]
    assert steps_of(session, saved)[0].content["nl"]["title"] == "Bedrag"
    assert flash(client.get(editor_url(app, guide)).text) == [
        "Version 1 is live again, as version 3."
    ]
    history = client.get(editor_url(app, guide, "/history")).text
    assert re.findall(r"<tr>\s*<th scope=\"row\">(\d+)", history) == ["3", "2", "1"]
    newest = history[history.index('<th scope="row">3') :].split("</tr>")[0]
    assert "<td>1</td>" in newest  # restored from version 1
    rollback = editor_url(app, guide, "/rollback")
    assert post(client, rollback, csrf, version="9").status_code == 404
    assert post(client, rollback, csrf, version="x").status_code == 422
    assert fresh(session, guide).live_version == 3


def rows_of(table: str) -> list[tuple[str, str, str]]:
    cells = re.findall(
        r'<tr>\s*<th scope="row">(.*?)</th>\s*<td class="diff-before">(.*?)</td>\s*'
        r'<td class="diff-after">(.*?)</td>',
        table,
        re.S,
    )
    return [(text_of(field), text_of(before), text_of(after)) for field, before, after in cells]


def test_the_diff_shows_fields_and_steps_readably(client: TestClient, session: Session) -> None:
    app, guide, _ = publish_three_versions(client, session)
    page = client.get(editor_url(app, guide, "/diff"), params={"from": 1, "to": 2}).text
    assert "Changes from version 1 to version 2" in text_of(page)
    guide_table = page[page.index('id="guide-changes"') : page.index("</table>")]
    assert rows_of(guide_table) == [("Name", "Submit a claim", "Declaratie indienen")]
    sections = re.findall(r'<section class="panel step-change step-change-(\w+)"', page)
    assert sections == ["changed", "moved", "moved"]  # done and category swapped
    amount = page[page.index("step-change-changed") :].split("</section>")[0]
    assert "Changed" in text_of(amount) and "Vul het bedrag in" in text_of(amount)
    assert rows_of(amount) == [("Title (nl)", "Bedrag", "Vul het bedrag in")]
    moved = page[page.index("step-change-moved") :].split("</section>")[0]
    assert "Moved Done" in text_of(moved) and "was step 3 → now step 2" in text_of(moved)

    # Against the draft (the default): a step removed and one added.
    page = client.get(editor_url(app, guide, "/diff"), params={"from": 2}).text
    assert "Changes from version 2 to the draft" in text_of(page)
    statuses = re.findall(r'<section class="panel step-change step-change-(\w+)"', page)
    assert sorted(statuses) == ["added", "removed"]
    assert "Removed" in text_of(page) and "Added" in text_of(page)
    # Nothing changed between a version and itself.
    same = client.get(editor_url(app, guide, "/diff"), params={"from": 2, "to": 2}).text
    assert "Nothing changed." in text_of(same)
    assert client.get(editor_url(app, guide, "/diff"), params={"from": 7}).status_code == 404
    dutch = client.get(
        editor_url(app, guide, "/diff"),
        params={"from": 1, "to": 2},
        headers={"Accept-Language": "nl"},
    ).text
    assert "Wijzigingen van versie 1 naar versie 2" in text_of(dutch)
    assert "Titel (nl)" in text_of(dutch)


def test_a_guide_never_published_has_no_history(client: TestClient, session: Session) -> None:
    app = make_app(session)
    guide = make_guide(session, app)
    member_signed_in(client, session, app, Role.analyst)
    page = client.get(editor_url(app, guide, "/history")).text
    assert "This guide has not been published yet." in text_of(page)
    assert [action for action, _ in post_forms(page)] == ["/admin/sign-out"]
