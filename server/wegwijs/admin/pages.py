"""What every admin page shares: the `Page` a route receives, rendering, redirects, flash
messages and the security headers."""

import base64
import binascii
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import jinja2
from fastapi import Request, Response
from fastapi.responses import RedirectResponse
from fastapi.templating import Jinja2Templates
from sqlmodel import Session
from starlette.datastructures import FormData

from wegwijs.admin.forms import field_id
from wegwijs.admin.i18n import has_message, other_language, pick_language, translate
from wegwijs.apps.models import App
from wegwijs.apps.service import apps_for
from wegwijs.auth.models import Account, AdminSession, Role
from wegwijs.deps import ADMIN_ROLES, MEMBER_ROLES, AppAccess, Principal

HERE = Path(__file__).resolve().parent
TEMPLATES_DIR = HERE / "templates"
STATIC_DIR = HERE / "static"
ADMIN_PREFIX = "/admin"
HOME_PATH = "/admin/apps"
FLASH_COOKIE = "wegwijs_flash"
DEFAULT_TIMEZONE = "Europe/Amsterdam"

# No inline script or style anywhere: everything comes from /admin/static/.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        # Guide bodies may show https images (the sanitiser allows no other scheme): the
        # editor's live preview shows them as the widget will.
        "img-src 'self' https:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)
PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    # Pages show secrets, CSRF tokens and personal data: never kept by browsers or proxies.
    "Cache-Control": "no-store",
}
STATIC_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-cache",
}


@dataclass
class NavItem:
    name: str
    """Compared with the page's `nav` to mark the current entry."""
    label: str
    href: str


@dataclass
class Page:
    """One admin request as a route sees it: who asks, in which language, for which app.

    Built by the dependencies in `wegwijs.admin.deps`; for a POST, `form_data` holds the
    posted fields once the CSRF token among them has been checked.
    """

    request: Request
    db: Session
    lang: str
    account: Account | None = None
    admin_session: AdminSession | None = None
    access: AppAccess | None = None
    form_data: FormData | None = None
    csrf_override: str | None = field(default=None, repr=False)
    """The sign-in form's token: there is no session yet to take it from."""

    @property
    def app(self) -> App:
        assert self.access is not None, "this page is not scoped to an app"
        return self.access.app

    @property
    def role(self) -> Role | None:
        return self.access.role if self.access else None

    @property
    def principal(self) -> Principal:
        return Principal(account=self.account, admin_session=self.admin_session)

    @property
    def csrf_token(self) -> str:
        if self.csrf_override is not None:
            return self.csrf_override
        return self.admin_session.csrf_token if self.admin_session else ""

    def t(self, key: str, **params: Any) -> str:
        return translate(self.lang, key, **params)

    def can(self, *roles: Role) -> bool:
        return self.role in roles

    def field(self, name: str, *, strip: bool = True) -> str:
        """A posted text field, stripped unless told (passwords); empty when missing."""
        value = self.form_data.get(name) if self.form_data is not None else None
        if not isinstance(value, str):
            return ""
        return value.strip() if strip else value


# -- templates ----------------------------------------------------------------------------------


def url_path(request: Request, name: str, /, **params: Any) -> str:
    """A route's path (not a full URL): pages link within the origin they came from."""
    return request.scope.get("root_path", "") + str(request.app.url_path_for(name, **params))


def format_when(value: datetime | None, timezone: str = DEFAULT_TIMEZONE) -> str:
    """A moment in the app's time zone, to the minute: what people compare with their clock."""
    if value is None:
        return ""
    return value.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M")


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )

    @jinja2.pass_context
    def url_for(context: dict[str, Any], name: str, /, **params: Any) -> str:
        return url_path(context["request"], name, **params)

    @jinja2.pass_context
    def static(context: dict[str, Any], file: str) -> str:
        return url_path(context["request"], "admin_static", path=file)

    env.globals["url_for"] = url_for
    env.globals["static"] = static
    env.globals["field_id"] = field_id
    env.filters["when"] = format_when
    return env


templates = Jinja2Templates(env=_environment())


