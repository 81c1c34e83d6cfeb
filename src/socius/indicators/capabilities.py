"""Material capabilities and nuclear indicators: CINC shares and their trend, nuclear
status and warheads, nuclear tests, and missile tests (CNS databases).

Examples
--------
>>> t = cinc_trend("CHN", years=(1996, 2006))
>>> float(t["change"][0]) > 0
True
"""

from __future__ import annotations

import numpy as np
import polars as pl

from socius.data import load
from socius.errors import CoverageError, ValidationError
from socius.indicators._common import (
    States,
    Years,
    check_period,
    coverage,
    finish,
    resolve_states,
    source_label,
    with_abb,
)
from socius.panel import add_nuclear, state_years

__all__ = ["NUCLEAR_STATUS", "cinc", "cinc_trend", "missile_tests", "nuclear"]

NUCLEAR_STATUS = {0: "no consideration", 1: "consideration", 2: "pursuit", 3: "possession"}
_NUCLEAR_SETS = ("nuclear_status", "nuclear_stockpiles", "nuclear_tests")


def cinc(states: States = None, *, years: Years = None) -> pl.DataFrame:
    """Composite Index of National Capability (COW NMC v7.0) and its yearly rank.

    CINC is a state's average share of the world totals of six components: military
    expenditure and personnel, iron and steel production, primary energy consumption,
    total and urban population (Singer, Bremer and Stuckey 1972).

    Parameters
    ----------
    states
        COW codes, ISO3/COW abbreviations or names (one or a list); None for every state.
    years
        Inclusive ``(start, end)`` [calendar years] within NMC's coverage (1816-2022);
        default the whole coverage.

    Returns
    -------
    polars.DataFrame
        ``ccode, stateabb, year, cinc, cinc_pct, rank, source``, sorted by COW code and
        year: ``cinc`` is the share of world capabilities [0, 1], ``cinc_pct`` the same in
        percent [0-100], ``rank`` the state's rank among all states that year (1 = largest;
        tied states share the better rank). State-years without a CINC value have no row.

    Raises
    ------
    ValidationError
        When the period runs backwards or the list of states is empty.
    CoverageError
        When the period lies outside 1816-2022.
    UnknownNameError
        When a state cannot be resolved.

    References
    ----------
    Singer, J. D., Bremer, S. and Stuckey, J. (1972). Capability distribution, uncertainty,
    and major power war, 1820-1965. In B. Russett (ed.), *Peace, War, and Numbers*, 19-48.
    Beverly Hills: Sage.

    Examples
    --------
    China's CINC has exceeded that of the United States since 1995 (NMC); in 2007:

    >>> import polars as pl
    >>> c = cinc(["CHN", "USA"], years=(2005, 2007)).filter(pl.col("year") == 2007)
    >>> [(abb, round(pct, 2), r) for abb, pct, r in c.select("stateabb", "cinc_pct", "rank").rows()]
    [('USA', 14.97, 2), ('CHN', 18.69, 1)]
    """
    span = check_period(years, coverage("nmc"), "COW NMC capabilities")
    frame = load("nmc", columns=["ccode", "year", "cinc"], years=span).drop_nulls("cinc")
    frame = frame.with_columns(
        (pl.col("cinc") * 100).alias("cinc_pct"),
        pl.col("cinc").rank("min", descending=True).over("year").cast(pl.Int32).alias("rank"),
    )
    codes = resolve_states(states)
    if codes is not None:
        frame = frame.filter(pl.col("ccode").is_in(codes))
    out = with_abb(frame.sort("ccode", "year")).with_columns(
        pl.lit(source_label("nmc")).alias("source")
    )
    return finish(out, ["nmc", "cow_states"])


