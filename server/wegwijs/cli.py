"""The `wegwijs` command: serve, migrate, accounts, apps, members, tokens and the demo."""

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from functools import wraps
from pathlib import Path
from typing import Any

import click
from pydantic import ValidationError
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select

from wegwijs.apps.models import App, AppCreate
from wegwijs.apps.service import get_app_by_key, register_app, snippet
from wegwijs.auth import service as auth_service
from wegwijs.auth.models import Role
from wegwijs.config import ConfigError, Settings
from wegwijs.db import create_db_engine
from wegwijs.errors import ApiError
from wegwijs.migrate import migrate

ROLE_CHOICE = click.Choice([role.value for role in Role])


class CliError(click.ClickException):
    """Printed as one line, `error: ...`, with exit code 1."""

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


def load_settings() -> Settings:
    try:
        settings = Settings()
        settings.resolve_secret_key()
    except ValidationError as exc:
        first = exc.errors()[0]
        field = "WEGWIJS_" + str(first["loc"][0]).upper() if first["loc"] else "settings"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise CliError(f"{field}: {message}") from exc
    except ConfigError as exc:
        raise CliError(str(exc)) from exc
    return settings


def friendly_errors(command: Callable[..., None]) -> Callable[..., None]:
    """Turn the failures an operator can cause into one readable line."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            command(*args, **kwargs)
        except ApiError as exc:
            raise CliError(exc.message) from exc
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            raise CliError(f"{where}: {first['msg']}") from exc
        except OperationalError as exc:
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise CliError(f"cannot use the database: {reason}") from exc

    return run


@contextmanager
def database(settings: Settings) -> Iterator[Session]:
    """A session on a database migrated to the latest schema."""
    engine = create_db_engine(settings.database)
    try:
        migrate(engine)
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()


def read_password(from_stdin: bool) -> str:
    """Prompt without echo; piped input (scripts, CI) is read from stdin."""
    if from_stdin or not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < 12:
        raise CliError("the password needs at least 12 characters")
    return password


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="wegwijs")
def cli() -> None:
    """Wegwijs: walkthroughs, tips and announcements inside your web apps."""


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64))
@friendly_errors
def serve(host: str, port: int, workers: int) -> None:
    """Migrate the database once, then serve with WORKERS processes."""
    settings = load_settings()
    engine = create_db_engine(settings.database)
    migrate(engine)
    engine.dispose()
    run_server(settings, host=host, port=port, workers=workers)


def run_server(settings: Settings, *, host: str, port: int, workers: int) -> None:
    import uvicorn

    # Proxy headers are applied inside the app (trusted proxies only), not by uvicorn.
    uvicorn.run(
        "wegwijs.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=False,
        log_level="info",
    )


@cli.command("migrate")
@friendly_errors
def migrate_command() -> None:
    """Bring the database schema up to date (safe to run on every deploy)."""
    settings = load_settings()
    engine = create_db_engine(settings.database)
    migrate(engine)
    engine.dispose()
    click.echo(f"database at {settings.database.render_as_string()} is up to date")


@cli.group()
def accounts() -> None:
    """Manage the people who sign in to the admin."""


@accounts.command("create")
@click.argument("email")
@click.option("--owner", is_flag=True, help="Instance owner: manages accounts and apps.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@friendly_errors
def accounts_create(email: str, owner: bool, password_stdin: bool) -> None:
    """Create an account (the password is prompted, never echoed)."""
    from wegwijs.auth.models import AccountCreate

    settings = load_settings()
    password = read_password(password_stdin)
    AccountCreate(email=email, password=password, is_owner=owner)
    with database(settings) as session:
        account = auth_service.create_account(
            session=session, email=email, password=password, is_owner=owner
        )
        click.echo(f"created account {account.email}" + (" (owner)" if owner else ""))


@accounts.command("set-password")
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@friendly_errors
def accounts_set_password(email: str, password_stdin: bool) -> None:
    """Set a new password and sign the account out everywhere."""
    settings = load_settings()
    with database(settings) as session:
        account = auth_service.get_account_by_email(session=session, email=email)
        if account is None:
            raise CliError(f"no account for {email}")
        auth_service.set_password(
            session=session, account=account, password=read_password(password_stdin)
        )
        click.echo(f"password changed for {account.email}; its sessions were signed out")


@cli.group()
def apps() -> None:
    """Manage the host apps the widget runs in."""


@apps.command("create")
@click.argument("name")
@click.option("--origin", "origins", multiple=True, help="Allowed origin (repeatable).")
@click.option("--locale", default="nl", show_default=True, help="Default locale.")
@click.option("--timezone", default="Europe/Amsterdam", show_default=True)
@friendly_errors
def apps_create(name: str, origins: tuple[str, ...], locale: str, timezone: str) -> None:
    """Register an app; prints its key and the script tag to add to the host app."""
    settings = load_settings()
    app_in = AppCreate(
        name=name, allowed_origins=list(origins), default_locale=locale, timezone=timezone
    )
    with database(settings) as session:
        app = register_app(session=session, app_in=app_in)
        click.echo(f"app key: {app.key}")
        click.echo(snippet(app=app, public_url=settings.public_url))


@cli.group()
def members() -> None:
    """Give accounts a role in an app."""


@members.command("set")
@click.option("--app", "app_key", required=True, help="App key.")
@click.argument("email")
@click.argument("role", type=ROLE_CHOICE)
@friendly_errors
def members_set(app_key: str, email: str, role: str) -> None:
    """Make EMAIL an admin, author or analyst of the app."""
    settings = load_settings()
    with database(settings) as session:
        app = get_app_by_key(session=session, key=app_key)
        account = auth_service.get_account_by_email(session=session, email=email)
        if app is None:
            raise CliError(f"no app with key {app_key}")
        if account is None:
            raise CliError(f"no account for {email}")
        auth_service.set_membership(session=session, account=account, app=app, role=Role(role))
        click.echo(f"{account.email} is now {role} of {app.name}")


@cli.group()
def tokens() -> None:
    """API tokens for automation (SDK, CI pipelines)."""


@tokens.command("create")
@click.option("--app", "app_key", required=True, help="App key the token may act on.")
@click.option("--role", type=ROLE_CHOICE, required=True)
@click.option("--name", required=True, help="What the token is for, e.g. 'release pipeline'.")
@click.option("--expires-days", default=90, show_default=True, type=click.IntRange(1, 3650))
@friendly_errors
def tokens_create(app_key: str, role: str, name: str, expires_days: int) -> None:
    """Create a token and print it once (only its hash is stored)."""
    settings = load_settings()
    with database(settings) as session:
        app = get_app_by_key(session=session, key=app_key)
        if app is None:
            raise CliError(f"no app with key {app_key}")
        plain, _token = auth_service.create_api_token(
            session=session,
            app=app,
            role=Role(role),
            name=name,
            created_by=None,
            expires_in_days=expires_days,
        )
        click.echo(plain)


@cli.group()
def guides() -> None:
    """Guides as YAML files (one per guide): export, import, and the files' JSON Schema."""


