"""Plain helpers for admin page tests: sign in, post forms, read what a page shows."""

import html
import re
from typing import Any

from fastapi.testclient import TestClient
from httpx import Response
from sqlmodel import Session

from tests.factories import PASSWORD, make_account, sign_in
from wegwijs.apps.models import App
from wegwijs.auth.models import Role

CSRF_INPUT = re.compile(r'<input type="hidden" name="csrf_token" value="([^"]*)">')
POST_FORM = re.compile(r'<form method="post" action="([^"]+)"[^>]*>(.*?)</form>', re.S)


def member_signed_in(
    client: TestClient, session: Session, app: App, role: Role, email: str | None = None
) -> str:
    """A member with `role` in `app`, signed in; returns the session's CSRF token (the one
    the pages put in their forms)."""
    email = email or f"{role.value}@example.com"
    make_account(session, email, app=app, role=role)
    return sign_in(client, email)


def sign_in_with_form(
    client: TestClient, email: str, password: str = PASSWORD, next_path: str = ""
) -> Response:
    """Sign in the way a browser does: open the page, post its form (not followed)."""
    page = client.get("/admin/sign-in", params={"next": next_path} if next_path else None)
    data = {"csrf_token": csrf_in(page.text), "email": email, "password": password}
    if next_path:
        data["next"] = next_path
    return client.post("/admin/sign-in", data=data, follow_redirects=False)


def post(client: TestClient, url: str, csrf: str | None, **fields: Any) -> Response:
    """Post a form as a page would (without following the redirect)."""
    data = {**fields, **({"csrf_token": csrf} if csrf is not None else {})}
    return client.post(url, data=data, follow_redirects=False)


def csrf_in(page: str) -> str:
    match = CSRF_INPUT.search(page)
    assert match, "no CSRF field on the page"
    return match.group(1)


def field_error(page: str, field: str) -> str | None:
    """The message shown next to a field (ids follow `forms.field_id`)."""
    field_id = "field-" + field.replace("_", "-")
    match = re.search(
        rf'<p class="field-error" id="{field_id}-error">'
        r'<span class="visually-hidden">[^<]*</span>([^<]*)</p>',
        page,
    )
    return html.unescape(match.group(1)).strip() if match else None


def field_value(page: str, field: str) -> str | None:
    """What an input or textarea holds as rendered."""
    field_id = "field-" + field.replace("_", "-")
    match = re.search(rf'<input id="{field_id}"[^>]*?value="([^"]*)"', page) or re.search(
        rf'<textarea id="{field_id}"[^>]*>([^<]*)</textarea>', page
    )
    return html.unescape(match.group(1)) if match else None


def error_summary(page: str) -> list[str]:
    """Links (or texts) in the error summary at the top of the form."""
    match = re.search(r"<div class=\"error-summary\".*?<ul>(.*?)</ul>", page, re.S)
    if not match:
        return []
    items = re.findall(r"<li>(.*?)</li>", match.group(1), re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", item)).strip() for item in items]


def flash(page: str) -> list[str]:
    return [
        html.unescape(text).strip()
        for text in re.findall(r'<div class="flash" role="status">([^<]*)</div>', page)
    ]


def text_of(page: str) -> str:
    """The page's visible-ish text, tags removed and whitespace collapsed."""
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def post_forms(page: str) -> list[tuple[str, str]]:
    """(action, inner HTML) of every POST form on the page."""
    return [(html.unescape(action), inner) for action, inner in POST_FORM.findall(page)]
