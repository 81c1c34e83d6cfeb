"""The curated nonproliferation snapshots and the partnership suspensions keep their meaning."""

from __future__ import annotations

import datetime as dt

import polars as pl

import socius.data as sd


def test_khan_network_has_its_28_actors_and_every_tie_names_known_actors() -> None:
    nodes = sd.load("khan_nodes")
    ties = sd.load("khan_ties")
    assert nodes.height == 28
    assert ties.height == 36
    ids = set(nodes["id"].to_list())
    assert set(ties["source_id"].to_list()) | set(ties["target_id"].to_list()) <= ids


def test_alleged_ties_include_the_denied_griffin_supply_to_libya() -> None:
    """The Griffins deny the Malaysian police report's allegation; the tie must say so."""
    ties = sd.load("khan_ties")
    griffin = ties.filter((pl.col("source_id") == "p_griffin") & (pl.col("target_id") == "LIB"))
    assert griffin["alleged"].to_list() == [True]
    # a tie documented by the Malaysian police report itself is not an allegation
    khan_libya = ties.filter((pl.col("source_id") == "aq_khan") & (pl.col("target_id") == "LIB"))
    assert khan_libya["alleged"].to_list() == [False]


def test_source_kind_counts_match_the_curated_readme() -> None:
    """README-nonproliferation.md: Khan edges 7 primary of 36, UNSC 6 of 21, regimes 30 of 106."""
    assert (sd.load("khan_ties")["source_kind"] == "primary").sum() == 7
    assert (sd.load("unsc_np_sanctions")["source_kind"] == "primary").sum() == 6
    assert (sd.load("np_regimes")["source_kind"] == "primary").sum() == 30


def test_north_korea_left_the_npt_in_2003() -> None:
    npt = sd.load("np_regimes").filter((pl.col("regime") == "NPT") & (pl.col("stateabb") == "PRK"))
    assert npt["joined"].to_list() == [dt.date(1985, 12, 12)]
    assert npt["left"].to_list() == [dt.date(2003, 4, 10)]


def test_iran_sanctions_lifted_on_implementation_day_and_dprk_never() -> None:
    res = sd.load("unsc_np_sanctions")
    iran = res.filter((pl.col("stateabb") == "IRN") & pl.col("imposes_sanctions"))
    lifted = iran.filter(pl.col("lifted").is_not_null())["lifted"].unique().to_list()
    assert lifted == [dt.date(2016, 1, 16)]
    snapback = iran.filter(pl.col("resolution").str.contains("snapback"))
    assert snapback["contested"].to_list() == [True]
    dprk = res.filter(pl.col("stateabb") == "PRK")
    assert dprk["lifted"].null_count() == dprk.height


def test_partnership_suspensions_are_dated_and_not_exits() -> None:
    p = sd.load("nato_partnerships").filter(pl.col("suspended").is_not_null())
    got = {r["stateabb"]: r["suspended"] for r in p.iter_rows(named=True)}
    assert got == {
        "RUS": dt.date(2014, 4, 1),
        "BLR": dt.date(2021, 11, 1),
        "AFG": dt.date(2021, 8, 20),
    }
    assert p["left"].null_count() == p.height
