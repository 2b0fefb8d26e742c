"""The script tag for server-rendered host apps, with the signed identity of the user."""

import hashlib
import hmac
import json
from collections.abc import Mapping
from html import escape
from typing import Any
from urllib.parse import urlsplit

__all__ = ["ScriptTag", "identity_signature", "script_tag"]


def identity_signature(secret: str, user_id: str) -> str:
    """HMAC-SHA256 of the user id with the app's identity secret, as hex: what the server
    checks when the app has identity verification on."""
    return hmac.new(secret.encode(), user_id.encode(), hashlib.sha256).hexdigest()


class ScriptTag(str):
    """Finished HTML: Jinja2, Django and MarkupSafe insert it as it is (`__html__`), so
    templates need no `|safe`."""

    def __html__(self) -> str:
        return str(self)


def script_tag(
    app_key: str,
    server: str,
    user_id: str | int | None = None,
    traits: Mapping[str, Any] | None = None,
    secret: str | None = None,
    nonce: str | None = None,
    locale: str | None = None,
) -> ScriptTag:
    """The widget's script tag in its data-attribute form (no inline script, so it works
    under a strict Content-Security-Policy), for the signed-in user when there is one.

    `server` is the Wegwijs server's base URL; `traits` (role, department, ...) are what
    audience rules match on; `secret`, the app's identity secret, signs `user_id` and never
    appears in the page; `nonce` is the page's CSP nonce, when its policy uses one.
    Every value is escaped for an HTML attribute.
    """
    base = _server(server)
    attributes: list[tuple[str, str | None]] = [
        ("async", None),
        ("src", f"{base}/widget/wegwijs.js"),
        ("data-app-key", app_key),
        ("data-server", base),
    ]
    if user_id is not None:
        attributes.append(("data-user-id", str(user_id)))
    if traits:
        text = json.dumps(dict(traits), ensure_ascii=False, separators=(",", ":"))
        attributes.append(("data-user-traits", text))
    if user_id is not None and secret:
        attributes.append(("data-signature", identity_signature(secret, str(user_id))))
    if locale:
        attributes.append(("data-locale", locale))
    if nonce:
        attributes.append(("nonce", nonce))
    rendered = " ".join(
        name if value is None else f'{name}="{escape(value, quote=True)}"'
        for name, value in attributes
    )
    return ScriptTag(f"<script {rendered}></script>")


def _server(server: str) -> str:
    parts = urlsplit(server)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query:
        raise ValueError(f"server must be the Wegwijs server's http(s) base URL, not {server!r}")
    return server.rstrip("/")
