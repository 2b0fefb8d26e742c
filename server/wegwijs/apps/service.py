"""Registering and configuring apps."""

import secrets

from sqlmodel import Session, select

from wegwijs.apps.models import App, AppCreate, AppUpdate
from wegwijs.auth.models import Account, Membership
from wegwijs.errors import ApiError

# Settings the public API serves from its per-worker cache: changing one must bump
# `content_version`, or workers would keep serving the old value.
VISITOR_FACING = (
    "allowed_origins",
    "default_locale",
    "consent_required",
    "url_param_denylist",
    "theme",
    "identity_verification",
)


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
    if changes.get("identity_verification") and not app.identity_secret:
        raise ApiError(
            409,
            "identity_secret_missing",
            "Generate an identity secret before turning identity verification on.",
        )
    visible = any(changes[name] != getattr(app, name) for name in VISITOR_FACING if name in changes)
    app.sqlmodel_update(changes)
    if visible:
        _bump_content_version(app)
    session.add(app)
    session.commit()
    session.refresh(app)
    return app


def _bump_content_version(app: App) -> None:
    """Workers drop their cached copy of this app. Counted in SQL so a publish in another
    worker at the same moment is not lost."""
    app.content_version = App.content_version + 1


# -- identity verification --------------------------------------------------------------------


def new_identity_secret() -> str:
    return secrets.token_urlsafe(32)


def rotate_identity_secret(*, session: Session, app: App) -> str:
    """A new active secret, returned once. The one it replaces stays valid, as the previous
    secret, until it is retired: hosts can deploy the new one without a moment of 403s.

    Refused while a previous secret is still valid: a second rotation would silently drop
    the secret the host may still be using.
    """
    if app.identity_secret_previous is not None:
        raise ApiError(
            409, "previous_secret_active", "Retire the previous secret before rotating again."
        )
    secret = new_identity_secret()
    app.identity_secret_previous = app.identity_secret
    app.identity_secret = secret
    _bump_content_version(app)
    session.add(app)
    session.commit()
    session.refresh(app)
    return secret


def retire_previous_identity_secret(*, session: Session, app: App) -> None:
    """After the host uses the new secret: signatures made with the old one stop working."""
    if app.identity_secret_previous is None:
        raise ApiError(409, "no_previous_secret", "There is no previous secret to retire.")
    app.identity_secret_previous = None
    _bump_content_version(app)
    session.add(app)
    session.commit()
    session.refresh(app)


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


def stub_snippet(*, app: App, public_url: str) -> str:
    """The inline-stub variant (widget/snippets/stub.html): calls made before the script
    loads are queued and replayed."""
    return _STUB.replace("APP_KEY", app.key).replace("HELP_SERVER", public_url)


_STUB = """<script>
  (function (w, k) {
    var s = w.Wegwijs;
    if (!s) {
      s = w.Wegwijs = { q: [] };
      "init identify track start openHelp reset consent".split(" ").forEach(function (m) {
        s[m] = function () { s.q.push([m, [].slice.call(arguments)]); };
      });
    }
    s.init({ appKey: k });
  })(window, "APP_KEY");
</script>
<script async src="HELP_SERVER/widget/wegwijs.js"></script>
"""


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
