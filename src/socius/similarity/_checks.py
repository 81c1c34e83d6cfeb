"""Input checks and distance helpers shared by the similarity measures."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from socius.errors import ValidationError, suggest

__all__ = [
    "METRICS",
    "FloatArray",
    "Metric",
    "category_distances",
    "check_metric",
    "check_pair",
    "check_weights",
    "concat",
    "distance",
    "metric_d_max",
    "raise_all",
]

Metric = Literal["nominal", "absolute", "squared"]
METRICS: tuple[str, ...] = ("nominal", "absolute", "squared")
FloatArray = npt.NDArray[np.float64]


def raise_all(problems: Sequence[str]) -> None:
    """Raise one ValidationError listing every problem, if there are any."""
    if problems:
        raise ValidationError("; ".join(problems))


def check_metric(metric: str, allowed: Sequence[str] = METRICS) -> None:
    """Raise ValidationError for a metric outside *allowed*."""
    if metric not in allowed:
        raise ValidationError(
            f"metric {metric!r} is not known; choose one of: {', '.join(allowed)}"
            f"{suggest(str(metric), allowed)}"
        )


def _as_vector(value: Any, name: str, problems: list[str]) -> FloatArray | None:
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        problems.append(f"{name} must hold numbers; convert the positions to a numeric scale")
        return None
    if arr.ndim != 1:
        problems.append(
            f"{name} must be one-dimensional, got shape {arr.shape}; pass one state's positions"
        )
        return None
    return arr


def _positions(bad: npt.NDArray[np.bool_]) -> str:
    where = np.flatnonzero(bad)
    shown = ", ".join(str(int(i)) for i in where[:5])
    return shown + (", ..." if where.size > 5 else "")


def check_weights(weights: Any, n: int, problems: list[str]) -> FloatArray | None:
    """Validate partner weights: length *n*, finite, non-negative, positive sum."""
    w = _as_vector(weights, "weights", problems)
    if w is None:
        return None
    if w.size != n:
        problems.append(
            f"weights has {w.size} values but the positions have {n}; give one per partner"
        )
        return None
    bad = ~np.isfinite(w)
    if bad.any():
        problems.append(
            f"weights has missing or infinite values at positions {_positions(bad)}; "
            "give every partner a finite weight (0 to leave it out)"
        )
        return None
    if (w < 0).any():
        problems.append(
            f"weights has negative values at positions {_positions(w < 0)}; "
            "weights such as capability shares must be >= 0"
        )
        return None
    if n and w.sum() <= 0:
        problems.append("weights sum to 0; give at least one partner a positive weight")
        return None
    return w


def check_pair(
    x: Any,
    y: Any,
    *,
    weights: Any = None,
    categories: Sequence[float] | None = None,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Validate two position vectors (and weights, categories); return float arrays.

    Every problem found is collected and raised once as :class:`ValidationError`.
    Weights default to 1 for every partner.
    """
    problems: list[str] = []
    xa = _as_vector(x, "x", problems)
    ya = _as_vector(y, "y", problems)
    if xa is not None and ya is not None:
        if xa.size != ya.size:
            problems.append(
                f"x has {xa.size} positions but y has {ya.size}; both must list the same partners "
                "in the same order"
            )
        elif xa.size == 0:
            problems.append("x and y are empty; give at least one partner or roll call")
    for name, arr in (("x", xa), ("y", ya)):
        if arr is not None and arr.size and not np.isfinite(arr).all():
            problems.append(
                f"{name} has missing or infinite values at positions "
                f"{_positions(~np.isfinite(arr))}; drop those partners from both vectors"
            )
    raise_all(problems)
    assert xa is not None  # raise_all above guarantees both vectors
    assert ya is not None
    w = np.ones(xa.size) if weights is None else check_weights(weights, xa.size, problems)
    if categories is not None:
        cats = np.asarray(categories, dtype=np.float64)
        if cats.ndim != 1 or cats.size == 0 or not np.isfinite(cats).all():
            problems.append(
                "categories must be a non-empty list of finite numbers, e.g. (0, 1, 2, 3)"
            )
        else:
            for name, arr in (("x", xa), ("y", ya)):
                outside = ~np.isin(arr, cats)
                if outside.any():
                    vals = ", ".join(f"{v:g}" for v in np.unique(arr[outside])[:5])
                    problems.append(
                        f"{name} has values {vals} outside the declared scale "
                        f"{tuple(float(c) for c in cats)}; recode them or widen categories"
                    )
    raise_all(problems)
    assert w is not None
    return xa, ya, w


def distance(a: FloatArray, b: FloatArray, metric: str) -> FloatArray:
    """Disagreement between positions *a* and *b* (broadcasting) under *metric*."""
    if metric == "nominal":
        return np.not_equal(a, b).astype(np.float64)
    if metric == "absolute":
        return np.asarray(np.abs(a - b), dtype=np.float64)
    return np.asarray((a - b) ** 2, dtype=np.float64)


def category_distances(values: FloatArray, metric: str) -> FloatArray:
    """C x C matrix of disagreement weights between category *values*."""
    return distance(values[:, None], values[None, :], metric)


def metric_d_max(span: float, metric: str) -> float:
    """Largest possible disagreement for a scale of range *span* under *metric*."""
    if metric == "nominal":
        return 1.0
    return span if metric == "absolute" else span**2


def concat(arrays: Sequence[npt.NDArray[Any]]) -> npt.NDArray[Any]:
    """Concatenate 1-D arrays; an empty list gives an empty array."""
    return np.concatenate(list(arrays)) if arrays else np.array([])
