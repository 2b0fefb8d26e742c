"""The SDK installs alone into a fresh venv: httpx, pydantic and PyYAML, never the server."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]

CHECK = """
import importlib.metadata, importlib.util, json, re
import wegwijs_sdk
from wegwijs_sdk import Client, script_tag
requires = importlib.metadata.requires("wegwijs-sdk")
print(json.dumps({
    "version": wegwijs_sdk.__version__,
    "requires": sorted(re.split(r"[<>=!~ ;\\[]", name, maxsplit=1)[0].lower() for name in requires),
    "missing": [name for name in ("fastapi", "sqlmodel", "starlette", "wegwijs")
                if importlib.util.find_spec(name) is None],
    "tag": script_tag("app_1", "https://h.example", user_id="u", secret="k"),
}))
"""


def test_the_sdk_installs_alone_without_the_server(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    pip = [python, "-m", "pip", "install", "-q", str(ROOT / "sdk")]
    subprocess.run(pip, check=True, capture_output=True, timeout=600)

    # Not the checkout: everything must come from what pip installed.
    run = subprocess.run(
        [python, "-c", CHECK], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    found = json.loads(run.stdout)
    assert found["requires"] == ["httpx", "pydantic", "pyyaml"]
    assert found["missing"] == ["fastapi", "sqlmodel", "starlette", "wegwijs"]
    assert found["tag"].startswith('<script async src="https://h.example/widget/wegwijs.js"')
    marker = list((venv / "lib").glob("python3*/site-packages/wegwijs_sdk/py.typed"))
    assert len(marker) == 1, "py.typed ships, so type checkers read the SDK's annotations"
