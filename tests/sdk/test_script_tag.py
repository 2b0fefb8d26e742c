"""`script_tag`: the widget's data-attribute snippet, escaped, with the server's signature."""

import json
from html.parser import HTMLParser

import pytest
from jinja2 import Environment

from wegwijs.delivery.guard import identity_signature as server_signature
from wegwijs_sdk import ScriptTag, identity_signature, script_tag


class Tags(HTMLParser):
    """The attributes of each start tag, as a browser's parser reads them."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def attributes(html: str) -> dict[str, str | None]:
    [(tag, attrs)] = Tags(html).tags
    assert tag == "script"
    return attrs


def test_an_anonymous_tag_is_what_the_server_renders() -> None:
    html = script_tag("app_123", "https://help.example.com/")
    assert html == (
        '<script async src="https://help.example.com/widget/wegwijs.js"'
        ' data-app-key="app_123" data-server="https://help.example.com"></script>'
    )


def test_identity_traits_and_signature() -> None:
    traits = {"role": "approver", "department": "Finance & Control", "level": 3, "nl": "één"}
    html = script_tag(
        "app_123",
        "https://help.example.com/wegwijs",
        user_id="user-42",
        traits=traits,
        secret="s3cret",
        locale="nl",
        nonce="r4nd0m",
    )
    attrs = attributes(html)
    assert attrs["src"] == "https://help.example.com/wegwijs/widget/wegwijs.js"
    assert attrs["data-server"] == "https://help.example.com/wegwijs"
    assert attrs["data-user-id"] == "user-42"
    assert json.loads(attrs["data-user-traits"] or "") == traits
    assert attrs["data-signature"] == server_signature("s3cret", "user-42")
    assert attrs["data-locale"] == "nl" and attrs["nonce"] == "r4nd0m"
    assert "async" in attrs
    assert "s3cret" not in html


@pytest.mark.parametrize(
    "hostile",
    ['"><script>alert(1)</script>', "' onload='alert(1)", "a&b<c>d\"e'f", "</script><x"],
)
def test_every_value_is_escaped_for_an_attribute(hostile: str) -> None:
    html = script_tag(
        hostile, "https://help.example.com", user_id=hostile, traits={"t": hostile}, secret="k"
    )
    [(tag, attrs)] = Tags(html).tags  # one tag: nothing broke out of an attribute
    assert tag == "script"
    assert attrs["data-app-key"] == attrs["data-user-id"] == hostile
    assert json.loads(attrs["data-user-traits"] or "") == {"t": hostile}
    assert attrs["data-signature"] == server_signature("k", hostile)
    assert "<script>" not in html[1:] and "'" not in html and html.count('"') % 2 == 0


def test_numbers_are_signed_as_the_widget_sends_them() -> None:
    attrs = attributes(script_tag("app_1", "http://127.0.0.1:8000", user_id=42, secret="k"))
    assert attrs["data-user-id"] == "42"
    assert attrs["data-signature"] == identity_signature("k", "42") == server_signature("k", "42")


def test_a_secret_without_a_user_signs_nothing_and_bad_servers_are_refused() -> None:
    assert "data-signature" not in script_tag("app_1", "https://h.example", secret="k")
    with pytest.raises(ValueError, match="server"):
        script_tag("app_1", "help.example.com")
    with pytest.raises(ValueError, match="server"):
        script_tag("app_1", "javascript:alert(1)")


def test_templates_insert_it_without_escaping_it_again() -> None:
    tag = script_tag("app_1", "https://h.example", user_id="<u>")
    assert isinstance(tag, ScriptTag) and isinstance(tag, str)
    page = Environment(autoescape=True).from_string("<head>{{ tag }}</head>").render(tag=tag)
    assert page == f"<head>{tag}</head>"
    assert "&lt;u&gt;" in page
