"""Author text made safe for the host page: bodies to sanitised HTML, titles to plain text.

Bodies are Markdown, rendered here on the server and then passed through an allow-list, so
the widget only ever receives HTML that cannot run script in the host app. Titles and
labels are plain text: the widget sets them with `textContent` and the server never renders
them as HTML.
"""

import re

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a", "img",
        "h3", "h4", "hr", "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}}
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
# Dropped together with their content: what is inside them is never meant as text.
DROPPED_WITH_CONTENT = frozenset(
    {
        "script", "style", "template", "noscript", "iframe", "object", "embed", "svg",
        "math", "textarea", "select", "title", "xmp", "noembed", "noframes", "plaintext",
    }
)  # fmt: skip

# C0/C1 controls (except the whitespace ones, collapsed below), zero-width space, BOM and the
# bidirectional overrides that let a title display differently from what it says.
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2066-\u2069\ufeff]")
_WHITESPACE = re.compile(r"\s+")


def plain_text(value: str, *, limit: int) -> str:
    """One line of visible text: no control characters, whitespace collapsed, at most `limit`."""
    text = _WHITESPACE.sub(" ", _INVISIBLE.sub("", value)).strip()
    return text[:limit].rstrip()


def _images_over_https_only(tag: str, attribute: str, value: str) -> str | None:
    # Links may be http or mailto; an image loads by itself, so it must not be mixed content.
    if tag == "img" and attribute == "src" and not value.lower().startswith("https://"):
        return None
    return value


_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags=DROPPED_WITH_CONTENT,
    attributes=ALLOWED_ATTRIBUTES,
    attribute_filter=_images_over_https_only,
    link_rel="noopener noreferrer",
    set_tag_attribute_values={"a": {"target": "_blank"}},
    url_schemes=LINK_SCHEMES,
    # Relative URLs would resolve against the host app, not against anything we checked.
    url_relative="deny",
)


def _demote_headings(state: StateCore) -> None:
    """A popover sits inside someone else's page: `#` becomes h3, deeper levels h4."""
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = "h3" if token.tag == "h1" else "h4"


# `html` off: raw HTML in Markdown is shown as text, never passed through.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_markdown.enable("table")
_markdown.core.ruler.push("wegwijs_demote_headings", _demote_headings)


def sanitise_html(html: str) -> str:
    """Keep only the allow-listed tags, attributes and URL schemes."""
    return _cleaner.clean(html)


def render_markdown(body: str) -> str:
    """A step body as HTML that is safe to insert into the host page."""
    if not body.strip():
        return ""
    return sanitise_html(_markdown.render(body)).strip()
