"""The guide editor's forms: name and slug, targeting with its summary, the schedule in the
app's time zone, settings per kind, and steps (add, edit, move, reorder, delete), each
saved through the content service, with errors next to the fields and input kept."""

import html
import json
import re
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.admin.guide_editor_helpers import (
    active_markup,
    editor_url,
    fresh,
    guide_form_fields,
    shown_value,
    step_form_fields,
    step_headings,
    step_ids,
    steps_of,
    summary_of,
    two_language_walkthrough,
)
from tests.admin.helpers import (
    error_summary,
    field_error,
    field_value,
    flash,
    member_signed_in,
    post,
    text_of,
)
from tests.factories import make_app, make_guide
from wegwijs.admin.guide_forms import audience_rows, read_scalar, show_scalar
from wegwijs.admin.i18n import MESSAGES
from wegwijs.apps.models import AppUpdate
from wegwijs.apps.service import update_app
from wegwijs.auth.models import Role
from wegwijs.content.models import AdvanceTrigger, Frequency, GuideKind, Placement
from wegwijs.delivery.preview import read_preview_token

# -- the guide form ---------------------------------------------------------------------------


def test_the_editor_shows_the_guide_as_it_is(client: TestClient, session: Session) -> None:
    app = make_app(session)
    guide = two_language_walkthrough(session, app)
    member_signed_in(client, session, app, Role.author)
    page = client.get(editor_url(app, guide)).text
    assert field_value(page, "name") == "Submit a claim"
    assert field_value(page, "slug") == "submit-a-claim"
    assert field_value(page, "url_rules") == ""  # every page
    assert summary_of(page) == "Shown once, to all users, on every page"
    assert step_headings(page) == ["Step 1: Bedrag", "Step 2: Categorie", "Step 3: Klaar"]
    # Every step's form, with a section per language and the server-rendered preview.
    step = steps_of(session, guide)[0]
    assert field_value(page, f"step{step.id}_title_en") == "Amount"
    assert field_value(page, f"step{step.id}_body_nl") == "Over **bedrag**."
    assert f'id="preview-{step.id}-nl" lang="nl"' in page
    assert "<p>Over <strong>bedrag</strong>.</p>" in page
    assert json.loads(field_value(page, f"step{step.id}_target") or "") == {"id": "claim-amount"}


def test_name_slug_and_targeting_are_saved_and_summarised(
    client: TestClient, session: Session
) -> None:
    app = make_app(session)
    guide = two_language_walkthrough(session, app)
    csrf = member_signed_in(client, session, app, Role.author)
    fields = guide_form_fields(
        name="Declaratie indienen",
        slug="declaratie-indienen",
        url_rules="/claims/*\n  /claims/:id/edit  \n",
        audience_join="all",
        audience_trait_0="role",
        audience_op_0="eq",
        audience_value_0="approver",
        audience_trait_1="department",
        audience_op_1="in",
        audience_value_1="finance, hr",
        audience_trait_2="level",
        audience_op_2="gte",
        audience_value_2="3",
        element="#claim-form",
        frequency="until_completed",
        priority="7",
    )
    response = post(client, editor_url(app, guide), csrf, **fields)
    assert response.status_code == 303
    assert response.headers["location"] == editor_url(app, guide)
    saved = fresh(session, guide)
    assert saved.name == "Declaratie indienen" and saved.slug == "declaratie-indienen"
    assert saved.targeting == {
        "url_rules": ["/claims/*", "/claims/:id/edit"],
        "audience": {
            "all": [
                {"trait": "role", "op": "eq", "value": "approver"},
                {"trait": "department", "op": "in", "value": ["finance", "hr"]},
                {"trait": "level", "op": "gte", "value": 3},
            ]
        },
        "element": "#claim-form",
    }
    assert (saved.frequency, saved.priority) == (Frequency.until_completed, 7)

    page = client.get(editor_url(app, guide)).text
    assert flash(page) == ["Saved in the draft."]
    assert summary_of(page) == (
        "Shown until completed, to users whose role is approver and whose department is one "
        "of finance, hr and whose level is at least 3, on /claims/* or /claims/:id/edit, when "
        "#claim-form is on the page"
    )
    assert field_value(page, "audience_value_1") == "finance, hr"
    assert field_value(page, "audience_trait_3") == ""  # an empty row to add one more
    dutch = client.get(editor_url(app, guide), headers={"Accept-Language": "nl"}).text
    assert summary_of(dutch).startswith("Getoond tot voltooid, aan gebruikers van wie role")


