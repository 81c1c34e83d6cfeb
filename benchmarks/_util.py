"""Helpers shared by the benchmark scripts."""

from __future__ import annotations

import json
import resource
import time
from collections.abc import Callable
from typing import Any


def peak_mb() -> float:
    """Peak resident set size of this process so far [MB]."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def best_of(fn: Callable[[], Any], repeat: int = 3, warmup: int = 1) -> tuple[float, Any]:
    """Best wall time of *repeat* runs after *warmup* runs, and the last result."""
    result = None
    for _ in range(warmup):
        result = fn()
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def emit(
    benchmark: str,
    seconds: float,
    *,
    target_s: float | None = None,
    peak: float | None = None,
    target_mb: float | None = None,
    detail: str = "",
) -> None:
    print(
        json.dumps(
            {
                "benchmark": benchmark,
                "seconds": round(seconds, 4),
                "target_s": target_s,
                "peak_mb": None if peak is None else round(peak, 1),
                "target_mb": target_mb,
                "detail": detail,
            }
        ),
        flush=True,
    )
