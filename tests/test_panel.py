"""State-year and dyad-year panels and their merges."""

from __future__ import annotations

import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socius import panel
from socius.errors import CoverageError, UnknownNameError, ValidationError
from socius.provenance import get_provenance

DDY_2007 = panel.dyad_years(years=(2007, 2007))


def test_directed_dyad_year_count_matches_peacesciencer_cow_ddy() -> None:
    # peacesciencer's cow_ddy (Miller 2022) has 2,214,930 directed dyad-years for 1816-2024.
    assert panel.dyad_years().height == 2_214_930


def test_gw_directed_dyad_year_count_matches_peacesciencer_gw_ddy() -> None:
    # peacesciencer's gw_ddy, micro-states included, has 2,599,466 rows for 1816-2024.
    assert panel.dyad_years("gw").height == 2_599_466


def test_false_dyads_are_dropped() -> None:
    d1990 = panel.dyad_years(years=(1990, 1990))
    pair = (pl.col("ccode1") == 255) & (pl.col("ccode2") == 260)
    assert d1990.filter(pair).is_empty()  # West Germany ended on 2 Oct, Germany began on 3 Oct
    d1975 = panel.dyad_years(years=(1975, 1975))
    assert d1975.filter((pl.col("ccode1") == 115) & (pl.col("ccode2") == 817)).is_empty()


def test_undirected_is_half_of_directed() -> None:
    und = panel.dyad_years(directed=False, years=(2007, 2007))
    assert und.height * 2 == DDY_2007.height
    assert (und["ccode1"] < und["ccode2"]).all()


def test_state_years_extend_open_spells_to_system_end() -> None:
    sy = panel.state_years(years=(2024, 2024))
    assert sy.height == 195 and 740 in sy["ccode"].to_list()
    assert panel.state_years("gw", years=(2007, 2007))["microstate"].dtype == pl.Boolean


def test_bad_arguments() -> None:
    with pytest.raises(ValidationError, match="unknown system 'cowx'"):
        panel.state_years("cowx")  # type: ignore[arg-type]
    with pytest.raises(CoverageError, match="outside the COW state system's coverage 1816-2024"):
        panel.dyad_years(years=(1800, 1820))
    with pytest.raises(ValidationError, match="not a panel"):
        panel.add_capabilities(pl.DataFrame({"x": [1]}))
    with pytest.raises(UnknownNameError, match="did you mean: cinc"):
        panel.add_capabilities(DDY_2007, columns=["cinx"])
    with pytest.raises(UnknownNameError, match="unknown merge 'allies'"):
        panel.add_merges(DDY_2007, ["allies"])


def _pair(frame: pl.DataFrame, a: int, b: int) -> dict[str, object]:
    return frame.filter((pl.col("ccode1") == a) & (pl.col("ccode2") == b)).to_dicts()[0]


def test_known_facts_2007() -> None:
    full = panel.add_merges(
        DDY_2007, ["alliances", "contiguity", "distance", "majors", "igos", "nuclear"]
    )
    assert full.height == DDY_2007.height
    usa_jpn = _pair(full, 2, 740)
    assert usa_jpn["atop_defense"] == 1 and usa_jpn["cowmaj1"] == 1 and usa_jpn["warheads2"] == 0
    assert _pair(full, 740, 710)["atop_defense"] == 0
    assert _pair(full, 2, 20)["conttype"] == 1 and _pair(full, 2, 740)["conttype"] == 0
    # Tokyo-Beijing great-circle distance is about 2,100 km.
    assert _pair(full, 740, 710)["capdist"] == pytest.approx(2100, abs=15)
    assert _pair(full, 365, 2)["nuclear_status1"] == 3


def test_outside_coverage_is_missing_not_zero() -> None:
    d2024 = panel.dyad_years(years=(2024, 2024))
    merged = panel.add_merges(d2024, ["capabilities", "alliances", "contiguity", "igos"])
    for col in ("cinc1", "atop_defense", "conttype", "igo_shared"):
        assert merged[col].null_count() == merged.height, col


