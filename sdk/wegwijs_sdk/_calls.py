"""Every admin API call the SDK makes, described once for the sync and the async client.

A `Call` is the request (method, path, query, JSON body) and how to read a successful
answer; the clients only send it and turn error answers into exceptions.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any, Generic, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel, TypeAdapter

from wegwijs_sdk._exceptions import error_for
from wegwijs_sdk._models import (
    App,
    Forgotten,
    Guide,
    GuidesPage,
    ImportReport,
    Step,
    Version,
)
from wegwijs_sdk._version import __version__

T = TypeVar("T")
API = "/api/v1/apps"
ANNOUNCEMENT_DISPLAYS = ("banner", "modal", "anchored")


@dataclass(frozen=True)
class Call(Generic[T]):
    method: str
    path: str
    read: Callable[[httpx.Response], T]
    params: Mapping[str, Any] = field(default_factory=dict)
    json: Any = None

    def request(self, http: httpx.Client | httpx.AsyncClient) -> httpx.Request:
        params = {name: value for name, value in self.params.items() if value is not None}
        body = {} if self.json is None else {"json": jsonable(self.json)}
        return http.build_request(self.method, self.path, params=params, **body)

    def result(self, response: httpx.Response) -> T:
        if response.is_error:
            raise error_for(response)
        return self.read(response)


def client_options(base_url: str, token: str, timeout: float | httpx.Timeout) -> dict[str, Any]:
    """What both clients give httpx: the server, the token, a user agent, the timeout."""
    if not base_url.startswith(("http://", "https://")):
        raise ValueError(f"base_url must be an http(s) URL, not {base_url!r}")
    if not token or token != token.strip():
        raise ValueError("token must be an API token (wgw_...)")
    return {
        "base_url": base_url.rstrip("/"),
        "headers": {
            "Authorization": f"Bearer {token}",
            "Accept": "application/json",
            "User-Agent": f"wegwijs-sdk/{__version__} httpx/{httpx.__version__}",
        },
        "timeout": timeout,
    }


def jsonable(value: Any) -> Any:
    """Plain JSON data from what callers pass: datetimes as ISO 8601, models as their JSON."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_unset=True)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    return value


def _segment(value: str | int) -> str:
    """One path segment, escaped: user ids and keys may hold `/` or `?`."""
    return quote(str(value), safe="")


def _app(app_key: str, *parts: str | int) -> str:
    return "/".join([API, _segment(app_key), *(_segment(part) for part in parts)])


def _model(model: type[T]) -> Callable[[httpx.Response], T]:
    adapter = TypeAdapter(model)
    return lambda response: adapter.validate_json(response.content)


def _data(model: type[T]) -> Callable[[httpx.Response], list[T]]:
    adapter = TypeAdapter(list[model])  # type: ignore[valid-type]
    return lambda response: adapter.validate_python(response.json()["data"])


def _json(response: httpx.Response) -> Any:
    return response.json()


def _text(response: httpx.Response) -> str:
    return response.text


def _nothing(response: httpx.Response) -> None:
    return None


# -- apps ---------------------------------------------------------------------------------------


def list_apps() -> Call[list[App]]:
    return Call("GET", API, _data(App))


def get_app(app_key: str) -> Call[App]:
    return Call("GET", _app(app_key), _model(App))


def update_app(app_key: str, changes: Mapping[str, Any]) -> Call[App]:
    return Call("PATCH", _app(app_key), _model(App), json=changes)


def snippet(app_key: str) -> Call[str]:
    return Call("GET", _app(app_key, "snippet"), lambda response: str(response.json()["html"]))


# -- guides -------------------------------------------------------------------------------------


def list_guides(
    app_key: str,
    *,
    kind: str | None,
    status: str | None,
    q: str | None,
    page: int,
    per_page: int,
) -> Call[GuidesPage]:
    params = {"kind": kind, "status": status, "q": q, "page": page, "per_page": per_page}
    return Call("GET", _app(app_key, "guides"), _model(GuidesPage), params=params)


def get_guide(app_key: str, guide_id: int) -> Call[Guide]:
    return Call("GET", _app(app_key, "guides", guide_id), _model(Guide))


def create_guide(app_key: str, fields: Mapping[str, Any]) -> Call[Guide]:
    return Call("POST", _app(app_key, "guides"), _model(Guide), json=fields)


def update_guide(app_key: str, guide_id: int, changes: Mapping[str, Any]) -> Call[Guide]:
    return Call("PATCH", _app(app_key, "guides", guide_id), _model(Guide), json=changes)


