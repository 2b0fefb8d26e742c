"""The guides list: filters, search and pages; a new guide of any kind; read-only for
analysts; the *Record a walkthrough* panel."""

import re

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from tests.admin.guide_editor_helpers import guides_url
from tests.admin.helpers import (
    error_summary,
    field_error,
    field_value,
    flash,
    member_signed_in,
    post,
    post_forms,
    text_of,
)
from tests.factories import make_app, make_guide
from wegwijs.auth.models import Role
from wegwijs.content.models import Guide, GuideKind, GuideStatus
from wegwijs.content.service import archive_guide, publish_guide


def names_listed(page: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]*)</a></th>', page)


def test_filters_by_kind_and_status_and_searches_by_name(
    client: TestClient, session: Session
) -> None:
    app = make_app(session)
    claim = make_guide(session, app, name="Submit a claim")
    make_guide(session, app, name="Approve a claim")
    make_guide(session, app, kind=GuideKind.tip, name="Amount tip")
    make_guide(session, app, kind=GuideKind.announcement, name="New claim form")
    archived = make_guide(session, app, name="Old claim flow")
    publish_guide(session=session, app=app, guide=claim, author=None)
    archive_guide(session=session, app=app, guide=archived)
    member_signed_in(client, session, app, Role.author)

    everything = client.get(guides_url(app)).text
    assert len(names_listed(everything)) == 5
    assert "5 guides" in text_of(everything)

    tips = client.get(guides_url(app), params={"kind": "tip"}).text
    assert names_listed(tips) == ["Amount tip"]
    assert '<option value="tip" selected>' in tips
    published = client.get(guides_url(app), params={"status": "published"}).text
    assert names_listed(published) == ["Submit a claim"]
    found = client.get(guides_url(app), params={"q": "claim", "kind": "walkthrough"}).text
    assert sorted(names_listed(found)) == ["Approve a claim", "Old claim flow", "Submit a claim"]
    assert 'value="claim"' in found and "Clear filters" in text_of(found)
    none = client.get(guides_url(app), params={"q": "nothing like it"}).text
    assert "No guides match these filters." in text_of(none)
    # Unknown filter values are ignored rather than an error page.
    assert len(names_listed(client.get(guides_url(app), params={"kind": "x"}).text)) == 5


def test_pages_keep_the_filters(client: TestClient, session: Session) -> None:
    app = make_app(session)
    for number in range(23):
        make_guide(session, app, name=f"Walkthrough {number:02}", steps=0)
    make_guide(session, app, kind=GuideKind.tip, name="A tip")
    member_signed_in(client, session, app, Role.analyst)
    first = client.get(guides_url(app), params={"kind": "walkthrough"}).text
    assert len(names_listed(first)) == 20
    assert "Page 1 of 2" in text_of(first)
    assert 'href="?kind=walkthrough&amp;page=2" rel="next"' in first
    second = client.get(guides_url(app), params={"kind": "walkthrough", "page": 2}).text
    assert len(names_listed(second)) == 3
    assert 'href="?kind=walkthrough&amp;page=1" rel="prev"' in second
    assert "A tip" not in names_listed(second)


@pytest.mark.parametrize("kind", list(GuideKind))
def test_an_author_creates_a_guide_of_any_kind(
    client: TestClient, session: Session, kind: GuideKind
) -> None:
    app = make_app(session)
    csrf = member_signed_in(client, session, app, Role.author)
    response = post(client, guides_url(app), csrf, name="  Nieuwe  declaratie ", kind=kind.value)
    assert response.status_code == 303
    guide = session.exec(select(Guide)).one()
    assert (guide.name, guide.kind, guide.status) == ("Nieuwe declaratie", kind, "draft")
    assert guide.slug == "nieuwe-declaratie"
    assert response.headers["location"] == f"{guides_url(app)}/{guide.id}"
    editor = client.get(response.headers["location"]).text
    assert flash(editor) == ["“Nieuwe declaratie” is created as a draft."]


def test_create_errors_are_shown_next_to_the_fields(client: TestClient, session: Session) -> None:
    app = make_app(session)
    csrf = member_signed_in(client, session, app, Role.author)
    response = post(client, guides_url(app), csrf, name="   ", kind="walkthrough")
    assert response.status_code == 422
    assert field_error(response.text, "name") == "Fill in this field."
    assert error_summary(response.text) == ["Fill in this field."]
    response = post(client, guides_url(app), csrf, name="x" * 201, kind="tour")
    assert response.status_code == 422
    assert field_error(response.text, "name") == "Use at most 200 characters."
    assert field_error(response.text, "kind") == "Choose one of the options."
    assert field_value(response.text, "name") == "x" * 201
    assert session.exec(select(Guide)).all() == []


def test_analysts_see_the_list_read_only(client: TestClient, session: Session) -> None:
    app = make_app(session)
    guide = make_guide(session, app)
    csrf = member_signed_in(client, session, app, Role.analyst)
    page = client.get(guides_url(app)).text
    assert names_listed(page) == ["Submit a claim"]
    assert "View" in text_of(page) and ">Edit<" not in page
    assert [action for action, _ in post_forms(page)] == ["/admin/sign-out"]
    assert "data-record" not in page and "New guide" not in text_of(page)
    response = post(client, guides_url(app), csrf, name="Mine", kind="tip")
    assert response.status_code == 403
    session.refresh(guide)
    assert len(session.exec(select(Guide)).all()) == 1


def test_the_record_panel_names_the_host_app_and_needs_script(
    client: TestClient, session: Session
) -> None:
    app = make_app(session, origins=["https://claims.example.com", "http://localhost:3000"])
    member_signed_in(client, session, app, Role.author)
    page = client.get(guides_url(app)).text
    first, second = app.allowed_origins  # kept sorted
    assert f'name="host_url" type="url" value="{first}"' in page
    assert f'data-origins="{first} {second}"' in page
    assert '<button type="button" class="button" data-record hidden>' in page
    assert "Recording needs JavaScript in this browser." in text_of(page)
    assert '<script src="/admin/static/guides.js" defer>' in page


def test_the_list_is_in_dutch_too(client: TestClient, session: Session) -> None:
    app = make_app(session)
    guide = make_guide(session, app)
    publish_guide(session=session, app=app, guide=guide, author=None)
    member_signed_in(client, session, app, Role.author)
    page = text_of(client.get(guides_url(app), headers={"Accept-Language": "nl"}).text)
    for text in ("Instructies", "Stappenplan", "Gepubliceerd", "Nieuwe instructie", "Bewerken"):
        assert text in page
    assert GuideStatus.published == "published"
