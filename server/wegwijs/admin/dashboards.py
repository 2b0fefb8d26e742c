"""What the dashboard pages share: their filters as a GET form (checked like the reports API
checks them), numbers in the reader's language, the links that keep the filters (other
reports, CSV downloads) and the charts drawn from a report."""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy import select
from sqlalchemy.engine import Connection

from wegwijs.admin.charts import Bar, Series, bar_chart, column_chart, line_chart
from wegwijs.admin.forms import Form, add_validation_errors
from wegwijs.admin.pages import Page, url_path
from wegwijs.analytics import reports
from wegwijs.analytics.models import TraitRollup
from wegwijs.analytics.reports import MAX_DAYS, ReportFilters
from wegwijs.analytics.rollups import zone_named
from wegwijs.analytics.routes import report_filters
from wegwijs.apps.models import LOCALE_PATTERN
from wegwijs.content.models import Guide, GuideKind
from wegwijs.delivery.schemas import MAX_TRAIT_STRING, TRAIT_NAME

FILTER_FIELDS = ("start", "end", "guide", "version", "locale", "trait", "trait_value")
MAX_VERSION = 1_000_000
FIRST_DAY = date(2000, 1, 1)
TRAIT_NAMES_SHOWN = 50
LOCALE_SUGGESTIONS = ("nl", "en", "nl-BE", "en-GB", "de", "fr")
TOP_BARS = 10
"""Bars in a chart of the most frequent rows; the table below it lists them all."""
TABS = (
    ("overview", "reports.overview.tab", "admin_reports"),
    ("walkthroughs", "reports.walkthroughs.tab", "admin_reports_walkthroughs"),
    ("search", "reports.search.tab", "admin_reports_search"),
    ("feedback", "reports.feedback.tab", "admin_reports_feedback"),
    ("health", "reports.health.tab", "admin_reports_health"),
)


class FilterQuery(BaseModel):
    """The filters as typed in the form, with the limits of the API's query parameters."""

    model_config = ConfigDict(extra="ignore")

    start: date | None = None
    end: date | None = None
    guide: int | None = Field(default=None, ge=1)
    version: int | None = Field(default=None, ge=0, le=MAX_VERSION)
    locale: str | None = Field(default=None, pattern=LOCALE_PATTERN.pattern)
    trait: str | None = Field(default=None, pattern=TRAIT_NAME.pattern)
    trait_value: str | None = Field(default=None, max_length=MAX_TRAIT_STRING)

    @field_validator("start", "end")
    @classmethod
    def _plausible(cls, value: date | None) -> date | None:
        if value is not None and not FIRST_DAY <= value <= date(2999, 12, 31):
            raise ValueError("a day between 2000 and 2999")
        return value


FILTER_MESSAGES = {
    "start": "reports.error.date",
    "end": "reports.error.date",
    "locale": "error.locale",
    "trait": "reports.error.trait",
}


@dataclass
class Dashboard:
    """One dashboard request: its filters (as typed and as applied) and its links."""

    page: Page
    filters: ReportFilters
    form: Form
    tab: str
    guide_filter: bool = True
    guides: list[tuple[str, str]] = field(default_factory=list)
    """(id, name) options of the guide filter."""
    trait_names: list[str] = field(default_factory=list)

    @property
    def query(self) -> dict[str, str]:
        """The applied filters as query parameters (the period always spelled out, so a
        link or a download shows exactly the numbers on this page)."""
        f = self.filters
        values: dict[str, Any] = {
            "start": f.start,
            "end": f.end,
            "guide": f.guide_id,
            "version": f.version,
            "locale": f.locale,
            "trait": f.trait,
            "trait_value": f.trait_value,
        }
        return {name: str(value) for name, value in values.items() if value is not None}

    def link(self, route: str, /, *, keep_guide: bool = True, **params: Any) -> str:
        """A dashboard page with the same filters."""
        query = self.query if keep_guide else {k: v for k, v in self.query.items() if k != "guide"}
        path = url_path(self.page.request, route, app_key=self.page.app.key, **params)
        return f"{path}?{urlencode(query)}"

    def csv(self, table: str, **extra: str | int) -> str:
        """The reports API's CSV download of `table`, with the same filters."""
        path = url_path(self.page.request, "download_csv", app_key=self.page.app.key, table=table)
        return f"{path}?{urlencode({**self.query, **{k: str(v) for k, v in extra.items()}})}"

    @property
    def tabs(self) -> list[tuple[str, str, str]]:
        """(name, label, href) of each report, keeping the filters."""
        return [(name, self.page.t(label), self.link(route)) for name, label, route in TABS]

    @property
    def action(self) -> str:
        """This page without its query: the filter form's target and its "clear" link."""
        return self.page.request.url.path

    @property
    def locales(self) -> list[str]:
        return list(dict.fromkeys([self.page.app.default_locale, *LOCALE_SUGGESTIONS]))

    @property
    def filtered(self) -> bool:
        return any(
            value is not None
            for value in (
                self.filters.guide_id,
                self.filters.version,
                self.filters.locale,
                self.filters.trait,
            )
        )


