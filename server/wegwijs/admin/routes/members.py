"""Members of an app and their roles: add by email, change the role, remove. Admins only."""

from fastapi import APIRouter, Response

from wegwijs.admin.deps import AppAdminPage
from wegwijs.admin.forms import Form, form_from, validate
from wegwijs.admin.pages import ADMIN_PREFIX, Page, redirect, render, url_path
from wegwijs.apps import service as apps_service
from wegwijs.auth import service as auth_service
from wegwijs.auth.models import Account, MemberIn, Role
from wegwijs.errors import ApiError

router = APIRouter(prefix=ADMIN_PREFIX + "/apps/{app_key}/members")


def role_options(page: Page) -> list[tuple[str, str]]:
    return [(role.value, page.t(f"role.{role.value}")) for role in Role]


def _members(page: Page, form: Form, *, status_code: int = 200) -> Response:
    members = apps_service.members_of(session=page.db, app=page.app)
    return render(
        page,
        "members.html",
        members=members,
        roles=role_options(page),
        form=form,
        status_code=status_code,
    )


def _here(page: Page) -> str:
    return url_path(page.request, "admin_members", app_key=page.app.key)


@router.get("", name="admin_members")
def members_page(page: AppAdminPage) -> Response:
    return _members(page, Form(values={"role": Role.author.value}))


@router.post("")
def add_member(page: AppAdminPage) -> Response:
    """Validated by `MemberIn` and done by the service calls of `PUT /api/v1/apps/{key}/members`."""
    assert page.form_data is not None
    form = form_from(page.form_data.multi_items(), ("email", "role"))
    member = validate(
        MemberIn,
        {"email": form.value("email").strip(), "role": form.value("role")},
        form,
        page.lang,
        messages={"email": "error.email"},
    )
    if member is None:
        return _members(page, form, status_code=422)
    account = auth_service.get_account_by_email(session=page.db, email=member.email)
    if account is None:
        form.add_error("email", page.t("members.no_account"))
        return _members(page, form, status_code=422)
    auth_service.set_membership(session=page.db, account=account, app=page.app, role=member.role)
    return redirect(_here(page), flash="flash.member_saved", email=account.email)


def _member(page: Page, account_id: int) -> Account:
    account = page.db.get(Account, account_id)
    is_member = any(
        member.id == account_id
        for _, member in apps_service.members_of(session=page.db, app=page.app)
    )
    if account is None or not is_member:
        raise ApiError(404, "member_not_found", "That account is not a member of this app.")
    return account


@router.post("/{account_id}/role", name="admin_member_role")
def change_role(account_id: int, page: AppAdminPage) -> Response:
    account = _member(page, account_id)
    form = Form(values={"role": Role.author.value})
    try:
        role = Role(page.field("role"))
    except ValueError:
        form.add_error("", page.t("members.bad_role"))
        return _members(page, form, status_code=422)
    auth_service.set_membership(session=page.db, account=account, app=page.app, role=role)
    return redirect(_here(page), flash="flash.member_saved", email=account.email)


@router.post("/{account_id}/remove", name="admin_member_remove")
def remove_member(account_id: int, page: AppAdminPage) -> Response:
    account = _member(page, account_id)
    apps_service.remove_member(session=page.db, app=page.app, account=account)
    return redirect(_here(page), flash="flash.member_removed", email=account.email)
