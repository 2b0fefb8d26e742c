"""The asynchronous client: `Client`'s surface (`_client.py`), every call awaited."""

import builtins
from collections.abc import AsyncIterator, Sequence
from contextlib import suppress
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self, TypeVar

import httpx

from wegwijs_sdk import _calls as calls
from wegwijs_sdk._calls import Call, client_options
from wegwijs_sdk._exceptions import ApiError, TransportError, WegwijsError
from wegwijs_sdk._files import name_file, read_guide_files, write_guide_files
from wegwijs_sdk._models import App, Forgotten, Guide, GuidesPage, ImportReport, Step, Version

__all__ = ["AsyncClient"]

T = TypeVar("T")


class AsyncClient:
    """`Client` for asyncio (and trio): the same resources and methods, awaited.

        async with AsyncClient("https://help.example.com", token) as wegwijs:
            async for guide in wegwijs.guides.iterate("app_...", kind="walkthrough"):
                print(guide.slug, guide.status)

    `transport` replaces the network, e.g. with `httpx.ASGITransport(app)` in tests.
    """

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        timeout: float | httpx.Timeout = 30.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._http = httpx.AsyncClient(
            **client_options(base_url, token, timeout), transport=transport
        )
        self.apps = AsyncApps(self)
        self.guides = AsyncGuides(self)
        self.announcements = AsyncAnnouncements(self)
        self.guide_files = AsyncGuideFiles(self)
        self.reports = AsyncReports(self)

    async def send(self, call: Call[T]) -> T:
        """Send one call; error answers raise `ApiError`, network failures `TransportError`."""
        request = call.request(self._http)
        try:
            response = await self._http.send(request)
        except httpx.TransportError as exc:
            raise TransportError(f"{request.method} {request.url}: {exc!r}") from exc
        return call.result(response)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def announce(
        self,
        app_key: str,
        title: str,
        body: str,
        url_rule: str | Sequence[str],
        starts: datetime | str | None = None,
        ends: datetime | str | None = None,
        display: str = "banner",
        locale: str | None = None,
    ) -> Guide:
        """Create and publish a change announcement in one go (what `wegwijs announce`
        does); when it cannot be published, the draft is removed again and the error raised."""
        guide = await self.announcements.create(
            app_key,
            title=title,
            body=body,
            url_rule=url_rule,
            starts=starts,
            ends=ends,
            display=display,
            locale=locale,
        )
        try:
            return await self.announcements.publish(app_key, guide.id)
        except ApiError:
            with suppress(WegwijsError):  # the publish error is the one to report
                await self.guides.delete(app_key, guide.id)
            raise

    async def forget_user(self, app_key: str, user_id: str) -> Forgotten:
        """Erase one person's events, progress, visitor records and their share of the
        reports (right to erasure); needs the admin role."""
        return await self.send(calls.forget_user(app_key, user_id))

    async def push(
        self, app_key: str, directory: str | Path, *, publish: bool = False, dry_run: bool = False
    ) -> ImportReport:
        """Import DIRECTORY/*.yaml into the app, all or nothing (`wegwijs guides import`)."""
        read = read_guide_files(Path(directory))
        call = calls.import_guide_files(
            app_key, [data for _, data in read], publish=publish, dry_run=dry_run
        )
        try:
            return await self.send(call)
        except ApiError as exc:
            name_file(exc, [path for path, _ in read])
            raise

    async def pull(self, app_key: str, directory: str | Path) -> list[Path]:
        """Write every guide that is not archived as DIRECTORY/<slug>.yaml, the same bytes
        as `wegwijs guides export`; returns the files written."""
        files = await self.send(calls.export_guide_files(app_key))
        return write_guide_files(Path(directory), files)


class AsyncApps:
    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def list(self) -> builtins.list[App]:
        """The apps the caller may open: an account's apps, or a token's one app."""
        return await self._client.send(calls.list_apps())

    async def get(self, app_key: str) -> App:
        return await self._client.send(calls.get_app(app_key))

    async def update(self, app_key: str, **changes: Any) -> App:
        """Change settings (`name`, `allowed_origins`, `theme`, ...); needs the admin role."""
        return await self._client.send(calls.update_app(app_key, changes))

    async def snippet(self, app_key: str) -> str:
        """The script tag for the host app, as the admin shows it."""
        return await self._client.send(calls.snippet(app_key))