def delete_guide(app_key: str, guide_id: int) -> Call[None]:
    return Call("DELETE", _app(app_key, "guides", guide_id), _nothing)


def guide_action(app_key: str, guide_id: int, action: str) -> Call[Guide]:
    """publish, unpublish, archive or restore."""
    return Call("POST", _app(app_key, "guides", guide_id, action), _model(Guide))


def rollback_guide(app_key: str, guide_id: int, version: int) -> Call[Guide]:
    path = _app(app_key, "guides", guide_id, "rollback")
    return Call("POST", path, _model(Guide), json={"version": version})


def list_versions(app_key: str, guide_id: int) -> Call[list[Version]]:
    return Call("GET", _app(app_key, "guides", guide_id, "versions"), _data(Version))


def get_version(app_key: str, guide_id: int, number: int) -> Call[dict[str, Any]]:
    return Call("GET", _app(app_key, "guides", guide_id, "versions", number), _json)


def diff_versions(
    app_key: str, guide_id: int, from_version: int, to_version: int | None
) -> Call[dict[str, Any]]:
    params = {"from": from_version, "to": to_version}
    return Call("GET", _app(app_key, "guides", guide_id, "diff"), _json, params=params)


def add_step(app_key: str, guide_id: int, step: Mapping[str, Any]) -> Call[Step]:
    return Call("POST", _app(app_key, "guides", guide_id, "steps"), _model(Step), json=step)


def update_step(
    app_key: str, guide_id: int, step_id: str, changes: Mapping[str, Any]
) -> Call[Step]:
    path = _app(app_key, "guides", guide_id, "steps", step_id)
    return Call("PATCH", path, _model(Step), json=changes)


def remove_step(app_key: str, guide_id: int, step_id: str) -> Call[None]:
    return Call("DELETE", _app(app_key, "guides", guide_id, "steps", step_id), _nothing)


def reorder_steps(app_key: str, guide_id: int, step_ids: Sequence[str]) -> Call[Guide]:
    path = _app(app_key, "guides", guide_id, "steps", "order")
    return Call("PUT", path, _model(Guide), json={"step_ids": list(step_ids)})


def announcement_fields(
    *,
    title: str,
    body: str,
    url_rule: str | Sequence[str],
    starts: datetime | str | None,
    ends: datetime | str | None,
    display: str,
    locale: str,
) -> dict[str, Any]:
    """An announcement as `wegwijs announce` makes it: one step, shown until acknowledged."""
    if display not in ANNOUNCEMENT_DISPLAYS:
        raise ValueError(f"display must be one of {', '.join(ANNOUNCEMENT_DISPLAYS)}")
    rules = [url_rule] if isinstance(url_rule, str) else list(url_rule)
    return {
        "kind": "announcement",
        "name": title,
        "targeting": {"url_rules": rules},
        "starts_at": starts,
        "ends_at": ends,
        "frequency": "until_completed",
        "settings": {"display": display},
        "steps": [{"content": {locale: {"title": title, "body": body}}}],
    }


# -- guide files --------------------------------------------------------------------------------


def export_guide_files(app_key: str) -> Call[list[dict[str, Any]]]:
    return Call("GET", _app(app_key, "guide-files"), lambda response: response.json()["files"])


def import_guide_files(
    app_key: str, files: Sequence[Mapping[str, Any]], *, publish: bool, dry_run: bool
) -> Call[ImportReport]:
    body = {"files": list(files), "publish": publish, "dry_run": dry_run}
    return Call("POST", _app(app_key, "guide-files"), _model(ImportReport), json=body)


# -- reports and erasure --------------------------------------------------------------------------


def report(app_key: str, name: str, filters: Mapping[str, Any]) -> Call[dict[str, Any]]:
    # A name may have parts: "walkthroughs/12" is one walkthrough's funnel.
    path = _app(app_key, "reports", *name.split("/"))
    return Call("GET", path, _json, params=_filters(filters))


def report_csv(app_key: str, table: str, filters: Mapping[str, Any]) -> Call[str]:
    path = _app(app_key, "reports", f"{table}.csv")
    return Call("GET", path, _text, params=_filters(filters))


def _filters(filters: Mapping[str, Any]) -> dict[str, Any]:
    return {name: jsonable(value) for name, value in filters.items()}


def forget_user(app_key: str, user_id: str) -> Call[Forgotten]:
    return Call("POST", _app(app_key, "erasure"), _model(Forgotten), json={"user_id": user_id})
