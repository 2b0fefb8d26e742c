"""URL rules: every rule kind, parameters, host, query, hash routes, decoding, bad rules."""

import dataclasses
import time

import pytest

from wegwijs.delivery.url_rules import (
    MAX_RULE_LENGTH,
    UrlRule,
    UrlRuleError,
    compile_url_rule,
    parse_page_url,
)

BASE = "https://app.example.com"


def matches(rule: str, url: str) -> bool:
    compiled = compile_url_rule(rule)
    result = compiled.match(url)
    assert compiled.matches(url) == (result is not None)
    return result is not None


@pytest.mark.parametrize(
    ("rule", "url", "expected"),
    [
        # any page
        ("*", f"{BASE}/", True),
        ("*", f"{BASE}/claims/new?x=1#y", True),
        ("*", "/", True),
        ("/**", f"{BASE}/a/b/c", True),
        # exact, trailing slash either way
        ("/claims/new", f"{BASE}/claims/new", True),
        ("/claims/new", f"{BASE}/claims/new/", True),
        ("/claims/new/", f"{BASE}/claims/new", True),
        ("/claims/new", f"{BASE}/claims/new/2", False),
        ("/claims/new", f"{BASE}/claims", False),
        ("/claims/new", f"{BASE}/Claims/new", False),
        ("/claims/new", f"{BASE}/claims/new?tab=2#top", True),
        ("/", BASE, True),
        ("/", f"{BASE}/", True),
        ("/", f"{BASE}/claims", False),
        # prefix
        ("/claims/**", f"{BASE}/claims", True),
        ("/claims/**", f"{BASE}/claims/", True),
        ("/claims/**", f"{BASE}/claims/new", True),
        ("/claims/**", f"{BASE}/claims/12/notes/3", True),
        ("/claims/**", f"{BASE}/claimsx", False),
        ("/claims/**", f"{BASE}/other/claims", False),
        # one-segment wildcards
        ("/claims/*/edit", f"{BASE}/claims/12/edit", True),
        ("/claims/*/edit", f"{BASE}/claims/edit", False),
        ("/claims/*/edit", f"{BASE}/claims/1/2/edit", False),
        ("/reports/*.pdf", f"{BASE}/reports/q1.pdf", True),
        ("/reports/*.pdf", f"{BASE}/reports/q1.pdf/x", False),
        ("/reports/*.pdf", f"{BASE}/reports/q1.csv", False),
        ("/reports/*.pdf", f"{BASE}/reports/a/b.pdf", False),
        ("/reports/q*-*.pdf", f"{BASE}/reports/q1-2024.pdf", True),
        ("/reports/q*-*.pdf", f"{BASE}/reports/q1.pdf", False),
        ("/reports/ab*ba", f"{BASE}/reports/aba", False),
        ("/reports/ab*ba", f"{BASE}/reports/abba", True),
        ("/*", f"{BASE}/anything", True),
        ("/*", f"{BASE}/", False),
        ("/*", f"{BASE}/a/b", False),
        # any number of segments
        ("/admin/**/settings", f"{BASE}/admin/settings", True),
        ("/admin/**/settings", f"{BASE}/admin/users/7/settings", True),
        ("/admin/**/settings", f"{BASE}/admin/users/7/settings/x", False),
        ("/admin/**/settings", f"{BASE}/settings", False),
        ("/**/settings", f"{BASE}/settings", True),
        ("/**/settings", f"{BASE}/a/b/settings/", True),
        ("/a/**/b/**/c", f"{BASE}/a/b/c", True),
        ("/a/**/b/**/c", f"{BASE}/a/x/b/y/z/c", True),
        ("/a/**/b/**/c", f"{BASE}/a/x/c/y/b", False),
        ("/a/**/**/b", f"{BASE}/a/b", True),
        ("/a/**/b/c/**", f"{BASE}/a/b/x/b/c", True),
        ("/a/**/b/c/**", f"{BASE}/a/b/x/b/d", False),
        # hosts
        ("app.example.com/orders", f"{BASE}/orders", True),
        ("app.example.com/orders", "https://APP.Example.COM/orders", True),
        ("APP.example.com/orders", f"{BASE}/orders", True),
        ("app.example.com/orders", "https://other.example.com/orders", False),
        ("app.example.com/orders", "/orders", False),
        ("https://app.example.com/orders", f"{BASE}/orders", True),
        ("https://app.example.com/orders", "http://app.example.com/orders", False),
        ("HTTP://app.example.com/orders", "http://app.example.com/orders", True),
        ("app.example.com/orders", "http://app.example.com:8080/orders", True),
        ("app.example.com:8080/orders", "http://app.example.com:8080/orders", True),
        ("app.example.com:8080/orders", "http://app.example.com:9090/orders", False),
        ("app.example.com:8080/orders", "http://app.example.com/orders", False),
        ("app.example.com:443/orders", f"{BASE}/orders", True),
        ("https://app.example.com:443/x", "https://app.example.com:443/x", True),
        ("localhost:3000/x", "http://localhost:3000/x", True),
        ("localhost/x", "http://localhost:3000/x", True),
        ("app.example.com", f"{BASE}/any/page?q=1", True),
        ("app.example.com", "https://app.example.org/", False),
        ("*.example.com/x", "https://tenant.example.com/x", True),
        ("*.example.com/x", "https://a.b.example.com/x", True),
        ("*.example.com/x", "https://example.com/x", False),
        ("*.example.com/x", "https://badexample.com/x", False),
        ("app.example.com/x", "https://user:pw@app.example.com/x", True),
        ("[::1]:8000/x", "http://[::1]:8000/x", True),
        ("[::1]:8000/x", "http://[::2]:8000/x", False),
        ("bücher.example/x", "https://xn--bcher-kva.example/x", True),
        # query conditions
        ("/claims?status=open", f"{BASE}/claims?status=open", True),
        ("/claims?status=open", f"{BASE}/claims?page=2&status=open&sort=x", True),
        ("/claims?status=open", f"{BASE}/claims?status=closed", False),
        ("/claims?status=open", f"{BASE}/claims", False),
        ("/claims?status=open", f"{BASE}/claims?status=Open", False),
        ("/claims?status=*", f"{BASE}/claims?status=anything", True),
        ("/claims?status=*", f"{BASE}/claims?status=", True),
        ("/claims?status=*", f"{BASE}/claims?state=open", False),
        ("/claims?status", f"{BASE}/claims?status", True),
        ("/claims?status", f"{BASE}/claims?other=1", False),
        ("/claims?status=", f"{BASE}/claims?status=", True),
        ("/claims?status=", f"{BASE}/claims?status=x", False),
        ("/c?a=1&b=2", f"{BASE}/c?b=2&a=1", True),
        ("/c?a=1&b=2", f"{BASE}/c?a=1", False),
        ("/c?a=1", f"{BASE}/c?a=2&a=1", True),
        ("/c?a=1&a=2", f"{BASE}/c?a=2&a=1", True),
        ("/c?a=1&a=2", f"{BASE}/c?a=1", False),
        ("/c?q=a b".replace(" ", "%20"), f"{BASE}/c?q=a+b", True),
        ("/c?q=a+b", f"{BASE}/c?q=a%20b", True),
        ("/c?name=Jos%C3%A9", f"{BASE}/c?name=Jos%c3%a9", True),
        ("/c?name=José", f"{BASE}/c?name=Jos%C3%A9", True),
        ("/c?tab=notes-*", f"{BASE}/c?tab=notes-2", True),
        ("/c?tab=notes-*", f"{BASE}/c?tab=files", False),
        ("/c?v=%2A", f"{BASE}/c?v=*", True),
        ("/c?v=%2A", f"{BASE}/c?v=x", False),
        ("?status=open", f"{BASE}/anything?status=open", True),
        ("?status=open", f"{BASE}/anything", False),
        ("*?status=open", f"{BASE}/x?status=open", True),
        # hash conditions
        ("/help#notes", f"{BASE}/help#notes", True),
        ("/help#notes", f"{BASE}/help#other", False),
        ("/help#notes", f"{BASE}/help", False),
        ("#notes", f"{BASE}/anywhere#notes", True),
        ("#section-*", f"{BASE}/x#section-3", True),
        ("#*", f"{BASE}/x#anything", True),
        ("#*", f"{BASE}/x#", False),
        ("#*", f"{BASE}/x", False),
        ("#caf%C3%A9", f"{BASE}/x#café", True),
        # hash routers
        ("#/orders/:id", f"{BASE}/app#/orders/12", True),
        ("#/orders/:id", f"{BASE}/app#/orders/12/", True),
        ("#/orders/:id", f"{BASE}/app#/orders", False),
        ("#/orders/:id", f"{BASE}/orders/12", False),
        ("#/orders/:id", f"{BASE}/app#orders/12", False),
        ("#/orders/:id", f"{BASE}/app#/orders/12?tab=notes", True),
        ("#/orders/**", f"{BASE}/app#/orders/12/lines", True),
        ("#/orders/*/edit", f"{BASE}/app#/orders/12/edit", True),
        ("#/orders?tab=notes", f"{BASE}/app#/orders?tab=notes", True),
        ("#/orders?tab=notes", f"{BASE}/app#/orders?tab=lines", False),
        ("#/orders?tab=notes", f"{BASE}/app?tab=notes#/orders", False),
        ("#/", f"{BASE}/app#/", True),
        ("#/", f"{BASE}/app", True),
        ("#/", f"{BASE}/app#/orders", False),
        ("#!/orders/:id", f"{BASE}/app#!/orders/12", True),
        ("#!/orders/:id", f"{BASE}/app#/orders/12", False),
        ("#/orders/:id", f"{BASE}/app#!/orders/12", False),
        ("/app#/orders/:id", f"{BASE}/app#/orders/12", True),
        ("/app#/orders/:id", f"{BASE}/other#/orders/12", False),
        # decoding: paths compared decoded, per segment
        ("/caf%C3%A9", f"{BASE}/café", True),
        ("/café", f"{BASE}/caf%C3%A9", True),
        ("/a%20b", f"{BASE}/a b", True),
        ("/a%2Fb", f"{BASE}/a%2Fb", True),
        ("/a%2Fb", f"{BASE}/a/b", False),
        ("/a/b", f"{BASE}/a%2Fb", False),
        ("/files/*", f"{BASE}/files/a%2Fb", True),
        ("/files/%2A", f"{BASE}/files/*", True),
        ("/files/%2A", f"{BASE}/files/x", False),
        ("/a+b", f"{BASE}/a+b", True),
        ("/a+b", f"{BASE}/a%20b", False),
        # colons in the middle of a segment are literal
        ("/v1/items:search", f"{BASE}/v1/items:search", True),
        # bare paths from a client work too
        ("/claims/:id", "/claims/9?x=1#y", True),
        ("/claims/:id", "claims/9", True),
        ("/x", "  https://app.example.com/x  ", True),
    ],
)
def test_rule_matches(rule: str, url: str, expected: bool) -> None:
    assert matches(rule, url) is expected


