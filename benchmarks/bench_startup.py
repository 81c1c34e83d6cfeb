"""Start-up benchmarks: ``socius --version`` and ``socius --help`` as whole processes,
and the streamed import of a large SIPRI arms CSV (time and peak memory).

Commands are imported lazily (socius.cli.commands), so neither start-up command
imports scipy, polars or any command module. Each start-up figure is the median
of 15 fresh interpreters (``python -m socius ...``), which includes the
interpreter's own start (about 20 ms).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _util import emit

ROOT = Path(__file__).resolve().parents[1]
_SHARED = [ROOT.parent / "shared", ROOT.parents[1] / "shared"]  # main checkout or a worktree
RAW = next((p / "data" / "raw" for p in _SHARED if (p / "data" / "raw").is_dir()), _SHARED[0])
FLOWS = RAW / "sipri_arms_transfers" / "sipri-exports-processed.csv"
RUNS = 15


def _env() -> dict[str, str]:
    path = os.pathsep.join(p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH")) if p)
    return {**os.environ, "PYTHONPATH": path}


def whole_process(args: list[str]) -> list[float]:
    times = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "socius", *args],
            env=_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=True,
        )
        times.append(time.perf_counter() - t0)
    return times


def startup() -> None:
    baseline = whole_process_python()
    for args in (["--version"], ["--help"]):
        times = whole_process(args)
        emit(
            f"socius {' '.join(args)}, whole process",
            statistics.median(times),
            target_s=0.3,
            detail=f"median of {RUNS} runs (min {min(times):.3f} s, max {max(times):.3f} s); "
            f"bare `python -c pass`: {baseline:.3f} s",
        )


def whole_process_python() -> float:
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


_MEASURE = """
import resource, sys, time
from socius.data.sipri import read_arms
t0 = time.perf_counter()
read = read_arms([sys.argv[1]], skip_unmatched=True)
print(time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, read.frame.height)
"""


def large_arms_csv() -> None:
    """A ~95 MB long CSV (SIPRI's processed export, repeated 44 times) read by the importer."""
    if not FLOWS.is_file():
        print(f"skipped: {FLOWS} not found", file=sys.stderr)
        return
    with tempfile.TemporaryDirectory() as d:
        big = Path(d) / "flows.csv"
        head, body = FLOWS.read_text(encoding="utf-8").split("\n", 1)
        body = body if body.endswith("\n") else body + "\n"
        with big.open("w", encoding="utf-8") as fh:
            fh.write(head + "\n")
            for _ in range(44):
                fh.write(body)
        size_mb = big.stat().st_size / 2**20
        done = subprocess.run(
            [sys.executable, "-c", _MEASURE, str(big)],
            env=_env(),
            capture_output=True,
            text=True,
            check=True,
        )
        seconds, peak, rows = done.stdout.split()
        emit(
            "SIPRI arms import: long CSV read (streamed, vectorised)",
            float(seconds),
            peak=float(peak),
            target_mb=4 * size_mb + 200,
            detail=f"{size_mb:.0f} MB file, {int(rows):,} transfers after de-duplication; "
            "target: peak under 4x the file size plus the interpreter",
        )


if __name__ == "__main__":
    startup()
    large_arms_csv()
