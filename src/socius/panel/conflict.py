"""Conflict and context merges: MIDs (GML 2.2.1, COW-MID 5.0), COW wars, UCDP/PRIO armed
conflict and onsets, strategic rivalries, and GDP and population.

Dispute data come as dispute-years: a dyad can have several disputes in one year
(France-Italy 1860 had three onsets). :func:`whittle` picks one row per dyad-year by a
rule the user names; ``"peacesciencer"`` reproduces peacesciencer's ``add_gml_mids()`` and
``add_cow_mids()`` dispute for dispute (checked at build time against the package's
whittled files, and in the tests against a committed sample of them).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

from socius.data import load
from socius.errors import UnknownNameError, ValidationError, suggest
from socius.panel._base import (
    as_polars,
    coverage,
    keeps_provenance,
    merge_dyadic,
    merge_state,
    panel_shape,
    record,
    sided,
)

__all__ = [
    "MID_COLUMNS",
    "WHITTLE_RULES",
    "add_cow_mids",
    "add_cow_wars",
    "add_gdp_population",
    "add_gml_mids",
    "add_strategic_rivalries",
    "add_ucdp_acd",
    "add_ucdp_onsets",
    "whittle",
]

#: Rules for dyad-years with several disputes.
WHITTLE_RULES = ("peacesciencer", "first", "severe", "all")
#: Dispute columns that can be kept besides onset, ongoing and the dispute number.
MID_COLUMNS = (
    "sidea1",
    "sidea2",
    "orig1",
    "orig2",
    "fatality1",
    "fatality2",
    "hostlev1",
    "hostlev2",
    "hiact1",
    "hiact2",
    "fatality",
    "hostlev",
    "mindur",
    "recip",
    "stmon",
)
_KEY = ["ccode1", "ccode2", "year"]


def _fatality_rank() -> pl.Expr:
    # peacesciencer ranks an unknown fatality level (-9) as 0.5: fatal, but barely.
    return (
        pl.when(pl.col("fatality") == -9).then(0.5).otherwise(pl.col("fatality").cast(pl.Float64))
    )


def whittle(disputes: pl.DataFrame, rule: str = "peacesciencer") -> pl.DataFrame:
    """Keep one dispute per dyad-year of directed dispute-years (``gml_mids``/``cow_mids`` rows).

    Parameters
    ----------
    disputes : polars.DataFrame
        Directed dispute-years with ``dispnum, ccode1, ccode2, year, onset, fatality,
        hostlev, mindur, recip, stmon``.
    rule : {"peacesciencer", "first", "severe", "all"}
        Which dispute a dyad-year keeps:

        - ``peacesciencer``: Miller's (2021) order: unique onsets over continuing disputes,
          then the highest dispute fatality (-9 counted as 0.5), highest hostility level,
          longest minimum duration, reciprocated over not, earliest start month, lowest
          dispute number.
        - ``first``: the dispute that began first: continuing disputes before new onsets,
          then the earliest start month, then the lowest dispute number.
        - ``severe``: the most severe: highest hostility level, then fatality, then minimum
          duration, then the peacesciencer order.
        - ``all``: every dispute (a dyad-year may then appear several times).

    Returns
    -------
    polars.DataFrame
        The rows kept, sorted by ``ccode1, ccode2, year``.

    Examples
    --------
    >>> import polars as pl
    >>> d = pl.DataFrame({"dispnum": [1, 2], "ccode1": [2, 2], "ccode2": [20, 20],
    ...     "year": [1900, 1900], "onset": [0, 1], "fatality": [1, 0], "hostlev": [4, 2],
    ...     "mindur": [5, 5], "recip": [1, 1], "stmon": [3, 6]})
    >>> whittle(d)["dispnum"].to_list(), whittle(d, "severe")["dispnum"].to_list()
    ([2], [1])
    """
    if rule not in WHITTLE_RULES:
        raise UnknownNameError(
            f"unknown rule '{rule}'{suggest(rule, WHITTLE_RULES)}; choose from: {', '.join(WHITTLE_RULES)}"
        )
    if rule == "all":
        return disputes.sort([*_KEY, "dispnum"])
    frame = disputes.with_columns(_fatality_rank().alias("_fat"))
    ps = ["onset", "_fat", "hostlev", "mindur", "recip", "stmon", "dispnum"]
    ps_desc = [True, True, True, True, True, False, False]
    if rule == "peacesciencer":
        by, desc = ps, ps_desc
    elif rule == "first":
        by, desc = ["onset", "stmon", "dispnum"], [False, False, False]
    else:
        by, desc = ["hostlev", "_fat", "mindur", *ps], [True, True, True, *ps_desc]
    return (
        frame.sort([*_KEY, *by], descending=[False] * 3 + desc, nulls_last=True)
        .unique(_KEY, keep="first", maintain_order=True)
        .drop("_fat")
    )


def _add_mids(
    frame: Any, dataset: str, prefix: str, rule: str, keep: Sequence[str] | None
) -> pl.DataFrame:
    df = as_polars(frame)
    shape = panel_shape(df)
    if shape.unit != "dyad" or shape.system != "cow":
        raise ValidationError(
            f"{dataset} needs a COW dyad-year panel (ccode1, ccode2, year); build one with dyad_years()"
        )
    extra = list(MID_COLUMNS) if keep is None else list(keep)
    bad = [c for c in extra if c not in MID_COLUMNS]
    if bad:
        raise UnknownNameError(
            f"unknown dispute column '{bad[0]}'{suggest(bad[0], MID_COLUMNS)}; choose from: {', '.join(MID_COLUMNS)}"
        )
    chosen = whittle(load(dataset), rule)
    names = {
        "onset": f"{prefix}onset",
        "ongoing": f"{prefix}ongoing",
        "dispnum": f"{prefix}_dispnum",
        **{c: f"{prefix}_{c}" for c in extra},
    }
    table = chosen.select(*_KEY, *[pl.col(c).alias(n) for c, n in names.items()])
    span = coverage(dataset)
    flags = [names["onset"], names["ongoing"]]
    if rule == "all":
        before = df.height
        out = df.join(table, on=_KEY, how="left", maintain_order="left")
        inside = pl.col("year").is_between(*span)
        out = out.with_columns(
            [pl.when(inside).then(pl.col(c).fill_null(0)).otherwise(None).alias(c) for c in flags]
        )
        assert out.height >= before
    else:
        out = merge_dyadic(
            df,
            table,
            list(names.values()),
            undirected=False,
            fill=dict.fromkeys(flags, 0),
            fill_span=span,
        )
    out = out.with_columns([pl.col(c).cast(pl.Int8) for c in flags])
    return record(out, dataset, list(names.values()))


@keeps_provenance
def add_gml_mids(
    frame: Any, *, rule: str = "peacesciencer", keep: Sequence[str] | None = None
) -> pl.DataFrame:
    """Add Gibler-Miller-Little MIDs (v2.2.1, 1816-2010) to a COW dyad-year panel.

    Parameters
    ----------
    frame
        COW dyad-year panel (directed or not: the dispute data hold both directions).
    rule
        How to choose among several disputes in one dyad-year (see :func:`whittle`):
        ``"peacesciencer"`` (default), ``"first"``, ``"severe"`` or ``"all"`` (every
        dispute; the panel then gains rows, the one exception to the row-count rule).
    keep
        Dispute columns to add besides onset and ongoing (default: all of
        :data:`MID_COLUMNS`), named ``gmlmid_<column>``.

    Returns
    -------
    polars.DataFrame
        ``gmlmidonset`` and ``gmlmidongoing`` (1/0 within 1816-2010, missing outside),
        ``gmlmid_dispnum`` and the kept columns (missing where no dispute).
    """
    return _add_mids(frame, "gml_mids", "gmlmid", rule, keep)


@keeps_provenance
def add_cow_mids(
    frame: Any, *, rule: str = "peacesciencer", keep: Sequence[str] | None = None
) -> pl.DataFrame:
    """Add Correlates of War MIDs (v5.0, 1816-2014): ``cowmidonset``, ``cowmidongoing``,
    ``cowmid_dispnum`` and the kept columns; arguments as :func:`add_gml_mids`.

    COW dyad-years only, directed or not (the dispute data hold both directions of every
    pair); Gleditsch-Ward panels are refused.

    Parameters
    ----------
    frame
        COW dyad-year panel (``ccode1, ccode2, year``; polars or pandas).
    rule
        How to choose among several disputes in one dyad-year (see :func:`whittle`):
        ``"peacesciencer"`` (default; reproduces peacesciencer's ``add_cow_mids()``),
        ``"first"``, ``"severe"`` or ``"all"`` (every dispute: the panel then gains rows).
    keep
        Dispute columns to add besides onset and ongoing (default ``None``: all of
        :data:`MID_COLUMNS`, such as ``hostlev`` [1-5], ``fatality``, ``sidea1``), each named
        ``cowmid_<column>``; ``[]`` adds none.

    Returns
    -------
    polars.DataFrame
        ``cowmidonset`` and ``cowmidongoing`` (1 a dispute between the two began / went on
        that year, 0 none; missing outside 1816-2014, never 0), ``cowmid_dispnum`` (COW
        dispute number) and the kept columns (missing in dyad-years without a dispute).

    Raises
    ------
    ValidationError
        *frame* is not a COW dyad-year panel.
    UnknownNameError
        *rule* or a name in *keep* is not known.

    References
    ----------
    Palmer, Glenn, Roseanne W. McManus, Vito D'Orazio, Michael R. Kenwick, Mikaela Karstens,
    Chase Bloch, Nick Dietrich, Kayla Kahn, Kellan Ritter and Michael J. Soules. 2022.
    "The MID5 Dataset, 2011-2014: Procedures, Coding Rules, and Description." Conflict
    Management and Peace Science 39(4): 470-482. doi:10.1177/0738894221995743

    Examples
    --------
    >>> import polars as pl
    >>> from socius.panel import dyad_years
    >>> d = dyad_years(directed=False, years=(2007, 2007)).filter(
    ...     (pl.col("ccode1") == 710) & (pl.col("ccode2") == 740))
    >>> add_cow_mids(d, keep=["hostlev"]).select(
    ...     "cowmidonset", "cowmidongoing", "cowmid_dispnum", "cowmid_hostlev").row(0)
    (1, 1, 4478, 3)
    """
    return _add_mids(frame, "cow_mids", "cowmid", rule, keep)


@keeps_provenance
def add_cow_wars(frame: Any, *, kind: str = "inter") -> pl.DataFrame:
    """Add COW wars: inter-state (v4.0, 1816-2007) or intra-state (v4.1, 1816-2008).

    Works on state-years and dyad-years (directed or not), COW or Gleditsch-Ward codes.

    Parameters
    ----------
    frame
        State-year or dyad-year panel (polars or pandas).
    kind
        ``"inter"`` (default): COW Inter-State War data v4.0. ``"intra"``: COW Intra-State
        War data v4.1 (civil wars, with every state that took part on either side).

    Returns
    -------
    polars.DataFrame
        ``kind="inter"``: dyad panels get ``cowinteronset`` and ``cowinterongoing`` (1 when
        the two states fought on opposite sides of a war that began, or went on, that
        year); state panels get the same flags for the state's part in any inter-state
        war. ``kind="intra"``: ``cowintraonset`` and ``cowintraongoing`` per state (on dyads
        ``cowintraonset1``, ``cowintraonset2``...). 0 = no war within coverage; missing after
        2007 (inter) or 2008 (intra), never 0. Several wars in one year count once.

    Raises
    ------
    UnknownNameError
        *kind* is not ``"inter"`` or ``"intra"``.
    ValidationError
        *frame* is not a panel.

    References
    ----------
    Sarkees, Meredith Reid, and Frank Whelon Wayman. 2010. *Resort to War: 1816-2007*.
    Washington, DC: CQ Press.

    Examples
    --------
    >>> import polars as pl
    >>> from socius.panel import dyad_years
    >>> d = dyad_years(years=(2003, 2003)).filter((pl.col("ccode1") == 2) & (pl.col("ccode2") == 645))
    >>> add_cow_wars(d).select("cowinteronset", "cowinterongoing").row(0)   # United States-Iraq
    (1, 1)
    """
    df = as_polars(frame)
    shape = panel_shape(df)
    if kind not in ("inter", "intra"):
        raise UnknownNameError(f"unknown war kind '{kind}'; choose 'inter' or 'intra'")
    dataset = f"cow_war_{kind}"
    span = coverage(dataset)
    wars = load(dataset)
    cols = [f"cow{kind}onset", f"cow{kind}ongoing"]
    if kind == "inter" and shape.unit == "dyad":
        table = wars.group_by(_KEY).agg([pl.col(c).max() for c in cols])
        out = merge_dyadic(
            df, table, cols, undirected=False, fill=dict.fromkeys(cols, 0), fill_span=span
        )
        return record(out, dataset, cols)
    if kind == "inter":
        table = (
            wars.rename({"ccode1": "ccode"})
            .group_by("ccode", "year")
            .agg([pl.col(c).max() for c in cols])
        )
    else:
        table = wars.group_by("ccode", "year").agg([pl.col(c).max() for c in cols])
    out = merge_state(df, table, cols, fill=dict.fromkeys(cols, 0), fill_span=span)
    return record(out, dataset, sided(cols, shape))


def _gw_table_to_cow(table: pl.DataFrame) -> pl.DataFrame:
    """Re-key a Gleditsch-Ward state-year table to COW codes (the cow_gw crosswalk)."""
    cw = load("cow_gw").filter(pl.col("ccode").is_not_null() & pl.col("gwcode").is_not_null())
    cw = cw.select("gwcode", "year", "ccode").unique(["gwcode", "year"], keep="first")
    out = table.join(cw, on=["gwcode", "year"], how="inner").drop("gwcode")
    return out.unique(["ccode", "year"], keep="first")


UCDP_TYPES = ("extrasystemic", "interstate", "intrastate", "internationalized")


@keeps_provenance
def add_ucdp_acd(frame: Any, *, types: Sequence[str] = UCDP_TYPES) -> pl.DataFrame:
    """Add UCDP/PRIO armed conflict (v25.1, 1946-2024) for the primary parties of each conflict.

    Works on state-years and dyad-years (directed or not), COW or Gleditsch-Ward codes
    (UCDP uses Gleditsch-Ward codes; COW panels are matched through the crosswalk).

    Parameters
    ----------
    frame
        State-year or dyad-year panel (polars or pandas).
    types
        Conflict types to count, any of ``"extrasystemic"``, ``"interstate"``,
        ``"intrastate"``, ``"internationalized"`` (internationalized intrastate); default
        all four.

    Returns
    -------
    polars.DataFrame
        ``ucdpongoing`` (1 if the state was a primary party to an armed conflict of the
        chosen *types* that year, 0 if not), ``ucdponset`` (1 if one of those conflicts
        began a new episode that year) and ``ucdpmaxintensity`` (1 minor, 25-999 battle
        deaths in the year; 2 war, 1,000 or more; missing without conflict). Dyad panels
        get both sides (``ucdpongoing1``...) and ``ucdpdyadongoing``: 1 if the two were
        primary parties on opposite sides of one of those conflicts that year. Missing
        outside 1946-2024, never 0.

    Raises
    ------
    UnknownNameError
        A name in *types* is not one of the four.
    ValidationError
        *frame* is not a panel.

    References
    ----------
    Gleditsch, Nils Petter, Peter Wallensteen, Mikael Eriksson, Margareta Sollenberg and
    Håvard Strand. 2002. "Armed Conflict 1946-2001: A New Dataset." Journal of Peace
    Research 39(5): 615-637. doi:10.1177/0022343302039005007

    Examples
    --------
    >>> import polars as pl
    >>> from socius.panel import dyad_years
    >>> d = dyad_years(years=(2003, 2003)).filter((pl.col("ccode1") == 2) & (pl.col("ccode2") == 645))
    >>> add_ucdp_acd(d, types=["interstate"]).select(
    ...     "ucdpongoing1", "ucdponset1", "ucdpmaxintensity1", "ucdpdyadongoing").row(0)
    (1, 1, 2, 1)
    """
    df = as_polars(frame)
    shape = panel_shape(df)
    bad = [t for t in types if t not in UCDP_TYPES]
    if bad:
        raise UnknownNameError(
            f"unknown conflict type '{bad[0]}'{suggest(bad[0], UCDP_TYPES)}; choose from: {', '.join(UCDP_TYPES)}"
        )
    acd = load("ucdp_acd").filter(pl.col("type_of_conflict").is_in(list(types)))
    table = acd.group_by("gwcode", "year").agg(
        pl.lit(1, dtype=pl.Int8).alias("ucdpongoing"),
        pl.col("episode_onset").max().cast(pl.Int8).alias("ucdponset"),
        pl.col("intensity_level").max().cast(pl.Int8).alias("ucdpmaxintensity"),
    )
    cols = ["ucdpongoing", "ucdponset", "ucdpmaxintensity"]
    span = coverage("ucdp_acd")
    fill = {"ucdpongoing": 0, "ucdponset": 0}
    if shape.system == "gw" and shape.unit == "state":
        out = df.join(table, on=["gwcode", "year"], how="left", maintain_order="left")
        inside = pl.col("year").is_between(*span)
        out = out.with_columns(
            [pl.when(inside).then(pl.col(c).fill_null(0)).otherwise(None).alias(c) for c in fill]
        )
    else:
        out = merge_state(df, _gw_table_to_cow(table), cols, fill=fill, fill_span=span)
    names = sided(cols, shape)
    if shape.unit == "dyad":
        out = _ucdp_dyads(out, acd, span)
        names.append("ucdpdyadongoing")
    return record(out, "ucdp_acd", names)


def _ucdp_dyads(frame: pl.DataFrame, acd: pl.DataFrame, span: tuple[int, int]) -> pl.DataFrame:
    """``ucdpdyadongoing``: the two states were primary parties on opposite sides that year."""
    a = acd.filter(pl.col("side") == "a").select(
        "conflict_id", "year", pl.col("gwcode").alias("g1")
    )
    b = acd.filter(pl.col("side") == "b").select(
        "conflict_id", "year", pl.col("gwcode").alias("g2")
    )
    pairs = a.join(b, on=["conflict_id", "year"])
    both = pl.concat([pairs, pairs.rename({"g1": "g2", "g2": "g1"}).select(pairs.columns)])
    cw = load("cow_gw").filter(pl.col("ccode").is_not_null() & pl.col("gwcode").is_not_null())
    cw = cw.select("gwcode", "year", "ccode").unique(["gwcode", "year"], keep="first")
    table = (
        both.join(cw.rename({"gwcode": "g1", "ccode": "ccode1"}), on=["g1", "year"])
        .join(cw.rename({"gwcode": "g2", "ccode": "ccode2"}), on=["g2", "year"])
        .select("ccode1", "ccode2", "year", pl.lit(1, dtype=pl.Int8).alias("ucdpdyadongoing"))
        .unique(_KEY)
    )
    return merge_dyadic(
        frame,
        table,
        ["ucdpdyadongoing"],
        undirected=False,
        fill={"ucdpdyadongoing": 0},
        fill_span=span,
    )


@keeps_provenance
def add_ucdp_onsets(frame: Any) -> pl.DataFrame:
    """Add UCDP conflict onsets (Pettersson et al., 1946-2017): ``sumnewconf`` and
    ``sumonset1``/``2``/``3``/``5``/``10`` (onsets after 1, 2, 3, 5 or 10 years without
    conflict) per state-year (both sides on dyads).

    Works on state-years and dyad-years (directed or not), COW or Gleditsch-Ward codes
    (the UCDP onset data, v19.1, use Gleditsch-Ward codes; COW panels are matched through
    the crosswalk).

    Parameters
    ----------
    frame
        State-year or dyad-year panel (polars or pandas).

    Returns
    -------
    polars.DataFrame
        Counts per state-year: ``sumnewconf`` (conflicts new to UCDP that year) and
        ``sumonset1``, ``sumonset2``, ``sumonset3``, ``sumonset5``, ``sumonset10`` (onsets
        of a conflict after at least 1, 2, 3, 5 or 10 years without it). On dyads each
        gets the suffix 1 or 2 (``sumnewconf1``, ``sumonset11``...). Missing outside
        1946-2017 and for states the data do not list, never 0.

    Raises
    ------
    ValidationError
        *frame* is not a panel.

    Examples
    --------
    >>> import polars as pl
    >>> from socius.panel import state_years
    >>> sy = add_ucdp_onsets(state_years(years=(2003, 2003)))
    >>> sy.filter(pl.col("ccode") == 2).select("sumnewconf", "sumonset1", "sumonset10").row(0)
    (1, 1, 1)
    """
    df = as_polars(frame)
    shape = panel_shape(df)
    table = load("ucdp_onsets")
    cols = [c for c in table.columns if c not in ("gwcode", "year")]
    if shape.system == "gw" and shape.unit == "state":
        out = df.join(table, on=["gwcode", "year"], how="left", maintain_order="left")
    else:
        out = merge_state(df, _gw_table_to_cow(table), cols)
    return record(out, "ucdp_onsets", sided(cols, shape))


RIVALRY_SOURCES = {"td": "td_rivalries", "tss": "tss_rivalries"}


@keeps_provenance
def add_strategic_rivalries(frame: Any, *, source: str = "td") -> pl.DataFrame:
    """Add strategic rivalries to a COW dyad-year panel (either order of the pair).

    COW dyad-years only, directed or not (a rivalry is matched in either order of the
    pair); Gleditsch-Ward and state-year panels are refused.

    Parameters
    ----------
    frame
        COW dyad-year panel (``ccode1, ccode2, year``; polars or pandas).
    source
        ``"td"`` (default): Thompson and Dreyer (2012), 1816-2010. ``"tss"``: Thompson,
        Sakuwa and Suhas (2021), 1816-2020.

    Returns
    -------
    polars.DataFrame
        ``<source>_rivalry`` (1 the pair were strategic rivals that year, 0 not; missing
        outside the source's coverage, never 0) and, for rival dyad-years only,
        ``<source>_rivalryno`` (rivalry number; the lowest if two overlap) and the type
        flags ``<source>_spatial``, ``<source>_positional``, ``<source>_ideological``,
        ``<source>_interventionary`` (0/1).

    Raises
    ------
    ValidationError
        *frame* is not a COW dyad-year panel.
    UnknownNameError
        *source* is not ``"td"`` or ``"tss"``.

    References
    ----------
    Thompson, William R., and David R. Dreyer. 2012. *Handbook of International
    Rivalries, 1494-2010*. Washington, DC: CQ Press.

    Examples
    --------
    >>> import polars as pl
    >>> from socius.panel import dyad_years
    >>> d = dyad_years(directed=False, years=(2007, 2007)).filter(
    ...     (pl.col("ccode1") == 710) & (pl.col("ccode2") == 740))
    >>> add_strategic_rivalries(d).select("td_rivalry", "td_rivalryno", "td_positional").row(0)
    (1, 189, 1)
    """
    df = as_polars(frame)
    shape = panel_shape(df)
    if shape.unit != "dyad" or shape.system != "cow":
        raise ValidationError("rivalries need a COW dyad-year panel (ccode1, ccode2, year)")
    if source not in RIVALRY_SOURCES:
        raise UnknownNameError(
            f"unknown rivalry source '{source}'{suggest(source, RIVALRY_SOURCES)}; choose 'td' or 'tss'"
        )
    dataset = RIVALRY_SOURCES[source]
    lo, hi = coverage(dataset)
    spells = load(dataset)
    years = (
        spells.with_columns(
            pl.int_ranges(
                pl.max_horizontal(pl.col("start"), pl.lit(lo)),
                pl.min_horizontal(pl.col("end"), pl.lit(hi)) + 1,
                dtype=pl.Int32,
            ).alias("year")
        )
        .explode("year")
        .filter(pl.col("year").is_not_null())
    )
    kinds = ["spatial", "positional", "ideological", "interventionary"]
    table = (
        years.group_by("ccode1", "ccode2", "year")
        .agg(pl.col("rivalryno").min(), *[pl.col(k).max() for k in kinds])
        .with_columns(pl.lit(1, dtype=pl.Int8).alias("rivalry"))
    )
    names = {c: f"{source}_{c}" for c in ["rivalry", "rivalryno", *kinds]}
    table = table.rename(names)
    out = merge_dyadic(
        df,
        table,
        list(names.values()),
        undirected=True,
        fill={names["rivalry"]: 0},
        fill_span=(lo, hi),
    )
    return record(out, dataset, list(names.values()))


GDPPOP_COLUMNS = ("gdppc", "gdppc_sd", "gdp", "gdp_sd", "population", "population_sd")


@keeps_provenance
def add_gdp_population(frame: Any) -> pl.DataFrame:
    """Add simulated GDP per capita, GDP and population with their standard deviations
    (Fariss et al. 2022, 1816-2019; both sides on dyads).

    Works on state-years and dyad-years (directed or not), COW or Gleditsch-Ward codes.
    The values are posterior means of Fariss, Anders, Markowitz and Barnum's latent
    estimates, with their standard deviations as a measure of uncertainty.

    Parameters
    ----------
    frame
        State-year or dyad-year panel (polars or pandas).

    Returns
    -------
    polars.DataFrame
        ``gdppc`` [2011 international dollars, Maddison-anchored], ``gdp`` [million 2017
        international dollars, PWT-anchored], ``population`` [millions, PWT-anchored], and
        ``gdppc_sd``, ``gdp_sd``, ``population_sd`` in the same units; ``<column>1`` and
        ``<column>2`` on dyads. Missing outside 1816-2019, never 0.

    Raises
    ------
    ValidationError
        *frame* is not a panel.

    References
    ----------
    Fariss, Christopher J., Therese Anders, Jonathan N. Markowitz and Miriam Barnum. 2022.
    "New Estimates of Over 500 Years of Historic GDP and Population Data." Journal of
    Conflict Resolution 66(3): 553-591. doi:10.1177/00220027211054432

    Examples
    --------
    >>> import polars as pl
    >>> from socius.panel import state_years
    >>> sy = add_gdp_population(state_years(years=(2007, 2007)))
    >>> [round(x) for x in sy.filter(pl.col("ccode") == 740).select("gdppc", "population").row(0)]
    [36448, 129]
    """
    df = as_polars(frame)
    cols = list(GDPPOP_COLUMNS)
    out = merge_state(df, load("gdppop", columns=["ccode", "year", *cols]), cols)
    return record(out, "gdppop", sided(cols, panel_shape(df)))
