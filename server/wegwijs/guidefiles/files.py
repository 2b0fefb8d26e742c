"""Reading and writing guide files, with problems located by file, line and field."""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from wegwijs.content.schemas import settings_for
from wegwijs.guidefiles.schema import GuideFile

SUFFIXES = (".yaml", ".yml")
HEADER = "# Wegwijs guide; format: guides/README.md, schema: guides/guide.schema.json\n"


@dataclass(frozen=True)
class FileProblem:
    path: Path
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class GuideFileError(Exception):
    """One or more files are wrong; nothing was changed."""

    def __init__(self, problems: Sequence[FileProblem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = list(problems)


def guide_paths(directory: Path) -> list[Path]:
    if not directory.is_dir():
        raise GuideFileError([FileProblem(directory, None, "", "is not a directory")])
    return sorted(path for path in directory.iterdir() if path.suffix in SUFFIXES)


def read_guide_file(path: Path) -> GuideFile:
    """The validated guide, or `GuideFileError` naming each wrong field and its line."""
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except UnicodeDecodeError:
        raise GuideFileError([FileProblem(path, None, "", "is not UTF-8 text")]) from None
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise GuideFileError(
            [FileProblem(path, line, "", f"not valid YAML: {exc.problem}")]
        ) from None
    if not isinstance(data, dict):
        raise GuideFileError([FileProblem(path, 1, "", "must be a mapping of guide fields")])
    try:
        guide = validate_guide(data)
    except InvalidGuide as exc:
        raise GuideFileError(
            [
                FileProblem(path, line_of(node, error.loc), error.field, error.message)
                for error in exc.errors
            ]
        ) from None
    if guide.slug != path.stem:
        problem = FileProblem(
            path, line_of(node, ("slug",)), "slug", f"must match the file name ({path.stem!r})"
        )
        raise GuideFileError([problem])
    return guide


@dataclass(frozen=True)
class FieldError:
    loc: tuple[str | int, ...]
    message: str
    type: str

    @property
    def field(self) -> str:
        return ".".join(str(part) for part in self.loc)


class InvalidGuide(Exception):
    """Guide data that is not a valid guide file; each error with its field's location."""

    def __init__(self, errors: Sequence[FieldError]) -> None:
        super().__init__("; ".join(f"{error.field}: {error.message}" for error in errors))
        self.errors = list(errors)


def validate_guide(data: Any) -> GuideFile:
    """Guide data (parsed YAML, or JSON sent to the API) checked as the content API checks
    a guide, the settings of its kind included; raises `InvalidGuide`."""
    if not isinstance(data, dict):
        raise InvalidGuide([FieldError((), "must be a mapping of guide fields", "dict_type")])
    try:
        guide = GuideFile.model_validate(data)
        settings_for(guide.kind, guide.settings)
    except ValidationError as exc:
        prefix = () if exc.title == GuideFile.__name__ else ("settings",)
        raise InvalidGuide(
            [
                FieldError((*prefix, *error["loc"]), error["msg"], error["type"])
                for error in exc.errors(include_url=False, include_input=False)
            ]
        ) from None
    return guide


def line_of(node: yaml.Node | None, loc: Sequence[Any]) -> int | None:
    """The line of the deepest node on the path `loc` (a missing key: its parent's line)."""
    if node is None:
        return None
    line = node.start_mark.line + 1
    for part in loc:
        child = _child(node, part)
        if child is None:
            break
        line, node = child
    return line


def _child(node: yaml.Node, part: Any) -> tuple[int, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == str(part):
                return key.start_mark.line + 1, value
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        item = node.value[part]
        return item.start_mark.line + 1, item
    return None


def guide_data(guide: GuideFile) -> dict[str, Any]:
    """The guide as plain JSON data: what a file holds, and what the admin API sends."""
    data: dict[str, Any] = json.loads(guide.model_dump_json(exclude_none=True))
    return data


def dump_guide(guide: GuideFile) -> str:
    """Stable text: the same guide always gives the same bytes, so exports diff cleanly."""
    body = yaml.safe_dump(
        guide_data(guide), sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
    )
    return HEADER + body
