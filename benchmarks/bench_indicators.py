"""Benchmark: every security indicator over the full data (all states, all years),
after the store is open. Target: 1 s each.

Run as ``python benchmarks/bench_indicators.py``. When the full SIPRI files are in
``../shared/data/raw/sipri_*`` they are imported first into a temporary
``SOCIUS_DATA_DIR`` (the import is timed separately, without a target); otherwise the
benchmark runs on the bundled data (COW NMC for military expenditure) and skips the
arms-transfer indicators. Each line of output is one JSON object.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

TARGET_S = 1.0
RAW = Path(__file__).resolve().parents[2] / "shared" / "data" / "raw"
WORKBOOK = RAW / "sipri_milex" / "SIPRI-Milex-data-1949-2024_2.xlsx"
TABLES = sorted((RAW / "sipri_arms_transfers" / "trademap-raw").glob("TIV-Export-*.csv"))


def emit(name: str, seconds: float, detail: str, target: float | None = TARGET_S) -> None:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    row = {
        "benchmark": name,
        "seconds": round(seconds, 4),
        "target_s": target,
        "peak_mb": round(peak, 1),
        "target_mb": None,
        "detail": detail,
    }
    print(json.dumps(row), flush=True)


def best_of(fn: Callable[[], Any], runs: int = 3) -> tuple[float, Any]:
    fn()  # warm-up: the store is open and caches are filled
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="socius-bench-") as store:
        os.environ["SOCIUS_DATA_DIR"] = store
        return run(store)


def run(store: str) -> int:
    from socius import indicators as ind
    from socius.data import sipri

    with_sipri = WORKBOOK.is_file() and len(TABLES) > 100
    if with_sipri:
        t0 = time.perf_counter()
        sipri.import_milex(WORKBOOK)
        sipri.import_arms(TABLES)
        emit(
            "sipri import (milex workbook + 134 TIV tables)",
            time.perf_counter() - t0,
            f"into {store}",
            None,
        )
    data = (
        "SIPRI milex and arms imported from ../shared"
        if with_sipri
        else "bundled data only (COW NMC milex)"
    )
    mcov = ind.milex_coverage(ind.milex_source())
    cases: list[tuple[str, Callable[[], Any]]] = [
        ("milex, all states and years", lambda: ind.milex()),
        (
            "milex growth, all states, first to last year",
            lambda: ind.milex_growth(start=mcov[0], end=mcov[1]),
        ),
        ("milex rank over the whole period", lambda: ind.milex_rank()),
        ("milex totals by region, all years", lambda: ind.milex_totals()),
        ("cinc, all states 1816-2022", lambda: ind.cinc()),
        ("cinc trend, all states 1816-2022", lambda: ind.cinc_trend(years=(1816, 2022))),
        ("nuclear status and warheads, all state-years", lambda: ind.nuclear()),
        ("missile tests, all years", lambda: ind.missile_tests()),
        ("scrambles, all fiscal years", lambda: ind.scrambles()),
        (
            "bloc aggregates NATO, SCO, CSTO 1949-2024",
            lambda: ind.bloc_aggregates(["NATO", "SCO", "CSTO"]),
        ),
        ("profile CHN, all years", lambda: ind.profile("CHN")),
        ("rank cinc over 1816-2022", lambda: ind.rank("cinc")),
    ]
    for slug in ("korean-peninsula", "taiwan-strait", "east-china-sea", "south-china-sea"):
        cases.append(
            (
                f"flashpoint dashboard {slug}, 1950-2022",
                lambda s=slug: ind.dashboard(s, years=(1950, 2022)),
            )
        )
    if with_sipri:
        cases += [
            ("arms imports, all state-years 1950-2021", lambda: ind.arms_imports()),
            ("arms exports rank 1950-2021", lambda: ind.arms_rank("exports")),
            ("customer shares of RUS 1950-2021", lambda: ind.customer_shares("RUS")),
            ("supplier share RUS->CHN 1950-2021", lambda: ind.supplier_share("RUS", "CHN")),
            (
                "NATO internal arms flows 1950-2021",
                lambda: ind.bloc_flows("NATO", years=(1950, 2021)),
            ),
        ]
    failed = 0
    for name, fn in cases:
        seconds, result = best_of(fn)
        rows = getattr(result, "height", None)
        emit(
            name,
            seconds,
            f"{data}; {rows if rows is not None else 'dashboard'} rows; best of 3 after warm-up",
        )
        failed += seconds > TARGET_S
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
