"""The SDK against the real app, in-process: real requests and answers, no network.

The sync `Client` goes through Starlette's TestClient (which runs the app's lifespan and
speaks HTTP semantics to it); the `AsyncClient` through httpx's own ASGI transport.
"""

from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from tests.factories import make_app, make_token
from wegwijs.auth.models import Role
from wegwijs.config import Settings
from wegwijs.main import create_app
from wegwijs_sdk import AsyncClient, Client

SERVER = "http://testserver"


class InProcessTransport(httpx.BaseTransport):
    """Hands each request of the SDK's httpx client to a TestClient, and its answer back."""

    def __init__(self, client: TestClient) -> None:
        self.client = client

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        answer = self.client.request(
            request.method,
            str(request.url),
            headers=request.headers.multi_items(),
            content=request.read(),
        )
        return httpx.Response(
            answer.status_code,
            headers=answer.headers.multi_items(),
            content=answer.content,
            request=request,
        )


@dataclass(frozen=True)
class Tokens:
    """An app, and an API token for each role in it."""

    app_key: str
    admin: str
    author: str
    analyst: str


@pytest.fixture
def tokens(session: Session) -> Tokens:
    app = make_app(session)
    return Tokens(
        app_key=app.key,
        admin=make_token(session, app, Role.admin),
        author=make_token(session, app, Role.author),
        analyst=make_token(session, app, Role.analyst),
    )


@pytest.fixture
def connect(client: TestClient) -> Iterator[Callable[[str], Client]]:
    """`connect(token)`: a sync Client for that token, closed after the test."""
    made: list[Client] = []

    def connect(token: str) -> Client:
        made.append(Client(SERVER, token, transport=InProcessTransport(client)))
        return made[-1]

    yield connect
    for sdk in made:
        sdk.close()


@pytest.fixture
def sdk(connect: Callable[[str], Client], tokens: Tokens) -> Client:
    """A sync Client with the app's admin token."""
    return connect(tokens.admin)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
async def async_sdk(
    engine: Engine, settings: Settings, tokens: Tokens
) -> AsyncIterator[AsyncClient]:
    """An AsyncClient with the app's admin token."""
    transport = httpx.ASGITransport(app=create_app(settings, engine=engine))
    async with AsyncClient(SERVER, tokens.admin, transport=transport) as sdk:
        yield sdk
