"""benchmarks/run.py: a usage line, unknown topics refused, results never overwritten with nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

RUN = Path(__file__).resolve().parents[1] / "benchmarks" / "run.py"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(RUN), *args], capture_output=True, text=True, check=False
    )


def test_help_prints_usage_and_runs_nothing() -> None:
    proc = _run("--help")
    assert proc.returncode == 0
    assert proc.stdout.startswith("usage: python benchmarks/run.py") and "panel" in proc.stdout


def test_unknown_topic_is_refused() -> None:
    proc = _run("panels")
    assert proc.returncode == 2
    assert "unknown topic 'panels'" in proc.stderr and "== bench_" not in proc.stdout