def test_weak_link_is_the_less_democratic_side() -> None:
    dem = panel.add_democracy(DDY_2007, sources=["democracy", "freedom_house"])
    ok = dem.drop_nulls(["v2x_polyarchy1", "v2x_polyarchy2", "fh_pr1", "fh_pr2"])
    low = ok.select(pl.min_horizontal("v2x_polyarchy1", "v2x_polyarchy2")).to_series()
    assert (ok["v2x_polyarchy_weak"] == low).all()
    worse = ok.select(pl.max_horizontal("fh_pr1", "fh_pr2")).to_series()
    assert (ok["fh_pr_weak"] == worse).all()


def test_provenance_records_every_dataset() -> None:
    merged = panel.add_democracy(
        panel.add_capabilities(DDY_2007, columns=["cinc"]), sources=["vdem"]
    )
    prov = {p["dataset"]: p for p in get_provenance(merged)}
    assert {"cow_states", "nmc", "vdem"} <= set(prov)
    assert prov["nmc"]["version"] == "7.0" and prov["nmc"]["columns"] == ["cinc1", "cinc2"]


def test_state_year_merges_and_pandas_input() -> None:
    sy = panel.state_years(years=(2007, 2007)).to_pandas()
    assert isinstance(sy, pd.DataFrame)
    out = panel.add_merges(
        sy,
        [
            "capabilities",
            "alliances",
            "democracy",
            "contiguity",
            "majors",
            "igos",
            "nuclear",
            "idealpoints",
        ],
    )
    assert out.height == len(sy)
    usa = out.filter(pl.col("ccode") == 2).to_dicts()[0]
    assert usa["cowmaj"] == 1 and usa["land_neighbours"] == 2 and usa["atop_defense_n"] > 30


def test_gw_panel_merges_through_the_crosswalk() -> None:
    gw = panel.dyad_years("gw", years=(1995, 1995))
    out = panel.add_capabilities(gw, columns=["cinc"])
    yemen = out.filter(pl.col("gwcode1") == 678)
    assert yemen["cinc1"].null_count() == 0  # GW 678 is COW 679 (unified Yemen) in 1995


@settings(max_examples=15)
@given(st.lists(st.integers(0, DDY_2007.height - 1), min_size=1, max_size=40, unique=True))
def test_merges_never_change_row_count_or_order(rows: list[int]) -> None:
    sample = DDY_2007[rows]
    out = panel.add_merges(
        sample, ["capabilities", "alliances", "democracy", "contiguity", "distance", "igos"]
    )
    assert out.height == sample.height
    assert out.select("ccode1", "ccode2", "year").equals(sample.select("ccode1", "ccode2", "year"))


def test_similarity_merge_matches_the_similarity_module() -> None:
    from socius.similarity import dyadic_similarity

    d = panel.dyad_years(years=(2000, 2000))
    out = panel.add_merges(d, ["similarity"])
    assert out.height == d.height
    ref = dyadic_similarity("unvotes", years=(2000, 2000)).filter(
        (pl.col("ccode1") == 2) & (pl.col("ccode2") == 740)
    )
    assert _pair(out, 2, 740)["s_un"] == pytest.approx(ref["s_un"][0], abs=1e-12)
    assert {"s_atop", "kappa_atop", "pi_atop", "taub_atop", "s_un"} <= set(out.columns)


def test_sipri_merge_needs_an_import_then_uses_it() -> None:
    from pathlib import Path

    from socius.data.sipri import import_milex
    from socius.errors import DataError

    sy = panel.state_years(years=(2020, 2020))
    with pytest.raises(DataError, match="socius data import sipri-milex"):
        panel.add_merges(sy, ["sipri"])
    import_milex(Path(__file__).parent / "data" / "sipri" / "SIPRI-Milex-fixture.xlsx")
    out = panel.add_merges(sy, ["sipri"])
    # SIPRI Military Expenditure Database 2025: United States 2020, current US$ 778.4 bn.
    assert out.filter(pl.col("ccode") == 2)["milex_current"][0] == pytest.approx(778_397.2, abs=0.5)
    assert (
        out.filter(pl.col("ccode") == 20)["milex_current"][0] is None
    )  # Canada is not in the fixture
    assert "sipri_milex" in {p["dataset"] for p in get_provenance(out)}
