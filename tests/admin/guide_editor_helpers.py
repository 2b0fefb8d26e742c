"""Plain helpers for the guide editor tests: addresses, the stored guide, what a page holds."""

import html
import json
import re
from html.parser import HTMLParser
from typing import Any

from sqlmodel import Session

from tests.factories import make_guide
from wegwijs.apps.models import App
from wegwijs.content.models import Guide, Step
from wegwijs.content.snapshot import ordered_steps


def guides_url(app: App) -> str:
    return f"/admin/apps/{app.key}/guides"


def editor_url(app: App, guide: Guide, path: str = "") -> str:
    return f"/admin/apps/{app.key}/guides/{guide.id}{path}"


def two_language_walkthrough(session: Session, app: App, *, name: str = "Submit a claim") -> Guide:
    """A draft walkthrough with three steps (`amount`, `category`, `done`) in nl and en."""
    return make_guide(
        session,
        app,
        name=name,
        steps=[
            {
                "id": step_id,
                "target": {"id": f"claim-{step_id}"},
                "content": {
                    "nl": {"title": nl, "body": f"Over **{nl.lower()}**."},
                    "en": {"title": en, "body": f"About **{en.lower()}**."},
                },
            }
            for step_id, nl, en in (
                ("amount", "Bedrag", "Amount"),
                ("category", "Categorie", "Category"),
                ("done", "Klaar", "Done"),
            )
        ],
    )


def steps_of(session: Session, guide: Guide) -> list[Step]:
    session.expire_all()
    return ordered_steps(session=session, guide=guide)


def step_ids(session: Session, guide: Guide) -> list[str]:
    return [step.stable_id for step in steps_of(session, guide)]


def fresh(session: Session, guide: Guide) -> Guide:
    session.expire_all()
    found = session.get(Guide, guide.id)
    assert found is not None
    return found


def step_form_fields(step: Step, **fields: str) -> dict[str, str]:
    """A step form as the editor posts it: every field as stored, named for this step."""
    values = {
        "target": json.dumps(step.target) if step.target is not None else "",
        "url_rule": step.url_rule or "",
        "sample_url": step.sample_url or "",
        "placement": str(step.placement),
        "advance_trigger": str(step.advance_trigger),
        "title_nl": "",
        "body_nl": "",
        "title_en": "",
        "body_en": "",
    }
    for locale, text in step.content.items():
        values[f"title_{locale}"] = text.get("title", "")
        values[f"body_{locale}"] = text.get("body", "")
    values.update(fields)
    return {f"step{step.id}_{name}": value for name, value in values.items()}


def guide_form_fields(**fields: str) -> dict[str, str]:
    """The guide form with sensible values; `fields` replace or add."""
    return {
        "name": "Submit a claim",
        "slug": "submit-a-claim",
        "url_rules": "",
        "audience_join": "all",
        "element": "",
        "starts_at": "",
        "ends_at": "",
        "frequency": "once",
        "priority": "0",
        **fields,
    }


def summary_of(page: str) -> str:
    match = re.search(r'<p class="summary" data-summary>(.*?)</p>', page, re.S)
    assert match, "no summary on the page"
    return html.unescape(match.group(1)).strip()


class Markup(HTMLParser):
    """Every start tag with its attributes, as the browser's parser would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def active_markup(page: str) -> list[str]:
    """What in `page` could run script or style: handlers, inline scripts, javascript: URLs,
    style attributes, frames and plugins. Text that only looks like markup is not counted."""
    parser = Markup()
    parser.feed(page)
    found = []
    for tag, attrs in parser.tags:
        if tag in ("iframe", "object", "embed", "frame", "base"):
            found.append(tag)
        if tag == "script" and not attrs.get("src"):
            found.append("inline script")
        for name, value in attrs.items():
            if name.startswith("on") or name in ("style", "srcdoc", "formaction"):
                found.append(f"{tag} {name}")
            if name in ("href", "src", "action") and value:
                if re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith(("javascript:", "data:")):
                    found.append(f"{tag} {name}={value}")
    return found


def texts_of(page: str) -> Any:
    """The page's text as the browser shows it (entities decoded)."""
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def shown_value(page: str, field: str) -> str | None:
    """What a field shows: an input's or textarea's text, or a select's chosen option."""
    field_id = "field-" + field.replace("_", "-")
    select = re.search(rf'<select id="{field_id}"[^>]*>(.*?)</select>', page, re.S)
    if select:
        chosen = re.search(r'<option value="([^"]*)" selected>', select.group(1))
        return html.unescape(chosen.group(1)) if chosen else None
    match = re.search(rf'<input id="{field_id}"[^>]*?value="([^"]*)"', page) or re.search(
        rf'<textarea id="{field_id}"[^>]*>([^<]*)</textarea>', page
    )
    return html.unescape(match.group(1)) if match else None


def step_headings(page: str) -> list[str]:
    """ "Step 1: Amount", … in the order the editor shows the steps."""
    found = re.findall(
        r'<span data-step-number>([^<]*)</span>: <span class="step-title">([^<]*)</span>', page
    )
    return [html.unescape(f"{number}: {title}") for number, title in found]
