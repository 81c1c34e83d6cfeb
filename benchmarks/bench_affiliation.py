"""Affiliation benchmarks: one year with 1,000 Monte Carlo draws, the full history, and the
memory of a large simulation (draws are processed in chunks)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _util import best_of, emit, peak_mb


def main() -> None:
    from socius.affiliation import assess, classify

    t0 = time.perf_counter()
    table = classify(2007, draws=1000)
    cold = time.perf_counter() - t0
    emit(
        "affiliation: classify 2007, 1,000 draws (cold)",
        cold,
        target_s=2.0,
        peak=peak_mb(),
        detail=f"{table.height} states; includes reading the evidence snapshots",
    )
    from socius.affiliation.indicators import _derived_cached

    def fresh() -> object:
        _derived_cached.cache_clear()  # recompute the derived evidence every time
        return classify(2007, draws=1000)

    warm, _ = best_of(fresh, repeat=3, warmup=0)
    emit(
        "affiliation: classify 2007, 1,000 draws (best of 3, evidence recomputed)",
        warm,
        target_s=1.0,
    )
    cached, _ = best_of(lambda: classify(2007, draws=1000), repeat=3, warmup=1)
    emit("affiliation: classify 2007, 1,000 draws (best of 3, derived evidence cached)", cached)
    _derived_cached.cache_clear()
    t0 = time.perf_counter()
    hist = assess((1949, 2024), draws=1000).table
    emit(
        "affiliation: full history 1949-2024, 1,000 draws per year",
        time.perf_counter() - t0,
        target_s=20.0,
        peak=peak_mb(),
        detail=f"{hist.height:,} state-years; NATO exists from 1949, so earlier years have no tiers",
    )
    t0 = time.perf_counter()
    big = classify(2022, draws=100_000)
    emit(
        "affiliation: classify 2022, 100,000 draws (chunked)",
        time.perf_counter() - t0,
        peak=peak_mb(),
        target_mb=2000.0,
        detail=f"{big.height} states; memory bounded by chunks of 250 draws",
    )


if __name__ == "__main__":
    main()
