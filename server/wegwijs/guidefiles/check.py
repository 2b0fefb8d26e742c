"""`wegwijs guides check`: does every published walkthrough still find its elements?

Playwright drives the system's Chromium through each walkthrough the way a user would: it
opens the first step's sample page, finds each step's target with the widget's own
resolver (`wegwijs-check.js`, built from widget/src/resolve.js), performs the step's
trigger (click, type a placeholder, follow the URL) to reach the next step, and reports
what it found and how. Run it against a test environment after each release of the host
app, before users meet a broken guide.
"""

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from wegwijs.apps.models import App
from wegwijs.content.models import Guide, GuideKind, GuideStatus, GuideVersion
from wegwijs.delivery.url_rules import compile_url_rule
from wegwijs.resources import widget_dir

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps dialling out of a closed network.
# The browser tests and bench/widget.py launch it the same way.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PLACEHOLDER_TEXT = "Wegwijs check"


class CheckError(Exception):
    """The check could not run (no app, no Playwright, no browser); not a missing target."""


@dataclass
class StepResult:
    guide: str
    step: str
    url: str
    found: bool
    how: list[str] = field(default_factory=list)
    """The parts of the bundle the element agreed with; ["floating"] for a step without one."""
    problem: str | None = None


@dataclass
class Walkthrough:
    slug: str
    steps: list[dict[str, Any]]
    url_rules: list[str]
    """Where it starts: the first step's page when that step names none."""


def published_walkthroughs(engine: Engine, app_key: str) -> list[Walkthrough]:
    with Session(engine) as session:
        app = session.exec(select(App).where(App.key == app_key)).first()
        if app is None:
            raise CheckError(f"no app with key {app_key}")
        rows = session.exec(
            select(Guide, GuideVersion)
            .join(GuideVersion, col(GuideVersion.guide_id) == Guide.id)
            .where(
                Guide.app_id == app.id,
                Guide.kind == GuideKind.walkthrough,
                Guide.status == GuideStatus.published,
                col(GuideVersion.number) == Guide.live_version,
            )
            .order_by(col(Guide.slug))
        ).all()
    return [
        Walkthrough(
            guide.slug,
            version.snapshot["steps"],
            version.snapshot.get("targeting", {}).get("url_rules", []),
        )
        for guide, version in rows
    ]


def on_base_url(url: str | None, rule: str | None, base_url: str) -> str | None:
    """The recorded page, moved onto the environment being checked; a rule without
    parameters or wildcards is a page too."""
    base = urlsplit(base_url)
    if url:
        page = urlsplit(url)
        return urlunsplit((base.scheme, base.netloc, page.path, page.query, page.fragment))
    if rule and rule.startswith("/") and not any(mark in rule for mark in ":*?#"):
        return urlunsplit((base.scheme, base.netloc, rule, "", ""))
    return None


