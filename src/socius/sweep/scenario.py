"""Scenario sensitivity: run a deterrence or bargaining scenario over a grid of its inputs.

* **Extended deterrence**: each grid point fixes some inputs of the scenario (stakes, war
  costs, the status quo, or a party's probability, cost or capability; see
  :func:`socius.deterrence.with_parameter`) and runs :func:`socius.deterrence.simulate`.
  Every point uses the same seed (common random numbers), so differences between points are
  the inputs' effect, not sampling noise. The verdict is whether deterrence holds.
* **Stakeholder bargaining**: each grid point sets actors' ``position``, ``salience`` or
  ``capability`` (keys ``<actor>.<field>``, the actor by its code or name in lower case) and
  runs :func:`socius.bargaining.run` (deterministic); the verdict is the forecast settlement.

The influence of an input on the outcome (``p_deterrence`` or ``forecast``) is read from the
grid (a full factorial design):

* ``range``: the spread (max - min) of the outcome's mean across the input's values,
  averaging over the other inputs;
* ``first_order``: the share of the grid's variance of the outcome explained by the input
  alone, ``Var(E[y | x_k]) / Var(y)`` (the first-order Sobol index of the grid design; 0 when
  ``y`` does not vary);
* ``holds_range`` (deterrence only): the spread of the share of points at which deterrence
  holds with every input at its mean (the verdict of
  :meth:`~socius.deterrence.DeterrenceResult.verdict`).

References
----------
Saltelli, Andrea, et al. 2008. *Global Sensitivity Analysis: The Primer*. Chichester: Wiley.
doi:10.1002/9780470725184.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from socius.bargaining import Scenario
from socius.bargaining import load_scenario as load_bargaining
from socius.bargaining import run as run_bargaining
from socius.deterrence import DeterrenceGame, load_scenario, simulate, with_parameter
from socius.deterrence.scenario import shipped_scenarios
from socius.errors import UnknownNameError, ValidationError
from socius.limits import check_count, check_seed
from socius.sweep.engine import Chunk, Progress, read_parts, run_chunks
from socius.sweep.grid import Grid
from socius.sweep.result import SweepResult, data_versions, socius_version, write_result

__all__ = ["influence", "scenario_keys", "sweep_scenario"]

_GAME_KEYS = ("stakes", "war_cost", "status_quo")
_PARTY_FIELDS = ("probability", "cost", "capability")


_ACTOR_FIELDS = ("position", "salience", "capability")


def scenario_keys(game: DeterrenceGame | Scenario) -> list[str]:
    """The inputs of a deterrence game or a bargaining scenario that a grid may set.

    Parameters
    ----------
    game
        A resolved :class:`~socius.deterrence.DeterrenceGame` (e.g.
        ``socius.deterrence.load_scenario("taiwan-strait").game``) or a bargaining
        :class:`~socius.bargaining.Scenario`.

    Returns
    -------
    list of str
        For a deterrence game: ``stakes``, ``war_cost``, ``status_quo``, then
        ``<party>.probability``, ``<party>.cost`` and ``<party>.capability`` for each
        patron (names in lower case). For a bargaining scenario:
        ``<actor>.position``, ``<actor>.salience`` and ``<actor>.capability`` for each
        actor, by its code (or its name when it has none) in lower case.

    Examples
    --------
    >>> from socius.bargaining import load_scenario
    >>> scenario_keys(load_scenario("six-party"))[:3]
    ['usa.position', 'usa.salience', 'usa.capability']
    >>> from socius.deterrence import load_scenario as load_game
    >>> scenario_keys(load_game("taiwan-strait").game)[:5]
    ['stakes', 'war_cost', 'status_quo', 'usa.probability', 'usa.cost']
    """
    if isinstance(game, Scenario):
        return [f"{a.lower()}.{f}" for a in _actor_names(game) for f in _ACTOR_FIELDS]
    return [*_GAME_KEYS, *(f"{p.name.lower()}.{f}" for p in game.parties for f in _PARTY_FIELDS)]


def _actor_names(scenario: Scenario) -> list[str]:
    return [a.code or a.name for a in scenario.actors]


def _with_actor_input(scenario: Scenario, key: str, value: float) -> Scenario:
    """Copy of a bargaining *scenario* with ``<actor>.<field>`` set to *value*."""
    name, fld = key.rsplit(".", 1)
    names = [n.lower() for n in _actor_names(scenario)]
    if name not in names or fld not in _ACTOR_FIELDS:
        raise UnknownNameError(
            f"unknown input '{key}'; choose one of: {', '.join(scenario_keys(scenario))}"
        )
    if fld == "salience" and not 0.0 <= value <= 1.0:
        raise ValidationError(f"grid value {value} for '{key}' must lie in [0, 1]")
    if fld == "capability" and not value > 0:
        raise ValidationError(f"grid value {value} for '{key}' must be > 0")
    actors = list(scenario.actors)
    k = names.index(name)
    if fld == "position":
        actors[k] = replace(actors[k], position=float(value))
    elif fld == "salience":
        actors[k] = replace(actors[k], salience=float(value))
    else:
        actors[k] = replace(actors[k], capability=float(value))
    return replace(scenario, actors=tuple(actors))


def _is_bargaining(scenario: str | Path) -> bool:
    text = str(scenario)
    if text in shipped_scenarios():
        return False
    from socius.bargaining.files import _shipped

    if text in _shipped():
        return True
    path = Path(text)
    if path.suffix.lower() == ".csv":
        return True
    if path.is_file() and path.suffix.lower() == ".toml":
        import tomllib

        try:
            return "actors" in tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError:
            return False
    return False


@dataclass(frozen=True)
class _Config:
    game: DeterrenceGame | Scenario
    grid: Grid
    draws: int
    seed: int


def _bargaining_rows(cfg: _Config, g0: int, g1: int) -> list[dict[str, Any]]:
    assert isinstance(cfg.game, Scenario)
    rows = []
    for offset, values in enumerate(cfg.grid.points(g0, g1)):
        scenario = cfg.game
        for key, value in zip(cfg.grid.keys, values, strict=True):
            scenario = _with_actor_input(scenario, key, float(value))
        res = run_bargaining(scenario)
        row: dict[str, Any] = {"point": g0 + offset}
        row.update({k: float(v) for k, v in zip(cfg.grid.keys, values, strict=True)})
        row.update(
            {
                "forecast": float(res.forecast),
                "forecast_mean": float(res.forecast_mean),
                "rounds_run": int(res.rounds_run),
            }
        )
        rows.append(row)
    return rows


def _scenario_task(chunk: Chunk, seq: np.random.SeedSequence) -> pl.DataFrame:
    cfg, (g0, g1) = chunk.payload
    if isinstance(cfg.game, Scenario):
        return pl.DataFrame(_bargaining_rows(cfg, g0, g1))
    rows = []
    for offset, values in enumerate(cfg.grid.points(g0, g1)):
        game = cfg.game
        for key, value in zip(cfg.grid.keys, values, strict=True):
            game = with_parameter(game, key, float(value))
        res = simulate(game, draws=cfg.draws, seed=cfg.seed)
        row: dict[str, Any] = {"point": g0 + offset}
        row.update({k: float(v) for k, v in zip(cfg.grid.keys, values, strict=True)})
        row.update(
            {
                "p_deterrence": res.p_deterrence,
                "eu_at_means": res.eu_at_means,
                "threshold_patron_probability": res.threshold,
                "holds": bool(res.eu_at_means <= 0),
            }
        )
        rows.append(row)
    return pl.DataFrame(rows)


def influence(
    points: pl.DataFrame, keys: tuple[str, ...], *, outcome: str = "p_deterrence"
) -> pl.DataFrame:
    """Influence of each grid input on *outcome* (see the module docstring).

    Parameters
    ----------
    points
        One row per grid point, with a column per input and the *outcome* column, as in the
        table of :func:`sweep_scenario`; a boolean ``holds`` column, when present, adds
        ``holds_range``. The measures assume a full factorial grid.
    keys
        The input columns to rank.
    outcome
        The outcome column: ``"p_deterrence"`` (default) for a deterrence sweep,
        ``"forecast"`` for a bargaining sweep.

    Returns
    -------
    polars.DataFrame
        One row per input, most influential first (by ``first_order``, then ``range``):
        ``input``, ``outcome``, ``values`` (distinct values of the input), ``range`` (max -
        min of the outcome's mean over those values, in the outcome's unit),
        ``first_order`` [0-1, ``Var(E[y | x_k]) / Var(y)``; 0 when the outcome does not
        vary] and, with a ``holds`` column, ``holds_range`` [0-1, spread of the share of
        points where deterrence holds].

    Examples
    --------
    >>> import polars as pl
    >>> pts = pl.DataFrame({"a": [0.0, 0.0, 1.0, 1.0], "b": [0.0, 1.0, 0.0, 1.0],
    ...                     "p_deterrence": [0.2, 0.2, 0.8, 0.8],
    ...                     "holds": [False, False, True, True]})
    >>> table = influence(pts, ("a", "b"))
    >>> table["input"].to_list(), table["range"].round(6).to_list(), table["first_order"].to_list()
    (['a', 'b'], [0.6, 0.0], [1.0, 0.0])
    """
    y = points[outcome].to_numpy().astype(np.float64)
    total = float(np.var(y))
    has_verdict = "holds" in points.columns
    rows = []
    for key in keys:
        aggs = [pl.col(outcome).mean().alias("y"), pl.len().alias("n")]
        if has_verdict:
            aggs.append(pl.col("holds").mean().alias("h"))
        marg = points.group_by(key).agg(aggs).sort(key)
        means = marg["y"].to_numpy()
        weights = marg["n"].to_numpy().astype(np.float64)
        between = float(np.average((means - y.mean()) ** 2, weights=weights))
        row: dict[str, Any] = {
            "input": key,
            "outcome": outcome,
            "values": marg.height,
            "range": float(np.ptp(means)),
            "first_order": min(between / total, 1.0) if total > 0 else 0.0,
        }
        if has_verdict:
            row["holds_range"] = float(np.ptp(marg["h"].to_numpy()))
        rows.append(row)
    return pl.DataFrame(rows).sort("first_order", "range", descending=True)


def sweep_scenario(
    scenario: str | Path | DeterrenceGame | Scenario,
    grid: Grid,
    *,
    out: str | os.PathLike[str],
    year: int | None = None,
    draws: int = 10_000,
    seed: int = 0,
    points_per_chunk: int = 20,
    scheduler: Any = None,
    workers: int | None = None,
    processes: bool = True,
    connect_timeout: float = 10.0,
    fresh: bool = False,
    progress: Callable[[Progress], None] | None = None,
) -> SweepResult:
    """Run a scenario at every point of *grid*; rank the inputs by influence.

    Parameters
    ----------
    scenario
        A shipped deterrence or bargaining scenario name, a scenario file, a resolved
        :class:`~socius.deterrence.DeterrenceGame` or a :class:`~socius.bargaining.Scenario`.
    grid
        Inputs to set (see :func:`scenario_keys`).
    out
        Folder for the sweep.
    year
        Year of the capability data (default: the scenario's).
    draws, seed
        Monte Carlo draws per point and their seed (the same at every point); a bargaining
        run is deterministic and ignores them.
    points_per_chunk
        Grid points per task.
    scheduler, workers, processes, connect_timeout, fresh, progress
        See :func:`socius.sweep.engine.run_chunks`.

    Returns
    -------
    SweepResult
        ``table``: one row per grid point (``point``, the inputs, then for deterrence
        ``p_deterrence, eu_at_means, threshold_patron_probability, holds``, for bargaining
        ``forecast, forecast_mean, rounds_run``); ``extra``: the influence table of
        :func:`influence`.
    """
    check_count("draws", draws, option="--draws")
    check_seed(seed)
    check_count("grid", points_per_chunk, option="points per chunk")
    game: DeterrenceGame | Scenario
    if isinstance(scenario, DeterrenceGame | Scenario):
        game, label, data_year = scenario, "object", year
    elif _is_bargaining(scenario):
        game = load_bargaining(scenario)
        label, data_year = str(scenario), game.year
    else:
        resolved = load_scenario(scenario, year=year)
        game, label, data_year = resolved.game, str(scenario), resolved.year
    grid.check_keys(scenario_keys(game), what="inputs of the scenario")
    check_count("grid", grid.size, option="grid points")
    for key, values in zip(grid.keys, grid.values, strict=True):  # fail before any work
        for v in values:
            if isinstance(game, Scenario):
                _with_actor_input(game, key, v)
            else:
                with_parameter(game, key, v)
    model = "bargaining" if isinstance(game, Scenario) else "deterrence"
    outcome = "forecast" if model == "bargaining" else "p_deterrence"
    cfg = _Config(game, grid, draws, seed)
    chunks = [
        Chunk(
            index=i,
            label=f"grid points {g0}-{min(g0 + points_per_chunk, grid.size) - 1}",
            payload=(cfg, (g0, min(g0 + points_per_chunk, grid.size))),
            units=(min(g0 + points_per_chunk, grid.size) - g0) * draws,
        )
        for i, g0 in enumerate(range(0, grid.size, points_per_chunk))
    ]
    spec = {
        "kind": "scenario",
        "model": model,
        "scenario": label,
        "year": data_year,
        "game": repr(game),
        "grid": grid.to_dict(),
        "draws": draws,
        "seed": seed,
        "common_random_numbers": model == "deterrence",
        "chunking": {"points_per_chunk": points_per_chunk},
        "units": "draw-points",
        "data": data_versions(("nmc", "capitals")),
        "socius": socius_version(),
    }
    run = run_chunks(
        _scenario_task,
        chunks,
        folder=out,
        spec=spec,
        seed=seed,
        scheduler=scheduler,
        workers=workers,
        processes=processes,
        connect_timeout=connect_timeout,
        fresh=fresh,
        progress=progress,
    )
    table = read_parts(run).sort("point")
    ranking = influence(table, grid.keys, outcome=outcome)
    write_result(table, run.folder, spec)
    write_result(ranking, run.folder, spec, name="influence.parquet")
    return SweepResult(
        table=table,
        folder=run.folder,
        spec=spec,
        computed=run.computed,
        skipped=run.skipped,
        seconds=run.seconds,
        workers=run.workers,
        extra=ranking,
    )
