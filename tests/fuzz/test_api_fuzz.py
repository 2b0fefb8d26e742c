"""Property-based fuzzing of the public and the admin API against their OpenAPI schema.

Schemathesis makes requests from the schema (valid and invalid); every answer must be
something other than a 5xx and, when the schema describes it, match it. The admin API is
called with an admin API token of a real app, and path parameters point at that app and
a real guide, so requests reach the handlers instead of stopping at 404.
"""

from collections.abc import Iterator

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance
from sqlalchemy.engine import Engine
from sqlmodel import Session

from tests.factories import make_app, make_guide, make_token
from wegwijs.auth.models import Role
from wegwijs.config import Settings
from wegwijs.main import create_app

ORIGIN = "http://host.example.com"


class Target:
    app_key = ""
    guide_id = 0
    token = ""


@pytest.fixture
def fuzzed_app(engine: Engine, settings: Settings) -> Iterator[FastAPI]:
    with Session(engine) as session:
        app = make_app(session, origins=[ORIGIN])
        Target.app_key = app.key
        Target.guide_id = make_guide(session, app, steps=2).id or 0
        Target.token = make_token(session, app, Role.admin)
    web_app = create_app(settings, engine=engine)
    yield web_app


@pytest.fixture
def api_schema(fuzzed_app: FastAPI) -> schemathesis.schemas.BaseSchema:
    return schemathesis.openapi.from_asgi("/openapi.json", fuzzed_app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_no_server_errors_and_answers_match_the_schema(case: schemathesis.Case) -> None:
    if "app_key" in case.path_parameters:
        case.path_parameters["app_key"] = Target.app_key
    if "guide_id" in case.path_parameters:
        case.path_parameters["guide_id"] = Target.guide_id
    headers = {"Authorization": f"Bearer {Target.token}", "Origin": ORIGIN}
    case.call_and_validate(
        headers=headers, checks=[not_a_server_error, response_schema_conformance]
    )
