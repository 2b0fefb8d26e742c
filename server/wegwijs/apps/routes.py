"""Admin API for apps, their members and their API tokens."""

from fastapi import APIRouter, Response, status

from wegwijs.apps import service
from wegwijs.apps.models import (
    App,
    AppCreate,
    AppPublic,
    AppsPublic,
    AppUpdate,
    IdentitySecretCreated,
)
from wegwijs.auth import service as auth_service
from wegwijs.auth.models import (
    Account,
    ApiToken,
    MemberIn,
    MemberPublic,
    MembersPublic,
    TokenCreate,
    TokenCreated,
    TokenPublic,
    TokensPublic,
)
from wegwijs.deps import (
    AppAdmin,
    AppMember,
    CurrentOwner,
    CurrentPrincipal,
    SessionDep,
    SettingsDep,
)
from wegwijs.errors import ApiError

router = APIRouter(prefix="/api/v1/apps", tags=["apps"])


def app_public(app: App) -> AppPublic:
    return AppPublic.model_validate(app, from_attributes=True)


@router.get("")
def list_apps(principal: CurrentPrincipal, session: SessionDep) -> AppsPublic:
    """The apps the caller may open; an API token acts for one app, so it lists that one."""
    if principal.token is not None:
        apps = [session.get_one(App, principal.token.app_id)]
    elif principal.account is not None:
        apps = service.apps_for(session=session, account=principal.account)
    else:
        apps = []
    return AppsPublic(data=[app_public(app) for app in apps], count=len(apps))


@router.post("", status_code=status.HTTP_201_CREATED)
def create_app(body: AppCreate, _owner: CurrentOwner, session: SessionDep) -> AppPublic:
    return app_public(service.register_app(session=session, app_in=body))


@router.get("/{app_key}")
def read_app(access: AppMember) -> AppPublic:
    return app_public(access.app)


@router.patch("/{app_key}")
def update_app(body: AppUpdate, access: AppAdmin, session: SessionDep) -> AppPublic:
    return app_public(service.update_app(session=session, app=access.app, app_in=body))


@router.post("/{app_key}/identity-secret", status_code=status.HTTP_201_CREATED)
def rotate_identity_secret(access: AppAdmin, session: SessionDep) -> IdentitySecretCreated:
    """A new identity secret, shown once; the previous one stays valid until retired."""
    secret = service.rotate_identity_secret(session=session, app=access.app)
    return IdentitySecretCreated(
        secret=secret, previous_valid=access.app.identity_secret_previous is not None
    )


@router.delete("/{app_key}/identity-secret/previous", status_code=status.HTTP_204_NO_CONTENT)
def retire_previous_identity_secret(access: AppAdmin, session: SessionDep) -> Response:
    service.retire_previous_identity_secret(session=session, app=access.app)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{app_key}/snippet")
def read_snippet(access: AppMember, settings: SettingsDep) -> dict[str, str]:
    return {"html": service.snippet(app=access.app, public_url=settings.public_url)}


# -- members ----------------------------------------------------------------------------------


@router.get("/{app_key}/members")
def list_members(access: AppAdmin, session: SessionDep) -> MembersPublic:
    rows = service.members_of(session=session, app=access.app)
    data = [
        MemberPublic(account_id=account.id or 0, email=account.email, role=membership.role)
        for membership, account in rows
    ]
    return MembersPublic(data=data, count=len(data))


@router.put("/{app_key}/members")
def set_member(body: MemberIn, access: AppAdmin, session: SessionDep) -> MemberPublic:
    account = auth_service.get_account_by_email(session=session, email=body.email)
    if account is None:
        raise ApiError(404, "account_not_found", f"No account for {body.email}.")
    auth_service.set_membership(session=session, account=account, app=access.app, role=body.role)
    return MemberPublic(account_id=account.id or 0, email=account.email, role=body.role)


@router.delete("/{app_key}/members/{account_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_member(account_id: int, access: AppAdmin, session: SessionDep) -> Response:
    account = session.get(Account, account_id)
    if account is None or not service.remove_member(
        session=session, app=access.app, account=account
    ):
        raise ApiError(404, "member_not_found", "That account is not a member of this app.")
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# -- API tokens -------------------------------------------------------------------------------


def token_public(token: ApiToken) -> TokenPublic:
    return TokenPublic(
        id=token.id or 0,
        name=token.name,
        prefix=token.prefix,
        role=token.role,
        created_at=token.created_at,
        expires_at=token.expires_at,
        last_used_at=token.last_used_at,
        revoked=token.revoked_at is not None,
    )


@router.get("/{app_key}/tokens")
def list_tokens(access: AppAdmin, session: SessionDep) -> TokensPublic:
    tokens = auth_service.tokens_of(session=session, app=access.app)
    return TokensPublic(data=[token_public(token) for token in tokens], count=len(tokens))


@router.post("/{app_key}/tokens", status_code=status.HTTP_201_CREATED)
def create_token(body: TokenCreate, access: AppAdmin, session: SessionDep) -> TokenCreated:
    plain, token = auth_service.create_api_token(
        session=session,
        app=access.app,
        role=body.role,
        name=body.name,
        created_by=access.principal.account,
        expires_in_days=body.expires_in_days,
    )
    return TokenCreated(**token_public(token).model_dump(), token=plain)


@router.delete("/{app_key}/tokens/{token_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_token(token_id: int, access: AppAdmin, session: SessionDep) -> Response:
    token = auth_service.get_app_token(session=session, app=access.app, token_id=token_id)
    auth_service.revoke_api_token(session=session, token=token)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
