"""The widget, served by a Wegwijs server, loads into the host app on another origin."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import ROOT, Stack, running_stack

APP_KEY = "app_browser_test"


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with running_stack(tmp_path_factory.mktemp("wegwijs"), APP_KEY, []) as stack:
        yield stack


@pytest.fixture(scope="module")
def wegwijs_url(stack: Stack) -> str:
    return stack.wegwijs


@pytest.fixture(scope="module")
def host_urls(stack: Stack) -> dict[str, str]:
    """The same host app twice: with the Wegwijs tag, and without it (for comparison)."""
    return {"with": stack.host, "without": stack.host_without_widget}


def window_keys(page: Page) -> set[str]:
    return set(page.evaluate("Object.keys(window)"))


def test_widget_loads_cross_origin_and_adds_only_its_global(
    page: Page, host_urls: dict[str, str], wegwijs_url: str
) -> None:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto(host_urls["without"] + "/")
    baseline = window_keys(page)

    with page.expect_response(f"{wegwijs_url}/widget/wegwijs.js") as widget_response:
        page.goto(host_urls["with"] + "/")
    assert widget_response.value.status == 200
    assert wegwijs_url.rsplit(":", 1)[1] != host_urls["with"].rsplit(":", 1)[1]
    page.wait_for_function("() => window.Wegwijs && typeof window.Wegwijs.version === 'string'")

    package = json.loads(Path(ROOT / "widget" / "package.json").read_text())
    assert page.evaluate("window.Wegwijs.version") == package["version"]
    assert window_keys(page) - baseline == {"Wegwijs"}
    assert problems == []


def test_public_calls_never_throw_into_the_host(page: Page, host_urls: dict[str, str]) -> None:
    page.goto(host_urls["with"] + "/")
    page.wait_for_function("() => window.Wegwijs && window.Wegwijs.version")
    thrown = page.evaluate(
        """() => {
            const calls = [
              () => Wegwijs.identify("anna", {role: "approver"}),
              () => Wegwijs.track("exported", {rows: 3}),
              () => Wegwijs.track(undefined, null),
              () => Wegwijs.identify({not: "a string"}),
              () => Wegwijs.consent("maybe"),
              () => Wegwijs.start(42),
              () => Wegwijs.openHelp(),
              () => Wegwijs.reset(),
            ];
            const errors = [];
            for (const call of calls) {
              try { call(); } catch (error) { errors.push(String(error)); }
            }
            return errors;
        }"""
    )
    assert thrown == []
