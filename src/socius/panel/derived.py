"""Merges computed by socius's models or from imported data: foreign-policy similarity and
War Trap expected utility (registered by their analysis packages and found by name, see
:mod:`socius.panel.registry`), and SIPRI military expenditure (after ``socius data import``)."""

from __future__ import annotations

from typing import Any

import polars as pl

from socius.data import list_datasets, load
from socius.errors import DataError
from socius.panel._base import (
    as_polars,
    keeps_provenance,
    merge_state,
    panel_shape,
    record,
    sided,
)
from socius.panel.registry import call_merge

__all__ = ["add_expected_utility", "add_similarity", "add_sipri_milex"]


def add_similarity(frame: Any, *, sources: tuple[str, ...] = ("atop", "unvotes")) -> pl.DataFrame:
    """Add foreign-policy similarity (the ``similarity`` merge registered by :mod:`socius.similarity`).

    ATOP alliance portfolios (1816-2018): ``s_atop``, ``s_atop_wt``, ``kappa_atop``, ``pi_atop``,
    ``taub_atop``; UN General Assembly votes (1946-2019): ``s_un``, ``kappa_un``, ``pi_un``.
    """
    return call_merge("similarity", frame, sources=sources)


def add_expected_utility(
    frame: Any, *, similarity: str = "tau_b", third_parties: str = "region"
) -> pl.DataFrame:
    """Add Bueno de Mesquita's War Trap expected utility (the ``expected_utility`` merge
    registered by :mod:`socius.deterrence`); see :func:`socius.deterrence.add_expected_utility`."""
    return call_merge("expected_utility", frame, similarity=similarity, third_parties=third_parties)


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
