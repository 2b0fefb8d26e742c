"""The `wegwijs` command, run as an operator would: a real process, real exit codes."""

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlmodel import Session, func, select

from tests.conftest import TEST_SECRET
from tests.databases import POSTGRES_URL, fresh_postgres_schema
from wegwijs.auth.models import Account, ApiToken, Membership
from wegwijs.auth.service import digest
from wegwijs.cli import cli as cli_group
from wegwijs.db import create_db_engine

needs_postgres = pytest.mark.skipif(not POSTGRES_URL, reason="WEGWIJS_TEST_DATABASE_URL not set")


@dataclass
class Cli:
    env: dict[str, str]
    database_url: str

    def run(self, *args: str, stdin: str = "", env: dict[str, str] | None = None):
        return subprocess.run(
            [sys.executable, "-m", "wegwijs", *args],
            input=stdin,
            capture_output=True,
            text=True,
            env={**self.env, **(env or {})},
            timeout=60,
        )

    def count(self, model: type) -> int:
        engine = create_db_engine(self.database_url)
        with Session(engine) as session:
            number = session.exec(select(func.count()).select_from(model)).one()
        engine.dispose()
        return number


def _base_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WEGWIJS_")}
    return {**env, "WEGWIJS_DATA_DIR": str(tmp_path / "data")}


@pytest.fixture
def sqlite_cli(tmp_path: Path) -> Cli:
    url = f"sqlite:///{tmp_path / 'data' / 'wegwijs.db'}"
    return Cli(env=_base_env(tmp_path), database_url=url)


@pytest.fixture
def postgresql_cli(tmp_path: Path) -> Iterator[Cli]:
    with fresh_postgres_schema("wegwijs_cli") as url:
        env = {
            **_base_env(tmp_path),
            "WEGWIJS_DATABASE_URL": url,
            "WEGWIJS_SECRET_KEY": TEST_SECRET,
        }
        yield Cli(env=env, database_url=url)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=needs_postgres)])
def cli(request: pytest.FixtureRequest) -> Cli:
    return request.getfixturevalue(f"{request.param}_cli")


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    return lines[0]


def test_help_everywhere() -> None:
    for command in (
        [],
        ["serve"],
        ["migrate"],
        ["accounts", "create"],
        ["accounts", "set-password"],
        ["apps", "create"],
        ["members", "set"],
        ["tokens", "create"],
        ["demo"],
    ):
        result = CliRunner().invoke(cli_group, [*command, "--help"])
        assert result.exit_code == 0, (command, result.output)
        assert "Usage:" in result.output


def test_accounts_apps_members_and_tokens(cli: Cli) -> None:
    created = cli.run("accounts", "create", "Lead@Example.com", stdin="a long enough password\n")
    assert created.returncode == 0, created.stderr
    assert "lead@example.com" in created.stdout
    assert "a long enough password" not in created.stdout + created.stderr  # never echoed

    app = cli.run("apps", "create", "Claims", "--origin", "https://claims.example.com")
    assert app.returncode == 0, app.stderr
    key = app.stdout.split("app key: ")[1].split()[0]
    assert f'data-app-key="{key}"' in app.stdout

    member = cli.run("members", "set", "--app", key, "lead@example.com", "author")
    assert member.returncode == 0, member.stderr
    assert cli.count(Membership) == 1

    token = cli.run("tokens", "create", "--app", key, "--role", "author", "--name", "ci")
    assert token.returncode == 0, token.stderr
    plain = token.stdout.strip()
    assert plain.startswith("wgw_")
    engine = create_db_engine(cli.database_url)
    with Session(engine) as session:
        stored = session.exec(select(ApiToken)).one()
        assert stored.token_hash == digest(plain)
    engine.dispose()


def test_duplicate_email_exits_nonzero_and_changes_nothing(cli: Cli) -> None:
    assert (
        cli.run("accounts", "create", "a@example.com", stdin="first password!!\n").returncode == 0
    )
    again = cli.run("accounts", "create", "A@example.com", stdin="second password!!\n")
    assert again.returncode == 1
    assert "exists" in one_error_line(again)
    assert cli.count(Account) == 1


def test_unknown_role_exits_nonzero_and_changes_nothing(cli: Cli) -> None:
    cli.run("accounts", "create", "a@example.com", stdin="first password!!\n")
    app = cli.run("apps", "create", "Claims")
    key = app.stdout.split("app key: ")[1].split()[0]
    result = cli.run("members", "set", "--app", key, "a@example.com", "boss")
    assert result.returncode == 2
    assert "boss" in one_error_line(result)
    assert cli.count(Membership) == 0
    token = cli.run("tokens", "create", "--app", key, "--role", "root", "--name", "x")
    assert token.returncode == 2
    one_error_line(token)
    assert cli.count(ApiToken) == 0


def test_short_password_and_bad_origin_are_refused(cli: Cli) -> None:
    short = cli.run("accounts", "create", "a@example.com", stdin="short\n")
    assert short.returncode == 1
    assert "12 characters" in one_error_line(short)
    bad = cli.run("apps", "create", "Claims", "--origin", "not a url")
    assert bad.returncode == 1
    assert "origin" in one_error_line(bad)
    bad_email = cli.run("accounts", "create", "not-an-email", stdin="long enough password\n")
    assert bad_email.returncode == 1
    one_error_line(bad_email)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://root@localhost/x", "unsupported database"),
        ("not a url at all", "malformed database URL"),
        ("postgresql://", "names no database"),
    ],
)
def test_malformed_database_url_is_one_clear_line(
    sqlite_cli: Cli, tmp_path: Path, url: str, message: str
) -> None:
    result = sqlite_cli.run("migrate", env={"WEGWIJS_DATABASE_URL": url})
    assert result.returncode == 1
    line = one_error_line(result)
    assert "WEGWIJS_DATABASE_URL" in line
    assert message in line
    assert not (tmp_path / "data").exists()  # nothing was created


def test_postgresql_requires_a_secret_key(sqlite_cli: Cli) -> None:
    url = "postgresql://postgres@127.0.0.1:5432/test"
    result = sqlite_cli.run("migrate", env={"WEGWIJS_DATABASE_URL": url})
    assert result.returncode == 1
    assert "WEGWIJS_SECRET_KEY is required" in one_error_line(result)


def test_sqlite_secret_key_is_generated_once_and_private(sqlite_cli: Cli, tmp_path: Path) -> None:
    assert sqlite_cli.run("migrate").returncode == 0
    key_file = tmp_path / "data" / "secret_key"
    first = key_file.read_text()
    assert len(first.strip()) >= 32
    assert key_file.stat().st_mode & 0o077 == 0
    assert sqlite_cli.run("migrate").returncode == 0
    assert key_file.read_text() == first


def test_set_password_from_stdin(cli: Cli) -> None:
    cli.run("accounts", "create", "a@example.com", stdin="first password!!\n")
    changed = cli.run("accounts", "set-password", "a@example.com", stdin="second password!!\n")
    assert changed.returncode == 0, changed.stderr
    missing = cli.run("accounts", "set-password", "b@example.com", stdin="second password!!\n")
    assert missing.returncode == 1
    assert "no account" in one_error_line(missing)
