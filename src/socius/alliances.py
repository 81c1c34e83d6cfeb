"""Alliance and bloc membership by date, and NATO partnership frameworks.

Membership comes from the curated ``alliance_membership`` table (NATO, SCO, CSTO,
with sources per row); partnership frameworks from ``nato_partnerships``. A state
counts as a member in a year when it is a member on the reference day, 31 December
by default (pass ``on=`` for another day), so that a year's classification reflects
the alliance as it stood at the end of that year.

Examples
--------
>>> len(members("NATO", 2007))
26
>>> sorted(members("SCO", 2007))
[365, 702, 703, 704, 705, 710]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import polars as pl

from socius.data import load
from socius.errors import CoverageError, UnknownNameError, ValidationError, suggest

__all__ = [
    "alliance_names",
    "framework_names",
    "members",
    "membership_panel",
    "partners",
    "reference_day",
]


def alliance_names() -> list[str]:
    """Alliances with dated membership in the bundled data."""
    return sorted(set(load("alliance_membership")["org"].to_list()))


def framework_names() -> list[str]:
    """NATO partnership frameworks in the bundled data."""
    return sorted(set(load("nato_partnerships")["framework"].to_list()))


def _canonical(alliance: str) -> str:
    names = alliance_names()
    for n in names:
        if n.lower() == alliance.strip().lower():
            return n
    raise UnknownNameError(
        f"unknown alliance '{alliance}'{suggest(alliance, names)}; choose one of: {', '.join(names)}"
    )


def reference_day(year: int, on: dt.date | None = None) -> dt.date:
    """The day on which membership is read for *year* (31 December unless *on* is given)."""
    if on is not None:
        if on.year != year:
            raise ValidationError(
                f"reference day {on} is not in {year}; give a date within the year"
            )
        return on
    return dt.date(year, 12, 31)


def members(alliance: str, year: int, *, on: dt.date | None = None) -> list[int]:
    """COW codes of the members of *alliance* on the reference day of *year*.

    Raises
    ------
    UnknownNameError
        For an unknown alliance.
    CoverageError
        For a year before the alliance existed or after the data ends.
    """
    name = _canonical(alliance)
    table = load("alliance_membership").filter(pl.col("org") == name)
    first = int(table["joined"].min().year)  # type: ignore[union-attr]
    last = 2024
    if not first <= year <= last:
        raise CoverageError(
            f"{name} has no members in {year}: the membership data covers {first}-{last}; choose a year in that range"
        )
    day = reference_day(year, on)
    active = table.filter(
        (pl.col("joined") <= day) & (pl.col("left").is_null() | (pl.col("left") >= day))
    )
    return sorted(active["ccode"].unique().to_list())


def membership_panel(alliance: str, years: Iterable[int]) -> pl.DataFrame:
    """One row per (year, ccode) member of *alliance* on 31 December of each year."""
    name = _canonical(alliance)
    rows = [(y, c) for y in years for c in members(name, y)]
    return pl.DataFrame(
        rows, schema={"year": pl.Int32, "ccode": pl.Int32}, orient="row"
    ).with_columns(pl.lit(name).alias("alliance"))


def partners(
    year: int, *, frameworks: Iterable[str] | None = None, on: dt.date | None = None
) -> pl.DataFrame:
    """NATO partners in *year*: one row per state and framework it took part in on the reference day."""
    table = load("nato_partnerships")
    known = framework_names()
    chosen = list(frameworks) if frameworks is not None else known
    bad = [f for f in chosen if f not in known]
    if bad:
        raise UnknownNameError(
            f"unknown framework '{bad[0]}'{suggest(bad[0], known)}; choose from: {', '.join(known)}"
        )
    day = reference_day(year, on)
    active = table.filter(
        pl.col("framework").is_in(chosen)
        & pl.col("joined").is_not_null()
        & (pl.col("joined") <= day)
        & (pl.col("left").is_null() | (pl.col("left") >= day))
    )
    return active.select("ccode", "stateabb", "framework", "joined").sort("ccode", "framework")
