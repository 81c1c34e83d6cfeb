"""Monte Carlo uncertainty for bargaining forecasts.

Each draw perturbs every actor's position, salience and capability within the
ranges the scenario states and runs the model; all draws run together, vectorised
over a leading draws axis and split into chunks that run on parallel threads.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray
from scipy.stats import rankdata

from socius.bargaining import engine
from socius.bargaining.engine import Method
from socius.bargaining.model import BargainingResult, check_options, run
from socius.bargaining.scenario import Outcome, Scenario
from socius.errors import ValidationError
from socius.limits import check_count

__all__ = ["MonteCarloResult", "draw_inputs", "simulate"]

Float = NDArray[np.float64]
Progress = Callable[[Iterator[Any], int], Iterable[Any]]
_INPUTS = ("position", "salience", "capability")


@dataclass(frozen=True, eq=False)
class MonteCarloResult:
    """Distribution of the forecast over perturbed inputs.

    Attributes
    ----------
    baseline
        The run with the scenario's own inputs.
    forecasts
        One row per draw: ``draw``, ``forecast`` (median position at the final round, or
        its mean over the last full cycle when the draw cycles), ``mean`` (weighted mean,
        likewise), ``status`` (converged, cycle or neither) and ``period``.
    summary
        For ``forecast`` and ``mean``: mean, standard deviation and the 5, 25, 50, 75
        and 95 % quantiles over draws.
    histogram
        Counts of the forecast in equal-width bins: ``bin_low``, ``bin_high``,
        ``count``, ``share``.
    drivers
        One row per perturbed input: ``actor``, ``input`` (position, salience or
        capability), the ``low``/``high`` of its draws, and Spearman's rank correlation
        of the input with the forecast (``rho_forecast``) and with the final mean
        (``rho_mean``); sorted by the absolute ``rho_forecast``.
    inputs
        The drawn inputs: ``draw`` and one column per actor and input,
        e.g. ``position:China``.
    status
        Share of draws by how they ended: ``status`` (converged, cycle, neither),
        ``draws`` and ``share``.
    outcomes
        One row per outcome band of the scenario (``[[outcomes]]`` in the file):
        ``outcome``, ``low``, ``high`` and ``probability``, the share of draws whose
        forecast lies in the band.
    """

    scenario: Scenario
    method: str
    draws: int
    rounds: int
    seed: int | None
    baseline: BargainingResult
    forecasts: pl.DataFrame
    summary: pl.DataFrame
    histogram: pl.DataFrame
    drivers: pl.DataFrame
    inputs: pl.DataFrame
    status: pl.DataFrame | None = None
    outcomes: pl.DataFrame | None = None

    @property
    def converged_share(self) -> float:
        """Share of draws that converged to a fixed point."""
        return self._share("converged")

    @property
    def cycle_share(self) -> float:
        """Share of draws whose positions cycle."""
        return self._share("cycle")

    def _share(self, status: str) -> float:
        col = self.forecasts["status"]
        return float((col == status).sum()) / max(self.forecasts.height, 1)

    def probability(self, low: float | None = None, high: float | None = None) -> float:
        """Share of draws with ``low <= forecast <= high`` (either end open).

        Examples
        --------
        >>> from socius.bargaining import load_scenario, simulate
        >>> mc = simulate(load_scenario("six-party"), draws=20, seed=1)
        >>> 0.0 <= mc.probability(low=95) <= 1.0
        True
        """
        values = self.forecasts["forecast"].to_numpy()
        return float(Outcome("band", low, high).contains(values).mean())

    @property
    def summary_sentence(self) -> str:
        """One sentence: median forecast, 90 % range, convergence shares and bands."""
        row = self.summary.filter(pl.col("measure") == "forecast").row(0, named=True)
        text = (
            f"Over {self.draws:,} draws the forecast has median {row['p50']:.1f} (90% of draws "
            f"between {row['p05']:.1f} and {row['p95']:.1f}); {self.converged_share:.0%} of "
            f"draws converged, {self.cycle_share:.0%} cycled and "
            f"{1 - self.converged_share - self.cycle_share:.0%} did neither within "
            f"{self.rounds} rounds."
        )
        if self.outcomes is not None and self.outcomes.height:
            bands = "; ".join(
                f"P({name}) = {p:.0%}"
                for name, p in self.outcomes.select("outcome", "probability").iter_rows()
            )
            text += f" {bands}."
        return text


def draw_inputs(
    scenario: Scenario, draws: int, rng: np.random.Generator
) -> tuple[Float, Float, Float]:
    """Perturbed positions, saliences and capabilities, each ``(draws, N)``.

    Positions and saliences are uniform on the actor's range (fixed without one).
    Capabilities are uniform on ``capability_range`` when given, otherwise
    ``c exp(σ Z - σ²/2)`` with ``Z`` standard normal and ``σ = capability_sd`` (a
    log-normal error with mean ``c``; ``σ = 0`` keeps ``c``).
    """
    actors = scenario.actors
    n = len(actors)

    def bounds(attr: str, value: str) -> tuple[Float, Float]:
        lo = np.array(
            [getattr(a, attr)[0] if getattr(a, attr) else getattr(a, value) for a in actors],
            dtype=float,
        )
        hi = np.array(
            [getattr(a, attr)[1] if getattr(a, attr) else getattr(a, value) for a in actors],
            dtype=float,
        )
        return lo, hi

    plo, phi = bounds("position_range", "position")
    slo, shi = bounds("salience_range", "salience")
    x = rng.uniform(plo, phi, size=(draws, n))
    s = rng.uniform(slo, shi, size=(draws, n))
    base = np.array([a.capability for a in actors], dtype=float)
    sd = np.array([0.0 if a.capability_range else a.capability_sd for a in actors], dtype=float)
    z = rng.standard_normal((draws, n))
    c = base * np.exp(sd * z - 0.5 * sd**2)
    clo, chi = bounds("capability_range", "capability")
    ranged = np.array([a.capability_range is not None for a in actors])
    if ranged.any():
        u = rng.uniform(clo, chi, size=(draws, n))
        c = np.where(ranged, u, c)
    return x, s, c


def _chunks(draws: int, size: int) -> list[slice]:
    return [slice(i, min(i + size, draws)) for i in range(0, draws, size)]


def simulate(
    scenario: Scenario,
    *,
    draws: int = 1000,
    rounds: int = 10,
    seed: int | None = None,
    method: Method = "scholz2011",
    q: float = 1.0,
    t: float = 1.0,
    tol: float = 1e-9,
    chunk_size: int = 128,
    workers: int | None = None,
    progress: Progress | None = None,
) -> MonteCarloResult:
    """Distribution of the forecast when the inputs vary within the stated ranges.

    Parameters
    ----------
    scenario
        Scenario with uncertainty ranges (per actor, or the file's ``[uncertainty]``
        defaults). Inputs without a range stay fixed.
    draws
        Number of perturbed runs [>= 1].
    rounds, method, q, t, tol
        As for :func:`socius.bargaining.run`.
    seed
        Seed of the random generator (``numpy.random.default_rng``); the same seed
        gives the same draws whatever ``chunk_size`` and ``workers`` are.
    chunk_size
        Draws per vectorised batch (memory grows with ``chunk_size * N**3``).
    workers
        Threads (default: the number of CPUs, at most 8).
    progress
        Optional wrapper ``progress(iterator, total)`` around the batches, e.g.
        ``rich.progress.track``.

    Returns
    -------
    MonteCarloResult

    Notes
    -----
    Drivers are Spearman rank correlations between each perturbed input and the
    forecast across draws: the sign says in which direction the input pushes the
    settlement, the size how much of the forecast's ranking it explains when the
    other inputs vary at the same time.

    Examples
    --------
    >>> from socius.bargaining import load_scenario, simulate
    >>> mc = simulate(load_scenario("six-party"), draws=50, seed=1)
    >>> mc.forecasts.height
    50
    """
    check_options(rounds=rounds, method=method, q=q, t=t, tol=tol)
    check_count("draws", int(draws) if isinstance(draws, np.integer) else draws)
    if chunk_size < 1:
        raise ValidationError(f"chunk_size {chunk_size} is not positive; give for example 500")
    rng = np.random.default_rng(seed)
    x, s, c = draw_inputs(scenario, int(draws), rng)
    spans = x.max(axis=1) - x.min(axis=1)
    if (spans <= 0).any():
        raise ValidationError(
            f"{scenario.name}: some draws put every actor at one position; widen or remove the position ranges"
        )
    medians = np.empty(draws)
    means = np.empty(draws)
    status = np.empty(draws, dtype=np.int8)
    period = np.empty(draws, dtype=np.int64)
    parts = _chunks(int(draws), int(chunk_size))

    def work(part: slice) -> slice:
        core = engine.run_core(
            x[part],
            c[part],
            s[part],
            rounds=int(rounds),
            method=method,
            q=q,
            t=t,
            tol=tol,
            record=False,
        )
        cyc = core.status == engine.CYCLE
        medians[part] = np.where(cyc, core.cycle_median, core.medians[-1])
        means[part] = np.where(cyc, core.cycle_mean, core.means[-1])
        status[part] = core.status
        period[part] = core.period
        return part

    n_workers = workers or min(os.cpu_count() or 1, 8)
    with ThreadPoolExecutor(max_workers=max(1, n_workers)) as pool:
        results: Iterator[slice] = pool.map(work, parts)
        for _ in progress(results, len(parts)) if progress else results:
            pass
    baseline = run(scenario, rounds=rounds, method=method, q=q, t=t, tol=tol)
    names = list(scenario.names)
    names_of = np.array([engine.STATUS_NAMES[k] for k in sorted(engine.STATUS_NAMES)])
    forecasts = pl.DataFrame(
        {
            "draw": np.arange(draws, dtype=np.int64),
            "forecast": medians,
            "mean": means,
            "status": names_of[status],
            "period": period,
        }
    )
    return MonteCarloResult(
        scenario=scenario,
        method=method,
        draws=int(draws),
        rounds=int(rounds),
        seed=seed,
        baseline=baseline,
        forecasts=forecasts,
        summary=_summary(medians, means),
        histogram=_histogram(medians, scenario),
        drivers=_drivers(names, {"position": x, "salience": s, "capability": c}, medians, means),
        inputs=_inputs_frame(names, {"position": x, "salience": s, "capability": c}),
        status=_status_frame(status),
        outcomes=_outcomes_frame(scenario.outcomes, medians),
    )


def _status_frame(status: NDArray[np.int8]) -> pl.DataFrame:
    keys = sorted(engine.STATUS_NAMES, key=lambda k: (k == engine.NEITHER, k))
    counts = [int((status == k).sum()) for k in keys]
    return pl.DataFrame(
        {
            "status": [engine.STATUS_NAMES[k] for k in keys],
            "draws": pl.Series(counts, dtype=pl.Int64),
            "share": [n / max(status.size, 1) for n in counts],
        }
    )


def _outcomes_frame(outcomes: tuple[Outcome, ...], forecasts: Float) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "outcome": [o.name for o in outcomes],
            "low": [o.low for o in outcomes],
            "high": [o.high for o in outcomes],
            "probability": [float(o.contains(forecasts).mean()) for o in outcomes],
        },
        schema={
            "outcome": pl.String,
            "low": pl.Float64,
            "high": pl.Float64,
            "probability": pl.Float64,
        },
    )


def _summary(medians: Float, means: Float) -> pl.DataFrame:
    probs = [0.05, 0.25, 0.5, 0.75, 0.95]
    rows = []
    for label, values in (("forecast", medians), ("mean", means)):
        qs = np.quantile(values, probs)
        rows.append(
            {
                "measure": label,
                "mean": float(values.mean()),
                "sd": float(values.std(ddof=1)) if values.size > 1 else 0.0,
                "p05": float(qs[0]),
                "p25": float(qs[1]),
                "p50": float(qs[2]),
                "p75": float(qs[3]),
                "p95": float(qs[4]),
            }
        )
    return pl.DataFrame(rows)


def _histogram(values: Float, scenario: Scenario, bins: int = 20) -> pl.DataFrame:
    lo, hi = float(values.min()), float(values.max())
    if scenario.scale_low is not None and scenario.scale_high is not None:
        lo, hi = min(lo, scenario.scale_low), max(hi, scenario.scale_high)
    if hi <= lo:
        lo, hi = lo - 0.5, hi + 0.5
    counts, edges = np.histogram(values, bins=bins, range=(lo, hi))
    return pl.DataFrame(
        {
            "bin_low": edges[:-1],
            "bin_high": edges[1:],
            "count": counts.astype(np.int64),
            "share": counts / values.size,
        }
    )


def _spearman(a: Float, b: Float) -> float | None:
    if np.ptp(a) == 0 or np.ptp(b) == 0:
        return None
    ra = rankdata(a)
    rb = rankdata(b)
    return float(np.corrcoef(ra, rb)[0, 1])


def _drivers(
    names: list[str], inputs: dict[str, Float], medians: Float, means: Float
) -> pl.DataFrame:
    rows = []
    for kind in _INPUTS:
        values = inputs[kind]
        for i, name in enumerate(names):
            col = values[:, i]
            if np.ptp(col) == 0:
                continue
            rows.append(
                {
                    "actor": name,
                    "input": kind,
                    "low": float(col.min()),
                    "high": float(col.max()),
                    "rho_forecast": _spearman(col, medians),
                    "rho_mean": _spearman(col, means),
                }
            )
    schema = {
        "actor": pl.String,
        "input": pl.String,
        "low": pl.Float64,
        "high": pl.Float64,
        "rho_forecast": pl.Float64,
        "rho_mean": pl.Float64,
    }
    frame = pl.DataFrame(rows, schema=schema)
    return frame.sort(
        pl.col("rho_forecast").abs(), pl.col("rho_mean").abs(), descending=True, nulls_last=True
    )


def _inputs_frame(names: list[str], inputs: dict[str, Float]) -> pl.DataFrame:
    draws = next(iter(inputs.values())).shape[0]
    data: dict[str, Any] = {"draw": np.arange(draws, dtype=np.int64)}
    for kind in _INPUTS:
        for i, name in enumerate(names):
            data[f"{kind}:{name}"] = inputs[kind][:, i]
    return pl.DataFrame(data)