@guides.command("export")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--app", "app_key", required=True, help="App key.")
@friendly_errors
def guides_export(directory: Path, app_key: str) -> None:
    """Write every guide of the app (its draft) as DIRECTORY/<slug>.yaml."""
    from wegwijs.guidefiles.sync import export_guides

    with database(load_settings()) as session:
        app = get_app_by_key(session=session, key=app_key)
        if app is None:
            raise CliError(f"no app with key {app_key}")
        for path in export_guides(session=session, app=app, directory=directory):
            click.echo(f"wrote {path}")


@guides.command("import")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--app", "app_key", required=True, help="App key.")
@click.option("--publish", is_flag=True, help="Publish every guide whose draft changed.")
@click.option("--dry-run", is_flag=True, help="Print what would change; change nothing.")
@friendly_errors
def guides_import(directory: Path, app_key: str, publish: bool, dry_run: bool) -> None:
    """Create or update the app's guides from DIRECTORY/*.yaml, all or nothing."""
    from wegwijs.guidefiles.files import GuideFileError
    from wegwijs.guidefiles.sync import import_guides

    settings = load_settings()
    engine = create_db_engine(settings.database)
    try:
        migrate(engine)
        report = import_guides(
            engine=engine, app_key=app_key, directory=directory, publish=publish, dry_run=dry_run
        )
    except GuideFileError as exc:
        raise CliError("\nerror: ".join(str(problem) for problem in exc.problems)) from exc
    finally:
        engine.dispose()
    verb = "would be " if dry_run else ""
    for label, slugs in (
        ("created", report.created),
        ("changed", report.changed),
        ("left alone", report.unchanged),
        ("published", report.published),
    ):
        for slug in slugs:
            click.echo(f"{verb}{label}: {slug}")
    click.echo(
        f"{len(report.created)} {verb}created, {len(report.changed)} {verb}changed,"
        f" {len(report.unchanged)} left alone, {len(report.published)} {verb}published"
    )