def test_nested_audiences_are_edited_as_json(client: TestClient, session: Session) -> None:
    app = make_app(session)
    guide = make_guide(session, app)
    csrf = member_signed_in(client, session, app, Role.author)
    nested = {
        "any": [
            {"trait": "role", "op": "eq", "value": "admin"},
            {"all": [{"trait": "beta", "op": "eq", "value": True}, {"trait": "x", "op": "exists"}]},
        ]
    }
    fields = guide_form_fields(audience_json=json.dumps(nested), audience_trait_0="ignored")
    assert post(client, editor_url(app, guide), csrf, **fields).status_code == 303
    assert fresh(session, guide).targeting["audience"] == nested
    page = client.get(editor_url(app, guide)).text
    assert json.loads(field_value(page, "audience_json") or "") == nested
    assert field_value(page, "audience_trait_0") == ""
    assert "(whose beta is true and whose x is set)" in summary_of(page)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": " "}, "name", "Fill in this field."),
        ({"slug": "Not A Slug"}, "slug", "Use lowercase letters, digits and single hyphens"),
        ({"url_rules": "/claims/[x"}, "url_rules", "Check the URL rules: URL rule 1"),
        ({"audience_json": "{not json"}, "audience_json", "This is not valid JSON"),
        ({"audience_json": "[1]"}, "audience_json", "The audience is a JSON object"),
        (
            {"audience_trait_0": "bad name!", "audience_op_0": "eq", "audience_value_0": "x"},
            "audience",
            "Check the audience:",
        ),
        (
            {"audience_trait_0": "level", "audience_op_0": "gt", "audience_value_0": "many"},
            "audience_value_0",
            "Enter a number.",
        ),
        ({"element": "div{color:red}"}, "element", "Check the selector: a CSS selector cannot"),
        ({"starts_at": "tomorrow"}, "starts_at", "Enter a date and time"),
        ({"priority": "1001"}, "priority", "Enter a number from -1000 to 1000."),
        ({"priority": "high"}, "priority", "Enter a whole number."),
        ({"frequency": "sometimes"}, "frequency", "Choose one of the options."),
    ],
)
def test_guide_errors_are_shown_next_to_their_fields_and_input_is_kept(
    client: TestClient, session: Session, fields: dict[str, str], field: str, message: str
) -> None:
    app = make_app(session)
    guide = make_guide(session, app)
    csrf = member_signed_in(client, session, app, Role.author)
    posted = guide_form_fields(**{"name": "Changed name", **fields})
    response = post(client, editor_url(app, guide), csrf, **posted)
    assert response.status_code == 422
    shown = field_error(response.text, field)
    assert shown is not None and shown.startswith(message), shown
    assert any(item.startswith(message) for item in error_summary(response.text))
    for name, value in posted.items():
        if value != "sometimes":  # a choice that is not offered cannot be shown chosen
            assert shown_value(response.text, name) == value, name
    assert fresh(session, guide).name == "Submit a claim"  # nothing saved


def test_a_taken_slug_is_an_error_on_the_slug(client: TestClient, session: Session) -> None:
    app = make_app(session)
    make_guide(session, app, name="Taken")
    guide = make_guide(session, app)
    csrf = member_signed_in(client, session, app, Role.author)
    response = post(client, editor_url(app, guide), csrf, **guide_form_fields(slug="taken"))
    assert response.status_code == 422
    assert field_error(response.text, "slug") == "Another guide of this app has this slug."
    assert field_value(response.text, "slug") == "taken"


