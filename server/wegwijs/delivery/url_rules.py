"""URL rules: on which pages a guide is shown.

Authors write short rules (`/claims/**`, `/orders/:id/edit`, `?status=open`, `#/tasks/:id`);
`compile_url_rule` turns one into an immutable `UrlRule` once, at publish, and
`UrlRule.match` answers per request without regular expressions or backtracking: literal
paths are a tuple comparison and wildcards are matched segment by segment, so a hostile
page URL costs time linear in its length. The syntax is documented in docs/targeting.md.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from urllib.parse import parse_qsl, unquote, unquote_plus

__all__ = [
    "MAX_RULE_LENGTH",
    "PageUrl",
    "UrlRule",
    "UrlRuleError",
    "compile_url_rule",
    "parse_page_url",
]

MAX_RULE_LENGTH = 500

_PARAM_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_LABEL = r"[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?"
_HOST_NAME = re.compile(rf"{_LABEL}(?:\.{_LABEL})*\Z")
_HOST_IPV6 = re.compile(r"\[[0-9a-f:.]+\]\Z")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_FORBIDDEN = {
    "<": "percent-encode it as %3C",
    ">": "percent-encode it as %3E",
    '"': "percent-encode it as %22",
    "`": "percent-encode it as %60",
    "\\": "use '/' between path segments",
    "{": "write a parameter as :name, e.g. /orders/:id",
    "}": "write a parameter as :name, e.g. /orders/:id",
}
_PAIRS = {"(": ")", "[": "]"}


class UrlRuleError(ValueError):
    """A URL rule an author wrote cannot be compiled; the message says why."""


# --- the page side: one visitor URL, parsed once per request -----------------------------


@dataclass(frozen=True, slots=True)
class _Route:
    """A path and query, either the page's own or a hash router's (`#/orders/12?tab=x`)."""

    segments: tuple[str, ...]
    query: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class PageUrl:
    """A visitor's page URL, split and decoded once so every rule can be checked cheaply."""

    scheme: str
    """Lower case; "" when the URL had none (a bare path)."""
    host: str | None
    """Lower case, without port; None when the URL had none."""
    port: int | None
    """The explicit port, else the scheme's default (80, 443), else None."""
    segments: tuple[str, ...]
    """Decoded path segments without the trailing slash: `/a/b/` → ("a", "b"), `/` → ()."""
    query: Mapping[str, tuple[str, ...]]
    """Decoded query parameters; a repeated name keeps every value."""
    hash: str
    """The decoded fragment without `#`; "" when there is none."""
    hash_route: _Route | None
    """The fragment read as a hash router's path (`#/x`, `#!/x`); the root when it is empty."""
    hash_bang: bool | None
    """Whether the route was written `#!/`; None for an empty fragment (either style)."""

    @property
    def path(self) -> str:
        """The normalised, decoded path, for messages and tests."""
        return "/" + "/".join(self.segments)


def _split_path(path: str) -> tuple[str, ...]:
    path = path.rstrip("/")
    if not path:
        return ()
    if path[0] == "/":
        path = path[1:]
    if "%" not in path:
        return tuple(path.split("/"))
    return tuple(unquote(segment) if "%" in segment else segment for segment in path.split("/"))


_NO_QUERY: Mapping[str, tuple[str, ...]] = MappingProxyType({})


def _parse_query(query: str) -> Mapping[str, tuple[str, ...]]:
    if not query:
        return _NO_QUERY
    values: dict[str, tuple[str, ...]] = {}
    for name, value in parse_qsl(query, keep_blank_values=True):
        values[name] = (*values.get(name, ()), value)
    return MappingProxyType(values)


def _route(text: str) -> _Route:
    path, _, query = text.partition("?")
    return _Route(_split_path(path), _parse_query(query))


_ROOT_ROUTE = _Route((), _NO_QUERY)


@lru_cache(maxsize=1024)
def parse_page_url(url: str) -> PageUrl:
    """Split a visitor's URL (absolute, or a bare path); never raises.

    Cached: one request checks many guides against the same URL, and the result is immutable.
    """
    url = url.strip()
    rest, _, fragment = url.partition("#")
    rest, _, query = rest.partition("?")
    scheme, host, port = "", None, None
    if "://" in rest:
        scheme, _, rest = rest.partition("://")
        scheme = scheme.lower()
        netloc, slash, rest = rest.partition("/")
        rest = slash + rest
        host, port = _split_netloc(netloc, scheme)
    elif rest.startswith("//"):
        netloc, slash, rest = rest[2:].partition("/")
        rest = slash + rest
        host, port = _split_netloc(netloc, scheme)
    if fragment.startswith("!/"):
        hash_route: _Route | None = _route(fragment[1:])
        hash_bang: bool | None = True
    elif fragment.startswith("/"):
        hash_route, hash_bang = _route(fragment), False
    elif not fragment:
        hash_route, hash_bang = _ROOT_ROUTE, None
    else:
        hash_route, hash_bang = None, None
    return PageUrl(
        scheme=scheme,
        host=host,
        port=port,
        segments=_split_path(rest),
        query=_parse_query(query),
        hash=unquote(fragment) if "%" in fragment else fragment,
        hash_route=hash_route,
        hash_bang=hash_bang,
    )


