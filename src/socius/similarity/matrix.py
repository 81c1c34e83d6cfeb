"""Similarity of every pair of states at once, from an N x K matrix of positions.

The work is done on joint count tables: for each pair of states (i, j) and each pair
of categories (c, d), the (weighted) number of partners toward which i takes
position c and j takes position d. With one-hot matrices :math:`A_c = [X = c]` this
is one matrix product per year, :math:`T_{cd} = (A_c \\operatorname{diag}(w)) A_d^T`,
and every measure follows from T without further loops.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from socius.errors import ValidationError, suggest
from socius.similarity._checks import (
    FloatArray,
    Metric,
    category_distances,
    check_metric,
    check_weights,
    metric_d_max,
    raise_all,
)

__all__ = ["MATRIX_MEASURES", "joint_counts", "measures_from_counts", "pairwise_similarity"]

MATRIX_MEASURES: tuple[str, ...] = ("s", "kappa", "pi", "tau_b")
CodeArray = npt.NDArray[np.int16]


def _onehot(codes: CodeArray, n_categories: int, dtype: type[np.floating[Any]]) -> Any:
    n, k = codes.shape
    hot = codes[None, :, :] == np.arange(n_categories, dtype=codes.dtype)[:, None, None]
    return hot.astype(dtype).reshape(n_categories * n, k)


def joint_counts(
    codes: CodeArray,
    n_categories: int,
    weights: Any = None,
    *,
    other: CodeArray | None = None,
) -> FloatArray:
    """Joint (weighted) count tables of every pair of rows of *codes* (and *other*).

    Parameters
    ----------
    codes
        N x K integer matrix: category index 0..C-1 of each state's position toward
        each partner, -1 where the position is missing.
    n_categories
        C, the number of categories.
    weights
        Optional length-K weight of each column (partner).
    other
        Optional M x K matrix for the second member of each pair (default *codes*).

    Returns
    -------
    numpy.ndarray
        Array ``T`` of shape (C, C, N, M) with ``T[c, d, i, j]`` the summed weight of
        columns where state i is in category c, state j in category d and both are
        valid.
    """
    n = codes.shape[0]
    m = n if other is None else other.shape[0]
    # unweighted counts are small integers, exact in float32 and twice as fast
    dtype = np.float32 if weights is None else np.float64
    left = _onehot(codes, n_categories, dtype)
    right = left if other is None else _onehot(other, n_categories, dtype)
    if weights is not None:
        left = left * np.asarray(weights, dtype=np.float64)[None, :]
    table = np.asarray(left @ right.T, dtype=np.float64)
    return table.reshape(n_categories, n, n_categories, m).transpose(0, 2, 1, 3)


def _safe_ratio(num: FloatArray, den: FloatArray) -> FloatArray:
    out = np.full(np.broadcast(num, den).shape, np.nan)
    np.divide(num, den, out=out, where=den != 0)
    return out


def _tau_b(counts: FloatArray) -> FloatArray:
    n_cat = counts.shape[0]
    order = np.arange(n_cat)
    sign = np.sign(order[None, :] - order[:, None]).astype(np.float64)  # sign[c, e] = sign(e - c)
    # concordance[c, d] = sum_{e, f} sign(e - c) sign(f - d) counts[e, f]
    concordance = np.einsum("ce,df,efij->cdij", sign, sign, counts, optimize=True)
    score = np.einsum("cdij,cdij->ij", counts, concordance)
    total = counts.sum(axis=(0, 1))
    untied_x = total**2 - np.sum(counts.sum(axis=1) ** 2, axis=0)
    untied_y = total**2 - np.sum(counts.sum(axis=0) ** 2, axis=0)
    return _safe_ratio(score, np.sqrt(untied_x * untied_y))


def measures_from_counts(
    counts: FloatArray,
    values: FloatArray,
    *,
    measures: Sequence[str],
    metric: str,
    span: float,
) -> dict[str, FloatArray]:
    """S, kappa, pi and tau-b for every pair from joint count tables.

    *counts* is the (C, C, N, N) output of :func:`joint_counts` (weighted or not;
    tau-b should be given unweighted counts), *values* the C category values and
    *span* the range of the scale (d_max). Pairs with no common valid column get NaN.
    """
    total = counts.sum(axis=(0, 1))
    share = counts / np.where(total > 0, total, np.inf)[None, None]
    delta = category_distances(values, metric)
    observed = np.einsum("cd,cdij->ij", delta, share)
    out: dict[str, FloatArray] = {}
    empty = total <= 0
    if "s" in measures:
        top = metric_d_max(span, metric)
        s = np.ones_like(observed) if top == 0 else 1.0 - 2.0 * observed / top
        out["s"] = np.where(empty, np.nan, s)
    px, py = share.sum(axis=1), share.sum(axis=0)
    if "kappa" in measures:
        expected = np.einsum("cij,cd,dij->ij", px, delta, py, optimize=True)
        out["kappa"] = 1.0 - _safe_ratio(observed, expected)
    if "pi" in measures:
        pooled = (px + py) / 2.0
        expected = np.einsum("cij,cd,dij->ij", pooled, delta, pooled, optimize=True)
        out["pi"] = 1.0 - _safe_ratio(observed, expected)
    if "tau_b" in measures:
        out["tau_b"] = _tau_b(counts)
    return out


def _check_measures(measures: Sequence[str], allowed: Sequence[str]) -> list[str]:
    problems = []
    for m in measures:
        if m not in allowed:
            problems.append(
                f"measure {m!r} is not known; choose from: {', '.join(allowed)}"
                f"{suggest(str(m), allowed)}"
            )
    if not measures:
        problems.append(f"measures is empty; name at least one of: {', '.join(allowed)}")
    return problems


def pairwise_similarity(
    positions: Any,
    *,
    mask: Any = None,
    measures: Sequence[str] = MATRIX_MEASURES,
    metric: Metric = "absolute",
    weights: Any = None,
    categories: Sequence[float] | None = None,
    d_max: float | None = None,
) -> dict[str, FloatArray]:
    """S, kappa, pi and tau-b for all pairs of N states in one year.

    Parameters
    ----------
    positions
        N x K matrix: rows are states, columns partners (alliance portfolios) or roll
        calls (UN votes). NaN marks a missing position.
    mask
        Optional N x K boolean matrix, True where a position is valid (e.g. the state
        voted in that roll call). A pair is compared only over the columns valid for
        both states.
    measures
        Any of "s", "kappa", "pi", "tau_b".
    metric
        Distance for S and disagreement weights for kappa and pi: "absolute"
        (default), "squared" or "nominal"; see :func:`socius.similarity.s_score`.
    weights
        Optional non-negative weight of each column (partner), used by S, kappa and
        pi; tau-b is always unweighted.
    categories
        The values of the scale; other values raise :class:`ValidationError`.
        Default: the distinct valid values.
    d_max
        Range of the scale for S; default the range of *categories*.

    Returns
    -------
    dict of str to numpy.ndarray
        One N x N array per measure, plus ``"n"``, the number of columns both states
        have valid. Entries are NaN where a pair has no common column or the measure
        is undefined (see the single-dyad functions). The arrays are symmetric.

    Notes
    -----
    Equal, up to rounding, to calling :func:`s_score`, :func:`cohens_kappa`,
    :func:`scotts_pi` and :func:`tau_b` on every pair's commonly valid columns, but
    computed from joint count tables with one matrix product (see the module notes).

    Examples
    --------
    >>> votes = [[3, 3, 1, 2], [3, 3, 1, 3], [1, 1, 3, 2]]
    >>> out = pairwise_similarity(votes, measures=("s",), d_max=2)
    >>> [round(float(v), 2) for v in out["s"][0]]
    [1.0, 0.75, -0.5]
    """
    check_metric(metric)
    problems = _check_measures(measures, MATRIX_MEASURES)
    try:
        pos = np.asarray(positions, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValidationError("positions must be a numeric N x K matrix") from None
    if pos.ndim != 2 or pos.size == 0:
        raise ValidationError(
            f"positions must be a non-empty N x K matrix (states x partners), got shape {pos.shape}"
        )
    valid = np.isfinite(pos)
    if mask is not None:
        m = np.asarray(mask)
        if m.shape != pos.shape or m.dtype != np.bool_:
            problems.append(
                f"mask must be a boolean matrix of the same shape as positions {pos.shape}, "
                f"got {m.dtype} {m.shape}"
            )
        else:
            valid &= m
    w = None if weights is None else check_weights(weights, pos.shape[1], problems)
    raise_all(problems)
    observed_values = np.unique(pos[valid])
    if categories is None:
        values = observed_values
    else:
        values = np.unique(np.asarray(categories, dtype=np.float64))
        outside = observed_values[~np.isin(observed_values, values)]
        if outside.size:
            shown = ", ".join(f"{v:g}" for v in outside[:5])
            raise ValidationError(
                f"positions have values {shown} outside the declared scale "
                f"{tuple(float(v) for v in values)}; recode them or widen categories"
            )
    if values.size == 0:  # nothing valid at all: every pair gets NaN and n = 0
        values = np.zeros(1)
    span = float(values.max() - values.min())
    if d_max is not None:
        if not np.isfinite(d_max) or d_max <= 0:
            raise ValidationError(f"d_max {d_max!r} must be a positive number")
        if (
            metric != "nominal"
            and observed_values.size
            and (observed_values.max() - observed_values.min() > d_max * (1 + 1e-12))
        ):
            raise ValidationError(
                f"d_max {d_max:g} is smaller than the range of the positions; "
                "give the full range of the scale"
            )
        span = float(d_max)
    codes = np.full(pos.shape, -1, dtype=np.int16)
    codes[valid] = np.searchsorted(values, pos[valid]).astype(np.int16)
    n_cat = int(values.size)
    unweighted = joint_counts(codes, n_cat)
    counts = unweighted if w is None else joint_counts(codes, n_cat, w)
    chance = [m for m in measures if m != "tau_b"]
    out = measures_from_counts(counts, values, measures=chance, metric=metric, span=span)
    if "tau_b" in measures:
        out.update(
            measures_from_counts(unweighted, values, measures=("tau_b",), metric=metric, span=span)
        )
    out["n"] = unweighted.sum(axis=(0, 1))
    return {key: out[key] for key in (*measures, "n")}
