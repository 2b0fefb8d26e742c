"""`wegwijs backup` / `wegwijs restore`: a consistent copy of the database, and back.

SQLite uses its online backup API, so a backup taken while the server runs is consistent.
PostgreSQL uses `pg_dump --format=custom` and `pg_restore --clean`, the tools its operators
already trust; the password goes to them through the environment, never the command line.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import URL


class BackupError(Exception):
    """Something an operator can fix; the message says what."""


def backup_database(url: URL, target: Path, *, overwrite: bool = False) -> None:
    if target.exists() and not overwrite:
        raise BackupError(f"{target} exists; pass --force to overwrite it")
    target.parent.mkdir(parents=True, exist_ok=True)
    if url.get_backend_name() == "sqlite":
        _sqlite_copy(_sqlite_path(url), target)
    else:
        _pg_dump(url, target)


def restore_database(url: URL, source: Path) -> None:
    """Replace the database's content with the backup's; run `migrate` afterwards."""
    if not source.is_file():
        raise BackupError(f"{source} is not a file")
    if url.get_backend_name() == "sqlite":
        _check_sqlite_backup(source)
        _sqlite_copy(source, _sqlite_path(url))
    else:
        _pg_restore(url, source)


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return Path(url.database)


def _sqlite_copy(source: Path, target: Path) -> None:
    origin = sqlite3.connect(source)
    destination = sqlite3.connect(target)
    try:
        with destination:
            origin.backup(destination)
    finally:
        destination.close()
        origin.close()


def _check_sqlite_backup(source: Path) -> None:
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as connection:
            connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{source} is not a Wegwijs SQLite backup ({exc})") from exc


def _libpq(url: URL) -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump/pg_restore, and the environment with the password.

    A `search_path` in the URL's `options` (one schema per deployment, or per test run)
    limits the dump to that schema."""
    arguments = [
        f"--host={url.host or 'localhost'}",
        f"--port={url.port or 5432}",
        f"--username={url.username or 'postgres'}",
        f"--dbname={url.database or 'postgres'}",
        "--no-password",
    ]
    env = {**os.environ}
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    options = url.query.get("options")
    text = options if isinstance(options, str) else " ".join(options or ())
    for option in text.split():
        name, _, value = option.removeprefix("-c").partition("=")
        if name == "search_path" and value:
            arguments.append(f"--schema={value.split(',')[0].strip()}")
    return arguments, env


def _pg_dump(url: URL, target: Path) -> None:
    arguments, env = _libpq(url)
    _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}", *arguments], env)


def _pg_restore(url: URL, source: Path) -> None:
    arguments, env = _libpq(url)
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            *arguments,
            str(source),
        ],
        env,
    )


def _run(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (Debian: apt install postgresql-client)")
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["failed"])[-1]
        raise BackupError(f"{command[0]}: {reason}")
