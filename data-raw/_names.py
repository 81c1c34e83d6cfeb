"""Map source country names to COW codes at build time (via socius.codes)."""

from __future__ import annotations

import sys

import polars as pl

from _common import REPO

sys.path.insert(0, str(REPO / "src"))


def with_ccode(
    frame: pl.DataFrame, column: str = "country_name", year_column: str = "year"
) -> pl.DataFrame:
    """Add ``ccode`` from a name column (year-aware); drop territories and aggregates."""
    from socius.codes import add_ccode

    return add_ccode(
        frame.filter(pl.col(column).is_not_null()), column, year_column=year_column, system="name"
    )


def in_cow_system(frame: pl.DataFrame) -> pl.DataFrame:
    """Keep rows whose (ccode, year) is a COW state-year (drops pre-independence and colonial years)."""
    from socius.panel import state_years

    sy = state_years(system="cow").select("ccode", "year")
    return frame.join(sy, on=["ccode", "year"], how="semi")