class AsyncGuides:
    """Guides of every kind. Reading needs any role; changes need author or admin."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def list(
        self,
        app_key: str,
        *,
        kind: str | None = None,
        status: str | None = None,
        q: str | None = None,
        page: int = 1,
        per_page: int = 20,
    ) -> GuidesPage:
        """One page, most recently changed first; `q` matches part of the name."""
        return await self._client.send(
            calls.list_guides(app_key, kind=kind, status=status, q=q, page=page, per_page=per_page)
        )

    async def iterate(
        self,
        app_key: str,
        *,
        kind: str | None = None,
        status: str | None = None,
        q: str | None = None,
        per_page: int = 100,
    ) -> AsyncIterator[Guide]:
        """Every matching guide, page after page."""
        page = 1
        while True:
            result = await self.list(
                app_key, kind=kind, status=status, q=q, page=page, per_page=per_page
            )
            for guide in result.data:
                yield guide
            if not result.has_next or not result.data:
                return
            page += 1

    async def get(self, app_key: str, guide_id: int) -> Guide:
        return await self._client.send(calls.get_guide(app_key, guide_id))

    async def create(self, app_key: str, *, kind: str, name: str, **fields: Any) -> Guide:
        """A draft; `fields` as the admin API takes them: `slug`, `targeting`, `starts_at`,
        `ends_at`, `frequency`, `priority`, `settings`, `steps`."""
        return await self._client.send(
            calls.create_guide(app_key, {"kind": kind, "name": name, **fields})
        )

    async def update(self, app_key: str, guide_id: int, **changes: Any) -> Guide:
        """Change the draft; only the fields given are sent."""
        return await self._client.send(calls.update_guide(app_key, guide_id, changes))

    async def delete(self, app_key: str, guide_id: int) -> None:
        await self._client.send(calls.delete_guide(app_key, guide_id))

    async def publish(self, app_key: str, guide_id: int) -> Guide:
        """Freeze the draft into a new version and make it live."""
        return await self._client.send(calls.guide_action(app_key, guide_id, "publish"))

    async def rollback(self, app_key: str, guide_id: int, version: int) -> Guide:
        """Publish an earlier version's content again, as a new version."""
        return await self._client.send(calls.rollback_guide(app_key, guide_id, version))

    async def unpublish(self, app_key: str, guide_id: int) -> Guide:
        return await self._client.send(calls.guide_action(app_key, guide_id, "unpublish"))

    async def archive(self, app_key: str, guide_id: int) -> Guide:
        return await self._client.send(calls.guide_action(app_key, guide_id, "archive"))

    async def restore(self, app_key: str, guide_id: int) -> Guide:
        return await self._client.send(calls.guide_action(app_key, guide_id, "restore"))

    async def versions(self, app_key: str, guide_id: int) -> builtins.list[Version]:
        """The published versions, newest first."""
        return await self._client.send(calls.list_versions(app_key, guide_id))

    async def version(self, app_key: str, guide_id: int, number: int) -> dict[str, Any]:
        """One version's snapshot, as stored."""
        return await self._client.send(calls.get_version(app_key, guide_id, number))

    async def diff(
        self, app_key: str, guide_id: int, from_version: int, to_version: int | None = None
    ) -> dict[str, Any]:
        """What changed from one version to another (to the draft when `to_version` is None)."""
        return await self._client.send(
            calls.diff_versions(app_key, guide_id, from_version, to_version)
        )

    async def add_step(self, app_key: str, guide_id: int, **step: Any) -> Step:
        return await self._client.send(calls.add_step(app_key, guide_id, step))

    async def update_step(self, app_key: str, guide_id: int, step_id: str, **changes: Any) -> Step:
        return await self._client.send(calls.update_step(app_key, guide_id, step_id, changes))

    async def remove_step(self, app_key: str, guide_id: int, step_id: str) -> None:
        await self._client.send(calls.remove_step(app_key, guide_id, step_id))

    async def reorder_steps(self, app_key: str, guide_id: int, step_ids: Sequence[str]) -> Guide:
        return await self._client.send(calls.reorder_steps(app_key, guide_id, step_ids))


class AsyncAnnouncements:
    """Change announcements: guides of kind `announcement`, with one step."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def list(
        self, app_key: str, *, status: str | None = None, page: int = 1, per_page: int = 20
    ) -> GuidesPage:
        return await self._client.guides.list(
            app_key, kind="announcement", status=status, page=page, per_page=per_page
        )

    async def create(
        self,
        app_key: str,
        *,
        title: str,
        body: str,
        url_rule: str | Sequence[str],
        starts: datetime | str | None = None,
        ends: datetime | str | None = None,
        display: str = "banner",
        locale: str | None = None,
    ) -> Guide:
        """A draft announcement, shown from `starts` to `ends` (times without a zone are on
        the app's clock) until each user acknowledges it; `locale` defaults to the app's."""
        locale = locale or (await self._client.apps.get(app_key)).default_locale
        fields = calls.announcement_fields(
            title=title,
            body=body,
            url_rule=url_rule,
            starts=starts,
            ends=ends,
            display=display,
            locale=locale,
        )
        return await self._client.send(calls.create_guide(app_key, fields))

    async def publish(self, app_key: str, guide_id: int) -> Guide:
        return await self._client.guides.publish(app_key, guide_id)


class AsyncGuideFiles:
    """Guide files as JSON; `AsyncClient.push` and `.pull` move them to and from disk."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def export(self, app_key: str) -> list[dict[str, Any]]:
        """Every guide that is not archived, as file data, in slug order."""
        return await self._client.send(calls.export_guide_files(app_key))

    async def import_(
        self,
        app_key: str,
        files: Sequence[dict[str, Any]],
        *,
        publish: bool = False,
        dry_run: bool = False,
    ) -> ImportReport:
        """Create or update guides by slug, all or nothing."""
        return await self._client.send(
            calls.import_guide_files(app_key, files, publish=publish, dry_run=dry_run)
        )


class AsyncReports:
    """The dashboards' numbers, for any role in the app."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def get(self, app_key: str, name: str, **filters: Any) -> dict[str, Any]:
        """One report as JSON: `overview`, `walkthroughs`, `walkthroughs/<guide id>` (the
        step funnel), `search`, `feedback` or `health`. Filters: `start` and `end` (dates in
        the app's time zone; the last 30 days by default), `guide`, `version`, `locale`,
        `trait` with `trait_value`."""
        return await self._client.send(calls.report(app_key, name, filters))

    async def csv(self, app_key: str, table: str, **filters: Any) -> str:
        """One table of the reports as CSV text: `days`, `content`, `announcements`,
        `custom-events`, `walkthroughs`, `funnel` (with `guide=`), `searches`,
        `searches-without-results`, `feedback`, `comments`, `health`, `broken-elements`."""
        return await self._client.send(calls.report_csv(app_key, table, filters))
