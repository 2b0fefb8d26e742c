"""Each error answer becomes its exception, with the server's code, message and details."""

from collections.abc import Callable

import httpx
import pytest

from tests.sdk.conftest import SERVER, Tokens
from wegwijs_sdk import (
    ApiError,
    AsyncClient,
    BadRequest,
    Client,
    Conflict,
    Forbidden,
    NotFound,
    PayloadTooLarge,
    RateLimited,
    ServerError,
    TransportError,
    Unauthorized,
    ValidationFailed,
    WegwijsError,
)


def test_the_real_apps_errors(
    connect: Callable[[str], Client], sdk: Client, tokens: Tokens
) -> None:
    key = tokens.app_key
    with pytest.raises(Unauthorized) as unauthorized:
        connect("wgw_not-a-token").guides.list(key)
    assert (unauthorized.value.status, unauthorized.value.code) == (401, "invalid_token")

    with pytest.raises(Forbidden) as forbidden:
        connect(tokens.analyst).guides.create(key, kind="tip", name="Nope")
    assert (forbidden.value.status, forbidden.value.code) == (403, "forbidden")

    with pytest.raises(NotFound) as not_found:
        sdk.guides.get(key, 999)
    assert not_found.value.code == "guide_not_found"
    assert not_found.value.message == "No guide 999 in this app."
    with pytest.raises(NotFound) as no_app:
        sdk.apps.get("app_nope")
    assert (no_app.value.code, no_app.value.message) == (
        "app_not_found",
        "No app with key 'app_nope'.",
    )

    sdk.guides.create(key, kind="tip", name="Cost centre", slug="cost-centre")
    with pytest.raises(Conflict) as conflict:
        sdk.guides.create(key, kind="tip", name="Other", slug="cost-centre")
    assert (conflict.value.status, conflict.value.code) == (409, "slug_taken")

    with pytest.raises(ValidationFailed) as invalid:
        sdk.guides.create(key, kind="walkthrough", name="X", priority=5000)
    error = invalid.value
    assert (error.status, error.code) == (422, "validation_error")
    assert error.message.startswith("priority: ")
    assert error.details[0]["loc"] == ["body", "priority"]
    assert str(error) == f"422 validation_error: {error.message}"


@pytest.mark.parametrize(
    ("status", "exception"),
    [
        (400, BadRequest),
        (401, Unauthorized),
        (403, Forbidden),
        (404, NotFound),
        (405, ApiError),
        (409, Conflict),
        (413, PayloadTooLarge),
        (415, ApiError),
        (422, ValidationFailed),
        (429, RateLimited),
        (500, ServerError),
        (503, ServerError),
    ],
)
def test_every_status_has_its_exception(status: int, exception: type[ApiError]) -> None:
    body = {"error": {"code": "some_code", "message": "Some message.", "details": [{"x": 1}]}}
    headers = {"Retry-After": "7"} if status == 429 else {}
    transport = httpx.MockTransport(lambda _: httpx.Response(status, json=body, headers=headers))
    with Client(SERVER, "wgw_x", transport=transport) as sdk, pytest.raises(exception) as raised:
        sdk.apps.get("app_x")
    error = raised.value
    assert type(error) is exception and isinstance(error, WegwijsError)
    assert (error.status, error.code, error.message, error.details) == (
        status,
        "some_code",
        "Some message.",
        [{"x": 1}],
    )
    if isinstance(error, RateLimited):
        assert error.retry_after == 7


def test_answers_that_are_not_the_servers_json_still_raise_readably() -> None:
    def proxy(request: httpx.Request) -> httpx.Response:
        return httpx.Response(502, text="<html><body>Bad gateway</body></html>")

    with Client(SERVER, "wgw_x", transport=httpx.MockTransport(proxy)) as sdk:
        with pytest.raises(ServerError) as raised:
            sdk.guides.list("app_x")
    assert (raised.value.code, raised.value.details) == ("http_502", None)
    assert "Bad gateway" in raised.value.message


def test_keys_and_ids_stay_one_path_segment() -> None:
    seen: list[str] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.raw_path.decode())
        return httpx.Response(404, json={"error": {"code": "x", "message": "x"}})

    with Client(SERVER + "/help/", "wgw_x", transport=httpx.MockTransport(record)) as sdk:
        with pytest.raises(NotFound):
            sdk.guides.remove_step("app/../x", 1, "s?1#2")
    assert seen == ["/help/api/v1/apps/app%2F..%2Fx/guides/1/steps/s%3F1%232"]


def test_network_failures_are_transport_errors() -> None:
    def unreachable(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    with Client(SERVER, "wgw_x", transport=httpx.MockTransport(unreachable)) as sdk:
        with pytest.raises(TransportError, match="connection refused") as raised:
            sdk.apps.get("app_x")
    assert isinstance(raised.value.__cause__, httpx.ConnectError)
    assert not isinstance(raised.value, ApiError)


@pytest.mark.anyio
async def test_the_async_client_raises_the_same_tree(async_sdk: AsyncClient) -> None:
    with pytest.raises(NotFound) as raised:
        await async_sdk.guides.get("app_nope", 1)
    assert (raised.value.status, raised.value.code) == (404, "app_not_found")

    def timeout(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    async with AsyncClient(SERVER, "wgw_x", transport=httpx.MockTransport(timeout)) as sdk:
        with pytest.raises(TransportError):
            await sdk.apps.get("app_x")
    limited = httpx.MockTransport(
        lambda _: httpx.Response(429, json={"error": {"code": "slow_down", "message": "Wait."}})
    )
    async with AsyncClient(SERVER, "wgw_x", transport=limited) as sdk:
        with pytest.raises(RateLimited) as raised_limit:
            await sdk.reports.get("app_x", "overview")
    assert (raised_limit.value.retry_after, raised_limit.value.details) == (None, None)


def test_bad_settings_are_refused_before_any_request() -> None:
    with pytest.raises(ValueError, match="base_url"):
        Client("help.example.com", "wgw_x")
    with pytest.raises(ValueError, match="token"):
        Client(SERVER, "")
