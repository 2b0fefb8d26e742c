"""Recorded steps become a draft walkthrough, through the same service the content API uses."""

from sqlmodel import Session

from wegwijs.apps.models import App
from wegwijs.auth.models import Account
from wegwijs.content import service as content
from wegwijs.content.models import AdvanceTrigger, Guide, GuideKind
from wegwijs.content.schemas import GuideCreate, StepContent, StepIn, StepUpdate
from wegwijs.content.snapshot import ordered_steps
from wegwijs.errors import ApiError
from wegwijs.recording.schemas import PickIn, RecordedStep, RecordingIn
from wegwijs.recording.suggest import TRIGGERS, sample_url_for, suggested_text, url_rule_for
from wegwijs.recording.tokens import RecordGrant


def draft_step(step: RecordedStep, *, app: App, locale: str) -> StepIn:
    title, body = suggested_text(step.action, step.label, locale)
    return StepIn(
        target=step.target,
        url_rule=url_rule_for(step.url),
        sample_url=sample_url_for(step.url, app.url_param_denylist),
        advance_trigger=AdvanceTrigger(TRIGGERS[step.action]),
        content={locale: StepContent(title=title, body=body)},
    )


def save_recording(*, session: Session, app: App, author: Account, recording: RecordingIn) -> Guide:
    """A new draft walkthrough, shown on the pages where its first step was recorded."""
    locale = recording.locale or app.default_locale
    steps = [draft_step(step, app=app, locale=locale) for step in recording.steps]
    first_rule = steps[0].url_rule or "*"
    guide_in = GuideCreate.model_validate(
        {
            "kind": GuideKind.walkthrough,
            "name": recording.name,
            "targeting": {"url_rules": [first_rule]},
            "steps": [step.model_dump() for step in steps],
        }
    )
    return content.create_guide(session=session, app=app, guide_in=guide_in, author=author)


def save_pick(*, session: Session, app: App, grant: RecordGrant, pick: PickIn) -> Guide:
    """A re-picked element for the one guide (and step) the token names."""
    if grant.guide_id is None:
        raise ApiError(403, "invalid_record_token", "This record token is not for picking.")
    guide = content.get_guide(session=session, app=app, guide_id=grant.guide_id)
    fields = {
        "target": pick.target,
        "url_rule": url_rule_for(pick.url),
        "sample_url": sample_url_for(pick.url, app.url_param_denylist),
    }
    steps = ordered_steps(session=session, guide=guide)
    if grant.step_id is None and not steps:
        content.add_step(session=session, guide=guide, step_in=StepIn.model_validate(fields))
        return guide
    step_id = grant.step_id or steps[0].stable_id
    step = content.get_step(session=session, guide=guide, step_id=step_id)
    content.update_step(
        session=session, guide=guide, step=step, step_in=StepUpdate.model_validate(fields)
    )
    return guide
