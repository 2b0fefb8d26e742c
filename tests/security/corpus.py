"""The XSS corpus: hostile strings every content field and every public input must survive."""

import json
from pathlib import Path

CORPUS_FILE = Path(__file__).with_name("xss_payloads.json")
MARKER = "__xss_hit"
"""Payloads call `__xss_hit()`; the page counts the calls in `window.__xss_hits`."""

TRAP_SCRIPT = """
window.__xss_hits = 0;
window.__xss_hit = function () { window.__xss_hits += 1; };
"""
"""Installed before any page script (Playwright init script) on every page under test."""


def payloads_by_group() -> dict[str, list[str]]:
    groups: dict[str, list[str]] = json.loads(CORPUS_FILE.read_text(encoding="utf-8"))
    return groups


def payloads() -> list[str]:
    return [payload for group in payloads_by_group().values() for payload in group]
