"""Per-worker cache of what each app serves: settings and compiled published guides.

The context API answers from memory. Every worker checks the app's `content_version` in
the database at most once a second, so a publish on any worker reaches all of them within
a second, without a database write or a full reload per request.
"""

import gc
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Engine

from wegwijs.delivery.index import GuideIndex
from wegwijs.delivery.targeting import CompiledTargeting, Targeting, compile_targeting

CHECK_INTERVAL_SECONDS = 1.0


@dataclass
class PublishedGuide:
    """One guide's live version, compiled for matching, localised lazily and memoised."""

    id: int
    kind: str
    version: int
    snapshot: dict[str, Any]
    targeting: CompiledTargeting
    published_at: str | None
    starts_at: datetime | None
    ends_at: datetime | None
    _payloads: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)
    _encoded: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def priority(self) -> int:
        return int(self.snapshot.get("priority", 0))

    @property
    def frequency(self) -> str:
        return str(self.snapshot.get("frequency", "once"))

    def pick_locale(self, wanted: str | None, default: str) -> str | None:
        """The requested locale, then its language, then the app's default; else None."""
        available = self.snapshot.get("locales", [])
        for locale in (wanted, wanted.split("-")[0] if wanted else None, default):
            if locale and locale in available:
                return locale
        return None

    def payload(self, locale: str) -> dict[str, Any]:
        cached = self._payloads.get(locale)
        if cached is None:
            cached = self._payloads[locale] = localise(self.snapshot, locale)
        return cached

    def encoded_payload(self, locale: str) -> str:
        """The payload as JSON without its closing brace, encoded once per version and
        locale: per request only the visitor's own fields are appended."""
        cached = self._encoded.get(locale)
        if cached is None:
            encoded = json.dumps(self.payload(locale), separators=(",", ":"), ensure_ascii=False)
            cached = self._encoded[locale] = encoded[:-1]
        return cached

    def is_scheduled(self, now: datetime) -> bool:
        return (self.starts_at is None or self.starts_at <= now) and (
            self.ends_at is None or now < self.ends_at
        )


def localise(snapshot: dict[str, Any], locale: str) -> dict[str, Any]:
    """The widget's view of a guide in one locale (only sanitised HTML, from the snapshot)."""
    steps = []
    for step in snapshot["steps"]:
        text_in_locale = step["content"].get(locale, {})
        steps.append(
            {
                "id": step["id"],
                "position": step["position"],
                "target": step.get("target"),
                "url_rule": step.get("url_rule"),
                "placement": step.get("placement"),
                "advance_trigger": step.get("advance_trigger"),
                "title": text_in_locale.get("title", ""),
                "body_html": text_in_locale.get("body_html", ""),
            }
        )
    return {
        "id": snapshot["id"],
        "slug": snapshot["slug"],
        "kind": snapshot["kind"],
        "version": snapshot["version"],
        "name": snapshot["name"],
        "title": steps[0]["title"] if steps else snapshot["name"],
        "priority": snapshot.get("priority", 0),
        "frequency": snapshot.get("frequency"),
        "element": snapshot.get("targeting", {}).get("element"),
        "settings": snapshot.get("settings", {}),
        "locale": locale,
        "steps": steps,
    }


def compile_guide(snapshot: dict[str, Any], published_at: str | None = None) -> PublishedGuide:
    """Compile targeting and render every locale's payload now, at load: objects made later,
    per request, would escape the catalogue's `gc.freeze()` and lengthen every collection."""
    targeting = Targeting.model_validate(snapshot.get("targeting") or {})
    guide = PublishedGuide(
        id=int(snapshot["id"]),
        kind=str(snapshot["kind"]),
        version=int(snapshot["version"] or 0),
        snapshot=snapshot,
        targeting=compile_targeting(targeting),
        published_at=published_at,
        starts_at=_parse_time(snapshot.get("starts_at")),
        ends_at=_parse_time(snapshot.get("ends_at")),
    )
    for locale in snapshot.get("locales", []):
        guide.encoded_payload(locale)
    return guide


