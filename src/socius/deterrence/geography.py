"""Where states are: capitals by year, great-circle miles, land borders, home regions, major powers.

These tables feed the loss-of-strength gradient (:mod:`socius.deterrence.wartrap`).
Distances are great-circle miles between the capitals in office on 1 July of the year,
on a sphere of mean radius 3,958.8 miles; states with a land or river border (COW direct
contiguity type 1) in force during the year are 0 miles apart.

Examples
--------
>>> round(float(great_circle_miles(39.90, 116.41, 25.04, 121.56)))
1069
>>> home_region(2), home_region(710)
('americas', 'asia_oceania')
"""

from __future__ import annotations

import functools

import numpy as np
import polars as pl
from numpy.typing import ArrayLike, NDArray

from socius.data import info, load
from socius.errors import ValidationError
from socius.similarity import REGIONS as SIMILARITY_REGIONS

__all__ = [
    "EARTH_RADIUS_MILES",
    "REGIONS",
    "capital_years",
    "great_circle_miles",
    "home_region",
    "land_border_years",
    "major_power_years",
    "miles_matrix",
    "region_codes",
]

#: Mean Earth radius [miles] (IUGG mean radius 6,371.0088 km).
EARTH_RADIUS_MILES = 3958.8

#: Home regions, as in :mod:`socius.similarity` (COW code ranges): Americas 2-165, Europe
#: 200-399, Africa 400-626, Middle East 630-698, Asia and Oceania 700-999.
REGIONS: tuple[str, ...] = tuple(name for _, _, name in SIMILARITY_REGIONS)


def region_codes(ccodes: ArrayLike) -> NDArray[np.intp]:
    """Index into :data:`REGIONS` of each COW code's home region."""
    codes = np.asarray(ccodes, dtype=np.int64)
    out = np.full(codes.shape, -1, dtype=np.intp)
    for r, (lo, hi, _) in enumerate(SIMILARITY_REGIONS):
        out[(codes >= lo) & (codes <= hi)] = r
    if (out < 0).any():
        bad = ", ".join(str(int(c)) for c in np.unique(codes[out < 0])[:5])
        raise ValidationError(f"COW code(s) {bad} lie in no home region; check the state codes")
    return out


def home_region(ccode: int) -> str:
    """Home region of COW state *ccode* (one of :data:`REGIONS`).

    Regions follow COW code ranges, as in :mod:`socius.similarity`: Americas 2-165,
    Europe 200-399, Africa 400-626, Middle East 630-698, Asia and Oceania 700-999. They
    set the relevant region of a dyad for the War Trap's third parties
    (:func:`socius.deterrence.relevant_third_parties`).

    Parameters
    ----------
    ccode
        COW state code [COW code]; not checked against the state system, only against
        the ranges.

    Returns
    -------
    str
        ``"americas"``, ``"europe"``, ``"africa"``, ``"middle_east"`` or ``"asia_oceania"``.

    Raises
    ------
    ValidationError
        *ccode* lies in none of the ranges (0, 1000, a gap such as 170).

    Examples
    --------
    >>> home_region(365), home_region(651), home_region(740)
    ('europe', 'middle_east', 'asia_oceania')
    """
    return REGIONS[int(region_codes(np.array([ccode]))[0])]


def great_circle_miles(
    lat1: ArrayLike, lon1: ArrayLike, lat2: ArrayLike, lon2: ArrayLike
) -> NDArray[np.float64]:
    """Great-circle distance [miles] by the haversine formula on a sphere of 3,958.8 miles.

    Parameters
    ----------
    lat1, lon1, lat2, lon2
        Coordinates in degrees (broadcast against each other).
    """
    p1 = np.radians(np.asarray(lat1, dtype=np.float64))
    p2 = np.radians(np.asarray(lat2, dtype=np.float64))
    dlon = np.radians(np.asarray(lon2, dtype=np.float64) - np.asarray(lon1, dtype=np.float64))
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    out: NDArray[np.float64] = 2 * EARTH_RADIUS_MILES * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    return out


def _open_until(name: str) -> tuple[int, int]:
    """(last coded year, year to which spells open at that point continue), from the manifest."""
    meta = info(name)
    cov = meta.coverage
    end = int(cov.get("end", 0))
    return int(cov.get("coded_until", end)), int(info("cow_states").coverage.get("end", end))