@pytest.mark.parametrize(
    ("rule", "url", "params"),
    [
        ("/orders/:id/edit", f"{BASE}/orders/12/edit", {"id": "12"}),
        ("/orders/:id", f"{BASE}/orders/12/", {"id": "12"}),
        ("/o/:order_id/l/:line_2", f"{BASE}/o/7/l/x", {"order_id": "7", "line_2": "x"}),
        ("/users/:name", f"{BASE}/users/Jos%C3%A9%20M", {"name": "José M"}),
        ("/users/:name", f"{BASE}/users/a%2Fb", {"name": "a/b"}),
        ("/**/:file/edit", f"{BASE}/a/b/c/edit", {"file": "c"}),
        ("/:section/**", f"{BASE}/claims/1/2", {"section": "claims"}),
        ("/a/**/:x/b/**/:y", f"{BASE}/a/1/2/b/3/b/4", {"x": "2", "y": "4"}),
        ("/orders", f"{BASE}/orders", {}),
        ("*", f"{BASE}/x", {}),
        ("#/orders/:id", f"{BASE}/#/orders/5", {"id": "5"}),
        ("/app/:tenant#/orders/:id", f"{BASE}/app/acme#/orders/5", {"tenant": "acme", "id": "5"}),
        ("app.example.com/orders/:id?tab=*", f"{BASE}/orders/3?tab=1", {"id": "3"}),
    ],
)
def test_named_parameters_are_returned(rule: str, url: str, params: dict[str, str]) -> None:
    assert compile_url_rule(rule).match(url) == params


