"""Signing in and out, changing the password, and the language switch."""

import secrets
from math import ceil
from typing import Annotated

from fastapi import APIRouter, Query, Response

from wegwijs.admin.deps import PostedForm, PublicPage, SignedInPage, check_form_csrf
from wegwijs.admin.forms import Form, form_from, validate
from wegwijs.admin.i18n import LANGUAGE_COOKIE, LANGUAGES
from wegwijs.admin.pages import ADMIN_PREFIX, HOME_PATH, Page, redirect, render, safe_next
from wegwijs.auth import service as auth_service
from wegwijs.auth.models import PasswordChange, SignIn
from wegwijs.auth.routes import set_session_cookie
from wegwijs.deps import SESSION_COOKIE, ClientIp, SettingsDep
from wegwijs.errors import ApiError

router = APIRouter()

# Before signing in there is no session to hold a CSRF token, so the sign-in form carries
# one that must match this cookie (a double submit): a foreign page cannot sign a browser
# into an account of its choosing.
SIGN_IN_COOKIE = "wegwijs_sign_in"
SIGN_IN_PATH = ADMIN_PREFIX + "/sign-in"


@router.get("/")
@router.get(ADMIN_PREFIX)
@router.get(ADMIN_PREFIX + "/")
def to_the_apps() -> Response:
    return redirect(HOME_PATH)


@router.get(SIGN_IN_PATH, name="admin_sign_in")
def sign_in_page(
    page: PublicPage, next_path: Annotated[str | None, Query(alias="next")] = None
) -> Response:
    cookie = page.request.cookies.get(SESSION_COOKIE)
    if cookie and auth_service.load_session(session=page.db, cookie_value=cookie):
        return redirect(safe_next(next_path))
    return _sign_in_form(page, Form(values={"next": safe_next(next_path)}))


@router.post(SIGN_IN_PATH)
def sign_in(page: PublicPage, posted: PostedForm, settings: SettingsDep, ip: ClientIp) -> Response:
    assert posted is not None
    check_form_csrf(posted, page.request.cookies.get(SIGN_IN_COOKIE, ""))
    form = form_from(posted.multi_items(), ("email", "next"))
    password = posted.get("password")
    password = password if isinstance(password, str) else ""  # never stripped
    credentials = validate(
        SignIn,
        {"email": form.value("email").strip(), "password": password},
        form,
        page.lang,
        messages={"email": "error.email"},
    )
    if credentials is None:
        return _sign_in_form(page, form, status_code=422)
    try:
        _, started = auth_service.sign_in(
            session=page.db,
            email=credentials.email,
            password=credentials.password,
            client_ip=ip,
            session_hours=settings.session_hours,
        )
    except ApiError as exc:
        if exc.status == 429:
            retry_after = (exc.headers or {}).get("Retry-After", "900")
            minutes = max(1, ceil(int(retry_after) / 60))
            form.add_error("", page.t("sign_in.throttled", minutes=minutes))
            return _sign_in_form(page, form, status_code=429, headers={"Retry-After": retry_after})
        if exc.status == 401:
            form.add_error("password", page.t("sign_in.incorrect"))
            return _sign_in_form(page, form, status_code=401)
        raise
    # A fresh session id at every sign-in, as the JSON API does.
    previous = page.request.cookies.get(SESSION_COOKIE)
    if previous:
        auth_service.end_session(session=page.db, cookie_value=previous)
    response = redirect(safe_next(form.value("next")))
    set_session_cookie(response, settings, started)
    response.delete_cookie(SIGN_IN_COOKIE, path=SIGN_IN_PATH)
    return response


def _sign_in_form(
    page: Page, form: Form, *, status_code: int = 200, headers: dict[str, str] | None = None
) -> Response:
    token = page.request.cookies.get(SIGN_IN_COOKIE) or secrets.token_urlsafe(32)
    page.csrf_override = token
    response = render(page, "sign_in.html", form=form, status_code=status_code, headers=headers)
    response.set_cookie(SIGN_IN_COOKIE, token, httponly=True, samesite="strict", path=SIGN_IN_PATH)
    return response


@router.post(ADMIN_PREFIX + "/sign-out", name="admin_sign_out")
def sign_out(page: SignedInPage) -> Response:
    cookie = page.request.cookies.get(SESSION_COOKIE)
    if cookie:
        auth_service.end_session(session=page.db, cookie_value=cookie)
    response = redirect(SIGN_IN_PATH, flash="flash.signed_out")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


# -- password -----------------------------------------------------------------------------------


@router.get(ADMIN_PREFIX + "/account/password", name="admin_password")
def password_page(page: SignedInPage) -> Response:
    return render(page, "password.html", form=Form())


@router.post(ADMIN_PREFIX + "/account/password")
def change_password(page: SignedInPage, settings: SettingsDep) -> Response:
    """Passwords are never written back into the page: it is shown again with the messages
    and empty password fields."""
    assert page.account is not None
    form = Form()
    current = page.field("current_password", strip=False)
    new = page.field("new_password", strip=False)
    change = validate(
        PasswordChange, {"current_password": current, "new_password": new}, form, page.lang
    )
    if new and page.field("confirm_password", strip=False) != new:
        form.add_error("confirm_password", page.t("password.mismatch"))
    if change is None or not form.ok:
        return render(page, "password.html", form=form, status_code=422)
    try:
        started = auth_service.change_password(
            session=page.db,
            account=page.account,
            current=change.current_password,
            new=change.new_password,
            session_hours=settings.session_hours,
        )
    except ApiError as exc:
        if exc.code != "invalid_credentials":
            raise
        form.add_error("current_password", page.t("password.wrong_current"))
        return render(page, "password.html", form=form, status_code=403)
    response = redirect(HOME_PATH, flash="flash.password_changed")
    set_session_cookie(response, settings, started)
    return response


# -- language -----------------------------------------------------------------------------------


@router.get(ADMIN_PREFIX + "/language", name="admin_language")
def switch_language(
    lang: str, next_path: Annotated[str | None, Query(alias="next")] = None
) -> Response:
    """Remember the chosen language (a preference, not a secret: a cookie for a year)."""
    response = redirect(safe_next(next_path))
    if lang in LANGUAGES:
        response.set_cookie(
            LANGUAGE_COOKIE, lang, max_age=365 * 24 * 3600, samesite="lax", path=ADMIN_PREFIX
        )
    return response
