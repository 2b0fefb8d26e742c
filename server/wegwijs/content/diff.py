"""What changed between two versions of a guide (or a version and the current draft).

Works on the drafts the versions were published from (`draft_source`), so authors see
their own Markdown, not rendered HTML. Steps are matched by their stable id: a step that
moved is reported as moved, not as one removal and one addition.
"""

from typing import Any

GUIDE_FIELDS = ("name", "slug", "targeting", "starts_at", "ends_at", "frequency", "priority")
STEP_FIELDS = ("target", "url_rule", "sample_url", "placement", "advance_trigger")


def diff_sources(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """`{"guide": [change], "steps": [step change]}`; a change is `{field, before, after}`.

    A step change has `id`, `status` ("added", "removed", "changed" or "moved"), its
    positions before and after, and its field `changes` (content per locale as
    `content.<locale>.title` / `content.<locale>.body`).
    """
    return {
        "guide": _guide_changes(before.get("guide", {}), after.get("guide", {})),
        "steps": _step_changes(before.get("steps", []), after.get("steps", [])),
    }


def _change(field: str, old: Any, new: Any) -> list[dict[str, Any]]:
    return [] if old == new else [{"field": field, "before": old, "after": new}]


def _guide_changes(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    changes = [c for f in GUIDE_FIELDS for c in _change(f, before.get(f), after.get(f))]
    old_settings, new_settings = before.get("settings") or {}, after.get("settings") or {}
    for key in sorted(set(old_settings) | set(new_settings)):
        changes += _change(f"settings.{key}", old_settings.get(key), new_settings.get(key))
    return changes


def _step_changes(
    before: list[dict[str, Any]], after: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    old_by_id = {step["id"]: (position, step) for position, step in enumerate(before)}
    new_by_id = {step["id"]: (position, step) for position, step in enumerate(after)}
    changes = []
    for step_id in [*new_by_id, *(i for i in old_by_id if i not in new_by_id)]:
        old_position, old = old_by_id.get(step_id, (None, None))
        new_position, new = new_by_id.get(step_id, (None, None))
        fields = _step_field_changes(old or {}, new or {})
        if old is None:
            status = "added"
        elif new is None:
            status = "removed"
        elif fields:
            status = "changed"
        elif _moved(step_id, before, after):
            status = "moved"
        else:
            continue
        changes.append(
            {
                "id": step_id,
                "status": status,
                "position_before": old_position,
                "position_after": new_position,
                "changes": fields,
            }
        )
    return changes


def _moved(step_id: str, before: list[dict[str, Any]], after: list[dict[str, Any]]) -> bool:
    """Moved relative to the steps both versions share, so an insertion above does not
    mark every later step as moved."""
    shared = {step["id"] for step in before} & {step["id"] for step in after}
    old_order = [step["id"] for step in before if step["id"] in shared]
    new_order = [step["id"] for step in after if step["id"] in shared]
    return old_order.index(step_id) != new_order.index(step_id)


def _step_field_changes(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    changes = [c for f in STEP_FIELDS for c in _change(f, old.get(f), new.get(f))]
    old_content, new_content = old.get("content") or {}, new.get("content") or {}
    for locale in sorted(set(old_content) | set(new_content)):
        old_text, new_text = old_content.get(locale) or {}, new_content.get(locale) or {}
        for part in ("title", "body"):
            changes += _change(f"content.{locale}.{part}", old_text.get(part), new_text.get(part))
    return changes