def _split_netloc(netloc: str, scheme: str) -> tuple[str | None, int | None]:
    netloc = netloc.rpartition("@")[2].lower()
    host, port_text = netloc, ""
    if netloc.startswith("["):
        end = netloc.find("]")
        if end > 0:
            host, port_text = netloc[: end + 1], netloc[end + 1 :].removeprefix(":")
    elif ":" in netloc:
        host, _, port_text = netloc.rpartition(":")
    port = int(port_text) if port_text.isdigit() and len(port_text) <= 5 else None
    return host or None, port if port is not None else _DEFAULT_PORTS.get(scheme)


# --- the rule side: compiled once ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Glob:
    """Literal pieces around `*` within one segment or value: `*.pdf`, `notes-*`.

    Matched greedily left to right with `str.find`, which is exact for `*` (it matches any
    characters) and linear in the input, unlike a backtracking regular expression.
    """

    pieces: tuple[str, ...]
    min_length: int

    def match(self, text: str) -> bool:
        if len(text) < self.min_length:
            return False
        pieces = self.pieces
        first, last = pieces[0], pieces[-1]
        if not text.startswith(first) or not text.endswith(last):
            return False
        position, end = len(first), len(text) - len(last)
        for piece in pieces[1:-1]:
            found = text.find(piece, position, end)
            if found < 0:
                return False
            position = found + len(piece)
        return True


@dataclass(frozen=True, slots=True)
class _Wild:
    """A whole non-empty segment: `*`, or a named parameter `:id`."""

    name: str | None

    def match(self, text: str) -> bool:
        return text != ""


_Segment = str | _Glob | _Wild
_Block = tuple[_Segment, ...]
_ValueMatcher = str | _Glob | _Wild | None
"""In query conditions None means "present with any value"."""


def _block_matches(block: _Block, segments: tuple[str, ...], start: int) -> bool:
    for offset, matcher in enumerate(block):
        segment = segments[start + offset]
        if isinstance(matcher, str):
            if segment != matcher:
                return False
        elif not matcher.match(segment):
            return False
    return True


@dataclass(frozen=True, slots=True)
class _PathPattern:
    """Segment matchers split at each `**`: a head, middle blocks and a tail.

    Without `**` the head must cover the whole path. With it, the head matches at the start,
    the tail at the end, and each middle block at its leftmost position in between; since a
    `**` takes any segments, the leftmost choice never loses a match.
    """

    head: _Block
    middles: tuple[_Block, ...]
    tail: _Block | None
    literal_head: tuple[str, ...] | None
    """The head when every segment in it is literal: compared as one tuple."""
    min_segments: int
    has_params: bool

    def starts(self, segments: tuple[str, ...]) -> tuple[int, ...] | None:
        """Where each block starts when the path matches, else None."""
        count = len(segments)
        head = self.head
        if self.tail is None:
            if count != len(head):
                return None
            if self.literal_head is not None:
                return (0,) if segments == self.literal_head else None
            return (0,) if _block_matches(head, segments, 0) else None
        if count < self.min_segments:
            return None
        if self.literal_head is not None:
            if segments[: len(head)] != self.literal_head:
                return None
        elif not _block_matches(head, segments, 0):
            return None
        tail_start = count - len(self.tail)
        if self.tail and not _block_matches(self.tail, segments, tail_start):
            return None
        if not self.middles:
            return (0, tail_start)
        found = [0]
        position = len(head)
        for block in self.middles:
            last_start = tail_start - len(block)
            while position <= last_start and not _block_matches(block, segments, position):
                position += 1
            if position > last_start:
                return None
            found.append(position)
            position += len(block)
        found.append(tail_start)
        return tuple(found)

    def params(self, segments: tuple[str, ...], starts: tuple[int, ...]) -> dict[str, str]:
        blocks = (self.head, *self.middles) + (() if self.tail is None else (self.tail,))
        params: dict[str, str] = {}
        for block, start in zip(blocks, starts, strict=True):
            for offset, matcher in enumerate(block):
                if isinstance(matcher, _Wild) and matcher.name is not None:
                    params[matcher.name] = segments[start + offset]
        return params