def _parse_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@dataclass
class AppView:
    """Everything the public API needs about one app, as of `content_version`."""

    id: int
    key: str
    allowed_origins: frozenset[str]
    default_locale: str
    identity_verification: bool
    identity_secrets: tuple[str, ...]
    consent_required: bool
    theme: dict[str, Any]
    url_param_denylist: tuple[str, ...]
    content_version: int
    guides: dict[int, PublishedGuide]
    index: GuideIndex
    by_slug: dict[str, int]
    guide_ids: frozenset[int]
    """Every guide of the app, published or not: events may name any of them."""
    checked_at: float = 0.0


@dataclass
class _Missing:
    checked_at: float


class DeliveryCache:
    """App views by key; thread-safe enough for uvicorn's event loop and its thread pool."""

    def __init__(self, engine: Engine, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._engine = engine
        self._clock = clock
        self._views: dict[str, AppView | _Missing] = {}
        self._lock = threading.Lock()

    def clear(self) -> None:
        """Forget every app view; the next request reloads (tests, and operators' tools)."""
        with self._lock:
            self._views.clear()

    def get(self, key: str) -> AppView | None:
        entry = self._views.get(key)
        now = self._clock()
        if entry is not None and now - entry.checked_at < CHECK_INTERVAL_SECONDS:
            return entry if isinstance(entry, AppView) else None
        with self._lock:
            entry = self._refresh(key, entry, now)
            self._views[key] = entry
        return entry if isinstance(entry, AppView) else None

    def _refresh(
        self, key: str, entry: AppView | _Missing | None, now: float
    ) -> AppView | _Missing:
        with self._engine.connect() as connection:
            row = connection.execute(
                text("SELECT id, content_version FROM app WHERE key = :key"), {"key": key}
            ).first()
            if row is None:
                return _Missing(checked_at=now)
            if isinstance(entry, AppView) and entry.content_version == row.content_version:
                entry.checked_at = now
                return entry
            view = load_app_view(connection, app_id=row.id, checked_at=now)
        # A large catalogue is millions of long-lived objects; left in the collector's
        # generations, every full collection walks them all and stalls requests for
        # hundreds of milliseconds. Frozen, the collector skips them. Unfreezing first lets
        # this one collection reclaim cycles left by the catalogue it replaces.
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        return view


def load_app_view(connection: Any, *, app_id: int, checked_at: float) -> AppView:
    app = connection.execute(
        text(
            "SELECT id, key, allowed_origins, default_locale, identity_verification,"
            " identity_secret, identity_secret_previous, consent_required, theme,"
            " url_param_denylist, content_version FROM app WHERE id = :id"
        ),
        {"id": app_id},
    ).one()
    guides = load_published_guides(connection, app_id=app_id)
    return AppView(
        id=app.id,
        key=app.key,
        allowed_origins=frozenset(_json(app.allowed_origins)),
        default_locale=app.default_locale,
        identity_verification=bool(app.identity_verification),
        identity_secrets=tuple(
            secret for secret in (app.identity_secret, app.identity_secret_previous) if secret
        ),
        consent_required=bool(app.consent_required),
        theme=_json(app.theme) or {},
        url_param_denylist=tuple(_json(app.url_param_denylist) or ()),
        content_version=app.content_version,
        guides=guides,
        index=GuideIndex([(guide.id, guide.targeting) for guide in guides.values()]),
        by_slug={guide.snapshot["slug"]: guide.id for guide in guides.values()},
        guide_ids=frozenset(
            connection.execute(
                text("SELECT id FROM guide WHERE app_id = :app_id"), {"app_id": app_id}
            ).scalars()
        ),
        checked_at=checked_at,
    )


def load_published_guides(connection: Any, *, app_id: int) -> dict[int, PublishedGuide]:
    rows = connection.execute(
        text(
            "SELECT v.snapshot, v.published_at FROM guide g JOIN guide_version v"
            " ON v.guide_id = g.id AND v.number = g.live_version"
            " WHERE g.app_id = :app_id AND g.status = 'published' ORDER BY g.id"
        ),
        {"app_id": app_id},
    )
    guides: dict[int, PublishedGuide] = {}
    for row in rows:
        published_at = row.published_at
        stamp = published_at.isoformat() if isinstance(published_at, datetime) else published_at
        guide = compile_guide(_json(row.snapshot), stamp)
        guides[guide.id] = guide
    return guides


def _json(value: Any) -> Any:
    """JSON columns arrive parsed on PostgreSQL and as text through SQLite's raw driver."""
    if isinstance(value, str):
        return json.loads(value)
    return value
