"""Regression tests for contiguity and alliances, the atop_alliance indicator, the
peacesciencer compatibility mode, the merge registry and ``mry``."""

from __future__ import annotations

import math

import polars as pl
import pytest

from socius import panel
from socius.data import load
from socius.errors import UnknownNameError, ValidationError
from socius.panel import registry

UK, FRANCE, BELGIUM, BRAZIL, USA = 200, 220, 211, 140, 2


def _pair(frame: pl.DataFrame, a: int, b: int) -> pl.DataFrame:
    return frame.filter((pl.col("ccode1") == a) & (pl.col("ccode2") == b)).sort("year")


def test_contiguity_is_the_closest_type_in_force_during_the_year() -> None:
    # COW contiguity v3.2: UK-France type 3 (<= 24 miles of water) to June 1940, a
    # "no contiguity" record July 1940 - Nov 1942, type 3 again from August 1944.
    d = panel.add_contiguity(panel.dyad_years(years=(1939, 1945)))
    got = dict(_pair(d, UK, FRANCE).select("year", "conttype").iter_rows())
    assert got[1939] == 3 and got[1940] == 3  # 1940 used to come out 0
    assert got[1941] == 0  # only the "no contiguity" record is in force all year
    assert got[1944] == 3 and got[1945] == 3


def test_contiguity_peacesciencer_convention_takes_the_minimum_record() -> None:
    d = panel.add_contiguity(panel.dyad_years(years=(1940, 1940)), conventions="peacesciencer")
    assert _pair(d, UK, FRANCE)["conttype"].to_list() == [0]
    with pytest.raises(ValidationError, match="conventions 'r' is not known"):
        panel.add_contiguity(panel.dyad_years(years=(1940, 1940)), conventions="r")


def test_contiguity_fix_only_raises_types_never_lowers_them() -> None:
    ddy = panel.dyad_years(years=(1816, 2016))
    new = panel.add_contiguity(ddy)["conttype"]
    old = panel.add_contiguity(ddy, conventions="peacesciencer")["conttype"]
    changed = new != old
    assert changed.sum() > 0
    # A dyad-year changes only from 0 (a "no contiguity" record masked a type in force).
    assert (old.filter(changed) == 0).all() and (new.filter(changed) > 0).all()


def test_non_directed_alliances_take_the_maximum_over_both_directions() -> None:
    # ATOP v5.1 codes Belgium-France 1832 defence only from France (220) to Belgium (211).
    directed = panel.add_alliances(panel.dyad_years(years=(1832, 1832)))
    assert _pair(directed, FRANCE, BELGIUM)["atop_defense"].item() == 1
    assert _pair(directed, BELGIUM, FRANCE)["atop_defense"].item() == 0
    und = panel.add_alliances(panel.dyad_years(directed=False, years=(1832, 1832)))
    assert _pair(und, BELGIUM, FRANCE)["atop_defense"].item() == 1
    # an explicit choice overrides the detection
    forced = panel.add_alliances(panel.dyad_years(years=(1832, 1832)), directed=False)
    assert _pair(forced, BELGIUM, FRANCE)["atop_defense"].item() == 1


def test_non_directed_alliances_equal_directed_maximum_everywhere() -> None:
    years = (1900, 1960)
    directed = panel.add_alliances(panel.dyad_years(years=years))
    cols = [
        "atop_alliance",
        "atop_defense",
        "atop_offense",
        "atop_neutral",
        "atop_nonagg",
        "atop_consul",
    ]
    folded = (
        directed.with_columns(
            pl.min_horizontal("ccode1", "ccode2").alias("a"),
            pl.max_horizontal("ccode1", "ccode2").alias("b"),
        )
        .group_by("a", "b", "year")
        .agg([pl.col(c).max() for c in cols])
        .rename({"a": "ccode1", "b": "ccode2"})
    )
    und = panel.add_alliances(panel.dyad_years(directed=False, years=years))
    joined = und.join(folded, on=["ccode1", "ccode2", "year"], suffix="_dir")
    assert joined.height == und.height
    for c in cols:
        assert (joined[c] == joined[f"{c}_dir"]).all(), c


