"""Registers the ``similarity`` panel merge (see :mod:`socius.panel.registry`)."""

from __future__ import annotations

from typing import Any

import polars as pl

from socius.data import info
from socius.errors import ValidationError
from socius.panel._base import as_polars, keeps_provenance, merge_dyadic, panel_shape, record
from socius.panel.registry import register_merge

__all__ = ["add_similarity"]


@keeps_provenance
def add_similarity(frame: Any, *, sources: tuple[str, ...] = ("atop", "unvotes")) -> pl.DataFrame:
    """Add foreign-policy similarity to a COW dyad-year panel.

    ATOP alliance portfolios (1816-2018): ``s_atop``, ``s_atop_wt`` (capability-weighted),
    ``kappa_atop``, ``pi_atop``, ``taub_atop``; UN General Assembly votes (1946-2019):
    ``s_un``, ``kappa_un``, ``pi_un``. See :func:`socius.similarity.dyadic_similarity`.
    """
    from socius.similarity.panel import dyadic_similarity

    df = as_polars(frame)
    shape = panel_shape(df)
    if shape.unit != "dyad" or shape.system != "cow":
        raise ValidationError(
            "similarity needs a COW dyad-year panel (ccode1, ccode2, year); build one with dyad_years()"
        )
    lo, hi = int(df["year"].min()), int(df["year"].max())  # type: ignore[arg-type]
    out = df
    for source in sources:
        cov = info("atop" if source == "atop" else "unvotes")
        s_lo, s_hi = max(lo, cov.start or lo), min(hi, cov.end or hi)
        if s_lo > s_hi:
            continue
        sim = dyadic_similarity(source, years=(s_lo, s_hi))  # type: ignore[arg-type]
        cols = [
            c
            for c in sim.columns
            if c not in ("ccode1", "ccode2", "year") and not c.startswith("n_")
        ]
        out = merge_dyadic(out, sim, cols, undirected=False)
        out = record(out, "atop" if source == "atop" else "unvotes", cols)
    return out


register_merge("similarity", add_similarity)
