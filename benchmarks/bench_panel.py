"""Foundation benchmarks: the full COW directed dyad-year panel with merges, and the report."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _util import emit, peak_mb


def panel() -> None:
    from socius import panel as P

    t0 = time.perf_counter()
    ddy = P.dyad_years()
    ddy = P.add_capabilities(ddy)
    ddy = P.add_alliances(ddy)
    ddy = P.add_democracy(ddy)
    seconds = time.perf_counter() - t0
    emit(
        "COW directed dyad-years 1816-2024 + capabilities + ATOP + democracy",
        seconds,
        target_s=3.0,
        peak=peak_mb(),
        target_mb=1500,
        detail=f"{ddy.height:,} rows x {ddy.width} columns (cold: includes reading every snapshot)",
    )


def report() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "r.html"
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "socius", "report", "--year", "2007", "--out", str(out)],
            check=True,
            capture_output=True,
        )
        emit(
            "socius report --year 2007 (whole command, new process)",
            time.perf_counter() - t0,
            target_s=10.0,
            detail=f"{out.stat().st_size / 1024:,.0f} KiB HTML",
        )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "report":
        report()
    else:
        panel()
        subprocess.run([sys.executable, __file__, "report"], check=True)
