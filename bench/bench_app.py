"""The Wegwijs app plus a bare constant endpoint: the ceiling, measured on the same server.

The constant endpoint is routed exactly like the public API (a plain route ahead of all
others), so the ratio compares the context work alone, not a routing advantage.
"""

from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from wegwijs.main import create_app

CONSTANT = b'{"ok":true}'


async def constant(_request: Request) -> Response:
    return Response(CONSTANT, media_type="application/json")


def create_bench_app() -> FastAPI:
    app = create_app()
    app.router.routes.insert(0, Route("/_bench/constant", constant, methods=["POST"]))

    @app.post("/_bench/constant-path-operation", include_in_schema=False)
    async def constant_path_operation() -> Response:
        """For reference only: the same, through FastAPI's path-operation machinery."""
        return Response(CONSTANT, media_type="application/json")

    return app
