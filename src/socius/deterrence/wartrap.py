"""Expected utility of war after Bueno de Mesquita's *The War Trap* (1981), as EUGene computes it.

This module holds the arithmetic on plain numpy arrays: the loss-of-strength gradient,
the bilateral and third-party terms, and their vectorised sum over all directed dyads of
one year. :mod:`socius.deterrence.panel` assembles the arrays from the bundled data.

Conventions (see ``docs/decisions/0008-deterrence-models.md``): ``a[x, y]`` is the
capability of state ``x`` projected to state ``y``; ``u[x, y]`` is the similarity of the
alliance portfolios of ``x`` and ``y`` (``u[x, x] = 1``); ``eu[i, j]`` is the expected
utility of ``i`` for a war against ``j``.

Examples
--------
>>> import numpy as np
>>> a = adjusted_capability(np.array([0.2]), np.array([1000.0]), year=2000)
>>> round(float(a[0]), 6)
0.210696
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from socius.errors import ValidationError

__all__ = [
    "WarTrapTerms",
    "adjusted_capability",
    "bilateral_eu",
    "expected_utility_from_cinc",
    "expected_utility_matrix",
    "gradient_exponent",
    "miles_per_day",
    "third_party_eu",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]
BoolArray = NDArray[np.bool_]

#: ``10 - e``: the constant in the loss-of-strength exponent, so that a state's own
#: capability at home is ``cinc ** log10(10 - e)`` (Bueno de Mesquita 1981, p. 105).
GRADIENT_OFFSET = 10.0 - math.e


def miles_per_day(year: int) -> float:
    """Miles a state can move its power in a day, by era [miles].

    250 before 1918, 375 from 1918 to 1945, 500 from 1946 (Bueno de Mesquita 1981, p. 105;
    EUGene's defaults).

    The ``mpd`` of the War Trap loss-of-strength gradient (:func:`adjusted_capability`):
    distance is counted in days of movement, ``miles / mpd``.

    Parameters
    ----------
    year
        Calendar year (any integer; no coverage check).

    Returns
    -------
    float
        250.0, 375.0 or 500.0 [miles per day].

    References
    ----------
    Bueno de Mesquita, Bruce. 1981. *The War Trap*. New Haven: Yale University Press.

    Examples
    --------
    >>> miles_per_day(1900), miles_per_day(1930), miles_per_day(2000)
    (250.0, 375.0, 500.0)
    """
    if year < 1918:
        return 250.0
    if year <= 1945:
        return 375.0
    return 500.0


def gradient_exponent(miles: ArrayLike, year: int) -> FloatArray:
    """Exponent of the loss-of-strength gradient, ``log10(miles / mpd + 10 - e)``.

    Parameters
    ----------
    miles
        Distance from the state to the place where its power is used [miles]; 0 for the
        state itself and for land neighbours.
    year
        Sets the miles per day ``mpd`` (see :func:`miles_per_day`).

    Returns
    -------
    numpy.ndarray
        The exponent (about 0.862 at distance 0, growing with distance).
    """
    d = np.asarray(miles, dtype=np.float64)
    if np.any(d < 0):
        raise ValidationError("miles must be zero or positive; pass great-circle distances")
    out: FloatArray = np.log10(d / miles_per_day(year) + GRADIENT_OFFSET)
    return out


def adjusted_capability(cinc: ArrayLike, miles: ArrayLike, *, year: int) -> FloatArray:
    """Capability discounted for distance by the War Trap loss-of-strength gradient.

    Parameters
    ----------
    cinc
        Composite Index of National Capability [0, 1] of the state projecting power.
    miles
        Distance to the target [miles] (broadcast against *cinc*).
    year
        Year, for the miles per day of the era.

    Returns
    -------
    numpy.ndarray
        ``cinc ** log10(miles / mpd + 10 - e)`` [0, 1].

    Notes
    -----
    Bueno de Mesquita (1981, pp. 103-108) discounts capability with distance as

    .. math:: a_{i \\to j} = \\mathrm{CINC}_i^{\\log_{10}(\\mathrm{miles}_{ij}/\\mathrm{mpd} + (10 - e))}

    so that the exponent is about 0.86 at home and rises slowly with distance; since
    CINC < 1 a larger exponent means less capability.

    References
    ----------
    Bueno de Mesquita, Bruce. 1981. *The War Trap*. New Haven: Yale University Press.

    Bennett, D. Scott and Allan C. Stam. 2000. "EUGene: A Conceptual Manual."
    *International Interactions* 26(2): 179-204.

    Examples
    --------
    >>> import numpy as np
    >>> [round(float(x), 6) for x in adjusted_capability(0.2, np.array([0.0, 1000.0]), year=2000)]
    [0.249646, 0.210696]
    """
    c = np.asarray(cinc, dtype=np.float64)
    if np.any((c < 0) | (c > 1)):
        raise ValidationError(
            "cinc must lie in [0, 1]; pass COW CINC scores (shares of the system)"
        )
    out: FloatArray = np.power(c, gradient_exponent(miles, year))
    return out


def bilateral_eu(p_win: ArrayLike, u_ij: ArrayLike) -> FloatArray:
    """Bilateral term of the War Trap expected utility.

    ``EU_b = P_i (1 - U_ij) + (1 - P_i)(U_ij - 1)`` with ``P_i = a(i->j) / (a(i->j) + a(j->j))``.

    The expected utility of ``i`` for a war against ``j`` fought by the two alone (Bueno
    de Mesquita 1981): winning gains ``1 - U_ij`` (the policy distance between them),
    losing costs as much. Inputs broadcast against each other; NaN propagates.

    Parameters
    ----------
    p_win
        ``P_i``, the probability that ``i`` wins [0, 1], from the capabilities at the
        target: ``a(i->j) / (a(i->j) + a(j->j))`` (see :func:`adjusted_capability`).
    u_ij
        ``U_ij``, similarity of the alliance portfolios of ``i`` and ``j`` [-1, 1]
        (tau-b or S).

    Returns
    -------
    numpy.ndarray
        ``EU_b`` [-2, 2], which equals ``(2 P_i - 1)(1 - U_ij)``: 0 for allies with identical
        portfolios or an even fight.

    Notes
    -----
    .. math:: EU_b = P_i (1 - U_{ij}) + (1 - P_i)(U_{ij} - 1)

    References
    ----------
    Bueno de Mesquita, Bruce. 1981. *The War Trap*. New Haven: Yale University Press.

    Bennett, D. Scott and Allan C. Stam. 2000. "EUGene: A Conceptual Manual."
    *International Interactions* 26(2): 179-204.

    Examples
    --------
    The unit check of ``docs/deterrence.md``:

    >>> round(float(bilateral_eu(0.605403, -0.2)), 6)
    0.252967
    """
    p = np.asarray(p_win, dtype=np.float64)
    u = np.asarray(u_ij, dtype=np.float64)
    out: FloatArray = p * (1.0 - u) + (1.0 - p) * (u - 1.0)
    return out


def third_party_eu(
    a_ij: ArrayLike,
    a_jj: ArrayLike,
    a_kj: ArrayLike,
    u_ki: ArrayLike,
    u_kj: ArrayLike,
) -> FloatArray:
    """Contribution of one third party ``k`` to ``EU_i(j)`` (scalar or broadcast arrays).

    The war is fought at the target ``j``, so the three capabilities are taken there:
    ``P_ik = (a(i->j) + a(k->j)) / (a(i->j) + a(j->j) + a(k->j))`` is the chance that ``i``
    wins with ``k`` on its side, ``P_jk = (a(j->j) + a(k->j)) / (a(i->j) + a(j->j) + a(k->j))``
    the chance that ``j`` wins with ``k`` on its side, and the term is
    ``(P_ik + P_jk - 1)(U_ki - U_kj)``. The weight ``P_ik + P_jk - 1`` is ``k``'s share of
    the capabilities in the war, ``a(k->j) / (a(i->j) + a(j->j) + a(k->j))``, so a third
    party without capability adds nothing (Bueno de Mesquita 1981, ch. 3, pp. 46-92).

    Summing this over the third parties ``k`` gives ``EU_m``, and ``EU_i(j) = EU_b + EU_m``
    (:func:`bilateral_eu`); ``docs/deterrence.md`` explains why the capabilities are taken
    at the target.

    Parameters
    ----------
    a_ij
        ``a(i->j)``, capability of the initiator at the target (distance-discounted CINC,
        :func:`adjusted_capability`) [0, 1].
    a_jj
        ``a(j->j)``, the target's capability at home [0, 1].
    a_kj
        ``a(k->j)``, the third party's capability at the target [0, 1].
    u_ki, u_kj
        Similarity of ``k``'s alliance portfolio with ``i`` and with ``j`` [-1, 1].

    Returns
    -------
    numpy.ndarray
        ``k``'s term [-2, 2]: positive when ``k`` is closer to ``i`` than to ``j``. NaN where
        an input is NaN, and where all three capabilities are 0.

    Notes
    -----
    .. math:: EU_{m,k} = (P_{ik} + P_{jk} - 1)(U_{ki} - U_{kj})
              = \\frac{a_{k \\to j}}{a_{i \\to j} + a_{j \\to j} + a_{k \\to j}} (U_{ki} - U_{kj})

    References
    ----------
    Bueno de Mesquita, Bruce. 1981. *The War Trap*. New Haven: Yale University Press.

    Examples
    --------
    The unit check of ``docs/deterrence.md``, and the same third party without capability:

    >>> round(float(third_party_eu(0.210696, 0.137330, 0.175207, 0.6, -0.4)), 6)
    0.334855
    >>> float(third_party_eu(0.210696, 0.137330, 0.0, 0.6, -0.4))
    0.0
    """
    aij = np.asarray(a_ij, dtype=np.float64)
    ajj = np.asarray(a_jj, dtype=np.float64)
    akj = np.asarray(a_kj, dtype=np.float64)
    share = akj / (aij + ajj + akj)
    out: FloatArray = share * (
        np.asarray(u_ki, dtype=np.float64) - np.asarray(u_kj, dtype=np.float64)
    )
    return out


def _third_block(
    A: FloatArray, U: FloatArray, r: IntArray, cols: IntArray, ks: IntArray
) -> FloatArray:
    """Sum over third parties ``k`` for the initiators *r* against the targets *cols*.

    With ``s_ij = a_ij + a_jj`` the weight of ``k`` is ``a_kj / (s_ij + a_kj)``, so the
    ``N^3`` work is one reciprocal and two contractions; the terms for ``k = i`` and
    ``k = j`` are summed with the rest and then taken out again.
    """
    diag = np.diagonal(A)
    a_kj = A[np.ix_(ks, cols)].T  # (nj, nk)
    u_kj = U[np.ix_(ks, cols)].T  # (nj, nk)
    u_ki = U[np.ix_(ks, r)].T  # (b, nk)
    a_ij = A[np.ix_(r, cols)]  # (b, nj)
    a_jj = diag[cols][None, :]
    s = a_ij + a_jj  # (b, nj)
    if np.isnan(u_ki).any() or np.isnan(u_kj).any():
        return _third_block_masked(s, a_kj, u_ki, u_kj, r, cols, ks)
    w = np.add(s[:, :, None], a_kj[None, :, :])  # (b, nj, nk)
    np.divide(a_kj[None, :, :], w, out=w)
    with_i = np.matmul(w, u_ki[:, :, None])[:, :, 0]
    with_j = np.einsum("bjk,jk->bj", w, u_kj)
    total: FloatArray = with_i - with_j
    # take out k = i and k = j where they are among the third parties
    i_in = np.isin(r, ks)
    j_in = np.isin(cols, ks)
    u_ij = U[np.ix_(r, cols)]
    u_ji = U[np.ix_(cols, r)].T
    if i_in.any():
        own = third_party_eu(a_ij, a_jj, a_ij, 1.0, u_ij)
        total -= np.where(i_in[:, None], own, 0.0)
    if j_in.any():
        own = third_party_eu(a_ij, a_jj, a_jj, u_ji, 1.0)
        total -= np.where(j_in[None, :], own, 0.0)
    return total


def _third_block_masked(
    s: FloatArray,
    a_kj: FloatArray,
    u_ki: FloatArray,
    u_kj: FloatArray,
    r: IntArray,
    cols: IntArray,
    ks: IntArray,
) -> FloatArray:
    """The direct form, used when some similarities are undefined: a third party whose
    similarity with ``i`` or ``j`` is undefined (NaN) is left out of that dyad's sum."""
    weight = a_kj[None, :, :] / (s[:, :, None] + a_kj[None, :, :])
    diff = u_ki[:, None, :] - u_kj[None, :, :]
    skip = (r[:, None] == ks[None, :])[:, None, :] | (cols[:, None] == ks[None, :])[None, :, :]
    diff = np.where(skip | np.isnan(diff), 0.0, diff)
    out: FloatArray = np.einsum("ijk,ijk->ij", weight, diff)
    return out


class WarTrapTerms(NamedTuple):
    """Expected utility of ``i`` (rows) against ``j`` (columns) and its two parts."""

    eu: FloatArray
    bilateral: FloatArray
    third: FloatArray


def _as_index(values: ArrayLike | None, n: int, what: str) -> IntArray:
    if values is None:
        return np.arange(n, dtype=np.intp)
    idx = np.asarray(values)
    if idx.dtype == np.bool_:
        if idx.shape != (n,):
            raise ValidationError(f"{what} mask has shape {idx.shape}; it needs ({n},)")
        return np.flatnonzero(idx).astype(np.intp)
    out = idx.astype(np.intp).ravel()
    if out.size and (out.min() < 0 or out.max() >= n):
        raise ValidationError(f"{what} indices must lie in 0..{n - 1}")
    return out


def expected_utility_matrix(
    a: ArrayLike,
    u: ArrayLike,
    *,
    third_parties: ArrayLike | None = None,
    initiators: ArrayLike | None = None,
    targets: ArrayLike | None = None,
    block: int = 32,
) -> WarTrapTerms:
    """War Trap expected utility ``EU_i(j)`` for many directed dyads of one year at once.

    Parameters
    ----------
    a
        ``(N, N)`` adjusted capabilities, ``a[x, y]`` = capability of ``x`` at ``y``
        (see :func:`adjusted_capability`); the diagonal is each state's capability at home.
    u
        ``(N, N)`` alliance-portfolio similarity [-1, 1], ``u[x, y]``; the diagonal must be 1.
        NaN marks an undefined similarity: the dyad ``(i, j)`` with an undefined ``U_ij``
        gets NaN, and a third party whose similarity with ``i`` or ``j`` is undefined is left
        out of that dyad's sum.
    third_parties
        Boolean mask ``(N,)`` or indices of the states that may act as third parties
        (default: all). ``i`` and ``j`` never count as third parties in their own dyad.
    initiators, targets
        Indices (or masks) of the rows ``i`` and columns ``j`` to compute (default: all).
    block
        Initiators per chunk; memory grows as ``block * len(targets) * len(third_parties)``.

    Returns
    -------
    WarTrapTerms
        ``eu``, ``bilateral`` and ``third``, each ``(len(initiators), len(targets))``;
        the entries with ``i == j`` are NaN.

    Notes
    -----
    The war is fought at the target ``j``: every capability is discounted to ``j``. With
    ``P_i = a_{ij} / (a_{ij} + a_{jj})``:

    .. math::

        EU_b &= P_i (1 - U_{ij}) + (1 - P_i)(U_{ij} - 1) \\
        P_{ik} &= \\frac{a_{ij} + a_{kj}}{a_{ij} + a_{jj} + a_{kj}}, \\quad
        P_{jk} = \\frac{a_{jj} + a_{kj}}{a_{ij} + a_{jj} + a_{kj}} \\\\
        EU_m &= \\sum_{k \\ne i, j} (P_{ik} + P_{jk} - 1)(U_{ki} - U_{kj})
              = \\sum_{k \\ne i, j} \\frac{a_{kj}}{a_{ij} + a_{jj} + a_{kj}}(U_{ki} - U_{kj}) \\\\
        EU_i(j) &= EU_b + EU_m

    so a third party's weight is its share of the capabilities in the war and vanishes
    with its capability (Bueno de Mesquita 1981, ch. 3 "The Expected-Utility Theory",
    pp. 46-92; measurement in ch. 4, pp. 93-126). See ``docs/deterrence.md`` and ADR 0008.
    The sum over ``k`` for all ``(i, j)`` is an ``N^3`` operation, done by broadcasting
    over chunks of initiators.

    References
    ----------
    Bueno de Mesquita, Bruce. 1981. *The War Trap*. New Haven: Yale University Press, ch. 3-4.

    Bennett, D. Scott and Allan C. Stam. 2000. "EUGene: A Conceptual Manual."
    *International Interactions* 26(2): 179-204.

    Examples
    --------
    The three-state example of ``docs/deterrence.md`` (year 2000):

    >>> import numpy as np
    >>> cinc = np.array([0.2, 0.1, 0.15])
    >>> miles = np.array([[0, 1000, 3000], [1000, 0, 500], [3000, 500, 0]], dtype=float)
    >>> a = adjusted_capability(cinc[:, None], miles, year=2000)
    >>> u = np.array([[1.0, -0.2, 0.6], [-0.2, 1.0, -0.4], [0.6, -0.4, 1.0]])
    >>> round(float(expected_utility_matrix(a, u).eu[0, 1]), 6)
    0.587822
    """
    A = np.asarray(a, dtype=np.float64)
    U = np.asarray(u, dtype=np.float64)
    n = A.shape[0]
    if A.shape != (n, n) or U.shape != (n, n):
        raise ValidationError(
            f"capabilities {A.shape} and similarities {U.shape} must both be square N x N arrays"
        )
    if block < 1:
        raise ValidationError(f"block {block} must be a positive number of initiators")
    rows = _as_index(initiators, n, "initiators")
    cols = _as_index(targets, n, "targets")
    ks = _as_index(third_parties, n, "third_parties")
    diag = np.diagonal(A)

    a_ij = A[np.ix_(rows, cols)]
    a_jj = diag[cols][None, :]
    with np.errstate(invalid="ignore"):  # two states without capability: undefined (NaN)
        p_win = a_ij / (a_ij + a_jj)
    bilateral = bilateral_eu(p_win, U[np.ix_(rows, cols)])
    third = np.zeros((rows.size, cols.size), dtype=np.float64)
    if ks.size:
        for start in range(0, rows.size, block):
            r = rows[start : start + block]
            with np.errstate(invalid="ignore"):
                third[start : start + r.size] = _third_block(A, U, r, cols, ks)
    eu = bilateral + third
    same = rows[:, None] == cols[None, :]
    for arr in (eu, bilateral, third):
        arr[same] = np.nan
    return WarTrapTerms(eu, bilateral, third)


def expected_utility_from_cinc(
    cinc: ArrayLike,
    miles: ArrayLike,
    u: ArrayLike,
    *,
    year: int,
    third_parties: ArrayLike | None = None,
) -> WarTrapTerms:
    """War Trap terms from raw capabilities, for one set or a batch of perturbed sets.

    Parameters
    ----------
    cinc
        ``(N,)`` CINC scores, or ``(D, N)`` for ``D`` perturbed sets (sensitivity sweeps).
    miles
        ``(N, N)`` distances [miles] (0 for land neighbours and on the diagonal).
    u
        ``(N, N)`` alliance-portfolio similarities, diagonal 1.
    year
        Sets the miles per day of the gradient.
    third_parties
        As for :func:`expected_utility_matrix`.

    Returns
    -------
    WarTrapTerms
        ``eu``, ``bilateral``, ``third``: ``(N, N)`` for one set, ``(D, N, N)`` for a batch.

    Examples
    --------
    >>> import numpy as np
    >>> miles = np.array([[0, 1000, 3000], [1000, 0, 500], [3000, 500, 0]], dtype=float)
    >>> u = np.array([[1.0, -0.2, 0.6], [-0.2, 1.0, -0.4], [0.6, -0.4, 1.0]])
    >>> batch = np.array([[0.2, 0.1, 0.15], [0.2, 0.1, 0.0]])
    >>> t = expected_utility_from_cinc(batch, miles, u, year=2000)
    >>> [round(float(x), 6) for x in t.eu[:, 0, 1]]   # k's capability removed in the second
    [0.587822, 0.252967]
    """
    c = np.asarray(cinc, dtype=np.float64)
    if c.ndim not in (1, 2):
        raise ValidationError(
            f"cinc has {c.ndim} dimensions; pass (N,) scores or a (D, N) batch of them"
        )
    d = np.asarray(miles, dtype=np.float64)
    if d.shape != (c.shape[-1], c.shape[-1]):
        raise ValidationError(f"miles {d.shape} must be N x N with N = {c.shape[-1]} capabilities")
    batch = c[None, :] if c.ndim == 1 else c
    parts = [
        expected_utility_matrix(
            adjusted_capability(row[:, None], d, year=year), u, third_parties=third_parties
        )
        for row in batch
    ]
    if c.ndim == 1:
        return parts[0]
    return WarTrapTerms(*(np.stack([getattr(p, f) for p in parts]) for f in WarTrapTerms._fields))
