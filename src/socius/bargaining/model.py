"""Bueno de Mesquita's expected-utility bargaining model, as formalised by Scholz et al.

One run iterates rounds of challenges and offers among actors on a single issue
dimension and forecasts where the issue settles. The formulas are in
:mod:`socius.bargaining.engine`; this module validates inputs, runs the model and
returns frames.

References
----------
Scholz, J. B., Calbert, G. J. and Smith, G. A. (2011). Unravelling Bueno De
Mesquita's group decision model. Journal of Theoretical Politics 23(4): 510-531.
doi:10.1177/0951629811418142
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import polars as pl
from numpy.typing import NDArray

from socius.bargaining import engine
from socius.bargaining.engine import METHODS, OFFER_NAMES, Method
from socius.bargaining.scenario import Scenario, scenario_from_frame, validate_inputs
from socius.errors import ValidationError, suggest

__all__ = [
    "BargainingResult",
    "check_options",
    "median_position",
    "probability_of_success",
    "run",
    "weighted_mean",
]


@dataclass(frozen=True, eq=False)
class BargainingResult:
    """Outcome of one run of the model.

    Attributes
    ----------
    scenario
        The inputs.
    method
        ``"scholz2011"`` or ``"paper"`` (see :func:`run`).
    positions
        One row per round and actor: ``round`` (0 = initial positions), ``actor``,
        ``position``.
    trajectory
        One row per round: weighted ``mean`` ``Σ c s x / Σ c s`` and ``median``
        (Condorcet) position.
    offers
        The offer each actor accepted in each round: ``round`` (the round the move
        leads to), ``actor`` (who moved), ``partner`` (toward whom), ``offer``
        (confrontation, compromise or capitulation), ``position_before``,
        ``position_after`` and the mover's ``risk_exponent`` in that round.
    forecast
        The median position at the final round: the predicted settlement.
    forecast_mean
        The weighted mean position at the final round.
    rounds_run
        Rounds computed (fewer than asked when positions stopped moving).
    converged_round
        Last round in which any actor moved, when the run reached a fixed point;
        ``None`` when actors were still moving at the end.
    """

    scenario: Scenario
    method: str
    positions: pl.DataFrame
    trajectory: pl.DataFrame
    offers: pl.DataFrame
    forecast: float
    forecast_mean: float
    rounds_run: int
    converged_round: int | None

    def table(self) -> pl.DataFrame:
        """Round-by-round positions, one column per actor, plus mean and median."""
        wide = self.positions.pivot(on="actor", index="round", values="position")
        wide = wide.select("round", *self.scenario.names)
        return wide.join(self.trajectory, on="round", how="left").sort("round")


def check_options(*, rounds: int, method: str, q: float, t: float, tol: float) -> None:
    """Validate the run options shared by :func:`run` and Monte Carlo simulation."""
    problems: list[str] = []
    if isinstance(rounds, bool) or not isinstance(rounds, int | np.integer) or rounds < 1:
        problems.append(
            f"rounds {rounds!r} is not a positive whole number; give 1 or more (10 is usual)"
        )
    if method not in METHODS:
        problems.append(
            f"method '{method}' is not known{suggest(str(method), METHODS)}; choose one of: {', '.join(METHODS)}"
        )
    for label, value in (("q", q), ("t", t)):
        if not (isinstance(value, int | float) and 0.0 <= float(value) <= 1.0):
            problems.append(f"{label} {value!r} is outside [0, 1]; give a probability")
    if not (isinstance(tol, int | float) and math.isfinite(tol) and tol >= 0):
        problems.append(f"tol {tol!r} is not a non-negative number; give for example 1e-9")
    if problems:
        raise ValidationError("; ".join(problems))


def _as_scenario(inputs: Scenario | Any) -> Scenario:
    if isinstance(inputs, Scenario):
        return inputs
    return scenario_from_frame(inputs)


def run(
    inputs: Scenario | pl.DataFrame | Any,
    *,
    rounds: int = 10,
    method: Method = "scholz2011",
    q: float = 1.0,
    t: float = 1.0,
    tol: float = 1e-9,
) -> BargainingResult:
    """Run the expected-utility bargaining model and forecast the settlement.

    Parameters
    ----------
    inputs
        A :class:`~socius.bargaining.Scenario` (see :func:`load_scenario`) or a polars
        or pandas frame with columns ``actor``, ``capability`` [> 0], ``position`` and
        ``salience`` [0, 1].
    rounds
        Bargaining rounds to run [>= 1]; the run stops earlier when no actor moves.
    method
        ``"scholz2011"`` (default) reproduces the run published by Scholz et al.
        (2011): win probabilities normalised by all votes cast, compromises weighted by
        ``|E_i / E_j|`` and chosen by their expected-utility-weighted point.
        ``"paper"`` applies the equations as printed: dyadic win probabilities
        (``P_ij + P_ji = 1``), compromise at the expected-utility-weighted point, and
        each actor accepts the offer that moves it least. See ADR 0006.
    q
        Probability ``Q`` that the status quo holds when an actor does not challenge
        [0, 1]; Scholz et al. use 1.
    t
        Probability ``T`` that a changing status quo moves toward the actor [0, 1].
    tol
        Positions have converged when no actor moves more than ``tol * Δ`` in a round,
        where ``Δ`` is the spread of the initial positions.

    Returns
    -------
    BargainingResult
        Positions by round, mean and median by round, accepted offers, and the
        forecast (median position at the final round) with the final mean.

    Notes
    -----
    Each round (Scholz et al. 2011, appendix):

    1. weighted mean ``Σ c_i s_i x_i / Σ c_i s_i`` and median (Condorcet) position ``μ``;
    2. votes ``v^k_ij = c_k s_k (|x_k - x_j| - |x_k - x_i|) / Δ`` and probabilities of
       success ``P_ij = Σ_k max(v^k_ij, 0) / Σ_k |v^k_ij|`` (normalisation by method);
    3. utilities with ``d_ij = |x_i - x_j| / Δ``: ``U^s = 2 - 4(0.5 - 0.5 d_ij)^r``,
       ``U^f = 2 - 4(0.5 + 0.5 d_ij)^r``, ``U^b = 2 - 4(0.5 - 0.25(d_iμ + d_ij))^r``,
       ``U^w = 2 - 4(0.5 + 0.25(d_iμ + d_ij))^r``, ``U^sq = 2 - 4(0.5)^r``;
    4. expected utility of ``i`` challenging ``j``:
       ``EU_ij = s_j[P_ij U^s + (1 - P_ij) U^f] + (1 - s_j) U^s - Q U^sq - (1 - Q)[T U^b + (1 - T) U^w]``;
    5. risk: with all ``r = 1``, ``S_i = Σ_j EU_ji``,
       ``R_i = (2 S_i - max S - min S) / (max S - min S)``, ``r_i = (1 - R_i/3) / (1 + R_i/3)``;
    6. offers from ``i``'s view (``E_i = E^i U_ij``, ``E_j = E^i U_ji``, both with
       ``r_i``): confrontation ``E_j > E_i > 0`` (move to ``x_j``), compromise
       ``E_j > 0 > E_i, E_j > |E_i|`` and capitulation ``E_j > 0 > E_i, E_j < |E_i|``
       (move to ``x_j``); every actor accepts one offer and all move at once.

    References
    ----------
    Scholz, J. B., Calbert, G. J. and Smith, G. A. (2011). Unravelling Bueno De
    Mesquita's group decision model. Journal of Theoretical Politics 23(4): 510-531.
    doi:10.1177/0951629811418142

    Bueno de Mesquita, B. (1994). Political forecasting: an expected utility method.
    In Bueno de Mesquita and Stokman (eds.), European Community Decision Making, 71-104.

    Examples
    --------
    >>> from socius.bargaining import load_scenario, run
    >>> result = run(load_scenario("eu-emissions"), rounds=10)
    >>> round(result.trajectory["mean"][0], 6)
    7.389956
    >>> result.trajectory["median"][0]
    7.0
    """
    check_options(rounds=rounds, method=method, q=q, t=t, tol=tol)
    scenario = _as_scenario(inputs)
    x = np.array([[a.position for a in scenario.actors]], dtype=np.float64)
    c = np.array([[a.capability for a in scenario.actors]], dtype=np.float64)
    s = np.array([[a.salience for a in scenario.actors]], dtype=np.float64)
    core = engine.run_core(
        x, c, s, rounds=int(rounds), method=method, q=float(q), t=float(t), tol=float(tol)
    )
    return _result(scenario, method, core)


def _result(scenario: Scenario, method: str, core: engine.CoreRun) -> BargainingResult:
    names = list(scenario.names)
    n = len(names)
    k = core.positions.shape[0]
    pos = core.positions[:, 0, :]
    positions = pl.DataFrame(
        {
            "round": np.repeat(np.arange(k, dtype=np.int64), n),
            "actor": pl.Series(names * k, dtype=pl.String),
            "position": pos.reshape(-1),
        }
    )
    trajectory = pl.DataFrame(
        {
            "round": np.arange(k, dtype=np.int64),
            "mean": core.means[:, 0],
            "median": core.medians[:, 0],
        }
    )
    steps, who = np.nonzero(core.kind[:, 0, :] != engine.NO_OFFER)
    name_arr = np.array(names, dtype=object)
    kind_names = np.array(["", *(OFFER_NAMES[c] for c in sorted(OFFER_NAMES))], dtype=object)
    offers = pl.DataFrame(
        {
            "round": (steps + 1).astype(np.int64),
            "actor": pl.Series(name_arr[who].tolist(), dtype=pl.String),
            "partner": pl.Series(name_arr[core.partner[steps, 0, who]].tolist(), dtype=pl.String),
            "offer": pl.Series(kind_names[core.kind[steps, 0, who]].tolist(), dtype=pl.String),
            "position_before": pos[steps, who],
            "position_after": pos[steps + 1, who],
            "risk_exponent": core.risk[steps, 0, who],
        }
    )
    conv = int(core.converged[0])
    return BargainingResult(
        scenario=scenario,
        method=method,
        positions=positions,
        trajectory=trajectory,
        offers=offers,
        forecast=float(core.medians[-1, 0]),
        forecast_mean=float(core.means[-1, 0]),
        rounds_run=k - 1,
        converged_round=conv if conv >= 0 else None,
    )


def _vectors(
    positions: Sequence[float], capabilities: Sequence[float], saliences: Sequence[float]
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    x = np.asarray(positions, dtype=np.float64)
    c = np.asarray(capabilities, dtype=np.float64)
    s = np.asarray(saliences, dtype=np.float64)
    validate_inputs(
        [f"actor {i}" for i in range(x.size)], list(c), list(x), list(s), where="inputs"
    )
    return x[None, :], c[None, :], s[None, :]


def weighted_mean(
    positions: Sequence[float], capabilities: Sequence[float], saliences: Sequence[float]
) -> float:
    """Capability- and salience-weighted mean position ``Σ c_i s_i x_i / Σ c_i s_i``.

    Examples
    --------
    >>> weighted_mean([4, 10], [1, 1], [1, 0.5])
    6.0
    """
    x, c, s = _vectors(positions, capabilities, saliences)
    return float(engine.weighted_mean(x, c * s)[0])


def median_position(
    positions: Sequence[float], capabilities: Sequence[float], saliences: Sequence[float]
) -> float:
    """Median voter (Condorcet) position: the actor position that beats every other.

    ``x_j`` beats ``x_k`` when ``Σ_i c_i s_i (|x_i - x_k| - |x_i - x_j|) > 0``; on one
    dimension the winner is the ``c s``-weighted median (the lower one on a tie).

    Examples
    --------
    >>> median_position([4, 7, 10], [1, 1, 1], [0.4, 0.2, 0.4])
    7.0
    """
    x, c, s = _vectors(positions, capabilities, saliences)
    return float(engine.weighted_median(x, c * s)[0])


def probability_of_success(
    positions: Sequence[float],
    capabilities: Sequence[float],
    saliences: Sequence[float],
    *,
    method: Method = "paper",
) -> NDArray[np.float64]:
    """Matrix ``P[i, j]``: probability that actor ``i`` prevails against actor ``j``.

    ``P_ij = Σ_k max(v^k_ij, 0) / Σ_k |v^k_ij|`` with votes
    ``v^k_ij = c_k s_k (|x_k - x_j| - |x_k - x_i|) / Δ`` (Scholz et al. 2011, eq. 30);
    ``method="scholz2011"`` divides by the votes over all pairs instead (ADR 0006).

    Examples
    --------
    >>> p = probability_of_success([0, 10], [1, 1], [1, 1])
    >>> p.tolist()
    [[0.0, 0.5], [0.5, 0.0]]
    """
    if method not in METHODS:
        raise ValidationError(
            f"method '{method}' is not known; choose one of: {', '.join(METHODS)}"
        )
    x, c, s = _vectors(positions, capabilities, saliences)
    normalise: Literal["dyadic", "global"] = "global" if method == "scholz2011" else "dyadic"
    return np.asarray(engine.win_probabilities(x, c * s, normalise)[0], dtype=np.float64)
