"""The app's guides: the list (filter by kind and status, search by name, pages), creating a
guide of any kind, recording a walkthrough in the host app, and the Markdown preview the
editor's script asks for.

The editor of one guide is `guide_editor.py`; the route name `admin_guides` is what the
app navigation and the overview link to.
"""

from math import ceil
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Response
from fastapi.responses import JSONResponse

from wegwijs.admin.deps import AppAuthorPage, AppMemberPage
from wegwijs.admin.forms import Form, form_from, validate
from wegwijs.admin.pages import ADMIN_PREFIX, Page, redirect, render, url_path
from wegwijs.content import service as content_service
from wegwijs.content.models import GuideKind, GuideStatus
from wegwijs.content.rendering import render_markdown
from wegwijs.content.schemas import BODY_LENGTH, GuideCreate
from wegwijs.deps import AUTHOR_ROLES

router = APIRouter(prefix=ADMIN_PREFIX + "/apps/{app_key}/guides")
GUIDES_PER_PAGE = 20
SEARCH_LENGTH = 200


def kind_options(page: Page) -> list[tuple[str, str]]:
    return [(kind.value, page.t(f"kind.{kind.value}")) for kind in GuideKind]


def host_context(page: Page) -> dict[str, Any]:
    """What the *Preview in app* and *Record* buttons need: where the host app runs (the
    app's first allowed origin until the author types another address, which the script
    remembers per app) and the origins a host window may answer from."""
    origins = page.app.allowed_origins
    return {
        "host_url": origins[0] if origins else "",
        "allowed_origins": " ".join(origins),
        "origins_text": ", ".join(origins),
        "api_root": page.request.scope.get("root_path", ""),
    }


def _choice(value: str | None, enum: type[GuideKind] | type[GuideStatus]) -> Any:
    """A filter from the address: unknown values are ignored, not an error page."""
    try:
        return enum(value) if value else None
    except ValueError:
        return None


def _list(
    page: Page,
    *,
    form: Form,
    number: int = 1,
    kind: GuideKind | None = None,
    status: GuideStatus | None = None,
    q: str = "",
    status_code: int = 200,
) -> Response:
    guides, count = content_service.list_guides(
        session=page.db,
        app=page.app,
        page=number,
        per_page=GUIDES_PER_PAGE,
        kind=kind,
        status=status,
        q=q or None,
    )
    filters = {
        name: value for name, value in (("kind", kind), ("status", status), ("q", q)) if value
    }
    pages = max(1, ceil(count / GUIDES_PER_PAGE))

    def page_link(target: int) -> str:
        return "?" + urlencode({**filters, "page": target})

    return render(
        page,
        "guides/list.html",
        guides=content_service.describe_guides(session=page.db, guides=guides),
        count=count,
        number=number,
        pages=pages,
        previous_link=page_link(number - 1) if number > 1 else None,
        next_link=page_link(number + 1) if number < pages else None,
        filters=filters,
        kinds=kind_options(page),
        statuses=[(status.value, page.t(f"status.{status.value}")) for status in GuideStatus],
        form=form,
        can_edit=page.can(*AUTHOR_ROLES),
        status_code=status_code,
        **host_context(page),
    )


@router.get("", name="admin_guides")
def guides_page(
    page: AppMemberPage,
    number: Annotated[int, Query(alias="page", ge=1)] = 1,
    kind: str | None = None,
    status: str | None = None,
    q: str | None = None,
) -> Response:
    """The same listing as `GET /api/v1/apps/{key}/guides`, most recently changed first."""
    return _list(
        page,
        form=Form(values={"kind": GuideKind.walkthrough.value}),
        number=number,
        kind=_choice(kind, GuideKind),
        status=_choice(status, GuideStatus),
        q=(q or "").strip()[:SEARCH_LENGTH],
    )


@router.post("")
def create_guide(page: AppAuthorPage) -> Response:
    """A new draft of any kind, validated by `GuideCreate` like `POST /api/v1/apps/{key}/guides`;
    the editor opens next."""
    assert page.form_data is not None
    form = form_from(page.form_data.multi_items(), ("name", "kind"))
    guide_in = validate(
        GuideCreate,
        {"name": form.value("name").strip(), "kind": form.value("kind")},
        form,
        page.lang,
        messages={"name": "error.required"},
    )
    if guide_in is None:
        return _list(page, form=form, status_code=422)
    guide = content_service.create_guide(
        session=page.db, app=page.app, guide_in=guide_in, author=page.account
    )
    target = url_path(page.request, "admin_guide", app_key=page.app.key, guide_id=guide.id)
    return redirect(target, flash="flash.guide_created", name=guide.name)


@router.post("/markdown-preview", name="admin_markdown_preview")
def markdown_preview(page: AppAuthorPage) -> Response:
    """A step body rendered and sanitised exactly as visitors will get it (`rendering`), for
    the editor's live preview: the script inserts this HTML and nothing else."""
    body = page.field("body", strip=False)[:BODY_LENGTH]
    return JSONResponse({"html": render_markdown(body)})
