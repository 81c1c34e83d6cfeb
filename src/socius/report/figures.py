"""Figure helpers for report sections: re-exported from :mod:`socius.figstyle`, the one figure
style shared by the report, :mod:`socius.plots` and the network figures."""

from __future__ import annotations

from socius.figstyle import (
    BLOC_COLOURS,
    PALETTE,
    SERIES_COLOURS,
    TIER_COLOURS,
    TIER_LABELS,
    log_share_axis,
    new_figure,
    percent_axis,
    source_line,
    takeaway,
    threshold,
    to_svg,
)

__all__ = [
    "BLOC_COLOURS",
    "PALETTE",
    "SERIES_COLOURS",
    "TIER_COLOURS",
    "TIER_LABELS",
    "log_share_axis",
    "new_figure",
    "percent_axis",
    "source_line",
    "takeaway",
    "threshold",
    "to_svg",
]
