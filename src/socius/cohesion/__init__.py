"""Alliance cohesion and what-if partner sets.

Cohesion of an alliance in a year (:func:`cohesion`), as a time series
(:func:`cohesion_series`) and for several blocs side by side (:func:`compare`): the
members' pairwise similarity of UN votes and alliance portfolios, the dispersion of
their UN ideal points and democracy scores and the concentration of their
capabilities. :func:`whatif` answers "what happens to our cohesion if we add these
partners?", with a Trojan-horse risk score per candidate. :func:`member_vote_similarity`
and :func:`vote_divergence` feed the affiliation policy's alignment criterion.
See docs/cohesion.md.

Examples
--------
>>> from socius.cohesion import group_similarity
>>> round(group_similarity([[3, 3, 1], [3, 3, 3]], d_max=2)["s_mean"], 4)
0.3333
"""

from __future__ import annotations

from socius.cohesion._data import MIN_ROLLCALLS, SOURCES, CohesionData, load_data
from socius.cohesion.alignment import member_vote_similarity, vote_alignment, vote_divergence
from socius.cohesion.groups import concentration, dispersion, group_similarity
from socius.cohesion.measures import MEASURES, cohesion, cohesion_series, compare
from socius.cohesion.tiers import TieredWhatIf, tiered_whatif
from socius.cohesion.whatif import CANDIDATE_COLUMNS, WhatIf, whatif

__all__ = [
    "CANDIDATE_COLUMNS",
    "MEASURES",
    "MIN_ROLLCALLS",
    "SOURCES",
    "CohesionData",
    "TieredWhatIf",
    "WhatIf",
    "cohesion",
    "cohesion_series",
    "compare",
    "concentration",
    "dispersion",
    "group_similarity",
    "load_data",
    "member_vote_similarity",
    "tiered_whatif",
    "vote_alignment",
    "vote_divergence",
    "whatif",
]
