"""Short-lived signed tokens: a JSON body, an expiry and an HMAC bound to one purpose.

Preview tokens (an author sees drafts in the host app) and record tokens (the recorder
saves what an author clicked) are both bearer tokens handed to a browser tab. Each has its
own purpose string inside the MAC, so a token issued for one can never pass as the other.
"""

import base64
import hashlib
import hmac
import json
import time
from typing import Any


class SignedTokenError(ValueError):
    """The token is malformed, forged or expired; `code` says which, for the JSON error."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(secret_key: str, purpose: str, payload: str) -> str:
    message = f"wegwijs-{purpose}-v1:{payload}".encode()
    return _b64(hmac.new(secret_key.encode(), message, hashlib.sha256).digest())


def issue_token(
    *, secret_key: str, purpose: str, body: dict[str, Any], ttl_seconds: int, now: float | None
) -> tuple[str, int]:
    """The token and its expiry (Unix seconds)."""
    expires_at = int((now or time.time()) + ttl_seconds)
    payload = _b64(json.dumps({**body, "exp": expires_at}, separators=(",", ":")).encode())
    return f"{payload}.{_sign(secret_key, purpose, payload)}", expires_at


def read_token(
    *, secret_key: str, purpose: str, token: str, now: float | None = None
) -> dict[str, Any]:
    """The body of a valid, unexpired token; `SignedTokenError` names what is wrong."""
    payload, _, signature = token.partition(".")
    if not payload or not signature:
        raise SignedTokenError(f"invalid_{purpose}_token", f"The {purpose} token is malformed.")
    if not hmac.compare_digest(signature, _sign(secret_key, purpose, payload)):
        raise SignedTokenError(f"invalid_{purpose}_token", f"The {purpose} token is not valid.")
    body: dict[str, Any] = json.loads(_unb64(payload))
    if body["exp"] < (now or time.time()):
        raise SignedTokenError(f"{purpose}_token_expired", f"The {purpose} token has expired.")
    return body
