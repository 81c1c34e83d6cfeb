"""Leader-years (Archigos 4.1) and leader attributes (LEAD).

A leader-year is a leader in office on any day of the year; a state-year with a change
of leader has one row per leader. Leader-years carry ``gwcode`` and ``year``, so every
state merge (capabilities, democracy, ...) works on them as on a Gleditsch-Ward
state-year panel.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from socius.data import info, load
from socius.errors import CoverageError, ValidationError
from socius.panel._base import as_polars, coverage, keeps_provenance, record
from socius.provenance import Source, add_provenance

__all__ = ["LEAD_COLUMNS", "add_lead", "leader_years"]

LEAD_COLUMNS = (
    "leveledu",
    "milservice",
    "combat",
    "rebel",
    "warwin",
    "warloss",
    "rebelwin",
    "rebelloss",
    "yrsexper",
    "physhealth",
    "mentalhealth",
)


def leader_years(years: tuple[int, int] | None = None) -> pl.DataFrame:
    """All Archigos leader-years (1840-2015).

    Returns
    -------
    polars.DataFrame
        ``obsid, gwcode, year, leader, gender, yrborn, leaderage`` (age reached in the
        year), ``yrinoffice`` (1 in the year the leader took office), ``entry``, ``exit``,
        sorted by ``gwcode``, ``year`` and start of office.

    Examples
    --------
    >>> ly = leader_years(years=(1945, 1945))
    >>> sorted(ly.filter(ly["gwcode"] == 2)["leader"].to_list())
    ['Roosevelt, F.', 'Truman']
    """
    lo, hi = coverage("archigos")
    start, end = (lo, hi) if years is None else (int(years[0]), int(years[1]))
    if end < start:
        raise ValidationError(f"years {start}-{end} run backwards; write {end}-{start}")
    if start < lo or end > hi:
        raise CoverageError(
            f"years {start}-{end} fall outside Archigos' coverage {lo}-{hi}; choose years within {lo}-{hi}"
        )
    spells = load("archigos")
    rows = (
        spells.with_columns(
            pl.int_ranges(
                pl.col("start").dt.year(), pl.col("end").dt.year() + 1, dtype=pl.Int32
            ).alias("year")
        )
        .explode("year")
        .filter(pl.col("year").is_between(start, end))
        .sort("gwcode", "year", "start")
    )
    out = rows.select(
        "obsid",
        "gwcode",
        "year",
        "leader",
        "gender",
        "yrborn",
        (pl.col("year") - pl.col("yrborn")).alias("leaderage"),
        (pl.col("year") - pl.col("start").dt.year() + 1).cast(pl.Int32).alias("yrinoffice"),
        "entry",
        "exit",
    )
    return add_provenance(out, [Source("archigos", info("archigos").version, tuple(out.columns))])


@keeps_provenance
def add_lead(frame: Any, *, columns: tuple[str, ...] = LEAD_COLUMNS) -> pl.DataFrame:
    """Add LEAD leader attributes (Ellis, Horowitz and Stam 2015) to leader-years by ``obsid``.

    Leaders LEAD does not code get missing values.
    """
    df = as_polars(frame)
    if "obsid" not in df.columns:
        raise ValidationError(
            "add_lead needs leader-years with an obsid column; build them with leader_years()"
        )
    bad = [c for c in columns if c not in LEAD_COLUMNS]
    if bad:
        raise ValidationError(
            f"unknown LEAD column '{bad[0]}'; choose from: {', '.join(LEAD_COLUMNS)}"
        )
    lead = load("lead", columns=["obsid", *columns])
    out = df.join(lead, on="obsid", how="left", maintain_order="left")
    return record(out, "lead", list(columns))
