"""Guides as YAML files: export, import (all or nothing), dry runs and the JSON Schema."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from tests.factories import make_app, make_guide, step_body
from wegwijs.cli import cli
from wegwijs.content.models import Guide, GuideKind, GuideVersion
from wegwijs.content.service import describe_guide, publish_guide
from wegwijs.guidefiles.files import GuideFileError
from wegwijs.guidefiles.schema import json_schema
from wegwijs.guidefiles.sync import export_guides, import_guides

ROOT = Path(__file__).resolve().parents[2]

WALKTHROUGH = """\
slug: submit-claim
kind: walkthrough
name: Declaratie indienen
targeting:
  url_rules:
  - /claims/new
  audience:
    all:
    - trait: role
      op: eq
      value: employee
frequency: until_completed
priority: 5
steps:
- id: amount
  target:
    attributes:
      name: amount
  placement: bottom
  advance_trigger: input
  content:
    nl:
      title: Vul het bedrag in
      body: Het bedrag **inclusief** btw.
    en:
      title: Fill in the amount
      body: The amount **including** VAT.
- id: save
  target:
    role: button
    name: Opslaan
  advance_trigger: click
  content:
    nl:
      title: Opslaan
    en:
      title: Save
"""

CHECKLIST = """\
slug: onboarding
kind: checklist
name: Aan de slag
settings:
  items:
  - submit-claim
steps:
- id: intro
  content:
    nl:
      title: Aan de slag
    en:
      title: Getting started
