"""Key evidence per state-year: capabilities, democracy, human rights, nuclear status,
UN ideal points. Shared by the report, the affiliation classifier and the CLI."""

from __future__ import annotations

import functools

import polars as pl

from socius import panel
from socius.codes import ccode_name

__all__ = ["EVIDENCE_DATASETS", "state_evidence"]

EVIDENCE_DATASETS = (
    "cow_states",
    "nmc",
    "democracy",
    "vdem",
    "freedom_house",
    "human_rights",
    "nuclear_status",
    "nuclear_stockpiles",
    "nuclear_tests",
    "unga_idealpoints",
    "major_powers",
    "maoz_powers",
)


@functools.lru_cache(maxsize=8)
def _evidence(year_from: int, year_to: int) -> pl.DataFrame:
    sy = panel.state_years(years=(year_from, year_to))
    out = panel.add_merges(sy, ["capabilities", "democracy", "nuclear", "idealpoints", "majors"])
    return out.with_columns(
        pl.col("cinc")
        .rank("ordinal", descending=True)
        .over("year")
        .cast(pl.Int32)
        .alias("cinc_rank")
    )


def state_evidence(year: int, *, years: tuple[int, int] | None = None) -> pl.DataFrame:
    """One row per COW state in *year* (or each year of *years*) with the key evidence columns."""
    lo, hi = years if years is not None else (year, year)
    return _evidence(lo, hi).clone()


def state_label(ccode: int) -> str:
    return ccode_name(ccode)
