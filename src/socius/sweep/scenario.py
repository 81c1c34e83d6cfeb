"""Scenario sensitivity: run an extended-deterrence scenario over a grid of its inputs.

Each grid point fixes some inputs of the scenario (stakes, war costs, the status quo, or a
party's probability, cost or capability; see :func:`socius.deterrence.with_parameter`) and
runs :func:`socius.deterrence.simulate`. Every point uses the same seed (common random
numbers), so differences between points are the inputs' effect, not sampling noise.

The influence of an input on the verdict is read from the grid (a full factorial design):

* ``p_range``: the spread (max - min) of the mean probability of deterrence across the
  input's values, averaging over the other inputs;
* ``first_order``: the share of the grid's variance of the probability of deterrence
  explained by the input alone, ``Var(E[p | x_k]) / Var(p)`` (the first-order Sobol index of
  the grid design; 0 when ``p`` does not vary);
* ``holds_range``: the spread of the share of points at which deterrence holds with every
  input at its mean (the verdict of :meth:`~socius.deterrence.DeterrenceResult.verdict`).

References
----------
Saltelli, Andrea, et al. 2008. *Global Sensitivity Analysis: The Primer*. Chichester: Wiley.
doi:10.1002/9780470725184.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from socius.deterrence import DeterrenceGame, load_scenario, simulate, with_parameter
from socius.limits import check_count, check_seed
from socius.sweep.engine import Chunk, Progress, run_chunks
from socius.sweep.grid import Grid
from socius.sweep.result import SweepResult, data_versions, socius_version, write_result

__all__ = ["influence", "scenario_keys", "sweep_scenario"]

_GAME_KEYS = ("stakes", "war_cost", "status_quo")
_PARTY_FIELDS = ("probability", "cost", "capability")


def scenario_keys(game: DeterrenceGame) -> list[str]:
    """The inputs of *game* a grid may set."""
    return [*_GAME_KEYS, *(f"{p.name.lower()}.{f}" for p in game.parties for f in _PARTY_FIELDS)]


@dataclass(frozen=True)
class _Config:
    game: DeterrenceGame
    grid: Grid
    draws: int
    seed: int


def _scenario_task(chunk: Chunk, seq: np.random.SeedSequence) -> pl.DataFrame:
    cfg, (g0, g1) = chunk.payload
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


def influence(points: pl.DataFrame, keys: tuple[str, ...]) -> pl.DataFrame:
    """Influence of each grid input on the verdict (see the module docstring).

    Examples
    --------
    >>> pts = pl.DataFrame({"a": [0.0, 0.0, 1.0, 1.0], "b": [0.0, 1.0, 0.0, 1.0],
    ...                     "p_deterrence": [0.2, 0.2, 0.8, 0.8],
    ...                     "holds": [False, False, True, True]})
    >>> table = influence(pts, ("a", "b"))
    >>> table["input"].to_list(), table["p_range"].round(6).to_list(), table["first_order"].to_list()
    (['a', 'b'], [0.6, 0.0], [1.0, 0.0])
    """
    p = points["p_deterrence"].to_numpy()
    total = float(np.var(p))
    rows = []
    for key in keys:
        marg = (
            points.group_by(key)
            .agg(pl.col("p_deterrence").mean().alias("p"), pl.col("holds").mean().alias("h"))
            .sort(key)
        )
        means = marg["p"].to_numpy()
        weights = points.group_by(key).len().sort(key)["len"].to_numpy().astype(np.float64)
        between = float(np.average((means - p.mean()) ** 2, weights=weights))
        rows.append(
            {
                "input": key,
                "values": marg.height,
                "p_range": float(means.max() - means.min()),
                "first_order": between / total if total > 0 else 0.0,
                "holds_range": float(np.ptp(marg["h"].to_numpy())),
            }
        )
    return pl.DataFrame(rows).sort("first_order", "p_range", descending=True)


def sweep_scenario(
    scenario: str | Path | DeterrenceGame,
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
    """Run a deterrence scenario at every point of *grid*; rank the inputs by influence.

    Parameters
    ----------
    scenario
        A shipped scenario name, a scenario TOML file, or a resolved
        :class:`~socius.deterrence.DeterrenceGame`.
    grid
        Inputs to set (see :func:`scenario_keys`).
    out
        Folder for the sweep.
    year
        Year of the capability data (default: the scenario's).
    draws, seed
        Monte Carlo draws per point and their seed (the same at every point).
    points_per_chunk
        Grid points per task.
    scheduler, workers, processes, connect_timeout, fresh, progress
        See :func:`socius.sweep.engine.run_chunks`.

    Returns
    -------
    SweepResult
        ``table``: one row per grid point (``point``, the inputs, ``p_deterrence``,
        ``eu_at_means``, ``threshold_patron_probability``, ``holds``); ``extra``: the
        influence table of :func:`influence`.
    """
    check_count("draws", draws, option="--draws")
    check_seed(seed)
    check_count("grid", points_per_chunk, option="points per chunk")
    if isinstance(scenario, DeterrenceGame):
        game, label, data_year = scenario, "game", year
    else:
        resolved = load_scenario(scenario, year=year)
        game, label, data_year = resolved.game, str(scenario), resolved.year
    grid.check_keys(scenario_keys(game), what="inputs of the scenario")
    check_count("grid", grid.size, option="grid points")
    for key, values in zip(grid.keys, grid.values, strict=True):  # fail before any work
        for v in values:
            with_parameter(game, key, v)
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
        "scenario": label,
        "year": data_year,
        "game": repr(game),
        "grid": grid.to_dict(),
        "draws": draws,
        "seed": seed,
        "common_random_numbers": True,
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
    table = pl.concat([pl.read_parquet(p) for p in run.parts], how="vertical").sort("point")
    ranking = influence(table, grid.keys)
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