def read_dashboard(page: Page, tab: str, *, guide_filter: bool = True) -> Dashboard:
    """The filters of the page's query string. A value that is not valid is named in the
    error summary and left out, so the page still shows the report for the rest. A page
    about one guide (in its path) has no guide filter."""
    assert page.access is not None
    fields = FILTER_FIELDS if guide_filter else tuple(f for f in FILTER_FIELDS if f != "guide")
    typed = {name: page.request.query_params.get(name, "").strip() for name in fields}
    form = Form(values=dict(typed))
    data = {name: value for name, value in typed.items() if value}
    query = FilterQuery()
    try:
        query = FilterQuery.model_validate(data)
    except ValidationError as exc:
        add_validation_errors(
            form, exc, page.lang, messages=FILTER_MESSAGES, ranges={"version": (0, MAX_VERSION)}
        )
        query = FilterQuery.model_validate(
            {name: value for name, value in data.items() if not form.error(name)}
        )
    start = query.start
    # The API's default end (today where the app is), so a start alone is checked too.
    end = query.end or datetime.now(zone_named(page.app.timezone)).date()
    if start and start > end:
        form.add_error("start", page.t("reports.error.order"))
        start = None
    if start and (end - start).days >= MAX_DAYS:
        form.add_error("start", page.t("reports.error.too_long", days=MAX_DAYS))
        start = None
    guides = _guide_options(page) if guide_filter else []
    guide = query.guide
    if guide is not None and str(guide) not in {id_ for id_, _ in guides}:
        # Not this app's (or gone): the select could not show it, and zeros would mislead.
        form.add_error("guide", page.t("reports.error.guide"))
        guide = None
    trait, trait_value = query.trait, query.trait_value
    if (trait is None) != (trait_value is None):
        form.add_error("trait_value" if trait else "trait", page.t("reports.error.trait_pair"))
        trait = trait_value = None
    filters = report_filters(
        page.access,
        start=start,
        end=end,
        guide=guide,
        version=query.version,
        locale=query.locale,
        trait=trait,
        trait_value=trait_value,
    )
    form.values["start"] = filters.start.isoformat()
    form.values["end"] = filters.end.isoformat()
    return Dashboard(
        page=page,
        filters=filters,
        form=form,
        tab=tab,
        guide_filter=guide_filter,
        guides=guides,
        trait_names=_trait_names(page.db.connection(), _app_id(page)),
    )


def _guide_options(page: Page) -> list[tuple[str, str]]:
    g = Guide.__table__  # type: ignore[attr-defined]
    guides = page.db.connection().execute(
        select(g.c.id, g.c.name, g.c.kind)
        .where(g.c.app_id == page.app.id)
        .order_by(g.c.name, g.c.id)
    )
    return [(str(id_), f"{name} ({page.t('kind.' + kind)})") for id_, name, kind in guides]


def _trait_names(connection: Connection, app_id: int) -> list[str]:
    """Trait names the app's visitors have, suggested in the trait filter."""
    t = TraitRollup.__table__  # type: ignore[attr-defined]
    return list(
        connection.execute(
            select(t.c.name)
            .distinct()
            .where(t.c.app_id == app_id)
            .order_by(t.c.name)
            .limit(TRAIT_NAMES_SHOWN)
        ).scalars()
    )


def _app_id(page: Page) -> int:
    assert page.app.id is not None
    return page.app.id


def run(page: Page, report: Any, board: Dashboard, **options: Any) -> Any:
    """Call a report function of `wegwijs.analytics.reports` for this page's app and filters,
    as the JSON API route does."""
    return report(
        page.db.connection(),
        app_id=_app_id(page),
        timezone=page.app.timezone,
        filters=board.filters,
        **options,
    )


def walkthrough_of(page: Page, guide_id: int) -> Guide | None:
    guide = page.db.get(Guide, guide_id)
    if guide is None or guide.app_id != page.app.id or guide.kind != GuideKind.walkthrough:
        return None
    return guide


# -- numbers in words -------------------------------------------------------------------------


MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "nl": ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
}


