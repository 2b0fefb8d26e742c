"""Guides and their steps, publishing and version history; every query scoped to one app."""

import re
import secrets
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError
from sqlalchemy import and_, func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from wegwijs.apps.models import App
from wegwijs.auth.models import Account
from wegwijs.content.diff import diff_sources
from wegwijs.content.models import Guide, GuideKind, GuideStatus, GuideVersion, Step
from wegwijs.content.schemas import (
    MAX_STEPS,
    GuideCreate,
    GuidePublic,
    GuideUpdate,
    StepFields,
    StepIn,
    StepPublic,
    StepUpdate,
    VersionPublic,
    settings_for,
)
from wegwijs.content.snapshot import SOURCE_KEY, build_snapshot, draft_source, ordered_steps
from wegwijs.db import utcnow
from wegwijs.errors import ApiError
from wegwijs.search.service import sync_guide_index

# -- errors -----------------------------------------------------------------------------------


def invalid(loc: Sequence[str | int], msg: str) -> ApiError:
    """A 422 in the same shape as a request validation error, for checks that need the app."""
    where = ".".join(str(part) for part in loc)
    details = [{"loc": ["body", *loc], "msg": msg, "type": "value_error"}]
    return ApiError(422, "validation_error", f"{where}: {msg}", details=details)


def _invalid_settings(exc: ValidationError) -> ApiError:
    details = [
        {"loc": ["body", "settings", *err["loc"]], "msg": err["msg"], "type": err["type"]}
        for err in exc.errors()
    ]
    where = ".".join(str(part) for part in details[0]["loc"][1:])
    return ApiError(422, "validation_error", f"{where}: {details[0]['msg']}", details=details)


def _commit(session: Session, *, conflict: str) -> None:
    """Commit; a unique constraint hit by a concurrent request is a conflict, not a crash."""
    try:
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        raise ApiError(409, "conflict", conflict) from exc


def _refuse_archived(guide: Guide) -> None:
    if guide.status == GuideStatus.archived:
        raise ApiError(409, "guide_archived", "This guide is archived; restore it to change it.")


# -- reading ----------------------------------------------------------------------------------


def get_guide(*, session: Session, app: App, guide_id: int) -> Guide:
    """The guide, only if it belongs to the app in the path: other apps' ids are 404."""
    guide = session.exec(select(Guide).where(Guide.id == guide_id, Guide.app_id == app.id)).first()
    if guide is None:
        raise ApiError(404, "guide_not_found", f"No guide {guide_id} in this app.")
    return guide


