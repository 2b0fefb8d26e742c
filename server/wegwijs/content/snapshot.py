"""The published form of a guide: what visitors' widgets get, rendered and sanitised once."""

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, col, select

from wegwijs.content.models import Guide, Step
from wegwijs.content.rendering import plain_text, render_markdown
from wegwijs.content.schemas import NAME_LENGTH, TITLE_LENGTH, settings_for
from wegwijs.delivery.targeting import Targeting

SOURCE_KEY = "source"


def build_snapshot(
    *,
    guide: Guide,
    steps: Sequence[Step],
    version: int | None,
    published_at: datetime | None = None,
    restored_from: int | None = None,
) -> dict[str, Any]:
    """The guide as visitors get it: a JSON-serialisable dict, the public context API's input.

    Pure: it reads only its arguments. The contract, key by key::

        {
          "id": int,                      # Guide.id
          "slug": str,                    # stable across exports, unique in the app
          "kind": "walkthrough" | "tip" | "announcement" | "checklist",
          "name": str,                    # plain text
          "version": int | None,          # GuideVersion.number; None for a draft preview
          "targeting": {...},             # Targeting.model_dump(mode="json")
          "starts_at": str | None,        # ISO 8601, UTC ("2025-05-01T07:00:00+00:00")
          "ends_at": str | None,
          "frequency": "once" | "until_completed" | "until_dismissed" | "always",
          "priority": int,                # -1000..1000, higher wins
          "settings": {...},              # validated for the kind, defaults filled in:
              # walkthrough:  {}
              # tip:          {"icon": "beacon"|"info", "trigger": "hover"|"click"|"focus"}
              # announcement: {"display": "banner"|"modal"|"anchored",
              #                "start_walkthrough": slug|None, "button_label": plain|None}
              # checklist:    {"items": [walkthrough slug, ...]}
          "steps": [                      # in order
            {
              "id": str,                  # the stable step id (analytics key)
              "position": int,            # 0, 1, 2, ...
              "target": {...} | None,     # the recorded target bundle; None when floating
              "url_rule": str | None,
              "sample_url": str | None,
              "placement": "auto"|"top"|"bottom"|"left"|"right"|"floating",
              "advance_trigger": "next"|"click"|"input"|"url",
              "content": {locale: {"title": plain text, "body_html": sanitised HTML}},
            }
          ],
          "locales": [str],               # sorted; locales in which EVERY step has a title
          "meta": {"published_at": str | None, "restored_from": int | None},
        }

    Titles, the name and labels are plain text (the widget sets `textContent`); `body_html`
    has been through `rendering.render_markdown` and is the only HTML in the dict.

    A stored `GuideVersion.snapshot` carries one more key, `"source"`: the author's draft
    (raw Markdown) it was built from, kept so a rollback can restore the draft and so the
    admin can tell whether the draft changed. It is for the admin API only: serve visitors
    `for_visitors(snapshot)`, never the stored dict as it is.
    """
    rendered = [_step(step, position) for position, step in enumerate(steps)]
    return {
        "id": guide.id,
        "slug": guide.slug,
        "kind": str(guide.kind),
        "name": plain_text(guide.name, limit=NAME_LENGTH),
        "version": version,
        "targeting": Targeting.model_validate(guide.targeting).model_dump(mode="json"),
        "starts_at": _iso(guide.starts_at),
        "ends_at": _iso(guide.ends_at),
        "frequency": str(guide.frequency),
        "priority": guide.priority,
        "settings": settings_for(guide.kind, guide.settings),
        "steps": rendered,
        "locales": _complete_locales(rendered),
        "meta": {"published_at": _iso(published_at), "restored_from": restored_from},
    }


def for_visitors(snapshot: dict[str, Any]) -> dict[str, Any]:
    """A stored snapshot without the author's raw draft."""
    return {key: value for key, value in snapshot.items() if key != SOURCE_KEY}


def draft_snapshot(*, session: Session, guide: Guide) -> dict[str, Any]:
    """The current draft in the snapshot's shape (version None), for author previews."""
    return build_snapshot(
        guide=guide, steps=ordered_steps(session=session, guide=guide), version=None
    )


def draft_source(*, guide: Guide, steps: Sequence[Step]) -> dict[str, Any]:
    """The editable content of a guide, JSON-safe: kept with each version for rollback.

    Two drafts with equal sources publish equal snapshots, which is how the admin knows
    whether the draft has unpublished changes.
    """
    return {
        "guide": {
            "slug": guide.slug,
            "name": guide.name,
            "targeting": guide.targeting,
            "starts_at": _iso(guide.starts_at),
            "ends_at": _iso(guide.ends_at),
            "frequency": str(guide.frequency),
            "priority": guide.priority,
            "settings": guide.settings,
        },
        "steps": [
            {
                "id": step.stable_id,
                "target": step.target,
                "url_rule": step.url_rule,
                "sample_url": step.sample_url,
                "placement": str(step.placement),
                "advance_trigger": str(step.advance_trigger),
                "content": step.content,
            }
            for step in steps
        ],
    }


def ordered_steps(*, session: Session, guide: Guide) -> list[Step]:
    statement = (
        select(Step).where(Step.guide_id == guide.id).order_by(col(Step.position), col(Step.id))
    )
    return list(session.exec(statement).all())


def _step(step: Step, position: int) -> dict[str, Any]:
    return {
        "id": step.stable_id,
        "position": position,
        "target": step.target,
        "url_rule": step.url_rule,
        "sample_url": step.sample_url,
        "placement": str(step.placement),
        "advance_trigger": str(step.advance_trigger),
        "content": {
            locale: {
                "title": plain_text(text.get("title", ""), limit=TITLE_LENGTH),
                "body_html": render_markdown(text.get("body", "")),
            }
            for locale, text in sorted(step.content.items())
        },
    }


def _complete_locales(steps: list[dict[str, Any]]) -> list[str]:
    if not steps:
        return []
    titled = [
        {locale for locale, text in step["content"].items() if text["title"]} for step in steps
    ]
    return sorted(set.intersection(*titled))


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment is not None else None
