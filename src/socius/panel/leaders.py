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

    A leader-year is a leader in office on any day of the year, so a year with a change
    of leader has one row per leader. The rows carry ``gwcode`` and ``year``: every
    state merge (:func:`~socius.panel.add_democracy`, ``add_capabilities``...) works on
    them as on a Gleditsch-Ward state-year panel, and :func:`add_lead` adds the leaders'
    attributes.

    Parameters
    ----------
    years
        Inclusive ``(start, end)`` within Archigos 4.1's coverage, 1840-2015; default
        (``None``) all of it.

    Returns
    -------
    polars.DataFrame
        ``obsid`` (Archigos leader-spell identifier), ``gwcode`` [Gleditsch-Ward code],
        ``year``, ``leader``, ``gender`` (M/F), ``yrborn``, ``leaderage`` (age reached in
        the year), ``yrinoffice`` (1 in the year the leader took office, 2 the next...),
        ``entry`` and ``exit`` (manner of entry and exit: Regular, Irregular...), sorted by
        ``gwcode``, ``year`` and start of office.

    Raises
    ------
    ValidationError
        *years* runs backwards.
    CoverageError
        *years* reaches outside 1840-2015.

    References
    ----------
    Goemans, Henk E., Kristian Skrede Gleditsch and Giacomo Chiozza. 2009. "Introducing
    Archigos: A Dataset of Political Leaders." Journal of Peace Research 46(2): 269-283.
    doi:10.1177/0022343308100719

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

    Leader-years only (from :func:`leader_years`): the attributes are fixed per leader
    spell and matched on the Archigos ``obsid``. LEAD codes leaders in office from 1875
    on, none who took office after 2001: Shinzo Abe (2006) and the leaders LEAD does not
    code get missing values, never 0.

    Parameters
    ----------
    frame
        Leader-year panel with an ``obsid`` column (polars or pandas).
    columns
        Any of :data:`LEAD_COLUMNS` (default all): ``leveledu`` (education, 0 none to 4
        graduate), the 0/1 flags ``milservice``, ``combat``, ``rebel``, ``warwin``,
        ``warloss``, ``rebelwin``, ``rebelloss``, ``physhealth``, ``mentalhealth``, and
        ``yrsexper`` [years of political experience before taking office].

    Returns
    -------
    polars.DataFrame
        *frame* with the chosen columns, the same rows in the same order.

    Raises
    ------
    ValidationError
        *frame* has no ``obsid`` column, or a name in *columns* is not a LEAD column.

    References
    ----------
    Ellis, Cali Mortenson, Michael C. Horowitz and Allan C. Stam. 2015. "Introducing the
    LEAD Data Set." International Interactions 41(4): 718-741.
    doi:10.1080/03050629.2015.1016157

    Examples
    --------
    >>> import polars as pl
    >>> ly = add_lead(leader_years(years=(1945, 1945)), columns=("milservice", "combat", "yrsexper"))
    >>> ly.filter(pl.col("gwcode") == 2).select("leader", "milservice", "combat", "yrsexper").rows()
    [('Roosevelt, F.', 0, 0, 22), ('Truman', 1, 1, 23)]
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
