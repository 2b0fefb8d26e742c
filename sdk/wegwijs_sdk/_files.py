"""Guide files on disk: the same YAML, byte for byte, as `wegwijs guides export` writes."""

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from wegwijs_sdk._calls import jsonable
from wegwijs_sdk._exceptions import ApiError, GuideFileError

SUFFIXES = (".yaml", ".yml")
HEADER = "# Wegwijs guide; format: guides/README.md, schema: guides/guide.schema.json\n"


def dump_guide(data: dict[str, Any]) -> str:
    """A guide file's text from its JSON (as the server sends it, fields in its order)."""
    body = yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
    )
    return HEADER + body


def write_guide_files(directory: Path, files: Sequence[dict[str, Any]]) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for data in files:
        path = directory / f"{data['slug']}.yaml"
        path.write_text(dump_guide(data), encoding="utf-8")
        written.append(path)
    return written


def read_guide_files(directory: Path) -> list[tuple[Path, dict[str, Any]]]:
    """Every `*.yaml` / `*.yml` file as JSON data, in name order; the server checks the rest."""
    if not directory.is_dir():
        raise GuideFileError(directory, "is not a directory")
    read = []
    for path in sorted(path for path in directory.iterdir() if path.suffix in SUFFIXES):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            raise GuideFileError(path, "is not UTF-8 text") from None
        except yaml.MarkedYAMLError as exc:
            line = f" (line {exc.problem_mark.line + 1})" if exc.problem_mark else ""
            raise GuideFileError(path, f"not valid YAML{line}: {exc.problem}") from None
        if not isinstance(data, dict):
            raise GuideFileError(path, "must be a mapping of guide fields")
        if data.get("slug") != path.stem:
            raise GuideFileError(path, f"slug must match the file name ({path.stem!r})")
        read.append((path, jsonable(data)))
    if not read:
        raise GuideFileError(directory, "holds no .yaml guide files")
    return read


def name_file(exc: ApiError, paths: Sequence[Path]) -> None:
    """Add the file's path to a refused import's error, from the index the server named."""
    details = exc.details if isinstance(exc.details, list) else []
    named = sorted(
        {detail["file"] for detail in details if isinstance(detail, dict) and "file" in detail}
    )
    for index in named:
        if isinstance(index, int) and 0 <= index < len(paths):
            exc.add_note(f"file: {paths[index]}")
