"""`wegwijs announce`: a scheduled change announcement from a release pipeline."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlmodel import Session, func, select

from wegwijs.cli import cli
from wegwijs.content.models import Guide, GuideVersion
from wegwijs.db import create_db_engine


@pytest.fixture
def app_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("WEGWIJS_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite'}")
    monkeypatch.setenv("WEGWIJS_DATA_DIR", str(tmp_path))
    created = CliRunner().invoke(cli, ["apps", "create", "Claims", "--origin", "http://h.example"])
    assert created.exit_code == 0, created.output
    return created.output.split()[2]


def guides(tmp_path: Path) -> list[Guide]:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    with Session(engine) as session:
        found = list(session.exec(select(Guide)).all())
        assert session.exec(select(func.count()).select_from(GuideVersion)).one() == len(found)
    engine.dispose()
    return found


def announce(app_key: str, *extra: str) -> list[str]:
    return [
        "announce",
        "--app",
        app_key,
        "--title",
        "Nieuw goedkeuringsscherm",
        "--body",
        "Goedkeuren staat nu onder **Team**.",
        "--url-rule",
        "/approvals/**",
        "--starts",
        "2026-12-01T09:00",
        *extra,
    ]


def test_announce_publishes_a_scheduled_announcement(app_key: str, tmp_path: Path) -> None:
    extra = ["--ends", "2026-12-15T17:00", "--display", "modal", "--url-rule", "/team"]
    result = CliRunner().invoke(cli, announce(app_key, *extra))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("published announcement nieuw-goedkeuringsscherm (id 1,")

    [guide] = guides(tmp_path)
    assert (guide.kind, guide.status, guide.live_version) == ("announcement", "published", 1)
    assert guide.targeting["url_rules"] == ["/approvals/**", "/team"]
    assert guide.starts_at == datetime(2026, 12, 1, 8, 0, tzinfo=UTC)  # Amsterdam, winter
    assert guide.ends_at == datetime(2026, 12, 15, 16, 0, tzinfo=UTC)
    assert guide.settings["display"] == "modal"
    assert guide.frequency == "until_completed"  # until the user acknowledges it


def test_the_locale_defaults_to_the_apps(app_key: str, tmp_path: Path) -> None:
    assert CliRunner().invoke(cli, announce(app_key)).exit_code == 0
    assert CliRunner().invoke(cli, announce(app_key, "--locale", "en")).exit_code == 0
    engine = create_db_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    with Session(engine) as session:
        versions = session.exec(select(GuideVersion).order_by(GuideVersion.guide_id)).all()
        assert [version.snapshot["locales"] for version in versions] == [["nl"], ["en"]]
    engine.dispose()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--url-rule", "claims"], "error: --url-rule: URL rule 2 ('claims')"),
        (["--ends", "2026-11-01T09:00"], "error: ends_at: must be after starts_at"),
        (["--starts", "next tuesday"], "error: --starts: "),
        (["--locale", "dutch"], "error: --title/--body/--locale: "),
    ],
)
def test_bad_input_is_one_error_line_and_changes_nothing(
    app_key: str, tmp_path: Path, extra: list[str], message: str
) -> None:
    result = CliRunner().invoke(cli, [*announce(app_key), *extra])
    assert result.exit_code == 1
    assert result.output.startswith(message), result.output
    assert len(result.output.strip().splitlines()) == 1
    assert guides(tmp_path) == []


def test_an_unknown_app_is_refused(app_key: str) -> None:
    result = CliRunner().invoke(cli, announce("app_nope"))
    assert (result.exit_code, result.output) == (1, "error: no app with key app_nope\n")