@dataclass(frozen=True, slots=True)
class _HashRoute:
    """A hash router condition: `#/orders/:id` or `#!/orders/:id`, with optional `?query`."""

    bang: bool
    path: _PathPattern | None
    query: tuple[tuple[str, _ValueMatcher], ...]


_HashCondition = str | _Glob | _Wild | _HashRoute


def _value_matches(matcher: _ValueMatcher, value: str) -> bool:
    if matcher is None:
        return True
    if isinstance(matcher, str):
        return value == matcher
    return matcher.match(value)


def _query_matches(
    conditions: tuple[tuple[str, _ValueMatcher], ...], query: Mapping[str, tuple[str, ...]]
) -> bool:
    for name, matcher in conditions:
        values = query.get(name)
        if values is None:
            return False
        if matcher is not None and not any(_value_matches(matcher, value) for value in values):
            return False
    return True


@dataclass(frozen=True, slots=True)
class UrlRule:
    """One compiled URL rule. Immutable; build it with `compile_url_rule`."""

    text: str
    """The rule as the author wrote it."""
    any_page: bool
    """True when the rule matches every URL (`*`, `/**`)."""
    index_key: str | None
    """The first path segment when it is literal (`/claims/*/edit` → "claims", `/` → ""),
    else None: a request whose first segment differs can never match."""
    scheme: str | None
    host: str | None
    host_is_suffix: bool
    """`*.example.com`: `host` is ".example.com" and any subdomain matches."""
    port: int | None
    path: _PathPattern | None
    """None: any path."""
    query: tuple[tuple[str, _ValueMatcher], ...]
    hash: _HashCondition | None

    def matches(self, url: str | PageUrl) -> bool:
        """Whether the page matches; cheaper than `match` (no parameters are collected)."""
        if self.any_page:
            return True
        page = url if isinstance(url, PageUrl) else parse_page_url(url)
        if self.host is not None and not self._host_matches(page):
            return False
        if self.path is not None and self.path.starts(page.segments) is None:
            return False
        if self.query and not _query_matches(self.query, page.query):
            return False
        return self.hash is None or self._hash_starts(page) is not None

    def match(self, url: str | PageUrl) -> dict[str, str] | None:
        """The named parameters (`:id`) when the page matches, `{}` without any; else None."""
        if self.any_page:
            return {}
        page = url if isinstance(url, PageUrl) else parse_page_url(url)
        if self.host is not None and not self._host_matches(page):
            return None
        params: dict[str, str] = {}
        if self.path is not None:
            starts = self.path.starts(page.segments)
            if starts is None:
                return None
            if self.path.has_params:
                params = self.path.params(page.segments, starts)
        if self.query and not _query_matches(self.query, page.query):
            return None
        if self.hash is not None:
            hash_starts = self._hash_starts(page)
            if hash_starts is None:
                return None
            route = self.hash
            if isinstance(route, _HashRoute) and route.path is not None and route.path.has_params:
                assert page.hash_route is not None
                params.update(route.path.params(page.hash_route.segments, hash_starts))
        return params

    def _host_matches(self, page: PageUrl) -> bool:
        host, wanted = page.host, self.host
        if host is None or wanted is None:
            return False
        if self.host_is_suffix:
            if not host.endswith(wanted) or len(host) == len(wanted):
                return False
        elif host != wanted:
            return False
        if self.scheme is not None and page.scheme != self.scheme:
            return False
        return self.port is None or page.port == self.port

    def _hash_starts(self, page: PageUrl) -> tuple[int, ...] | None:
        """The hash route's block starts (`()` for text conditions) on a match, else None."""
        condition = self.hash
        if not isinstance(condition, _HashRoute):
            return () if _value_matches(condition, page.hash) else None
        route = page.hash_route
        if route is None or (page.hash_bang is not None and page.hash_bang != condition.bang):
            return None
        if condition.query and not _query_matches(condition.query, route.query):
            return None
        if condition.path is None:
            return ()
        return condition.path.starts(route.segments)


def compile_url_rule(text: str) -> UrlRule:
    """Compile an author's URL rule; raises `UrlRuleError` with a readable message."""
    if not isinstance(text, str):
        raise UrlRuleError("a URL rule must be a string")
    return _compile_cached(text)