@dataclass(frozen=True)
class Numbers:
    """Counts, shares, durations and days as a reader of `lang` writes them."""

    lang: str

    def count(self, value: int | float | None) -> str:
        if value is None:
            return "—"
        text = f"{value:,}"
        return text.replace(",", ".") if self.lang == "nl" else text

    def share(self, value: float | None) -> str:
        """A share as a whole percentage; "<1%" rather than a misleading 0%."""
        if value is None:
            return "—"
        if 0 < value < 0.005:
            return "<1%"
        return f"{round(value * 100)}%"

    def duration(self, seconds: float | None) -> str:
        if seconds is None:
            return "—"
        whole = round(seconds)
        hours, rest = divmod(whole, 3600)
        minutes, secs = divmod(rest, 60)
        hour = "u" if self.lang == "nl" else "h"
        if hours:
            return f"{hours} {hour} {minutes} min"
        if minutes:
            return f"{minutes} min {secs} s" if secs else f"{minutes} min"
        return f"{secs} s"

    def day(self, value: date) -> str:
        """Short, for chart axes: "10 Nov" / "10 nov"."""
        return f"{value.day} {MONTHS.get(self.lang, MONTHS['en'])[value.month - 1]}"


# -- charts -----------------------------------------------------------------------------------


def days_chart(page: Page, report: reports.Overview, numbers: Numbers) -> Markup:
    days = report.days
    busiest = max(days, key=lambda d: (d.views, d.day), default=None)
    description = page.t(
        "reports.overview.chart_desc",
        start=report.filters.start.isoformat(),
        end=report.filters.end.isoformat(),
        views=numbers.count(report.totals.views),
        users=numbers.count(report.totals.users),
        busiest=busiest.day.isoformat() if busiest else "—",
        busiest_views=numbers.count(busiest.views if busiest else 0),
    )
    return line_chart(
        chart_id="chart-days",
        title=page.t("reports.overview.chart_title"),
        description=description,
        labels=[numbers.day(d.day) for d in days],
        series=[
            Series(page.t("reports.views"), [d.views for d in days], "primary"),
            Series(page.t("reports.users"), [d.users for d in days], "secondary"),
        ],
        number=numbers.count,
    )


def funnel_chart(
    page: Page, version: reports.VersionReport, numbers: Numbers, chart_id: str
) -> Markup:
    bars = []
    for step in version.funnel:
        text = numbers.count(step.viewed)
        if step.dropped:
            text += " · " + page.t(
                "reports.funnel.dropped_short", count=numbers.count(step.dropped)
            )
        if step.biggest_drop:
            text += " · " + page.t("reports.funnel.biggest_drop")
        bars.append(Bar(step_label(page, step), step.viewed, text, step.biggest_drop))
    stuck = next((s for s in version.funnel if s.biggest_drop), None)
    if stuck is not None:
        description = page.t(
            "reports.funnel.chart_desc_stuck",
            steps=len(version.funnel),
            step=step_label(page, stuck),
            viewed=numbers.count(stuck.viewed),
            dropped=numbers.count(stuck.dropped),
        )
    else:
        description = page.t("reports.funnel.chart_desc", steps=len(version.funnel))
    return bar_chart(
        chart_id=chart_id,
        title=page.t("reports.funnel.chart_title", version=version.version),
        description=description,
        bars=bars,
    )


def step_label(page: Page, step: reports.FunnelStep) -> str:
    """A step as "2. Category", in the version's order; a step it no longer has by its id."""
    if step.position is None:
        return page.t("reports.funnel.removed_step", step=step.step_id)
    return f"{step.position + 1}. {step.title or step.step_id}"


def queries_chart(
    page: Page, rows: list[reports.QueryCount], numbers: Numbers, chart_id: str
) -> Markup:
    """The most frequent queries that found nothing. Visitors typed these labels."""
    shown = rows[:TOP_BARS]
    return bar_chart(
        chart_id=chart_id,
        title=page.t("reports.search.chart_title"),
        description=page.t(
            "reports.search.chart_desc",
            query=shown[0].query if shown else "—",
            searches=numbers.count(shown[0].without_results if shown else 0),
        ),
        bars=[
            Bar(row.query, row.without_results, numbers.count(row.without_results)) for row in shown
        ],
    )


def missing_chart(page: Page, report: reports.HealthReport, numbers: Numbers) -> Markup:
    worst = max(report.days, key=lambda d: (d.events, d.day), default=None)
    return column_chart(
        chart_id="chart-missing",
        title=page.t("reports.health.chart_title"),
        description=page.t(
            "reports.health.chart_desc",
            events=numbers.count(report.events),
            worst=worst.day.isoformat() if worst else "—",
            worst_events=numbers.count(worst.events if worst else 0),
        ),
        labels=[numbers.day(d.day) for d in report.days],
        values=[d.events for d in report.days],
        number=numbers.count,
    )