def test_the_schedule_is_typed_and_shown_in_the_apps_time_zone(
    client: TestClient, session: Session
) -> None:
    app = make_app(session)  # Europe/Amsterdam: UTC+2 in May
    guide = make_guide(session, app)
    csrf = member_signed_in(client, session, app, Role.author)
    fields = guide_form_fields(starts_at="2026-05-01T09:00", ends_at="2026-05-31T18:30")
    assert post(client, editor_url(app, guide), csrf, **fields).status_code == 303
    saved = fresh(session, guide)
    assert saved.starts_at == datetime(2026, 5, 1, 7, 0, tzinfo=UTC)
    assert saved.ends_at == datetime(2026, 5, 31, 16, 30, tzinfo=UTC)
    page = client.get(editor_url(app, guide)).text
    assert field_value(page, "starts_at") == "2026-05-01T09:00"
    assert 'type="datetime-local"' in page
    assert "Times are in the app's time zone, Europe/Amsterdam." in text_of(page)
    assert summary_of(page).endswith("from 2026-05-01 09:00, until 2026-05-31 18:30")

    # Another app clock: the same moment is shown on it, and typed times are read on it.
    update_app(session=session, app=app, app_in=AppUpdate(timezone="America/New_York"))
    page = client.get(editor_url(app, guide)).text
    assert field_value(page, "starts_at") == "2026-05-01T03:00"
    fields = guide_form_fields(starts_at="2026-05-01T09:00")
    assert post(client, editor_url(app, guide), csrf, **fields).status_code == 303
    assert fresh(session, guide).starts_at == datetime(2026, 5, 1, 13, 0, tzinfo=UTC)
    assert fresh(session, guide).ends_at is None  # emptied

    # The end before the start: said next to the end, nothing saved.
    fields = guide_form_fields(starts_at="2026-06-02T10:00", ends_at="2026-06-01T10:00")
    response = post(client, editor_url(app, guide), csrf, **fields)
    assert response.status_code == 422
    assert field_error(response.text, "ends_at") == "The end must be after the start."
    assert field_value(response.text, "ends_at") == "2026-06-01T10:00"
    assert fresh(session, guide).starts_at == datetime(2026, 5, 1, 13, 0, tzinfo=UTC)


# -- settings per kind ------------------------------------------------------------------------


def test_tip_settings(client: TestClient, session: Session) -> None:
    app = make_app(session)
    tip = make_guide(session, app, kind=GuideKind.tip, name="Amount")
    csrf = member_signed_in(client, session, app, Role.author)
    page = client.get(editor_url(app, tip)).text
    assert "Tip text and element" in text_of(page) and "Write the text" not in text_of(page)
    fields = guide_form_fields(slug="amount", settings_icon="info", settings_trigger="click")
    assert post(client, editor_url(app, tip), csrf, **fields).status_code == 303
    assert fresh(session, tip).settings == {"icon": "info", "trigger": "click"}
    bad = guide_form_fields(slug="amount", settings_icon="star", settings_trigger="click")
    response = post(client, editor_url(app, tip), csrf, **bad)
    assert response.status_code == 422
    assert field_error(response.text, "settings_icon") == "Choose one of the options."


def test_announcement_settings_offer_the_apps_walkthroughs(
    client: TestClient, session: Session
) -> None:
    app = make_app(session)
    make_guide(session, app, name="Submit a claim")
    news = make_guide(session, app, kind=GuideKind.announcement, name="New form", steps=0)
    csrf = member_signed_in(client, session, app, Role.author)
    page = client.get(editor_url(app, news)).text
    assert '<option value="submit-a-claim">Submit a claim (submit-a-claim)</option>' in page
    assert "Write the text" in text_of(page)
    fields = guide_form_fields(
        slug="new-form",
        settings_display="modal",
        settings_button_label="Laat zien",
        settings_start_walkthrough="submit-a-claim",
    )
    assert post(client, editor_url(app, news), csrf, **fields).status_code == 303
    assert fresh(session, news).settings == {
        "display": "modal",
        "button_label": "Laat zien",
        "start_walkthrough": "submit-a-claim",
    }
    page = client.get(editor_url(app, news)).text
    assert '<option value="submit-a-claim" selected>' in page


