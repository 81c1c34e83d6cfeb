"""One state's security indicators over a period, and rankings of all states.

Examples
--------
>>> p = profile("CHN", years=(1996, 2006), source="nmc")
>>> p.height
11
>>> r = rank("cinc", years=(2001, 2005))
>>> r["stateabb"][0]
'CHN'
"""

from __future__ import annotations

from typing import Any

import polars as pl

from socius.codes import ccode_name
from socius.errors import CoverageError, UnknownNameError, suggest
from socius.indicators import arms as _arms
from socius.indicators import expenditure as _milex
from socius.indicators._common import (
    SIPRI_ARMS,
    SIPRI_MILEX,
    Years,
    check_period,
    coverage,
    finish,
    has_dataset,
    resolve_state,
    source_label,
    with_abb,
)
from socius.indicators.capabilities import cinc, missile_tests, nuclear

__all__ = ["RANKINGS", "profile", "profile_summary", "rank"]

#: indicator name -> what is ranked
RANKINGS: dict[str, str] = {
    "milex": "military expenditure summed over the period (SIPRI constant US$ m, or NMC current US$ m)",
    "milex-gdp": "military expenditure as a share of GDP, mean over the period (SIPRI)",
    "arms-imports": "arms imports, SIPRI TIV summed over the period",
    "arms-exports": "arms exports, SIPRI TIV summed over the period",
    "cinc": "share of world capabilities (CINC), mean over the period",
    "warheads": "nuclear warheads in the last year of the period (FAS)",
}


def rank(
    indicator: str, *, years: Years = None, top: int | None = None, source: _milex.Source = "auto"
) -> pl.DataFrame:
    """Rank all states on *indicator* (see :data:`RANKINGS`) over *years*.

    Money and TIV are summed over the period, shares (CINC, spending as a share of GDP)
    averaged, and warheads read in the last year of the period (a stock).

    Parameters
    ----------
    indicator
        ``"milex"`` (military expenditure; SIPRI constant US$ m, or NMC current US$ m),
        ``"milex-gdp"`` (share of GDP, SIPRI only), ``"arms-imports"`` and
        ``"arms-exports"`` (SIPRI TIV; need ``socius data import sipri-arms FILE...``),
        ``"cinc"`` or ``"warheads"`` (FAS).
    years
        Inclusive ``(start, end)`` [calendar years] within the indicator's source; default
        its whole coverage.
    top
        Keep only the first *top* rows; None keeps every state with data.
    source
        Spending source for ``milex`` and ``milex-gdp``: ``"auto"`` (SIPRI if imported,
        else COW NMC), ``"sipri"`` or ``"nmc"``; ignored otherwise.

    Returns
    -------
    polars.DataFrame
        Largest first: ``rank`` (1 = largest), ``ccode`` [COW code], ``stateabb``,
        ``value`` [in ``unit``], ``share_world`` [0, 1; for CINC the mean share itself,
        for warheads the share of all warheads that year, null for ``milex-gdp``],
        ``indicator``, ``unit`` and ``source``.

    Raises
    ------
    UnknownNameError
        When *indicator* is not one of the six above.
    ValidationError
        When the period runs backwards or *source* is unknown.
    CoverageError
        When the period lies outside the source's coverage.
    DataError
        When a SIPRI indicator is asked for without the SIPRI data imported.

    Examples
    --------
    The largest shares of world capabilities (CINC), 2001-2005:

    >>> rank("cinc", years=(2001, 2005), top=3)["stateabb"].to_list()
    ['CHN', 'USA', 'IND']
    """
    if indicator not in RANKINGS:
        raise UnknownNameError(
            f"unknown indicator '{indicator}'{suggest(indicator, list(RANKINGS))}; choose from: {', '.join(RANKINGS)}"
        )
    if indicator in ("milex", "milex-gdp"):
        measure: _milex.Measure = "constant" if indicator == "milex" else "share_gdp"
        r = _milex.milex_rank(years=years, measure=measure, source=source, top=top)
        out = r.select(
            "rank",
            "ccode",
            "stateabb",
            pl.col("milex").alias("value"),
            "share_world",
            "unit",
            "source",
        )
        datasets = [_milex.milex_source(source)]
    elif indicator in ("arms-imports", "arms-exports"):
        r = _arms.arms_rank(
            "imports" if indicator == "arms-imports" else "exports", years=years, top=top
        )
        out = r.select(
            "rank",
            "ccode",
            "stateabb",
            pl.col("tiv").alias("value"),
            "share_world",
            pl.lit("TIV, millions").alias("unit"),
            "source",
        )
        datasets = [SIPRI_ARMS]
    elif indicator == "cinc":
        c = cinc(years=years)
        per = c.group_by("ccode", "stateabb").agg(pl.col("cinc").mean().alias("value"))
        out = _ranked(per, top).with_columns(
            pl.col("value").alias("share_world"),
            pl.lit("share of world capabilities [0, 1]").alias("unit"),
            pl.lit(source_label("nmc")).alias("source"),
        )
        datasets = ["nmc"]
    else:
        span = check_period(years, coverage("nuclear_stockpiles"), "the FAS warhead estimates")
        n = nuclear(years=(span[1], span[1])).filter(pl.col("warheads") > 0)
        per = n.select("ccode", "stateabb", pl.col("warheads").cast(pl.Float64).alias("value"))
        total = float(per["value"].sum())
        out = _ranked(per, top).with_columns(
            (pl.col("value") / total).alias("share_world"),
            pl.lit(f"warheads in {span[1]}").alias("unit"),
            pl.lit(source_label("nuclear_stockpiles")).alias("source"),
        )
        datasets = ["nuclear_stockpiles"]
    out = out.with_columns(pl.lit(indicator).alias("indicator")).select(
        "rank", "ccode", "stateabb", "value", "share_world", "indicator", "unit", "source"
    )
    return finish(out, [*datasets, "cow_states"])


