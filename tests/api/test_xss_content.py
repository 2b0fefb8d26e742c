"""The XSS corpus through the content API: what is stored and served can never execute."""

import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.factories import make_app, signed_in_as
from tests.security.corpus import payloads
from wegwijs.auth.models import Role

PAYLOADS = payloads()
ORIGIN = "http://host.example.com"
SAFE_TAGS = {
    "p",
    "a",
    "strong",
    "em",
    "code",
    "pre",
    "ul",
    "ol",
    "li",
    "blockquote",
    "br",
    "img",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "del",
    "s",
    "mark",
}


class Inspector(HTMLParser):
    """Collects every tag and attribute the browser would build from the HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in SAFE_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            squashed = re.sub(r"\s", "", value or "").lower()
            if name.startswith("on") or name in ("style", "srcdoc", "formaction"):
                self.problems.append(f"{tag}[{name}]")
            if name in ("href", "src") and not squashed.startswith(
                ("https:", "http:", "mailto:", "#", "/")
            ):
                if squashed:
                    self.problems.append(f"{tag}[{name}={value}]")
            if name == "src" and not squashed.startswith("https:"):
                self.problems.append(f"{tag}[src={value}] not https")


def problems_in(html: str) -> list[str]:
    inspector = Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.problems


@pytest.mark.parametrize("start", range(0, len(PAYLOADS), 25))
def test_published_bodies_and_titles_hold_nothing_executable(
    client: TestClient, session: Session, start: int
) -> None:
    app = make_app(session)
    csrf = signed_in_as(client, session, app, Role.author)
    chunk = PAYLOADS[start : start + 25]
    steps = [
        {"target": None, "placement": "floating", "content": {"en": {"title": p[:200], "body": p}}}
        for p in chunk
    ]
    created = client.post(
        f"/api/v1/apps/{app.key}/guides",
        json={"kind": "walkthrough", "name": chunk[0][:200] or "x", "steps": steps},
        headers=csrf,
    )
    assert created.status_code == 201, created.text
    guide_id = created.json()["id"]
    published = client.post(f"/api/v1/apps/{app.key}/guides/{guide_id}/publish", headers=csrf)
    assert published.status_code == 200, published.text
    served = client.post(
        f"/api/public/v1/apps/{app.key}/context",
        json={"url": f"{ORIGIN}/", "visitor_id": "visitor-0001", "locale": "en"},
        headers={"Origin": ORIGIN},
    ).json()
    walkthrough = served["walkthroughs"][0]
    for payload, step in zip(chunk, walkthrough["steps"], strict=True):
        assert problems_in(step["body_html"]) == [], (payload, step["body_html"])
        # Titles are plain text, which the widget sets as textContent: the browser test
        # (tests/browser/test_xss_author_to_visitor.py) shows them as text.


def test_hostile_theme_values_are_refused(client: TestClient, session: Session) -> None:
    app = make_app(session)
    csrf = signed_in_as(client, session, app, Role.admin)
    for payload in PAYLOADS:
        for field in ("primary", "text", "background", "font_family", "radius", "z_index"):
            response = client.patch(
                f"/api/v1/apps/{app.key}", json={"theme": {field: payload}}, headers=csrf
            )
            assert response.status_code == 422, (field, payload, response.text)


def test_hostile_url_rules_are_refused_or_inert(client: TestClient, session: Session) -> None:
    """A URL rule is matched on the server and never rendered; a stored one is just text."""
    app = make_app(session)
    csrf = signed_in_as(client, session, app, Role.author)
    for payload in PAYLOADS:
        response = client.post(
            f"/api/v1/apps/{app.key}/guides",
            json={"kind": "walkthrough", "name": "x", "targeting": {"url_rules": [payload]}},
            headers=csrf,
        )
        assert response.status_code in (201, 422), (payload, response.text)
        if response.status_code == 201:
            assert response.json()["targeting"]["url_rules"] == [payload.strip()]
