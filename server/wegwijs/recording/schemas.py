"""What the recorder sends: facts about each step, never what the author typed."""

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from wegwijs.content.schemas import MAX_STEPS, Name, SampleUrl, Strict, Target
from wegwijs.recording.suggest import Action

TokenText = Annotated[str, StringConstraints(min_length=1, max_length=1000)]
LabelText = Annotated[str, StringConstraints(max_length=500)]


class RecordedStep(Strict):
    target: Target
    """The element's bundle, as captured by the recorder."""
    url: SampleUrl
    """The page the author was on."""
    action: Action = "click"
    label: LabelText = ""
    """The element's accessible name or visible text, confirmed by the author."""


class RecorderPayload(Strict):
    record_token: TokenText


class RecordingIn(RecorderPayload):
    name: Name
    locale: Literal["nl", "en"] | None = None
    """The author's language for the suggested texts; the app's default when left out."""
    steps: list[RecordedStep] = Field(min_length=1, max_length=MAX_STEPS)


class PickIn(RecorderPayload):
    target: Target
    url: SampleUrl
