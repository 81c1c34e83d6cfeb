"""The components of the proliferation-risk profile, each joined onto (ccode, year, day) rows.

``day`` is the last day of the year: statuses are read as they stood then. See
:mod:`socius.networks.risk` for the meaning of each component.
"""

from __future__ import annotations

import polars as pl

from socius.data import load
from socius.sanctions import in_force

__all__ = [
    "export_controls",
    "latency",
    "missiles",
    "network_ties",
    "npt_status",
    "psi_status",
    "recognised_nws",
    "safeguards",
    "sanctions_in_force",
]

_NWS_CUTOFF = 1967  # NPT Art. IX(3): exploded a nuclear device before 1 January 1967
_PSI_YEAR = 2003  # Statement of Interdiction Principles, Paris, 4 September 2003
_AP_YEAR = 1997  # Model Additional Protocol approved by the IAEA Board, May 1997
_REGIME_YEAR = {"NSG": 1975, "MTCR": 1987}


def recognised_nws() -> list[int]:
    """COW codes of the states that tested a nuclear device before 1967 (from ``nuclear_tests``)."""
    tests = load("nuclear_tests").filter(
        (pl.col("year") < _NWS_CUTOFF) & (pl.col("nuclear_tests") > 0)
    )
    return sorted(int(c) for c in tests["ccode"].unique())


def _regime(name: str) -> pl.DataFrame:
    return load("np_regimes").filter(pl.col("regime") == name)


def _as_of_year(status: pl.Expr, pattern: str) -> pl.Expr:
    """The year of an 'as of YYYY' or 'by YYYY' note in a status text (null when absent)."""
    return status.str.extract(pattern, 1).cast(pl.Int32)


def npt_status(base: pl.DataFrame, levels: dict[str, float]) -> pl.DataFrame:
    """``npt_state`` (party, withdrawn, never joined, not yet joined), ``npt_left``, ``npt``."""
    npt = _regime("NPT").select(
        "ccode",
        pl.col("joined").alias("npt_joined"),
        pl.col("left").alias("npt_left"),
        pl.col("status").alias("npt_text"),
    )
    out = base.join(npt, on="ccode", how="left")
    day = pl.col("day")
    state = (
        pl.when(pl.col("npt_text").is_null())
        .then(None)
        .when(pl.col("npt_text").str.starts_with("never joined"))
        .then(pl.lit("never joined"))
        .when(
            pl.col("npt_text").str.starts_with("withdrawn")
            & pl.col("npt_left").is_not_null()
            & (pl.col("npt_left") <= day)
        )
        .then(pl.lit("withdrawn"))
        .when(pl.col("npt_joined").is_not_null() & (pl.col("npt_joined") <= day))
        .then(pl.lit("party"))
        .when(pl.col("npt_joined").is_not_null())
        .then(pl.lit("not yet joined"))
        .otherwise(None)
    )
    out = out.with_columns(state.alias("npt_state"))
    value = (
        pl.when(pl.col("npt_state") == "party")
        .then(levels["party"])
        .when(pl.col("npt_state") == "withdrawn")
        .then(levels["withdrawn"])
        .when(pl.col("npt_state").is_not_null())
        .then(levels["outside"])
        .otherwise(None)
    )
    return out.with_columns(
        value.cast(pl.Float64).alias("npt"),
        pl.when(pl.col("npt_state") == "withdrawn")
        .then(pl.col("npt_left"))
        .otherwise(None)
        .alias("npt_left"),
    ).drop("npt_joined", "npt_text")


def sanctions_in_force(out: pl.DataFrame) -> pl.DataFrame:
    """``sanctions`` (1 or 0) and ``sanctions_by`` (resolutions in force at the end of the year)."""
    active = in_force(out).select(
        "ccode",
        "year",
        pl.col("resolutions")
        .list.eval(pl.element().str.split(" ").list.first())
        .list.join(", ")
        .alias("sanctions_by"),
    )
    out = out.join(active, on=["ccode", "year"], how="left")
    return out.with_columns(
        pl.col("sanctions_by").is_not_null().cast(pl.Float64).alias("sanctions")
    )


