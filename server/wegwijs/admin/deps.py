"""Dependencies of admin pages, as `Annotated` aliases: each gives the route a `Page`.

They reuse the JSON API's machinery: the same session cookie and server-side sessions,
the same CSRF token (sent as a hidden form field instead of a header), and the same app
access and role rules (`wegwijs.deps.app_access`, `check_role`, the role tuples).
"""

import hmac
from collections.abc import Callable, Sequence
from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import FormData

from wegwijs.admin.i18n import pick_language
from wegwijs.admin.pages import Page, current_path, safe_next
from wegwijs.auth.models import Role
from wegwijs.auth.service import load_session
from wegwijs.deps import (
    ADMIN_ROLES,
    ANALYST_ROLES,
    AUTHOR_ROLES,
    MEMBER_ROLES,
    SAFE_METHODS,
    SESSION_COOKIE,
    SessionDep,
    app_access,
    check_role,
)
from wegwijs.errors import ApiError

CSRF_FIELD = "csrf_token"
MAX_FORM_BYTES = 256 * 1024
MAX_FORM_FIELDS = 200


class SignInRequired(Exception):
    """No valid session: the page answers with a redirect to the sign-in page."""

    def __init__(self, next_path: str | None) -> None:
        super().__init__("sign in first")
        self.next_path = next_path


async def read_form(request: Request) -> FormData | None:
    """The posted form of a state-changing request (None for GET), bounded in size."""
    if request.method in SAFE_METHODS:
        return None
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_FORM_BYTES:
        raise ApiError(413, "payload_too_large", "The form is too large.")
    return await request.form(max_files=0, max_fields=MAX_FORM_FIELDS)


PostedForm = Annotated[FormData | None, Depends(read_form)]


def check_form_csrf(form: FormData, expected: str) -> None:
    """Cookies travel with cross-site posts; the token only with forms of our own pages."""
    sent = form.get(CSRF_FIELD)
    if not isinstance(sent, str) or not sent or not expected:
        raise ApiError(403, "csrf_failed", "Missing CSRF token; reload the page.")
    if not hmac.compare_digest(sent.encode(), expected.encode()):
        raise ApiError(403, "csrf_failed", "Wrong CSRF token; reload the page.")


def public_page(request: Request, db: SessionDep) -> Page:
    """A page anyone may open (the sign-in page)."""
    return Page(request=request, db=db, lang=pick_language(request))


def signed_in_page(request: Request, db: SessionDep, form: PostedForm) -> Page:
    """A page that needs a session; a POST must carry the session's CSRF token."""
    cookie = request.cookies.get(SESSION_COOKIE)
    loaded = load_session(session=db, cookie_value=cookie) if cookie else None
    if loaded is None:
        raise SignInRequired(_come_back_to(request))
    admin_session, account = loaded
    if form is not None:
        check_form_csrf(form, admin_session.csrf_token)
    return Page(
        request=request,
        db=db,
        lang=pick_language(request),
        account=account,
        admin_session=admin_session,
        form_data=form,
    )


def _come_back_to(request: Request) -> str | None:
    """After signing in: this page, or for a form post the page the form was on."""
    if request.method in SAFE_METHODS:
        return current_path(request)
    referer = request.headers.get("referer", "")
    origin = f"{request.url.scheme}://{request.url.netloc}"
    if referer.startswith(origin + "/"):
        return safe_next(referer[len(origin) :], default="") or None
    return None


SignedInPage = Annotated[Page, Depends(signed_in_page)]


def app_page(*roles: Role) -> Callable[[str, Page], Page]:
    """A page of the app in the path (`{app_key}`), for callers with one of `roles`:
    403 without a role in the app or with another role, 404 for an unknown app."""

    def dependency(app_key: str, page: SignedInPage) -> Page:
        access = app_access(session=page.db, app_key=app_key, principal=page.principal)
        page.access = check_role(access, roles)
        return page

    return dependency


def _roles(roles: Sequence[Role]) -> Callable[[str, Page], Page]:
    return app_page(*roles)


AppMemberPage = Annotated[Page, Depends(_roles(MEMBER_ROLES))]
AppAdminPage = Annotated[Page, Depends(_roles(ADMIN_ROLES))]
AppAuthorPage = Annotated[Page, Depends(_roles(AUTHOR_ROLES))]
AppAnalystPage = Annotated[Page, Depends(_roles(ANALYST_ROLES))]
PublicPage = Annotated[Page, Depends(public_page)]