def list_guides(
    *,
    session: Session,
    app: App,
    page: int,
    per_page: int,
    kind: GuideKind | None = None,
    status: GuideStatus | None = None,
    q: str | None = None,
) -> tuple[list[Guide], int]:
    """One page of the app's guides, most recently changed first, and the total count."""
    conditions: list[Any] = [Guide.app_id == app.id]
    if kind is not None:
        conditions.append(Guide.kind == kind)
    if status is not None:
        conditions.append(Guide.status == status)
    if q:
        pattern = "%" + re.sub(r"([\\%_])", r"\\\1", q) + "%"
        conditions.append(col(Guide.name).ilike(pattern, escape="\\"))
    count = session.exec(select(func.count()).select_from(Guide).where(*conditions)).one()
    statement = (
        select(Guide)
        .where(*conditions)
        .order_by(col(Guide.updated_at).desc(), col(Guide.id).desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    return list(session.exec(statement).all()), count


def describe_guides(*, session: Session, guides: Sequence[Guide]) -> list[GuidePublic]:
    """Guides as the admin API shows them, with steps and live versions loaded in bulk."""
    ids = [guide.id for guide in guides]
    steps: dict[int, list[Step]] = defaultdict(list)
    for step in session.exec(
        select(Step).where(col(Step.guide_id).in_(ids)).order_by(col(Step.position))
    ):
        steps[step.guide_id].append(step)
    live_join = and_(
        col(Guide.id) == GuideVersion.guide_id, col(Guide.live_version) == GuideVersion.number
    )
    live = {
        version.guide_id: version
        for version in session.exec(
            select(GuideVersion).join(Guide, live_join).where(col(Guide.id).in_(ids))
        )
    }
    return [_guide_public(guide, steps[guide.id or 0], live.get(guide.id or 0)) for guide in guides]


def describe_guide(*, session: Session, guide: Guide) -> GuidePublic:
    return describe_guides(session=session, guides=[guide])[0]


def _guide_public(guide: Guide, steps: list[Step], live: GuideVersion | None) -> GuidePublic:
    current = draft_source(guide=guide, steps=steps)
    changed = live is None or live.snapshot.get(SOURCE_KEY) != current
    stored = GuidePublic.model_fields.keys() - {"has_unpublished_changes", "steps"}
    return GuidePublic.model_validate(
        {
            **{name: getattr(guide, name) for name in stored},
            "has_unpublished_changes": changed,
            "steps": [step_public(step) for step in steps],
        }
    )


def step_public(step: Step) -> StepPublic:
    stored = StepPublic.model_fields.keys() - {"id"}
    return StepPublic.model_validate(
        {**{name: getattr(step, name) for name in stored}, "id": step.stable_id}
    )


# -- guides -----------------------------------------------------------------------------------


def create_guide(
    *, session: Session, app: App, guide_in: GuideCreate, author: Account | None
) -> Guide:
    assert app.id is not None
    starts_at, ends_at = _schedule(app, guide_in.starts_at, guide_in.ends_at)
    if guide_in.slug is not None:
        _refuse_taken_slug(session=session, app=app, slug=guide_in.slug)
    guide = Guide(
        app_id=app.id,
        slug=guide_in.slug or _free_slug(session=session, app=app, name=guide_in.name),
        kind=guide_in.kind,
        name=guide_in.name,
        targeting=guide_in.targeting.model_dump(mode="json"),
        starts_at=starts_at,
        ends_at=ends_at,
        frequency=guide_in.frequency,
        priority=guide_in.priority,
        settings=_settings(guide_in.kind, guide_in.settings),
        created_by_id=author.id if author else None,
    )
    session.add(guide)
    session.flush()
    taken: set[str] = set()
    for position, step_in in enumerate(guide_in.steps):
        session.add(_new_step(guide=guide, step_in=step_in, position=position, taken=taken))
    _commit(session, conflict=f"The slug {guide.slug!r} was just taken; choose another.")
    session.refresh(guide)
    return guide


def update_guide(*, session: Session, app: App, guide: Guide, guide_in: GuideUpdate) -> Guide:
    """Change the draft; what visitors see changes only at the next publish."""
    _refuse_archived(guide)
    changes = guide_in.model_dump(include=guide_in.model_fields_set)
    if guide_in.targeting is not None:
        changes["targeting"] = guide_in.targeting.model_dump(mode="json")
    if guide_in.settings is not None:
        changes["settings"] = _settings(guide.kind, guide_in.settings)
    starts_at, ends_at = _schedule(
        app, changes.get("starts_at", guide.starts_at), changes.get("ends_at", guide.ends_at)
    )
    changes.update(starts_at=starts_at, ends_at=ends_at)
    if guide_in.slug is not None and guide_in.slug != guide.slug:
        _refuse_taken_slug(session=session, app=app, slug=guide_in.slug)
    guide.sqlmodel_update(changes)
    session.add(guide)
    _commit(session, conflict=f"The slug {guide.slug!r} was just taken; choose another.")
    session.refresh(guide)
    return guide


def delete_guide(*, session: Session, app: App, guide: Guide) -> None:
    """Delete the guide with its steps and versions; visitors stop getting it at once."""
    guide.live_version = None
    session.add(guide)
    _content_changed(session=session, app=app, guide=guide)
    session.delete(guide)
    session.commit()


def _settings(kind: str, settings: dict[str, Any]) -> dict[str, Any]:
    try:
        return settings_for(kind, settings)
    except ValidationError as exc:
        raise _invalid_settings(exc) from exc


def _schedule(
    app: App, starts_at: datetime | None, ends_at: datetime | None
) -> tuple[datetime | None, datetime | None]:
    """Times without a zone are what the author meant on the app's clock."""
    zone = ZoneInfo(app.timezone)
    starts_at, ends_at = (
        moment.replace(tzinfo=zone) if moment and moment.tzinfo is None else moment
        for moment in (starts_at, ends_at)
    )
    if starts_at is not None and ends_at is not None and ends_at <= starts_at:
        raise invalid(["ends_at"], "must be after starts_at")
    return starts_at, ends_at


def slugify(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:60].strip("-") or "guide"


def _free_slug(*, session: Session, app: App, name: str) -> str:
    """A slug from the name; a number is added when another guide already has it."""
    base = slugify(name)
    taken = set(
        session.exec(
            select(Guide.slug).where(Guide.app_id == app.id, col(Guide.slug).startswith(base))
        ).all()
    )
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _refuse_taken_slug(*, session: Session, app: App, slug: str) -> None:
    statement = select(Guide.id).where(Guide.app_id == app.id, Guide.slug == slug)
    if session.exec(statement).first() is not None:
        raise ApiError(409, "slug_taken", f"Another guide in this app has the slug {slug!r}.")


# -- steps ------------------------------------------------------------------------------------


def _new_stable_id(taken: set[str]) -> str:
    while True:
        stable_id = "s_" + secrets.token_urlsafe(6)
        if stable_id not in taken:
            return stable_id


def _new_step(*, guide: Guide, step_in: StepIn, position: int, taken: set[str]) -> Step:
    assert guide.id is not None
    stable_id = step_in.id or _new_stable_id(taken)
    taken.add(stable_id)
    fields = step_in.model_dump(mode="json", include=set(StepFields.model_fields))
    return Step(guide_id=guide.id, stable_id=stable_id, position=position, **fields)


def _touch(session: Session, guide: Guide) -> None:
    """Step edits change the guide too: lists sort by it."""
    guide.updated_at = utcnow()
    session.add(guide)


def get_step(*, session: Session, guide: Guide, step_id: str) -> Step:
    step = session.exec(
        select(Step).where(Step.guide_id == guide.id, Step.stable_id == step_id)
    ).first()
    if step is None:
        raise ApiError(404, "step_not_found", f"No step {step_id!r} in this guide.")
    return step


def add_step(*, session: Session, guide: Guide, step_in: StepIn) -> Step:
    """Add a step at the end of the guide."""
    _refuse_archived(guide)
    steps = ordered_steps(session=session, guide=guide)
    if len(steps) >= MAX_STEPS:
        raise invalid(["steps"], f"a guide has at most {MAX_STEPS} steps")
    taken = {step.stable_id for step in steps}
    if step_in.id in taken:
        raise ApiError(409, "step_exists", f"This guide already has a step {step_in.id!r}.")
    step = _new_step(guide=guide, step_in=step_in, position=len(steps), taken=taken)
    session.add(step)
    _touch(session, guide)
    _commit(session, conflict=f"This guide already has a step {step.stable_id!r}.")
    session.refresh(step)
    return step


def update_step(*, session: Session, guide: Guide, step: Step, step_in: StepUpdate) -> Step:
    _refuse_archived(guide)
    # Only the fields sent, but each of them whole (a locale's unsent body becomes "").
    step.sqlmodel_update(step_in.model_dump(mode="json", include=step_in.model_fields_set))
    session.add(step)
    _touch(session, guide)
    session.commit()
    session.refresh(step)
    return step


def remove_step(*, session: Session, guide: Guide, step: Step) -> None:
    _refuse_archived(guide)
    session.delete(step)
    session.flush()
    _renumber(session, ordered_steps(session=session, guide=guide))
    _touch(session, guide)
    session.commit()


def reorder_steps(*, session: Session, guide: Guide, step_ids: list[str]) -> None:
    """Put the steps in the given order; the list must name every step exactly once."""
    _refuse_archived(guide)
    by_id = {step.stable_id: step for step in ordered_steps(session=session, guide=guide)}
    if len(step_ids) != len(set(step_ids)) or set(step_ids) != set(by_id):
        missing = sorted(set(by_id) - set(step_ids))
        unknown = sorted(set(step_ids) - set(by_id))
        raise invalid(
            ["step_ids"],
            f"must list every step once (missing: {missing}, unknown: {unknown})",
        )
    _renumber(session, [by_id[step_id] for step_id in step_ids])
    _touch(session, guide)
    session.commit()


def _renumber(session: Session, steps: Sequence[Step]) -> None:
    for position, step in enumerate(steps):
        step.position = position
        session.add(step)


# -- publishing -------------------------------------------------------------------------------


def publish_guide(
    *, session: Session, app: App, guide: Guide, author: Account | None
) -> GuideVersion:
    """Freeze the draft into a new immutable version and make it the live one."""
    _refuse_archived(guide)
    steps = ordered_steps(session=session, guide=guide)
    _refuse_unpublishable(session=session, app=app, guide=guide, steps=steps)
    return _go_live(session=session, app=app, guide=guide, steps=steps, author=author)


def rollback_guide(
    *, session: Session, app: App, guide: Guide, number: int, author: Account | None
) -> GuideVersion:
    """Publish version `number`'s content again, as a new version, and reset the draft to it."""
    _refuse_archived(guide)
    source = get_version(session=session, guide=guide, number=number).snapshot.get(SOURCE_KEY)
    if source is None:
        raise ApiError(409, "version_not_restorable", f"Version {number} has no draft to restore.")
    steps = _restore_draft(session=session, guide=guide, source=source)
    _refuse_unpublishable(session=session, app=app, guide=guide, steps=steps)
    return _go_live(
        session=session, app=app, guide=guide, steps=steps, author=author, restored_from=number
    )


def unpublish_guide(*, session: Session, app: App, guide: Guide) -> Guide:
    _refuse_archived(guide)
    return _take_offline(session=session, app=app, guide=guide, status=GuideStatus.draft)


def archive_guide(*, session: Session, app: App, guide: Guide) -> Guide:
    """Take the guide offline and lock it against edits until it is restored."""
    _refuse_archived(guide)
    return _take_offline(session=session, app=app, guide=guide, status=GuideStatus.archived)


def restore_guide(*, session: Session, guide: Guide) -> Guide:
    """Bring an archived guide back as a draft; publishing it again is a separate step."""
    if guide.status != GuideStatus.archived:
        raise ApiError(409, "not_archived", "Only archived guides can be restored.")
    guide.status = GuideStatus.draft
    session.add(guide)
    session.commit()
    session.refresh(guide)
    return guide


def _take_offline(*, session: Session, app: App, guide: Guide, status: GuideStatus) -> Guide:
    guide.live_version = None
    guide.status = status
    session.add(guide)
    _content_changed(session=session, app=app, guide=guide)
    session.commit()
    session.refresh(guide)
    return guide


def _go_live(
    *,
    session: Session,
    app: App,
    guide: Guide,
    steps: Sequence[Step],
    author: Account | None,
    restored_from: int | None = None,
) -> GuideVersion:
    assert guide.id is not None
    number = _latest_number(session=session, guide=guide) + 1
    published_at = utcnow()
    snapshot = build_snapshot(
        guide=guide,
        steps=steps,
        version=number,
        published_at=published_at,
        restored_from=restored_from,
    )
    snapshot[SOURCE_KEY] = draft_source(guide=guide, steps=steps)
    version = GuideVersion(
        guide_id=guide.id,
        number=number,
        snapshot=snapshot,
        published_by_id=author.id if author else None,
        published_at=published_at,
    )
    guide.live_version = number
    guide.status = GuideStatus.published
    session.add_all([version, guide])
    _content_changed(session=session, app=app, guide=guide)
    _commit(session, conflict="Someone else published this guide at the same moment; retry.")
    session.refresh(version)
    return version


def _content_changed(*, session: Session, app: App, guide: Guide) -> None:
    """What visitors see changed: tell every worker and the search index, same transaction."""
    session.flush()
    # Counted in SQL: two workers publishing at once must both be counted.
    session.exec(
        update(App).where(col(App.id) == app.id).values(content_version=App.content_version + 1)
    )
    sync_guide_index(session=session, guide=guide)


def _latest_number(*, session: Session, guide: Guide) -> int:
    statement = select(func.max(GuideVersion.number)).where(GuideVersion.guide_id == guide.id)
    return session.exec(statement).one() or 0


def replace_draft(*, session: Session, app: App, guide: Guide, guide_in: GuideCreate) -> bool:
    """Make the draft exactly `guide_in` (steps matched by stable id; the slug and kind stay);
    False, with nothing written, when it already is (re-importing files changes nothing)."""
    _refuse_archived(guide)
    if guide_in.kind != guide.kind:
        raise invalid(["kind"], f"a {guide.kind} cannot become a {guide_in.kind}")
    starts_at, ends_at = _schedule(app, guide_in.starts_at, guide_in.ends_at)
    taken: set[str] = set()
    wanted = {
        "guide": {
            "slug": guide.slug,
            "name": guide_in.name,
            "targeting": guide_in.targeting.model_dump(mode="json"),
            "starts_at": starts_at.astimezone(UTC).isoformat() if starts_at else None,
            "ends_at": ends_at.astimezone(UTC).isoformat() if ends_at else None,
            "frequency": str(guide_in.frequency),
            "priority": guide_in.priority,
            "settings": _settings(guide.kind, guide_in.settings),
        },
        "steps": [
            {
                "id": (step_in.id or _new_stable_id(taken)),
                **step_in.model_dump(mode="json", include=set(StepFields.model_fields)),
            }
            for step_in in guide_in.steps
        ],
    }
    if wanted == draft_source(guide=guide, steps=ordered_steps(session=session, guide=guide)):
        return False
    _restore_draft(session=session, guide=guide, source=wanted)
    _touch(session, guide)
    session.commit()
    return True


def _restore_draft(*, session: Session, guide: Guide, source: dict[str, Any]) -> list[Step]:
    """Make the draft what it was; the slug stays, as it is the guide's identity."""
    assert guide.id is not None
    fields = {key: value for key, value in source["guide"].items() if key != "slug"}
    for key in ("starts_at", "ends_at"):
        fields[key] = datetime.fromisoformat(fields[key]) if fields[key] else None
    guide.sqlmodel_update(fields)
    session.add(guide)
    for step in ordered_steps(session=session, guide=guide):
        session.delete(step)
    session.flush()
    steps = [
        Step(
            guide_id=guide.id,
            stable_id=saved["id"],
            position=position,
            **{key: value for key, value in saved.items() if key != "id"},
        )
        for position, saved in enumerate(source["steps"])
    ]
    session.add_all(steps)
    session.flush()
    return steps


# -- publish-time rules -----------------------------------------------------------------------


def _refuse_unpublishable(
    *, session: Session, app: App, guide: Guide, steps: Sequence[Step]
) -> None:
    """Drafts may be incomplete; what goes live must be whole for its kind."""
    problems = _kind_problems(guide, steps) + _content_problems(session, app, guide, steps)
    if problems:
        details = [{"loc": loc, "msg": msg, "type": "cannot_publish"} for loc, msg in problems]
        message = "Cannot publish: " + "; ".join(msg for _, msg in problems)
        raise ApiError(422, "cannot_publish", message, details=details)


Problem = tuple[list[str | int], str]


def _kind_problems(guide: Guide, steps: Sequence[Step]) -> list[Problem]:
    count = len(steps)
    if guide.kind == GuideKind.walkthrough and not 1 <= count <= MAX_STEPS:
        return [(["steps"], f"a walkthrough needs 1 to {MAX_STEPS} steps, it has {count}")]
    if guide.kind != GuideKind.walkthrough and count != 1:
        return [(["steps"], f"this {guide.kind} needs exactly one step, it has {count}")]
    needs_target = guide.kind == GuideKind.tip or guide.settings.get("display") == "anchored"
    if needs_target and steps[0].target is None:
        return [(["steps", 0, "target"], f"this {guide.kind} is anchored: record its element")]
    return []


def _content_problems(
    session: Session, app: App, guide: Guide, steps: Sequence[Step]
) -> list[Problem]:
    # Saved drafts were valid when saved; the rules may have become stricter since.
    try:
        preview = build_snapshot(guide=guide, steps=steps, version=None)
    except ValidationError as exc:
        return [(["targeting", "settings"], f"no longer valid: {exc.errors()[0]['msg']}")]
    problems = _missing_walkthroughs(session, app, guide)
    if steps and not preview["locales"]:
        problems.append((["steps"], "every step needs a title in at least one common locale"))
    return problems


def _missing_walkthroughs(session: Session, app: App, guide: Guide) -> list[Problem]:
    """Checklists and announcements point at walkthroughs by slug: those must exist."""
    wanted = list(guide.settings.get("items", []))
    if guide.settings.get("start_walkthrough"):
        wanted.append(guide.settings["start_walkthrough"])
    if guide.kind == GuideKind.checklist and not wanted:
        return [(["settings", "items"], "a checklist needs at least one walkthrough")]
    found = set(
        session.exec(
            select(Guide.slug).where(
                Guide.app_id == app.id,
                Guide.kind == GuideKind.walkthrough,
                col(Guide.slug).in_(wanted),
            )
        ).all()
    )
    return [
        (["settings"], f"no walkthrough with the slug {slug!r} in this app")
        for slug in wanted
        if slug not in found
    ]


# -- versions ---------------------------------------------------------------------------------


def get_version(*, session: Session, guide: Guide, number: int) -> GuideVersion:
    version = session.exec(
        select(GuideVersion).where(GuideVersion.guide_id == guide.id, GuideVersion.number == number)
    ).first()
    if version is None:
        raise ApiError(404, "version_not_found", f"This guide has no version {number}.")
    return version


def list_versions(*, session: Session, guide: Guide) -> list[VersionPublic]:
    """Newest first, with who published each and which version a rollback restored."""
    statement = (
        select(GuideVersion, Account.email)
        .outerjoin(Account, col(Account.id) == GuideVersion.published_by_id)
        .where(GuideVersion.guide_id == guide.id)
        .order_by(col(GuideVersion.number).desc())
    )
    return [
        VersionPublic(
            number=version.number,
            published_at=version.published_at,
            published_by=email,
            restored_from=version.snapshot["meta"]["restored_from"],
        )
        for version, email in session.exec(statement).all()
    ]


def diff_versions(
    *, session: Session, guide: Guide, before: int, after: int | None
) -> dict[str, Any]:
    """The changes from version `before` to version `after`, or to the draft when None."""
    old = get_version(session=session, guide=guide, number=before).snapshot.get(SOURCE_KEY, {})
    if after is None:
        new = draft_source(guide=guide, steps=ordered_steps(session=session, guide=guide))
    else:
        new = get_version(session=session, guide=guide, number=after).snapshot.get(SOURCE_KEY, {})
    return {"from": before, "to": after, **diff_sources(old, new)}
