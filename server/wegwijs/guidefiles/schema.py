"""The guide file format, made of the content API's own models, so both validate alike.

`guides/guide.schema.json` is generated from `GuideFile` (`wegwijs guides schema`); a test
fails when it is stale, so editors that read the schema always match the server.
"""

from typing import Any

from pydantic import Field, field_validator

from wegwijs.content.models import GuideKind
from wegwijs.content.schemas import MAX_STEPS, GuideCreate, GuideFields, Slug, StableId, StepFields

SCHEMA_FILE_NAME = "guide.schema.json"


class StepFile(StepFields):
    id: StableId
    """Stable: analytics count views per step id, so keep it when texts change."""


class GuideFile(GuideFields):
    """One guide: its file is `<slug>.yaml`, and the slug is what a re-import matches on."""

    slug: Slug
    kind: GuideKind
    steps: list[StepFile] = Field(default_factory=list, max_length=MAX_STEPS)

    @field_validator("steps")
    @classmethod
    def _distinct_ids(cls, steps: list[StepFile]) -> list[StepFile]:
        ids = [step.id for step in steps]
        if len(set(ids)) != len(ids):
            raise ValueError("step ids must be unique within the guide")
        return steps

    def to_create(self) -> GuideCreate:
        return GuideCreate.model_validate(self.model_dump())


def json_schema() -> dict[str, Any]:
    schema = GuideFile.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_FILE_NAME,
        "title": "Wegwijs guide",
        "description": "One guide per file, named <slug>.yaml; see guides/README.md.",
        **{key: value for key, value in schema.items() if key not in ("title", "description")},
    }
