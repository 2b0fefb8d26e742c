"""`wegwijs demo`: one command gives a working server and host app; running it again is safe."""

import re
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.processes import clean_env, free_port, wait_until_up
from wegwijs.demo import demo_guides_dir

pytestmark = pytest.mark.slow


def run_demo_once(tmp_path: Path) -> tuple[str, dict[str, str]]:
    """Start the demo, check both origins answer, stop it; returns its printed output."""
    port, host_port = free_port(), free_port()
    log_path = tmp_path / f"demo-{port}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "wegwijs", "demo", "--port", str(port)]
            + ["--host-port", str(host_port)],
            cwd=tmp_path,
            env=clean_env(tmp_path / "data"),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_up(f"http://127.0.0.1:{port}/healthz", process)
            wait_until_up(f"http://127.0.0.1:{host_port}/healthz", process)
            page = httpx.get(f"http://127.0.0.1:{host_port}/").text
            assert f'src="http://127.0.0.1:{port}/widget/wegwijs.js"' in page
            assert 'data-app-key="app_demo"' in page
            widget = httpx.get(f"http://127.0.0.1:{port}/widget/wegwijs.js")
            assert widget.status_code == 200
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=30)
    output = log_path.read_text()
    passwords = dict(re.findall(r"(\S+@example\.com)\s+password (\S+)", output))
    return output, passwords


def test_demo_starts_both_origins_and_is_idempotent(tmp_path: Path) -> None:
    output, passwords = run_demo_once(tmp_path)
    assert "Traceback" not in output, output
    assert set(passwords) == {"owner@example.com", "author@example.com"}

    again, passwords_again = run_demo_once(tmp_path)
    assert "Traceback" not in again, again
    assert passwords_again == passwords  # same accounts, not new ones

    # The printed credentials work, and the author is an author of the demo app.
    from fastapi.testclient import TestClient

    from wegwijs.config import Settings
    from wegwijs.main import create_app

    settings = Settings(data_dir=tmp_path / "data")
    with TestClient(create_app(settings)) as client:
        body = {"email": "author@example.com", "password": passwords["author@example.com"]}
        signed_in = client.post("/api/v1/auth/sign-in", json=body)
        assert signed_in.status_code == 200
        memberships = signed_in.json()["account"]["memberships"]
        assert [(m["app_key"], m["role"]) for m in memberships] == [("app_demo", "author")]
        app = client.get("/api/v1/apps/app_demo").json()
        assert len(app["allowed_origins"]) == 4  # both runs' host ports, 127.0.0.1 and localhost
        guides = client.get("/api/v1/apps/app_demo/guides", params={"per_page": 100}).json()
        published = {g["slug"]: g["live_version"] for g in guides["data"]}
        assert set(published) == {path.stem for path in demo_guides_dir().glob("*.yaml")}
        # Loaded once: the second run neither duplicated nor republished them.
        assert set(published.values()) == {1}
        # Identity verification is on; the host app signs user ids with the SDK.
        assert app["identity_verification"] is True