def app_nav(page: Page) -> list[NavItem]:
    """The app's navigation, showing only what the page's role may open."""
    if page.access is None:
        return []
    key = page.app.key
    entries = [
        ("home", "nav.home", "admin_app_home", MEMBER_ROLES),
        ("guides", "nav.guides", "admin_guides", MEMBER_ROLES),
        ("reports", "nav.reports", "admin_reports", MEMBER_ROLES),
        ("settings", "nav.settings", "admin_settings", ADMIN_ROLES),
        ("members", "nav.members", "admin_members", ADMIN_ROLES),
        ("tokens", "nav.tokens", "admin_tokens", ADMIN_ROLES),
    ]
    return [
        NavItem(name, page.t(label), url_path(page.request, route, app_key=key))
        for name, label, route, roles in entries
        if page.can(*roles)
    ]


def render(
    page: Page,
    template: str,
    *,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
    **context: Any,
) -> Response:
    """Render `template` in the shared layout. Every template gets `page`, `t`, `lang`,
    `account`, `app`, `role`, the app switcher's `apps`, the app's `nav_items`, the flash
    messages, the CSRF token and the app's `timezone`; `context` adds the page's own."""
    flash = read_flash(page.request)
    values = {
        **_layout_context(page),
        "flashes": [page.t(flash[0], **flash[1])] if flash else [],
        **context,
    }
    response = templates.TemplateResponse(
        page.request, template, values, status_code=status_code, headers=headers
    )
    if flash:
        response.delete_cookie(FLASH_COOKIE, path=ADMIN_PREFIX)
    return response


def _layout_context(page: Page) -> dict[str, Any]:
    account = page.account
    return {
        "page": page,
        "t": page.t,
        "lang": page.lang,
        "other_lang": other_language(page.lang),
        "here": current_path(page.request),
        "account": account,
        "app": page.access.app if page.access else None,
        "role": page.role,
        "apps": apps_for(session=page.db, account=account) if account else [],
        "nav_items": app_nav(page),
        "nav": None,
        "flashes": [],
        "csrf_token": page.csrf_token,
        "timezone": page.access.app.timezone if page.access else DEFAULT_TIMEZONE,
    }


def error_page(request: Request, *, status_code: int, message: str) -> Response:
    """A readable error in the shared layout (without the signed-in parts), for failures
    raised before or outside a route: no access, no such app, a failed CSRF check."""
    # Nothing signed-in is shown, so no database session is needed.
    page = Page(request=request, db=cast(Session, None), lang=pick_language(request))
    title = f"error.title.{status_code}"
    values = {
        **_layout_context(page),
        "title": page.t(title if has_message(title) else "error.title.other"),
        "message": page.t(message),
    }
    response = templates.TemplateResponse(request, "error.html", values, status_code=status_code)
    response.headers.update(PAGE_HEADERS)
    return response


# -- redirects and flash messages ---------------------------------------------------------------


def redirect(url: str, *, flash: str | None = None, **params: str) -> Response:
    """See other (303): after a successful POST the browser GETs `url`, where the flash
    message (a translation key) is shown once."""
    response = RedirectResponse(url, status_code=303)
    if flash is not None:
        response.set_cookie(
            FLASH_COOKIE,
            _encode_flash(flash, params),
            httponly=True,
            samesite="lax",
            path=ADMIN_PREFIX,
        )
    return response


def _encode_flash(key: str, params: dict[str, str]) -> str:
    raw = json.dumps([key, params], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def read_flash(request: Request) -> tuple[str, dict[str, str]] | None:
    """The pending flash message. Only known keys with short text parameters are shown: the
    cookie is the browser's to change, so it may not carry anything else."""
    raw = request.cookies.get(FLASH_COOKIE)
    if not raw or len(raw) > 2000:
        return None
    try:
        key, params = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
    except (ValueError, binascii.Error, TypeError):
        return None
    if not isinstance(key, str) or not key.startswith("flash.") or not has_message(key):
        return None
    if not isinstance(params, dict) or not all(
        isinstance(value, str) and len(value) <= 300 for value in params.values()
    ):
        return None
    return key, params


def current_path(request: Request) -> str:
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def safe_next(value: str | None, default: str = HOME_PATH) -> str:
    """Where to go after signing in: only a path of these admin pages, never another site
    (`//evil.example`, `https://…`, `/\\evil.example` are all refused)."""
    if not value or len(value) > 2000 or "\\" in value or any(ord(ch) < 32 for ch in value):
        return default
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not value.startswith(ADMIN_PREFIX + "/"):
        return default
    return value
