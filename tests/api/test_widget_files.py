"""The widget's files as browsers get them: gzipped, readable from any origin (the core
loads its chunks with `import()`, a CORS request), hashed chunks cached for a year."""

import gzip
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.datastructures import Headers

from wegwijs.widget_files import IMMUTABLE, REVALIDATE, WidgetFiles, accepts_gzip, build_hash

CORE = b"(()=>{" + b"var wegwijs=1;" * 200 + b"})();\n"
CHUNK = b"export{x};" + b"const x=1;" * 100


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    (tmp_path / "chunks").mkdir()
    (tmp_path / "wegwijs.js").write_bytes(CORE)
    (tmp_path / "chunks" / "tip-3MZQ2C7A.js").write_bytes(CHUNK)
    return tmp_path


@pytest.fixture
def client(dist: Path) -> TestClient:
    app = FastAPI()
    app.mount("/widget", WidgetFiles(dist))
    return TestClient(app)


def raw_get(client: TestClient, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and the body as sent (not decompressed)."""
    with client.stream("GET", path, headers=headers) as response:
        return response.status_code, dict(response.headers), b"".join(response.iter_raw())


def test_gzipped_when_accepted_with_its_own_etag(client: TestClient) -> None:
    status, headers, body = raw_get(client, "/widget/wegwijs.js", **{"accept-encoding": "gzip"})
    assert status == 200
    assert headers["content-encoding"] == "gzip"
    assert headers["vary"] == "Accept-Encoding"
    assert gzip.decompress(body) == CORE
    assert len(body) < len(CORE) / 10
    assert headers["etag"].endswith('-gzip"')
    again = client.get(
        "/widget/wegwijs.js",
        headers={"accept-encoding": "gzip", "if-none-match": headers["etag"]},
    )
    assert again.status_code == 304


def test_plain_when_gzip_is_not_accepted(client: TestClient) -> None:
    status, headers, body = raw_get(client, "/widget/wegwijs.js", **{"accept-encoding": "identity"})
    assert status == 200
    assert "content-encoding" not in headers
    assert body == CORE
    assert not headers["etag"].endswith('-gzip"')


def test_any_origin_may_read_the_files(client: TestClient) -> None:
    response = client.get(
        "/widget/chunks/tip-3MZQ2C7A.js", headers={"origin": "https://host.example"}
    )
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["cross-origin-resource-policy"] == "cross-origin"
    assert "access-control-allow-credentials" not in response.headers


def test_hashed_chunks_are_immutable_and_the_core_revalidates(
    client: TestClient, dist: Path
) -> None:
    assert client.get("/widget/chunks/tip-3MZQ2C7A.js").headers["cache-control"] == IMMUTABLE
    assert client.get("/widget/wegwijs.js").headers["cache-control"] == REVALIDATE
    versioned = client.get(f"/widget/v/{build_hash(dist)}/chunks/tip-3MZQ2C7A.js")
    assert versioned.status_code == 200
    assert versioned.content == CHUNK
    assert versioned.headers["cache-control"] == IMMUTABLE


@pytest.mark.parametrize(
    ("header", "accepted"),
    [
        ("gzip, deflate, br", True),
        ("br;q=1.0, gzip;q=0.8", True),
        ("*", True),
        ("gzip;q=0", False),
        ("identity", False),
        ("", False),
    ],
)
def test_accept_encoding(header: str, accepted: bool) -> None:
    assert accepts_gzip(Headers({"accept-encoding": header})) is accepted
