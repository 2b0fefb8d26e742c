"""A guide's version history (who published which version, when, restored from which) and
the differences between two versions, or a version and the draft, from `diff_versions`.

Any member may read both; *Roll back* posts to the editor's rollback route (authors only).
"""

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from wegwijs.admin.deps import AppMemberPage
from wegwijs.admin.pages import ADMIN_PREFIX, Page, render
from wegwijs.content import service as content_service
from wegwijs.content.models import GuideStatus
from wegwijs.content.snapshot import ordered_steps
from wegwijs.deps import AUTHOR_ROLES

router = APIRouter(prefix=ADMIN_PREFIX + "/apps/{app_key}/guides/{guide_id}")

# Field names in a diff, as authors know them from the editor.
FIELD_LABELS = {
    "name": "editor.name",
    "slug": "editor.slug",
    "targeting": "editor.targeting",
    "starts_at": "editor.starts_at",
    "ends_at": "editor.ends_at",
    "frequency": "editor.frequency",
    "priority": "editor.priority",
    "target": "step.target",
    "url_rule": "step.url_rule",
    "sample_url": "step.sample_url",
    "placement": "step.placement",
    "advance_trigger": "step.advance_trigger",
}
SETTINGS_LABELS = {
    "icon": "editor.tip_icon",
    "trigger": "editor.tip_trigger",
    "display": "editor.display",
    "button_label": "editor.button_label",
    "start_walkthrough": "editor.start_walkthrough",
    "items": "editor.items",
}


@router.get("/history", name="admin_guide_history")
def history_page(guide_id: int, page: AppMemberPage) -> Response:
    """`GET …/versions`, newest first, with the compare form and rollback buttons."""
    guide = content_service.get_guide(session=page.db, app=page.app, guide_id=guide_id)
    versions = content_service.list_versions(session=page.db, guide=guide)
    return render(
        page,
        "guides/history.html",
        guide=guide,
        versions=versions,
        can_rollback=page.can(*AUTHOR_ROLES) and guide.status != GuideStatus.archived,
    )


@router.get("/diff", name="admin_guide_diff")
def diff_page(
    guide_id: int,
    page: AppMemberPage,
    before: Annotated[int, Query(alias="from", ge=1)],
    after: Annotated[str, Query(alias="to")] = "draft",
) -> Response:
    """`GET …/diff?from=&to=`: `to` is a version number, or `draft` (the default)."""
    guide = content_service.get_guide(session=page.db, app=page.app, guide_id=guide_id)
    to = int(after) if after.isdigit() else None
    diff = content_service.diff_versions(session=page.db, guide=guide, before=before, after=to)
    titles = {
        step.stable_id: _title(step.content, page.lang)
        for step in ordered_steps(session=page.db, guide=guide)
    }
    return render(
        page,
        "guides/diff.html",
        guide=guide,
        before=before,
        after=to,
        versions=content_service.list_versions(session=page.db, guide=guide),
        guide_changes=[_row(page, change) for change in diff["guide"]],
        step_changes=[
            {
                **change,
                "title": titles.get(change["id"], ""),
                "changes": [_row(page, field) for field in change["changes"]],
            }
            for change in diff["steps"]
        ],
    )


def _title(content: dict[str, Any], lang: str) -> str:
    for locale in (lang, *sorted(content)):
        title = (content.get(locale) or {}).get("title")
        if title:
            return str(title)
    return ""


def _row(page: Page, change: dict[str, Any]) -> dict[str, str]:
    """One changed field: a readable name, and both values as text (escaped by the page)."""
    field = change["field"]
    if field.startswith("content."):
        _, locale, part = field.split(".", 2)
        label = page.t(f"step.{part}") + f" ({locale})"
    elif field in FIELD_LABELS:
        label = page.t(FIELD_LABELS[field])
    elif field.partition(".")[2] in SETTINGS_LABELS:
        label = page.t(SETTINGS_LABELS[field.partition(".")[2]])
    else:
        label = field
    return {"field": label, "before": _shown(change["before"]), "after": _shown(change["after"])}


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True)
