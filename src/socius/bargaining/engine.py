"""Vectorised core of the expected-utility bargaining model.

Every function works on a leading *draws* axis: positions, capabilities and
saliences are ``(D, N)`` arrays (``D`` independent runs of ``N`` actors) and
dyadic quantities are ``(D, N, N)`` arrays whose element ``[d, i, j]`` concerns
actor ``i`` (row) and actor ``j`` (column) in run ``d``. A single run is ``D = 1``.
The public wrappers in :mod:`socius.bargaining.model` take plain 1-D inputs.

Notation (Scholz, Calbert and Smith 2011): ``x_i`` position, ``c_i`` capability,
``s_i`` salience in [0, 1], ``w_i = c_i s_i`` the weight of an actor's vote,
``Δ = x_max - x_min`` the spread of the initial positions, ``d_ij = |x_i - x_j| / Δ``,
``μ`` the median (Condorcet) position, ``r_i`` the risk exponent, ``Q`` the
probability that the status quo holds when ``i`` does not challenge, and ``T``
the probability that the status quo then improves for ``i``.

References
----------
Scholz, J. B., Calbert, G. J. and Smith, G. A. (2011). Unravelling Bueno De
Mesquita's group decision model. Journal of Theoretical Politics 23(4): 510-531.
doi:10.1177/0951629811418142

Bueno de Mesquita, B. (1994). Political forecasting: an expected utility method.
In B. Bueno de Mesquita and F. N. Stokman (eds.), European Community Decision
Making: Models, Applications, and Comparisons, 71-104. New Haven: Yale University Press.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "CAPITULATION",
    "COMPROMISE",
    "CONFRONTATION",
    "CONVERGED",
    "CYCLE",
    "MAX_PERIOD",
    "METHODS",
    "NEITHER",
    "NO_OFFER",
    "OFFER_NAMES",
    "STATUS_NAMES",
    "CoreRun",
    "Method",
    "choose_offers",
    "detect_cycles",
    "perceived_expected_utilities",
    "risk_exponents",
    "run_core",
    "weighted_mean",
    "weighted_median",
    "win_probabilities",
]

Float = NDArray[np.float64]
Method = Literal["scholz2011", "paper"]
METHODS: tuple[str, ...] = ("scholz2011", "paper")

NO_OFFER = 0
CONFRONTATION = 1
COMPROMISE = 2
CAPITULATION = 3
OFFER_NAMES = {
    CONFRONTATION: "confrontation",
    COMPROMISE: "compromise",
    CAPITULATION: "capitulation",
}


#: How a run ended: positions stopped moving (period 1), repeat with a period of 2 or
#: more rounds, or neither within the round limit.
NEITHER = 0
CONVERGED = 1
CYCLE = 2
STATUS_NAMES = {NEITHER: "neither", CONVERGED: "converged", CYCLE: "cycle"}

#: Longest cycle looked for (rounds); a run must have run at least that many rounds
#: for a cycle of that length to be seen.
MAX_PERIOD = 24


def weighted_mean(x: Float, w: Float) -> Float:
    """Weighted mean position ``Σ w_i x_i / Σ w_i`` per run, shape ``(D,)``."""
    return np.asarray((x * w).sum(axis=-1) / w.sum(axis=-1), dtype=np.float64)


def weighted_median(x: Float, w: Float) -> Float:
    """Median voter (Condorcet) position per run, shape ``(D,)``.

    The position ``x_j`` that no other position ``x_k`` beats in a pairwise vote
    ``Σ_i w_i (|x_i - x_k| - |x_i - x_j|) >= 0``. On one dimension with votes linear in
    distance this is the weighted median: the smallest actor position at which the
    cumulative weight of the sorted positions reaches half the total. When two
    positions tie (the cumulative weight equals exactly half), the lower one is returned.
    """
    rows = np.arange(x.shape[0])[:, None]
    order = np.argsort(x, axis=-1, kind="stable")
    return _sorted_median(x[rows, order], w[rows, order])


def _sorted_median(y: Float, w: Float) -> Float:
    """:func:`weighted_median` for positions ``y`` sorted ascending in every run."""
    cum = np.cumsum(w, axis=-1)
    idx = np.argmax(cum >= (0.5 * (1.0 - 1e-12)) * cum[:, -1:], axis=-1)
    return np.asarray(y[np.arange(y.shape[0]), idx], dtype=np.float64)


def _distances(x: Float, span: Float) -> Float:
    """``d_ij = |x_i - x_j| / Δ`` with shape ``(D, N, N)``."""
    return np.asarray(np.abs(x[:, :, None] - x[:, None, :]) / span[:, None, None], dtype=np.float64)


@dataclass(frozen=True)
class _Grid:
    """Index arrays shared by every round of a run of ``D`` runs with ``N`` actors."""

    n: int
    rows: NDArray[np.intp]  # (D, 1) run index
    cols: NDArray[np.intp]  # (1, N) actor index
    pi: NDArray[np.intp]  # pairs p < q of the N x N grid
    qi: NDArray[np.intp]
    flat_pq: NDArray[np.intp]  # p N + q
    flat_qp: NDArray[np.intp]  # q N + p
    prefix_rows: NDArray[np.intp]  # (D, 1) offsets into flattened (D, N + 1) prefix sums
    offdiag: NDArray[np.bool_]  # (1, N, N)

    @classmethod
    def make(cls, n_draws: int, n: int) -> _Grid:
        pi, qi = np.triu_indices(n, 1)
        return cls(
            n=n,
            rows=np.arange(n_draws)[:, None],
            cols=np.arange(n)[None, :],
            pi=pi,
            qi=qi,
            flat_pq=pi * n + qi,
            flat_qp=qi * n + pi,
            prefix_rows=(np.arange(n_draws) * (n + 1))[:, None],
            offdiag=~np.eye(n, dtype=bool)[None, :, :],
        )


def _count_at_or_below(y: Float, values: Float) -> NDArray[np.intp]:
    """For every run, how many of its sorted positions ``y`` are ``<= values``.

    One :func:`numpy.searchsorted` over all runs at once: run ``k`` is shifted by
    ``k * B`` with ``B`` larger than twice the spread of all positions, which keeps the
    concatenated positions sorted and every query inside its own run.
    """
    n_draws, n = y.shape
    low = float(y[:, 0].min())
    big = 2.0 * (float(y[:, -1].max()) - low) + 1.0
    offset = (np.arange(n_draws, dtype=np.float64) * big)[:, None]
    flat = (y - low + offset).ravel()
    found = np.searchsorted(flat, (values - low + offset).ravel(), side="right")
    return np.asarray(
        found.reshape(values.shape) - (np.arange(n_draws) * n)[:, None], dtype=np.intp
    )


CUBE_MAX_ACTORS = 16


def _cube_win_probabilities(y: Float, w: Float, normalise: Literal["dyadic", "global"]) -> Float:
    """:func:`win_probabilities` from the ``N x N x N`` array of votes (few actors).

    For up to :data:`CUBE_MAX_ACTORS` actors the direct sum has fewer steps than the
    prefix sums; the choice depends on ``N`` only, so a run gives the same numbers
    alone and inside a Monte Carlo batch.
    """
    n_draws, n = y.shape
    d = np.abs(y[:, :, None] - y[:, None, :])
    diff = d[:, :, None, :] - d[:, :, :, None]  # d_kb - d_ka
    np.abs(diff, out=diff)
    wk = w[:, None, :]
    absvotes = np.matmul(wk, diff.reshape(n_draws, n, n * n))[:, 0, :]
    g = np.matmul(wk, d)[:, 0, :]
    return _probabilities_from_votes(g, absvotes, normalise, n)


def _probabilities_from_votes(
    g: Float, absvotes: Float, normalise: Literal["dyadic", "global"], n: int
) -> Float:
    """``P`` from ``g_b = Σ_k w_k d_kb`` and the absolute votes ``A`` (flattened ``N x N``)."""
    n_draws = g.shape[0]
    numerator = (g[:, None, :] - g[:, :, None]).reshape(n_draws, n * n)
    numerator += absvotes
    numerator *= 0.5
    np.maximum(numerator, 0.0, out=numerator)
    out = np.zeros_like(numerator)
    if normalise == "global":
        total = absvotes.sum(axis=1, keepdims=True)
        np.divide(numerator, total, out=out, where=total > 0)
    else:
        np.divide(numerator, absvotes, out=out, where=absvotes > 0)
    # the votes and their sums share the factor 1 / Δ, which cancels
    return np.asarray(out.reshape(n_draws, n, n), dtype=np.float64)


def _sorted_win_probabilities(
    y: Float, w: Float, normalise: Literal["dyadic", "global"], grid: _Grid
) -> Float:
    """:func:`win_probabilities` for positions ``y`` sorted ascending in every run."""
    if y.shape[1] <= CUBE_MAX_ACTORS:
        return _cube_win_probabilities(y, w, normalise)
    return _prefix_win_probabilities(y, w, normalise, grid)


def _prefix_win_probabilities(
    y: Float, w: Float, normalise: Literal["dyadic", "global"], grid: _Grid
) -> Float:
    """:func:`win_probabilities` from prefix sums, for positions sorted in every run.

    The absolute votes ``A_ab = Σ_k w_k |d_kb - d_ka|`` are computed from prefix sums
    instead of the ``N x N x N`` array of votes: with ``l = min(y_a, y_b)``,
    ``h = max(y_a, y_b)`` and ``m = (l + h) / 2``, a voter outside ``[l, h]`` contributes
    ``w_k (h - l)`` and a voter inside ``w_k |l + h - 2 y_k|``, so::

        Δ A_ab = (h - l) Σ_k w_k - 2 Σ_{l < y_k < h} w_k min(y_k - l, h - y_k)

    and the second sum splits at ``m`` into two differences of prefix sums of ``w`` and
    ``w y``. The net votes are ``Σ_k v^k_ab = g_b - g_a`` with ``g_b = Σ_k w_k d_kb``.
    """
    n_draws, n = y.shape
    pi, qi = grid.pi, grid.qi
    cw = np.zeros((n_draws, n + 1))
    np.cumsum(w, axis=1, out=cw[:, 1:])
    cm = np.zeros((n_draws, n + 1))
    np.cumsum(w * y, axis=1, out=cm[:, 1:])
    total_w = cw[:, -1:]
    total_m = cm[:, -1:]
    # g_b = Σ_k w_k |y_k - y_b| (times Δ): voters below b, then voters above b
    g = (y * cw[:, :n] - cm[:, :n]) + ((total_m - cm[:, 1:]) - y * (total_w - cw[:, 1:]))
    lo = y.take(pi, axis=1)
    hi = y.take(qi, axis=1)
    # m = number of voters at or below the midpoint, kept within [p + 1, q]
    below = _count_at_or_below(y, 0.5 * (lo + hi))
    np.maximum(below, pi + 1, out=below)
    np.minimum(below, qi, out=below)
    below += grid.prefix_rows
    w_m = cw.take(below)
    m_m = cm.take(below)
    inner = (m_m - cm.take(pi + 1, axis=1)) - lo * (w_m - cw.take(pi + 1, axis=1))
    inner += hi * (cw.take(qi, axis=1) - w_m) - (cm.take(qi, axis=1) - m_m)
    pair_abs = (hi - lo) * total_w - 2.0 * inner
    np.maximum(pair_abs, 0.0, out=pair_abs)
    pair_abs[hi <= lo] = 0.0
    absvotes = np.zeros((n_draws, n * n))
    absvotes[:, grid.flat_pq] = pair_abs
    absvotes[:, grid.flat_qp] = pair_abs
    return _probabilities_from_votes(g, absvotes, normalise, n)


def win_probabilities(x: Float, w: Float, normalise: Literal["dyadic", "global"]) -> Float:
    """Probability that ``i`` prevails in a contest with ``j``, shape ``(D, N, N)``.

    Every actor ``k`` casts ``v^k_ij = w_k (d_kj - d_ki)`` votes for ``i`` against ``j``
    (positive when ``k`` is closer to ``i``). With ``normalise="dyadic"`` (Scholz et al.
    2011, eq. 30; BDM 1994)::

        P_ij = Σ_k max(v^k_ij, 0) / Σ_k |v^k_ij|,      so that P_ij + P_ji = 1;

    with ``normalise="global"`` the denominator is the sum of all absolute votes over
    every ordered pair ``(l, m)``, ``Σ_k Σ_l Σ_m |v^k_lm|``, as in the computation that
    produced Scholz et al.'s published results (see ADR 0006). ``P_ij = 0`` when
    ``x_i = x_j``. The positive part uses ``max(v, 0) = (v + |v|) / 2``; the absolute
    votes come from prefix sums over the sorted positions (``O(N^2)`` per run).
    """
    n_draws, n = x.shape
    order = np.argsort(x, axis=1, kind="stable")
    rows = np.arange(n_draws)[:, None]
    y = x[rows, order]
    p_sorted = _sorted_win_probabilities(y, w[rows, order], normalise, _Grid.make(n_draws, n))
    out = np.empty_like(p_sorted)
    out[rows[:, :, None], order[:, :, None], order[:, None, :]] = p_sorted
    return out


def risk_exponents(d: Float, s: Float, p: Float, dm: Float | None, q: float, t: float) -> Float:
    """Risk exponents ``r_i`` in [0.5, 2] from the spread of expected utilities, ``(D, N)``.

    With every ``r = 1`` the expected utility of ``j`` challenging ``i`` simplifies to::

        EU_ji = 2 d_ij (1 - 2 s_i (1 - P_ji)) - (1 - Q)(2T - 1)(d_jμ + d_ij)

    The sum ``S_i = Σ_{j≠i} EU_ji`` measures how attractive a target ``i`` is (Scholz et
    al. 2011, section 5). Then (eqs. 32-33)::

        R_i = (2 S_i - max_k S_k - min_k S_k) / (max_k S_k - min_k S_k),   R_i ∈ [-1, 1]
        r_i = (1 - R_i / 3) / (1 + R_i / 3) = (3 - R_i) / (3 + R_i),       r_i ∈ [0.5, 2]

    When every ``S_k`` is equal the spread is zero and every ``r_i = 1``.
    """
    # S_i = Σ_a 2 d_ai (1 - 2 s_i (1 - P_ai)) = 2 Σ_a d_ai - 4 s_i Σ_a d_ai (1 - P_ai)
    attack = 2.0 * d.sum(axis=1)
    attack -= 4.0 * s * (d * (1.0 - p)).sum(axis=1)
    if q < 1.0:
        assert dm is not None
        # the status-quo term (1 - Q)(2T - 1)(d_aμ + d_ai) summed over a != i
        attack -= (1.0 - q) * (2.0 * t - 1.0) * (dm.sum(axis=1, keepdims=True) - dm + d.sum(axis=1))
    hi = attack.max(axis=1, keepdims=True)
    lo = attack.min(axis=1, keepdims=True)
    spread = hi - lo
    ok = spread > 1e-12 * (np.abs(hi) + np.abs(lo))
    big_r = np.divide(2.0 * attack - hi - lo, spread, out=np.zeros_like(attack), where=ok)
    return np.asarray((3.0 - big_r) / (3.0 + big_r), dtype=np.float64)


def perceived_expected_utilities(
    d: Float, s: Float, p: Float, r: Float, dm: Float | None, q: float, t: float
) -> tuple[Float, Float]:
    """Actor ``i``'s view of both sides of its relation with ``j``, each ``(D, N, N)``.

    Utilities for an actor with risk exponent ``r`` (Scholz et al. 2011, eqs. 15-24)::

        U^s = 2 - 4 (0.5 - 0.5 d_ij)^r                     success: j moves to x_i
        U^f = 2 - 4 (0.5 + 0.5 d_ij)^r                     failure: i moves to x_j
        U^b = 2 - 4 (0.5 - 0.25 (d_iμ + d_ij))^r           status quo improves
        U^w = 2 - 4 (0.5 + 0.25 (d_iμ + d_ij))^r           status quo worsens
        U^sq = 2 - 4 (0.5)^r                               status quo

    Expected utility of challenging (eq. 25)::

        EU_ij = s_j [P_ij U^s + (1 - P_ij) U^f] + (1 - s_j) U^s - Q U^sq - (1 - Q)[T U^b + (1 - T) U^w]

    ``s_j`` is the probability that ``j`` resists. Both returned arrays use the receiver's
    own risk exponent ``r_i`` (actor ``i`` estimates ``j``'s expected utility with its own
    risk attitude): ``ei[i, j] = E^i U_ij`` (``i`` challenges ``j``) and ``ej[i, j] =
    E^i U_ji`` (``j`` challenges ``i``, with ``P_ji``, ``s_i`` and ``d_jμ``).
    """
    rr = r[:, :, None]
    half = 0.5 * d
    low = 0.5 - half
    np.maximum(low, 0.0, out=low)  # d_ij <= 1 up to rounding
    pow_s = np.power(low, rr)
    np.add(half, 0.5, out=half)
    gap = np.power(half, rr)
    gap -= pow_s
    gap *= 4.0  # U^s - U^f
    u_sq = 2.0 - 4.0 * np.power(0.5, rr)
    pow_s *= -4.0
    pow_s += 2.0 - q * u_sq  # U^s - Q U^sq
    base = pow_s
    resist = 1.0 - p  # 1 - P_ij; its transpose is 1 - P_ji
    ei = resist * s[:, None, :]
    ei *= gap
    np.subtract(base, ei, out=ei)
    ej = np.swapaxes(resist, 1, 2) * s[:, :, None]
    ej *= gap
    np.subtract(base, ej, out=ej)
    if q < 1.0:
        assert dm is not None
        for out, dmu in ((ei, dm[:, :, None]), (ej, dm[:, None, :])):
            spread = 0.25 * (dmu + d)
            u_b = 2.0 - 4.0 * np.power(np.maximum(0.5 - spread, 0.0), rr)
            u_w = 2.0 - 4.0 * np.power(0.5 + spread, rr)
            out -= (1.0 - q) * (t * u_b + (1.0 - t) * u_w)
    return ei, ej


def choose_offers(
    x: Float,
    ei: Float,
    ej: Float,
    valid: NDArray[np.bool_],
    span: Float,
    method: Method,
    grid: _Grid | None = None,
) -> tuple[Float, NDArray[np.intp], NDArray[np.int8]]:
    """Offers that each actor receives and the one it accepts.

    From receiver ``i``'s view, with ``E_i = E^i U_ij`` and ``E_j = E^i U_ji``:

    * confrontation: ``E_j > E_i > 0``; both would fight and ``j`` gains more, so ``i``
      expects to lose and moves to ``x_j``;
    * compromise: ``E_j > 0 > E_i`` and ``E_j > |E_i|``;
    * capitulation: ``E_j > 0 > E_i`` and ``E_j < |E_i|``; ``i`` moves to ``x_j``.

    The compromise position and the choice among offers depend on *method*:

    * ``"scholz2011"``: ``i`` moves the fraction ``|E_i / E_j|`` of the way to ``x_j``;
      confrontations come first (nearest ``x_j``), then compromises (the one with the
      lowest expected-utility-weighted point ``(|E_i| x_i + |E_j| x_j) / (|E_i| + |E_j|)``),
      then capitulations (nearest ``x_j``). This reproduces the published run.
    * ``"paper"``: the compromise position is the weighted point itself and ``i``
      accepts the offer, of any type, that moves it least.

    ``x`` must be sorted ascending in every run (the engine lists actors by position);
    ties go to the partner listed first. Returns the new positions ``(D, N)``, the partner index (``-1`` without an offer)
    and the offer type code.
    """
    if grid is None:
        grid = _Grid.make(*x.shape)
    rows, cols = grid.rows, grid.cols
    xi = x[:, :, None]
    xj = x[:, None, :]
    loss = -ei
    conf = ej > ei
    conf &= ei > 0.0
    conf &= valid
    ahead = ej > 0.0
    ahead &= ei < 0.0
    ahead &= valid
    comp = ej > loss
    comp &= ahead
    cap = ej < loss
    cap &= ahead
    step = xj - xi
    dist = np.abs(step)
    share = np.divide(ej, ej + loss, out=np.zeros_like(ej), where=comp)  # weighted point
    if method == "scholz2011":
        # one score orders the offers: confrontations by distance in [0, Δ], compromises
        # by their weighted point in [2Δ, 3Δ], capitulations by distance in [4Δ, 5Δ]
        band = span[:, None, None]
        point = step * share
        point += xi + (2.0 * band - x[:, :1, None])
        score = np.where(conf, dist, np.inf)
        np.copyto(score, point, where=comp)
        dist += 4.0 * band
        np.copyto(score, dist, where=cap)
    else:
        np.multiply(dist, share, out=dist, where=comp)
        score = np.where(conf | comp | cap, dist, np.inf)
    partner = np.argmin(score, axis=-1)
    best = score[rows, cols, partner]
    has = best < np.inf
    is_comp = comp[rows, cols, partner]
    if method == "scholz2011":
        band_of = np.floor_divide(
            best, 2.0 * span[:, None], out=np.full_like(best, -1.0), where=has
        )
        kind = (band_of + 1.0).astype(np.int8)
        gain = ej[rows, cols, partner]
        fraction = np.divide(
            loss[rows, cols, partner], gain, out=np.zeros_like(gain), where=is_comp
        )
    else:
        kind = np.where(conf[rows, cols, partner], CONFRONTATION, CAPITULATION).astype(np.int8)
        kind[is_comp] = COMPROMISE
        kind[~has] = NO_OFFER
        fraction = share[rows, cols, partner]
    x_partner = x[rows, partner]
    step_to = x_partner - x
    step_to *= fraction
    step_to += x  # compromise position
    new_x = np.where(is_comp, step_to, np.where(has, x_partner, x))
    partner[~has] = -1
    return new_x, partner, kind


@dataclass(frozen=True)
class CoreRun:
    """Raw output of :func:`run_core` (arrays; the public API wraps them in frames).

    ``positions``, ``means`` and ``medians`` cover rounds ``0..K`` (``K`` rounds run);
    ``risk``, ``partner``, ``kind`` cover the bargaining steps ``1..K`` (index 0 is
    step 1). Without ``record`` only the final round is kept (``K + 1 = 1`` entries).
    """

    positions: Float  # (K+1, D, N)
    means: Float  # (K+1, D)
    medians: Float  # (K+1, D)
    risk: Float  # (K, D, N)
    partner: NDArray[np.int64]  # (K, D, N)
    kind: NDArray[np.int8]  # (K, D, N)
    converged: NDArray[np.int64]  # (D,), last round at which any actor moved; -1 if still moving
    status: NDArray[np.int8]  # (D,), CONVERGED, CYCLE or NEITHER
    period: NDArray[np.int64]  # (D,), rounds per cycle (1 when converged, 0 when neither)
    cycle_median: Float  # (D,), mean of the median over the last full cycle (NaN if neither)
    cycle_mean: Float  # (D,), mean of the weighted mean over the last full cycle


def detect_cycles(
    recent: Float, w: Float, span: Float, tol: float
) -> tuple[NDArray[np.int8], NDArray[np.int64], Float, Float]:
    """Status, period and last-cycle averages from the last positions of each run.

    *recent* is ``(L, D, N)``: the positions of the last ``L`` rounds, oldest first. The
    dynamics are deterministic (the next positions depend only on the current ones), so
    when the final positions repeat those of ``p`` rounds earlier, ``max_i |x_K - x_{K-p}|
    <= tol * Δ``, the run repeats with period ``p`` from then on. The smallest such ``p`` is
    the period: 1 means a fixed point (converged), 2 or more a cycle. For a cycle the
    median and weighted mean are averaged over the last full cycle, rounds ``K-p+1..K``.

    Returns ``(status, period, cycle_median, cycle_mean)``, each ``(D,)``; ``period`` is 0
    and the averages NaN where no repeat was found (status :data:`NEITHER`).

    Examples
    --------
    >>> import numpy as np
    >>> xs = np.array([[[0.0, 1.0]], [[0.0, 3.0]], [[0.0, 1.0]]])  # A B A: period 2
    >>> status, period, med, mean = detect_cycles(xs, np.ones((1, 2)), np.array([3.0]), 1e-9)
    >>> int(status[0]), int(period[0]), float(mean[0])
    (2, 2, 1.0)
    """
    n_rounds, n_draws, n = recent.shape
    period = np.zeros(n_draws, dtype=np.int64)
    last = recent[-1]
    limit = tol * span
    for p in range(1, n_rounds):
        match = np.abs(last - recent[-1 - p]).max(axis=1) <= limit
        period = np.where((period == 0) & match, p, period)
    status = np.where(period == 1, CONVERGED, np.where(period > 1, CYCLE, NEITHER)).astype(np.int8)
    flat = recent.reshape(n_rounds * n_draws, n)
    flat_w = np.broadcast_to(w, (n_rounds, n_draws, n)).reshape(n_rounds * n_draws, n)
    medians = weighted_median(flat, flat_w).reshape(n_rounds, n_draws)
    means = weighted_mean(flat, flat_w).reshape(n_rounds, n_draws)
    age = np.arange(n_rounds)[::-1][:, None]  # 0 for the last round
    inside = (age < period[None, :]).astype(np.float64)
    count = np.maximum(period, 1).astype(np.float64)
    cycle_median = np.where(period > 0, (medians * inside).sum(axis=0) / count, np.nan)
    cycle_mean = np.where(period > 0, (means * inside).sum(axis=0) / count, np.nan)
    return status, period, cycle_median, cycle_mean


def run_core(
    x0: Float,
    c: Float,
    s: Float,
    *,
    rounds: int,
    method: Method = "scholz2011",
    q: float = 1.0,
    t: float = 1.0,
    tol: float = 1e-9,
    record: bool = True,
) -> CoreRun:
    """Run the model for ``D`` independent sets of inputs at once.

    Each round: (1) median ``μ``; (2) win probabilities ``P``; (3) risk exponents
    ``r`` from the expected utilities at ``r = 1``; (4) perceived expected utilities
    with ``r``; (5) offers and the accepted offer; (6) all actors move at once. A run
    stops moving once no actor moves by more than ``tol * Δ`` (a fixed point); the loop
    ends early when every run has stopped; moves below the tolerance are discarded, so
    the last recorded round repeats the fixed point. Internally every round lists the actors by
    position (ties in input order), so ties between offers go to the partner with the
    lower position.
    """
    x = np.array(x0, dtype=np.float64, copy=True)
    c = np.asarray(c, dtype=np.float64)
    s = np.asarray(s, dtype=np.float64)
    w = c * s
    span = x.max(axis=1) - x.min(axis=1)
    n_draws, n = x.shape
    grid = _Grid.make(n_draws, n)
    rows = grid.rows
    normalise: Literal["dyadic", "global"] = "global" if method == "scholz2011" else "dyadic"
    converged = np.full(n_draws, -1, dtype=np.int64)
    active = np.ones(n_draws, dtype=bool)
    hist_x = [x]
    hist_order: list[NDArray[np.intp]] = []
    hist_r: list[Float] = []
    hist_partner: list[NDArray[np.intp]] = []
    hist_kind: list[NDArray[np.int8]] = []
    recent = [x]
    keep = min(int(rounds), MAX_PERIOD) + 1
    for step in range(1, rounds + 1):
        order = np.argsort(x, axis=1, kind="stable")
        y = x[rows, order]
        ws = w[rows, order]
        ss = s[rows, order]
        d = _distances(y, span)
        dm: Float | None = None
        if q < 1.0:
            mu = _sorted_median(y, ws)
            dm = np.abs(y - mu[:, None]) / span[:, None]
        p = _sorted_win_probabilities(y, ws, normalise, grid)
        r_sorted = risk_exponents(d, ss, p, dm, q, t)
        ei, ej = perceived_expected_utilities(d, ss, p, r_sorted, dm, q, t)
        valid = grid.offdiag & (d > 0.0)
        y_new, partner_sorted, kind_sorted = choose_offers(y, ei, ej, valid, span, method, grid)
        new_x = np.empty_like(x)
        new_x[rows, order] = y_new
        still = np.abs(new_x - x).max(axis=1) > tol * span
        converged[active & ~still] = step - 1
        frozen = ~(active & still)  # stopped runs keep their positions
        if frozen.any():
            new_x[frozen] = x[frozen]
            partner_sorted[frozen] = -1
            kind_sorted[frozen] = NO_OFFER
        active &= still
        x = new_x
        recent.append(x)
        if len(recent) > keep:
            recent.pop(0)
        if record:
            hist_x.append(x)
            hist_order.append(order)
            hist_r.append(r_sorted)
            hist_partner.append(partner_sorted)
            hist_kind.append(kind_sorted)
        if not active.any():
            break
    if not record:
        hist_x = [x]
    positions = np.stack(hist_x)
    k = positions.shape[0]
    flat_x = positions.reshape(k * n_draws, n)
    flat_w = np.broadcast_to(w, (k, n_draws, n)).reshape(k * n_draws, n)
    means = weighted_mean(flat_x, flat_w).reshape(k, n_draws)
    medians = weighted_median(flat_x, flat_w).reshape(k, n_draws)
    steps = len(hist_order)
    risk = np.zeros((steps, n_draws, n))
    partner = np.full((steps, n_draws, n), -1, dtype=np.int64)
    kind = np.zeros((steps, n_draws, n), dtype=np.int8)
    if steps:
        orders = np.stack(hist_order)
        srows = np.arange(steps)[:, None, None]
        drows = rows[None, :, :]
        risk[srows, drows, orders] = np.stack(hist_r)
        ps = np.stack(hist_partner)
        mapped = np.take_along_axis(orders, np.maximum(ps, 0), axis=2)
        partner[srows, drows, orders] = np.where(ps >= 0, mapped, -1)
        kind[srows, drows, orders] = np.stack(hist_kind)
    status, period, cycle_median, cycle_mean = detect_cycles(np.stack(recent), w, span, tol)
    return CoreRun(
        positions=positions,
        means=means,
        medians=medians,
        risk=risk,
        partner=partner,
        kind=kind,
        converged=converged,
        status=status,
        period=period,
        cycle_median=cycle_median,
        cycle_mean=cycle_mean,
    )
