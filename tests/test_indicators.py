"""Indicators on the bundled data: military expenditure (NMC fallback), capabilities,
nuclear and missile indicators, scrambles, blocs, flashpoints and state profiles."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from socius import indicators as ind
from socius.alliances import members
from socius.data import load
from socius.errors import CoverageError, DataError, UnknownNameError, ValidationError
from socius.provenance import get_provenance

positive = st.floats(min_value=1e-3, max_value=1e9, allow_nan=False, allow_infinity=False)


# ------------------------------------------------------------------ growth formula


@settings(max_examples=80, deadline=None)
@given(x0=positive, x1=positive, n=st.integers(min_value=1, max_value=80))
def test_compound_growth_identity(x0: float, x1: float, n: int) -> None:
    ratio, cagr = ind.compound_growth([x0], [x1], n)
    assert_allclose((1 + cagr[0]) ** n, ratio[0], rtol=1e-6, atol=1e-12)
    assert (cagr[0] > 0) == (x1 > x0) or np.isclose(x1, x0)


@settings(max_examples=60, deadline=None)
@given(
    x0=positive, x1=positive, scale=st.floats(min_value=1e-3, max_value=1e3), n=st.integers(1, 40)
)
def test_compound_growth_is_unit_free(x0: float, x1: float, scale: float, n: int) -> None:
    a = ind.compound_growth([x0], [x1], n)
    b = ind.compound_growth([x0 * scale], [x1 * scale], n)
    assert_allclose(a, b, rtol=1e-9)


def test_compound_growth_missing_and_zero_start() -> None:
    ratio, cagr = ind.compound_growth([0.0, np.nan, 100.0], [5.0, 5.0, 100.0], 5)
    assert np.isnan(ratio[:2]).all() and np.isnan(cagr[:2]).all()
    assert ratio[2] == 1.0 and cagr[2] == 0.0
    with pytest.raises(ValidationError, match="at least 1"):
        ind.compound_growth([1.0], [2.0], 0)


# ------------------------------------------------------------------ military expenditure


def test_milex_falls_back_to_nmc_and_says_so() -> None:
    assert ind.milex_source() == "nmc"
    frame = ind.milex(["CHN", "JPN"], years=(1996, 2006))
    assert frame.height == 22
    assert set(frame["source"].to_list()) == {"nmc 7.0"}
    assert set(frame["measure"].to_list()) == {"current"}
    assert "constant prices" in frame["caveat"][0] and "sipri-milex" in frame["caveat"][0]
    assert [p["dataset"] for p in get_provenance(frame)] == ["nmc"]
    # NMC milex is in thousands of US$; socius reports US$ m
    raw = load("nmc", years=(2000, 2000)).filter(pl.col("ccode") == 740)["milex"][0]
    assert (
        frame.filter(pl.col("year") == 2000).filter(pl.col("ccode") == 740)["milex"][0]
        == raw / 1000
    )


def test_milex_growth_by_hand() -> None:
    g = ind.milex_growth(["USA", "CHN"], start=1996, end=2006)
    nmc = load("nmc", columns=["ccode", "year", "milex"]).filter(pl.col("year").is_in([1996, 2006]))
    usa = nmc.filter(pl.col("ccode") == 2).sort("year")["milex"].to_list()
    row = g.filter(pl.col("ccode") == 2).row(0, named=True)
    assert_allclose(row["ratio"], usa[1] / usa[0], rtol=1e-12)
    assert_allclose(row["cagr"], (usa[1] / usa[0]) ** 0.1 - 1, rtol=1e-12)
    assert_allclose(row["growth_pct"], (usa[1] / usa[0] - 1) * 100, rtol=1e-12)


def test_milex_needs_sipri_for_gdp_share_and_constant_source() -> None:
    with pytest.raises(DataError, match="sipri-milex"):
        ind.milex("CHN", years=(2000, 2001), measure="share_gdp")
    with pytest.raises(DataError, match="has not been imported"):
        ind.milex("CHN", years=(2000, 2001), source="sipri")
    with pytest.raises(ValidationError, match="measure 'real'"):
        ind.milex("CHN", measure="real")


@pytest.mark.parametrize(
    ("years", "error", "message"),
    [
        ((2006, 1996), ValidationError, "run backwards; write 1996-2006"),
        ((1900, 1910), CoverageError, "1914-2022"),
        ((2020, 2030), CoverageError, "outside the coverage"),
    ],
)
def test_bad_periods(years: tuple[int, int], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        ind.milex("CHN", years=years)


def test_milex_rank_and_totals_add_up() -> None:
    r = ind.milex_rank(years=(2010, 2010))
    assert r["rank"].to_list()[:2] == [1, 2] and r["stateabb"][0] == "USA"
    assert_allclose(r["share_world"].sum(), 1.0, rtol=1e-9)
    totals = ind.milex_totals(years=(2010, 2010))
    world = ind.milex_totals(years=(2010, 2010), by="world")
    assert_allclose(totals["milex"].sum(), world["milex"][0], rtol=1e-12)
    assert set(totals["group"].to_list()) == {
        "Africa",
        "Americas",
        "Asia & Oceania",
        "Europe",
        "Middle East",
    }
    with pytest.raises(DataError, match="subregions"):
        ind.milex_totals(years=(2010, 2010), by="subregion")


def test_unknown_state_is_an_error_with_suggestions() -> None:
    with pytest.raises(UnknownNameError, match="did you mean"):
        ind.milex("Chinaa", years=(2000, 2000))


# ------------------------------------------------------------------ capabilities and nuclear


def test_cinc_trend_slope_equals_least_squares() -> None:
    t = ind.cinc_trend(["CHN", "JPN", "USA"], years=(1996, 2006))
    c = ind.cinc(["CHN", "JPN", "USA"], years=(1996, 2006))
    for code in (2, 710, 740):
        s = c.filter(pl.col("ccode") == code).sort("year")
        slope = np.polyfit(s["year"].to_numpy().astype(float), s["cinc"].to_numpy(), 1)[0]
        row = t.filter(pl.col("ccode") == code).row(0, named=True)
        assert_allclose(row["slope"], slope, rtol=1e-8)
        assert_allclose(row["change"], s["cinc"][-1] - s["cinc"][0], rtol=1e-12)


def test_cinc_ranks_and_shares() -> None:
    c = ind.cinc(years=(2005, 2005))
    # CINC shares are computed per component and averaged, so they sum to about 1 (NMC v7.0)
    assert_allclose(c["cinc"].sum(), 1.0, atol=5e-3)
    assert c.filter(pl.col("rank") == 1)["stateabb"].to_list() == ["CHN"]


def test_nuclear_zero_vs_missing() -> None:
    n = ind.nuclear(["PRK", "JPN"], years=(2005, 2023))
    prk = n.filter((pl.col("ccode") == 731) & (pl.col("year") == 2006)).row(0, named=True)
    assert prk["status_label"] == "possession" and prk["nuclear_tests"] == 1
    jpn = n.filter(pl.col("ccode") == 740)
    assert jpn.filter(pl.col("year") == 2010)["warheads"][0] == 0
    # tests are covered to 2019 and status to 2022: later years are missing, not 0
    assert jpn.filter(pl.col("year") == 2021)["nuclear_tests"][0] is None
    assert jpn.filter(pl.col("year") == 2023)["nuclear_status"][0] is None


def test_missile_tests_count_launches() -> None:
    raw = load("missile_tests").filter((pl.col("ccode") == 731) & (pl.col("year") == 2017))
    t = ind.missile_tests("PRK", years=(2017, 2017))
    row = t.row(0, named=True)
    assert row["tests"] == raw.height
    assert row["successful"] + row["failed"] + row["outcome_unknown"] == row["tests"]
    by_type = ind.missile_tests("PRK", years=(2017, 2017), by_type=True)
    assert by_type["tests"].sum() == raw.height
    quiet = ind.missile_tests("PAK", years=(1979, 1980))
    assert quiet["tests"].to_list() == [0, 0]
    with pytest.raises(CoverageError, match="North Korea, Iran, India, Pakistan"):
        ind.missile_tests("JPN")


# ------------------------------------------------------------------ scrambles


def test_scrambles_by_origin_from_the_curated_table() -> None:
    """FY2016 figures as released by Japan's Joint Staff Office (Japan Times, 14 April
    2017): 1,168 scrambles, 851 against Chinese and 301 against Russian aircraft."""
    s = ind.scrambles(years=(2016, 2016))
    got = dict(zip(s["origin"].to_list(), s["scrambles"].to_list(), strict=True))
    assert (got["total"], got["china"], got["russia"]) == (1168, 851, 301)
    change = ind.scramble_change(start=2010, end=2016).filter(pl.col("origin") == "china")
    assert_allclose(change["ratio"][0], 851 / 96, rtol=1e-12)
    missing = ind.scrambles(years=(2007, 2007), origins=["china"])
    assert missing["scrambles"][0] is None
    with pytest.raises(ValidationError, match="did you mean: china"):
        ind.scrambles(origins=["chnia"])
    with pytest.raises(ValidationError, match="run backwards"):
        ind.scramble_change(start=2016, end=2010)


# ------------------------------------------------------------------ blocs


@pytest.mark.parametrize("name", ["NATO", "SCO", "CSTO"])
def test_bloc_members_agree_with_alliances(name: str) -> None:
    frame = ind.bloc_members(name)
    for year in sorted(set(frame["year"].to_list()))[::7]:
        assert sorted(frame.filter(pl.col("year") == year)["ccode"].to_list()) == members(
            name, year
        )


def test_bloc_aggregates_sum_members() -> None:
    agg = ind.bloc_aggregates(["NATO", "SCO"], years=(1999, 2010))
    assert agg.filter(pl.col("bloc") == "SCO")["year"].min() == 2001  # founded 15 June 2001
    sco = agg.filter((pl.col("bloc") == "SCO") & (pl.col("year") == 2007)).row(0, named=True)
    c = ind.cinc(members("SCO", 2007), years=(2007, 2007))
    assert sco["members"] == 6
    assert_allclose(sco["cinc"], c["cinc"].sum(), rtol=1e-12)
    assert sco["arms_internal"] is None  # no SIPRI arms data imported
    quad = ind.bloc("Quad", ["USA", "JPN", "IND", "AUL"])
    q = ind.bloc_aggregates([quad], years=(2010, 2010)).row(0, named=True)
    assert q["members"] == 4


def test_unknown_bloc_explains_how_to_define_one() -> None:
    with pytest.raises(ValidationError, match="give its members"):
        ind.bloc("ASEAN")


# ------------------------------------------------------------------ flashpoints


def test_flashpoint_registry() -> None:
    reg = ind.flashpoints()
    assert reg["slug"].to_list() == [
        "east-china-sea",
        "korean-peninsula",
        "south-china-sea",
        "taiwan-strait",
    ]
    parties = ind.flashpoint_parties("Taiwan Strait")
    assert dict(zip(parties["stateabb"].to_list(), parties["role"].to_list(), strict=True)) == {
        "USA": "patron",
        "CHN": "claimant",
        "TAW": "party",
    }
    with pytest.raises(UnknownNameError, match="did you mean: taiwan-strait"):
        ind.flashpoint_parties("taiwan-straight")


def test_dashboards_show_each_partys_indicators() -> None:
    ecs = ind.dashboard("east-china-sea", years=(2008, 2022))
    keys = [k for k, _, _ in ecs.panels]
    assert keys[:5] == ["military expenditure", "spending growth", "cinc", "cinc trend", "nuclear"]
    assert "scrambles" in keys and "missile tests" not in keys
    assert set(ecs.panel("cinc")["ccode"].to_list()) == {2, 710, 713, 740}
    assert any("sipri-arms" in n for n in ecs.notes)
    korea = ind.dashboard("korean-peninsula", years=(2010, 2020))
    assert korea.panel("missile tests")["year"].max() == 2019
    assert any("2010-2019" in n for n in korea.notes)
    with pytest.raises(CoverageError, match="no indicator covers"):
        ind.dashboard("taiwan-strait", years=(1700, 1710))


# ------------------------------------------------------------------ profiles and ranks


def test_profile_and_summary_for_china() -> None:
    p = ind.profile("CHN", years=(1996, 2006))
    assert p["year"].to_list() == list(range(1996, 2007))
    assert p["arms_imports"].null_count() == p.height  # no SIPRI arms imported
    assert p["cinc_rank"].to_list()[0] == 1
    s = ind.profile_summary("CHN", years=(1996, 2006))
    values = dict(zip(s["indicator"].to_list(), s["value"].to_list(), strict=True))
    g = ind.milex_growth("CHN", start=1996, end=2006)
    assert_allclose(values["milex_ratio"], g["ratio"][0], rtol=1e-12)
    assert values["warheads"] == 235.0


def test_rank_dispatch() -> None:
    r = ind.rank("cinc", years=(2001, 2005), top=3)
    assert r["stateabb"].to_list() == ["CHN", "USA", "IND"]
    w = ind.rank("warheads", years=(2000, 2020))
    assert w["stateabb"][0] == "RUS" and w["unit"][0] == "warheads in 2020"
    with pytest.raises(UnknownNameError, match="did you mean: arms-imports"):
        ind.rank("arms-import", years=(2001, 2005))
    with pytest.raises(DataError, match="sipri-arms"):
        ind.rank("arms-imports", years=(2001, 2005))
