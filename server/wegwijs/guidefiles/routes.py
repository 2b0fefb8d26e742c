"""Admin API for guide files: what `wegwijs guides export` writes and `import` reads, as JSON,
so clients (the SDK's push and pull) need no server code.

Any role in the app may export; importing needs the admin or author role.
"""

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from wegwijs.content.schemas import Strict
from wegwijs.deps import AppAuthor, AppMember, SessionDep
from wegwijs.errors import ApiError
from wegwijs.guidefiles.files import InvalidGuide, guide_data, validate_guide
from wegwijs.guidefiles.schema import GuideFile
from wegwijs.guidefiles.sync import GuideImportError, guide_files, import_guide_files

MAX_FILES = 1000

router = APIRouter(prefix="/api/v1/apps/{app_key}/guide-files", tags=["guide files"])


class GuideFilesPublic(BaseModel):
    files: list[GuideFile]
    """In slug order; fields without a value are left out, as in the files."""


class GuideFilesImport(Strict):
    files: list[Any] = Field(min_length=1, max_length=MAX_FILES)
    """Guide files as JSON (the format of `guides/guide.schema.json`), each slug once."""
    publish: bool = False
    """Publish every guide whose draft changed or that is not live."""
    dry_run: bool = False
    """Do the whole import, report it, and roll it back."""


class GuideFilesImported(BaseModel):
    created: list[str]
    changed: list[str]
    unchanged: list[str]
    published: list[str]
    """Slugs, in the order they were created, changed, left alone and published."""
    dry_run: bool


@router.get("", response_model=GuideFilesPublic)
def export_guide_files(access: AppMember, session: SessionDep) -> JSONResponse:
    """Every guide that is not archived, as its file: the data `wegwijs guides export` writes."""
    files = guide_files(session=session, app=access.app)
    return JSONResponse({"files": [guide_data(file) for file in files]})


@router.post("")
def import_files(body: GuideFilesImport, access: AppAuthor, request: Request) -> GuideFilesImported:
    """Create or update guides by slug, all or nothing; a problem is a 422 (or the content
    service's own error) naming the file's index, its slug and the field."""
    files = _validated(body.files)
    try:
        report = import_guide_files(
            engine=request.app.state.engine,
            app_key=access.app.key,
            files=files,
            publish=body.publish,
            dry_run=body.dry_run,
            author=access.principal.account,
        )
    except GuideImportError as exc:
        raise _located(exc) from None
    return GuideFilesImported(**asdict(report), dry_run=body.dry_run)


def _validated(data: list[Any]) -> list[GuideFile]:
    """Every file checked before anything is written, with all problems in one answer."""
    files: list[tuple[int, GuideFile]] = []
    details: list[dict[str, Any]] = []
    for index, item in enumerate(data):
        slug = item.get("slug") if isinstance(item, dict) else None
        slug = slug if isinstance(slug, str) else None
        try:
            files.append((index, validate_guide(item)))
        except InvalidGuide as exc:
            details += [
                _detail(index, slug, list(error.loc), error.message, error.type)
                for error in exc.errors
            ]
    seen: dict[str, int] = {}
    for index, file in files:
        if file.slug in seen:
            message = f"each slug may occur once (also in files.{seen[file.slug]})"
            details.append(_detail(index, file.slug, ["slug"], message, "value_error"))
        seen.setdefault(file.slug, index)
    if details:
        raise ApiError(422, "validation_error", _message(details[0]), details=details)
    return [file for _, file in files]


def _located(exc: GuideImportError) -> ApiError:
    """The service's error for one guide, kept as it is, with the file it came from."""
    error = exc.error
    given = error.details if isinstance(error.details, list) else []
    details = [
        _detail(
            exc.index,
            exc.slug,
            list(detail.get("loc", [])),
            str(detail.get("msg", error.message)),
            str(detail.get("type", error.code)),
        )
        for detail in given
        if isinstance(detail, dict)
    ] or [_detail(exc.index, exc.slug, [], error.message, error.code)]
    message = f"files.{exc.index} ({exc.slug}): {error.message}"
    return ApiError(error.status, error.code, message, details=details, headers=error.headers)


def _detail(index: int, slug: str | None, loc: list[Any], msg: str, kind: str) -> dict[str, Any]:
    """A validation error's detail, located in the request, plus the file's index and slug."""
    if loc[:1] == ["body"]:
        loc = loc[1:]
    return {
        "loc": ["body", "files", index, *loc],
        "msg": msg,
        "type": kind,
        "file": index,
        "slug": slug,
    }


def _message(detail: dict[str, Any]) -> str:
    field = ".".join(str(part) for part in detail["loc"][3:])
    where = f"files.{detail['file']}" + (f" ({detail['slug']})" if detail["slug"] else "")
    return f"{where}: {field}: {detail['msg']}" if field else f"{where}: {detail['msg']}"
