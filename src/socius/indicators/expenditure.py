"""Military expenditure: level, growth, compound annual growth, share of GDP, rank, totals.

The source is the SIPRI Military Expenditure Database once the user has imported it
(``socius data import sipri-milex FILE``); until then COW NMC v7.0 ``milex``
(thousands of current US$ from 1914) stands in, and every frame says so in its
``source`` and ``caveat`` columns. NMC is in current prices, so "constant-price"
requests fall back to current prices with a caveat.

Examples
--------
>>> g = milex_growth("USA", start=1996, end=2006, source="nmc")
>>> round(float(g["ratio"][0]), 2)
1.88
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import polars as pl

from socius.data import info, load
from socius.errors import DataError, ValidationError
from socius.indicators._common import (
    SIPRI_MILEX,
    States,
    Years,
    check_period,
    coverage,
    cow_region,
    finish,
    has_dataset,
    resolve_states,
    source_label,
    with_abb,
)

__all__ = [
    "MEASURES",
    "NMC_BREAKS",
    "compound_growth",
    "milex",
    "milex_breaks",
    "milex_coverage",
    "milex_growth",
    "milex_rank",
    "milex_source",
    "milex_totals",
]

Measure = str  # "constant", "current", "share_gdp", "per_capita" or "share_gov"
Source = str  # "auto", "sipri" or "nmc"

#: measure -> (SIPRI column, unit)
MEASURES: dict[str, tuple[str, str]] = {
    "constant": ("milex_constant", "US$ m, constant {base} prices"),
    "current": ("milex_current", "US$ m, current prices"),
    "share_gdp": ("milex_gdp", "share of GDP [0, 1]"),
    "per_capita": ("milex_per_capita", "current US$ per person"),
    "share_gov": ("milex_gov", "share of government spending [0, 1]"),
}
NMC_START = 1914  # NMC milex is in British pounds before 1914
NMC_BREAKS: dict[int, float] = {2005: 0.5}
"""Known source changes in COW NMC v7.0 ``milex``: year -> fall that marks a break.

