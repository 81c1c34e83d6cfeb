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
from socius.limits import check_count

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
        The predicted settlement: the median position at the final round, or, when the
        run cycles, the mean of the median over the last full cycle (see ``status``).
    forecast_mean
        The weighted mean position at the final round (averaged over the last full
        cycle when the run cycles).
    rounds_run
        Rounds computed (fewer than asked when positions stopped moving).
    converged_round
        Last round in which any actor moved, when the run reached a fixed point;
        ``None`` when actors were still moving at the end.
    status
        ``"converged"`` (positions stopped moving), ``"cycle"`` (positions repeat every
        ``period`` rounds) or ``"neither"`` (still moving without repeating at the round
        limit: the forecast is the median at that round and depends on the limit).
    period
        Rounds per cycle: 1 when converged, 2 or more for a cycle, ``None`` for neither.
    final_median
        The median position at the final round, whatever the status.
    start_median
        The weighted median of the initial positions (round 0).
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
    status: str = "neither"
    period: int | None = None
    final_median: float = math.nan
    start_median: float = math.nan

    @property
    def weights(self) -> pl.DataFrame:
        """Each actor's ``capability``, ``salience``, weight ``c * s`` and ``share`` of the
        total weight (sorted by share, largest first)."""
        c = np.array([a.capability for a in self.scenario.actors], dtype=np.float64)
        s = np.array([a.salience for a in self.scenario.actors], dtype=np.float64)
        w = c * s
        return pl.DataFrame(
            {
                "actor": list(self.scenario.names),
                "capability": c,
                "salience": s,
                "weight": w,
                "share": w / w.sum(),
            }
        ).sort("share", descending=True, maintain_order=True)

    @property
    def convergence(self) -> str:
        """One sentence on how the run ended and what the forecast is.

        Examples
        --------
        >>> from socius.bargaining import load_scenario, run
        >>> print(run(load_scenario("cross-strait")).convergence)
        The positions cycle with a period of 2 rounds (Japan and Russia swap between 5 and 60); the forecast 5.0 is the mean median over the last full cycle, not the median at round 10.
        """
        f = _num(self.forecast)
        if self.status == "converged":
            return (
                f"The positions converged: no actor moved after round {self.converged_round}, "
                f"so the forecast {f} is a settled outcome."
            )
        if self.status == "cycle":
            swing = _swing(self)
            return (
                f"The positions cycle with a period of {self.period} rounds{swing}; the forecast "
                f"{f} is the mean median over the last full cycle, not the median at round "
                f"{self.rounds_run}."
            )
        return (
            f"The positions neither converged nor repeated within {self.rounds_run} rounds; the "
            f"forecast {f} is the median at round {self.rounds_run} and would change with "
            "the number of rounds."
        )

    @property
    def dominance(self) -> str | None:
        """One sentence when the forecast equals the starting weighted median, else None.

        When one actor holds more than half of the weight ``capability x salience``, the
        weighted median is that actor's position whatever the others do, so the forecast
        cannot leave it unless that actor moves.
        """
        span = self.scenario_span
        if not math.isfinite(self.forecast) or abs(self.forecast - self.start_median) > 1e-9 * span:
            return None
        top = self.weights.row(0, named=True)
        if top["share"] > 0.5:
            return (
                f"The forecast equals the starting weighted median ({_num(self.start_median)}) "
                f"because {top['actor']} holds {top['share']:.0%} of the weight (capability x "
                "salience), more than all other actors together, so the median is its position "
                "whatever the others do."
            )
        return (
            f"The forecast equals the starting weighted median ({_num(self.start_median)}): the "
            "moves in the bargaining left the median where it started (the largest weight "
            f"share is {top['actor']}'s, {top['share']:.0%})."
        )

    @property
    def scenario_span(self) -> float:
        """Spread of the initial positions ``Δ``."""
        xs = [a.position for a in self.scenario.actors]
        return float(max(xs) - min(xs))

    @property
    def summary(self) -> str:
        """The forecast, how the run ended and, where it applies, why it equals the start."""
        head = f"Forecast {_num(self.forecast)} ({self.method}, {self.rounds_run} rounds)."
        parts = [head, self.convergence]
        if self.dominance:
            parts.append(self.dominance)
        return " ".join(parts)

    def table(self) -> pl.DataFrame:
        """Round-by-round positions, one column per actor, plus mean and median."""
        wide = self.positions.pivot(on="actor", index="round", values="position")
        wide = wide.select("round", *self.scenario.names)
        return wide.join(self.trajectory, on="round", how="left").sort("round")


