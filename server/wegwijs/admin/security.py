"""Security headers on every admin response, and errors shown as pages, not JSON."""

import inspect
import logging
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from wegwijs.admin.deps import SignInRequired
from wegwijs.admin.pages import ADMIN_PREFIX, PAGE_HEADERS, STATIC_HEADERS, error_page
from wegwijs.errors import ApiError

log = logging.getLogger(__name__)
STATIC_PREFIX = ADMIN_PREFIX + "/static/"
Handler = Callable[[Request, Any], Response | Awaitable[Response]]

# What a person reads for an API error code; other codes are described by their status.
MESSAGE_FOR_CODE = {
    "csrf_failed": "error.csrf",
    "forbidden": "error.forbidden",
    "account_required": "error.forbidden",
    "app_not_found": "error.app_not_found",
}
MESSAGE_FOR_STATUS = {
    400: "error.bad_request",
    403: "error.forbidden",
    404: "error.not_found",
    405: "error.method",
    409: "error.conflict",
    413: "error.too_large",
    422: "error.bad_request",
}


def is_admin_path(path: str) -> bool:
    return path == ADMIN_PREFIX or path.startswith(ADMIN_PREFIX + "/")


class AdminHeaders:
    """Adds the CSP and friends to every response under /admin (pages, redirects, errors,
    static files), whatever produced it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_admin_path(scope["path"]):
            await self.app(scope, receive, send)
            return
        extra = STATIC_HEADERS if scope["path"].startswith(STATIC_PREFIX) else PAGE_HEADERS

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in extra.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install_error_pages(app: FastAPI) -> None:
    """Errors under /admin render the error page; everywhere else they stay JSON."""
    app.add_exception_handler(SignInRequired, _to_sign_in)
    for exc_class in (ApiError, StarletteHTTPException, RequestValidationError, Exception):
        app.add_exception_handler(exc_class, _pages_or(app.exception_handlers[exc_class]))


async def _to_sign_in(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SignInRequired)
    target = request.app.url_path_for("admin_sign_in")
    if exc.next_path:
        target = f"{target}?{urlencode({'next': exc.next_path})}"
    return RedirectResponse(target, status_code=303)


def _pages_or(json_handler: Handler) -> Handler:
    async def handle(request: Request, exc: Exception) -> Response:
        if not is_admin_path(request.url.path):
            answer = json_handler(request, exc)
            return await answer if inspect.isawaitable(answer) else answer
        status, message, headers = describe(exc)
        if status >= 500:
            log.exception("unhandled error on an admin page", exc_info=exc)
        response = error_page(request, status_code=status, message=message)
        response.headers.update(headers)
        return response

    return handle


def describe(exc: Exception) -> tuple[int, str, dict[str, str]]:
    """Status, message key and headers of the error page for `exc`."""
    if isinstance(exc, ApiError):
        message = MESSAGE_FOR_CODE.get(exc.code) or MESSAGE_FOR_STATUS.get(exc.status)
        return exc.status, message or "error.generic", dict(exc.headers or {})
    if isinstance(exc, StarletteHTTPException):
        message = MESSAGE_FOR_STATUS.get(exc.status_code, "error.generic")
        return exc.status_code, message, dict(exc.headers or {})
    if isinstance(exc, RequestValidationError):
        return 422, "error.bad_request", {}
    return 500, "error.server", {}
