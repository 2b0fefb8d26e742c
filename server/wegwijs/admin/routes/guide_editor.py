"""The editor of one guide, for every kind: name, slug, targeting with its plain-language
summary, schedule, frequency, priority and the kind's settings; steps (add, edit, move,
reorder, delete); publish, unpublish, archive, restore, delete; *Preview in app*.

Every change goes through the content service functions the JSON API routes call, with
the API's own models (`GuideUpdate`, `StepIn`, `StepUpdate`). Any member may read the
editor; only admins and authors see forms and may post them (403 otherwise).
"""

import re
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse

from wegwijs.admin.deps import AppAuthorPage, AppMemberPage
from wegwijs.admin.forms import Form
from wegwijs.admin.guide_forms import (
    OPERATORS,
    audience_row_count,
    editor_locales,
    guide_form,
    item_row_count,
    posted_guide_form,
    posted_step_form,
    read_guide_form,
    read_step_form,
    step_form,
    step_prefix,
)
from wegwijs.admin.pages import ADMIN_PREFIX, Page, redirect, render, url_path
from wegwijs.admin.routes.guides import host_context
from wegwijs.content import service as content_service
from wegwijs.content.models import (
    AdvanceTrigger,
    Frequency,
    Guide,
    GuideKind,
    GuideStatus,
    Placement,
    Step,
)
from wegwijs.content.rendering import render_markdown
from wegwijs.content.schemas import MAX_STEPS, StepIn
from wegwijs.content.snapshot import ordered_steps
from wegwijs.content.summary import targeting_summary
from wegwijs.delivery.preview import issue_preview_token
from wegwijs.deps import AUTHOR_ROLES
from wegwijs.errors import ApiError

router = APIRouter(prefix=ADMIN_PREFIX + "/apps/{app_key}/guides/{guide_id}")
WALKTHROUGHS_SHOWN = 500
"""Walkthroughs offered by the checklist and announcement pickers."""
LOCALE_NAMES = {"nl": "locale.nl", "en": "locale.en"}


def editor_path(page: Page, guide: Guide, step_id: str | None = None) -> str:
    path = url_path(page.request, "admin_guide", app_key=page.app.key, guide_id=guide.id)
    return f"{path}?step={step_id}#step-{step_id}" if step_id else path


def _options(page: Page, prefix: str, values: Any) -> list[tuple[str, str]]:
    return [(str(value), page.t(f"{prefix}.{value}")) for value in values]


def _walkthroughs(page: Page, guide: Guide) -> list[tuple[str, str]]:
    """(slug, name) of the app's other walkthroughs, for the settings pickers."""
    found, _ = content_service.list_guides(
        session=page.db,
        app=page.app,
        page=1,
        per_page=WALKTHROUGHS_SHOWN,
        kind=GuideKind.walkthrough,
    )
    return sorted(
        ((other.slug, other.name) for other in found if other.id != guide.id),
        key=lambda pair: pair[1].lower(),
    )


def _editor(
    page: Page,
    guide: Guide,
    *,
    form: Form | None = None,
    step_forms: dict[str, Form] | None = None,
    problems: list[str] | None = None,
    problems_title: str = "publish.problems",
    open_step: str | None = None,
    status_code: int = 200,
) -> Response:
    """The editor page; `form` and `step_forms` replace the stored values of the forms that
    were posted with errors, so nothing typed is lost."""
    steps = ordered_steps(session=page.db, guide=guide)
    locales = editor_locales(page.app.default_locale, steps)
    forms = {step.stable_id: step_form(step, locales) for step in steps}
    forms.update(step_forms or {})
    form = form or guide_form(guide, page.app.timezone)
    public = content_service.describe_guide(session=page.db, guide=guide)
    can_author = page.can(*AUTHOR_ROLES)
    walkthroughs = _walkthroughs(page, guide) if guide.kind != GuideKind.walkthrough else []
    return render(
        page,
        "guides/editor.html",
        guide=guide,
        public=public,
        form=form,
        summary=targeting_summary(
            targeting=guide.targeting,
            frequency=guide.frequency,
            starts_at=guide.starts_at,
            ends_at=guide.ends_at,
            timezone=page.app.timezone,
            locale=page.lang,
        ),
        audience_rows=audience_row_count(form),
        item_rows=item_row_count(form),
        walkthroughs=walkthroughs,
        walkthrough_slugs={slug for slug, _ in walkthroughs},
        start_options=_start_options(page, form, walkthroughs),
        steps=[_step_view(step, forms[step.stable_id], locales) for step in steps],
        locales=[(locale, page.t(LOCALE_NAMES.get(locale, "locale.other"), code=locale))
                 for locale in locales],
        can_author=can_author,
        can_edit=can_author and guide.status != GuideStatus.archived,
        can_add_step=(guide.kind == GuideKind.walkthrough and len(steps) < MAX_STEPS)
        or not steps,
        problems=problems or [],
        problems_title=page.t(problems_title),
        open_step=open_step or page.request.query_params.get("step"),
        frequencies=_options(page, "frequency", Frequency),
        placements=_options(page, "placement", Placement),
        triggers=_options(page, "trigger", AdvanceTrigger),
        operators=_options(page, "op", OPERATORS),
        tip_icons=_options(page, "tip_icon", ("beacon", "info")),
        tip_triggers=_options(page, "tip_trigger", ("hover", "click", "focus")),
        displays=_options(page, "display", ("banner", "modal", "anchored")),
        status_code=status_code,
        **host_context(page),
    )  # fmt: skip


