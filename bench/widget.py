"""Benchmark of the widget in real headless Chromium, on the example host app.

    .venv/bin/python bench/widget.py [--runs 10] [--seconds 30]

Starts a Wegwijs server and the example host app on their own origins, as the browser tests
do (tests/browser/conftest.py), publishes a walkthrough that starts by itself on /claims and
a tip on the work queue (/queue, a list re-rendered five times a second), and prints:

1. the bytes the browser fetches for the widget before the visitor's first interaction,
   gzipped as the server sends them, on a page where nothing starts by itself (/) and on
   one where a walkthrough does (/claims), against the 16 KB target; every built file
   against its budget; and the figures other tour libraries were compared with;
2. the time from DOMContentLoaded to the first popover on screen (positioned next to its
   target), median of --runs page loads, each a new visitor with the cache disabled;
3. the main thread's busy time (CDP Performance.getMetrics: TaskDuration, ScriptDuration)
   during --seconds of continuous DOM changes on /queue, first without the widget, then
   with it (a tip on the list), in the same run.
"""

import argparse
import gzip
import statistics
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright  # noqa: E402

from tests.browser.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    Stack,
    both,
    running_stack,
    sign_in,
)
from wegwijs.content.models import GuideKind, Placement  # noqa: E402
from wegwijs.content.schemas import GuideCreate, StepIn  # noqa: E402
from wegwijs.delivery.targeting import Targeting  # noqa: E402

APP_KEY = "app_bench_widget"
DIST = ROOT / "widget" / "dist"
KB = 1024
BEFORE_INTERACTION_TARGET = 16 * KB
CHUNK_TARGET = 8 * KB
# min+gzip, as the widget issue compared them.
REFERENCES = (
    ("driver.js", 8.3),
    ("Shepherd", 17.2),
    ("intro.js", 22.0),
    ("@floating-ui/dom", 6.8),
)

# Main-thread busy time in CDP's Performance.getMetrics, seconds since the page opened.
METRICS = ("TaskDuration", "ScriptDuration", "LayoutDuration", "RecalcStyleDuration")

# Marks <html> with how long after DOMContentLoaded the first popover was positioned.
MARK_FIRST_POPOVER = """
(() => {
  const check = () => {
    const root = document.querySelector("wegwijs-root");
    const popover = root && root.shadowRoot && root.shadowRoot.querySelector(".ww-popover");
    if (popover && popover.hasAttribute("data-placement")) {
      const [navigation] = performance.getEntriesByType("navigation");
      const after = performance.now() - navigation.domContentLoadedEventStart;
      document.documentElement.dataset.benchFirstPopoverMs = String(after);
      return;
    }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();
"""


def export_tour() -> GuideCreate:
    return GuideCreate(
        kind=GuideKind.walkthrough,
        name="Export claims",
        targeting=Targeting(url_rules=["/claims"]),
        frequency="always",
        steps=[
            StepIn(
                id="columns",
                target={"attributes": {"data-testid": "columns-button"}},
                placement=Placement.bottom,
                content=both("Columns", "Choose what the table shows."),
            ),
            StepIn(
                id="export",
                target={"attributes": {"data-testid": "export-button"}},
                content=both("Export", "Download the claims."),
            ),
        ],
    )


def queue_tip() -> GuideCreate:
    return GuideCreate(
        kind=GuideKind.tip,
        name="Queue tip",
        targeting=Targeting(url_rules=["/queue"]),
        frequency="always",
        steps=[
            StepIn(id="tip", target={"id": "queue-list"}, content=both("Queue", "Newest first."))
        ],
    )


@contextmanager
def visitor(browser: Browser, base_url: str) -> Iterator[tuple[BrowserContext, Page]]:
    """A new visitor (empty storage and cache), signed in as Ben."""
    context = browser.new_context()
    try:
        page = context.new_page()
        sign_in(page, base_url, "ben")
        yield context, page
    finally:
        context.close()


def disable_cache(context: BrowserContext, page: Page) -> None:
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})


def widget_bytes(browser: Browser, stack: Stack, path: str, ready: str) -> dict[str, int]:
    """Gzipped body bytes of every /widget/ response until `ready` shows and the network
    is quiet, by file: what the page fetched before anyone touched it."""
    with visitor(browser, stack.host) as (context, page):
        disable_cache(context, page)
        seen: dict[str, int] = {}
        responses = []
        page.on("response", lambda r: responses.append(r) if "/widget/" in r.url else None)
        page.goto(f"{stack.host}{path}")
        page.locator(ready).wait_for()
        page.wait_for_load_state("networkidle")
        for response in responses:
            name = response.url.split("/widget/", 1)[1]
            seen[name] = response.request.sizes()["responseBodySize"]
        return seen