def _carried(
    base: pl.DataFrame, table: pl.DataFrame, col: str, name: str, fallback: int
) -> pl.DataFrame:
    """Join *col* of a (ccode, year) table, carrying the latest value up to *fallback* years."""
    t = table.select("ccode", pl.col("year").alias("src_year"), pl.col(col).alias(name))
    cand = (
        base.select("ccode", "year")
        .join(t.drop_nulls(name), on="ccode")
        .filter(pl.col("src_year").is_between(pl.col("year") - fallback, pl.col("year")))
    )
    best = cand.sort("src_year").group_by("ccode", "year").agg(pl.col(name).last())
    return base.join(best, on=["ccode", "year"], how="left")


def latency(out: pl.DataFrame, nws: list[int], window: int, fallback: int) -> pl.DataFrame:
    """``nuclear_status`` (0-3) and ``latency`` (0 for the recognised nuclear-weapon states)."""
    status = load("nuclear_status")
    out = _carried(out, status, "nuclear_status", "nuclear_status", fallback)
    latent = _latency_years()
    tests = load("nuclear_tests").filter(pl.col("nuclear_tests") > 0).select("ccode", "year")
    tested = (
        out.select("ccode", "year")
        .join(tests.rename({"year": "t"}), on="ccode")
        .filter(pl.col("t").is_between(pl.col("year") - (window - 1), pl.col("year")))
        .group_by("ccode", "year")
        .agg(pl.lit(1.0).alias("_tested"))
    )
    out = out.join(latent, on=["ccode", "year"], how="left").join(
        tested, on=["ccode", "year"], how="left"
    )
    value = pl.max_horizontal(
        pl.col("nuclear_status") / 3.0,
        pl.col("_latent").fill_null(0.0) * 0.5,
        pl.col("_tested").fill_null(0.0),
    )
    return out.with_columns(
        pl.when(pl.col("ccode").is_in(nws))
        .then(0.0)
        .when(pl.col("nuclear_status").is_null())
        .then(None)
        .otherwise(value)
        .alias("latency")
    ).drop("_latent", "_tested")


def _latency_years() -> pl.DataFrame:
    """(ccode, year) with an operating enrichment or reprocessing facility (to 2012)."""
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
        .with_columns(pl.lit(1.0).alias("_latent"))
    )


def missiles(out: pl.DataFrame, window: int, fallback: int) -> pl.DataFrame:
    """``n_missile_tests`` in the window and ``missiles`` (tests / 10, capped at 1; CNS states)."""
    tests = load("missile_tests").select("ccode", pl.col("year").alias("t"))
    covered = sorted(int(c) for c in tests["ccode"].unique())
    last = int(tests["t"].max())  # type: ignore[arg-type]
    counts = (
        out.select("ccode", "year")
        .join(tests, on="ccode")
        .filter(pl.col("t").is_between(pl.col("year") - (window - 1), pl.col("year")))
        .group_by("ccode", "year")
        .agg(pl.len().cast(pl.Int64).alias("n_missile_tests"))
    )
    out = out.join(counts, on=["ccode", "year"], how="left")
    inside = pl.col("ccode").is_in(covered) & (pl.col("year") <= last + fallback)
    return out.with_columns(
        pl.when(inside)
        .then(pl.col("n_missile_tests").fill_null(0))
        .otherwise(None)
        .alias("n_missile_tests"),
        pl.when(inside)
        .then(pl.min_horizontal(pl.col("n_missile_tests").fill_null(0) / 10.0, pl.lit(1.0)))
        .otherwise(None)
        .alias("missiles"),
    )