def _start_options(
    page: Page, form: Form, walkthroughs: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    """The announcement's *start a walkthrough* choices; a slug no walkthrough has (any
    more) stays listed, marked, so saving does not drop it unnoticed."""
    chosen = form.value("settings_start_walkthrough")
    options = [("", page.t("editor.no_walkthrough"))]
    options += [(slug, f"{name} ({slug})") for slug, name in walkthroughs]
    if chosen and chosen not in {slug for slug, _ in walkthroughs}:
        options.append((chosen, page.t("editor.missing_item", slug=chosen)))
    return options


def _step_view(step: Step, form: Form, locales: list[str]) -> dict[str, Any]:
    prefix = step_prefix(step)
    return {
        "step": step,
        "form": form,
        "prefix": prefix,
        "title": next(
            (form.value(f"{prefix}title_{locale}") for locale in locales
             if form.value(f"{prefix}title_{locale}").strip()),
            "",
        ),
        # The preview as visitors will get it: rendered and sanitised by the server only.
        "previews": {
            locale: render_markdown(form.value(f"{prefix}body_{locale}")) for locale in locales
        },
    }  # fmt: skip


def _guide(page: Page, guide_id: int) -> Guide:
    return content_service.get_guide(session=page.db, app=page.app, guide_id=guide_id)


def _step(page: Page, guide: Guide, step_id: str) -> Step:
    return content_service.get_step(session=page.db, guide=guide, step_id=step_id)


# -- the guide --------------------------------------------------------------------------------


@router.get("", name="admin_guide")
def editor_page(guide_id: int, page: AppMemberPage) -> Response:
    return _editor(page, _guide(page, guide_id))


@router.post("")
def save_guide(guide_id: int, page: AppAuthorPage) -> Response:
    """Validated by `GuideUpdate` and saved by `update_guide`, as `PATCH …/guides/{id}`."""
    assert page.form_data is not None
    guide = _guide(page, guide_id)
    form = posted_guide_form(page.form_data.multi_items())
    guide_in = read_guide_form(form, guide.kind, page.lang)
    if guide_in is None:
        return _editor(page, guide, form=form, status_code=422)
    try:
        content_service.update_guide(session=page.db, app=page.app, guide=guide, guide_in=guide_in)
    except ApiError as exc:
        if exc.code == "slug_taken":
            form.add_error("slug", page.t("editor.error.slug_taken"))
        elif exc.code == "validation_error" and "ends_at" in exc.message:
            form.add_error("ends_at", page.t("editor.error.ends_before_start"))
        else:
            raise
        page.db.refresh(guide)
        return _editor(page, guide, form=form, status_code=422)
    return redirect(editor_path(page, guide), flash="flash.guide_saved")


# -- steps ------------------------------------------------------------------------------------


@router.post("/steps", name="admin_step_add")
def add_step(guide_id: int, page: AppAuthorPage) -> Response:
    """An empty step at the end (`POST …/steps` with nothing but defaults)."""
    guide = _guide(page, guide_id)
    step = content_service.add_step(session=page.db, guide=guide, step_in=StepIn())
    return redirect(editor_path(page, guide, step.stable_id), flash="flash.step_added")


@router.post("/steps/order", name="admin_steps_order")
def reorder_steps(guide_id: int, page: AppAuthorPage) -> Response:
    """The new order of every step (`PUT …/steps/order`). The editor's script posts it after
    a drag or Alt+arrow and asks for JSON; a plain form gets the editor again."""
    assert page.form_data is not None
    guide = _guide(page, guide_id)
    step_ids = [value for value in page.form_data.getlist("step_ids") if isinstance(value, str)]
    content_service.reorder_steps(session=page.db, guide=guide, step_ids=step_ids)
    if "application/json" in page.request.headers.get("accept", ""):
        return JSONResponse({"step_ids": step_ids})
    return redirect(editor_path(page, guide), flash="flash.steps_reordered")


@router.post("/steps/{step_id}", name="admin_step")
def save_step(guide_id: int, step_id: str, page: AppAuthorPage) -> Response:
    """Validated by `StepUpdate` and saved by `update_step`, as `PATCH …/steps/{id}`."""
    assert page.form_data is not None
    guide = _guide(page, guide_id)
    step = _step(page, guide, step_id)
    locales = editor_locales(page.app.default_locale, ordered_steps(session=page.db, guide=guide))
    form = posted_step_form(page.form_data.multi_items(), step, locales)
    step_in = read_step_form(form, step, locales, page.lang)
    if step_in is None:
        return _editor(page, guide, step_forms={step_id: form}, open_step=step_id, status_code=422)
    content_service.update_step(session=page.db, guide=guide, step=step, step_in=step_in)
    return redirect(editor_path(page, guide, step_id), flash="flash.step_saved")


@router.post("/steps/{step_id}/move", name="admin_step_move")
def move_step(guide_id: int, step_id: str, page: AppAuthorPage) -> Response:
    """Move up or down by one: the keyboard's (and no-script) way to reorder."""
    guide = _guide(page, guide_id)
    order = [step.stable_id for step in ordered_steps(session=page.db, guide=guide)]
    _step(page, guide, step_id)
    at = order.index(step_id)
    to = at - 1 if page.field("direction") == "up" else at + 1
    if 0 <= to < len(order):
        order[at], order[to] = order[to], order[at]
        content_service.reorder_steps(session=page.db, guide=guide, step_ids=order)
    position = str(order.index(step_id) + 1)
    return redirect(
        editor_path(page, guide, step_id),
        flash="flash.step_moved",
        position=position,
        count=str(len(order)),
    )


@router.post("/steps/{step_id}/delete", name="admin_step_delete")
def delete_step(guide_id: int, step_id: str, page: AppAuthorPage) -> Response:
    guide = _guide(page, guide_id)
    step = _step(page, guide, step_id)
    content_service.remove_step(session=page.db, guide=guide, step=step)
    return redirect(editor_path(page, guide) + "#steps", flash="flash.step_deleted")


# -- publishing -------------------------------------------------------------------------------


@router.post("/publish", name="admin_guide_publish")
def publish(guide_id: int, page: AppAuthorPage) -> Response:
    guide = _guide(page, guide_id)
    try:
        version = content_service.publish_guide(
            session=page.db, app=page.app, guide=guide, author=page.account
        )
    except ApiError as exc:
        if exc.code != "cannot_publish":
            raise
        page.db.refresh(guide)
        return _editor(page, guide, problems=publish_problems(page, exc), status_code=422)
    return redirect(editor_path(page, guide), flash="flash.published", number=str(version.number))


@router.post("/rollback", name="admin_guide_rollback")
def rollback(guide_id: int, page: AppAuthorPage) -> Response:
    """Publish an earlier version's content again, as a new version (`POST …/rollback`)."""
    guide = _guide(page, guide_id)
    number = page.field("version")
    if not number.isdigit():
        raise ApiError(422, "validation_error", "version: a version number")
    try:
        version = content_service.rollback_guide(
            session=page.db, app=page.app, guide=guide, number=int(number), author=page.account
        )
    except ApiError as exc:
        if exc.code != "cannot_publish":
            raise
        page.db.rollback()
        page.db.refresh(guide)
        return _editor(page, guide, problems=publish_problems(page, exc), status_code=422)
    return redirect(
        editor_path(page, guide),
        flash="flash.rolled_back",
        number=str(version.number),
        restored=number,
    )


@router.post("/unpublish", name="admin_guide_unpublish")
def unpublish(guide_id: int, page: AppAuthorPage) -> Response:
    guide = _guide(page, guide_id)
    content_service.unpublish_guide(session=page.db, app=page.app, guide=guide)
    return redirect(editor_path(page, guide), flash="flash.unpublished")


@router.post("/archive", name="admin_guide_archive")
def archive(guide_id: int, page: AppAuthorPage) -> Response:
    guide = _guide(page, guide_id)
    content_service.archive_guide(session=page.db, app=page.app, guide=guide)
    return redirect(editor_path(page, guide), flash="flash.archived")


@router.post("/restore", name="admin_guide_restore")
def restore(guide_id: int, page: AppAuthorPage) -> Response:
    guide = _guide(page, guide_id)
    content_service.restore_guide(session=page.db, guide=guide)
    return redirect(editor_path(page, guide), flash="flash.restored")


@router.post("/delete", name="admin_guide_delete")
def delete(guide_id: int, page: AppAuthorPage) -> Response:
    guide = _guide(page, guide_id)
    name = guide.name
    content_service.delete_guide(session=page.db, app=page.app, guide=guide)
    target = url_path(page.request, "admin_guides", app_key=page.app.key)
    return redirect(target, flash="flash.guide_deleted", name=name)


# Why a guide cannot be published, in the author's language; other reasons as the API says.
PROBLEMS = (
    (re.compile(r"^a walkthrough needs"), "publish.needs_steps"),
    (re.compile(r"needs exactly one step"), "publish.needs_one_step"),
    (re.compile(r"is anchored"), "publish.needs_target"),
    (re.compile(r"needs a title"), "publish.needs_title"),
    (re.compile(r"^a checklist needs"), "publish.needs_items"),
    (re.compile(r"^no walkthrough with the slug '(?P<slug>[^']*)'"), "publish.missing_walkthrough"),
)


def publish_problems(page: Page, exc: ApiError) -> list[str]:
    problems = []
    for detail in exc.details or []:
        message = str(detail.get("msg", ""))
        for pattern, key in PROBLEMS:
            if found := pattern.search(message):
                problems.append(page.t(key, **found.groupdict()))
                break
        else:
            problems.append(message)
    return problems


# -- preview in the host app ------------------------------------------------------------------


@router.post("/preview", name="admin_guide_preview")
def preview_in_app(guide_id: int, page: AppAuthorPage) -> Response:
    """Without script: a preview token for this guide (the function behind `POST
    …/preview-token`) and a link that opens the host app with it. The script does the same
    through the JSON API and opens the window itself."""
    guide = _guide(page, guide_id)
    host_url = page.field("host_url")
    if not _on_allowed_origin(host_url, page.app.allowed_origins):
        form = guide_form(guide, page.app.timezone)
        problems = [page.t("preview.bad_host", origins=", ".join(page.app.allowed_origins))]
        return _editor(
            page,
            guide,
            form=form,
            problems=problems,
            problems_title="preview.problem",
            status_code=422,
        )
    assert page.app.id is not None and page.account is not None and page.account.id is not None
    token, _ = issue_preview_token(
        secret_key=page.request.app.state.secret_key,
        app_id=page.app.id,
        account_id=page.account.id,
        guide_id=guide.id,
    )
    return render(
        page,
        "guides/preview.html",
        guide=guide,
        preview_url=with_preview_token(host_url, token),
        editor_url=editor_path(page, guide),
    )


def _on_allowed_origin(url: str, origins: list[str]) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme and parts.netloc) and f"{parts.scheme}://{parts.netloc}" in origins


def with_preview_token(url: str, token: str) -> str:
    """The host URL with `wegwijs_preview=` in its fragment (never sent to the host's server;
    the widget takes it out of the address bar). A hash route keeps its own path."""
    base, hash_mark, fragment = url.partition("#")
    if not hash_mark:
        return f"{base}#wegwijs_preview={token}"
    joiner = "&" if "?" in fragment else "?"
    return f"{base}#{fragment}{joiner}wegwijs_preview={token}"