def test_checklist_items_are_chosen_in_order(client: TestClient, session: Session) -> None:
    app = make_app(session)
    make_guide(session, app, name="Submit a claim")
    make_guide(session, app, name="Approve a claim")
    checklist = make_guide(session, app, kind=GuideKind.checklist, name="Start", steps=0)
    csrf = member_signed_in(client, session, app, Role.author)
    fields = guide_form_fields(
        slug="start",
        settings_item_0="submit-a-claim",
        settings_item_1="",
        settings_item_2="approve-a-claim",
    )
    assert post(client, editor_url(app, checklist), csrf, **fields).status_code == 303
    assert fresh(session, checklist).settings == {"items": ["submit-a-claim", "approve-a-claim"]}
    page = client.get(editor_url(app, checklist)).text
    assert field_value(page, "settings_item_0") is None  # a select, not an input
    assert page.count('<select id="field-settings-item-') == 4  # two used, two empty
    twice = guide_form_fields(
        slug="start", settings_item_0="submit-a-claim", settings_item_1="submit-a-claim"
    )
    response = post(client, editor_url(app, checklist), csrf, **twice)
    assert response.status_code == 422
    assert field_error(response.text, "settings_items") == "Put each walkthrough on the list once."


# -- steps ------------------------------------------------------------------------------------


def test_a_steps_text_target_and_behaviour_are_saved(client: TestClient, session: Session) -> None:
    app = make_app(session)
    guide = two_language_walkthrough(session, app)
    step = steps_of(session, guide)[1]
    csrf = member_signed_in(client, session, app, Role.author)
    fields = step_form_fields(
        step,
        title_nl="Kies een categorie",
        body_nl="Kies **reizen** of *maaltijden*.",
        title_en="Choose a category",
        body_en="",
        target='{"attributes": {"data-testid": "claim-category"}, "text": "Categorie"}',
        placement="bottom",
        advance_trigger="input",
        url_rule="/claims/new",
        sample_url="https://host.example.com/claims/new",
    )
    url = editor_url(app, guide, f"/steps/{step.stable_id}")
    response = post(client, url, csrf, **fields)
    assert response.status_code == 303
    assert response.headers["location"] == editor_url(app, guide, "?step=category#step-category")
    saved = steps_of(session, guide)[1]
    assert saved.content == {
        "nl": {"title": "Kies een categorie", "body": "Kies **reizen** of *maaltijden*."},
        "en": {"title": "Choose a category", "body": ""},
    }
    assert saved.target == {"attributes": {"data-testid": "claim-category"}, "text": "Categorie"}
    assert (saved.placement, saved.advance_trigger) == (Placement.bottom, AdvanceTrigger.input)
    assert (saved.url_rule, saved.sample_url) == (
        "/claims/new",
        "https://host.example.com/claims/new",
    )
    page = client.get(response.headers["location"]).text
    assert flash(page) == ["Step saved in the draft."]
    assert "<p>Kies <strong>reizen</strong> of <em>maaltijden</em>.</p>" in page
    assert '<details class="step-body" open>' in page

    # An empty target makes a floating step; a language left empty is removed.
    fields = step_form_fields(saved, target="", title_en="", body_en="")
    assert post(client, url, csrf, **fields).status_code == 303
    saved = steps_of(session, guide)[1]
    assert saved.target is None and set(saved.content) == {"nl"}


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"target": "{nope"}, "target", "This is not valid JSON"),
        ({"target": "[1, 2]"}, "target", "A target is a JSON object"),
        ({"target": json.dumps({"text": "x" * 9000})}, "target", "This target is too large"),
        ({"sample_url": "ftp://files.example.com"}, "sample_url", "Enter a full address"),
        ({"title_en": "t" * 201}, "title_en", "Use at most 200 characters."),
        ({"placement": "sideways"}, "placement", "Choose one of the options."),
    ],
)
def test_step_errors_are_shown_in_the_step_and_input_is_kept(
    client: TestClient, session: Session, fields: dict[str, str], field: str, message: str
) -> None:
    app = make_app(session)
    guide = two_language_walkthrough(session, app)
    step = steps_of(session, guide)[0]
    csrf = member_signed_in(client, session, app, Role.author)
    posted = step_form_fields(step, title_nl="Nieuw bedrag", **fields)
    response = post(client, editor_url(app, guide, f"/steps/{step.stable_id}"), csrf, **posted)
    assert response.status_code == 422
    shown = field_error(response.text, f"step{step.id}_{field}")  # in the step's own form
    assert shown is not None and shown.startswith(message), shown
    assert field_value(response.text, f"step{step.id}_title_nl") == "Nieuw bedrag"
    name = f"step{step.id}_{field}"
    if field in ("target", "sample_url", "title_en"):
        assert field_value(response.text, name) == posted[name]
    assert f'<li class="step" id="step-{step.stable_id}"' in response.text
    assert steps_of(session, guide)[0].content["nl"]["title"] == "Bedrag"