@lru_cache(maxsize=4096)
def _compile_cached(text: str) -> UrlRule:
    _check_characters(text)
    rest, has_hash, hash_text = text.partition("#")
    location, has_query, query_text = rest.partition("?")
    param_names: set[str] = set()

    scheme, host, host_is_suffix, port = None, None, False, None
    path_text = location
    if location.startswith("*") and location != "*" and not location.startswith("*."):
        raise UrlRuleError(
            "'*' alone means every page; within a path write it as a segment, like /claims/*/edit"
        )
    if location and location != "*" and not location.startswith("/"):
        scheme, host, host_is_suffix, port, path_text = _parse_location(location)
    if path_text in ("", "*"):
        path = None
    elif path_text.startswith("/"):
        path = _compile_path(path_text, param_names, "path")
    else:
        raise UrlRuleError(f"the path must start with '/' (or be '*' for any page): {path_text!r}")

    query: tuple[tuple[str, _ValueMatcher], ...] = ()
    if has_query:
        query = _compile_query(query_text, "query")
    hash_condition: _HashCondition | None = None
    if has_hash:
        hash_condition = _compile_hash(hash_text, param_names)

    any_page = host is None and path is None and not query and hash_condition is None
    index_key: str | None = None
    if path is not None:
        if path.head and isinstance(path.head[0], str):
            index_key = path.head[0]
        elif not path.head and path.tail is None:
            index_key = ""
    return UrlRule(
        text=text,
        any_page=any_page,
        index_key=index_key,
        scheme=scheme,
        host=host,
        host_is_suffix=host_is_suffix,
        port=port,
        path=path,
        query=query,
        hash=hash_condition,
    )


def _check_characters(text: str) -> None:
    if not text:
        raise UrlRuleError("the rule is empty; write '*' for every page")
    if len(text) > MAX_RULE_LENGTH:
        raise UrlRuleError(f"the rule is longer than {MAX_RULE_LENGTH} characters")
    for character in text:
        if character.isspace():
            raise UrlRuleError("a URL rule cannot contain spaces; percent-encode a space as %20")
        if ord(character) < 0x20 or ord(character) == 0x7F:
            raise UrlRuleError("a URL rule cannot contain control characters")
        if character in _FORBIDDEN:
            raise UrlRuleError(f"{character!r} is not allowed: {_FORBIDDEN[character]}")
    bad = _BAD_PERCENT.search(text)
    if bad:
        raise UrlRuleError(
            f"'%' must start an escape of two hex digits (like %20), at position {bad.start() + 1}"
        )
    open_brackets: list[str] = []
    for character in text:
        if character in _PAIRS:
            open_brackets.append(character)
        elif character in _PAIRS.values():
            if not open_brackets or _PAIRS[open_brackets.pop()] != character:
                raise UrlRuleError(f"unbalanced {character!r}")
    if open_brackets:
        raise UrlRuleError(f"unbalanced {open_brackets[-1]!r}: it is never closed")


def _parse_location(location: str) -> tuple[str | None, str, bool, int | None, str]:
    """`[scheme://]host[:port][/path]` → scheme, host, host_is_suffix, port, path."""
    scheme: str | None = None
    if "://" in location:
        scheme_text, _, location = location.partition("://")
        scheme = scheme_text.lower()
        if scheme not in _DEFAULT_PORTS:
            raise UrlRuleError(f"only http:// and https:// can be named, not {scheme_text}://")
    netloc, slash, path = location.partition("/")
    path = slash + path
    if "@" in netloc:
        raise UrlRuleError("a URL rule cannot contain a user name or password ('@' in the host)")
    host = netloc.lower()
    port_text: str | None = None
    if host.startswith("["):
        end = host.find("]")
        host, after = host[: end + 1], host[end + 1 :]
        if after and not after.startswith(":"):
            raise UrlRuleError(f"unexpected text after the host: {after!r}")
        if not _HOST_IPV6.match(host):
            raise UrlRuleError(f"invalid IPv6 host: {host!r}")
        port_text = after[1:] if after else None
    elif ":" in host:
        host, _, port_text = host.partition(":")
    port: int | None = None
    if port_text is not None:
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise UrlRuleError(f"the port must be a number from 1 to 65535, not {port_text!r}")
        port = int(port_text)
    host_is_suffix = False
    if not host.startswith("["):
        if host.startswith("*."):
            host_is_suffix, host = True, host[2:]
        if not host.isascii():
            try:
                host = host.encode("idna").decode("ascii")
            except UnicodeError:
                raise UrlRuleError(f"invalid host name: {netloc!r}") from None
        if not _HOST_NAME.match(host):
            raise UrlRuleError(f"invalid host name: {netloc!r}")
        is_named = host_is_suffix or scheme is not None or port is not None
        is_named = is_named or "." in host or host == "localhost"
        if not is_named:
            raise UrlRuleError(f"a path must start with '/': did you mean '/{location}'?")
        if host_is_suffix:
            host = "." + host
    return scheme, host, host_is_suffix, port, path


