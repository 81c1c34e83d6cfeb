"""Headless Chromium for end-to-end tests: the system browser (Debian's ``chromium``)
driven by Playwright for Python; no browser is ever downloaded.

``launch()`` returns a started Playwright and a browser, or calls :func:`pytest.skip` with
the reason when no Chromium can be had (install it with ``.ci/ensure-browser``).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
)


def chromium_path() -> str | None:
    """The system Chromium: $SOCIUS_CHROMIUM, else the first of :data:`CANDIDATES`."""
    env = os.environ.get("SOCIUS_CHROMIUM")
    if env:
        return env if os.access(env, os.X_OK) else None
    for path in CANDIDATES:
        if os.access(path, os.X_OK):
            return path
    found = shutil.which("chromium")
    return found


@contextmanager
def launch() -> Iterator[Any]:
    """Yield a headless Chromium browser (Playwright ``Browser``); skip when unavailable."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is in the dev extra
        pytest.skip("playwright is not installed (pip install -e '.[dev]')")
    path = chromium_path()
    if path is None:
        pytest.skip("no system Chromium found; run .ci/ensure-browser (apt-get install chromium)")
    with sync_playwright() as pw:
        try:
            browser = pw.chromium.launch(executable_path=path, headless=True, args=list(ARGS))
        except Exception as exc:  # the binary exists but cannot start here
            pytest.skip(f"Chromium at {path} could not start: {str(exc).splitlines()[0]}")
        try:
            yield browser
        finally:
            browser.close()