def test_steps_are_added_moved_reordered_and_deleted(client: TestClient, session: Session) -> None:
    app = make_app(session)
    guide = two_language_walkthrough(session, app)
    csrf = member_signed_in(client, session, app, Role.author)

    response = post(client, editor_url(app, guide, "/steps"), csrf)
    assert response.status_code == 303
    ids = step_ids(session, guide)
    assert ids[:3] == ["amount", "category", "done"] and len(ids) == 4
    assert response.headers["location"].endswith(f"?step={ids[3]}#step-{ids[3]}")
    assert step_headings(client.get(response.headers["location"]).text)[3] == (
        "Step 4: (no title yet)"
    )

    # Move up / Move down: the keyboard's way without script.
    response = post(client, editor_url(app, guide, "/steps/done/move"), csrf, direction="up")
    assert response.status_code == 303
    assert step_ids(session, guide)[:3] == ["amount", "done", "category"]
    page = client.get(response.headers["location"]).text
    assert flash(page) == ["Step moved to position 2 of 4."]
    post(client, editor_url(app, guide, "/steps/amount/move"), csrf, direction="up")  # first
    post(client, editor_url(app, guide, "/steps/amount/move"), csrf, direction="down")
    assert step_ids(session, guide)[:3] == ["done", "amount", "category"]

    # The whole order at once (the script's drag and Alt+arrows), as JSON or as a form.
    order = ["category", ids[3], "amount", "done"]
    response = client.post(
        editor_url(app, guide, "/steps/order"),
        data={"csrf_token": csrf, "step_ids": order},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 200 and response.json() == {"step_ids": order}
    assert step_ids(session, guide) == order
    response = post(client, editor_url(app, guide, "/steps/order"), csrf, step_ids=["amount"])
    assert response.status_code == 422
    assert step_ids(session, guide) == order

    response = post(client, editor_url(app, guide, f"/steps/{ids[3]}/delete"), csrf)
    assert response.status_code == 303
    assert step_ids(session, guide) == ["category", "amount", "done"]
    assert flash(client.get(editor_url(app, guide)).text) == ["Step deleted."]
    assert post(client, editor_url(app, guide, "/steps/nope/delete"), csrf).status_code == 404


def test_guides_of_one_step_offer_no_second_step(client: TestClient, session: Session) -> None:
    app = make_app(session)
    tip = make_guide(session, app, kind=GuideKind.tip, name="Amount")
    member_signed_in(client, session, app, Role.author)
    page = client.get(editor_url(app, tip)).text
    assert editor_url(app, tip, "/steps") + '"' not in page
    assert "Move up" not in text_of(page)
    assert '<details class="step-body" open>' in page  # the only step is open


# -- live Markdown preview and Preview in app -------------------------------------------------


def test_the_markdown_preview_is_rendered_and_sanitised_by_the_server(
    client: TestClient, session: Session
) -> None:
    app = make_app(session)
    csrf = member_signed_in(client, session, app, Role.author)
    url = f"/admin/apps/{app.key}/guides/markdown-preview"
    body = "# Kop\n\nKlik **hier** <script>alert(1)</script> [x](javascript:alert(1))"
    response = post(client, url, csrf, body=body)
    assert response.status_code == 200
    html = response.json()["html"]
    assert html.startswith("<h3>Kop</h3>")
    assert "<strong>hier</strong>" in html and "&lt;script&gt;" in html
    assert active_markup(html) == []
    assert "javascript:" not in html.replace("](javascript:", "")  # left as text, not a link
    assert response.headers["content-security-policy"].startswith("default-src 'none'")
    assert post(client, url, None, body=body).status_code == 403
    assert post(client, url, csrf, body="").json() == {"html": ""}


def test_preview_in_app_without_script_gives_a_link_with_a_token(
    client: TestClient, session: Session
) -> None:
    app = make_app(session, origins=["https://claims.example.com"])
    guide = make_guide(session, app)
    csrf = member_signed_in(client, session, app, Role.author)
    url = editor_url(app, guide, "/preview")
    response = post(client, url, csrf, host_url="https://claims.example.com/claims/new")
    assert response.status_code == 200
    prefix = 'href="https://claims.example.com/claims/new#wegwijs_preview='
    start = response.text.index(prefix) + len(prefix)
    token = response.text[start : response.text.index('"', start)]
    grant = read_preview_token(secret_key=client.app.state.secret_key, token=token)
    assert (grant.app_id, grant.guide_id) == (app.id, guide.id)
    # A hash route keeps its path; another origin gets no token.
    response = post(client, url, csrf, host_url="https://claims.example.com/#/orders")
    assert "#/orders?wegwijs_preview=" in response.text
    response = post(client, url, csrf, host_url="https://evil.example/claims")
    assert response.status_code == 422
    assert "wegwijs_preview" not in response.text
    assert "Enter an address on one of the app's allowed origins" in text_of(response.text)


def test_each_target_has_a_live_status_for_the_script_to_fill(
    client: TestClient, session: Session
) -> None:
    """Hidden until guides.js asks the preview window; with its words in the page's language
    (the admin's CSP lets no inline script carry them)."""
    app = make_app(session)
    guide = two_language_walkthrough(session, app)
    member_signed_in(client, session, app, Role.author)
    client.cookies.set("wegwijs_lang", "nl")
    page = client.get(editor_url(app, guide)).text
    step = steps_of(session, guide)[0]
    status = f'id="target-status-{step.stable_id}" aria-live="polite" hidden>'
    assert f'<p class="target-status" {status}' in page
    assert f'data-target-status="target-status-{step.stable_id}"' in page
    assert 'data-msg-target-found-by="Gevonden op de huidige pagina (via {how})."' in page
    parts = re.search(r"data-target-parts='([^']*)'", page)
    assert parts and json.loads(html.unescape(parts.group(1)))["accessibleName"] == (
        "toegankelijke naam"
    )
    # Analysts read the editor without it: they cannot open a preview.
    client.cookies.clear()
    member_signed_in(client, session, app, Role.analyst)
    page = client.get(editor_url(app, guide)).text
    assert "target-status" not in page and "data-msg-target" not in page


# -- form conversions -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "typed"),
    [("approver", "approver"), ("42", '"42"'), (42, "42"), (1.5, "1.5"), (True, "true"),
     ("true", '"true"'), ('"quoted"', '"\\"quoted\\""')],
)  # fmt: skip
def test_row_values_read_back_as_they_were(value: object, typed: str) -> None:
    assert show_scalar(value) == typed
    assert read_scalar(typed) == value


