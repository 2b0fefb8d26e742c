"""The admin pages: server-rendered Jinja2 under /admin/, in Dutch and English.

How a page is built (read `routes/members.py` for a small complete example):

Routes
    One module per area in `routes/`, each with its own `APIRouter(prefix=ADMIN_PREFIX + …)`,
    listed in `routes/__init__.py`. Give every route a `name` (`admin_…`): templates link
    with `url_for(name, **params)`, which yields a path. A route loads, authorises, calls
    the *same service function the JSON API route calls*, and renders or redirects. Pages
    are left out of the OpenAPI schema. `routes/guides.py` is a read-only placeholder for
    the guide editor to replace (keep the route name `admin_guides`: the navigation and the
    overview link to it).

Dependencies (`deps.py`) give the route a `Page` (`pages.py`)
    `PublicPage` (anyone), `SignedInPage` (a session, else 303 to /admin/sign-in?next=…),
    and per app (path parameter `{app_key}`) `AppMemberPage`, `AppAdminPage`,
    `AppAuthorPage`, `AppAnalystPage`: the roles are `wegwijs.deps.*_ROLES`, checked by
    `wegwijs.deps.app_access` / `check_role` exactly as in the JSON API (403 without the
    role, 404 for an unknown app). `page.app`, `page.role`, `page.account`, `page.db`,
    `page.t(key)`, `page.can(*roles)` and `page.field(name)` are what routes use.
    For POST the dependency reads the form and checks its `csrf_token` field against the
    session's token (403 error page when missing or wrong) before the route runs; the
    posted fields are in `page.form_data`. A new POST form needs nothing else.

Templates (`templates/`), autoescaped, `StrictUndefined`
    `{% extends "base.html" %}`, `{% set title = t("…") %}`, `{% set nav = "guides" %}`
    (marks the current entry of the app navigation, built in `pages.app_nav`), then
    `{% block content %}`; `{% block scripts %}` adds a file from `static/` with
    `<script src="{{ static('x.js') }}" defer>`. `base.html` imports the macros as `ui`:
    `ui.csrf_field()` (put it in every POST form), `ui.error_summary(form)`,
    `ui.input / textarea / select / checkbox(form, name, label, hint=…, required=…)`,
    `ui.when(datetime)` (in the app's time zone), `ui.copyable(id, label, text)`.
    Render with `pages.render(page, "x.html", status_code=…, **context)`; redirect after
    a successful POST with `pages.redirect(url, flash="flash.settings_saved", **params)` (303).

Forms (`forms.py`)
    A `Form` keeps what was typed and one message per field. Build it with `form_from`,
    validate with `validate(Model, data, form, page.lang, messages={field: key})` using
    the API's own pydantic model, and on errors render the page again with status 422:
    nothing typed is lost (except passwords, which are never written back into a page).

Text (`i18n.py`)
    Every visible string is a key in `MESSAGES` with "en" and "nl" side by side; templates
    call `t("key", name=value)`, routes `page.t(…)`. The language comes from the switch (a
    cookie), else Accept-Language. A test fails when a key used in a template is missing.

Security (`security.py`, `pages.PAGE_HEADERS`)
    Every response under /admin gets a CSP without inline script or style (so: no inline
    `<script>`, no `on…=` handlers, no `style=` attributes; JavaScript in `static/` only,
    as enhancement), `nosniff`, `Referrer-Policy: same-origin`, `frame-ancestors 'none'`
    and `Cache-Control: no-store`. Errors under /admin render `error.html`, not JSON.
"""

from fastapi import FastAPI
from starlette.staticfiles import StaticFiles

from wegwijs.admin.pages import STATIC_DIR
from wegwijs.admin.routes import router
from wegwijs.admin.security import AdminHeaders, install_error_pages


def install_admin(app: FastAPI) -> None:
    """Mount the pages, their static files, their error pages and their headers. Call it
    after the JSON error handlers are installed: it wraps them for /admin paths."""
    app.include_router(router)
    app.mount("/admin/static", StaticFiles(directory=STATIC_DIR), name="admin_static")
    install_error_pages(app)
    app.add_middleware(AdminHeaders)
