"""Admin API for guides of every kind, their steps, publishing and version history.

Any role in the app may read; changing content needs the admin or author role.
"""

from http import HTTPStatus
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from wegwijs.content import service
from wegwijs.content.models import GuideKind, GuideStatus
from wegwijs.content.schemas import (
    GuideCreate,
    GuidePublic,
    GuidesPublic,
    GuideUpdate,
    Rollback,
    StepIn,
    StepOrder,
    StepPublic,
    StepUpdate,
    VersionsPublic,
)
from wegwijs.content.snapshot import draft_snapshot
from wegwijs.deps import AppAuthor, AppMember, SessionDep

router = APIRouter(prefix="/api/v1/apps/{app_key}/guides", tags=["content"])


@router.get("")
def list_guides(
    access: AppMember,
    session: SessionDep,
    page: Annotated[int, Query(ge=1)] = 1,
    per_page: Annotated[int, Query(ge=1, le=100)] = 20,
    kind: GuideKind | None = None,
    status: GuideStatus | None = None,
    q: Annotated[str | None, Query(max_length=200, description="Part of the name")] = None,
) -> GuidesPublic:
    guides, count = service.list_guides(
        session=session,
        app=access.app,
        page=page,
        per_page=per_page,
        kind=kind,
        status=status,
        q=q,
    )
    data = service.describe_guides(session=session, guides=guides)
    return GuidesPublic(data=data, count=count, page=page, per_page=per_page)


@router.post("", status_code=HTTPStatus.CREATED)
def create_guide(body: GuideCreate, access: AppAuthor, session: SessionDep) -> GuidePublic:
    guide = service.create_guide(
        session=session, app=access.app, guide_in=body, author=access.principal.account
    )
    return service.describe_guide(session=session, guide=guide)


@router.get("/{guide_id}")
def read_guide(guide_id: int, access: AppMember, session: SessionDep) -> GuidePublic:
    guide = service.get_guide(session=session, app=access.app, guide_id=guide_id)
    return service.describe_guide(session=session, guide=guide)


@router.patch("/{guide_id}")
def update_guide(
    guide_id: int, body: GuideUpdate, access: AppAuthor, session: SessionDep
) -> GuidePublic:
    guide = service.get_guide(session=session, app=access.app, guide_id=guide_id)
    guide = service.update_guide(session=session, app=access.app, guide=guide, guide_in=body)
    return service.describe_guide(session=session, guide=guide)


@router.delete("/{guide_id}", status_code=HTTPStatus.NO_CONTENT)
def delete_guide(guide_id: int, access: AppAuthor, session: SessionDep) -> Response:
    guide = service.get_guide(session=session, app=access.app, guide_id=guide_id)
    service.delete_guide(session=session, app=access.app, guide=guide)
    return Response(status_code=HTTPStatus.NO_CONTENT)


@router.get("/{guide_id}/preview")
def preview_guide(guide_id: int, access: AppMember, session: SessionDep) -> dict[str, Any]:
    """The draft as visitors would get it if it were published now."""
    guide = service.get_guide(session=session, app=access.app, guide_id=guide_id)
    return draft_snapshot(session=session, guide=guide)


# -- steps ------------------------------------------------------------------------------------


@router.post("/{guide_id}/steps", status_code=HTTPStatus.CREATED)
def add_step(guide_id: int, body: StepIn, access: AppAuthor, session: SessionDep) -> StepPublic:
    guide = service.get_guide(session=session, app=access.app, guide_id=guide_id)
    return service.step_public(service.add_step(session=session, guide=guide, step_in=body))


@router.put("/{guide_id}/steps/order")
def reorder_steps(
    guide_id: int, body: StepOrder, access: AppAuthor, session: SessionDep
) -> GuidePublic:
    guide = service.get_guide(session=session, app=access.app, guide_id=guide_id)
    service.reorder_steps(session=session, guide=guide, step_ids=body.step_ids)
    return service.describe_guide(session=session, guide=guide)


