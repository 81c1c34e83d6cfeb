"""Speed of alliance cohesion (run as a script; prints JSON lines).

1. The NATO 1949-2022 and SCO 2001-2022 cohesion series (every measure), cold in a fresh
   process: reading and reshaping the snapshots included. Target: <= 5 s.
2. The same series again with the inputs already loaded (best of 3 after a warm-up), for
   information: the cost of the measures themselves.
3. A what-if for NATO in 2007 with 6 candidates (JPN, AUS, KOR, NZL, RUS, CHN), reading the
   year's inputs included (best of 3 after a warm-up). Target: <= 1 s.
4. For information: the UN-vote alignment indicators of every non-member state-year
   1946-2019 (the affiliation policy's derived indicators), one pairwise computation per year.

Usage: python benchmarks/bench_cohesion.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _util import best_of, emit, peak_mb

CANDIDATES = ["JPN", "AUS", "KOR", "NZL", "RUS", "CHN"]


def main() -> None:
    t0 = time.perf_counter()
    from socius.cohesion import compare, load_data, vote_alignment, whatif

    data = load_data((1949, 2022))
    series = compare(["NATO", "SCO"], (1949, 2022), data=data)
    cold = time.perf_counter() - t0
    counts = series.group_by("alliance").len().sort("alliance").rows()
    emit(
        "cohesion series NATO 1949-2022 + SCO 2001-2022 (cold)",
        cold,
        target_s=5.0,
        peak=peak_mb(),
        detail=f"{series.height} alliance-years {counts}, {series.width} columns; includes "
        "importing socius and reading UN votes, ATOP, ideal points, V-Dem, democracy, NMC",
    )

    warm, _ = best_of(lambda: compare(["NATO", "SCO"], (1949, 2022), data=data))
    emit(
        "cohesion series NATO + SCO, inputs loaded (best of 3)",
        warm,
        detail="measures only: two pairwise similarity computations per alliance-year",
    )

    seconds, res = best_of(lambda: whatif("NATO", 2007, add=CANDIDATES))
    top = ", ".join(f"{a} {r:.2f}" for a, r in res.table.select("stateabb", "risk").rows())
    emit(
        "cohesion what-if NATO 2007 + 6 candidates (best of 3)",
        seconds,
        target_s=1.0,
        peak=peak_mb(),
        detail=f"reading the year's inputs included; risk ranking: {top}",
    )

    t1 = time.perf_counter()
    frame = vote_alignment(1946, 2019, "NATO")
    emit(
        "UN-vote alignment with NATO, every non-member state-year 1946-2019",
        time.perf_counter() - t1,
        peak=peak_mb(),
        detail=f"{frame.height:,} state-years ({frame['s_members'].null_count():,} null: "
        "before 1949, no common roll call, or a year without enough roll calls)",
    )


if __name__ == "__main__":
    main()
