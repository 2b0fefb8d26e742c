"""The widget's built files, served without Node.

`/widget/wegwijs.js` is what integrators paste into their pages: it must pick up new
releases, so browsers revalidate it (ETag, `no-cache`). `/widget/v/<hash>/<file>` names one
exact build: it never changes, so browsers and proxies keep it for a year.
"""

import hashlib
from functools import cache
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from wegwijs.resources import widget_dir

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


@cache
def build_hash(directory: Path) -> str:
    """A short digest of every built file: it changes whenever any of them does."""
    digest = hashlib.sha256()
    for path in sorted(directory.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(directory).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


class WidgetFiles(StaticFiles):
    """StaticFiles with the caching rules above; a stale versioned URL is a 404."""

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
            response.headers["Cache-Control"] = IMMUTABLE if versioned else REVALIDATE
        return response


def versioned_url(public_url: str, file: str = "wegwijs.js") -> str:
    return f"{public_url}/widget/v/{build_hash(widget_dir())}/{file}"