@router.patch("/{guide_id}/steps/{step_id}")
def update_step(
    guide_id: int, step_id: str, body: StepUpdate, access: AppAuthor, session: SessionDep
) -> StepPublic:
    guide = service.get_guide(session=session, app=access.app, guide_id=guide_id)
    step = service.get_step(session=session, guide=guide, step_id=step_id)
    step = service.update_step(session=session, guide=guide, step=step, step_in=body)
    return service.step_public(step)


@router.delete("/{guide_id}/steps/{step_id}", status_code=HTTPStatus.NO_CONTENT)
def remove_step(guide_id: int, step_id: str, access: AppAuthor, session: SessionDep) -> Response:
    guide = service.get_guide(session=session, app=access.app, guide_id=guide_id)
    step = service.get_step(session=session, guide=guide, step_id=step_id)
    service.remove_step(session=session, guide=guide, step=step)
    return Response(status_code=HTTPStatus.NO_CONTENT)


# -- publishing -------------------------------------------------------------------------------


@router.post("/{guide_id}/publish")
def publish_guide(guide_id: int, access: AppAuthor, session: SessionDep) -> GuidePublic:
    guide = service.get_guide(session=session, app=access.app, guide_id=guide_id)
    service.publish_guide(
        session=session, app=access.app, guide=guide, author=access.principal.account
    )
    return service.describe_guide(session=session, guide=guide)


@router.post("/{guide_id}/rollback")
def rollback_guide(
    guide_id: int, body: Rollback, access: AppAuthor, session: SessionDep
) -> GuidePublic:
    guide = service.get_guide(session=session, app=access.app, guide_id=guide_id)
    service.rollback_guide(
        session=session,
        app=access.app,
        guide=guide,
        number=body.version,
        author=access.principal.account,
    )
    return service.describe_guide(session=session, guide=guide)


@router.post("/{guide_id}/unpublish")
def unpublish_guide(guide_id: int, access: AppAuthor, session: SessionDep) -> GuidePublic:
    guide = service.get_guide(session=session, app=access.app, guide_id=guide_id)
    guide = service.unpublish_guide(session=session, app=access.app, guide=guide)
    return service.describe_guide(session=session, guide=guide)


@router.post("/{guide_id}/archive")
def archive_guide(guide_id: int, access: AppAuthor, session: SessionDep) -> GuidePublic:
    guide = service.get_guide(session=session, app=access.app, guide_id=guide_id)
    guide = service.archive_guide(session=session, app=access.app, guide=guide)
    return service.describe_guide(session=session, guide=guide)


@router.post("/{guide_id}/restore")
def restore_guide(guide_id: int, access: AppAuthor, session: SessionDep) -> GuidePublic:
    guide = service.get_guide(session=session, app=access.app, guide_id=guide_id)
    guide = service.restore_guide(session=session, guide=guide)
    return service.describe_guide(session=session, guide=guide)


@router.get("/{guide_id}/versions")
def list_versions(guide_id: int, access: AppMember, session: SessionDep) -> VersionsPublic:
    guide = service.get_guide(session=session, app=access.app, guide_id=guide_id)
    versions = service.list_versions(session=session, guide=guide)
    return VersionsPublic(data=versions, count=len(versions))


@router.get("/{guide_id}/versions/{number}")
def read_version(
    guide_id: int, number: int, access: AppMember, session: SessionDep
) -> dict[str, Any]:
    """The version's snapshot as stored, including the draft it was built from."""
    guide = service.get_guide(session=session, app=access.app, guide_id=guide_id)
    return service.get_version(session=session, guide=guide, number=number).snapshot


@router.get("/{guide_id}/diff")
def diff_versions(
    guide_id: int,
    access: AppMember,
    session: SessionDep,
    before: Annotated[int, Query(alias="from", ge=1)],
    after: Annotated[int | None, Query(alias="to", ge=1)] = None,
) -> dict[str, Any]:
    """What changed from version `from` to version `to` (the current draft when left out)."""
    guide = service.get_guide(session=session, app=access.app, guide_id=guide_id)
    return service.diff_versions(session=session, guide=guide, before=before, after=after)
