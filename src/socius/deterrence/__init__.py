"""Deterrence: the War Trap expected utility of war and extended deterrence with third parties.

Two models:

* :func:`add_expected_utility` adds Bueno de Mesquita's (1981) expected utility of war,
  as EUGene computes it, to a COW directed dyad-year panel (:mod:`.wartrap` holds the
  arithmetic, :mod:`.dyadic` the data).
* :func:`load_scenario` and :func:`simulate` ask whether a challenger is deterred from
  attacking a protégé when a patron and further third parties (states or blocs such as
  NATO) may intervene (:mod:`.extended`, :mod:`.scenario`); :func:`assess` adds the
  verdict sentence and "what it would take" (:mod:`.verdict`). Shipped scenarios are
  dated by the year whose judgements they encode.

See ``docs/deterrence.md`` and ``docs/decisions/0008-deterrence-models.md``.

Examples
--------
>>> from socius.deterrence import assess, load_scenario
>>> s = load_scenario("taiwan-strait", year=2007)
>>> s.selection
'Judgements dated 2007 (taiwan-strait-2007.toml): the shipped file dated closest to, and not after, 2007.'
>>> a = assess(s.game, focus=s.spec.focus, draws=2000)
>>> 0.0 <= a.result.p_deterrence <= 1.0
True
"""

from __future__ import annotations

from socius.deterrence import _panel_merges as _panel_merges  # registers the panel merge
from socius.deterrence.dyadic import (
    EU_COLUMNS,
    add_expected_utility,
    relevant_third_parties,
    war_trap_expected_utility,
    year_arrays,
)
from socius.deterrence.extended import (
    Beta,
    DeterrenceGame,
    DeterrenceResult,
    Fixed,
    Party,
    Uniform,
    coalition_expected_utility,
    coalition_probabilities,
    coalitions,
    simulate,
    sweep,
    threshold_patron_probability,
    with_parameter,
)
from socius.deterrence.geography import great_circle_miles, home_region, miles_matrix
from socius.deterrence.plots import plot_parties, plot_sweep
from socius.deterrence.scenario import (
    ASSUMPTION_NOTE,
    ResolvedScenario,
    ScenarioSpec,
    load_scenario,
    parse_sweep,
    read_scenario,
    resolve,
    select_dated,
    shipped_scenarios,
)
from socius.deterrence.verdict import Assessment, WhatItTakes, assess
from socius.deterrence.wartrap import (
    adjusted_capability,
    bilateral_eu,
    expected_utility_from_cinc,
    expected_utility_matrix,
    miles_per_day,
    third_party_eu,
)

__all__ = [
    "ASSUMPTION_NOTE",
    "EU_COLUMNS",
    "Assessment",
    "Beta",
    "DeterrenceGame",
    "DeterrenceResult",
    "Fixed",
    "Party",
    "ResolvedScenario",
    "ScenarioSpec",
    "Uniform",
    "WhatItTakes",
    "add_expected_utility",
    "adjusted_capability",
    "assess",
    "bilateral_eu",
    "coalition_expected_utility",
    "coalition_probabilities",
    "coalitions",
    "expected_utility_from_cinc",
    "expected_utility_matrix",
    "great_circle_miles",
    "home_region",
    "load_scenario",
    "miles_matrix",
    "miles_per_day",
    "parse_sweep",
    "plot_parties",
    "plot_sweep",
    "read_scenario",
    "relevant_third_parties",
    "resolve",
    "select_dated",
    "shipped_scenarios",
    "simulate",
    "sweep",
    "third_party_eu",
    "threshold_patron_probability",
    "war_trap_expected_utility",
    "with_parameter",
    "year_arrays",
]
