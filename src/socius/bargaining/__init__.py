"""Stakeholder bargaining forecasts with Bueno de Mesquita's expected-utility model.

Actors with capability, position on one issue dimension and salience challenge and
make offers to one another round by round (Scholz, Calbert and Smith 2011); the
median position at the final round is the forecast. Scenarios are validated TOML
or CSV files; :func:`simulate` perturbs their inputs to give a distribution of
forecasts and the actors that drive it.

Examples
--------
>>> from socius.bargaining import load_scenario, run
>>> result = run(load_scenario("eu-emissions"))
>>> result.rounds_run
10
"""

from socius.bargaining.engine import METHODS, Method
from socius.bargaining.files import list_scenarios, load_scenario
from socius.bargaining.model import (
    BargainingResult,
    median_position,
    probability_of_success,
    run,
    weighted_mean,
)
from socius.bargaining.montecarlo import MonteCarloResult, simulate
from socius.bargaining.scenario import ActorSpec, Scenario, scenario_from_frame, validate_inputs

__all__ = [
    "METHODS",
    "ActorSpec",
    "BargainingResult",
    "Method",
    "MonteCarloResult",
    "Scenario",
    "list_scenarios",
    "load_scenario",
    "median_position",
    "probability_of_success",
    "run",
    "scenario_from_frame",
    "simulate",
    "validate_inputs",
    "weighted_mean",
]