def test_audiences_rows_cannot_show_exactly_are_left_to_json() -> None:
    assert audience_rows(None) == ("all", [])
    flat = {"any": [{"trait": "role", "op": "in", "value": ["a", "b"]}]}
    assert audience_rows(flat) == ("any", [{"trait": "role", "op": "in", "value": "a, b"}])
    for shown_only_as_json in (
        {"all": [{"any": [{"trait": "a", "op": "exists"}]}]},
        {"all": [{"trait": "team", "op": "in", "value": ["a, b"]}]},
        {"all": [{"trait": "team", "op": "eq", "value": " padded "}]},
        {"all": [{"trait": f"t{n}", "op": "exists"} for n in range(21)]},
    ):
        assert audience_rows(shown_only_as_json) is None


def test_every_choice_has_its_words() -> None:
    for prefix, values in {
        "frequency.": list(Frequency),
        "placement.": list(Placement),
        "trigger.": list(AdvanceTrigger),
        "steps.title.": list(GuideKind),
        "steps.none.": list(GuideKind),
        "diff.status.": ["added", "removed", "moved", "changed"],
        "editor.settings.": ["tip", "announcement", "checklist"],
        "editor.error.": ["url_rules", "audience", "element"],  # with the validator's words
        "op.": ["eq", "ne", "in", "not_in", "contains", "exists", "not_exists", "gt", "gte"],
    }.items():
        for value in values:
            assert f"{prefix}{value}" in MESSAGES, f"{prefix}{value}"