def cinc_trend(states: States = None, *, years: tuple[int, int]) -> pl.DataFrame:
    """Trend of each state's CINC share over a period.

    Parameters
    ----------
    states
        COW codes, ISO3/COW abbreviations or names (one or a list); None for every state.
    years
        Inclusive ``(start, end)`` [calendar years] within 1816-2022; at least two years.

    Returns
    -------
    polars.DataFrame
        One row per state with CINC data in the period, sorted by COW code: ``ccode``,
        ``stateabb``, ``start``, ``end``, ``cinc_start`` and ``cinc_end`` [0, 1] (null
        when the state has no value in that year), ``change`` [share points],
        ``ratio`` [end / start; null when the start share is 0 or missing], ``slope``
        [share per year; null with fewer than two observed years], ``years_observed``
        and ``source``.

    Raises
    ------
    ValidationError
        When the period runs backwards or has one year only.
    CoverageError
        When the period lies outside 1816-2022.
    UnknownNameError
        When a state cannot be resolved.

    Notes
    -----
    ``change`` = :math:`c_{end} - c_{start}`, ``ratio`` = :math:`c_{end} / c_{start}`
    and ``slope`` is the least-squares slope of CINC on year (share points per year),

    .. math:: b = \\frac{\\sum_t (t - \\bar t)(c_t - \\bar c)}{\\sum_t (t - \\bar t)^2},

    computed for all states at once over the years each state is observed.

    Examples
    --------
    China's share rose and Japan's fell between 1996 and 2006:

    >>> t = cinc_trend(["CHN", "JPN"], years=(1996, 2006))
    >>> [(abb, round(r, 2)) for abb, r in t.select("stateabb", "ratio").rows()]
    [('CHN', 1.23), ('JPN', 0.79)]
    """
    start, end = check_period(years, coverage("nmc"), "COW NMC capabilities")
    if start == end:
        raise ValidationError(f"a trend needs two or more years; got {start}-{end}")
    frame = cinc(states, years=(start, end))
    t_mean = pl.col("year").cast(pl.Float64).mean().over("ccode")
    c_mean = pl.col("cinc").mean().over("ccode")
    dev = frame.with_columns(
        (pl.col("year").cast(pl.Float64) - t_mean).alias("_dt"),
        (pl.col("cinc") - c_mean).alias("_dc"),
    )
    out = dev.group_by("ccode", "stateabb").agg(
        pl.col("cinc").filter(pl.col("year") == start).first().alias("cinc_start"),
        pl.col("cinc").filter(pl.col("year") == end).first().alias("cinc_end"),
        ((pl.col("_dt") * pl.col("_dc")).sum() / (pl.col("_dt") ** 2).sum()).alias("slope"),
        pl.len().cast(pl.Int32).alias("years_observed"),
    )
    out = out.select(
        "ccode",
        "stateabb",
        pl.lit(start, dtype=pl.Int32).alias("start"),
        pl.lit(end, dtype=pl.Int32).alias("end"),
        "cinc_start",
        "cinc_end",
        (pl.col("cinc_end") - pl.col("cinc_start")).alias("change"),
        pl.when(pl.col("cinc_start") > 0)
        .then(pl.col("cinc_end") / pl.col("cinc_start"))
        .alias("ratio"),
        pl.when(pl.col("years_observed") >= 2).then(pl.col("slope")).alias("slope"),
        "years_observed",
        pl.lit(source_label("nmc")).alias("source"),
    )
    return finish(out.sort("ccode"), ["nmc", "cow_states"])


