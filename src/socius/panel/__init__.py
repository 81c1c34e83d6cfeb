"""Panels in the units IR researchers use: state-years and dyad-years, with merges.

Every ``add_*`` function works on a state-year panel (``ccode``/``gwcode``, ``year``)
or a dyad-year panel (``ccode1``, ``ccode2``, ``year``), never changes the number of
rows (the one exception: ``add_gml_mids(rule="all")``), leaves values outside a
source's coverage missing (never 0), and records the datasets and versions it used in
the frame's provenance.

No module of this package imports an analysis package: the merges computed by an
analysis (similarity, War Trap expected utility) are registered by that analysis and
found by name (:mod:`socius.panel.registry`).
"""

from __future__ import annotations

from socius.panel.conflict import (
    add_cow_mids,
    add_cow_wars,
    add_gdp_population,
    add_gml_mids,
    add_strategic_rivalries,
    add_ucdp_acd,
    add_ucdp_onsets,
    whittle,
)
from socius.panel.derived import add_expected_utility, add_similarity, add_sipri_milex
from socius.panel.leaders import add_lead, leader_years
from socius.panel.merge import (
    CONVENTIONS,
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
from socius.panel.registry import get_merge, register_merge
from socius.panel.spells import add_peace_years, filter_prd
from socius.panel.units import dyad_years, last_full_year, state_years, system_coverage

__all__ = [
    "CONVENTIONS",
    "MERGES",
    "add_alliances",
    "add_capabilities",
    "add_capital_distance",
    "add_contiguity",
    "add_cow_mids",
    "add_cow_wars",
    "add_democracy",
    "add_expected_utility",
    "add_gdp_population",
    "add_gml_mids",
    "add_ideal_points",
    "add_igos",
    "add_lead",
    "add_major_powers",
    "add_merges",
    "add_minimum_distance",
    "add_nuclear",
    "add_peace_years",
    "add_similarity",
    "add_sipri_milex",
    "add_strategic_rivalries",
    "add_ucdp_acd",
    "add_ucdp_onsets",
    "dyad_years",
    "filter_prd",
    "get_merge",
    "last_full_year",
    "leader_years",
    "register_merge",
    "state_years",
    "system_coverage",
    "whittle",
]
