"""App settings: general settings and theme (one form), identity verification with secret
rotation, the script-tag snippets and the install check. Admins only."""

from functools import cache
from typing import Any
from zoneinfo import available_timezones

from fastapi import APIRouter, Response

from wegwijs.admin.deps import AppAdminPage
from wegwijs.admin.forms import Form, form_from, lines, optional_int, validate
from wegwijs.admin.pages import ADMIN_PREFIX, Page, redirect, render, url_path
from wegwijs.admin.routes.apps import LOCALE_SUGGESTIONS, origin_problem
from wegwijs.apps import service as apps_service
from wegwijs.apps.models import FONT_FAMILY, HEX_COLOUR, App, AppUpdate
from wegwijs.deps import get_settings
from wegwijs.errors import ApiError

router = APIRouter(prefix=ADMIN_PREFIX + "/apps/{app_key}/settings")

THEME_TEXT = ("primary", "text", "background", "font_family")
THEME_NUMBERS = {"radius": (0, 24), "z_index": (0, 2_147_483_647)}
FIELDS = (
    "name",
    "allowed_origins",
    "default_locale",
    "timezone",
    "consent_required",
    "url_param_denylist",
    *(f"theme_{name}" for name in (*THEME_TEXT, *THEME_NUMBERS)),
)
# A pattern or validator error on these fields is explained in the field's own words.
MESSAGES = {
    "allowed_origins": "error.origin",
    "default_locale": "error.locale",
    "timezone": "error.timezone",
    "theme_primary": "error.colour",
    "theme_text": "error.colour",
    "theme_background": "error.colour",
    "theme_font_family": "error.font",
    "url_param_denylist": "error.invalid",
}


@cache
def timezones() -> list[str]:
    return sorted(zone for zone in available_timezones() if "/" in zone or zone == "UTC")


def settings_form(app: App) -> Form:
    """The form as the app is now."""
    values = {
        "name": app.name,
        "allowed_origins": "\n".join(app.allowed_origins),
        "default_locale": app.default_locale,
        "timezone": app.timezone,
        "url_param_denylist": ", ".join(app.url_param_denylist),
    }
    if app.consent_required:
        values["consent_required"] = "on"
    for name, value in app.theme.items():
        values[f"theme_{name}"] = str(value)
    return Form(values=values)


def _field_for(loc: tuple[Any, ...]) -> str:
    if loc and loc[0] == "theme" and len(loc) > 1:
        return f"theme_{loc[1]}"
    return str(loc[0]) if loc else ""


def _settings(page: Page, form: Form, *, status_code: int = 200, **context: Any) -> Response:
    settings = get_settings(page.request)
    return render(
        page,
        "settings.html",
        form=form,
        locales=LOCALE_SUGGESTIONS,
        timezones=timezones(),
        colour_pattern=HEX_COLOUR,
        font_pattern=FONT_FAMILY,
        snippet_data=apps_service.snippet(app=page.app, public_url=settings.public_url),
        snippet_stub=apps_service.stub_snippet(app=page.app, public_url=settings.public_url),
        new_secret=context.pop("new_secret", None),
        identity_error=context.pop("identity_error", None),
        status_code=status_code,
        **context,
    )


@router.get("", name="admin_settings")
def settings_page(page: AppAdminPage) -> Response:
    return _settings(page, settings_form(page.app))


@router.post("")
def save_settings(page: AppAdminPage) -> Response:
    """Validated by `AppUpdate`, the model the JSON API's PATCH takes."""
    assert page.form_data is not None
    form = form_from(page.form_data.multi_items(), FIELDS)
    theme: dict[str, Any] = {}
    for name in THEME_TEXT:
        if value := form.value(f"theme_{name}").strip():
            theme[name] = value
    for name in THEME_NUMBERS:
        number = optional_int(form, f"theme_{name}", page.lang)
        if number is not None:
            theme[name] = number
    origins = lines(form.value("allowed_origins"))
    data = {
        "name": form.value("name").strip(),
        "allowed_origins": origins,
        "default_locale": form.value("default_locale").strip(),
        "timezone": form.value("timezone").strip(),
        "consent_required": form.checked("consent_required"),
        "url_param_denylist": lines(form.value("url_param_denylist")),
        "theme": theme,
    }
    app_in = validate(
        AppUpdate,
        data,
        form,
        page.lang,
        fields=_field_for,
        messages=MESSAGES,
        ranges={f"theme_{name}": bounds for name, bounds in THEME_NUMBERS.items()},
    )
    if form.error("allowed_origins"):
        form.errors["allowed_origins"] = origin_problem(page, origins)
    if app_in is None or not form.ok:
        return _settings(page, form, status_code=422)
    apps_service.update_app(session=page.db, app=page.app, app_in=app_in)
    return redirect(_here(page), flash="flash.settings_saved")


def _here(page: Page, anchor: str = "") -> str:
    return url_path(page.request, "admin_settings", app_key=page.app.key) + anchor


# -- identity verification ----------------------------------------------------------------------


@router.post("/identity", name="admin_identity")
def switch_identity_verification(page: AppAdminPage) -> Response:
    enabled = page.field("enabled") == "on"
    try:
        apps_service.update_app(
            session=page.db, app=page.app, app_in=AppUpdate(identity_verification=enabled)
        )
    except ApiError as exc:
        if exc.code != "identity_secret_missing":
            raise
        message = page.t("identity.needs_secret")
        return _settings(page, settings_form(page.app), status_code=409, identity_error=message)
    flash = "flash.identity_on" if enabled else "flash.identity_off"
    return redirect(_here(page, "#identity"), flash=flash)


@router.post("/identity/rotate", name="admin_identity_rotate")
def rotate_identity_secret(page: AppAdminPage) -> Response:
    """The new secret is shown in this response only (never in a redirect, cookie or URL)."""
    try:
        secret = apps_service.rotate_identity_secret(session=page.db, app=page.app)
    except ApiError as exc:
        if exc.code != "previous_secret_active":
            raise
        message = page.t("identity.retire_first")
        return _settings(page, settings_form(page.app), status_code=409, identity_error=message)
    return _settings(page, settings_form(page.app), new_secret=secret)


@router.post("/identity/retire", name="admin_identity_retire")
def retire_identity_secret(page: AppAdminPage) -> Response:
    try:
        apps_service.retire_previous_identity_secret(session=page.db, app=page.app)
    except ApiError as exc:
        if exc.code != "no_previous_secret":
            raise
    return redirect(_here(page, "#identity"), flash="flash.secret_retired")