class Checker:
    """One browser page walking walkthroughs; `resolver` is wegwijs-check.js's source."""

    def __init__(self, page: Any, resolver: str, *, timeout_ms: int) -> None:
        self.page = page
        self.resolver = resolver
        self.timeout_ms = timeout_ms

    def walk(self, walkthrough: Walkthrough, base_url: str) -> list[StepResult]:
        results: list[StepResult] = []
        start = next(
            (url for rule in walkthrough.url_rules if (url := on_base_url(None, rule, base_url))),
            None,
        )
        if start:
            self.page.goto(start)
        for step in walkthrough.steps:
            result = self._check_step(walkthrough.slug, step, base_url, first=not results)
            results.append(result)
            if not result.found:
                break  # the steps after a missing one cannot be reached as a user would
        return results

    def _check_step(
        self, slug: str, step: dict[str, Any], base_url: str, *, first: bool
    ) -> StepResult:
        wanted = on_base_url(step.get("sample_url"), step.get("url_rule"), base_url)
        if wanted and (first or not self._on_page(step)):
            self.page.goto(wanted)
        result = StepResult(guide=slug, step=step["id"], url=self.page.url, found=False)
        if step.get("target") is None:
            result.found, result.how = True, ["floating"]
            return result
        handle = self._find(step["target"])
        if handle is None:
            result.problem = "no element agrees enough with the recorded target"
            return result
        result.found = True
        result.how = self.page.evaluate(
            f"([target, element]) => {{ {self.resolver}; "
            "return WegwijsCheck.agreeingParts(target, element); }",
            [step["target"], handle],
        )
        self._perform(step.get("advance_trigger"), handle)
        return result

    def _on_page(self, step: dict[str, Any]) -> bool:
        rule = step.get("url_rule")
        return not rule or compile_url_rule(rule).matches(self.page.url)

    def _find(self, target: Any) -> Any:
        """Poll the resolver until the element shows (late rendering), or give up."""
        script = (
            f"(target) => {{ {self.resolver}; return WegwijsCheck.findTarget(document, target); }}"
        )
        deadline_steps = max(1, self.timeout_ms // 250)
        for _ in range(deadline_steps):
            handle = self.page.evaluate_handle(script, target)
            element = handle.as_element()
            if element is not None:
                return element
            self.page.wait_for_timeout(250)
        return None

    def _perform(self, trigger: str | None, element: Any) -> None:
        """What the user does to move on: click, type, or nothing (Next, URL)."""
        try:
            if trigger == "click":
                element.click(timeout=self.timeout_ms)
                self.page.wait_for_load_state()
            elif trigger == "input":
                tag = element.evaluate("(el) => el.tagName.toLowerCase()")
                if tag == "select":
                    options = element.evaluate("(el) => [...el.options].map((o) => o.value)")
                    chosen = next((value for value in options if value), None)
                    if chosen is not None:
                        element.select_option(chosen)
                else:
                    element.fill(PLACEHOLDER_TEXT)
        except Exception:  # noqa: BLE001 - the next step's lookup reports what went wrong
            pass


def check_guides(
    *,
    engine: Engine,
    app_key: str,
    base_url: str,
    storage_state: Path | None = None,
    timeout_ms: int = 5000,
    browser: Any = None,
) -> list[StepResult]:
    """Every step of every published walkthrough; `browser`: a running Playwright browser
    to use instead of launching Chromium (a caller that has one already)."""
    walkthroughs = published_walkthroughs(engine, app_key)
    resolver = (widget_dir() / "wegwijs-check.js").read_text(encoding="utf-8")
    if browser is not None:
        return _walk_all(browser, walkthroughs, resolver, base_url, storage_state, timeout_ms)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise CheckError("guide checks need Playwright: pip install 'wegwijs[check]'") from exc
    if not Path(CHROMIUM).exists():
        raise CheckError(f"no Chromium at {CHROMIUM} (Debian: apt install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            return _walk_all(launched, walkthroughs, resolver, base_url, storage_state, timeout_ms)
        finally:
            launched.close()


def _walk_all(
    browser: Any,
    walkthroughs: list[Walkthrough],
    resolver: str,
    base_url: str,
    storage_state: Path | None,
    timeout_ms: int,
) -> list[StepResult]:
    context = browser.new_context(storage_state=str(storage_state) if storage_state else None)
    # The check tests the host app's pages, not the help shown on them: with the widget
    # running, its own popovers would cover the elements being clicked.
    context.route("**/widget/**", lambda route: route.abort())
    results: list[StepResult] = []
    try:
        for walkthrough in walkthroughs:
            page = context.new_page()
            checker = Checker(page, resolver, timeout_ms=timeout_ms)
            results.extend(checker.walk(walkthrough, base_url))
            page.close()
    finally:
        context.close()
    return results


def as_json(results: list[StepResult]) -> str:
    missing = sum(1 for result in results if not result.found)
    return json.dumps(
        {"steps": [asdict(result) for result in results], "missing": missing}, indent=2
    )


def as_table(results: list[StepResult]) -> str:
    rows = [("guide", "step", "url", "found", "how")]
    for result in results:
        how = ", ".join(result.how) if result.found else (result.problem or "")
        rows.append(
            (result.guide, result.step, result.url, "yes" if result.found else "MISSING", how)
        )
    widths = [max(len(row[index]) for row in rows) for index in range(4)]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True))
        + "  "
        + row[4]
        for row in rows
    )
