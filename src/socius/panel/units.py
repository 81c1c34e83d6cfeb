"""The units of analysis: state-years and directed or undirected dyad-years.

State-years follow the COW State System (v2016) or the Gleditsch-Ward list; spells
that are open in the coded version (COW ends open spells on 2016-12-31, Gleditsch-Ward
on 2020-12-31) continue to the system's last year, read from the manifest
(``coverage.end`` of ``cow_states``/``gw_states``, 2024). A state-year exists when the
state was a member on any day of the year.

A dyad-year exists when both states were members on a common day of that year. This
drops pairs such as a state that left the system in March and one that entered in
June of the same year, the "false dyads" that peacesciencer also removes.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import numpy as np
import polars as pl

from socius.data import info, load
from socius.errors import CoverageError, ValidationError
from socius.provenance import Source, add_provenance

__all__ = [
    "SYSTEMS",
    "System",
    "dyad_years",
    "last_full_year",
    "state_years",
    "system_coverage",
]

System = Literal["cow", "gw"]
SYSTEMS: dict[str, str] = {"cow": "cow_states", "gw": "gw_states"}


def _dataset(system: str) -> str:
    if system not in SYSTEMS:
        raise ValidationError(
            f"unknown system '{system}'; choose 'cow' (Correlates of War) or 'gw' (Gleditsch-Ward)"
        )
    return SYSTEMS[system]


def system_coverage(system: System = "cow") -> tuple[int, int]:
    """First and last year of the state system, from the manifest.

    The last year is the system's end in socius (2024), to which membership spells open
    in the coded version (COW v2016, Gleditsch-Ward 2020) are carried; it is the largest
    year :func:`state_years` and :func:`dyad_years` accept without ``mry=True``.

    Parameters
    ----------
    system
        ``"cow"`` (COW State System, default) or ``"gw"`` (Gleditsch-Ward).

    Returns
    -------
    tuple of int
        ``(first, last)`` year, inclusive.

    Raises
    ------
    ValidationError
        *system* is neither ``"cow"`` nor ``"gw"``, or its manifest entry lacks a coverage.

    Examples
    --------
    >>> system_coverage("cow"), system_coverage("gw")
    ((1816, 2024), (1816, 2024))
    """
    meta = info(_dataset(system))
    if meta.start is None or meta.end is None:
        raise ValidationError(f"manifest entry of '{meta.name}' lacks a coverage range")
    return meta.start, meta.end


def last_full_year() -> int:
    """The last complete calendar year (peacesciencer's ``mry``), from today's date."""
    return dt.date.today().year - 1


def _check_years(
    system: System, years: tuple[int, int] | None, mry: bool = False
) -> tuple[int, int]:
    lo, hi = system_coverage(system)
    if mry:
        hi = max(hi, last_full_year())
    if years is None:
        return lo, hi
    start, end = int(years[0]), int(years[1])
    if end < start:
        raise ValidationError(f"years {start}-{end} run backwards; write {end}-{start}")
    if start < lo or end > hi:
        raise CoverageError(
            f"years {start}-{end} fall outside the {system.upper()} state system's coverage {lo}-{hi}; "
            f"choose years within {lo}-{hi}"
        )
    return start, end


def _spell_years(system: System, mry: bool = False) -> pl.DataFrame:
    """One row per (state, year, spell) with the in-year membership interval.

    With *mry*, spells open at the system's end continue to the last full calendar year.
    """
    name = _dataset(system)
    meta = info(name)
    code = "ccode" if system == "cow" else "gwcode"
    spells = load(name)
    coded_until = int(meta.coverage.get("coded_until", meta.end or 0))
    system_end = int(meta.end or coded_until)
    if mry:
        system_end = max(system_end, last_full_year())
    open_end = dt.date(coded_until, 12, 31)
    extended = (
        pl.when(pl.col("end") >= open_end)
        .then(pl.lit(dt.date(system_end, 12, 31)))
        .otherwise(pl.col("end"))
    )
    spells = spells.with_columns(extended.alias("end"))
    rows = spells.with_columns(
        pl.int_ranges(pl.col("start").dt.year(), pl.col("end").dt.year() + 1, dtype=pl.Int32).alias(
            "year"
        )
    ).explode("year")
    jan1 = pl.date(pl.col("year"), 1, 1)
    dec31 = pl.date(pl.col("year"), 12, 31)
    return rows.select(
        pl.col(code),
        pl.col("year"),
        pl.max_horizontal(pl.col("start"), jan1).alias("from"),
        pl.min_horizontal(pl.col("end"), dec31).alias("to"),
        *[c for c in spells.columns if c not in (code, "start", "end")],
    )


def state_years(
    system: System = "cow", years: tuple[int, int] | None = None, *, mry: bool = False
) -> pl.DataFrame:
    """All state-years of the COW or Gleditsch-Ward system.

    Parameters
    ----------
    system
        "cow" (COW State System v2016, ``ccode``) or "gw" (Gleditsch-Ward, ``gwcode``,
        with a ``microstate`` flag).
    years
        Inclusive ``(start, end)``; default the whole system (1816-2024).
    mry
        Carry states whose membership is open at the system's end (2024) on to the last
        full calendar year (peacesciencer's ``mry``). Every merged variable stays
        missing after its source's coverage.

    Returns
    -------
    polars.DataFrame
        ``ccode, year, stateabb, statenme`` (COW) or ``gwcode, year, stateabb,
        statename, microstate`` (GW), sorted by code and year.

    Examples
    --------
    >>> sy = state_years(years=(2007, 2007))
    >>> sy.height
    193
    """
    start, end = _check_years(system, years, mry)
    code = "ccode" if system == "cow" else "gwcode"
    rows = _spell_years(system, mry).filter(pl.col("year").is_between(start, end))
    out = rows.drop("from", "to").unique([code, "year"], keep="first").sort(code, "year")
    return add_provenance(
        out, [Source(_dataset(system), info(_dataset(system)).version, (code, "year"))]
    )


def _pairs_by_grid(
    spells: pl.DataFrame, code: str, directed: bool, start: int, end: int
) -> pl.DataFrame:
    """Dyad-years from a (state x state x year) membership grid, in sorted order.

    Needs one membership interval per state-year. ``np.nonzero`` walks the grid in
    (state1, state2, year) order, so the result comes out sorted without a sort; the
    in-year intervals then drop pairs that never shared a day of the year.
    """
    codes = spells[code].to_numpy()
    uniq, s_idx = np.unique(codes, return_inverse=True)
    y_idx = spells["year"].to_numpy().astype(np.int64) - start
    shape = (len(uniq), end - start + 1)
    member = np.zeros(shape, dtype=bool)
    member[s_idx, y_idx] = True
    day_from = np.zeros(shape, dtype=np.int32)
    day_to = np.zeros(shape, dtype=np.int32)
    day_from[s_idx, y_idx] = spells["from"].cast(pl.Int32).to_numpy()
    day_to[s_idx, y_idx] = spells["to"].cast(pl.Int32).to_numpy()
    both = member[:, None, :] & member[None, :, :]
    keep = (
        ~np.eye(len(uniq), dtype=bool) if directed else np.triu(np.ones((len(uniq),) * 2, bool), 1)
    )
    both &= keep[:, :, None]
    a, b, y = np.nonzero(both)
    shared = np.maximum(day_from[a, y], day_from[b, y]) <= np.minimum(day_to[a, y], day_to[b, y])
    a, b, y = a[shared], b[shared], y[shared]
    dtype = spells.schema[code]
    return pl.DataFrame(
        [
            pl.Series(f"{code}1", uniq[a]).cast(dtype),
            pl.Series(f"{code}2", uniq[b]).cast(dtype),
            pl.Series("year", y.astype(np.int32) + start).cast(spells.schema["year"]),
        ]
    )


def _pairs_by_join(spells: pl.DataFrame, code: str, directed: bool) -> pl.DataFrame:
    """Dyad-years by joining state-years on the year (handles several spells per state-year)."""
    left = spells.rename({code: f"{code}1", "from": "from1", "to": "to1"})
    right = spells.rename({code: f"{code}2", "from": "from2", "to": "to2"})
    cmp = (
        pl.col(f"{code}1") != pl.col(f"{code}2")
        if directed
        else pl.col(f"{code}1") < pl.col(f"{code}2")
    )
    query = (
        left.lazy()
        .join(right.lazy(), on="year")
        .filter(cmp & (pl.max_horizontal("from1", "from2") <= pl.min_horizontal("to1", "to2")))
        .select(f"{code}1", f"{code}2", "year")
        .unique()
    )
    return query.sort(f"{code}1", f"{code}2", "year").collect()


def dyad_years(
    system: System = "cow",
    *,
    directed: bool = True,
    years: tuple[int, int] | None = None,
    mry: bool = False,
) -> pl.DataFrame:
    """All dyad-years of states that were system members on a common day of the year.

    Parameters
    ----------
    system
        "cow" (``ccode1, ccode2``) or "gw" (``gwcode1, gwcode2``).
    directed
        Both (a, b) and (b, a) when True; only a < b when False.
    years
        Inclusive ``(start, end)``; default the whole system.
    mry
        Carry the system to the last full calendar year (see :func:`state_years`).

    Notes
    -----
    COW directed dyad-years 1816-2024 number 2,214,930, the same as peacesciencer's
    ``cow_ddy``: the pairwise product of state-years less 60 dyad-years whose members
    never overlapped within the year.

    Examples
    --------
    >>> dyad_years(years=(2007, 2007)).height == 193 * 192
    True
    """
    start, end = _check_years(system, years, mry)
    code = "ccode" if system == "cow" else "gwcode"
    spells = (
        _spell_years(system, mry)
        .filter(pl.col("year").is_between(start, end))
        .select(code, "year", "from", "to")
    )
    if spells.select(code, "year").is_duplicated().any():  # a state with two spells in one year
        pairs = _pairs_by_join(spells, code, directed)
    else:
        pairs = _pairs_by_grid(spells, code, directed, start, end)
    return add_provenance(
        pairs,
        [
            Source(
                _dataset(system), info(_dataset(system)).version, (f"{code}1", f"{code}2", "year")
            )
        ],
    )