def test_a_parameter_takes_one_nonempty_segment() -> None:
    rule = compile_url_rule("/orders/:id")
    assert rule.match(f"{BASE}/orders/1/2") is None
    assert rule.match(f"{BASE}/orders") is None
    assert rule.match(f"{BASE}/orders//") is None


def test_no_match_is_none_and_a_match_without_params_is_an_empty_dict() -> None:
    rule = compile_url_rule("/orders")
    assert rule.match(f"{BASE}/invoices") is None
    first, second = rule.match(f"{BASE}/orders"), rule.match(f"{BASE}/orders")
    assert first == {} and first is not second


@pytest.mark.parametrize(
    ("rule", "key", "any_page"),
    [
        ("*", None, True),
        ("/**", None, True),
        ("/", "", False),
        ("/claims", "claims", False),
        ("/claims/*/edit", "claims", False),
        ("/claims/**", "claims", False),
        ("/orders/:id", "orders", False),
        ("/caf%C3%A9/x", "café", False),
        ("app.example.com/orders/:id", "orders", False),
        ("/orders?status=open#x", "orders", False),
        ("/:section/edit", None, False),
        ("/*/edit", None, False),
        ("/claims*", None, False),
        ("/**/settings", None, False),
        ("?status=open", None, False),
        ("#/orders/:id", None, False),
        ("app.example.com", None, False),
        ("*#notes", None, False),
    ],
)
def test_index_key_and_any_page(rule: str, key: str | None, any_page: bool) -> None:
    compiled = compile_url_rule(rule)
    assert compiled.index_key == key
    assert compiled.any_page is any_page


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("", "empty"),
        (" ", "spaces"),
        ("/claims new", "spaces"),
        ("/claims\tnew", "spaces"),
        ("/claims\x00", "control characters"),
        ("x" * (MAX_RULE_LENGTH + 1), "longer than 500"),
        ("/orders/:", "':' must be followed by a parameter name"),
        ("/orders/:1d", "invalid parameter name '1d'"),
        ("/orders/:id-x", "invalid parameter name 'id-x'"),
        ("/orders/:id/:id", "used twice"),
        ("/orders/:id#/x/:id", "used twice"),
        ("/***", "'**' must be a whole segment"),
        ("/a**", "'**' must be a whole segment"),
        ("/a/**b/c", "'**' must be a whole segment"),
        ("/orders/{id}", "write a parameter as :name"),
        ("/orders/<id>", "not allowed"),
        ("/a\\b", "not allowed"),
        ("/a(b", "unbalanced '('"),
        ("/a)b", "unbalanced ')'"),
        ("/a[(b])", "unbalanced"),
        ("/a//b", "empty segment"),
        ("//app.example.com/x", "empty segment"),
        ("claims/new", "did you mean '/claims/new'"),
        ("claims", "did you mean '/claims'"),
        ("*claims", "'*' alone means every page"),
        ("ftp://files.example.com/x", "only http:// and https://"),
        ("app.example.com:0/x", "port"),
        ("app.example.com:99999/x", "port"),
        ("app.example.com:http/x", "port"),
        ("user@app.example.com/x", "user name or password"),
        ("app_example..com/x", "invalid host name"),
        ("-app.example.com/x", "invalid host name"),
        ("[zz]/x", "invalid IPv6 host"),
        ("/x?", "empty query condition"),
        ("/x?a=1&", "extra '&'"),
        ("/x?a=1&&b=2", "extra '&'"),
        ("/x?=1", "needs a parameter name"),
        ("/x?a*=1", "cannot be used in a query parameter name"),
        ("/x#", "empty hash condition"),
        ("#/a//b", "empty segment ('//') in the hash route"),
        ("#/a/:", "':' must be followed by a parameter name in the hash route"),
        ("#/a?", "empty hash query condition"),
        ("/x%zz", "'%' must start an escape"),
        ("/x%2", "'%' must start an escape"),
    ],
)
def test_invalid_rules_are_refused_with_a_reason(rule: str, message: str) -> None:
    with pytest.raises(UrlRuleError) as raised:
        compile_url_rule(rule)
    assert message in str(raised.value)
    assert isinstance(raised.value, ValueError)