@functools.lru_cache(maxsize=1)
def capital_years() -> pl.DataFrame:
    """One capital per COW state-year (``ccode, year, lat, lon``): the one in office on 1 July,
    else the last one to take office that year."""
    caps = load("capitals").with_columns(
        pl.int_ranges(pl.col("start").dt.year(), pl.col("end").dt.year() + 1, dtype=pl.Int32).alias(
            "year"
        )
    )
    caps = caps.explode("year")
    mid = pl.date(pl.col("year"), 7, 1)
    caps = caps.with_columns(((pl.col("start") <= mid) & (pl.col("end") >= mid)).alias("_mid"))
    return (
        caps.sort(["ccode", "year", "_mid", "start"], descending=[False, False, True, True])
        .unique(["ccode", "year"], keep="first", maintain_order=True)
        .select("ccode", "year", "lat", "lon")
    )


@functools.lru_cache(maxsize=1)
def land_border_years() -> pl.DataFrame:
    """Directed pairs with a land or river border (COW contiguity type 1) by year.

    Borders still in force at the end of COW Direct Contiguity v3.2 (2016) are carried to
    the last year of the state system (the manifest's ``cow_states`` coverage), because
    v3.2 codes them as ongoing; this only matters for the 0-mile rule.
    """
    coded, last = _open_until("contiguity")
    spells = load("contiguity").filter(pl.col("conttype") == 1)
    end_year = pl.col("end").dt.year()
    end = pl.when(end_year >= coded).then(pl.lit(last)).otherwise(end_year)
    return (
        spells.with_columns(
            pl.int_ranges(pl.col("start").dt.year(), end + 1, dtype=pl.Int32).alias("year")
        )
        .explode("year")
        .select("ccode1", "ccode2", "year")
        .unique()
    )


@functools.lru_cache(maxsize=1)
def major_power_years() -> pl.DataFrame:
    """COW major powers by year (``ccode, year``); spells open in v2016 continue to 2024."""
    coded, last = _open_until("major_powers")
    end_year = pl.col("end").dt.year()
    end = pl.when(end_year >= coded).then(pl.lit(last)).otherwise(end_year)
    return (
        load("major_powers")
        .with_columns(
            pl.int_ranges(pl.col("start").dt.year(), end + 1, dtype=pl.Int32).alias("year")
        )
        .explode("year")
        .select("ccode", "year")
        .unique()
    )


def miles_matrix(ccodes: ArrayLike, year: int) -> NDArray[np.float64]:
    """``(N, N)`` distances [miles] between the capitals of *ccodes* in *year*.

    Land neighbours (contiguity type 1 in force that year) and the diagonal are 0; a state
    without a capital in the data gives NaN in its row and column.

    The distances of the War Trap loss-of-strength gradient: great-circle miles between
    the capitals in office on 1 July (else the last to take office that year), on a
    sphere of mean radius 3,958.8 miles (haversine). Land borders in force at the end of
    COW Direct Contiguity v3.2 (2016) are carried on to 2024.

    Parameters
    ----------
    ccodes
        ``(N,)`` COW state codes [COW code], in the order of the rows and columns wanted.
    year
        Calendar year (capitals 1816-2024, land borders 1816-2024).

    Returns
    -------
    numpy.ndarray
        ``(N, N)`` symmetric distances [miles], 0 on the diagonal and between land
        neighbours; NaN for a state without a capital that year (an unknown code, a year
        in which it was not a state) except on the diagonal.

    Examples
    --------
    >>> m = miles_matrix([2, 710, 740], 2007)     # Washington, Beijing, Tokyo
    >>> m.round().tolist()
    [[0.0, 6907.0, 6775.0], [6907.0, 0.0, 1306.0], [6775.0, 1306.0, 0.0]]
    """
    codes = np.asarray(ccodes, dtype=np.int64)
    n = codes.size
    caps = capital_years().filter(pl.col("year") == year)
    pos = {int(c): i for i, c in enumerate(codes)}
    lat = np.full(n, np.nan)
    lon = np.full(n, np.nan)
    for c, la, lo in caps.select("ccode", "lat", "lon").iter_rows():
        i = pos.get(int(c))
        if i is not None:
            lat[i], lon[i] = la, lo
    miles = great_circle_miles(lat[:, None], lon[:, None], lat[None, :], lon[None, :])
    borders = land_border_years().filter(pl.col("year") == year)
    i1 = np.array([pos.get(int(c), -1) for c in borders["ccode1"].to_list()], dtype=np.intp)
    i2 = np.array([pos.get(int(c), -1) for c in borders["ccode2"].to_list()], dtype=np.intp)
    keep = (i1 >= 0) & (i2 >= 0)
    miles[i1[keep], i2[keep]] = 0.0
    miles[i2[keep], i1[keep]] = 0.0
    np.fill_diagonal(miles, 0.0)
    return miles
