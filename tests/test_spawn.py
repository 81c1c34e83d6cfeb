"""Library calls that start worker processes work from a plain script without a main guard.

With the ``spawn`` start method a worker first re-imports the parent's ``__main__``; a script
that builds the report or starts a local Dask sweep at top level would run again in every
worker (and the pool break) unless the library hides ``__main__`` while workers start.
"""

from __future__ import annotations

import subprocess
import sys
import types
from pathlib import Path

import pytest

from _docblocks import child_env
from socius._spawn import script_free_spawn


def _run_script(tmp_path: Path, body: str) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "plain_script.py"
    # the marker line shows whether a worker re-ran the script
    script.write_text(f"print('script body ran', flush=True)\n{body}", encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(script)],
        cwd=tmp_path,
        env=child_env(tmp_path / "store"),
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_main_module_is_hidden_only_inside_the_block() -> None:
    before = sys.modules["__main__"]
    with script_free_spawn():
        hidden = sys.modules["__main__"]
        assert isinstance(hidden, types.ModuleType)
        assert getattr(hidden, "__file__", None) is None and hidden.__spec__ is None
    assert sys.modules["__main__"] is before


def test_the_main_module_comes_back_after_an_error() -> None:
    before = sys.modules["__main__"]
    with pytest.raises(RuntimeError), script_free_spawn():
        raise RuntimeError("a worker failed to start")
    assert sys.modules["__main__"] is before


def test_a_plain_script_builds_the_report_with_two_worker_processes(tmp_path: Path) -> None:
    done = _run_script(
        tmp_path,
        "from socius.report import build_report\n"
        "report = build_report(2007, sections=['overview', 'affiliation'], workers=2)\n"
        "print('sections:', len(report.sections))\n",
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "sections: 2" in done.stdout
    # printed once: the workers did not re-run the script
    assert done.stdout.count("script body ran") == 1, done.stdout


def test_a_plain_script_runs_a_sweep_on_a_local_cluster(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    done = _run_script(
        tmp_path,
        "from socius.sweep import parse_grid, sweep_policy\n"
        "grid = parse_grid('[grid]\\n\"values.v2x_libdem\" = [0.45, 0.5]\\n')\n"
        "result = sweep_policy(grid, years=(2007, 2007), out='map', draws=3, workers=2,"
        " fresh=True)\n"
        "print('rows:', result.table.height)\n",
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.count("script body ran") == 1, done.stdout
