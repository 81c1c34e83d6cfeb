"""Vectorised group statistics behind the cohesion measures.

Every function takes a boolean matrix ``groups`` (G x N: row g marks the states in
group g) and returns one value per group, so that the members alone, the members with
all candidates and the members with each candidate are computed in one pass. Values
are NaN where a statistic is undefined (too few states with data).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = [
    "alignment_stats",
    "concentration_stats",
    "idealpoint_risk",
    "pair_stats",
    "value_stats",
]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


def _divide(num: FloatArray, den: npt.NDArray[np.int64] | FloatArray, ok: BoolArray) -> FloatArray:
    out = np.full(np.shape(num), np.nan)
    np.divide(num, den, out=out, where=ok)
    return out


def pair_stats(matrix: FloatArray, groups: BoolArray) -> dict[str, FloatArray]:
    """Mean, population sd, minimum and count of a symmetric pair measure over the
    pairs i < j inside each group; NaN pairs (nothing to compare, undefined) are left out.
    """
    n = matrix.shape[0]
    upper = np.triu(np.ones((n, n), dtype=bool), 1)
    valid = groups[:, :, None] & groups[:, None, :] & (upper & np.isfinite(matrix))[None]
    count = valid.sum(axis=(1, 2))
    has = count > 0
    mean = _divide(np.where(valid, matrix, 0.0).sum(axis=(1, 2)), count, has)
    centred = np.where(valid, matrix - np.where(has, mean, 0.0)[:, None, None], 0.0)
    sd = np.sqrt(_divide((centred**2).sum(axis=(1, 2)), count, has))
    low = np.where(valid, matrix, np.inf).min(axis=(1, 2), initial=np.inf)
    return {
        "mean": mean,
        "sd": sd,
        "min": np.where(has, low, np.nan),
        "pairs": count.astype(np.float64),
    }


def _median(values: FloatArray, ok: BoolArray, n: npt.NDArray[np.int64]) -> FloatArray:
    """Median of the values marked in each row of *ok* (NaN for an empty row)."""
    ordered = np.sort(np.where(ok, values[None, :], np.inf), axis=1)
    rows = np.arange(ok.shape[0])
    low = ordered[rows, np.clip((n - 1) // 2, 0, None)]
    high = ordered[rows, np.clip(n // 2, 0, ok.shape[1] - 1)]
    return np.where(n >= 1, 0.5 * (low + high), np.nan)


def value_stats(values: FloatArray, groups: BoolArray) -> dict[str, FloatArray]:
    """Count, mean, median, population sd and mean absolute deviation from the median
    of a state-level value within each group; NaN values are missing. The sd and the
    deviation need two states with values, the mean and median one."""
    ok = groups & np.isfinite(values)[None, :]
    n = ok.sum(axis=1)
    one, two = n >= 1, n >= 2
    mean = _divide(np.where(ok, values, 0.0).sum(axis=1), n, one)
    centred = np.where(ok, values[None, :] - np.where(one, mean, 0.0)[:, None], 0.0)
    sd = np.sqrt(_divide((centred**2).sum(axis=1), n, two))
    median = _median(values, ok, n)
    dev = np.where(ok, np.abs(values[None, :] - np.where(one, median, 0.0)[:, None]), 0.0)
    mad = _divide(dev.sum(axis=1), n, two)
    return {
        "n": n.astype(np.float64),
        "mean": mean,
        "median": median,
        "sd": sd,
        "mad": mad,
    }


def concentration_stats(values: FloatArray, groups: BoolArray) -> dict[str, FloatArray]:
    """Herfindahl index, Ray and Singer's CON and the largest share of non-negative
    values (capabilities) within each group; shares are taken within the group.

    ``top`` is the column index of the largest member (-1 where undefined).
    """
    ok = groups & np.isfinite(values)[None, :]
    n = ok.sum(axis=1)
    filled = np.where(ok, values, 0.0)
    total = filled.sum(axis=1)
    has = (n >= 1) & (total > 0)
    share = _divide(filled, np.where(has, total, 1.0)[:, None], has[:, None])
    share = np.where(ok & has[:, None], share, 0.0)
    hhi = np.where(has, (share**2).sum(axis=1), np.nan)
    two = has & (n >= 2)
    inv = _divide(np.ones(n.shape), n, two)
    con = np.sqrt(np.clip(_divide(hhi - inv, 1.0 - inv, two), 0.0, 1.0))
    top = np.where(has, share.argmax(axis=1), -1)
    return {
        "n": n.astype(np.float64),
        "hhi": hhi,
        "con": np.where(two, con, np.nan),
        "top_share": np.where(has, share.max(axis=1), np.nan),
        "top": top.astype(np.float64),
    }


def _quantile90(values: FloatArray) -> float:
    finite = values[np.isfinite(values)]
    return float(np.quantile(finite, 0.9)) if finite.size else float("nan")


def idealpoint_risk(ideal: FloatArray, members: BoolArray) -> tuple[FloatArray, FloatArray, float]:
    """Distance of every state's ideal point from the members' median and that
    distance relative to the 90th percentile of the members' own distances.

    Returns ``(distance, risk, core)``; NaN where a state has no ideal point or the
    members' spread is 0 or undefined.
    """
    own = ideal[members & np.isfinite(ideal)]
    if own.size == 0:
        nan = np.full(ideal.shape, np.nan)
        return nan, nan.copy(), float("nan")
    core = float(np.median(own))
    distance = np.abs(ideal - core)
    spread = _quantile90(np.abs(own - core))
    risk = distance / spread if spread > 0 else np.full(ideal.shape, np.nan)
    return distance, risk, core


def alignment_stats(matrix: FloatArray, members: BoolArray) -> tuple[FloatArray, FloatArray]:
    """Each state's mean similarity with the members and its vote-based divergence.

    *matrix* is the N x N pair measure (NaN where undefined), *members* marks the
    members among the N states. A state's mean similarity leaves out its pair with
    itself. Divergence of state i: ``(median_m ms_m - ms_i) / q90_m |ms_m - median|``
    with ``ms`` each state's mean similarity with the members, the median and the 90th
    percentile taken over the members; higher means further below the members' typical
    agreement with each other. NaN where undefined.
    """
    n = matrix.shape[0]
    ok = np.isfinite(matrix) & members[None, :] & ~np.eye(n, dtype=bool)
    count = ok.sum(axis=1)
    mean = _divide(np.where(ok, matrix, 0.0).sum(axis=1), count, count > 0)
    own = mean[members & np.isfinite(mean)]
    if own.size == 0:
        return mean, np.full(n, np.nan)
    centre = float(np.median(own))
    spread = _quantile90(np.abs(own - centre))
    if not spread > 0:
        return mean, np.full(n, np.nan)
    return mean, (centre - mean) / spread