def nuclear(states: States = None, *, years: Years = None) -> pl.DataFrame:
    """Nuclear status (0-3), warhead stockpiles and nuclear tests by state-year.

    Status is Bleek/NTI via OWID (1938-2022), warheads FAS (1945-2023, 0 for states
    without weapons), tests ACA (1945-2019, 0 in years without tests); each is missing
    outside its own coverage.

    Parameters
    ----------
    states
        COW codes, ISO3/COW abbreviations or names (one or a list); None for every state.
    years
        Inclusive ``(start, end)`` [calendar years] within 1938-2023 (the union of the
        three sources); default that whole span.

    Returns
    -------
    polars.DataFrame
        One row per COW system member and year, sorted by COW code and year: ``ccode``,
        ``stateabb``, ``year``, ``nuclear_status`` [0-3: 0 no consideration,
        1 consideration, 2 pursuit, 3 possession; see :data:`NUCLEAR_STATUS`],
        ``status_label`` (the word for the status), ``warheads`` [count of warheads in the
        stockpile], ``nuclear_tests`` [tests that year] and ``source`` (the three datasets).

    Raises
    ------
    ValidationError
        When the period runs backwards or the list of states is empty.
    CoverageError
        When the period lies outside 1938-2023.
    UnknownNameError
        When a state cannot be resolved.

    Examples
    --------
    North Korea tested its first device in 2006; China held 235 warheads (FAS):

    >>> n = nuclear(["PRK", "CHN"], years=(2006, 2006))
    >>> n.select("stateabb", "status_label", "warheads", "nuclear_tests").rows()
    [('CHN', 'possession', 235, 0), ('PRK', 'possession', 0, 1)]
    """
    lo = min(coverage(n)[0] for n in _NUCLEAR_SETS)
    hi = max(coverage(n)[1] for n in _NUCLEAR_SETS)
    span = check_period(years, (lo, hi), "the nuclear datasets")
    panel = state_years(years=span).select("ccode", "year")
    codes = resolve_states(states)
    if codes is not None:
        panel = panel.filter(pl.col("ccode").is_in(codes))
    out = add_nuclear(panel).with_columns(
        pl.col("nuclear_status")
        .replace_strict(NUCLEAR_STATUS, default=None, return_dtype=pl.String)
        .alias("status_label"),
        pl.lit("; ".join(source_label(n) for n in _NUCLEAR_SETS)).alias("source"),
    )
    out = with_abb(out).select(
        "ccode",
        "stateabb",
        "year",
        "nuclear_status",
        "status_label",
        "warheads",
        "nuclear_tests",
        "source",
    )
    return finish(out.sort("ccode", "year"), [*_NUCLEAR_SETS, "cow_states"])


def missile_tests(
    states: States = None, *, years: Years = None, by_type: bool = False
) -> pl.DataFrame:
    """Missile and space-launch-vehicle tests per state and year (CNS databases).

    The bundled CNS data cover North Korea, Iran, India and Pakistan, 1979-2019; years
    without a recorded test have 0 for those states.

    Parameters
    ----------
    by_type
        Split North Korea's tests by missile class (the only state the source classes).

    Returns
    -------
    polars.DataFrame
        ``ccode, stateabb, year[, missile_type], tests, successful, failed,
        outcome_unknown, source``.
    """
    span = check_period(years, coverage("missile_tests"), "the CNS missile-test data")
    data = load("missile_tests", columns=["ccode", "year", "missile_type", "successful"])
    covered = sorted(set(data["ccode"].to_list()))
    codes = resolve_states(states)
    if codes is not None:
        outside = [c for c in codes if c not in covered]
        if outside:
            raise CoverageError(
                f"the CNS missile-test data cover COW states {', '.join(map(str, covered))} "
                f"(North Korea, Iran, India, Pakistan) only, not {', '.join(map(str, outside))}"
            )
    chosen = codes if codes is not None else covered
    data = data.filter(pl.col("year").is_between(*span) & pl.col("ccode").is_in(chosen))
    keys = ["ccode", "year", *(["missile_type"] if by_type else [])]
    counts = data.group_by(keys).agg(
        pl.len().cast(pl.Int32).alias("tests"),
        pl.col("successful").fill_null(False).sum().cast(pl.Int32).alias("successful"),
        (~pl.col("successful")).fill_null(False).sum().cast(pl.Int32).alias("failed"),
        pl.col("successful").is_null().sum().cast(pl.Int32).alias("outcome_unknown"),
    )
    if not by_type:
        grid = pl.DataFrame(
            {
                "ccode": np.repeat(chosen, span[1] - span[0] + 1).astype(np.int32),
                "year": np.tile(np.arange(span[0], span[1] + 1, dtype=np.int32), len(chosen)),
            }
        )
        counts = grid.join(counts, on=keys, how="left").with_columns(
            pl.col(c).fill_null(0) for c in ("tests", "successful", "failed", "outcome_unknown")
        )
    out = with_abb(counts.sort(keys)).with_columns(
        pl.lit(source_label("missile_tests")).alias("source")
    )
    return finish(out, ["missile_tests", "cow_states"])