def _num(value: float) -> str:
    return f"{value:.1f}" if math.isfinite(value) else "undefined"


def _swing(result: BargainingResult) -> str:
    """`` (Japan and Russia swap between 5 and 60)``: who moves within the last cycle."""
    if result.period is None or result.period < 2:
        return ""
    last = result.positions.filter(pl.col("round") > result.rounds_run - result.period)
    moving = (
        last.group_by("actor", maintain_order=True)
        .agg(pl.col("position").min().alias("lo"), pl.col("position").max().alias("hi"))
        .filter(pl.col("hi") - pl.col("lo") > 1e-9 * max(result.scenario_span, 1e-300))
    )
    if moving.is_empty():
        return ""
    names = moving["actor"].to_list()
    who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    if len(names) > 3:
        who = f"{', '.join(names[:3])} and {len(names) - 3} more"
    lo, hi = float(moving["lo"].min()), float(moving["hi"].max())  # type: ignore[arg-type]
    verb = "moves" if len(names) == 1 else "swap"
    return f" ({who} {verb} between {lo:.3g} and {hi:.3g})"


def check_options(*, rounds: int, method: str, q: float, t: float, tol: float) -> None:
    """Validate the run options shared by :func:`run` and Monte Carlo simulation."""
    problems: list[str] = []
    try:
        check_count("rounds", int(rounds) if isinstance(rounds, np.integer) else rounds)
    except ValidationError as exc:
        problems.append(str(exc))
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
    status = engine.STATUS_NAMES[int(core.status[0])]
    period = int(core.period[0]) or None
    final_median = float(core.medians[-1, 0])
    forecast, forecast_mean = final_median, float(core.means[-1, 0])
    if status == "cycle":
        forecast, forecast_mean = float(core.cycle_median[0]), float(core.cycle_mean[0])
    return BargainingResult(
        scenario=scenario,
        method=method,
        positions=positions,
        trajectory=trajectory,
        offers=offers,
        forecast=forecast,
        forecast_mean=forecast_mean,
        rounds_run=k - 1,
        converged_round=conv if conv >= 0 else None,
        status=status,
        period=period,
        final_median=final_median,
        start_median=float(core.medians[0, 0]),
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

    The mean is the model's second summary of where the actors stand (the median,
    :func:`median_position`, is its forecast); it moves with every actor, the median only
    with the pivotal one.

    Parameters
    ----------
    positions
        Each actor's preferred outcome on the issue scale (e.g. 0-10 or 0-100).
    capabilities
        Each actor's capability [> 0; e.g. a CINC share], in the same order.
    saliences
        The share of attention each actor gives the issue [0, 1], in the same order.

    Returns
    -------
    float
        The weighted mean, on the issue scale.

    Raises
    ------
    ValidationError
        When the three sequences differ in length or fail :func:`validate_inputs` (fewer
        than two actors, a capability that is not positive, a salience outside [0, 1],
        all actors at one position, every salience 0, ...).

    Examples
    --------
    >>> weighted_mean([4, 10], [1, 1], [1, 0.5])
    6.0

    The EU emission-standards example of Bueno de Mesquita (1994), as in Scholz et al.
    (2011), starts with a weighted mean of 7.39 years until the standards apply:

    >>> from socius.bargaining import load_scenario
    >>> eu = load_scenario("eu-emissions").frame()
    >>> cols = ("position", "capability", "salience")
    >>> round(weighted_mean(*(eu[c].to_list() for c in cols)), 2)
    7.39
    """
    x, c, s = _vectors(positions, capabilities, saliences)
    return float(engine.weighted_mean(x, c * s)[0])


def median_position(
    positions: Sequence[float], capabilities: Sequence[float], saliences: Sequence[float]
) -> float:
    """Median voter (Condorcet) position: the actor position that beats every other.

    ``x_j`` beats ``x_k`` when ``Σ_i c_i s_i (|x_i - x_k| - |x_i - x_j|) > 0``; on one
    dimension the winner is the ``c s``-weighted median (the lower one on a tie).

    The median at the last round is the model's forecast; at round 0 it is the starting
    point the bargaining moves from. An actor holding more than half of the total weight
    ``Σ c_i s_i`` is the median by itself.

    Parameters
    ----------
    positions
        Each actor's preferred outcome on the issue scale (e.g. 0-10 or 0-100).
    capabilities
        Each actor's capability [> 0; e.g. a CINC share], in the same order.
    saliences
        The share of attention each actor gives the issue [0, 1], in the same order.

    Returns
    -------
    float
        The median position, always one of the actors' positions: the smallest position
        at which the cumulative weight of the sorted positions reaches half the total.

    Raises
    ------
    ValidationError
        When the three sequences differ in length or fail :func:`validate_inputs` (fewer
        than two actors, a capability that is not positive, a salience outside [0, 1],
        all actors at one position, every salience 0, ...).

    Examples
    --------
    >>> median_position([4, 7, 10], [1, 1, 1], [0.4, 0.2, 0.4])
    7.0

    The six-party talks scenario (illustrative positions, CINC 2005 capabilities) starts
    at South Korea's position:

    >>> from socius.bargaining import load_scenario
    >>> talks = load_scenario("six-party").frame()
    >>> median_position(*(talks[c].to_list() for c in ("position", "capability", "salience")))
    70.0
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

    Parameters
    ----------
    positions
        Each actor's preferred outcome on the issue scale (e.g. 0-10 or 0-100).
    capabilities
        Each actor's capability [> 0; e.g. a CINC share], in the same order.
    saliences
        The share of attention each actor gives the issue [0, 1], in the same order.
    method
        ``"paper"`` (default here; dyadic, so ``P_ij + P_ji = 1`` wherever any actor
        votes on the pair) or ``"scholz2011"`` (the reading that reproduces Scholz et
        al.'s published run, and the default of :func:`run`; each entry is then divided
        by the absolute votes of every ordered pair, so the entries sum to 0.5).

    Returns
    -------
    numpy.ndarray
        ``(N, N)`` array of probabilities [0, 1], rows and columns in the input order; the
        diagonal, and a pair on which no actor casts a vote, are 0.

    Raises
    ------
    ValidationError
        When *method* is unknown, or the inputs fail :func:`validate_inputs` (see
        :func:`weighted_mean`).

    Notes
    -----
    Actor ``k`` votes for ``i`` against ``j`` with weight ``c_k s_k`` in proportion to how
    much closer ``i`` is to it than ``j``; ``P_ij`` is the share of all the votes cast on
    the pair that favour ``i``.

    References
    ----------
    Scholz, J. B., Calbert, G. J. and Smith, G. A. (2011). Unravelling Bueno De
    Mesquita's group decision model. Journal of Theoretical Politics 23(4): 510-531.
    doi:10.1177/0951629811418142

    Examples
    --------
    >>> p = probability_of_success([0, 10], [1, 1], [1, 1])
    >>> p.tolist()
    [[0.0, 0.5], [0.5, 0.0]]

    In the EU emission-standards example (positions in years until the standards apply),
    the Netherlands (4 years) against Belgium (7 years):

    >>> from socius.bargaining import load_scenario
    >>> eu = load_scenario("eu-emissions").frame()
    >>> p = probability_of_success(*(eu[c].to_list() for c in ("position", "capability", "salience")))
    >>> round(float(p[0, 1]), 3), round(float(p[1, 0]), 3)
    (0.366, 0.634)
    """
    if method not in METHODS:
        raise ValidationError(
            f"method '{method}' is not known; choose one of: {', '.join(METHODS)}"
        )
    x, c, s = _vectors(positions, capabilities, saliences)
    normalise: Literal["dyadic", "global"] = "global" if method == "scholz2011" else "dyadic"
    return np.asarray(engine.win_probabilities(x, c * s, normalise)[0], dtype=np.float64)
