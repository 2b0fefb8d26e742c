"""The wheel alone runs a server: widget files, example app and sample guides inside."""

import subprocess
import sys
import zipfile
from pathlib import Path

import httpx
import pytest

from tests.processes import clean_env, free_port, stop, wait_until_up

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(out)],
        check=True,
        capture_output=True,
    )
    return next(out.glob("wegwijs-*.whl"))


def test_wheel_bundles_widget_examples_and_guides(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "wegwijs/_bundled/widget/wegwijs.js" in names
    assert "wegwijs/_bundled/examples/host_app/host_app.py" in names
    assert "wegwijs/_bundled/guides/README.md" in names
    assert any(name.startswith("wegwijs/migrations/versions/") for name in names)
    assert "wegwijs/admin/templates/base.html" in names
    assert "wegwijs/admin/static/admin.js" in names
    assert not any("node_modules" in name or name.endswith(".pyc") for name in names)


def test_wheel_in_a_fresh_venv_serves_healthz_and_the_widget(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)]
    subprocess.run(pip, check=True, capture_output=True, timeout=600)
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen(
        [str(venv / "bin" / "wegwijs"), "serve", "--port", str(port)],
        cwd=tmp_path,  # not the checkout: everything must come from the wheel
        env=clean_env(tmp_path / "data"),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/healthz", process)
        widget = httpx.get(f"http://127.0.0.1:{port}/widget/wegwijs.js")
        assert widget.status_code == 200
        assert widget.content == (ROOT / "widget" / "dist" / "wegwijs.js").read_bytes()
    finally:
        stop(process)
        log.close()
