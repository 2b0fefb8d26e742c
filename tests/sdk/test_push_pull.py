"""`push` and `pull` of guide files: the same bytes as `wegwijs guides export`."""

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.factories import make_app, make_token
from tests.sdk.conftest import SERVER, InProcessTransport, Tokens
from wegwijs.apps.service import get_app_by_key
from wegwijs.auth.models import Role
from wegwijs.cli import cli
from wegwijs.config import Settings
from wegwijs.db import create_db_engine
from wegwijs.guidefiles.sync import export_guides
from wegwijs.main import create_app
from wegwijs.migrate import migrate
from wegwijs_sdk import Client, GuideFileError, ValidationFailed


def awkward_guides(sdk: Client, app_key: str) -> None:
    """Guides whose text YAML must quote, fold or escape: each must come back byte-equal."""
    sdk.guides.create(
        app_key,
        kind="walkthrough",
        name="Declaratie: indienen # stap 1",
        slug="declaratie-indienen",
        targeting={
            "url_rules": ["/claims/new", "#/orders/:id"],
            "audience": {"all": [{"trait": "role", "op": "in", "value": ["yes", "no", "null"]}]},
            "element": "#claim-form > .amount[data-x='1']",
        },
        starts_at="2026-12-01T09:00:00",
        ends_at="2027-03-31T23:59:59+02:00",
        frequency="until_dismissed",
        priority=-7,
        steps=[
            {
                "id": "amount",
                "target": {"attributes": {"name": "amount"}, "fingerprint": {"x": 1.5, "n": 3}},
                "url_rule": "/claims/new",
                "sample_url": "https://claims.example.com/claims/new?x=1&y=ü",
                "placement": "bottom",
                "advance_trigger": "input",
                "content": {
                    "nl": {
                        "title": "2026-01-01",
                        "body": "Het bedrag **inclusief** btw.\n\n- één\n- twee: drie\n"
                        + "x" * 150,
                    },
                    "en": {"title": "0123", "body": "  leading spaces and a trailing one "},
                },
            },
            {"id": "save", "content": {"nl": {"title": "Opslaan ✓", "body": "'quoted' \"too\""}}},
        ],
    )
    sdk.guides.create(
        app_key,
        kind="tip",
        name="Kostenplaats",
        settings={"icon": "info", "trigger": "click"},
        steps=[{"target": {"id": "cost"}, "content": {"nl": {"title": "true", "body": ""}}}],
    )


def files_of(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


def test_pull_writes_what_the_export_writes(
    sdk: Client, tokens: Tokens, session: Session, tmp_path: Path
) -> None:
    awkward_guides(sdk, tokens.app_key)
    app = get_app_by_key(session=session, key=tokens.app_key)
    assert app is not None
    export_guides(session=session, app=app, directory=tmp_path / "export")

    written = sdk.pull(tokens.app_key, tmp_path / "pull")
    assert [path.name for path in written] == ["declaratie-indienen.yaml", "kostenplaats.yaml"]
    assert files_of(tmp_path / "pull") == files_of(tmp_path / "export")


def test_pull_equals_the_cli_command(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = f"sqlite:///{tmp_path / 'wegwijs.db'}"
    engine = create_db_engine(database)
    migrate(engine)
    with Session(engine) as session:
        app = make_app(session)
        app_key, token = app.key, make_token(session, app, Role.author)
    with TestClient(create_app(settings, engine=engine)) as client:
        sdk = Client(SERVER, token, transport=InProcessTransport(client))
        awkward_guides(sdk, app_key)
        sdk.pull(app_key, tmp_path / "pull")
        sdk.close()
    engine.dispose()

    monkeypatch.setenv("WEGWIJS_DATABASE_URL", database)
    monkeypatch.setenv("WEGWIJS_DATA_DIR", str(tmp_path))
    result = CliRunner().invoke(cli, ["guides", "export", str(tmp_path / "cli"), "--app", app_key])
    assert result.exit_code == 0, result.output
    assert files_of(tmp_path / "pull") == files_of(tmp_path / "cli")
    assert len(files_of(tmp_path / "cli")) == 2


def test_push_into_another_app_and_pull_gives_the_same_files(
    connect: Callable[[str], Client], sdk: Client, tokens: Tokens, session: Session, tmp_path: Path
) -> None:
    awkward_guides(sdk, tokens.app_key)
    sdk.pull(tokens.app_key, tmp_path / "one")
    other = make_app(session, name="Other")
    target = connect(make_token(session, other, Role.author))

    dry = target.push(other.key, tmp_path / "one", publish=True, dry_run=True)
    assert dry.dry_run and dry.created == ["declaratie-indienen", "kostenplaats"]
    assert target.guides.list(other.key).count == 0

    report = target.push(other.key, tmp_path / "one", publish=True)
    assert report.created == ["declaratie-indienen", "kostenplaats"]
    assert report.published == ["declaratie-indienen", "kostenplaats"]
    target.pull(other.key, tmp_path / "two")
    assert files_of(tmp_path / "two") == files_of(tmp_path / "one")

    again = target.push(other.key, str(tmp_path / "two"), publish=True)
    assert again.unchanged == ["declaratie-indienen", "kostenplaats"] and again.published == []


def test_a_refused_push_names_the_file(sdk: Client, tokens: Tokens, tmp_path: Path) -> None:
    good = "slug: good\nkind: tip\nname: Good\nsteps:\n- id: a\n  content: {nl: {title: A}}\n"
    (tmp_path / "good.yaml").write_text(good, encoding="utf-8")
    (tmp_path / "bad.yml").write_text("slug: bad\nkind: tip\nname: Bad\npriority: high\n")
    (tmp_path / "notes.txt").write_text("not a guide file")
    with pytest.raises(ValidationFailed) as raised:
        sdk.push(tokens.app_key, tmp_path)
    error = raised.value
    assert error.message.startswith("files.0 (bad): priority: ")
    assert error.__notes__ == [f"file: {tmp_path / 'bad.yml'}"]
    assert sdk.guides.list(tokens.app_key).count == 0


@pytest.mark.parametrize(
    ("files", "problem"),
    [
        ({}, "holds no .yaml guide files"),
        ({"a.yaml": "slug: b\nkind: tip\n"}, "a.yaml: slug must match the file name ('a')"),
        ({"a.yaml": "- just\n- a list\n"}, "a.yaml: must be a mapping of guide fields"),
        ({"a.yaml": "slug: [a\n"}, "a.yaml: not valid YAML (line 2)"),
    ],
)
def test_local_problems_stop_a_push_before_any_request(
    tmp_path: Path, files: dict[str, str], problem: str
) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with Client(SERVER, "wgw_never-sent") as sdk:
        with pytest.raises(GuideFileError, match=re.escape(problem)):
            sdk.push("app_x", tmp_path)
        with pytest.raises(GuideFileError, match="is not a directory"):
            sdk.push("app_x", tmp_path / "missing")
