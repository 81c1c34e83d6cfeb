"""Panels in the units IR researchers use: state-years and dyad-years, with merges.

Every ``add_*`` function works on a state-year panel (``ccode``/``gwcode``, ``year``)
or a dyad-year panel (``ccode1``, ``ccode2``, ``year``), never changes the number of
rows, leaves values outside a source's coverage missing (never 0), and records the
datasets and versions it used in the frame's provenance.
"""

from __future__ import annotations

from socius.panel.derived import add_expected_utility, add_similarity, add_sipri_milex
from socius.panel.merge import (
    MERGES,
    add_alliances,
    add_capabilities,
    add_capital_distance,
    add_contiguity,
    add_democracy,
    add_ideal_points,
    add_igos,
    add_major_powers,
    add_merges,
    add_minimum_distance,
    add_nuclear,
)
from socius.panel.units import dyad_years, state_years, system_coverage

__all__ = [
    "MERGES",
    "add_alliances",
    "add_capabilities",
    "add_capital_distance",
    "add_contiguity",
    "add_democracy",
    "add_expected_utility",
    "add_ideal_points",
    "add_igos",
    "add_major_powers",
    "add_merges",
    "add_minimum_distance",
    "add_nuclear",
    "add_similarity",
    "add_sipri_milex",
    "dyad_years",
    "state_years",
    "system_coverage",
]
