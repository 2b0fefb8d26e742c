"""The Wegwijs app plus a bare constant endpoint: the ceiling, measured on the same server.

The constant endpoint is routed exactly like the public API (a plain route ahead of all
others), so the ratio compares the context work alone, not a routing advantage. The floor
endpoint does only what any context answer must do before matching anything: find the app,
read and validate the body, read the visitor's state; it shows how much of the ceiling is
left for the context work itself.
"""

from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from wegwijs.delivery.guard import app_view_for, parse_payload, read_body
from wegwijs.delivery.routes import CONTEXT_BODY_LIMIT
from wegwijs.delivery.schemas import ContextRequest
from wegwijs.main import create_app

CONSTANT = b'{"ok":true}'


async def constant(_request: Request) -> Response:
    return Response(CONSTANT, media_type="application/json")


async def floor(request: Request) -> Response:
    view = app_view_for(request, request.path_params["app_key"])
    payload = parse_payload(
        request, await read_body(request, limit=CONTEXT_BODY_LIMIT), ContextRequest
    )
    request.app.state.states.read(
        app_id=view.id, visitor_id=payload.visitor_id, user_id=payload.user_id
    )
    return Response(CONSTANT, media_type="application/json")


def create_bench_app() -> FastAPI:
    app = create_app()
    app.router.routes.insert(0, Route("/_bench/constant", constant, methods=["POST"]))
    app.router.routes.insert(0, Route("/_bench/floor/{app_key}", floor, methods=["POST"]))

    @app.post("/_bench/constant-path-operation", include_in_schema=False)
    async def constant_path_operation() -> Response:
        """For reference only: the same, through FastAPI's path-operation machinery."""
        return Response(CONSTANT, media_type="application/json")

    return app