def _ranked(per: pl.DataFrame, top: int | None) -> pl.DataFrame:
    out = (
        per.drop_nulls("value")
        .sort("value", "ccode", descending=[True, False])
        .with_columns(pl.col("value").rank("min", descending=True).cast(pl.Int32).alias("rank"))
    )
    return out.head(int(top)) if top is not None else out


def _profile_span(years: Years, dataset: str) -> tuple[int, int]:
    lo = min(coverage("nmc")[0], _milex.milex_coverage(dataset)[0])
    hi = max(coverage("nmc")[1], _milex.milex_coverage(dataset)[1])
    return check_period(years, (lo, hi), "the capability and military expenditure data")


def profile(
    state: str | int, *, years: Years = None, source: _milex.Source = "auto"
) -> pl.DataFrame:
    """One state's indicators by year.

    Parameters
    ----------
    state
        The state: COW code, ISO3/COW abbreviation or name.
    years
        Inclusive ``(start, end)`` [calendar years]; default the span of NMC and the
        spending source together (1816-2022 without SIPRI).
    source
        Spending source: ``"auto"`` (SIPRI if imported, else COW NMC), ``"sipri"`` or
        ``"nmc"``.

    Returns
    -------
    polars.DataFrame
        ``year, ccode, stateabb, milex, milex_growth_pct, milex_gdp, milex_rank, cinc,
        cinc_rank, arms_imports, arms_imports_rank, arms_exports, nuclear_status,
        warheads, nuclear_tests, missile_tests``. ``milex`` is constant US$ m (SIPRI)
        or current US$ m (NMC, see the provenance); ``milex_growth_pct`` is the change
        from the previous year; ranks are among all states with data that year.
        Columns whose source does not cover a year are missing there; ``milex_gdp``
        needs SIPRI's spending data, the arms columns [SIPRI TIV, millions] SIPRI's arms
        data, and ``missile_tests`` is filled only for the states the CNS data cover.
        One row per year of the period, whether or not the state existed.

    Raises
    ------
    ValidationError
        When the period runs backwards or *source* is unknown.
    CoverageError
        When the period lies outside the span above.
    DataError
        When ``source="sipri"`` is asked for without SIPRI imported.
    UnknownNameError
        When *state* cannot be resolved.

    Examples
    --------
    Japan in 2005, fourth in NMC spending and in CINC:

    >>> p = profile("JPN", years=(2005, 2007), source="nmc")
    >>> p.select("year", "milex", "milex_rank", "cinc_rank").row(0)
    (2005, 43910.0, 4, 4)
    """
    code = resolve_state(state)
    dataset = _milex.milex_source(source)
    span = _profile_span(years, dataset)
    grid = pl.DataFrame({"year": pl.int_range(span[0], span[1] + 1, eager=True).cast(pl.Int32)})
    out = grid.with_columns(pl.lit(code, dtype=pl.Int32).alias("ccode"))
    datasets: list[str] = ["cow_states"]
    mspan = _clip(span, _milex.milex_coverage(dataset), lead=1)
    if mspan is not None:
        m = _milex.milex(years=mspan, source=source).drop_nulls("milex")
        m = m.with_columns(
            pl.col("milex")
            .rank("min", descending=True)
            .over("year")
            .cast(pl.Int32)
            .alias("milex_rank")
        )
        consecutive = pl.col("year") - pl.col("year").shift(1) == 1
        own = (
            m.filter(pl.col("ccode") == code)
            .sort("year")
            .with_columns(
                pl.when(consecutive)
                .then((pl.col("milex") / pl.col("milex").shift(1) - 1) * 100)
                .alias("milex_growth_pct")
            )
        )
        out = out.join(
            own.select("year", "milex", "milex_growth_pct", "milex_rank"), on="year", how="left"
        )
        datasets.append(dataset)
        if dataset == SIPRI_MILEX:
            gdp = _milex.milex(code, years=mspan, measure="share_gdp", source=source)
            out = out.join(
                gdp.select("year", pl.col("milex").alias("milex_gdp")), on="year", how="left"
            )
    cspan = _clip(span, coverage("nmc"))
    if cspan is not None:
        c = cinc(code, years=cspan)
        out = out.join(
            c.select("year", "cinc", pl.col("rank").alias("cinc_rank")), on="year", how="left"
        )
        datasets.append("nmc")
    aspan = _clip(span, coverage(SIPRI_ARMS)) if has_dataset(SIPRI_ARMS) else None
    if aspan is not None:
        imp = _arms.arms_imports(years=aspan).filter(pl.col("tiv") > 0)
        imp = imp.with_columns(
            pl.col("tiv").rank("min", descending=True).over("year").cast(pl.Int32).alias("r")
        )
        exp = _arms.arms_exports(code, years=aspan)
        out = (
            out.join(
                _arms.arms_imports(code, years=aspan).select(
                    "year", pl.col("tiv").alias("arms_imports")
                ),
                on="year",
                how="left",
            )
            .join(
                imp.filter(pl.col("ccode") == code).select(
                    "year", pl.col("r").alias("arms_imports_rank")
                ),
                on="year",
                how="left",
            )
            .join(exp.select("year", pl.col("tiv").alias("arms_exports")), on="year", how="left")
        )
        datasets.append(SIPRI_ARMS)
    nspan = _clip(span, (coverage("nuclear_status")[0], coverage("nuclear_stockpiles")[1]))
    if nspan is not None:
        n = nuclear(code, years=nspan)
        out = out.join(
            n.select("year", "nuclear_status", "warheads", "nuclear_tests"), on="year", how="left"
        )
        datasets += ["nuclear_status", "nuclear_stockpiles", "nuclear_tests"]
    tspan = _clip(span, coverage("missile_tests"))
    if tspan is not None and code in missile_tests(years=tspan)["ccode"].to_list():
        t = missile_tests(code, years=tspan)
        out = out.join(
            t.select("year", pl.col("tests").alias("missile_tests")), on="year", how="left"
        )
        datasets.append("missile_tests")
    columns: dict[str, Any] = {
        "milex": pl.Float64,
        "milex_growth_pct": pl.Float64,
        "milex_gdp": pl.Float64,
        "milex_rank": pl.Int32,
        "cinc": pl.Float64,
        "cinc_rank": pl.Int32,
        "arms_imports": pl.Float64,
        "arms_imports_rank": pl.Int32,
        "arms_exports": pl.Float64,
        "nuclear_status": pl.Int8,
        "warheads": pl.Int32,
        "nuclear_tests": pl.Int16,
        "missile_tests": pl.Int32,
    }
    for col, dtype in columns.items():
        if col not in out.columns:
            out = out.with_columns(pl.lit(None, dtype=dtype).alias(col))
    out = with_abb(out.select("year", "ccode", *columns))
    return finish(out, datasets)