@guides.command("schema")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
def guides_schema(output: Path | None) -> None:
    """Print (or write) the JSON Schema of guide files."""
    from wegwijs.guidefiles.schema import json_schema

    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


@guides.command("check")
@click.option("--app", "app_key", required=True, help="App key.")
@click.option("--base-url", required=True, help="Where the host app runs, e.g. a test env.")
@click.option(
    "--storage-state",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="A Playwright storage state (cookies) of a signed-in user.",
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output for CI.")
@click.option("--timeout", default=5.0, show_default=True, help="Seconds to wait per element.")
@friendly_errors
def guides_check(
    app_key: str, base_url: str, storage_state: Path | None, as_json: bool, timeout: float
) -> None:
    """Walk every published walkthrough in a real browser; exit 1 when a target is missing."""
    from wegwijs.guidefiles import check

    settings = load_settings()
    engine = create_db_engine(settings.database)
    try:
        migrate(engine)
        results = check.check_guides(
            engine=engine,
            app_key=app_key,
            base_url=base_url,
            storage_state=storage_state,
            timeout_ms=int(timeout * 1000),
        )
    except check.CheckError as exc:
        raise CliError(str(exc)) from exc
    finally:
        engine.dispose()
    click.echo(check.as_json(results) if as_json else check.as_table(results))
    if any(not result.found for result in results):
        sys.exit(1)


ANNOUNCE_OPTIONS = {
    "name": "--title",
    "targeting": "--url-rule",
    "starts_at": "--starts",
    "ends_at": "--ends",
    "steps": "--title/--body/--locale",
}


@cli.command()
@click.option("--app", "app_key", required=True, help="App key.")
@click.option("--title", required=True, help="Headline, plain text.")
@click.option("--body", required=True, help="The message, Markdown.")
@click.option("--url-rule", "url_rules", required=True, multiple=True, help="Where (repeatable).")
@click.option("--starts", required=True, help="Shown from, e.g. 2026-12-01T09:00 (app's zone).")
@click.option("--ends", default=None, help="Shown until (optional).")
@click.option(
    "--display", type=click.Choice(["banner", "modal"]), default="banner", show_default=True
)
@click.option("--locale", default=None, help="Language of the text [default: the app's].")
@friendly_errors
def announce(
    app_key: str,
    title: str,
    body: str,
    url_rules: tuple[str, ...],
    starts: str,
    ends: str | None,
    display: str,
    locale: str | None,
) -> None:
    """Publish a scheduled change announcement, shown until each user acknowledges it."""
    from wegwijs.content import service as content
    from wegwijs.content.schemas import GuideCreate

    with database(load_settings()) as session:
        app = get_app_by_key(session=session, key=app_key)
        if app is None:
            raise CliError(f"no app with key {app_key}")
        fields = {
            "kind": "announcement",
            "name": title,
            "targeting": {"url_rules": list(url_rules)},
            "starts_at": starts,
            "ends_at": ends,
            "frequency": "until_completed",
            "settings": {"display": display},
            "steps": [{"content": {locale or app.default_locale: {"title": title, "body": body}}}],
        }
        try:
            guide_in = GuideCreate.model_validate(fields)
        except ValidationError as exc:
            first = exc.errors()[0]
            option = ANNOUNCE_OPTIONS.get(str(first["loc"][0]), str(first["loc"][0]))
            message = str(first["msg"]).removeprefix("Value error, ")
            raise CliError(f"{option}: {message}") from exc
        guide = content.create_guide(session=session, app=app, guide_in=guide_in, author=None)
        try:
            version = content.publish_guide(session=session, app=app, guide=guide, author=None)
        except ApiError:
            content.delete_guide(session=session, app=app, guide=guide)
            raise
        click.echo(f"published announcement {guide.slug} (id {guide.id}, version {version.number})")


@cli.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
@friendly_errors
def backup_command(path: Path, force: bool) -> None:
    """Write a consistent copy of the database to PATH (safe while the server runs)."""
    from wegwijs.backup import BackupError, backup_database

    try:
        backup_database(load_settings().database, path, overwrite=force)
    except BackupError as exc:
        raise CliError(str(exc)) from exc
    click.echo(f"backed up to {path}")


@cli.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Confirm: the database's content is replaced.")
@friendly_errors
def restore_command(path: Path, yes: bool) -> None:
    """Replace the database's content with the backup at PATH; stop the server first."""
    from wegwijs.backup import BackupError, restore_database

    if not yes:
        raise CliError("restore replaces everything in the database; add --yes to confirm")
    settings = load_settings()
    try:
        restore_database(settings.database, path)
    except BackupError as exc:
        raise CliError(str(exc)) from exc
    engine = create_db_engine(settings.database)
    try:
        migrate(engine)  # a backup from an older release is brought up to date
    finally:
        engine.dispose()
    click.echo(f"restored from {path}")


@cli.group()
def analytics() -> None:
    """The reports' data: retention, erasure, and recounting the roll-ups."""


def parse_age(value: str) -> timedelta:
    """`180d` (days) or `26w` (weeks)."""
    number, unit = value[:-1], value[-1:]
    if not number.isdigit() or unit not in ("d", "w") or int(number) < 1:
        raise CliError(f"--older-than: {value!r} is not an age like 180d (days) or 26w (weeks)")
    return timedelta(days=int(number) * (7 if unit == "w" else 1))


def apps_named(session: Session, app_key: str | None) -> list[App]:
    """The app with this key, or every app when no key is given."""
    if app_key is None:
        return list(session.exec(select(App).order_by(App.id)).all())  # type: ignore[arg-type]
    app = get_app_by_key(session=session, key=app_key)
    if app is None:
        raise CliError(f"no app with key {app_key}")
    return [app]


@analytics.command("purge")
@click.option("--older-than", required=True, metavar="AGE", help="e.g. 180d or 26w.")
@click.option("--app", "app_key", default=None, help="Only this app [default: every app].")
@friendly_errors
def analytics_purge(older_than: str, app_key: str | None) -> None:
    """Delete events older than AGE with their roll-ups: whole days in each app's time zone.
    Run it daily (cron) to keep a retention period."""
    from wegwijs.analytics.erasure import purge_before
    from wegwijs.db import utcnow

    age = parse_age(older_than)
    with database(load_settings()) as session:
        for app in apps_named(session, app_key):
            assert app.id is not None
            purged = purge_before(session.connection(), app_id=app.id, older_than=age, now=utcnow())
            session.commit()
            click.echo(
                f"{app.key}: removed {purged.events} events and {purged.rollup_rows} roll-up"
                f" rows; reports start on {purged.kept_from}"
            )


@analytics.command("forget")
@click.option("--user", "user_id", required=True, help="The user id the host app identifies.")
@click.option("--app", "app_key", required=True, help="App key.")
@friendly_errors
def analytics_forget(user_id: str, app_key: str) -> None:
    """Erase one person (right to erasure): events, progress, visitor records, and their
    share of the reports."""
    from wegwijs.analytics.erasure import forget_person

    if not 1 <= len(user_id) <= 128:
        raise CliError("--user: a user id has 1 to 128 characters")
    with database(load_settings()) as session:
        (app,) = apps_named(session, app_key)
        assert app.id is not None
        forgotten = forget_person(session.connection(), app_id=app.id, user_id=user_id)
        session.commit()
        click.echo(
            f"forgot {user_id} in {app.key}: {forgotten.events} events, {forgotten.states}"
            f" progress rows, {forgotten.visitors} visitor records, {forgotten.rollup_rows}"
            " roll-up rows"
        )


@analytics.command("rebuild")
@click.option("--app", "app_key", default=None, help="Only this app [default: every app].")
@friendly_errors
def analytics_rebuild(app_key: str | None) -> None:
    """Recount the roll-ups from the stored events: once after upgrading to a version with
    reports, and after changing an app's time zone. Storing new events waits meanwhile."""
    from wegwijs.analytics.rollups import rebuild_rollups

    with database(load_settings()) as session:
        for app in apps_named(session, app_key):
            assert app.id is not None
            counted = rebuild_rollups(session.connection(), app_id=app.id)
            session.commit()
            click.echo(f"{app.key}: counted {counted} events")


@cli.command()
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--host-port", default=8001, show_default=True, type=click.IntRange(1, 65535))
@friendly_errors
def demo(port: int, host_port: int) -> None:
    """Start the server on SQLite with the example host app beside it (idempotent)."""
    from wegwijs.demo import run_demo

    run_demo(load_settings(), port=port, host_port=host_port)


def main() -> None:
    """Entry point: usage mistakes become one line too, never a traceback."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        if isinstance(exc, CliError):
            exc.show()
        else:
            click.echo(f"error: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
