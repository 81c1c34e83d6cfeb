"""Panels in the units IR researchers use: state-years and dyad-years, with merges.

Every ``add_*`` function works on a state-year panel (``ccode``/``gwcode``, ``year``)
or a dyad-year panel (``ccode1``, ``ccode2``, ``year``), never changes the number of
rows, leaves values outside a source's coverage missing (never 0), and records the
datasets and versions it used in the frame's provenance.
"""

from __future__ import annotations

from socius.panel.units import dyad_years, state_years, system_coverage

__all__ = ["dyad_years", "state_years", "system_coverage"]
