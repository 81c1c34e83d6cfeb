"""Figure helpers: matplotlib figures rendered to inline SVG (no files, works offline)."""

from __future__ import annotations

import io
import re
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt

__all__ = ["TIER_COLOURS", "new_figure", "to_svg"]

TIER_COLOURS = {
    "member": "#1f4e79",
    "active_partner": "#2e8b57",
    "associate": "#d98c1f",
    "none": "#9a9a9a",
}


def new_figure(width: float = 7.0, height: float = 4.0) -> tuple[Any, Any]:
    """Return ``(figure, axes)`` with the house style."""
    fig, ax = plt.subplots(figsize=(width, height), dpi=100)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(alpha=0.25, linewidth=0.6)
    return fig, ax


def to_svg(fig: Any) -> str:
    """Render *fig* to an SVG string without an XML prolog, then close it.

    Text stays text (``svg.fonttype = "none"``) rather than glyph outlines, which keeps the
    files small and rendering fast; the layout is computed once, during the draw
    (matplotlib's constrained layout) unless the figure already chose a layout engine.
    """
    buf = io.StringIO()
    if fig.get_layout_engine() is None:
        fig.set_layout_engine("constrained")
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": "socius"})
    plt.close(fig)
    svg = buf.getvalue()
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
    svg = re.sub(r"<!DOCTYPE[^>]*>\s*", "", svg)
    return svg