def _clip(
    span: tuple[int, int], cover: tuple[int, int], *, lead: int = 0
) -> tuple[int, int] | None:
    lo, hi = max(span[0] - lead, cover[0]), min(span[1], cover[1])
    return (lo, hi) if lo <= hi else None


def profile_summary(
    state: str | int, *, years: tuple[int, int], source: _milex.Source = "auto"
) -> pl.DataFrame:
    """Headline figures for one state over a period: spending growth and compound annual
    growth, ranks, CINC change, arms imports and their rank, main supplier, nuclear status.

    Each figure appears only where its source covers the period: spending growth needs
    both years inside the spending source, the arms figures need the imported SIPRI arms
    data covering the whole period, and the nuclear figures are read in the last year.

    Parameters
    ----------
    state
        The state: COW code, ISO3/COW abbreviation or name.
    years
        Inclusive ``(start, end)`` [calendar years].
    source
        Spending source: ``"auto"`` (SIPRI if imported, else COW NMC), ``"sipri"`` or
        ``"nmc"``.

    Returns
    -------
    polars.DataFrame
        One row per figure: ``indicator``, ``value`` (float; null for the caveat row),
        ``unit``, ``detail`` (a readable label, e.g. ``"CINC 2004 (rank 1)"``) and
        ``source``. Indicators, in order: ``milex_start``, ``milex_end`` [spending unit],
        ``milex_ratio``, ``milex_cagr`` [per year], ``milex_caveat`` (NMC only),
        ``cinc_start``, ``cinc_end`` [0, 1], ``arms_imports`` [TIV, millions],
        ``arms_imports_rank``, ``arms_imports_share`` [0, 1], ``main_supplier_share``
        [0, 1; the supplier named in ``detail``], ``nuclear_status`` [0-3] and
        ``warheads``.

    Raises
    ------
    ValidationError
        When the period runs backwards or *source* is unknown.
    CoverageError
        When the period lies outside the capability and spending data, or no figure
        covers it.
    DataError
        When ``source="sipri"`` is asked for without SIPRI imported.
    UnknownNameError
        When *state* cannot be resolved.

    Examples
    --------
    China's NMC spending (current US$) grew about 11% a year from 1996 to 2004:

    >>> import polars as pl
    >>> s = profile_summary("CHN", years=(1996, 2004), source="nmc")
    >>> round(s.filter(pl.col("indicator") == "milex_cagr")["value"][0], 3)
    0.112
    """
    code = resolve_state(state)
    start, end = _profile_span(years, _milex.milex_source(source))
    rows: list[dict[str, Any]] = []

    def add(indicator: str, value: float | int | None, unit: str, detail: str, src: str) -> None:
        rows.append(
            {
                "indicator": indicator,
                "value": None if value is None else float(value),
                "unit": unit,
                "detail": detail,
                "source": src,
            }
        )

    dataset = _milex.milex_source(source)
    mcov = _milex.milex_coverage(dataset)
    if start < end and mcov[0] <= start and end <= mcov[1]:
        g = _milex.milex_growth(code, start=start, end=end, source=source)
        if g.height:
            r = g.row(0, named=True)
            unit = str(r["unit"])
            label = source_label(dataset)
            add("milex_start", r["milex_start"], unit, f"military expenditure {start}", label)
            add("milex_end", r["milex_end"], unit, f"military expenditure {end}", label)
            add("milex_ratio", r["ratio"], "ratio", f"{end} spending / {start} spending", label)
            add("milex_cagr", r["cagr"], "per year", f"compound annual growth {start}-{end}", label)
            if r["caveat"]:
                add("milex_caveat", None, "", str(r["caveat"]), label)
    c = cinc(code, years=(max(start, coverage("nmc")[0]), min(end, coverage("nmc")[1])))
    if c.height:
        first, last = c.row(0, named=True), c.row(c.height - 1, named=True)
        label = source_label("nmc")
        add(
            "cinc_start",
            first["cinc"],
            "share [0, 1]",
            f"CINC {first['year']} (rank {first['rank']})",
            label,
        )
        add(
            "cinc_end",
            last["cinc"],
            "share [0, 1]",
            f"CINC {last['year']} (rank {last['rank']})",
            label,
        )
    if has_dataset(SIPRI_ARMS):
        a0, a1 = coverage(SIPRI_ARMS)
        if a0 <= start and end <= a1:
            label = source_label(SIPRI_ARMS)
            ranked = _arms.arms_rank("imports", years=(start, end)).filter(pl.col("ccode") == code)
            if ranked.height:
                r = ranked.row(0, named=True)
                add("arms_imports", r["tiv"], "TIV, millions", f"arms imports {start}-{end}", label)
                add(
                    "arms_imports_rank",
                    r["rank"],
                    "rank",
                    f"rank among importers {start}-{end}",
                    label,
                )
                add(
                    "arms_imports_share",
                    r["share_world"],
                    "share [0, 1]",
                    "share of world arms transfers",
                    label,
                )
            suppliers = _arms.arms_transfers(recipients=code, years=(start, end))
            if suppliers.height:
                top = (
                    suppliers.group_by("supplier")
                    .agg(pl.col("tiv").sum())
                    .sort("tiv", descending=True)
                    .row(0, named=True)
                )
                add(
                    "main_supplier_share",
                    top["tiv"] / float(suppliers["tiv"].sum()),
                    "share [0, 1]",
                    f"main supplier {start}-{end}: {top['supplier']}",
                    label,
                )
    nuc = (
        nuclear(code, years=(end, end))
        if coverage("nuclear_status")[0] <= end <= coverage("nuclear_stockpiles")[1]
        else None
    )
    if nuc is not None and nuc.height:
        r = nuc.row(0, named=True)
        add(
            "nuclear_status",
            r["nuclear_status"],
            "0-3",
            f"{r['status_label']} in {end}",
            source_label("nuclear_status"),
        )
        add(
            "warheads",
            r["warheads"],
            "warheads",
            f"stockpile in {end}",
            source_label("nuclear_stockpiles"),
        )
    out = pl.DataFrame(
        rows,
        schema={
            "indicator": pl.String,
            "value": pl.Float64,
            "unit": pl.String,
            "detail": pl.String,
            "source": pl.String,
        },
    )
    if not rows:
        raise CoverageError(
            f"no indicator for {ccode_name(code)} covers {start}-{end}; choose other years"
        )
    return finish(out, ["nmc"])
