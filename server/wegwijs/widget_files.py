"""The widget's built files, served without Node.

`/widget/wegwijs.js` is what integrators paste into their pages: it must pick up new
releases, so browsers revalidate it (ETag, `no-cache`). `/widget/v/<hash>/<file>` names one
exact build: it never changes, so browsers and proxies keep it for a year; so do the lazily
loaded chunks, whose file names carry a hash of their content (`chunks/tip-3MZQ2C7A.js`).

Every file goes out gzipped to browsers that accept it (compressed once per file version
and kept in memory), and with `Access-Control-Allow-Origin: *`: the core loads its chunks
with `import()`, which fetches cross-origin ES modules in CORS mode. They are public,
cookie-free files, so any origin may read them.
"""

import gzip
import hashlib
import re
from functools import cache, lru_cache
from os import PathLike, stat_result
from pathlib import Path

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.staticfiles import NotModifiedResponse, StaticFiles
from starlette.types import Scope

from wegwijs.resources import widget_dir

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
# esbuild's `[name]-[hash]` file names: 8 characters of base32.
HASHED_NAME = re.compile(r"^chunks/[a-z-]+-[A-Z0-9]{8}\.js$")
CROSS_ORIGIN_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    # Host pages that isolate themselves (COEP require-corp) may still load the core.
    "Cross-Origin-Resource-Policy": "cross-origin",
}


@cache
def build_hash(directory: Path) -> str:
    """A short digest of every built file: it changes whenever any of them does."""
    digest = hashlib.sha256()
    for path in sorted(directory.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(directory).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@lru_cache(maxsize=64)
def _gzipped(path: str, mtime_ns: int, size: int) -> bytes:
    """The file's bytes gzipped once per version (`mtime_ns` and `size` key the cache)."""
    return gzip.compress(Path(path).read_bytes(), compresslevel=9, mtime=0)


def accepts_gzip(headers: Headers) -> bool:
    """Does the request's Accept-Encoding allow gzip (and not refuse it with q=0)?"""
    for part in headers.get("accept-encoding", "").split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip().lower() in ("gzip", "*"):
            return params.replace(" ", "").lower() not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


class WidgetFiles(StaticFiles):
    """StaticFiles with the caching, compression and CORS rules above; a stale versioned
    URL is a 404."""

    def __init__(self, directory: Path | None = None) -> None:
        self.root = directory or widget_dir()
        super().__init__(directory=self.root, check_dir=False)

    def get_path(self, scope: Scope) -> str:
        path = super().get_path(scope)
        parts = path.split("/", 2)
        if len(parts) == 3 and parts[0] == "v":
            scope["wegwijs_versioned"] = parts[1] == build_hash(self.root)
            return parts[2]
        return path

    async def get_response(self, path: str, scope: Scope) -> Response:
        versioned = scope.get("wegwijs_versioned")
        if versioned is False:  # an older (or made-up) build: never serve other bytes
            raise HTTPException(status_code=404)
        response = await super().get_response(path, scope)
        if response.status_code in (200, 304):
            unchanging = versioned or HASHED_NAME.match(path.replace("\\", "/"))
            response.headers["Cache-Control"] = IMMUTABLE if unchanging else REVALIDATE
            response.headers.update(CROSS_ORIGIN_HEADERS)
        return response

    def file_response(
        self,
        full_path: PathLike[str] | str,
        stat_result: stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        plain = super().file_response(full_path, stat_result, scope, status_code)
        plain.headers["Vary"] = "Accept-Encoding"
        request_headers = Headers(scope=scope)
        if plain.status_code != 200 or not accepts_gzip(request_headers):
            return plain
        # The compressed bytes are another representation: another ETag.
        etag = plain.headers["etag"].removesuffix('"') + '-gzip"'
        headers = {
            "etag": etag,
            "last-modified": plain.headers["last-modified"],
            "content-encoding": "gzip",
            "vary": "Accept-Encoding",
        }
        if self.is_not_modified(Headers(headers), request_headers):
            return NotModifiedResponse(Headers(headers))
        body = _gzipped(str(full_path), stat_result.st_mtime_ns, stat_result.st_size)
        return Response(body, media_type=plain.media_type, headers=headers)


def versioned_url(public_url: str, file: str = "wegwijs.js") -> str:
    return f"{public_url}/widget/v/{build_hash(widget_dir())}/{file}"
