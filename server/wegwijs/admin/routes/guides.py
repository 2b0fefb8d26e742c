"""The app's guides: a read-only list (name, kind, status, last change) for now.

The guide editor replaces this module; keep the route name `admin_guides`, which the app
navigation and the overview link to.
"""

from math import ceil
from typing import Annotated

from fastapi import APIRouter, Query, Response

from wegwijs.admin.deps import AppMemberPage
from wegwijs.admin.pages import ADMIN_PREFIX, render
from wegwijs.content import service as content_service

router = APIRouter(prefix=ADMIN_PREFIX + "/apps/{app_key}/guides")
GUIDES_PER_PAGE = 20


@router.get("", name="admin_guides")
def guides_page(
    page: AppMemberPage, number: Annotated[int, Query(alias="page", ge=1)] = 1
) -> Response:
    """The same listing as `GET /api/v1/apps/{key}/guides`, most recently changed first."""
    guides, count = content_service.list_guides(
        session=page.db, app=page.app, page=number, per_page=GUIDES_PER_PAGE
    )
    pages = max(1, ceil(count / GUIDES_PER_PAGE))
    return render(page, "guides.html", guides=guides, count=count, number=number, pages=pages)
