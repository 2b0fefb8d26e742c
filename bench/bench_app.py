"""The Wegwijs app plus a bare constant endpoint: the ceiling measured on the same server."""

from fastapi import FastAPI
from fastapi.responses import Response

from wegwijs.main import create_app

CONSTANT = b'{"ok":true}'


def create_bench_app() -> FastAPI:
    app = create_app()

    @app.post("/_bench/constant", include_in_schema=False)
    async def constant() -> Response:
        return Response(CONSTANT, media_type="application/json")

    return app
