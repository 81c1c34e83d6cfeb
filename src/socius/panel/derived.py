"""Merges computed by socius's models or from imported data: foreign-policy similarity,
War Trap expected utility, and SIPRI military expenditure (after ``socius data import``)."""

from __future__ import annotations

from typing import Any

import polars as pl

from socius.data import info, list_datasets, load
from socius.errors import DataError, ValidationError
from socius.panel._base import (
    as_polars,
    keeps_provenance,
    merge_dyadic,
    merge_state,
    panel_shape,
    record,
    sided,
)

__all__ = ["add_expected_utility", "add_similarity", "add_sipri_milex"]


def _years(frame: pl.DataFrame) -> tuple[int, int]:
    return int(frame["year"].min()), int(frame["year"].max())  # type: ignore[arg-type]


@keeps_provenance
def add_similarity(frame: Any, *, sources: tuple[str, ...] = ("atop", "unvotes")) -> pl.DataFrame:
    """Add foreign-policy similarity to a COW dyad-year panel.

    ATOP alliance portfolios (1816-2018): ``s_atop``, ``s_atop_wt`` (capability-weighted),
    ``kappa_atop``, ``pi_atop``, ``taub_atop``; UN General Assembly votes (1946-2019):
    ``s_un``, ``kappa_un``, ``pi_un``. See :func:`socius.similarity.dyadic_similarity`.
    """
    from socius.similarity import dyadic_similarity

    df = as_polars(frame)
    shape = panel_shape(df)
    if shape.unit != "dyad" or shape.system != "cow":
        raise ValidationError(
            "similarity needs a COW dyad-year panel (ccode1, ccode2, year); build one with dyad_years()"
        )
    lo, hi = _years(df)
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


@keeps_provenance
def add_expected_utility(
    frame: Any, *, similarity: str = "tau_b", third_parties: str = "region"
) -> pl.DataFrame:
    """Add Bueno de Mesquita's War Trap expected utility (``eu_ij``, ``eu_ji`` and their parts);
    see :func:`socius.deterrence.add_expected_utility`."""
    from socius.deterrence import add_expected_utility as _eu

    df = as_polars(frame)
    return _eu(df, similarity=similarity, third_parties=third_parties)  # type: ignore[arg-type]


SIPRI_COLUMNS = ("milex_constant", "milex_current", "milex_gdp")


@keeps_provenance
def add_sipri_milex(frame: Any, *, columns: tuple[str, ...] = SIPRI_COLUMNS) -> pl.DataFrame:
    """Add SIPRI military expenditure from the user's imported workbook.

    Columns: ``milex_constant`` (US$ m., constant prices), ``milex_current`` (US$ m.),
    ``milex_gdp`` (share of GDP). SIPRI data are not bundled: import your download first
    with ``socius data import sipri-milex FILE.xlsx``.
    """
    df = as_polars(frame)
    if "sipri_milex" not in list_datasets():
        raise DataError(
            "SIPRI military expenditure has not been imported; download the workbook from "
            "https://www.sipri.org/databases/milex and run `socius data import sipri-milex FILE.xlsx`"
        )
    table = load("sipri_milex", columns=["ccode", "year", *columns])
    out = merge_state(df, table, list(columns))
    return record(out, "sipri_milex", sided(list(columns), panel_shape(df)))
