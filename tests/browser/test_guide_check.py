"""`wegwijs guides check` against the demo: every target found, then a release that renamed
an element makes that step missing and the command exit non-zero."""

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import Stack, running_stack, sign_in
from tests.conftest import TEST_SECRET
from tests.processes import clean_env
from wegwijs.demo import demo_guides_dir
from wegwijs.guidefiles.check import check_guides
from wegwijs.guidefiles.sync import import_guides

APP_KEY = "app_guide_check"


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    data_dir = tmp_path_factory.mktemp("check")
    with running_stack(data_dir, APP_KEY, []) as stack:
        import_guides(
            engine=stack.engine, app_key=APP_KEY, directory=demo_guides_dir(), publish=True
        )
        yield stack


def signed_in_state(browser: Browser, stack: Stack, path: Path, **cookies: str) -> Path:
    """Anna (an approver) signed in to the host app, saved as Playwright storage state."""
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, stack.host, "anna")
    for name, value in cookies.items():
        context.add_cookies([{"name": name, "value": value, "url": stack.host}])
    context.storage_state(path=str(path))
    context.close()
    return path


def test_every_demo_target_is_found(browser: Browser, stack: Stack, tmp_path: Path) -> None:
    state = signed_in_state(browser, stack, tmp_path / "anna.json")
    results = check_guides(
        engine=stack.engine,
        app_key=APP_KEY,
        base_url=stack.host,
        storage_state=state,
        browser=browser,
    )
    walkthroughs = {result.guide for result in results}
    assert walkthroughs == {"approve-claim", "claims-overview", "profile-setup", "submit-claim"}
    assert [r for r in results if not r.found] == []
    assert len(results) == 11  # every step of every walkthrough was reached
    by_step = {(r.guide, r.step): r for r in results}
    assert by_step[("submit-claim", "amount")].how[0] == "id"
    assert "attributes.data-testid" in by_step[("claims-overview", "export")].how
    assert by_step[("submit-claim", "category")].url.endswith("/claims/new")


def test_a_renamed_element_is_reported_missing(
    browser: Browser, stack: Stack, tmp_path: Path
) -> None:
    """The real command, as CI runs it: its own process and browser, JSON out, exit 1."""
    state = signed_in_state(browser, stack, tmp_path / "next.json", acme_release="next")
    env = clean_env(
        tmp_path,
        WEGWIJS_DATABASE_URL=stack.engine.url.render_as_string(hide_password=False),
        WEGWIJS_SECRET_KEY=TEST_SECRET,
    )
    command = [sys.executable, "-m", "wegwijs", "guides", "check", "--app", APP_KEY]
    options = ["--base-url", stack.host, "--storage-state", str(state), "--json"]
    result = subprocess.run(
        [*command, *options], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    missing = [(s["guide"], s["step"]) for s in report["steps"] if not s["found"]]
    assert ("submit-claim", "open-form") in missing
    assert report["missing"] == len(missing)
    found = {(s["guide"], s["step"]) for s in report["steps"] if s["found"]}
    assert ("claims-overview", "export") in found