def test_atop_alliance_counts_alliances_without_any_of_the_five_obligations() -> None:
    atop = load("atop")
    five = ["atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]
    d = panel.add_alliances(panel.dyad_years())
    inside = atop.join(d, on=["ccode1", "ccode2", "year"], how="semi")
    # ATOP v5.1 dyad-years of COW system members: 267,402, of which 159 have an alliance
    # with none of the five obligations (the count in the issue that reported it).
    assert inside.height == 267_402
    assert inside.filter(pl.sum_horizontal(five) == 0).height == 159
    assert d["atop_alliance"].sum() == inside.height
    no_five = d.filter((pl.col("atop_alliance") == 1) & (pl.sum_horizontal(five) == 0))
    assert no_five.height == 159
    assert (
        d.filter(pl.col("year") > 2018)["atop_alliance"].null_count()
        == d.filter(pl.col("year") > 2018).height
    )
    sy = panel.add_alliances(panel.state_years(years=(2000, 2000)))
    assert {"atop_alliance_n", "atop_defense_n"} <= set(sy.columns)


def test_capital_distance_peacesciencer_convention() -> None:
    d = panel.dyad_years(years=(1960, 1961))
    ours = panel.add_capital_distance(d)
    ps = panel.add_capital_distance(d, conventions="peacesciencer")
    usa_brazil = (pl.col("ccode1") == USA) & (pl.col("ccode2") == BRAZIL)
    o = dict(ours.filter(usa_brazil).select("year", "capdist").iter_rows())
    p = dict(ps.filter(usa_brazil).select("year", "capdist").iter_rows())
    # 1961: same capitals (Washington, Brasilia), distances scale with the sphere radius.
    assert math.isclose(p[1961] / o[1961], 6378.137 / 6371.0088, rel_tol=1e-12)
    # 1960: Brasilia from 21 April; peacesciencer uses the 1 January capital (Rio de Janeiro).
    caps = load("capitals")
    wash = caps.filter(pl.col("ccode") == USA).row(0, named=True)
    rio_row = caps.filter(pl.col("capital") == "Rio de Janeiro").row(0, named=True)
    rio = panel.merge.great_circle_km(
        wash["lat"], wash["lon"], rio_row["lat"], rio_row["lon"], 6378.137
    )
    assert math.isclose(p[1960], float(rio), rel_tol=1e-9)
    assert not math.isclose(o[1960], float(rio), rel_tol=1e-3)


def test_registry_finds_analysis_merges_by_name_and_refuses_unknown_ones() -> None:
    assert "similarity" in panel.MERGES and "eu" in panel.MERGES
    fn = registry.get_merge("eu")
    assert fn is registry.get_merge("expected_utility")
    with pytest.raises(
        UnknownNameError, match=r"unknown merge 'similarty'.*did you mean: similarity"
    ):
        registry.get_merge("similarty")
    with pytest.raises(ValueError, match="already registered"):
        registry.register_merge("eu", lambda frame: frame)


def test_mry_carries_the_system_to_the_last_full_year() -> None:
    last = panel.last_full_year()
    sy = panel.state_years(mry=True)
    assert sy["year"].max() == max(last, 2024)
    plain = panel.state_years(years=(2024, 2024))
    carried = sy.filter(pl.col("year") == sy["year"].max())
    assert carried.height == plain.height
    cap = panel.add_capabilities(carried)
    assert cap["cinc"].null_count() == cap.height  # NMC v7.0 ends in 2022: missing, never 0


@pytest.mark.parametrize("system", ["cow", "gw"])
@pytest.mark.parametrize("directed", [True, False])
def test_grid_construction_equals_the_join_construction(system: str, directed: bool) -> None:
    from socius.panel import units

    code = "ccode" if system == "cow" else "gwcode"
    # ranges with the false dyads (states that left and entered within one year); the full
    # 1816-2024 panels were checked equal too (2,214,930 COW and 2,599,466 GW rows)
    for years in ((1855, 1875), (1985, 1995)):
        spells = (
            units._spell_years(system)  # type: ignore[arg-type]
            .filter(pl.col("year").is_between(*years))
            .select(code, "year", "from", "to")
        )
        grid = units._pairs_by_grid(spells, code, directed, *years)
        join = units._pairs_by_join(spells, code, directed)
        assert grid.equals(join)
