"""Health, API docs, the JSON error shape and the widget's files."""

from fastapi import APIRouter
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from wegwijs.config import Settings
from wegwijs.main import create_app
from wegwijs.resources import widget_dir


def test_healthz_checks_the_database(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_healthz_reports_an_unreachable_database(settings: Settings) -> None:
    from wegwijs.db import create_db_engine

    broken = create_db_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")
    with TestClient(create_app(settings, engine=broken)) as client:
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "database_unavailable"


def test_openapi_docs_are_served(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    schema = client.get("/openapi.json").json()
    assert "/api/v1/auth/sign-in" in schema["paths"]


def test_unknown_route_and_wrong_method_are_json_errors(client: TestClient) -> None:
    missing = client.get("/api/v1/nothing-here")
    assert missing.status_code == 404
    assert missing.json() == {
        "error": {"code": "not_found", "message": "Not Found", "details": None}
    }
    wrong = client.delete("/healthz")
    assert wrong.status_code == 405
    assert wrong.json()["error"]["code"] == "method_not_allowed"


def test_validation_errors_keep_field_details(client: TestClient) -> None:
    response = client.post("/api/v1/auth/sign-in", json={"email": "not-an-email"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert error["message"].startswith("email:")
    locations = [detail["loc"] for detail in error["details"]]
    assert ["body", "email"] in locations
    assert ["body", "password"] in locations


def test_malformed_json_is_a_clear_422(client: TestClient) -> None:
    response = client.post(
        "/api/v1/auth/sign-in", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"


def test_unexpected_errors_are_json_without_internals(engine: Engine, settings: Settings) -> None:
    app = create_app(settings, engine=engine)
    router = APIRouter()

    @router.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret internal detail")

    app.include_router(router)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/boom")
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "internal_error"
    assert "secret internal detail" not in response.text


def test_widget_files_are_served_with_etags(client: TestClient) -> None:
    built = (widget_dir() / "wegwijs.js").read_bytes()
    response = client.get("/widget/wegwijs.js")
    assert response.status_code == 200
    assert response.content == built
    assert response.headers["content-type"].startswith(
        ("text/javascript", "application/javascript")
    )
    etag = response.headers["etag"]
    again = client.get("/widget/wegwijs.js", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert client.get("/widget/missing.js").json()["error"]["code"] == "not_found"


def test_worker_header_only_when_asked(engine: Engine, settings: Settings) -> None:
    with TestClient(create_app(settings, engine=engine)) as client:
        assert "x-wegwijs-worker" not in client.get("/healthz").headers
    testing = settings.model_copy(update={"test_headers": True})
    with TestClient(create_app(testing, engine=engine)) as client:
        assert client.get("/healthz").headers["x-wegwijs-worker"].isdigit()


def test_versioned_widget_urls_are_cached_for_a_year(client: TestClient) -> None:
    from wegwijs.widget_files import build_hash

    latest = client.get("/widget/wegwijs.js")
    assert latest.headers["cache-control"] == "no-cache"  # integrators' tag picks up releases
    versioned = client.get(f"/widget/v/{build_hash(widget_dir())}/wegwijs.js")
    assert versioned.status_code == 200
    assert versioned.content == latest.content
    assert versioned.headers["cache-control"] == "public, max-age=31536000, immutable"
    stale = client.get("/widget/v/000000000000/wegwijs.js")
    assert stale.status_code == 404
    assert stale.json()["error"]["code"] == "not_found"