def test_longest_allowed_rule_compiles() -> None:
    rule = "/" + "a" * (MAX_RULE_LENGTH - 1)
    assert compile_url_rule(rule).matches(f"{BASE}{rule}")


def test_a_rule_that_is_not_a_string_is_refused() -> None:
    with pytest.raises(UrlRuleError, match="must be a string"):
        compile_url_rule(42)  # type: ignore[arg-type]


def test_compiled_rules_are_immutable() -> None:
    rule = compile_url_rule("/orders/:id")
    assert isinstance(rule, UrlRule)
    with pytest.raises(dataclasses.FrozenInstanceError):
        rule.text = "/x"  # type: ignore[misc]
    assert rule.text == "/orders/:id"


def test_page_url_is_parsed_once_and_decoded() -> None:
    page = parse_page_url("HTTPS://User@App.Example.com:8443/caf%C3%A9/x/?a=1&a=2&b=c+d#/r/1?t=2")
    assert (page.scheme, page.host, page.port) == ("https", "app.example.com", 8443)
    assert page.segments == ("café", "x")
    assert page.path == "/café/x"
    assert page.query == {"a": ("1", "2"), "b": ("c d",)}
    with pytest.raises(TypeError):
        page.query["a"] = ("3",)  # type: ignore[index]  # shared by every rule: read-only
    assert page.hash == "/r/1?t=2"
    assert page.hash_route is not None and page.hash_route.segments == ("r", "1")
    assert page.hash_route.query == {"t": ("2",)}
    assert parse_page_url("http://x.example").port == 80
    assert parse_page_url("/just/a/path").host is None
    # Malformed URLs never raise: they are read as far as they go.
    odd = parse_page_url("http://[::1/x?%zz=%E0#%")
    assert odd.segments == ("x",)
    assert odd.query == {"%zz": ("\ufffd",)}


def test_rules_accept_a_parsed_page() -> None:
    page = parse_page_url(f"{BASE}/orders/5")
    assert compile_url_rule("/orders/:id").match(page) == {"id": "5"}
    assert compile_url_rule("/orders/:id").matches(page)


def test_hostile_urls_and_wildcards_cost_linear_time() -> None:
    """Wildcards never backtrack: a regex like `(a*)*b` would take minutes here."""
    rules = [
        compile_url_rule("/r/*a*b*c*.pdf"),
        compile_url_rule("/**/a/**/b/**/c/**/z"),
        compile_url_rule("?q=*a*b*c*d"),
        compile_url_rule("#/**/a/**/b/**/z"),
    ]
    urls = [
        f"{BASE}/r/{'a' * 20000}.pdf",
        f"{BASE}/{'a/' * 5000}z",
        f"{BASE}/?q={'a' * 20000}d",
        f"{BASE}/#/{'a/' * 5000}z",
    ]
    started = time.perf_counter()
    for rule, url in zip(rules, urls, strict=True):
        assert not rule.matches(url)
    assert time.perf_counter() - started < 1.0
