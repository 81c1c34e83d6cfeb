"""Uncertainty at scale: policy-space and Monte Carlo sweeps over every state-year and dyad-year.

A sweep splits its work into chunks (years, grid points), runs them on Dask (a
``LocalCluster`` on this machine by default, or an existing cluster), and streams each
chunk's draws into mergeable reductions (counts, means and variances, fixed-bin
histograms), so the draws are never held at once. Each chunk draws from its own
``SeedSequence`` child, fixed by the chunk's index, so results do not depend on the number
of workers; finished chunks are written to the sweep's folder and skipped when an
interrupted sweep is run again.

* :func:`sweep_policy`: the robustness map of an affiliation policy, per state-year the
  share of a grid of thresholds that gives each tier (:func:`robustness_map`);
* :func:`sweep_eu`: the War Trap expected utility of every directed dyad-year under
  capability measurement error, mean and interval;
* :func:`sweep_scenario`: an extended-deterrence scenario over a grid of its inputs, with
  each input's influence on the verdict.

See ``docs/sweep.md`` and ``docs/decisions/0018-sweeps-on-dask.md``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from socius.sweep.engine import Chunk, Progress, SchedulerError, chunk_seed, run_chunks
from socius.sweep.grid import Grid, example_grid_path, example_grid_text, parse_grid, read_grid
from socius.sweep.policy import TIERS, robustness_map, sweep_policy
from socius.sweep.reduce import Histogram, Moments
from socius.sweep.result import SweepResult, read_sweep

if TYPE_CHECKING:
    from socius.sweep.eu import sweep_eu
    from socius.sweep.scenario import influence, scenario_keys, sweep_scenario

# The EU and scenario sweeps pull in the deterrence and bargaining models (scipy.stats, about
# a second): they are imported on first use, so a policy sweep (the report's robustness
# section) does not pay for them.
_LAZY = {
    "sweep_eu": "socius.sweep.eu",
    "influence": "socius.sweep.scenario",
    "scenario_keys": "socius.sweep.scenario",
    "sweep_scenario": "socius.sweep.scenario",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'socius.sweep' has no attribute '{name}'")


__all__ = [
    "TIERS",
    "Chunk",
    "Grid",
    "Histogram",
    "Moments",
    "Progress",
    "SchedulerError",
    "SweepResult",
    "chunk_seed",
    "example_grid_path",
    "example_grid_text",
    "influence",
    "parse_grid",
    "read_grid",
    "read_sweep",
    "robustness_map",
    "run_chunks",
    "scenario_keys",
    "sweep_eu",
    "sweep_policy",
    "sweep_scenario",
]
