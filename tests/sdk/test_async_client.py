"""Every method of the AsyncClient, against the real app through httpx's ASGI transport."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.sdk.conftest import Tokens
from wegwijs_sdk import AsyncClient, Guide, GuidesPage, NotFound, ValidationFailed

pytestmark = pytest.mark.anyio


def step(title: str, **fields: object) -> dict[str, object]:
    return {"content": {"nl": {"title": title}}, **fields}


async def test_apps(async_sdk: AsyncClient, tokens: Tokens) -> None:
    assert (await async_sdk.apps.get(tokens.app_key)).name == "Claims"
    assert (await async_sdk.apps.update(tokens.app_key, name="Declaraties")).name == "Declaraties"
    assert tokens.app_key in await async_sdk.apps.snippet(tokens.app_key)
    assert [app.key for app in await async_sdk.apps.list()] == [tokens.app_key]  # its one app


async def test_a_guides_whole_life(async_sdk: AsyncClient, tokens: Tokens) -> None:
    key, guides = tokens.app_key, async_sdk.guides
    guide = await guides.create(key, kind="walkthrough", name="Go", steps=[step("One", id="one")])
    assert isinstance(guide, Guide) and (await guides.get(key, guide.id)) == guide
    assert (await guides.update(key, guide.id, priority=3)).priority == 3
    assert (await guides.add_step(key, guide.id, **step("Two", id="two"))).position == 1
    changed = await guides.update_step(key, guide.id, "two", placement="top")
    assert changed.placement == "top"
    reordered = await guides.reorder_steps(key, guide.id, ["two", "one"])
    assert [s.id for s in reordered.steps] == ["two", "one"]
    await guides.remove_step(key, guide.id, "one")
    assert (await guides.publish(key, guide.id)).live_version == 1
    await guides.update(key, guide.id, name="Went")
    assert (await guides.diff(key, guide.id, 1))["guide"][0]["field"] == "name"
    await guides.publish(key, guide.id)
    assert (await guides.diff(key, guide.id, 1, 2))["from"] == 1
    assert (await guides.version(key, guide.id, 1))["name"] == "Go"
    assert (await guides.rollback(key, guide.id, 1)).name == "Go"
    assert [v.number for v in await guides.versions(key, guide.id)] == [3, 2, 1]
    assert (await guides.unpublish(key, guide.id)).status == "draft"
    assert (await guides.archive(key, guide.id)).status == "archived"
    assert (await guides.restore(key, guide.id)).status == "draft"
    await guides.delete(key, guide.id)
    with pytest.raises(NotFound):
        await guides.get(key, guide.id)


async def test_pages_and_iterate(async_sdk: AsyncClient, tokens: Tokens) -> None:
    key = tokens.app_key
    for number in range(5):
        await async_sdk.guides.create(key, kind="tip", name=f"Tip {number}", steps=[step("T")])
    page = await async_sdk.guides.list(key, kind="tip", per_page=2, page=2)
    assert isinstance(page, GuidesPage) and (page.count, len(page.data), page.has_next) == (
        5,
        2,
        True,
    )
    names = [guide.name async for guide in async_sdk.guides.iterate(key, per_page=2)]
    assert sorted(names) == [f"Tip {number}" for number in range(5)]


async def test_announcements(async_sdk: AsyncClient, tokens: Tokens) -> None:
    key = tokens.app_key
    published = await async_sdk.announce(
        key, "Nieuw", "Iets **nieuws**.", ["/a", "/b"], starts=datetime(2026, 1, 1, tzinfo=UTC)
    )
    assert (published.kind, published.live_version) == ("announcement", 1)
    assert published.starts_at == datetime(2026, 1, 1, tzinfo=UTC)
    draft = await async_sdk.announcements.create(
        key, title="Later", body="Soon.", url_rule="/c", display="modal", locale="en"
    )
    assert (await async_sdk.announcements.publish(key, draft.id)).status == "published"
    assert (await async_sdk.announcements.list(key)).count == 2
    with pytest.raises(ValidationFailed):
        await async_sdk.announce(key, "Hier", "Veld.", "/claims", display="anchored")
    assert (await async_sdk.announcements.list(key)).count == 2


async def test_guide_files(async_sdk: AsyncClient, tokens: Tokens, tmp_path: Path) -> None:
    key = tokens.app_key
    await async_sdk.guides.create(key, kind="walkthrough", name="Go", steps=[step("One", id="a")])
    [data] = await async_sdk.guide_files.export(key)
    assert data["slug"] == "go"
    report = await async_sdk.guide_files.import_(
        key, [{**data, "priority": 2}], publish=True, dry_run=True
    )
    assert (report.changed, report.published, report.dry_run) == (["go"], ["go"], True)
    [path] = await async_sdk.pull(key, tmp_path)
    assert path.name == "go.yaml"
    path.write_text(path.read_text().replace("priority: 0", "priority: 4"))
    pushed = await async_sdk.push(key, tmp_path, publish=True)
    assert (pushed.changed, pushed.published, pushed.dry_run) == (["go"], ["go"], False)
    assert (await async_sdk.guides.list(key)).data[0].priority == 4
