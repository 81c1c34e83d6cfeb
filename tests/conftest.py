"""Shared test configuration."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

# CI runs the same examples every time (derandomize); HYPOTHESIS_PROFILE=explore searches afresh.
settings.register_profile(
    "socius",
    deadline=None,
    max_examples=60,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "explore", deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "socius"))


@pytest.fixture(autouse=True)
def _isolated_user_data(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Imported (user) snapshots go to a temporary folder, never the real user data dir."""
    monkeypatch.setenv("SOCIUS_DATA_DIR", str(tmp_path_factory.mktemp("user-data")))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """After a run that included the docs test, say how many code blocks it collected."""
    ran_docs = any(
        getattr(r, "nodeid", "").startswith("tests/test_docs.py")
        for reports in terminalreporter.stats.values()
        for r in reports
        if hasattr(r, "nodeid")
    )
    if not ran_docs:
        return
    import _docblocks

    for line in _docblocks.summary():
        terminalreporter.write_line(line)