"""


def write(directory: Path, files: dict[str, str]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def guide_count(engine: Engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(Guide)).one()


def test_export_import_export_gives_identical_files(engine: Engine, tmp_path: Path) -> None:
    with Session(engine) as session:
        source = make_app(session, name="Source")
        target = make_app(session, name="Target")
        target_key = target.key
        make_guide(
            session,
            source,
            name="Submit a claim",
            steps=[step_body("Open the form"), step_body("Fill in", locale="en")],
            targeting={"url_rules": ["/claims/:id/edit"], "element": "#claim"},
            starts_at="2026-12-01T09:00:00",
            frequency="always",
        )
        make_guide(
            session, source, kind=GuideKind.tip, name="Cost centre", settings={"icon": "info"}
        )
        first = export_guides(session=session, app=source, directory=tmp_path / "one")

    report = import_guides(engine=engine, app_key=target_key, directory=tmp_path / "one")
    assert sorted(report.created) == sorted(path.stem for path in first)

    with Session(engine) as session:
        target = session.exec(select(type(source)).where(type(source).key == target_key)).one()
        second = export_guides(session=session, app=target, directory=tmp_path / "two")
    assert [p.name for p in first] == [p.name for p in second]
    for one, two in zip(first, second, strict=True):
        assert one.read_bytes() == two.read_bytes()

    again = import_guides(engine=engine, app_key=target_key, directory=tmp_path / "two")
    assert again.created == [] and again.changed == []
    assert sorted(again.unchanged) == sorted(report.created)


def test_import_updates_by_slug_and_publishes_in_order(engine: Engine, tmp_path: Path) -> None:
    with Session(engine) as session:
        app_key = make_app(session).key
    files = write(tmp_path, {"submit-claim.yaml": WALKTHROUGH, "onboarding.yaml": CHECKLIST})

    first = import_guides(engine=engine, app_key=app_key, directory=files, publish=True)
    assert sorted(first.created) == ["onboarding", "submit-claim"]
    assert first.published == ["submit-claim", "onboarding"]

    write(tmp_path, {"submit-claim.yaml": WALKTHROUGH.replace("priority: 5", "priority: 7")})
    second = import_guides(engine=engine, app_key=app_key, directory=files, publish=True)
    assert (second.changed, second.unchanged, second.published) == (
        ["submit-claim"],
        ["onboarding"],
        ["submit-claim"],
    )
    with Session(engine) as session:
        guide = session.exec(select(Guide).where(Guide.slug == "submit-claim")).one()
        described = describe_guide(session=session, guide=guide)
        assert described.priority == 7 and described.live_version == 2
        assert [step.id for step in described.steps] == ["amount", "save"]
        versions = session.exec(select(func.count()).select_from(GuideVersion)).one()
    third = import_guides(engine=engine, app_key=app_key, directory=files, publish=True)
    assert third.published == [] and third.changed == []
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(GuideVersion)).one() == versions


def test_dry_run_reports_and_changes_nothing(engine: Engine, tmp_path: Path) -> None:
    with Session(engine) as session:
        app_key = make_app(session).key
    files = write(tmp_path, {"submit-claim.yaml": WALKTHROUGH, "onboarding.yaml": CHECKLIST})
    report = import_guides(
        engine=engine, app_key=app_key, directory=files, publish=True, dry_run=True
    )
    assert sorted(report.created) == ["onboarding", "submit-claim"]
    assert report.published == ["submit-claim", "onboarding"]
    assert guide_count(engine) == 0


@pytest.mark.parametrize(
    ("text", "line", "field"),
    [
        (WALKTHROUGH.replace("priority: 5", "priority: 5000"), 13, "priority"),
        (WALKTHROUGH.replace("placement: bottom", "placement: sideways"), 19, "steps.0.placement"),
        (WALKTHROUGH.replace("op: eq", "op: equals"), 7, "targeting.audience"),
        (
            WALKTHROUGH.replace("      title: Save", "      title: " + "x" * 300),
            37,
            "steps.1.content.en.title",
        ),
        (WALKTHROUGH.replace("- id: save", "- id: amount"), 14, "steps"),
        (WALKTHROUGH + "colour: red\n", 38, "colour"),
        (WALKTHROUGH.replace("slug: submit-claim", "slug: other"), 1, "slug"),
        ("slug: [unclosed\n", 2, ""),
    ],
)
def test_a_bad_file_is_located_and_changes_nothing(
    engine: Engine, tmp_path: Path, text: str, line: int, field: str
) -> None:
    with Session(engine) as session:
        app_key = make_app(session).key
    files = write(tmp_path, {"onboarding.yaml": CHECKLIST, "submit-claim.yaml": text})
    with pytest.raises(GuideFileError) as raised:
        import_guides(engine=engine, app_key=app_key, directory=files)
    problem = raised.value.problems[0]
    assert problem.path.name == "submit-claim.yaml"
    assert (problem.line, problem.field) == (line, field), str(problem)
    assert guide_count(engine) == 0


def test_a_guide_that_cannot_publish_rolls_everything_back(engine: Engine, tmp_path: Path) -> None:
    with Session(engine) as session:
        app_key = make_app(session).key
    orphan = CHECKLIST.replace("- submit-claim", "- no-such-walkthrough")
    files = write(tmp_path, {"submit-claim.yaml": WALKTHROUGH, "onboarding.yaml": orphan})
    with pytest.raises(GuideFileError) as raised:
        import_guides(engine=engine, app_key=app_key, directory=files, publish=True)
    assert raised.value.problems[0].path.name == "onboarding.yaml"
    assert guide_count(engine) == 0


def test_archived_guides_and_kind_changes_are_refused(engine: Engine, tmp_path: Path) -> None:
    with Session(engine) as session:
        app = make_app(session)
        app_key = app.key
        guide = make_guide(session, app, kind=GuideKind.tip, name="Submit claim")
        publish_guide(session=session, app=app, guide=guide, author=None)
    files = write(tmp_path, {"submit-claim.yaml": WALKTHROUGH})
    with pytest.raises(GuideFileError, match="cannot become a walkthrough"):
        import_guides(engine=engine, app_key=app_key, directory=files)


def test_the_schema_file_is_current() -> None:
    committed = json.loads((ROOT / "guides" / "guide.schema.json").read_text(encoding="utf-8"))
    assert committed == json_schema(), (
        "run: wegwijs guides schema --output guides/guide.schema.json"
    )


def test_cli_prints_each_problem_as_an_error_line(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("WEGWIJS_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite'}")
    monkeypatch.setenv("WEGWIJS_DATA_DIR", str(tmp_path))
    bad = WALKTHROUGH.replace("priority: 5", "priority: high").replace(
        "placement: bottom", "placement: x"
    )
    files = write(tmp_path / "guides", {"submit-claim.yaml": bad})
    runner = CliRunner()
    created = runner.invoke(cli, ["apps", "create", "Claims", "--origin", "http://h.example"])
    assert created.exit_code == 0, created.output
    result = runner.invoke(cli, ["guides", "import", str(files), "--app", "app_nope"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("error: ") and "submit-claim.yaml:13: priority:" in lines[0]
    assert lines[1].startswith("error: ") and "submit-claim.yaml:19: steps.0.placement:" in lines[1]