def kb(size: float) -> str:
    return f"{size / KB:.1f} KB"


def report_bytes(browser: Browser, stack: Stack) -> None:
    print("\n1. Bytes fetched for the widget before the first interaction (gzip, as served)")
    cases = (
        ("/ (nothing starts by itself)", "/", "wegwijs-root .ww-launcher"),
        ("/claims (a walkthrough starts)", "/claims", "wegwijs-root .ww-popover"),
    )
    for label, path, ready in cases:
        sizes = widget_bytes(browser, stack, path, ready)
        total = sum(sizes.values())
        verdict = "ok" if total <= BEFORE_INTERACTION_TARGET else "OVER TARGET"
        print(f"   {label:32} {kb(total):>9}  target {kb(BEFORE_INTERACTION_TARGET)}  {verdict}")
        for name, size in sorted(sizes.items()):
            print(f"      {name:34} {kb(size):>9}")
    print("   every built file (gzip -9, as the server sends it):")
    for path in sorted(DIST.rglob("*.js")):
        name = path.relative_to(DIST).as_posix()
        size = len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))
        budget = CHUNK_TARGET if name.startswith("chunks/") else None
        verdict = "" if budget is None else ("  ok" if size <= budget else "  OVER TARGET")
        limit = f"  target {kb(budget)}" if budget else ""
        print(f"      {name:34} {kb(size):>9}{limit}{verdict}")
    references = ", ".join(f"{name} {size:.1f} KB" for name, size in REFERENCES)
    print(f"   for comparison (min+gzip, from the widget issue): {references}")


def report_first_popover(browser: Browser, stack: Stack, runs: int) -> None:
    print(f"\n2. DOMContentLoaded to the first popover positioned on /claims ({runs} runs)")
    times = []
    for _ in range(runs):
        with visitor(browser, stack.host) as (context, page):
            disable_cache(context, page)
            page.add_init_script(MARK_FIRST_POPOVER)
            page.goto(f"{stack.host}/claims")
            page.wait_for_function("() => document.documentElement.dataset.benchFirstPopoverMs")
            times.append(
                float(page.evaluate("document.documentElement.dataset.benchFirstPopoverMs"))
            )
    print(
        f"   median {statistics.median(times):.0f} ms  "
        f"(min {min(times):.0f}, max {max(times):.0f}; cache disabled, server and browser on "
        "this machine)"
    )


def main_thread_seconds(browser: Browser, base_url: str, seconds: int) -> dict[str, float]:
    """Seconds of main-thread tasks and of script during `seconds` on /queue."""
    with visitor(browser, base_url) as (context, page):
        page.goto(f"{base_url}/queue")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(2000)  # the widget (if any) has loaded and shown its tip
        cdp = context.new_cdp_session(page)
        cdp.send("Performance.enable")

        def metrics() -> dict[str, float]:
            answer = cdp.send("Performance.getMetrics")
            return {entry["name"]: entry["value"] for entry in answer["metrics"]}

        before = metrics()
        page.wait_for_timeout(seconds * 1000)
        after = metrics()
        return {name: after[name] - before[name] for name in METRICS}


def report_main_thread(browser: Browser, stack: Stack, seconds: int) -> None:
    print(f"\n3. Main thread during {seconds} s of continuous DOM changes (/queue, 5 renders/s)")
    without = main_thread_seconds(browser, stack.host_without_widget, seconds)
    with_widget = main_thread_seconds(browser, stack.host, seconds)
    print(f"   {'':19} {'without widget':>13} {'with widget (tip)':>18} {'difference':>12}")
    for name in METRICS:
        base, widget = without[name] * 1000, with_widget[name] * 1000
        print(f"   {name:19} {base:10.0f} ms {widget:15.0f} ms {widget - base:+9.0f} ms")
    extra = (with_widget["TaskDuration"] - without["TaskDuration"]) * 1000 / seconds
    print(
        f"   the widget's share: {extra:+.1f} ms of main-thread time per second "
        "(other load on the machine moves both runs: a difference of a few ms/s is noise)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="page loads for the timing")
    parser.add_argument("--seconds", type=int, default=30, help="length of the DOM-changes run")
    args = parser.parse_args()
    guides = (export_tour(), queue_tip())
    with (
        tempfile.TemporaryDirectory() as data_dir,
        running_stack(Path(data_dir), APP_KEY, guides) as stack,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        print(f"Chromium {browser.version}, Wegwijs at {stack.wegwijs}, host app at {stack.host}")
        try:
            report_bytes(browser, stack)
            report_first_popover(browser, stack, args.runs)
            report_main_thread(browser, stack, args.seconds)
        finally:
            browser.close()


if __name__ == "__main__":
    main()
