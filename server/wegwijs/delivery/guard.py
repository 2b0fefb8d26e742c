"""Guard rails of the public API: app key, allowed origin, body size, identity signature."""

import hashlib
import hmac
import json
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from fastapi import Request, Response
from pydantic import BaseModel, ValidationError
from starlette.datastructures import MutableHeaders

from wegwijs.delivery.catalog import AppView, DeliveryCache
from wegwijs.delivery.schemas import VisitorIdentity
from wegwijs.errors import ApiError
from wegwijs.ratelimit import RateLimiter

ACCEPTED_CONTENT_TYPES = ("application/json", "text/plain")
PayloadT = TypeVar("PayloadT", bound=BaseModel)
IdentifiedT = TypeVar("IdentifiedT", bound=VisitorIdentity)
Handler = Callable[[Request, AppView, IdentifiedT], Awaitable[str]]


def public_endpoint(
    model: type[IdentifiedT], *, limit: int
) -> Callable[[Handler[IdentifiedT]], Callable[[Request], Awaitable[Response]]]:
    """Every guard rail of a public endpoint, in order, around a handler returning JSON text:
    app key (404), origin (403), body size (413), content type (415), validation (422) and
    identity signature (403). Errors after the origin check carry the CORS headers too, so
    the widget can read them."""

    def decorate(handler: Handler[IdentifiedT]) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            await check_client_limit(request)
            view = app_view_for(request, request.path_params["app_key"])
            cors = cors_headers(request, view)
            try:
                await check_app_limit(request, view)
                body = await read_body(request, limit=limit)
                payload = parse_payload(request, body, model)
                check_identity(view, user_id=payload.user_id, signature=payload.signature)
                content = await handler(request, view, payload)
            except ApiError as exc:
                exc.headers = {**cors, **(exc.headers or {})}
                raise
            return Response(content, media_type="application/json", headers=cors)

        endpoint.__doc__ = handler.__doc__
        return endpoint

    return decorate


async def check_client_limit(request: Request) -> None:
    """Before anything else, even the app lookup: unknown keys must not cost a query each."""
    limiter: RateLimiter = request.app.state.limiter
    address = request.client.host if request.client else "unknown"
    await limiter.check(limiter.client_limit, address)


async def check_app_limit(request: Request, view: AppView) -> None:
    limiter: RateLimiter = request.app.state.limiter
    await limiter.check(limiter.app_limit, view.key)


def dumps(content: Any) -> str:
    return json.dumps(content, separators=(",", ":"), ensure_ascii=False)


def app_view_for(request: Request, app_key: str) -> AppView:
    """The app behind a public key, or 404; then the browser origin must be allowed."""
    cache: DeliveryCache = request.app.state.delivery
    view = cache.get(app_key) if len(app_key) <= 40 else None
    if view is None:
        raise ApiError(404, "app_not_found", "Unknown app key.")
    check_origin(request, view)
    return view


def check_origin(request: Request, view: AppView) -> None:
    """Browsers always send Origin cross-site; a page on another site is refused.

    Requests without Origin (server-side clients) pass: app keys are public, so this
    protects visitors' browsers from foreign pages, not the API from scripts.
    """
    origin = request.headers.get("origin")
    if origin is not None and origin.lower() not in view.allowed_origins:
        raise ApiError(403, "origin_not_allowed", "This origin may not use this app key.")


def cors_headers(request: Request, view: AppView) -> dict[str, str]:
    origin = request.headers.get("origin")
    if origin is None:
        return {}
    return {
        "Access-Control-Allow-Origin": origin,
        "Access-Control-Expose-Headers": "Retry-After",
        "Vary": "Origin",
    }


def preflight_headers(request: Request, view: AppView) -> dict[str, str]:
    return {
        **cors_headers(request, view),
        "Access-Control-Allow-Methods": "POST, OPTIONS",
        "Access-Control-Allow-Headers": "Content-Type",
        "Access-Control-Max-Age": "86400",
    }


def add_headers(headers: MutableHeaders, extra: dict[str, str]) -> None:
    for name, value in extra.items():
        headers[name] = value


async def read_body(request: Request, *, limit: int) -> bytes:
    """The body, refused with 413 as soon as it passes `limit` bytes (never buffered whole)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise _too_large(limit)
    return bytes(body)


def _too_large(limit: int) -> ApiError:
    return ApiError(413, "payload_too_large", f"The body is larger than {limit} bytes.")


def parse_payload(request: Request, body: bytes, model: type[PayloadT]) -> PayloadT:
    """JSON sent as application/json or as text/plain (what sendBeacon sends without a
    preflight), parsed explicitly and validated; errors keep pydantic's field details."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in ACCEPTED_CONTENT_TYPES:
        raise ApiError(415, "unsupported_media_type", "Send JSON (application/json).")
    try:
        return model.model_validate_json(body)
    except ValidationError as exc:
        details = [
            {"loc": list(err["loc"]), "msg": err["msg"], "type": err["type"]}
            for err in exc.errors(include_url=False, include_input=False)
        ]
        first = details[0]
        where = ".".join(str(part) for part in first["loc"]) or "body"
        raise ApiError(
            422, "validation_error", f"{where}: {first['msg']}", details=details
        ) from exc


def identity_signature(secret: str, user_id: str) -> str:
    """HMAC-SHA256 of the user id, hex: what the host's server computes for `identify`."""
    return hmac.new(secret.encode(), user_id.encode(), hashlib.sha256).hexdigest()


def check_identity(view: AppView, *, user_id: str | None, signature: str | None) -> None:
    """With identity verification on, a user id needs a signature by an active secret."""
    if not view.identity_verification or user_id is None:
        return
    if signature is None:
        raise ApiError(403, "signature_required", "This app requires a signed user id.")
    for secret in view.identity_secrets:
        if hmac.compare_digest(identity_signature(secret, user_id), signature.lower()):
            return
    raise ApiError(403, "invalid_signature", "The user id signature is not valid.")
