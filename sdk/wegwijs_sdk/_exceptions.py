"""One exception tree for everything the SDK can raise.

    WegwijsError
    ├── TransportError            the server could not be reached (connect, timeout, ...)
    ├── GuideFileError            a local guide file cannot be read (push)
    └── ApiError                  the server answered with an error: status, code, message
        ├── BadRequest            400
        ├── Unauthorized          401: no, wrong or expired API token
        ├── Forbidden             403: the token's role or app does not allow this
        ├── NotFound              404
        ├── Conflict              409: a slug taken, an archived guide, ...
        ├── PayloadTooLarge       413
        ├── ValidationFailed      422: `details` names each field
        ├── RateLimited           429: `retry_after` seconds
        └── ServerError           5xx

The server's errors are JSON, `{"error": {"code", "message", "details"}}`; `code` is stable
and meant for programs, `message` for people.
"""

from pathlib import Path
from typing import Any

import httpx

__all__ = [
    "ApiError",
    "BadRequest",
    "Conflict",
    "Forbidden",
    "GuideFileError",
    "NotFound",
    "PayloadTooLarge",
    "RateLimited",
    "ServerError",
    "TransportError",
    "Unauthorized",
    "ValidationFailed",
    "WegwijsError",
]


class WegwijsError(Exception):
    """Base of every error the SDK raises."""


class TransportError(WegwijsError):
    """The request did not get an answer: the network, DNS, TLS or a timeout failed."""


class GuideFileError(WegwijsError):
    """A guide file in the directory given to `push` cannot be read; nothing was sent."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path


class ApiError(WegwijsError):
    """The server answered with an error status."""

    def __init__(self, status: int, code: str, message: str, details: Any = None) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.details = details


class BadRequest(ApiError):
    pass


class Unauthorized(ApiError):
    pass


class Forbidden(ApiError):
    pass


class NotFound(ApiError):
    pass


class Conflict(ApiError):
    pass


class PayloadTooLarge(ApiError):
    pass


class ValidationFailed(ApiError):
    """The request was understood but refused; `details` lists `{loc, msg, type}` per field."""


class RateLimited(ApiError):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: Any = None,
        *,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(status, code, message, details)
        self.retry_after = retry_after
        """Seconds to wait before trying again (the `Retry-After` header), when the server
        said so."""


class ServerError(ApiError):
    pass


_BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    413: PayloadTooLarge,
    422: ValidationFailed,
}


def error_for(response: httpx.Response) -> ApiError:
    """The exception for an error response; bodies that are not the server's JSON shape
    (a proxy's HTML page) still give the status and a readable message."""
    status = response.status_code
    try:
        error = response.json()["error"]
        code, message, details = str(error["code"]), str(error["message"]), error.get("details")
    except (ValueError, KeyError, TypeError):
        code = f"http_{status}"
        message = response.text.strip()[:200] or response.reason_phrase
        details = None
    if status == 429:
        return RateLimited(
            status,
            code,
            message,
            details,
            retry_after=_seconds(response.headers.get("retry-after")),
        )
    if status >= 500:
        return ServerError(status, code, message, details)
    return _BY_STATUS.get(status, ApiError)(status, code, message, details)


def _seconds(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None
