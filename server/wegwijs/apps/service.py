"""Registering and configuring apps."""

import secrets

from sqlmodel import Session, select

from wegwijs.apps.models import App, AppCreate, AppUpdate
from wegwijs.auth.models import Account, Membership


def new_app_key() -> str:
    return "app_" + secrets.token_hex(10)


def get_app_by_key(*, session: Session, key: str) -> App | None:
    return session.exec(select(App).where(App.key == key)).first()


def register_app(*, session: Session, app_in: AppCreate, key: str | None = None) -> App:
    app = App.model_validate(app_in, update={"key": key or new_app_key()})
    session.add(app)
    session.commit()
    session.refresh(app)
    return app


def update_app(*, session: Session, app: App, app_in: AppUpdate) -> App:
    changes = app_in.model_dump(exclude_unset=True)
    if "theme" in changes:
        changes["theme"] = app_in.theme.stored() if app_in.theme else {}
        # Visitors see the theme: workers must drop their cached copy of this app. Counted
        # in SQL so a publish in another worker at the same moment is not lost.
        if changes["theme"] != app.theme:
            app.content_version = App.content_version + 1
    app.sqlmodel_update(changes)
    session.add(app)
    session.commit()
    session.refresh(app)
    return app


def apps_for(*, session: Session, account: Account) -> list[App]:
    """Apps the account may open: all for owners, else those it is a member of."""
    statement = select(App).order_by(App.name)
    if not account.is_owner:
        statement = statement.join(Membership, Membership.app_id == App.id).where(  # type: ignore[arg-type]
            Membership.account_id == account.id
        )
    return list(session.exec(statement).all())


def snippet(*, app: App, public_url: str) -> str:
    """The script tag for the host app, in the strict-CSP data-attribute variant."""
    return (
        f'<script async src="{public_url}/widget/wegwijs.js" '
        f'data-app-key="{app.key}" data-server="{public_url}"></script>'
    )


def members_of(*, session: Session, app: App) -> list[tuple[Membership, Account]]:
    statement = (
        select(Membership, Account)
        .join(Account, Account.id == Membership.account_id)  # type: ignore[arg-type]
        .where(Membership.app_id == app.id)
        .order_by(Account.email)
    )
    return list(session.exec(statement).all())


def remove_member(*, session: Session, app: App, account: Account) -> bool:
    membership = session.exec(
        select(Membership).where(Membership.app_id == app.id, Membership.account_id == account.id)
    ).first()
    if membership is None:
        return False
    session.delete(membership)
    session.commit()
    return True
