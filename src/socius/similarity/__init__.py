"""Foreign-policy similarity: Signorino and Ritter's S, Cohen's kappa and Scott's pi
in Häge's chance-corrected forms, and Kendall's tau-b.

Three levels: single dyads (:func:`s_score`, :func:`cohens_kappa`, :func:`scotts_pi`,
:func:`tau_b`), every pair of states in one year (:func:`pairwise_similarity`), and
dyad-year panels from ATOP alliance portfolios or UN General Assembly votes
(:func:`dyadic_similarity`, :func:`alliance_portfolios`). See docs/similarity.md.

Examples
--------
>>> round(s_score([3, 0, 1], [3, 1, 1], d_max=3), 4)
0.7778
"""

from __future__ import annotations

from socius.similarity import _panel_merges as _panel_merges  # registers the panel merge
from socius.similarity.dyad import cohens_kappa, s_score, scotts_pi, tau_b
from socius.similarity.matrix import MATRIX_MEASURES, pairwise_similarity
from socius.similarity.panel import (
    PANEL_MEASURES,
    REGIONS,
    alliance_portfolios,
    cow_region,
    dyadic_similarity,
)

__all__ = [
    "MATRIX_MEASURES",
    "PANEL_MEASURES",
    "REGIONS",
    "alliance_portfolios",
    "cohens_kappa",
    "cow_region",
    "dyadic_similarity",
    "pairwise_similarity",
    "s_score",
    "scotts_pi",
    "tau_b",
]