def _decode_pieces(text: str) -> tuple[str, ...]:
    """Split at `*` before decoding, so an encoded `%2A` stays a literal star."""
    return tuple(unquote(piece) for piece in text.split("*"))


def _compile_path(text: str, param_names: set[str], where: str) -> _PathPattern | None:
    """A path pattern starting with '/'; None when it matches every path (`/**`)."""
    if "//" in text:
        raise UrlRuleError(
            f"empty segment ('//') in the {where}; to name a host write app.example.com/path"
        )
    parts = text.strip("/").split("/") if text.strip("/") else []
    segments: list[_Segment | None] = []
    """None stands for `**`."""
    for part in parts:
        if part == "**":
            if segments and segments[-1] is None:
                continue
            segments.append(None)
        elif "**" in part:
            raise UrlRuleError(f"'**' must be a whole segment, like /a/**/b: {part!r}")
        elif part.startswith(":"):
            name = part[1:]
            if not name:
                raise UrlRuleError(f"':' must be followed by a parameter name in the {where}")
            if not _PARAM_NAME.match(name):
                raise UrlRuleError(
                    f"invalid parameter name {name!r}: use letters, digits and '_',"
                    " not starting with a digit; a parameter takes a whole segment"
                )
            if name in param_names:
                raise UrlRuleError(f"the parameter name {name!r} is used twice")
            param_names.add(name)
            segments.append(_Wild(name))
        elif part == "*":
            segments.append(_Wild(None))
        elif "*" in part:
            segments.append(_glob(part))
        else:
            segments.append(unquote(part))
    if segments == [None]:
        return None
    blocks: list[list[_Segment]] = [[]]
    for segment in segments:
        if segment is None:
            blocks.append([])
        else:
            blocks[-1].append(segment)
    head = tuple(blocks[0])
    tail = tuple(blocks[-1]) if len(blocks) > 1 else None
    middles = tuple(tuple(block) for block in blocks[1:-1])
    literals = tuple(segment for segment in head if isinstance(segment, str))
    literal_head = literals if len(literals) == len(head) else None
    return _PathPattern(
        head=head,
        middles=middles,
        tail=tail,
        literal_head=literal_head,
        min_segments=sum(len(block) for block in blocks),
        has_params=any(isinstance(s, _Wild) and s.name is not None for s in segments),
    )


def _glob(text: str, *, plus_is_space: bool = False) -> _Glob:
    decode = unquote_plus if plus_is_space else unquote
    pieces = tuple(decode(piece) for piece in re.sub(r"\*+", "*", text).split("*"))
    return _Glob(pieces, sum(len(piece) for piece in pieces))


def _compile_query(text: str, where: str) -> tuple[tuple[str, _ValueMatcher], ...]:
    if not text:
        raise UrlRuleError(f"empty {where} condition after '?'")
    conditions: list[tuple[str, _ValueMatcher]] = []
    for item in text.split("&"):
        if not item:
            raise UrlRuleError(f"empty {where} condition: remove the extra '&'")
        raw_name, has_value, raw_value = item.partition("=")
        if not raw_name:
            raise UrlRuleError(f"a {where} condition needs a parameter name before '=': {item!r}")
        if "*" in raw_name:
            raise UrlRuleError(f"'*' cannot be used in a {where} parameter name: {item!r}")
        name = unquote_plus(raw_name)
        matcher: _ValueMatcher
        if not has_value or raw_value == "*":
            matcher = None
        elif "*" in raw_value:
            matcher = _glob(raw_value, plus_is_space=True)
        else:
            matcher = unquote_plus(raw_value)
        conditions.append((name, matcher))
    return tuple(conditions)


def _compile_hash(text: str, param_names: set[str]) -> _HashCondition:
    if not text:
        raise UrlRuleError("empty hash condition after '#'")
    bang = text.startswith("!/")
    if bang or text.startswith("/"):
        path_text, has_query, query_text = text[1 if bang else 0 :].partition("?")
        query = _compile_query(query_text, "hash query") if has_query else ()
        return _HashRoute(bang, _compile_path(path_text, param_names, "hash route"), query)
    if text == "*":
        return _Wild(None)
    if "*" in text:
        return _glob(text)
    return unquote(text)
