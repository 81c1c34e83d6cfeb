"""Similarity of one pair of foreign-policy position vectors.

Each function takes the positions of two states toward the same partners (or on the
same roll calls), in the same order, and returns one number in [-1, 1] (1 = identical
positions), or NaN where the measure is undefined.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from socius.errors import ValidationError
from socius.similarity._checks import (
    FloatArray,
    Metric,
    category_distances,
    check_metric,
    check_pair,
    distance,
    metric_d_max,
)

__all__ = ["cohens_kappa", "s_score", "scotts_pi", "tau_b"]


def s_score(
    x: Any,
    y: Any,
    *,
    weights: Any = None,
    d_max: float | None = None,
    metric: Metric = "absolute",
    categories: Sequence[float] | None = None,
) -> float:
    """Signorino and Ritter's S: one minus twice the mean distance over its maximum.

    Parameters
    ----------
    x, y
        Positions of the two states toward the same K partners (or roll calls).
    weights
        Non-negative weight of each partner, e.g. its share of capabilities; equal
        weights by default. Only relative sizes matter.
    d_max
        Largest possible distance between two positions [scale units], i.e. the
        range of the scale (3 for the 0-3 alliance scale, 2 for yes/abstain/no votes).
        Default: the range of *categories* if given, else the range of the values
        observed in *x* and *y* together (pass it whenever the scale is known).
    metric
        "absolute" (|x - y|), "squared" ((x - y)^2, with d_max squared too) or
        "nominal" (1 where positions differ, d_max = 1).
    categories
        The values of the scale; values outside it raise :class:`ValidationError`.

    Returns
    -------
    float
        S in [-1, 1]; 1 when the positions are identical.

    Notes
    -----
    With partner weights :math:`w_k` and distances :math:`d_k = |x_k - y_k|`
    (absolute) or :math:`(x_k - y_k)^2` (squared, where :math:`d_{max}` is squared)

    .. math:: S = 1 - 2 \\frac{\\sum_k w_k d_k}{d_{max} \\sum_k w_k}.

    If every position has the same value and no d_max or categories are given,
    S is 1.

    References
    ----------
    Signorino, Curtis S., and Jeffrey M. Ritter. 1999. "Tau-b or Not Tau-b: Measuring
    the Similarity of Foreign Policy Positions." International Studies Quarterly
    43(1): 115-144. doi:10.1111/0020-8833.00113

    Examples
    --------
    >>> round(s_score([3, 3, 1, 2], [3, 3, 1, 3], d_max=2), 4)
    0.75
    >>> round(s_score([3, 3, 2, 2], [2, 2, 3, 3], weights=[.5, .3, .1, .1], d_max=3), 4)
    0.3333
    """
    check_metric(metric)
    xa, ya, w = check_pair(x, y, weights=weights, categories=categories)
    gap = float(np.max(np.abs(xa - ya)))
    if d_max is not None:
        if not np.isfinite(d_max) or d_max <= 0:
            raise ValidationError(
                f"d_max {d_max!r} must be a positive number; give the range of the scale"
            )
        if metric != "nominal" and gap > d_max * (1 + 1e-12):
            raise ValidationError(
                f"d_max {d_max:g} is smaller than the largest observed distance {gap:g}; "
                "give the full range of the scale"
            )
        span = float(d_max)
    elif categories is not None:
        span = float(np.max(categories) - np.min(categories))
    else:
        both = np.concatenate([xa, ya])
        span = float(both.max() - both.min())
    if span == 0 and metric != "nominal":
        return 1.0
    d = distance(xa, ya, metric)
    return float(1.0 - 2.0 * np.sum(w * d) / (np.sum(w) * metric_d_max(span, metric)))


def _marginals(
    xa: FloatArray, ya: FloatArray, w: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:  # values, share of x, share of y
    """Observed category values and the weighted marginal shares of x and y."""
    values, inverse = np.unique(np.concatenate([xa, ya]), return_inverse=True)
    share = np.concatenate([w, w]) / np.sum(w)
    n = xa.size
    px = np.bincount(inverse[:n], weights=share[:n], minlength=values.size).astype(np.float64)
    py = np.bincount(inverse[n:], weights=share[n:], minlength=values.size).astype(np.float64)
    return values.astype(np.float64), px, py


def _chance_corrected(
    x: Any,
    y: Any,
    weights: Any,
    metric: str,
    categories: Sequence[float] | None,
    pooled: bool,
) -> float:
    check_metric(metric)
    xa, ya, w = check_pair(x, y, weights=weights, categories=categories)
    observed = float(np.sum(w * distance(xa, ya, metric)) / np.sum(w))
    values, px, py = _marginals(xa, ya, w)
    delta = category_distances(values, metric)
    if pooled:
        px = py = (px + py) / 2.0
    expected = float(px @ delta @ py)
    if expected == 0.0:
        return float("nan")
    return 1.0 - observed / expected


def cohens_kappa(
    x: Any,
    y: Any,
    *,
    weights: Any = None,
    metric: Metric = "nominal",
    categories: Sequence[float] | None = None,
) -> float:
    """Cohen's kappa in Häge's (2011) form: agreement corrected for each state's own
    distribution of positions.

    Parameters
    ----------
    x, y
        Positions of the two states toward the same partners (or roll calls).
    weights
        Non-negative weight of each partner (e.g. capability share); equal by default.
    metric
        Disagreement weights: "nominal" (0 same, 1 different), "absolute" (linear,
        |a - b|) or "squared" (quadratic, (a - b)^2).
    categories
        The values of the scale; values outside it raise :class:`ValidationError`.
        Unobserved categories do not change the result.

    Returns
    -------
    float
        Kappa in [-1, 1]: 1 identical positions, 0 agreement at chance level. NaN
        when the expected disagreement is 0 (both states take one and the same
        position toward every partner).

    Notes
    -----
    With :math:`p_k = w_k / \\sum w`, disagreement weights :math:`\\delta(a, b)`, and
    the marginal shares :math:`p_{x}(a) = \\sum_k p_k [x_k = a]` (likewise for y)

    .. math::

        \\kappa = 1 - \\frac{D_o}{D_e}, \\quad
        D_o = \\sum_k p_k \\delta(x_k, y_k), \\quad
        D_e = \\sum_{a, b} p_x(a) p_y(b) \\delta(a, b).

    References
    ----------
    Cohen, Jacob. 1960. "A Coefficient of Agreement for Nominal Scales." Educational
    and Psychological Measurement 20(1): 37-46. doi:10.1177/001316446002000104

    Häge, Frank M. 2011. "Choice or Circumstance? Adjusting Measures of Foreign Policy
    Similarity for Chance Agreement." Political Analysis 19(3): 287-305.
    doi:10.1093/pan/mpr023

    Examples
    --------
    >>> round(cohens_kappa([1, 0, 1, 0], [1, 0, 0, 0]), 4)
    0.5
    >>> cohens_kappa([2, 2], [2, 2])
    nan
    """
    return _chance_corrected(x, y, weights, metric, categories, pooled=False)


def scotts_pi(
    x: Any,
    y: Any,
    *,
    weights: Any = None,
    metric: Metric = "nominal",
    categories: Sequence[float] | None = None,
) -> float:
    """Scott's pi in Häge's (2011) form: agreement corrected for the pair's pooled
    distribution of positions.

    Parameters
    ----------
    x, y
        Positions of the two states toward the same partners (or roll calls).
    weights
        Non-negative weight of each partner (e.g. capability share); equal by default.
    metric
        Disagreement weights: "nominal", "absolute" (linear) or "squared" (quadratic).
    categories
        The values of the scale; values outside it raise :class:`ValidationError`.

    Returns
    -------
    float
        Pi in [-1, 1]; NaN when the expected disagreement is 0 (all positions of both
        states equal).

    Notes
    -----
    As :func:`cohens_kappa`, but the expected disagreement uses the mean of the two
    marginal distributions, :math:`m(a) = (p_x(a) + p_y(a)) / 2`:

    .. math:: \\pi = 1 - \\frac{D_o}{\\sum_{a, b} m(a) m(b) \\delta(a, b)}.

    References
    ----------
    Scott, William A. 1955. "Reliability of Content Analysis: The Case of Nominal
    Scale Coding." Public Opinion Quarterly 19(3): 321-325. doi:10.1086/266577

    Häge, Frank M. 2011. "Choice or Circumstance? Adjusting Measures of Foreign Policy
    Similarity for Chance Agreement." Political Analysis 19(3): 287-305.
    doi:10.1093/pan/mpr023

    Examples
    --------
    >>> round(scotts_pi([1, 0, 1, 0], [1, 0, 0, 0]), 4)
    0.4667
    """
    return _chance_corrected(x, y, weights, metric, categories, pooled=True)


def tau_b(x: Any, y: Any, *, categories: Sequence[float] | None = None) -> float:
    """Kendall's tau-b between two ordinal position vectors (Bueno de Mesquita 1975).

    Parameters
    ----------
    x, y
        Ordinal positions of the two states toward the same partners, e.g. the
        valued alliance ties (0 none ... 3 defence).
    categories
        The values of the scale; values outside it raise :class:`ValidationError`.

    Returns
    -------
    float
        Tau-b in [-1, 1]; NaN when either vector is constant (no untied pairs).

    Notes
    -----
    Over all pairs of partners k < l, with :math:`s^x_{kl} = \\mathrm{sign}(x_k - x_l)`,

    .. math:: \\tau_b = \\frac{\\sum_{k<l} s^x_{kl} s^y_{kl}}
              {\\sqrt{\\sum_{k<l} (s^x_{kl})^2 \\sum_{k<l} (s^y_{kl})^2}},

    computed here from the contingency table of the two vectors, so the cost grows
    with the number of distinct values rather than with K squared.

    References
    ----------
    Bueno de Mesquita, Bruce. 1975. "Measuring Systemic Polarity." Journal of
    Conflict Resolution 19(2): 187-216. doi:10.1177/002200277501900201

    Kendall, Maurice G. 1945. "The Treatment of Ties in Ranking Problems."
    Biometrika 33(3): 239-251. doi:10.1093/biomet/33.3.239

    Examples
    --------
    >>> round(tau_b([3, 0, 0, 3], [3, 0, 1, 3]), 4)
    0.8944
    """
    xa, ya, _ = check_pair(x, y, categories=categories)
    vx, ix = np.unique(xa, return_inverse=True)
    vy, iy = np.unique(ya, return_inverse=True)
    table = np.zeros((vx.size, vy.size))
    np.add.at(table, (ix, iy), 1.0)
    # above[a, b]: observations with a larger x and a larger y than cell (a, b)
    rev = table[::-1, ::-1].cumsum(axis=0).cumsum(axis=1)[::-1, ::-1]
    above = np.zeros_like(table)
    above[:-1, :-1] = rev[1:, 1:]
    # right_below[a, b]: observations with a larger x and a smaller y
    rb = table[::-1, :].cumsum(axis=0)[::-1, :].cumsum(axis=1)
    below = np.zeros_like(table)
    below[:-1, 1:] = rb[1:, :-1]
    score = float(np.sum(table * above) - np.sum(table * below))
    n = float(xa.size)
    rows, cols = table.sum(axis=1), table.sum(axis=0)
    untied_x = (n * n - float(np.sum(rows**2))) / 2.0
    untied_y = (n * n - float(np.sum(cols**2))) / 2.0
    if untied_x == 0.0 or untied_y == 0.0:
        return float("nan")
    return score / float(np.sqrt(untied_x * untied_y))
