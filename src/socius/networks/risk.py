"""State risk profiles: which states are most at risk of feeding proliferation networks.

A transparent score per state-year, the weighted mean of the components a state has data for
(each on [0, 1], higher = more risk):

``military_rule``
    V-Dem's military dimension of the executive, ``v2x_ex_military`` (1970-2023): how far the
    chief executive's appointment and removal rest on the military (juntas score high).
``isolation``
    Mean of two within-year percentile ranks, reversed: few full IGO memberships (COW IGO v3.0,
    to 2014) and little trade per head (COW trade v4.0 over NMC population, to 2014).
``nuclear``
    Nuclear-weapons status (Bleek 2017 / NTI via OWID: 0 none, 1 consideration, 2 pursuit,
    3 possession) divided by 3; at least 0.5 while the state operates an enrichment or
    reprocessing facility (Nuclear Latency v1.2, to 2012); 1 in a window with a nuclear test.
``missiles``
    Missile and space-launch tests in the window, divided by 10 and capped at 1. The CNS
    databases cover only North Korea, Iran, India and Pakistan: other states are *not covered*
    (missing), never 0.
``capital_relocation``
    1 if the state moved its capital within the window (peacesciencer capitals), 0 otherwise:
    the "bunkerisation" signal (Myanmar's move to Naypyidaw in November 2005).

The window is the *window* years up to and including the year. Components older than their
source's coverage are taken from the latest covered year up to *fallback* years before and the
year used is shown. A state needs *min_components* components (default 4 of 5) to be ranked,
so that micro-states with no V-Dem or trade data do not rank on isolation alone.

Known bias: only four states have missile data, so they are scored on one component more than
others; with the bundled data North Korea, Pakistan and Myanmar are the top three in 2006.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from socius import panel
from socius.data import load
from socius.errors import CoverageError, ValidationError

__all__ = ["COMPONENTS", "DEFAULT_WEIGHTS", "RISK_DATASETS", "risk_profiles"]

COMPONENTS = ("military_rule", "isolation", "nuclear", "missiles", "capital_relocation")
DEFAULT_WEIGHTS: dict[str, float] = dict.fromkeys(COMPONENTS, 1.0)
RISK_DATASETS = (
    "vdem",
    "igo_counts",
    "trade",
    "nmc",
    "nuclear_status",
    "nuclear_latency",
    "nuclear_tests",
    "missile_tests",
    "capitals",
)
MISSILE_STATES = (731, 630, 750, 770)


def _latest(
    base: pl.DataFrame, table: pl.DataFrame, col: str, name: str, fallback: int
) -> pl.DataFrame:
    """Join *col* of (ccode, year) *table* onto *base*, carrying the latest value up to *fallback* years."""
    t = table.select("ccode", "year", pl.col(col).alias(name)).drop_nulls(name)
    years = base.select("ccode", "year")
    cand = years.join(t.rename({"year": "src_year"}), on="ccode", how="inner").filter(
        (pl.col("src_year") <= pl.col("year")) & (pl.col("src_year") >= pl.col("year") - fallback)
    )
    best = (
        cand.sort("src_year")
        .group_by("ccode", "year")
        .agg(pl.col(name).last(), pl.col("src_year").last().alias(f"{name}_year"))
    )
    return base.join(best, on=["ccode", "year"], how="left")


def risk_profiles(
    year: int | tuple[int, int],
    *,
    weights: Mapping[str, float] | None = None,
    window: int = 5,
    fallback: int = 8,
    min_components: int = 4,
) -> pl.DataFrame:
    """Risk profile of every COW state in *year* (or each year of an inclusive range).

    Returns one row per state-year: each component and the year its data come from, the
    number of components available, ``score`` (weighted mean of the available components)
    and ``rank`` within the year (null when fewer than *min_components* are available),
    sorted by year and rank.

    Examples
    --------
    >>> top = risk_profiles(2006).head(3)
    >>> sorted(top["stateabb"].to_list())
    ['MYA', 'PAK', 'PRK']
    """
    lo, hi = (year, year) if isinstance(year, int) else (int(year[0]), int(year[1]))
    if hi < lo:
        raise ValidationError(f"years {lo}-{hi} run backwards; write {hi}-{lo}")
    if lo < 1946 or hi > 2024:
        raise CoverageError(
            f"risk profiles cover 1946-2024; {lo}-{hi} is outside; choose years within 1946-2024"
        )
    w = dict(DEFAULT_WEIGHTS if weights is None else weights)
    bad = [k for k in w if k not in COMPONENTS]
    if bad or any(v < 0 for v in w.values()) or not any(v > 0 for v in w.values()):
        raise ValidationError(
            f"weights {dict(w)} are invalid; use non-negative weights for: {', '.join(COMPONENTS)}"
        )
    if window < 1 or min_components < 1:
        raise ValidationError("window and min_components must be at least 1")
    base = panel.state_years(years=(lo, hi)).select("ccode", "stateabb", "statenme", "year")
    out = _latest(
        base,
        load("vdem", columns=["ccode", "year", "v2x_ex_military"]),
        "v2x_ex_military",
        "military_rule",
        fallback,
    )

    igo = load("igo_counts", columns=["ccode", "year", "igo_full"]).with_columns(
        (
            1
            - (pl.col("igo_full").rank("average").over("year") - 1)
            / (pl.col("igo_full").count().over("year") - 1)
        ).alias("iso_igo")
    )
    nmc = load("nmc", columns=["ccode", "year", "tpop"])
    trade = (
        load("trade")
        .join(nmc, on=["ccode", "year"], how="inner")
        .with_columns(((pl.col("imports") + pl.col("exports")) / pl.col("tpop")).alias("tpc"))
        .drop_nulls("tpc")
        .with_columns(
            (
                1
                - (pl.col("tpc").rank("average").over("year") - 1)
                / (pl.col("tpc").count().over("year") - 1)
            ).alias("iso_trade")
        )
    )
    out = _latest(out, igo, "iso_igo", "iso_igo", fallback)
    out = _latest(out, trade, "iso_trade", "iso_trade", fallback)
    out = out.with_columns(
        pl.mean_horizontal("iso_igo", "iso_trade").alias("isolation"),
        pl.max_horizontal("iso_igo_year", "iso_trade_year").alias("isolation_year"),
    )

    status = load("nuclear_status").with_columns((pl.col("nuclear_status") / 3).alias("nuc_status"))
    out = _latest(out, status, "nuc_status", "nuc_status", fallback)
    latent = _latency_years()
    tests = load("nuclear_tests").filter(pl.col("nuclear_tests") > 0).select("ccode", "year")
    win_lo = pl.col("year") - (window - 1)
    tested = (
        out.select("ccode", "year")
        .join(tests.rename({"year": "t"}), on="ccode")
        .filter(pl.col("t").is_between(win_lo, pl.col("year")))
    )
    tested = tested.group_by("ccode", "year").agg(pl.lit(1.0).alias("tested"))
    out = out.join(latent, on=["ccode", "year"], how="left").join(
        tested, on=["ccode", "year"], how="left"
    )
    out = out.with_columns(
        pl.when(pl.col("nuc_status").is_null())
        .then(None)
        .otherwise(
            pl.max_horizontal(
                "nuc_status", pl.col("latent").fill_null(0.0) * 0.5, pl.col("tested").fill_null(0.0)
            )
        )
        .alias("nuclear"),
        pl.col("nuc_status_year").alias("nuclear_year"),
    )

    missiles = load("missile_tests").select("ccode", pl.col("year").alias("t"))
    counts = (
        out.select("ccode", "year")
        .join(missiles, on="ccode")
        .filter(pl.col("t").is_between(win_lo, pl.col("year")))
    )
    counts = counts.group_by("ccode", "year").agg(pl.len().alias("n_tests"))
    miss_hi = int(load("missile_tests")["year"].max())  # type: ignore[arg-type]
    out = out.join(counts, on=["ccode", "year"], how="left").with_columns(
        pl.when(
            pl.col("ccode").is_in(list(MISSILE_STATES)) & (pl.col("year") <= miss_hi + fallback)
        )
        .then(pl.min_horizontal(pl.col("n_tests").fill_null(0) / 10.0, pl.lit(1.0)))
        .otherwise(None)
        .alias("missiles"),
        pl.when(pl.col("ccode").is_in(list(MISSILE_STATES)))
        .then(pl.min_horizontal("year", pl.lit(miss_hi)))
        .otherwise(None)
        .alias("missiles_year"),
    )

    moves = _capital_moves()
    moved = (
        out.select("ccode", "year")
        .join(moves, on="ccode")
        .filter(pl.col("move").is_between(win_lo, pl.col("year")))
    )
    moved = moved.group_by("ccode", "year").agg(pl.lit(1.0).alias("moved"))
    out = out.join(moved, on=["ccode", "year"], how="left").with_columns(
        pl.col("moved").fill_null(0.0).alias("capital_relocation"),
        pl.col("year").alias("capital_relocation_year"),
    )

    comps = [c for c in COMPONENTS if w.get(c, 0) > 0]
    num = pl.sum_horizontal([pl.col(c).fill_null(0.0) * w[c] for c in comps])
    den = pl.sum_horizontal([pl.col(c).is_not_null().cast(pl.Float64) * w[c] for c in comps])
    out = out.with_columns(
        pl.sum_horizontal([pl.col(c).is_not_null() for c in comps])
        .cast(pl.Int8)
        .alias("n_components"),
        pl.when(den > 0).then(num / den).otherwise(None).alias("score"),
    )
    ranked = pl.when(pl.col("n_components") >= min_components).then(pl.col("score")).otherwise(None)
    out = out.with_columns(
        ranked.rank("min", descending=True).over("year").cast(pl.Int32).alias("rank")
    )
    cols = ["year", "rank", "ccode", "stateabb", "statenme", "score", "n_components"]
    for c in COMPONENTS:
        cols += [c, f"{c}_year"]
    return out.select(cols).sort("year", "rank", nulls_last=True)


def _latency_years() -> pl.DataFrame:
    """(ccode, year, latent=1) for years with an operating enrichment or reprocessing facility."""
    nl = load("nuclear_latency").filter(pl.col("operation_start").is_not_null())
    end = (
        pl.when(pl.col("still_operating"))
        .then(pl.lit(2012))
        .otherwise(pl.col("operation_end").fill_null(pl.col("operation_start")))
    )
    spans = nl.with_columns(
        pl.int_ranges(pl.col("operation_start").cast(pl.Int32), end.cast(pl.Int32) + 1).alias(
            "year"
        )
    ).explode("year")
    return (
        spans.select("ccode", pl.col("year").cast(pl.Int32))
        .unique()
        .with_columns(pl.lit(1.0).alias("latent"))
    )


def _capital_moves() -> pl.DataFrame:
    """Years in which a state moved its capital (a new spell after an earlier one of the same state)."""
    caps = load("capitals").sort("ccode", "start")
    prior = caps.with_columns(pl.col("end").shift(1).over("ccode").alias("prev_end"))
    # a move, not a re-entry after occupation: the new spell starts the day after the old one ends
    moves = prior.filter(
        pl.col("prev_end").is_not_null()
        & ((pl.col("start") - pl.col("prev_end")).dt.total_days() <= 1)
    )
    return moves.select("ccode", pl.col("start").dt.year().cast(pl.Int32).alias("move"))
