"""``add_*`` merges for state-year and dyad-year panels.

Each merge keeps the row count, leaves years outside the source's coverage missing,
and records the datasets and versions it used (see :mod:`socius.provenance`).
Dyad panels receive both sides (suffixes ``1`` and ``2``) of state attributes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np
import polars as pl

from socius.data import load
from socius.errors import UnknownNameError, ValidationError, suggest
from socius.panel import conflict as _conflict
from socius.panel import leaders as _leaders
from socius.panel._base import (
    _fill_within,
    as_polars,
    coverage,
    keeps_provenance,
    merge_dyadic,
    merge_state,
    panel_shape,
    record,
    sided,
)
from socius.panel.registry import PROVIDERS, get_merge, registered_merges

__all__ = [
    "CONVENTIONS",
    "MERGES",
    "add_alliances",
    "add_capabilities",
    "add_capital_distance",
    "add_contiguity",
    "add_democracy",
    "add_ideal_points",
    "add_igos",
    "add_major_powers",
    "add_merges",
    "add_minimum_distance",
    "add_nuclear",
]

NMC_COLUMNS = ("milex", "milper", "irst", "pec", "tpop", "upop", "cinc")
ATOP_COLUMNS = ("atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul")


def _choose(requested: Sequence[str] | None, allowed: Sequence[str], what: str) -> list[str]:
    if requested is None:
        return list(allowed)
    bad = [c for c in requested if c not in allowed]
    if bad:
        raise UnknownNameError(
            f"unknown {what} '{bad[0]}'{suggest(bad[0], allowed)}; choose from: {', '.join(allowed)}"
        )
    return list(requested)


@keeps_provenance
def add_capabilities(frame: Any, *, columns: Sequence[str] | None = None) -> pl.DataFrame:
    """Add COW National Material Capabilities v7.0 (and CINC).

    Parameters
    ----------
    frame
        State-year or dyad-year panel (polars or pandas).
    columns
        Subset of milex, milper, irst, pec, tpop, upop, cinc (default: all).

    Returns
    -------
    polars.DataFrame
        State panels get the columns as named; dyad panels ``cinc1``, ``cinc2`` and so on.
        Years after 2022 (the end of NMC v7.0) are missing.
    """
    df = as_polars(frame)
    cols = _choose(columns, NMC_COLUMNS, "NMC column")
    out = merge_state(df, load("nmc", columns=["ccode", "year", *cols]), cols)
    return record(out, "nmc", sided(cols, panel_shape(df)))


def _is_undirected(frame: pl.DataFrame, k1: str, k2: str) -> bool:
    """A dyad panel is non-directed when every row has code1 < code2 (as dyad_years(directed=False))."""
    return frame.height > 0 and bool((frame[k1] < frame[k2]).all())


@keeps_provenance
def add_alliances(frame: Any, *, directed: bool | None = None) -> pl.DataFrame:
    """Add ATOP v5.1 alliance obligations.

    Parameters
    ----------
    frame
        State-year or dyad-year panel.
    directed
        Dyad panels only. ``True`` reads each row in its own direction (ATOP codes
        obligations from ``ccode1`` to ``ccode2``); ``False`` gives each pair the maximum
        over both directions, as the field expects for non-directed dyads. ``None``
        (default) chooses ``False`` when every row has ``ccode1 < ccode2`` (a panel from
        ``dyad_years(directed=False)``) and ``True`` otherwise.

    Returns
    -------
    polars.DataFrame
        Dyad panels get ``atop_alliance`` (any ATOP alliance, including the dyad-years
        whose alliance carries none of the five obligations) and ``atop_defense``,
        ``atop_offense``, ``atop_neutral``, ``atop_nonagg``, ``atop_consul`` (1 = the pair
        shares such an obligation, 0 = not), missing outside 1815-2018. State panels get
        the number of partners with each (``atop_alliance_n``, ``atop_defense_n``...).
    """
    df = as_polars(frame)
    shape = panel_shape(df)
    atop = load("atop").with_columns(pl.lit(1, dtype=pl.Int8).alias("atop_alliance"))
    span = coverage("atop")
    cols = ["atop_alliance", *ATOP_COLUMNS]
    if shape.unit == "dyad":
        k1, k2 = ("ccode1", "ccode2") if shape.system == "cow" else ("gwcode1", "gwcode2")
        if directed is None:
            directed = not _is_undirected(df, k1, k2)
        table = atop
        if not directed:
            table = (
                atop.with_columns(
                    pl.min_horizontal("ccode1", "ccode2").alias("_lo"),
                    pl.max_horizontal("ccode1", "ccode2").alias("_hi"),
                )
                .group_by("_lo", "_hi", "year")
                .agg([pl.col(c).max() for c in cols])
                .rename({"_lo": "ccode1", "_hi": "ccode2"})
            )
        out = merge_dyadic(
            df,
            table,
            cols,
            undirected=not directed,
            fill=dict.fromkeys(cols, 0),
            fill_span=span,
        )
        out = out.with_columns([pl.col(c).cast(pl.Int8) for c in cols])
        return record(out, "atop", cols)
    counts = atop.group_by("ccode1", "year").agg(
        [pl.col(c).cast(pl.Int16).sum().alias(f"{c}_n") for c in cols]
    )
    counts = counts.rename({"ccode1": "ccode"})
    names = [f"{c}_n" for c in cols]
    out = merge_state(df, counts, names, fill=dict.fromkeys(names, 0), fill_span=span)
    return record(out, "atop", names)


DEMOCRACY_SOURCES: dict[str, tuple[str, ...]] = {
    "democracy": ("v2x_polyarchy", "polity2", "euds", "aeuds"),
    "vdem": (
        "v2x_libdem",
        "v2x_liberal",
        "v2x_civlib",
        "v2x_clphy",
        "v2x_rule",
        "v2xcl_rol",
        "v2x_jucon",
        "v2x_regime",
        "v2x_ex_military",
    ),
    "quickuds": ("xm_qudsest",),
    "freedom_house": ("fh_status", "fh_pr", "fh_cl", "fh_electdem", "fh_pr_score", "fh_cl_score"),
    "human_rights": ("hr_protection",),
}
# Measures for which a higher value means less democratic or less free.
_LOWER_IS_BETTER = {"fh_pr", "fh_cl", "v2x_ex_military"}
_WEAK_LINK = (
    "v2x_polyarchy",
    "v2x_libdem",
    "v2x_civlib",
    "polity2",
    "euds",
    "xm_qudsest",
    "fh_pr",
    "fh_cl",
    "hr_protection",
)


@keeps_provenance
def add_democracy(frame: Any, *, sources: Sequence[str] | None = None) -> pl.DataFrame:
    """Add democracy and human-rights measures.

    Works on state-years and dyad-years (directed or not), COW or Gleditsch-Ward codes
    (GW rows are matched through the year-by-year crosswalk). Each source keeps its own
    coverage: a state-year a source does not code is missing, never 0.

    Parameters
    ----------
    frame
        State-year or dyad-year panel (polars or pandas).
    sources
        Any of the keys below (default ``None``: all five), in the order their columns
        are added:

        - ``democracy`` (isard 2026-06-25, 1816-2025): ``v2x_polyarchy`` (V-Dem electoral
          democracy [0, 1]), ``polity2`` (Polity5 [-10, 10]), ``euds`` and ``aeuds``
          (extended Unified Democracy Scores, latent; ``aeuds`` 0 = democracy cut point).
        - ``vdem`` (V-Dem v14, 1970-2023): ``v2x_libdem``, ``v2x_liberal``, ``v2x_civlib``,
          ``v2x_clphy``, ``v2x_rule``, ``v2xcl_rol``, ``v2x_jucon``, ``v2x_ex_military``
          (indices [0, 1]) and ``v2x_regime`` (Regimes of the World, 0 closed autocracy to 3
          liberal democracy).
        - ``quickuds`` (Marquez 2016, 1816-2020): ``xm_qudsest`` (latent; higher = more
          democratic).
        - ``freedom_house`` (Freedom in the World, 1972-2022): ``fh_status`` (0 not free, 1
          partly free, 2 free), ``fh_pr`` and ``fh_cl`` (ratings 1 most free to 7 least free),
          ``fh_electdem`` (0/1), ``fh_pr_score`` [0, 40] and ``fh_cl_score`` [0, 60] (2005 on).
        - ``human_rights`` (Fariss, Kenwick and Reuning v4.01, 1946-2019): ``hr_protection``
          (latent, about -3 to 5; higher = more respect for physical integrity).

    Returns
    -------
    polars.DataFrame
        *frame* with the columns above (``<column>1`` and ``<column>2`` on dyads), same rows
        in the same order. Dyad panels also get the weak link ``<measure>_weak`` (Dixon
        1994: the less democratic side; the higher value for ``fh_pr`` and ``fh_cl``) for
        ``v2x_polyarchy``, ``v2x_libdem``, ``v2x_civlib``, ``polity2``, ``euds``,
        ``xm_qudsest``, ``fh_pr``, ``fh_cl`` and ``hr_protection``; missing when either side
        is. See ``docs/glossary.md`` for every column.

    Raises
    ------
    UnknownNameError
        A name in *sources* is not one of the five keys.
    ValidationError
        *frame* is not a state-year or dyad-year panel.

    Examples
    --------
    >>> import polars as pl
    >>> from socius.panel import dyad_years, state_years
    >>> sy = add_democracy(state_years(years=(2007, 2007)), sources=["democracy"])
    >>> sy.filter(pl.col("ccode") == 740).select("v2x_polyarchy", "polity2").row(0)
    (0.849, 10.0)
    >>> d = dyad_years(directed=False, years=(2007, 2007)).filter(
    ...     (pl.col("ccode1") == 710) & (pl.col("ccode2") == 740))
    >>> add_democracy(d, sources=["democracy"]).select("polity21", "polity22", "polity2_weak").row(0)
    (-7.0, 10.0, -7.0)
    """
    df = as_polars(frame)
    shape = panel_shape(df)
    chosen = _choose(sources, list(DEMOCRACY_SOURCES), "democracy source")
    table: pl.DataFrame | None = None
    for name in chosen:
        cols = list(DEMOCRACY_SOURCES[name])
        part = load(name, columns=["ccode", "year", *cols])
        table = (
            part
            if table is None
            else table.join(part, on=["ccode", "year"], how="full", coalesce=True)
        )
    assert table is not None
    cols = [c for name in chosen for c in DEMOCRACY_SOURCES[name]]
    out = merge_state(df, table, cols)
    if shape.unit == "dyad":
        weak = []
        for c in _WEAK_LINK:
            if c in cols:
                fn = pl.max_horizontal if c in _LOWER_IS_BETTER else pl.min_horizontal
                both = pl.when(pl.col(f"{c}1").is_null() | pl.col(f"{c}2").is_null()).then(None)
                weak.append(both.otherwise(fn(f"{c}1", f"{c}2")).alias(f"{c}_weak"))
        out = out.with_columns(weak)
    for name in chosen:
        out = record(out, name, sided(DEMOCRACY_SOURCES[name], shape))
    return out


CONVENTIONS = ("socius", "peacesciencer")


def check_conventions(conventions: str) -> str:
    """Validate the *conventions* argument shared by the merges that offer a compatibility mode."""
    if conventions not in CONVENTIONS:
        raise ValidationError(
            f"conventions '{conventions}' is not known; use 'socius' (the documented default) or "
            "'peacesciencer' (to match the R package's output)"
        )
    return conventions


def _contiguity_years(conventions: str) -> pl.DataFrame:
    """Directed contiguity type per dyad-year from the COW spells.

    socius: the closest type (1-5) of the spells in force during the year; spells coded
    "no contiguity" (0) never mask a type in force earlier or later in the same year.
    peacesciencer: the minimum over every spell touching the year, 0 included (so a
    dyad-year in which contiguity ended or began comes out 0).
    """
    spells = load("contiguity")
    if conventions == "socius":
        spells = spells.filter(pl.col("conttype") > 0)
    years = spells.with_columns(
        pl.int_ranges(pl.col("start").dt.year(), pl.col("end").dt.year() + 1, dtype=pl.Int32).alias(
            "year"
        )
    ).explode("year")
    return years.group_by("ccode1", "ccode2", "year").agg(pl.col("conttype").min())


@keeps_provenance
def add_contiguity(frame: Any, *, conventions: str = "socius") -> pl.DataFrame:
    """Add COW direct contiguity (v3.2, 1816-2016).

    Works on state-years and dyad-years (directed or not: the COW table holds both
    orders of each pair), COW or Gleditsch-Ward codes.

    Parameters
    ----------
    frame
        State-year or dyad-year panel (polars or pandas).
    conventions
        ``"socius"`` (default): the closest type *in force during the year*; COW records
        coded "no contiguity" never mask a type in force earlier or later in the year.
        ``"peacesciencer"``: the minimum over every COW record touching the year, "no
        contiguity" records included, as peacesciencer's ``add_contiguity()`` (United
        Kingdom-France 1940 is then 0 instead of 3).

    Returns
    -------
    polars.DataFrame
        Dyad panels get ``conttype``: 0 not contiguous, 1 land or river border, 2-5
        separated by up to 12, 24, 150 or 400 miles of water. State panels get
        ``land_neighbours`` (partners of type 1) and ``sea_neighbours`` (types 2-5), counts.
        0 means no contiguity within 1816-2016; after 2016 (and before 1816) the columns
        are missing, never 0.

    Raises
    ------
    ValidationError
        *conventions* is not ``"socius"`` or ``"peacesciencer"``, or *frame* is not a panel.

    Examples
    --------
    >>> import polars as pl
    >>> from socius.panel import dyad_years
    >>> d = dyad_years(directed=False, years=(2007, 2007)).filter(
    ...     (pl.col("ccode1") == 710) & (pl.col("ccode2") == 740))
    >>> add_contiguity(d)["conttype"].to_list()      # China-Japan: up to 400 miles of water
    [5]
    """
    df = as_polars(frame)
    shape = panel_shape(df)
    span = coverage("contiguity")
    by_year = _contiguity_years(check_conventions(conventions))
    if shape.unit == "dyad":
        out = merge_dyadic(
            df, by_year, ["conttype"], undirected=False, fill={"conttype": 0}, fill_span=span
        )
        return record(out, "contiguity", ["conttype"])
    counts = (
        by_year.group_by("ccode1", "year")
        .agg(
            (pl.col("conttype") == 1).sum().cast(pl.Int16).alias("land_neighbours"),
            (pl.col("conttype") > 1).sum().cast(pl.Int16).alias("sea_neighbours"),
        )
        .rename({"ccode1": "ccode"})
    )
    names = ["land_neighbours", "sea_neighbours"]
    out = merge_state(df, counts, names, fill=dict.fromkeys(names, 0), fill_span=span)
    return record(out, "contiguity", names)


EARTH_RADIUS_KM = 6371.0088
GEOSPHERE_RADIUS_KM = 6378.137  # geosphere's default sphere (the WGS84 equatorial radius)


def _capital_year_table(years: tuple[int, int], conventions: str = "socius") -> pl.DataFrame:
    """One capital per COW state-year.

    socius: the one in office on 1 July, else the last of the year. peacesciencer: the
    first capital of the year (the 1 January capital, as ``add_capital_distance()``).
    """
    caps = (
        load("capitals")
        .with_columns(
            pl.int_ranges(
                pl.col("start").dt.year(), pl.col("end").dt.year() + 1, dtype=pl.Int32
            ).alias("year")
        )
        .explode("year")
        .filter(pl.col("year").is_between(*years))
    )
    if conventions == "peacesciencer":
        ordered = caps.sort(["ccode", "year", "start"])
    else:
        mid = pl.date(pl.col("year"), 7, 1)
        caps = caps.with_columns(((pl.col("start") <= mid) & (pl.col("end") >= mid)).alias("_mid"))
        ordered = caps.sort(
            ["ccode", "year", "_mid", "start"], descending=[False, False, True, True]
        )
    return ordered.unique(["ccode", "year"], keep="first").select("ccode", "year", "lat", "lon")


def great_circle_km(
    lat1: Any, lon1: Any, lat2: Any, lon2: Any, radius_km: float = EARTH_RADIUS_KM
) -> Any:
    """Great-circle distance [km] on a sphere (haversine formula), radius 6,371.0088 km by default.

    >>> round(float(great_circle_km(35.68, 139.69, 39.90, 116.40)))
    2093
    """
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi = p2 - p1
    dlmb = np.radians(np.asarray(lon2) - np.asarray(lon1))
    h = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return 2 * radius_km * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


@keeps_provenance
def add_capital_distance(frame: Any, *, conventions: str = "socius") -> pl.DataFrame:
    """Add ``capdist``: great-circle distance between the two capitals [km] (dyad panels).

    Dyad-years only (directed or not; the distance is symmetric), COW or Gleditsch-Ward
    codes. Capitals come from peacesciencer's ``cow_capitals`` (1816-2024).

    Parameters
    ----------
    frame
        Dyad-year panel (polars or pandas).
    conventions
        ``"socius"`` (default): the capital in office on 1 July of the year (else the last
        of the year), on a sphere of the mean earth radius, 6,371.0088 km.
        ``"peacesciencer"``: the 1 January capital and geosphere's sphere of 6,378.137 km,
        as peacesciencer's ``add_capital_distance()``.

    Returns
    -------
    polars.DataFrame
        *frame* with ``capdist`` [km] (haversine formula), missing where either side has
        no capital on record that year.

    Raises
    ------
    ValidationError
        *frame* is a state-year panel, or *conventions* is not known.

    Examples
    --------
    >>> import polars as pl
    >>> from socius.panel import dyad_years
    >>> d = dyad_years(directed=False, years=(2007, 2007)).filter(
    ...     (pl.col("ccode1") == 710) & (pl.col("ccode2") == 740))
    >>> round(add_capital_distance(d)["capdist"][0])        # Beijing-Tokyo
    2102
    """
    df = as_polars(frame)
    shape = panel_shape(df)
    if shape.unit != "dyad":
        raise ValidationError("capital distance needs a dyad-year panel (ccode1, ccode2, year)")
    check_conventions(conventions)
    caps = _capital_year_table(coverage("capitals"), conventions)
    # A few hundred capitals ever existed: compute the distance between every two of them
    # once, look each side's capital up through the dense (code, year) grid, and gather.
    places = caps.select("lat", "lon").unique(maintain_order=True).with_row_index("_cap")
    caps = caps.join(places, on=["lat", "lon"], how="left").select(
        "ccode", "year", pl.col("_cap").cast(pl.Int32)
    )
    lat, lon = places["lat"].to_numpy(), places["lon"].to_numpy()
    radius = GEOSPHERE_RADIUS_KM if conventions == "peacesciencer" else EARTH_RADIUS_KM
    table = great_circle_km(lat[:, None], lon[:, None], lat[None, :], lon[None, :], radius)
    n = len(lat)
    work = merge_state(df.select(df.columns), caps, ["_cap"])
    c1 = work["_cap1"].fill_null(n).cast(pl.Int64).to_numpy()
    c2 = work["_cap2"].fill_null(n).cast(pl.Int64).to_numpy()
    padded = np.full((n + 1, n + 1), np.nan)  # the extra row and column: no capital known
    padded[:n, :n] = table
    dist = padded.ravel()[c1 * (n + 1) + c2]
    out = df.with_columns(pl.Series("capdist", dist).fill_nan(None))
    return record(out, "capitals", ["capdist"])


@keeps_provenance
def add_minimum_distance(frame: Any) -> pl.DataFrame:
    """Add ``mindist``: minimum distance between the two territories [km] (CShapes 2.0, 1886-2019).

    Dyad-years only (directed or not: the table holds each pair once and is matched in
    either order), COW or Gleditsch-Ward codes.

    Parameters
    ----------
    frame
        Dyad-year panel (polars or pandas).

    Returns
    -------
    polars.DataFrame
        *frame* with ``mindist`` [km] (0 = the territories touch); missing outside
        1886-2019 and for pairs CShapes does not cover, never 0.

    Raises
    ------
    ValidationError
        *frame* is not a dyad-year panel.

    Examples
    --------
    >>> import polars as pl
    >>> from socius.panel import dyad_years
    >>> d = dyad_years(directed=False, years=(2007, 2007)).filter(
    ...     (pl.col("ccode1") == 710) & (pl.col("ccode2") == 740))
    >>> round(float(add_minimum_distance(d)["mindist"][0]))     # China-Japan
    414
    """
    df = as_polars(frame)
    out = merge_dyadic(df, load("mindist"), ["mindist"], undirected=True)
    return record(out, "mindist", ["mindist"])


@keeps_provenance
def add_major_powers(frame: Any) -> pl.DataFrame:
    """Add major-power status: ``cowmaj`` (COW, 1816-2024) and Maoz's ``maoz_regional`` and
    ``maoz_global`` (1816-2019), each 1/0 within coverage (both sides on dyads).

    Works on state-years and dyad-years (directed or not), COW or Gleditsch-Ward codes.

    Parameters
    ----------
    frame
        State-year or dyad-year panel (polars or pandas).

    Returns
    -------
    polars.DataFrame
        ``cowmaj`` (COW major powers v2016; spells open at the end of 2016 continue to
        2024), ``maoz_regional`` and ``maoz_global`` (Maoz 2010, extended to 2019 in
        peacesciencer): 1 major power that year, 0 not; missing outside each source's
        coverage, never 0. Dyad panels get ``cowmaj1``, ``cowmaj2`` and so on.

    Raises
    ------
    ValidationError
        *frame* is not a panel.

    Examples
    --------
    >>> import polars as pl
    >>> from socius.panel import state_years
    >>> sy = add_major_powers(state_years(years=(2007, 2007)))
    >>> sy.filter(pl.col("ccode") == 740).select("cowmaj", "maoz_regional", "maoz_global").row(0)
    (1, 1, 0)
    """
    df = as_polars(frame)
    shape = panel_shape(df)
    parts = []
    for name, col, filt in (
        ("major_powers", "cowmaj", None),
        ("maoz_powers", "maoz_regional", "regional"),
        ("maoz_powers", "maoz_global", "global"),
    ):
        spells = load(name)
        if filt is not None:
            spells = spells.filter(pl.col("kind") == filt)
        lo, hi = coverage(name)
        end = (
            pl.when(pl.col("end").dt.year() >= int(load_coded_until(name)))
            .then(pl.lit(hi))
            .otherwise(pl.col("end").dt.year())
        )
        yrs = spells.with_columns(
            pl.int_ranges(pl.col("start").dt.year(), end + 1, dtype=pl.Int32).alias("year")
        ).explode("year")
        parts.append(
            (
                col,
                yrs.select("ccode", "year")
                .unique()
                .with_columns(pl.lit(1, dtype=pl.Int8).alias(col)),
                (lo, hi),
                name,
            )
        )
    # One lookup for the three flags; each is then 0 within its own coverage.
    table: pl.DataFrame | None = None
    for _col, part, _span, _name in parts:
        table = (
            part
            if table is None
            else table.join(part, on=["ccode", "year"], how="full", coalesce=True)
        )
    assert table is not None
    cols = [p[0] for p in parts]
    out = merge_state(df, table, cols)
    fills = []
    for col, _part, span, _name in parts:
        for name in sided([col], shape):
            fills.append(_fill_within(name, 0, span).cast(pl.Int8))
    out = out.with_columns(fills).select(
        *df.columns, *[n for col in cols for n in sided([col], shape)]
    )
    for col, _part, _span, name in parts:
        out = record(out, name, sided([col], shape))
    return out


def load_coded_until(name: str) -> int:
    from socius.data import info

    cov = info(name).coverage
    return int(cov.get("coded_until", cov.get("end", 9999)))


@keeps_provenance
def add_igos(frame: Any, *, organisations: Sequence[str] = ()) -> pl.DataFrame:
    """Add IGO memberships (COW IGO v3.0, 1816-2014).

    Works on state-years and dyad-years (directed or not: shared memberships are matched
    in either order), COW or Gleditsch-Ward codes.

    Parameters
    ----------
    frame
        State-year or dyad-year panel (polars or pandas).
    organisations
        COW IGO abbreviations, any case (``("nato", "asean")``): one 0/1 column per
        organisation, ``igo_<name>``, 1 = full member that year (both sides on dyads,
        ``igo_nato1``, ``igo_nato2``). Default: none.

    Returns
    -------
    polars.DataFrame
        State panels: ``igo_full`` (number of IGOs with full membership) and ``igo_any``
        (with any status), missing for state-years COW IGO does not list. Dyad panels:
        ``igo_shared`` (IGOs in which both are full members), 0 within 1816-2014. Every
        column is missing outside 1816-2014, never 0.

    Raises
    ------
    UnknownNameError
        An organisation is not in the ``igo_members`` dataset (the message suggests the
        closest names).
    ValidationError
        *frame* is not a panel.

    Examples
    --------
    >>> import polars as pl
    >>> from socius.panel import state_years
    >>> sy = add_igos(state_years(years=(2007, 2007)), organisations=("nato",))
    >>> sy.filter(pl.col("ccode") == 740).select("igo_full", "igo_any", "igo_nato").row(0)
    (83, 86, 0)
    """
    df = as_polars(frame)
    shape = panel_shape(df)
    span = coverage("igo_counts")
    if shape.unit == "dyad":
        out = merge_dyadic(
            df,
            load("igo_dyads"),
            ["igo_shared"],
            undirected=True,
            fill={"igo_shared": 0},
            fill_span=span,
        )
        out = record(out, "igo_dyads", ["igo_shared"])
    else:
        out = merge_state(
            df,
            load("igo_counts", columns=["ccode", "year", "igo_full", "igo_any"]),
            ["igo_full", "igo_any"],
        )
        out = record(out, "igo_counts", ["igo_full", "igo_any"])
    if organisations:
        members = load("igo_members")
        known = sorted(set(members["igo"].to_list()))
        for org in organisations:
            key = org.lower()
            if key not in known:
                raise UnknownNameError(
                    f"unknown organisation '{org}'{suggest(key, known)}; see the igo_members dataset"
                )
            col = f"igo_{key}"
            rows = members.filter((pl.col("igo") == key) & (pl.col("status") == 1)).select(
                "ccode", "year", pl.lit(1, dtype=pl.Int8).alias(col)
            )
            out = merge_state(out, rows, [col], fill={col: 0}, fill_span=coverage("igo_members"))
            out = record(out, "igo_members", sided([col], shape))
    return out


@keeps_provenance
def add_nuclear(frame: Any) -> pl.DataFrame:
    """Add nuclear status (0-3, Bleek/NTI, 1938-2022), warheads (FAS, 1945-2023; 0 for states
    without weapons) and nuclear tests (ACA, 1945-2019; 0 in years without tests).

    Works on state-years and dyad-years (directed or not), COW or Gleditsch-Ward codes;
    the three series come from Our World in Data's compilations.

    Parameters
    ----------
    frame
        State-year or dyad-year panel (polars or pandas).

    Returns
    -------
    polars.DataFrame
        ``nuclear_status`` (0 no consideration, 1 consideration, 2 pursuit, 3 possession;
        Bleek 2017 and NTI, OWID 2024), ``warheads`` (estimated stockpile; FAS 2023) and
        ``nuclear_tests`` (explosive tests that year; ACA 2020). ``<column>1`` and
        ``<column>2`` on dyads. Each is missing outside its coverage (1938-2022,
        1945-2023, 1945-2019), never 0.

    Raises
    ------
    ValidationError
        *frame* is not a panel.

    Examples
    --------
    >>> import polars as pl
    >>> from socius.panel import state_years
    >>> sy = add_nuclear(state_years(years=(2007, 2007)))
    >>> sy.filter(pl.col("ccode") == 710).select("nuclear_status", "warheads", "nuclear_tests").row(0)
    (3, 235, 0)
    """
    df = as_polars(frame)
    shape = panel_shape(df)
    out = merge_state(df, load("nuclear_status"), ["nuclear_status"])
    out = record(out, "nuclear_status", sided(["nuclear_status"], shape))
    out = merge_state(
        out,
        load("nuclear_stockpiles"),
        ["warheads"],
        fill={"warheads": 0},
        fill_span=coverage("nuclear_stockpiles"),
    )
    out = record(out, "nuclear_stockpiles", sided(["warheads"], shape))
    out = merge_state(
        out,
        load("nuclear_tests"),
        ["nuclear_tests"],
        fill={"nuclear_tests": 0},
        fill_span=coverage("nuclear_tests"),
    )
    return record(out, "nuclear_tests", sided(["nuclear_tests"], shape))


@keeps_provenance
def add_ideal_points(frame: Any) -> pl.DataFrame:
    """Add UN General Assembly ideal points (Bailey, Strezhnev and Voeten, 1946-2023).

    Works on state-years and dyad-years (directed or not), COW or Gleditsch-Ward codes.
    Ideal points come from the June 2024 release.

    Parameters
    ----------
    frame
        State-year or dyad-year panel (polars or pandas).

    Returns
    -------
    polars.DataFrame
        ``idealpoint`` (latent scale; higher = closer to the US-led liberal order), ``idealpoint_q05`` and ``idealpoint_q95`` (5% and 95% posterior quantiles);
        dyad panels get both sides (``idealpoint1``, ``idealpoint_q051``...) and
        ``idealpoint_dist`` = ``|idealpoint1 - idealpoint2|``. Missing outside 1946-2023
        and in years a state did not vote, never 0.

    Raises
    ------
    ValidationError
        *frame* is not a panel.

    References
    ----------
    Bailey, Michael A., Anton Strezhnev and Erik Voeten. 2017. "Estimating Dynamic State
    Preferences from United Nations Voting Data." Journal of Conflict Resolution 61(2):
    430-456. doi:10.1177/0022002715595700

    Examples
    --------
    >>> import polars as pl
    >>> from socius.panel import dyad_years
    >>> d = dyad_years(directed=False, years=(2007, 2007)).filter(
    ...     (pl.col("ccode1") == 710) & (pl.col("ccode2") == 740))
    >>> [round(x, 3) for x in add_ideal_points(d).select("idealpoint1", "idealpoint2", "idealpoint_dist").row(0)]
    [-0.611, 0.615, 1.225]
    """
    df = as_polars(frame)
    shape = panel_shape(df)
    cols = ["idealpoint", "idealpoint_q05", "idealpoint_q95"]
    out = merge_state(df, load("unga_idealpoints", columns=["ccode", "year", *cols]), cols)
    if shape.unit == "dyad":
        out = out.with_columns(
            (pl.col("idealpoint1") - pl.col("idealpoint2")).abs().alias("idealpoint_dist")
        )
    return record(out, "unga_idealpoints", sided(cols, shape))


def _derived(name: str) -> Callable[..., pl.DataFrame]:
    def run(frame: Any, **kwargs: Any) -> pl.DataFrame:
        from socius.panel import derived

        fn: Callable[..., pl.DataFrame] = getattr(derived, name)
        return fn(frame, **kwargs)

    run.__name__ = name
    return run


BUILTIN_MERGES: dict[str, Callable[..., pl.DataFrame]] = {
    "capabilities": add_capabilities,
    "alliances": add_alliances,
    "democracy": add_democracy,
    "contiguity": add_contiguity,
    "distance": add_capital_distance,
    "mindist": add_minimum_distance,
    "majors": add_major_powers,
    "igos": add_igos,
    "nuclear": add_nuclear,
    "idealpoints": add_ideal_points,
    "gdppop": _conflict.add_gdp_population,
    "gml_mids": _conflict.add_gml_mids,
    "cow_mids": _conflict.add_cow_mids,
    "cow_wars": _conflict.add_cow_wars,
    "ucdp": _conflict.add_ucdp_acd,
    "ucdp_onsets": _conflict.add_ucdp_onsets,
    "rivalries": _conflict.add_strategic_rivalries,
    "lead": _leaders.add_lead,
    "sipri": _derived("add_sipri_milex"),
}


class _MergeTable(Mapping[str, Callable[..., pl.DataFrame]]):
    """Every merge by name: the built-ins and those the analysis packages register.

    Looking up an analysis merge (``similarity``, ``expected_utility``/``eu``) imports the
    package that registers it; see :mod:`socius.panel.registry`.
    """

    def _names(self) -> list[str]:
        return list(dict.fromkeys([*BUILTIN_MERGES, *PROVIDERS, *registered_merges()]))

    def __getitem__(self, name: str) -> Callable[..., pl.DataFrame]:
        if name not in self._names():
            raise KeyError(name)
        return get_merge(name, builtins=BUILTIN_MERGES)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())

    def __contains__(self, name: object) -> bool:
        return name in self._names()


MERGES: Mapping[str, Callable[..., pl.DataFrame]] = _MergeTable()


def add_merges(frame: Any, names: Sequence[str]) -> pl.DataFrame:
    """Apply the merges named in *names* (keys of :data:`MERGES`) in order.

    Each merge runs with its default arguments; call the ``add_*`` function itself to
    pass options (``rule=``, ``sources=``, ``conventions=``...).

    Parameters
    ----------
    frame
        State-year, dyad-year or leader-year panel (polars or pandas).
    names
        Merge names, e.g. ``["capabilities", "alliances", "democracy"]``: ``capabilities``,
        ``alliances``, ``democracy``, ``contiguity``, ``distance``, ``mindist``, ``majors``,
        ``igos``, ``nuclear``, ``idealpoints``, ``gdppop``, ``gml_mids``, ``cow_mids``,
        ``cow_wars``, ``ucdp``, ``ucdp_onsets``, ``rivalries``, ``lead``, ``sipri``, and
        the registered ``similarity`` and ``expected_utility`` (alias ``eu``). The table
        in ``docs/panels.md`` lists the columns each adds.

    Returns
    -------
    polars.DataFrame
        *frame* with every merge's columns, the same rows in the same order, and the
        provenance of each dataset used.

    Raises
    ------
    UnknownNameError
        A name is not a merge; raised before any merge runs.
    ValidationError, CoverageError, DataError
        As raised by the merges themselves (a dyad-only merge on a state panel, ``sipri``
        before the SIPRI workbook is imported).

    Examples
    --------
    >>> import polars as pl
    >>> from socius.panel import state_years
    >>> sy = add_merges(state_years(years=(2007, 2007)), ["majors", "nuclear"])
    >>> sy.filter(pl.col("ccode") == 740).select("cowmaj", "nuclear_status").row(0)
    (1, 0)
    """
    bad = [n for n in names if n not in MERGES]
    if bad:
        raise UnknownNameError(
            f"unknown merge '{bad[0]}'{suggest(bad[0], list(MERGES))}; choose from: {', '.join(MERGES)}"
        )
    out = as_polars(frame)
    for name in names:
        out = get_merge(name, builtins=BUILTIN_MERGES)(out)
    return out
