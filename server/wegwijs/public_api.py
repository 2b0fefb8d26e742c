"""The public API the widget calls, routed ahead of everything else.

These are plain Starlette routes: they parse their bodies themselves (JSON sent as
application/json or as text/plain by sendBeacon) and run on every page view of every
visitor, so they skip FastAPI's per-request dependency machinery. `document_public_api`
puts them in the OpenAPI schema all the same.
"""

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema
from starlette.routing import Route

from wegwijs.analytics.routes import ingest_events
from wegwijs.analytics.schemas import EventBatch, IngestResult
from wegwijs.delivery.routes import context, preflight, search
from wegwijs.delivery.schemas import ContextRequest, SearchRequest
from wegwijs.recording.routes import picks, recordings
from wegwijs.recording.schemas import PickIn, RecordingIn

PREFIX = "/api/public/v1/apps/{app_key}"
ENDPOINTS: list[tuple[str, Any, type[BaseModel], type[BaseModel] | None, str]] = [
    ("context", context, ContextRequest, None, "What applies to this page and person"),
    ("search", search, SearchRequest, None, "Search the guides this person may see"),
    ("events", ingest_events, EventBatch, IngestResult, "Store a batch of events"),
    ("recordings", recordings, RecordingIn, None, "Save recorded steps as a draft (record token)"),
    ("picks", picks, PickIn, None, "Save a re-picked element (record token)"),
]


def public_routes() -> list[Route]:
    routes = [
        Route(f"{PREFIX}/{name}", endpoint, methods=["POST"], name=f"public_{name}")
        for name, endpoint, *_ in ENDPOINTS
    ]
    routes.append(Route(f"{PREFIX}/{{endpoint}}", preflight, methods=["OPTIONS"]))
    return routes


def install_public_api(app: FastAPI) -> None:
    app.router.routes[0:0] = public_routes()
    app.openapi = lambda: document_public_api(app)  # type: ignore[method-assign]


def document_public_api(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title, version=app.version, summary=app.summary, routes=app.routes
    )
    models = [model for _, _, body, reply, _ in ENDPOINTS for model in (body, reply) if model]
    _, definitions = models_json_schema(
        [(model, "validation") for model in models], ref_template="#/components/schemas/{model}"
    )
    schema.setdefault("components", {}).setdefault("schemas", {}).update(
        definitions.get("$defs", {})
    )
    for name, _, body, reply, summary in ENDPOINTS:
        schema["paths"][f"{PREFIX}/{name}"] = {"post": _operation(name, body, reply, summary)}
    app.openapi_schema = schema
    return schema


def _operation(
    name: str, body: type[BaseModel], reply: type[BaseModel] | None, summary: str
) -> dict[str, Any]:
    body_ref = {"schema": {"$ref": f"#/components/schemas/{body.__name__}"}}
    reply_schema = (
        {"$ref": f"#/components/schemas/{reply.__name__}"} if reply else {"type": "object"}
    )
    error = {
        "description": "JSON error",
        "content": {"application/json": {"schema": {"type": "object"}}},
    }
    return {
        "tags": ["public"],
        "summary": summary,
        "operationId": f"public_{name}",
        "parameters": [
            {"name": "app_key", "in": "path", "required": True, "schema": {"type": "string"}}
        ],
        "requestBody": {
            "required": True,
            "content": {"application/json": body_ref, "text/plain": body_ref},
        },
        "responses": {
            "200": {"description": "OK", "content": {"application/json": {"schema": reply_schema}}},
            **dict.fromkeys(("403", "404", "413", "415", "422"), error),
        },
    }
