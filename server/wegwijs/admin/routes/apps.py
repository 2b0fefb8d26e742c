"""The apps list (owners create apps there) and an app's home page."""

from typing import Any

from fastapi import APIRouter, Response

from wegwijs.admin.deps import AppMemberPage, SignedInPage
from wegwijs.admin.forms import Form, form_from, lines, validate
from wegwijs.admin.pages import ADMIN_PREFIX, Page, redirect, render, url_path
from wegwijs.apps import service as apps_service
from wegwijs.apps.models import MAX_ORIGINS, AppCreate, check_origin
from wegwijs.auth import service as auth_service
from wegwijs.auth.models import Role
from wegwijs.content import service as content_service
from wegwijs.content.models import GuideStatus
from wegwijs.deps import get_current_owner

router = APIRouter(prefix=ADMIN_PREFIX + "/apps")

LOCALE_SUGGESTIONS = ("nl", "en", "nl-BE", "en-GB", "de", "fr")
APP_FIELDS = ("name", "allowed_origins", "default_locale")
APP_MESSAGES = {"allowed_origins": "error.origin", "default_locale": "error.locale"}


@router.get("", name="admin_apps")
def apps_page(page: SignedInPage) -> Response:
    return _apps(page, Form(values={"default_locale": "nl"}))


@router.post("")
def create_app(page: SignedInPage) -> Response:
    assert page.account is not None and page.form_data is not None
    get_current_owner(page.account)  # 403 for everyone else, as in the JSON API
    form = form_from(page.form_data.multi_items(), APP_FIELDS)
    origins = lines(form.value("allowed_origins"))
    data: dict[str, Any] = {"name": form.value("name").strip(), "allowed_origins": origins}
    if locale := form.value("default_locale").strip():  # empty: the model's default
        data["default_locale"] = locale
    app_in = validate(AppCreate, data, form, page.lang, messages=APP_MESSAGES)
    if form.error("allowed_origins"):
        form.errors["allowed_origins"] = origin_problem(page, origins)
    if app_in is None:
        return _apps(page, form, status_code=422)
    app = apps_service.register_app(session=page.db, app_in=app_in)
    target = url_path(page.request, "admin_settings", app_key=app.key)
    return redirect(target, flash="flash.app_created", name=app.name)


def origin_problem(page: Page, origins: list[str]) -> str:
    """Which line is wrong, checked by the validator the API uses."""
    if len(origins) > MAX_ORIGINS:
        return page.t("error.too_many_origins", max=MAX_ORIGINS)
    for origin in origins:
        try:
            check_origin(origin)
        except ValueError:
            return page.t("error.origin_value", value=origin)
    return page.t("error.origin")


def _apps(page: Page, form: Form, *, status_code: int = 200) -> Response:
    assert page.account is not None
    roles = {
        app.id: membership.role
        for membership, app in auth_service.memberships_of(session=page.db, account=page.account)
    }
    apps = apps_service.apps_for(session=page.db, account=page.account)
    listed = [(app, Role.admin if page.account.is_owner else roles[app.id]) for app in apps]
    return render(
        page,
        "apps.html",
        listed=listed,
        form=form,
        locales=LOCALE_SUGGESTIONS,
        status_code=status_code,
    )


@router.get("/{app_key}", name="admin_app_home")
def app_home(page: AppMemberPage) -> Response:
    """The app's start page: a placeholder for the dashboards, with the way to everything."""
    counts = []
    for status in GuideStatus:
        _, count = content_service.list_guides(
            session=page.db, app=page.app, page=1, per_page=1, status=status
        )
        counts.append((status.value, count))
    return render(page, "app_home.html", counts=counts)
