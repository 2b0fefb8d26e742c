"""API tokens of an app: create (shown once), list with last use, revoke. Admins only."""

from fastapi import APIRouter, Response

from wegwijs.admin.deps import AppAdminPage
from wegwijs.admin.forms import Form, form_from, optional_int, validate
from wegwijs.admin.pages import ADMIN_PREFIX, Page, redirect, render, url_path
from wegwijs.admin.routes.members import role_options
from wegwijs.auth import service as auth_service
from wegwijs.auth.models import ApiToken, Role, TokenCreate
from wegwijs.db import utcnow

router = APIRouter(prefix=ADMIN_PREFIX + "/apps/{app_key}/tokens")
DEFAULT_DAYS = "90"


def token_state(token: ApiToken) -> str:
    if token.revoked_at is not None:
        return "revoked"
    if token.expires_at is not None and token.expires_at <= utcnow():
        return "expired"
    return "active"


def _tokens(
    page: Page, form: Form, *, status_code: int = 200, created: tuple[str, str] | None = None
) -> Response:
    tokens = auth_service.tokens_of(session=page.db, app=page.app)
    return render(
        page,
        "tokens.html",
        tokens=[(token, token_state(token)) for token in tokens],
        roles=role_options(page),
        form=form,
        created=created[0] if created else None,
        created_name=created[1] if created else None,
        status_code=status_code,
    )


def _new_form() -> Form:
    return Form(values={"role": Role.author.value, "expires_in_days": DEFAULT_DAYS})


@router.get("", name="admin_tokens")
def tokens_page(page: AppAdminPage) -> Response:
    return _tokens(page, _new_form())


@router.post("")
def create_token(page: AppAdminPage) -> Response:
    """Validated by `TokenCreate`; the plain token is in this response only (201)."""
    assert page.form_data is not None
    form = form_from(page.form_data.multi_items(), ("name", "role", "expires_in_days"))
    days = optional_int(form, "expires_in_days", page.lang)
    token_in = validate(
        TokenCreate,
        {"name": form.value("name").strip(), "role": form.value("role"), "expires_in_days": days},
        form,
        page.lang,
        ranges={"expires_in_days": (1, 3650)},
    )
    if token_in is None or not form.ok:
        return _tokens(page, form, status_code=422)
    plain, token = auth_service.create_api_token(
        session=page.db,
        app=page.app,
        role=token_in.role,
        name=token_in.name,
        created_by=page.account,
        expires_in_days=token_in.expires_in_days,
    )
    return _tokens(page, _new_form(), status_code=201, created=(plain, token.name))


@router.post("/{token_id}/revoke", name="admin_token_revoke")
def revoke_token(token_id: int, page: AppAdminPage) -> Response:
    token = auth_service.get_app_token(session=page.db, app=page.app, token_id=token_id)
    auth_service.revoke_api_token(session=page.db, token=token)
    target = url_path(page.request, "admin_tokens", app_key=page.app.key)
    return redirect(target, flash="flash.token_revoked", name=token.name)
