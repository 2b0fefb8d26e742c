"""`wegwijs demo`: the server on SQLite plus the example host app on its own origin."""

import importlib.util
import json
import os
import secrets
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import click
from sqlmodel import Session, select

from wegwijs.apps.models import App, AppCreate, AppUpdate
from wegwijs.apps.service import (
    get_app_by_key,
    register_app,
    rotate_identity_secret,
    update_app,
)
from wegwijs.auth import service as auth_service
from wegwijs.auth.models import Role
from wegwijs.config import Settings
from wegwijs.content.models import Guide
from wegwijs.db import create_db_engine
from wegwijs.guidefiles.sync import import_guides
from wegwijs.migrate import migrate
from wegwijs.resources import examples_dir, guides_dir

DEMO_APP_KEY = "app_demo"
DEMO_APP_NAME = "Acme Declaraties (demo)"
OWNER_EMAIL = "owner@example.com"
AUTHOR_EMAIL = "author@example.com"
CREDENTIALS_FILE = "demo-credentials.json"


def demo_guides_dir() -> Path:
    """The sample library the demo app starts with: guides/demo (in the wheel or checkout)."""
    return guides_dir() / "demo"


@dataclass(frozen=True)
class DemoSetup:
    app_key: str
    host_url: str
    passwords: dict[str, str]
    identity_secret: str | None
    """Handed to the host app, which signs user ids with the SDK's `script_tag`."""


def prepare_demo(settings: Settings, *, host_url: str) -> DemoSetup:
    """Create (or find) the demo app, owner and author; safe to run any number of times."""
    passwords = _demo_passwords(settings.data_dir / CREDENTIALS_FILE)
    engine = create_db_engine(settings.database)
    try:
        migrate(engine)
        with Session(engine) as session:
            app = _demo_app(session, host_url=host_url)
            for email, is_owner in ((OWNER_EMAIL, True), (AUTHOR_EMAIL, False)):
                account = auth_service.get_account_by_email(session=session, email=email)
                if account is None:
                    account = auth_service.create_account(
                        session=session, email=email, password=passwords[email], is_owner=is_owner
                    )
                if not is_owner:
                    auth_service.set_membership(
                        session=session, account=account, app=app, role=Role.author
                    )
            identity_secret = _verified_identity(session, app) if _sdk_installed() else None
            first_run = session.exec(select(Guide.id).where(Guide.app_id == app.id)).first() is None
        if first_run:
            # Only the first time: later runs must not undo what someone edited in the admin.
            import_guides(
                engine=engine, app_key=DEMO_APP_KEY, directory=demo_guides_dir(), publish=True
            )
    finally:
        engine.dispose()
    return DemoSetup(
        app_key=DEMO_APP_KEY,
        host_url=host_url,
        passwords=passwords,
        identity_secret=identity_secret,
    )


def _sdk_installed() -> bool:
    """The host app signs user ids with the Python SDK; a server without it runs unsigned."""
    return importlib.util.find_spec("wegwijs_sdk") is not None


def _verified_identity(session: Session, app: App) -> str:
    """Identity verification on, as a careful integrator runs it: the secret stays on the
    host app's server (this demo passes it to that process), never in the page."""
    if app.identity_secret is None:
        rotate_identity_secret(session=session, app=app)
    if not app.identity_verification:
        update_app(session=session, app=app, app_in=AppUpdate(identity_verification=True))
    assert app.identity_secret is not None
    return app.identity_secret


def _demo_app(session: Session, *, host_url: str) -> App:
    """The demo app, allowing the host app's origin even when its port changed."""
    app = get_app_by_key(session=session, key=DEMO_APP_KEY)
    if app is None:
        app_in = AppCreate(
            name=DEMO_APP_NAME, allowed_origins=_origins_of(host_url), default_locale="nl"
        )
        return register_app(session=session, app_in=app_in, key=DEMO_APP_KEY)
    origins = sorted(set(app.allowed_origins) | set(_origins_of(host_url)))
    return update_app(session=session, app=app, app_in=AppUpdate(allowed_origins=origins))


def _origins_of(host_url: str) -> list[str]:
    """The host app answers on 127.0.0.1 and localhost; both are the same demo."""
    port = host_url.rsplit(":", 1)[-1]
    return [f"http://127.0.0.1:{port}", f"http://localhost:{port}"]


def _demo_passwords(path: Path) -> dict[str, str]:
    """Random per installation, kept beside the database so the demo stays idempotent."""
    if path.exists():
        return json.loads(path.read_text())
    passwords = {email: secrets.token_urlsafe(12) for email in (OWNER_EMAIL, AUTHOR_EMAIL)}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.write_text(json.dumps(passwords, indent=2))
    return passwords


def start_host_app(
    *, server_url: str, app_key: str, port: int, identity_secret: str | None = None
) -> subprocess.Popen[bytes]:
    """The example business app runs as its own process on its own origin."""
    env = dict(os.environ, WEGWIJS_HOST_SERVER=server_url, WEGWIJS_HOST_APP_KEY=app_key)
    if identity_secret:
        env["WEGWIJS_HOST_IDENTITY_SECRET"] = identity_secret
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "host_app:app",
        "--app-dir",
        str(examples_dir() / "host_app"),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]
    return subprocess.Popen(command, env=env)


def run_demo(settings: Settings, *, port: int, host_port: int) -> None:
    from wegwijs.cli import run_server

    server_url = f"http://127.0.0.1:{port}"
    host_url = f"http://127.0.0.1:{host_port}"
    os.environ.setdefault("WEGWIJS_PUBLIC_URL", server_url)
    setup = prepare_demo(settings, host_url=host_url)
    host = start_host_app(
        server_url=server_url,
        app_key=setup.app_key,
        port=host_port,
        identity_secret=setup.identity_secret,
    )
    _print_welcome(setup, server_url=server_url)
    try:
        run_server(settings, host="127.0.0.1", port=port, workers=1)
    finally:
        host.terminate()
        host.wait(timeout=10)


def _print_welcome(setup: DemoSetup, *, server_url: str) -> None:
    lines = [
        "",
        "Wegwijs demo",
        f"  host app (the business app with help in it): {setup.host_url}/",
        f"  Wegwijs server:                              {server_url}/",
        f"  admin pages (sign in below):                 {server_url}/admin/",
        f"  API docs:                                    {server_url}/docs",
        f"  owner  {OWNER_EMAIL}  password {setup.passwords[OWNER_EMAIL]}",
        f"  author {AUTHOR_EMAIL}  password {setup.passwords[AUTHOR_EMAIL]}",
        f"  app key {setup.app_key}",
        "Press Ctrl+C to stop.",
        "",
    ]
    click.echo("\n".join(lines))
