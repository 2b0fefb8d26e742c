"""The synchronous client; `AsyncClient` (`_async_client.py`) has the same surface, awaited."""

import builtins
from collections.abc import Iterator, Sequence
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

__all__ = ["Client"]

T = TypeVar("T")


class Client:
    """The Wegwijs admin API with an API token (`wegwijs tokens create`), scoped to one app
    and one role. Use it as a context manager, or call `close()`.

        with Client("https://help.example.com", token) as wegwijs:
            for guide in wegwijs.guides.iterate("app_...", kind="walkthrough"):
                print(guide.slug, guide.status)

    `transport` replaces the network, e.g. with `httpx.MockTransport` in tests.
    """

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        timeout: float | httpx.Timeout = 30.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        options = client_options(base_url, token, timeout)
        self._http = httpx.Client(**options, transport=transport)
        self.apps = Apps(self)
        self.guides = Guides(self)
        self.announcements = Announcements(self)
        self.guide_files = GuideFiles(self)
        self.reports = Reports(self)

    def send(self, call: Call[T]) -> T:
        """Send one call; error answers raise `ApiError`, network failures `TransportError`."""
        request = call.request(self._http)
        try:
            response = self._http.send(request)
        except httpx.TransportError as exc:
            raise TransportError(f"{request.method} {request.url}: {exc!r}") from exc
        return call.result(response)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def announce(
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
        guide = self.announcements.create(
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
            return self.announcements.publish(app_key, guide.id)
        except ApiError:
            with suppress(WegwijsError):  # the publish error is the one to report
                self.guides.delete(app_key, guide.id)
            raise

    def forget_user(self, app_key: str, user_id: str) -> Forgotten:
        """Erase one person's events, progress, visitor records and their share of the
        reports (right to erasure); needs the admin role."""
        return self.send(calls.forget_user(app_key, user_id))

    def push(
        self, app_key: str, directory: str | Path, *, publish: bool = False, dry_run: bool = False
    ) -> ImportReport:
        """Import DIRECTORY/*.yaml into the app, all or nothing (`wegwijs guides import`)."""
        read = read_guide_files(Path(directory))
        call = calls.import_guide_files(
            app_key, [data for _, data in read], publish=publish, dry_run=dry_run
        )
        try:
            return self.send(call)
        except ApiError as exc:
            name_file(exc, [path for path, _ in read])
            raise

    def pull(self, app_key: str, directory: str | Path) -> list[Path]:
        """Write every guide that is not archived as DIRECTORY/<slug>.yaml, the same bytes
        as `wegwijs guides export`; returns the files written."""
        files = self.send(calls.export_guide_files(app_key))
        return write_guide_files(Path(directory), files)


class Apps:
    def __init__(self, client: Client) -> None:
        self._client = client

    def list(self) -> builtins.list[App]:
        """The apps the caller may open: an account's apps, or a token's one app."""
        return self._client.send(calls.list_apps())

    def get(self, app_key: str) -> App:
        return self._client.send(calls.get_app(app_key))

    def update(self, app_key: str, **changes: Any) -> App:
        """Change settings (`name`, `allowed_origins`, `theme`, ...); needs the admin role."""
        return self._client.send(calls.update_app(app_key, changes))

    def snippet(self, app_key: str) -> str:
        """The script tag for the host app, as the admin shows it."""
        return self._client.send(calls.snippet(app_key))


class Guides:
    """Guides of every kind. Reading needs any role; changes need author or admin."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def list(
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
        return self._client.send(
            calls.list_guides(app_key, kind=kind, status=status, q=q, page=page, per_page=per_page)
        )

    def iterate(
        self,
        app_key: str,
        *,
        kind: str | None = None,
        status: str | None = None,
        q: str | None = None,
        per_page: int = 100,
    ) -> Iterator[Guide]:
        """Every matching guide, page after page."""
        page = 1
        while True:
            result = self.list(app_key, kind=kind, status=status, q=q, page=page, per_page=per_page)
            yield from result.data
            if not result.has_next or not result.data:
                return
            page += 1

    def get(self, app_key: str, guide_id: int) -> Guide:
        return self._client.send(calls.get_guide(app_key, guide_id))

    def create(self, app_key: str, *, kind: str, name: str, **fields: Any) -> Guide:
        """A draft; `fields` as the admin API takes them: `slug`, `targeting`, `starts_at`,
        `ends_at`, `frequency`, `priority`, `settings`, `steps`."""
        return self._client.send(
            calls.create_guide(app_key, {"kind": kind, "name": name, **fields})
        )

    def update(self, app_key: str, guide_id: int, **changes: Any) -> Guide:
        """Change the draft; only the fields given are sent."""
        return self._client.send(calls.update_guide(app_key, guide_id, changes))

    def delete(self, app_key: str, guide_id: int) -> None:
        self._client.send(calls.delete_guide(app_key, guide_id))

    def publish(self, app_key: str, guide_id: int) -> Guide:
        """Freeze the draft into a new version and make it live."""
        return self._client.send(calls.guide_action(app_key, guide_id, "publish"))

    def rollback(self, app_key: str, guide_id: int, version: int) -> Guide:
        """Publish an earlier version's content again, as a new version."""
        return self._client.send(calls.rollback_guide(app_key, guide_id, version))

    def unpublish(self, app_key: str, guide_id: int) -> Guide:
        return self._client.send(calls.guide_action(app_key, guide_id, "unpublish"))

    def archive(self, app_key: str, guide_id: int) -> Guide:
        return self._client.send(calls.guide_action(app_key, guide_id, "archive"))

    def restore(self, app_key: str, guide_id: int) -> Guide:
        return self._client.send(calls.guide_action(app_key, guide_id, "restore"))

    def versions(self, app_key: str, guide_id: int) -> builtins.list[Version]:
        """The published versions, newest first."""
        return self._client.send(calls.list_versions(app_key, guide_id))

    def version(self, app_key: str, guide_id: int, number: int) -> dict[str, Any]:
        """One version's snapshot, as stored."""
        return self._client.send(calls.get_version(app_key, guide_id, number))

    def diff(
        self, app_key: str, guide_id: int, from_version: int, to_version: int | None = None
    ) -> dict[str, Any]:
        """What changed from one version to another (to the draft when `to_version` is None)."""
        call = calls.diff_versions(app_key, guide_id, from_version, to_version)
        return self._client.send(call)

    def add_step(self, app_key: str, guide_id: int, **step: Any) -> Step:
        return self._client.send(calls.add_step(app_key, guide_id, step))

    def update_step(self, app_key: str, guide_id: int, step_id: str, **changes: Any) -> Step:
        return self._client.send(calls.update_step(app_key, guide_id, step_id, changes))

    def remove_step(self, app_key: str, guide_id: int, step_id: str) -> None:
        self._client.send(calls.remove_step(app_key, guide_id, step_id))

    def reorder_steps(self, app_key: str, guide_id: int, step_ids: Sequence[str]) -> Guide:
        return self._client.send(calls.reorder_steps(app_key, guide_id, step_ids))


class Announcements:
    """Change announcements: guides of kind `announcement`, with one step."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def list(
        self, app_key: str, *, status: str | None = None, page: int = 1, per_page: int = 20
    ) -> GuidesPage:
        return self._client.guides.list(
            app_key, kind="announcement", status=status, page=page, per_page=per_page
        )

    def create(
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
        locale = locale or self._client.apps.get(app_key).default_locale
        fields = calls.announcement_fields(
            title=title,
            body=body,
            url_rule=url_rule,
            starts=starts,
            ends=ends,
            display=display,
            locale=locale,
        )
        return self._client.send(calls.create_guide(app_key, fields))

    def publish(self, app_key: str, guide_id: int) -> Guide:
        return self._client.guides.publish(app_key, guide_id)


class GuideFiles:
    """Guide files as JSON; `Client.push` and `Client.pull` move them to and from disk."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def export(self, app_key: str) -> list[dict[str, Any]]:
        """Every guide that is not archived, as file data, in slug order."""
        return self._client.send(calls.export_guide_files(app_key))

    def import_(
        self,
        app_key: str,
        files: Sequence[dict[str, Any]],
        *,
        publish: bool = False,
        dry_run: bool = False,
    ) -> ImportReport:
        """Create or update guides by slug, all or nothing."""
        return self._client.send(
            calls.import_guide_files(app_key, files, publish=publish, dry_run=dry_run)
        )


class Reports:
    """The dashboards' numbers, for any role in the app."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def get(self, app_key: str, name: str, **filters: Any) -> dict[str, Any]:
        """One report as JSON: `overview`, `walkthroughs`, `walkthroughs/<guide id>` (the
        step funnel), `search`, `feedback` or `health`. Filters: `start` and `end` (dates in
        the app's time zone; the last 30 days by default), `guide`, `version`, `locale`,
        `trait` with `trait_value`."""
        return self._client.send(calls.report(app_key, name, filters))

    def csv(self, app_key: str, table: str, **filters: Any) -> str:
        """One table of the reports as CSV text: `days`, `content`, `announcements`,
        `custom-events`, `walkthroughs`, `funnel` (with `guide=`), `searches`,
        `searches-without-results`, `feedback`, `comments`, `health`, `broken-elements`."""
        return self._client.send(calls.report_csv(app_key, table, filters))
