"""Group cohesion measures from plain arrays: pairwise similarity over all pairs of a
group, dispersion of the members' values and concentration of their capabilities.

The data-level functions in :mod:`socius.cohesion.measures` use the same vectorised
statistics (:mod:`socius.cohesion._stats`) on the bundled snapshots.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from socius.cohesion._stats import concentration_stats, pair_stats, value_stats
from socius.errors import ValidationError
from socius.similarity import pairwise_similarity
from socius.similarity._checks import Metric

__all__ = ["concentration", "dispersion", "group_similarity"]

FloatArray = npt.NDArray[np.float64]


def _vector(values: Any, name: str) -> FloatArray:
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValidationError(f"{name} must hold numbers, one per state") from None
    if arr.ndim != 1 or arr.size == 0:
        raise ValidationError(
            f"{name} must be a non-empty one-dimensional list of numbers (one per state), "
            f"got shape {arr.shape}"
        )
    if np.isinf(arr).any():
        raise ValidationError(f"{name} has infinite values; use NaN for a missing value")
    return arr


def group_similarity(
    positions: Any,
    *,
    mask: Any = None,
    categories: Sequence[float] | None = None,
    d_max: float | None = None,
    metric: Metric = "absolute",
) -> dict[str, float]:
    """Mean, spread and minimum of S, and mean kappa and pi, over all pairs of a group.

    Parameters
    ----------
    positions
        N x K matrix, one row per member (N >= 2): positions toward K partners (alliance
        portfolios) or votes on K roll calls; NaN marks a missing position.
    mask, categories, d_max, metric
        As in :func:`socius.similarity.pairwise_similarity`: pairs are compared over the
        columns valid for both.

    Returns
    -------
    dict of str to float
        ``s_mean``, ``s_sd`` (population sd over pairs), ``s_min``, ``kappa_mean``,
        ``pi_mean`` [-1, 1] and ``pairs`` (pairs with something to compare). Pairs
        with no common column are left out; kappa and pi average the pairs where they
        are defined. NaN where no pair qualifies.

    Notes
    -----
    With :math:`S_{ij}` Signorino and Ritter's S of members i and j and P the set of
    the :math:`N(N-1)/2` pairs, the mean is :math:`\\bar S = |P|^{-1} \\sum_{i<j} S_{ij}`
    and the spread :math:`\\sqrt{|P|^{-1} \\sum_{i<j} (S_{ij} - \\bar S)^2}`.

    References
    ----------
    Signorino, Curtis S., and Jeffrey M. Ritter. 1999. "Tau-b or Not Tau-b: Measuring
    the Similarity of Foreign Policy Positions." International Studies Quarterly
    43(1): 115-144. doi:10.1111/0020-8833.00113

    Häge, Frank M. 2011. "Choice or Circumstance? Adjusting Measures of Foreign Policy
    Similarity for Chance Agreement." Political Analysis 19(3): 287-305.
    doi:10.1093/pan/mpr023

    Examples
    --------
    >>> votes = [[3, 3, 1, 2], [3, 3, 1, 3], [1, 1, 3, 2]]
    >>> out = group_similarity(votes, categories=(1, 2, 3), d_max=2)
    >>> round(out["s_mean"], 4), round(out["s_min"], 4), int(out["pairs"])
    (-0.1667, -0.75, 3)
    """
    res = pairwise_similarity(
        positions,
        mask=mask,
        measures=("s", "kappa", "pi"),
        metric=metric,
        categories=categories,
        d_max=d_max,
    )
    if res["s"].shape[0] < 2:
        raise ValidationError(
            "positions has 1 row; a group needs at least two members (one row each)"
        )
    groups = np.ones((1, res["s"].shape[0]), dtype=bool)
    s = pair_stats(res["s"], groups)
    return {
        "s_mean": float(s["mean"][0]),
        "s_sd": float(s["sd"][0]),
        "s_min": float(s["min"][0]),
        "kappa_mean": float(pair_stats(res["kappa"], groups)["mean"][0]),
        "pi_mean": float(pair_stats(res["pi"], groups)["mean"][0]),
        "pairs": float(s["pairs"][0]),
    }


def dispersion(values: Any) -> dict[str, float]:
    """Centre and spread of the members' values (ideal points, democracy scores).

    Parameters
    ----------
    values
        One value per member; NaN marks a missing value.

    Returns
    -------
    dict of str to float
        ``n`` (members with a value), ``mean``, ``median``, ``sd`` (population standard
        deviation) and ``mad`` (mean absolute deviation from the median). The sd and
        the deviation need two values, the mean and median one; NaN otherwise.

    Notes
    -----
    :math:`sd = \\sqrt{n^{-1} \\sum_i (x_i - \\bar x)^2}` and
    :math:`mad = n^{-1} \\sum_i |x_i - \\operatorname{median}(x)|`. The members are the
    whole group, not a sample of it, hence the population form.

    Examples
    --------
    >>> out = dispersion([0.0, 1.0, 2.0, float("nan")])
    >>> out["n"], out["median"], round(out["sd"], 4), round(out["mad"], 4)
    (3.0, 1.0, 0.8165, 0.6667)
    """
    arr = _vector(values, "values")
    out = value_stats(arr, np.ones((1, arr.size), dtype=bool))
    return {k: float(out[k][0]) for k in ("n", "mean", "median", "sd", "mad")}


def concentration(capabilities: Any) -> dict[str, float]:
    """Concentration of capabilities among the members of a group.

    Parameters
    ----------
    capabilities
        One non-negative score per member, e.g. CINC [0, 1]; NaN marks a missing score.
        Shares are taken within the group, so only relative sizes matter.

    Returns
    -------
    dict of str to float
        ``n`` (members with a score), ``hhi`` (Herfindahl index [1/n, 1]), ``con``
        (Ray and Singer's CON [0, 1], needs n >= 2) and ``top_share`` (the largest
        member's share). NaN where undefined (no positive score).

    Notes
    -----
    With shares :math:`s_i = c_i / \\sum_j c_j` of the n members with a score,
    :math:`HHI = \\sum_i s_i^2` and :math:`CON = \\sqrt{(HHI - 1/n) / (1 - 1/n)}`,
    which rescales the Herfindahl index to 0 for equal shares and 1 when one member
    holds everything.

    References
    ----------
    Ray, James Lee, and J. David Singer. 1973. "Measuring the Concentration of Power in
    the International System." Sociological Methods & Research 1(4): 403-437.
    doi:10.1177/004912417300100401

    Singer, J. David, Stuart Bremer, and John Stuckey. 1972. "Capability Distribution,
    Uncertainty, and Major Power War, 1820-1965." In Bruce Russett (ed.), Peace, War,
    and Numbers, 19-48. Beverly Hills: Sage.

    Examples
    --------
    >>> out = concentration([0.5, 0.3, 0.2])
    >>> round(out["hhi"], 4), round(out["con"], 4), out["top_share"]
    (0.38, 0.2646, 0.5)
    """
    arr = _vector(capabilities, "capabilities")
    if (arr[np.isfinite(arr)] < 0).any():
        raise ValidationError(
            "capabilities has negative values; give non-negative scores such as CINC"
        )
    out = concentration_stats(arr, np.ones((1, arr.size), dtype=bool))
    return {k: float(out[k][0]) for k in ("n", "hhi", "con", "top_share")}