In 2005 NMC's values for many states fall by more than half in one year (China from
84,303 to 29,873 million current US$, Russia from 61,500 to 18,768; Ukraine, Belarus,
the Central Asian states, Indonesia), with no matching change in SIPRI's series: the
source changed. A state whose value in that year is below the given share of the year
before has a break there; values on the two sides are not comparable. Charts draw a gap
and a vertical rule at the break; growth across it is reported as not comparable.
"""
_IMPORT_HINT = "import your SIPRI download with `socius data import sipri-milex FILE`"
_NMC_CAVEAT = (
    "COW NMC reports current US$ (no constant prices); growth includes inflation; " + _IMPORT_HINT
)


def milex_source(source: Source = "auto") -> str:
    """The dataset used for military expenditure: ``sipri_milex`` if imported, else ``nmc``.

    Every military-expenditure function resolves its ``source`` argument through this one, so
    it tells you which series a call will use on this machine: with ``"auto"`` the answer
    changes once the SIPRI workbook has been imported (``socius data import sipri-milex FILE``).

    Parameters
    ----------
    source
        ``"auto"`` (SIPRI if imported, else COW NMC), ``"sipri"`` (SIPRI or an error) or
        ``"nmc"`` (COW NMC v7.0 even when SIPRI is there).

    Returns
    -------
    str
        The dataset name: ``"sipri_milex"`` or ``"nmc"``.

    Raises
    ------
    ValidationError
        When *source* is not one of ``auto``, ``sipri``, ``nmc``.
    DataError
        When ``source="sipri"`` is asked for but SIPRI has not been imported.

    Examples
    --------
    >>> milex_source("nmc")
    'nmc'
    """
    if source not in ("auto", "sipri", "nmc"):
        raise ValidationError(f"source '{source}' is not known; choose auto, sipri or nmc")
    if source == "nmc":
        return "nmc"
    if has_dataset(SIPRI_MILEX):
        return SIPRI_MILEX
    if source == "sipri":
        raise DataError(f"SIPRI military expenditure has not been imported; {_IMPORT_HINT}")
    return "nmc"


def _check_measure(measure: str) -> None:
    if measure not in MEASURES:
        raise ValidationError(
            f"measure '{measure}' is not known; choose one of: {', '.join(MEASURES)}"
        )


def milex_coverage(dataset: str) -> tuple[int, int]:
    """Years with military expenditure in US$ in *dataset* (NMC: from 1914).

    The coverage comes from the dataset's manifest; for COW NMC it starts in 1914 because
    NMC's earlier figures are in British pounds and socius does not use them.

    Parameters
    ----------
    dataset
        ``"nmc"`` or ``"sipri_milex"``, as :func:`milex_source` returns it.

    Returns
    -------
    tuple of int
        First and last year, inclusive.

    Raises
    ------
    UnknownNameError
        When *dataset* is neither bundled nor imported.
    DataError
        When the dataset's manifest gives no year coverage.

    Examples
    --------
    >>> milex_coverage("nmc")
    (1914, 2022)
    """
    lo, hi = coverage(dataset)
    return (max(lo, NMC_START), hi) if dataset == "nmc" else (lo, hi)


def _table(
    dataset: str, measure: str, span: tuple[int, int]
) -> tuple[pl.DataFrame, str, str, str | None]:
    """Return ``(ccode, year, milex[, region, subregion])``, the measure actually used, unit, caveat."""
    if dataset == SIPRI_MILEX:
        column, unit = MEASURES[measure]
        base = info(SIPRI_MILEX).entry.get("price_base", "")
        frame = load(
            SIPRI_MILEX, columns=["ccode", "year", column, "region", "subregion"], years=span
        )
        return frame.rename({column: "milex"}), measure, unit.format(base=base), None
    if measure in ("share_gdp", "share_gov"):
        raise DataError(
            f"military expenditure as a {measure.replace('_', ' of ')} needs SIPRI; {_IMPORT_HINT}"
        )
    if measure == "per_capita":
        nmc = load("nmc", columns=["ccode", "year", "milex", "tpop"], years=span)
        # milex in thousands of US$, tpop in thousands of people
        frame = nmc.select("ccode", "year", (pl.col("milex") / pl.col("tpop")).alias("milex"))
        return frame, "per_capita", "current US$ per person", _NMC_CAVEAT
    nmc = load("nmc", columns=["ccode", "year", "milex"], years=span)
    frame = nmc.with_columns(pl.col("milex") / 1000.0)
    return frame, "current", "US$ m, current prices", _NMC_CAVEAT


def compound_growth(
    start: npt.ArrayLike, end: npt.ArrayLike, years: int
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    r"""Growth ratio and compound annual growth rate between two values, vectorised.

    Parameters
    ----------
    start, end
        Values in the first and the last year (same unit); NaN for missing.
    years
        Number of years between them (``end_year - start_year``), at least 1.

    Returns
    -------
    ratio, cagr
        :math:`r = x_1 / x_0` and :math:`r^{1/n} - 1`; NaN where :math:`x_0 \le 0`
        or a value is missing.

    Examples
    --------
    >>> r, g = compound_growth([100.0], [200.0], 10)
    >>> round(float(r[0]), 3), round(float(g[0]), 4)
    (2.0, 0.0718)
    """
    if years < 1:
        raise ValidationError(f"years {years} must be at least 1 (the years between start and end)")
    x0 = np.asarray(start, dtype=np.float64)
    x1 = np.asarray(end, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(x0 > 0, x1 / np.where(x0 > 0, x0, 1.0), np.nan)
        cagr = np.where(ratio >= 0, np.power(np.abs(ratio), 1.0 / years) - 1.0, np.nan)
    return ratio, cagr


def milex(
    states: States = None,
    *,
    years: Years = None,
    measure: Measure = "constant",
    source: Source = "auto",
) -> pl.DataFrame:
    """Military expenditure by state and year.

    Parameters
    ----------
    states
        COW codes, ISO3/COW abbreviations or names; None for every state.
    years
        Inclusive ``(start, end)``; default the source's coverage.
    measure
        "constant" (US$ m at constant prices, SIPRI only; NMC falls back to current
        prices), "current" (US$ m), "share_gdp" and "share_gov" (SIPRI only, [0, 1]),
        "per_capita" (current US$ per person).
    source
        "auto" (SIPRI if imported, else NMC), "sipri" or "nmc".

    Returns
    -------
    polars.DataFrame
        ``ccode, stateabb, year, milex, measure, unit, source, caveat``; years a state
        did not report are missing (null), never 0.
    """
    _check_measure(measure)
    dataset = milex_source(source)
    span = check_period(years, milex_coverage(dataset), f"{dataset} military expenditure")
    frame, used, unit, caveat = _table(dataset, measure, span)
    codes = resolve_states(states)
    if codes is not None:
        frame = frame.filter(pl.col("ccode").is_in(codes))
    out = with_abb(frame.select("ccode", "year", "milex")).with_columns(
        pl.lit(used).alias("measure"),
        pl.lit(unit).alias("unit"),
        pl.lit(source_label(dataset)).alias("source"),
        pl.lit(caveat, dtype=pl.String).alias("caveat"),
    )
    return finish(out.sort("ccode", "year"), [dataset])


def milex_growth(
    states: States = None,
    *,
    start: int,
    end: int,
    measure: Measure = "constant",
    source: Source = "auto",
) -> pl.DataFrame:
    """Growth of military expenditure between two years.

    Parameters
    ----------
    states
        COW codes, ISO3/COW abbreviations or names (one or a list); None for every state.
    start, end
        First and last year [calendar year]; both must lie in the source's coverage
        (:func:`milex_coverage`) and differ.
    measure
        As in :func:`milex`: ``"constant"`` (default; with NMC it falls back to current
        US$), ``"current"``, ``"share_gdp"``, ``"share_gov"`` (SIPRI only) or ``"per_capita"``.
    source
        ``"auto"`` (SIPRI if imported, else COW NMC), ``"sipri"`` or ``"nmc"``.

    Returns
    -------
    polars.DataFrame
        One row per state with a value in *start* or *end*, sorted by COW code:
        ``ccode`` [COW code], ``stateabb``, ``start``, ``end``, ``milex_start`` and
        ``milex_end`` [the unit in ``unit``, e.g. US$ m], ``ratio`` [end / start],
        ``growth_pct`` [%], ``cagr`` [fraction per year], then ``measure, unit, source,
        caveat``. Ratio, growth and CAGR are null where either year is missing or the
        start value is not positive.

    Raises
    ------
    ValidationError
        When *start* equals *end*, *end* precedes *start*, or *measure* or *source* is unknown.
    CoverageError
        When a year lies outside the source's coverage.
    DataError
        When a SIPRI-only measure or ``source="sipri"`` is asked for without SIPRI imported.
    UnknownNameError
        When a state cannot be resolved.

    Notes
    -----
    With :math:`x_0` the spending in *start* and :math:`x_1` in *end*:

    .. math:: r = x_1 / x_0, \\qquad g = 100 (r - 1), \\qquad
              \\mathrm{CAGR} = r^{1/(\\mathit{end} - \\mathit{start})} - 1

    Growth in constant prices (SIPRI) is real growth; NMC's current prices include
    inflation (see the ``caveat`` column). The function does not look for series breaks:
    NMC's series for China, Russia and others break in 2005 (:func:`milex_breaks`), so a
    period across 2005 compares two different series.

    Examples
    --------
    China's and Japan's NMC spending, 1996 to 2004 (before NMC's 2005 break):

    >>> g = milex_growth(["CHN", "JPN"], start=1996, end=2004, source="nmc")
    >>> [(abb, round(r, 2)) for abb, r in g.select("stateabb", "ratio").rows()]
    [('CHN', 2.33), ('JPN', 0.99)]
    """
    if start == end:
        raise ValidationError(f"start and end are both {start}; give two different years")
    frame = milex(states, years=(start, end), measure=measure, source=source)
    ends = frame.filter(pl.col("year").is_in([start, end]))
    wide = ends.pivot(on="year", index="ccode", values="milex", aggregate_function="first")
    for y in (start, end):
        if str(y) not in wide.columns:
            wide = wide.with_columns(pl.lit(None, dtype=pl.Float64).alias(str(y)))
    x0 = wide[str(start)].cast(pl.Float64).to_numpy()
    x1 = wide[str(end)].cast(pl.Float64).to_numpy()
    ratio, cagr = compound_growth(x0, x1, end - start)
    out = wide.select(
        "ccode",
        pl.lit(start, dtype=pl.Int32).alias("start"),
        pl.lit(end, dtype=pl.Int32).alias("end"),
        pl.col(str(start)).cast(pl.Float64).alias("milex_start"),
        pl.col(str(end)).cast(pl.Float64).alias("milex_end"),
    ).with_columns(
        pl.Series("ratio", ratio, nan_to_null=True),
        pl.Series("growth_pct", (ratio - 1) * 100, nan_to_null=True),
        pl.Series("cagr", cagr, nan_to_null=True),
    )
    meta = frame.select("measure", "unit", "source", "caveat").head(1)
    out = with_abb(out).join(meta, how="cross") if meta.height else with_abb(out)
    return finish(out.sort("ccode"), [milex_source(source)])


def milex_rank(
    *,
    years: Years = None,
    measure: Measure = "constant",
    source: Source = "auto",
    top: int | None = None,
) -> pl.DataFrame:
    """States ranked by military expenditure over a period.

    Money measures are summed over the period; shares and per-capita figures are
    averaged. ``share_world`` is the state's share of the summed spending of all
    states with data (SIPRI's world totals include estimates socius does not have).

    Parameters
    ----------
    years
        Inclusive ``(start, end)`` [calendar years]; default the source's whole coverage.
    measure
        ``"constant"`` (default; NMC falls back to current US$), ``"current"``,
        ``"share_gdp"``, ``"share_gov"`` (SIPRI only) or ``"per_capita"``.
    source
        ``"auto"`` (SIPRI if imported, else COW NMC), ``"sipri"`` or ``"nmc"``.
    top
        Keep only the first *top* rows; None keeps every state with data.

    Returns
    -------
    polars.DataFrame
        Largest first: ``rank`` (1 = largest; ties in order of the sort), ``ccode``
        [COW code], ``stateabb``, ``milex`` (sum over the period for money measures
        [US$ m], mean for shares [0, 1] and per-capita figures [US$]), ``share_world``
        [0, 1] (null for shares and per-capita figures), ``years_reporting`` (years with
        a value), ``measure, unit, source, caveat``. States with no value in the period
        are left out.

    Raises
    ------
    ValidationError
        When the period runs backwards or *measure* or *source* is unknown.
    CoverageError
        When the period lies outside the source's coverage.
    DataError
        When a SIPRI-only measure or ``source="sipri"`` is asked for without SIPRI imported.

    Examples
    --------
    The three largest spenders of 2001-2005 in COW NMC (current US$):

    >>> r = milex_rank(years=(2001, 2005), source="nmc", top=3)
    >>> [(abb, round(share, 3)) for abb, share in r.select("stateabb", "share_world").rows()]
    [('USA', 0.409), ('CHN', 0.061), ('RUS', 0.052)]
    """
    _check_measure(measure)
    frame = milex(years=years, measure=measure, source=source)
    agg = pl.col("milex").sum() if measure in ("constant", "current") else pl.col("milex").mean()
    per = (
        frame.drop_nulls("milex")
        .group_by("ccode", "stateabb")
        .agg(agg.alias("milex"), pl.len().cast(pl.Int32).alias("years_reporting"))
    )
    total = per["milex"].sum() if measure in ("constant", "current") else None
    per = per.with_columns(
        (pl.col("milex") / total if total else pl.lit(None, dtype=pl.Float64)).alias("share_world")
    )
    ranked = per.sort("milex", descending=True).with_columns(
        pl.col("milex").rank("ordinal", descending=True).cast(pl.Int32).alias("rank")
    )
    meta = frame.select("measure", "unit", "source", "caveat").head(1)
    out = ranked.select(
        "rank", "ccode", "stateabb", "milex", "share_world", "years_reporting"
    ).join(meta, how="cross")
    if top is not None:
        out = out.head(int(top))
    return finish(out, [milex_source(source)])


def milex_totals(
    *,
    years: Years = None,
    by: str = "region",
    measure: str = "constant",
    source: Source = "auto",
) -> pl.DataFrame:
    """Regional (or world) totals of military expenditure by year.

    Regions are SIPRI's when SIPRI is the source; with NMC they follow the COW code
    ranges (Americas 2-165, Europe 200-399, Africa 400-626, Middle East 630-698,
    Asia & Oceania 700-999). Totals add the states with data; ``states_reporting``
    says how many.

    Parameters
    ----------
    years
        Inclusive ``(start, end)`` [calendar years]; default the source's whole coverage.
    by
        ``"region"`` (default), ``"subregion"`` (SIPRI's subregions; a state without one
        counts in its region) or ``"world"`` (one group, ``World``).
    measure
        A money measure: ``"constant"`` (default; NMC falls back to current US$) or
        ``"current"``.
    source
        ``"auto"`` (SIPRI if imported, else COW NMC), ``"sipri"`` or ``"nmc"``.

    Returns
    -------
    polars.DataFrame
        One row per group and year, sorted by both: ``group``, ``year``, ``milex``
        [US$ m, the unit in ``unit``], ``states_reporting`` (states with a value),
        ``share_world`` [0, 1] (of the sum over all states with data that year),
        ``measure, unit, source, caveat``.

    Raises
    ------
    ValidationError
        When *measure* is not a money measure, *by* or *source* is unknown, or the period
        runs backwards.
    CoverageError
        When the period lies outside the source's coverage.
    DataError
        When ``by="subregion"`` or ``source="sipri"`` is asked for without SIPRI imported.

    Examples
    --------
    Each region's share of the world's reported spending in 2005 (COW NMC):

    >>> t = milex_totals(years=(2005, 2005), source="nmc")
    >>> [(g, round(share, 2)) for g, share in t.select("group", "share_world").rows()]
    [('Africa', 0.02), ('Americas', 0.5), ('Asia & Oceania', 0.16), ('Europe', 0.26), ('Middle East', 0.07)]
    """
    if measure not in ("constant", "current"):
        raise ValidationError(
            f"totals need a money measure; measure '{measure}' is not constant or current"
        )
    if by not in ("region", "subregion", "world"):
        raise ValidationError(f"by '{by}' is not known; choose region, subregion or world")
    dataset = milex_source(source)
    span = check_period(years, milex_coverage(dataset), f"{dataset} military expenditure")
    frame, used, unit, caveat = _table(dataset, measure, span)
    if by == "world":
        group = pl.lit("World")
    elif dataset == SIPRI_MILEX:
        group = pl.col(by).fill_null(pl.col("region"))
    elif by == "subregion":
        raise DataError(f"subregions come from SIPRI's workbook; {_IMPORT_HINT}")
    else:
        group = cow_region(pl.col("ccode"))
    data = frame.drop_nulls("milex").with_columns(group.alias("group"))
    out = data.group_by("group", "year").agg(
        pl.col("milex").sum(), pl.len().cast(pl.Int32).alias("states_reporting")
    )
    world = data.group_by("year").agg(pl.col("milex").sum().alias("_world"))
    out = (
        out.join(world, on="year")
        .with_columns((pl.col("milex") / pl.col("_world")).alias("share_world"))
        .drop("_world")
        .with_columns(
            pl.lit(used).alias("measure"),
            pl.lit(unit).alias("unit"),
            pl.lit(source_label(dataset)).alias("source"),
            pl.lit(caveat, dtype=pl.String).alias("caveat"),
        )
        .sort("group", "year")
    )
    return finish(out, [dataset])


def milex_breaks(
    states: States = None, *, years: Years = None, source: Source = "auto"
) -> pl.DataFrame:
    """Series breaks in the spending series that :func:`milex` would use.

    SIPRI's constant-price series is treated as unbroken (empty frame); for COW NMC v7.0
    see :data:`NMC_BREAKS`: a state has a break in 2005 when its 2005 value (current US$)
    is below half of its 2004 value.

    Parameters
    ----------
    states
        COW codes, ISO3/COW abbreviations or names (one or a list); None for every state.
    years
        Inclusive ``(start, end)`` [calendar years] in which to look; default every year.
    source
        ``"auto"`` (SIPRI if imported, else COW NMC), ``"sipri"`` or ``"nmc"``.

    Returns
    -------
    polars.DataFrame
        ``ccode`` [COW code], ``stateabb``, ``year`` (the first year of the new series),
        ``source``: one row per break inside *years*; empty when the series used is SIPRI's
        or no break year falls inside *years*.

    Raises
    ------
    ValidationError
        When *source* is unknown.
    DataError
        When ``source="sipri"`` is asked for without SIPRI imported.
    UnknownNameError
        When a state cannot be resolved.

    Examples
    --------
    >>> milex_breaks(["CHN", "RUS", "USA"], years=(1996, 2010), source="nmc").rows()
    [(365, 'RUS', 2005, 'nmc 7.0'), (710, 'CHN', 2005, 'nmc 7.0')]
    """
    dataset = milex_source(source)
    schema = {"ccode": pl.Int32, "stateabb": pl.String, "year": pl.Int32, "source": pl.String}
    lo, hi = years if years is not None else (NMC_START, 9999)
    empty = pl.DataFrame(schema=schema)
    cut = [y for y in NMC_BREAKS if lo <= y <= hi]
    if dataset != "nmc" or not cut:
        return empty
    span = (max(NMC_START, min(cut) - 1), max(cut))
    frame = milex(states, years=span, measure="current", source="nmc").sort("ccode", "year")
    ratio = pl.col("milex") / pl.col("milex").shift(1).over("ccode")
    prev_year = pl.col("year").shift(1).over("ccode")
    hits = frame.filter(
        pl.col("year").is_in(cut)
        & (prev_year == pl.col("year") - 1)
        & (ratio < pl.col("year").replace_strict(NMC_BREAKS, default=0.0))
    )
    return hits.select(
        pl.col("ccode").cast(pl.Int32),
        "stateabb",
        pl.col("year").cast(pl.Int32),
        pl.lit(source_label("nmc")).alias("source"),
    )