def _membership(out: pl.DataFrame, regime: str, alias: str, start: int) -> pl.DataFrame:
    """1 outside / 0 participant at the end of the year; null when it cannot be told.

    A ``left`` date counts as leaving only when the status says the state withdrew; otherwise
    it marks the end of the state itself (West Germany on 1990-10-02).
    """
    rows = _regime(regime).select(
        "ccode",
        pl.col("joined").alias("_joined"),
        pl.when(pl.col("status").str.contains("(?i)withdr"))
        .then(pl.col("left"))
        .otherwise(None)
        .alias("_left"),
        pl.col("participant").alias("_member"),
        _as_of_year(pl.col("status"), r"(?:as of|by) (\d{4})").alias("_as_of"),
    )
    out = out.join(rows, on="ccode", how="left")
    day = pl.col("day")
    value = (
        pl.when(pl.col("_member").is_null() | (pl.col("year") < start))
        .then(None)
        .when(~pl.col("_member"))
        .then(1.0)
        .when(pl.col("_left").is_not_null() & (pl.col("_left") <= day))
        .then(1.0)
        .when(pl.col("_joined").is_not_null())
        .then(pl.when(pl.col("_joined") <= day).then(0.0).otherwise(1.0))
        .when(pl.col("_as_of").is_not_null() & (pl.col("year") >= pl.col("_as_of")))
        .then(0.0)
        .otherwise(None)
    )
    return out.with_columns(value.alias(alias)).drop("_joined", "_left", "_member", "_as_of")


def export_controls(out: pl.DataFrame) -> pl.DataFrame:
    """``nsg``, ``mtcr`` (1 outside, 0 participant) and ``export_controls`` (their mean)."""
    out = _membership(out, "NSG", "nsg", _REGIME_YEAR["NSG"])
    out = _membership(out, "MTCR", "mtcr", _REGIME_YEAR["MTCR"])
    return out.with_columns(pl.mean_horizontal("nsg", "mtcr").alias("export_controls"))


def safeguards(out: pl.DataFrame, nws: list[int]) -> pl.DataFrame:
    """``safeguards``: 1 without an Additional Protocol in force, 0 with one (coded states only)."""
    out = _membership(out, "IAEA-AP", "safeguards", _AP_YEAR)
    return out.with_columns(
        pl.when(pl.col("ccode").is_in(nws))
        .then(None)
        .otherwise(pl.col("safeguards"))
        .alias("safeguards")
    )


def psi_status(out: pl.DataFrame) -> pl.DataFrame:
    """``psi``: 1 when the state had not endorsed the PSI by the end of the year (from 2003)."""
    return _membership(out, "PSI", "psi", _PSI_YEAR)


def network_ties(out: pl.DataFrame, window: int, levels: dict[str, float]) -> pl.DataFrame:
    """``network_role`` (customer, host) and ``network`` from the A. Q. Khan network."""
    ties = load("khan_ties")
    nodes = load("khan_nodes").select("id", "kind", "ccode")
    # A tie counts in the years it is known to have been active: from its start (or, without
    # one, its end) to its end; a tie with neither is known only from the network's exposure,
    # the latest documented end.
    exposure = int(ties["end"].dt.year().max())  # type: ignore[arg-type]
    start, end = pl.col("start").dt.year(), pl.col("end").dt.year()
    dated = ties.select(
        "source_id",
        "target_id",
        pl.coalesce(start, end, pl.lit(exposure)).alias("lo"),
        pl.coalesce(end, pl.lit(exposure)).alias("hi"),
    )
    ends = pl.concat(
        [
            dated.select(pl.col("source_id").alias("id"), "lo", "hi"),
            dated.select(pl.col("target_id").alias("id"), "lo", "hi"),
        ]
    ).join(nodes, on="id")
    roles = ends.with_columns(
        pl.when(pl.col("kind") == "state")
        .then(pl.lit("customer"))
        .otherwise(pl.lit("host"))
        .alias("role"),
        pl.when(pl.col("kind") == "state")
        .then(levels["customer"])
        .otherwise(levels["host"])
        .alias("value"),
    )
    hit = (
        out.select("ccode", "year")
        .join(roles.select("ccode", "lo", "hi", "role", "value"), on="ccode")
        .filter((pl.col("lo") <= pl.col("year")) & (pl.col("hi") >= pl.col("year") - (window - 1)))
        .sort("value", descending=True)
        .group_by("ccode", "year")
        .agg(pl.col("role").first().alias("network_role"), pl.col("value").max().alias("network"))
    )
    out = out.join(hit, on=["ccode", "year"], how="left")
    return out.with_columns(pl.col("network").fill_null(0.0))
