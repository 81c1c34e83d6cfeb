"""Conflict merges (MIDs, wars, UCDP, rivalries), peace years and the politically relevant filter."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socius import panel
from socius.data import load
from socius.errors import CoverageError, UnknownNameError, ValidationError
from socius.panel.spells import peace_years, spline_basis

SAMPLES = Path(__file__).resolve().parent / "data" / "peacesciencer"
KEY = ["ccode1", "ccode2", "year"]
DDY_1860_1870 = panel.dyad_years(years=(1860, 1870))


@pytest.mark.parametrize(("dataset", "name"), [("gml_mids", "gml"), ("cow_mids", "cow")])
def test_peacesciencer_rule_reproduces_peacesciencer_output(dataset: str, name: str) -> None:
    """peacesciencer's own whittled files (gml_mid_ddydisps, cow_mid_ddydisps, package v1.2.9
    data) keep one dispute per dyad-year; the committed sample holds every dyad-year that has
    several disputes (846 GML, 996 COW). The rule must pick the same dispute in each."""
    sample = pl.read_csv(
        SAMPLES / f"{name}_whittled_dyad_years.csv",
        schema_overrides={c: pl.Int32 for c in [*KEY, "dispnum"]},
    )
    assert sample.height == {"gml": 846, "cow": 996}[name]
    mine = panel.whittle(load(dataset), "peacesciencer").join(
        sample.select(KEY), on=KEY, how="semi"
    )
    both = sample.join(mine.select(*KEY, pl.col("dispnum").alias("ours")), on=KEY, how="left")
    assert both.height == sample.height
    assert (both["dispnum"] == both["ours"]).all()


def test_whittle_rules_keep_one_row_per_dyad_year_except_all() -> None:
    disputes = load("gml_mids")
    n_dyad_years = disputes.select(KEY).n_unique()
    for rule in ("peacesciencer", "first", "severe"):
        kept = panel.whittle(disputes, rule)
        assert kept.height == n_dyad_years
        assert not kept.select(KEY).is_duplicated().any()
    assert panel.whittle(disputes, "all").height == disputes.height
    severe = panel.whittle(disputes, "severe")
    top = disputes.group_by(KEY).agg(pl.col("hostlev").max().alias("top"))
    assert (severe.join(top, on=KEY)["hostlev"] == severe.join(top, on=KEY)["top"]).all()
    with pytest.raises(UnknownNameError, match="unknown rule 'worst'"):
        panel.whittle(disputes, "worst")


def test_gml_mids_on_a_panel() -> None:
    # GML MID 2.2.1: France-Italy 1860 had three onsets (MIDs 112, 113, 306), one row is kept.
    d = panel.add_gml_mids(DDY_1860_1870)
    assert d.height == DDY_1860_1870.height
    row = d.filter((pl.col("ccode1") == 220) & (pl.col("ccode2") == 325) & (pl.col("year") == 1860))
    assert row["gmlmidonset"].item() == 1 and row["gmlmid_dispnum"].item() in (112, 113, 306)
    assert d["gmlmidonset"].null_count() == 0  # inside 1816-2010: 0, never missing
    every = panel.add_gml_mids(DDY_1860_1870, rule="all", keep=[])
    assert every.height > d.height
    late = panel.add_gml_mids(panel.dyad_years(years=(2011, 2012)), keep=["hostlev"])
    assert late["gmlmidonset"].null_count() == late.height  # outside coverage: missing
    with pytest.raises(UnknownNameError, match="unknown dispute column 'hostility'"):
        panel.add_gml_mids(DDY_1860_1870, keep=["hostility"])
    with pytest.raises(ValidationError, match="COW dyad-year panel"):
        panel.add_gml_mids(panel.state_years(years=(1860, 1860)))


def test_cow_mids_and_wars() -> None:
    d = panel.add_cow_wars(panel.add_cow_mids(panel.dyad_years(years=(1914, 1918)), keep=[]))
    # COW Inter-State War 4.0: Germany (255) and France (220) fought World War I from 1914.
    de_fr = d.filter((pl.col("ccode1") == 255) & (pl.col("ccode2") == 220)).sort("year")
    assert de_fr["cowinteronset"].to_list()[0] == 1
    assert de_fr["cowinterongoing"].to_list() == [1, 1, 1, 1, 1]
    assert de_fr["cowmidongoing"].to_list()[0] == 1
    sy = panel.add_cow_wars(panel.state_years(years=(1861, 1861)), kind="intra")
    assert sy.filter(pl.col("ccode") == 2)["cowintraonset"].item() == 1  # US Civil War
    with pytest.raises(UnknownNameError, match="unknown war kind 'extra'"):
        panel.add_cow_wars(sy, kind="extra")


def test_ucdp_and_rivalries() -> None:
    sy = panel.add_ucdp_onsets(panel.add_ucdp_acd(panel.state_years(years=(1945, 2003))))
    # UCDP/PRIO: the United States (GW 2) was a primary party to the 2003 Iraq war.
    assert sy.filter((pl.col("ccode") == 2) & (pl.col("year") == 2003))["ucdpongoing"].item() == 1
    assert (
        sy.filter(pl.col("year") == 1945)["ucdpongoing"].null_count()
        == sy.filter(pl.col("year") == 1945).height
    )
    d2003 = panel.add_ucdp_acd(panel.dyad_years(years=(2003, 2003)))
    fought = d2003.filter(pl.col("ucdpdyadongoing") == 1)
    # UCDP/PRIO interstate conflict 2003: the US, UK and Australia against Iraq; India-Pakistan.
    pairs = set(zip(fought["ccode1"].to_list(), fought["ccode2"].to_list(), strict=True))
    assert {(2, 645), (645, 2), (200, 645), (900, 645), (750, 770)} <= pairs
    assert (fought["ucdpongoing1"] == 1).all() and (fought["ucdpongoing2"] == 1).all()
    gw = panel.add_ucdp_acd(panel.state_years("gw", years=(2003, 2003)), types=["interstate"])
    assert gw.filter(pl.col("gwcode") == 645)["ucdpongoing"].item() == 1  # Iraq
    with pytest.raises(UnknownNameError, match="unknown conflict type 'civil'"):
        panel.add_ucdp_acd(gw, types=["civil"])
    d = panel.add_strategic_rivalries(panel.dyad_years(directed=False, years=(1950, 1950)))
    us_ussr = d.filter((pl.col("ccode1") == 2) & (pl.col("ccode2") == 365))
    assert us_ussr["td_rivalry"].item() == 1
    tss = panel.add_strategic_rivalries(panel.dyad_years(years=(2015, 2015)), source="tss")
    assert tss["tss_rivalry"].null_count() == 0
    td_late = panel.add_strategic_rivalries(panel.dyad_years(years=(2015, 2015)))
    assert td_late["td_rivalry"].null_count() == td_late.height  # Thompson-Dreyer ends 2010


def test_peace_years_match_sbtscs_on_a_worked_example() -> None:
    # stevemisc::sbtscs on event 0,0,1,1,0,0,0,1,0 gives 0,1,2,0,0,1,2,3,0.
    got = peace_years(np.zeros(9, dtype=np.int64), np.array([0, 0, 1, 1, 0, 0, 0, 1, 0]))
    assert got.tolist() == [0, 1, 2, 0, 0, 1, 2, 3, 0]


def _loop_peace_years(events: list[int]) -> list[int]:
    """The DAMisc/stevemisc loop, transcribed for the property test."""
    out = [0] * len(events)
    run = 0
    for j in range(1, len(events)):
        if events[j] == 0 and events[j - 1] == 0:
            run += 1
            out[j] = run
        elif events[j] != 0 and events[j - 1] == 0:
            out[j] = run + 1
            run = 0
        elif events[j] == 0 and events[j - 1] != 0:
            run = 0
            out[j] = 0
    return out


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.integers(0, 1), min_size=1, max_size=30), min_size=1, max_size=6))
def test_peace_years_equal_the_reference_loop(units: list[list[int]]) -> None:
    unit = np.concatenate([np.full(len(u), i) for i, u in enumerate(units)])
    event = np.concatenate([np.array(u) for u in units])
    expected = [v for u in units for v in _loop_peace_years(u)]
    assert peace_years(unit, event).tolist() == expected


def test_add_peace_years_on_a_panel_is_order_free() -> None:
    d = panel.add_gml_mids(DDY_1860_1870, keep=[])
    a = panel.add_peace_years(d, cubic=True, knots=(1, 4, 7, 10))
    b = panel.add_peace_years(d.sample(fraction=1.0, shuffle=True, seed=3), cubic=True)
    j = a.join(b, on=KEY, suffix="_b")
    assert (j["gmlmidspell"] == j["gmlmidspell_b"]).all()
    assert (a["gmlmidspell2"] == a["gmlmidspell"].cast(pl.Float64) ** 2).all()
    assert {"gmlmidspell_s1", "gmlmidspell_s2"} <= set(a.columns)
    first = a.filter(pl.col("year") == 1860)
    assert (first["gmlmidspell"] == 0).all()  # a dyad's first row starts the count
    with pytest.raises(ValidationError, match="no event column"):
        panel.add_peace_years(DDY_1860_1870)
    with pytest.raises(ValidationError, match="at least three distinct"):
        panel.add_peace_years(d, knots=(1, 1, 2))


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0.5, 30), min_size=3, max_size=5, unique=True))
def test_spline_basis_is_linear_beyond_the_last_knot(knots: list[float]) -> None:
    k = sorted(knots)
    t = np.array([k[-1] + 1.0, k[-1] + 2.0, k[-1] + 3.0])
    basis = spline_basis(t, k)
    assert np.allclose(np.diff(basis, n=2, axis=0), 0.0, atol=1e-6 * max(1.0, np.abs(basis).max()))
    assert np.allclose(spline_basis(np.array([k[0] - 0.5]), k), 0.0)


def test_filter_prd_keeps_contiguous_or_major_power_dyads() -> None:
    d = panel.add_major_powers(panel.add_contiguity(panel.dyad_years(years=(2000, 2000))))
    prd = panel.filter_prd(d)
    assert 0 < prd.height < d.height
    assert (prd["conttype"].is_between(1, 5) | (prd["cowmaj1"] == 1) | (prd["cowmaj2"] == 1)).all()
    # Peru-Kenya 2000: neither contiguous nor a major power, so not relevant.
    assert prd.filter((pl.col("ccode1") == 135) & (pl.col("ccode2") == 501)).is_empty()
    with pytest.raises(ValidationError, match="filter_prd needs column 'cowmaj1'"):
        panel.filter_prd(panel.add_contiguity(panel.dyad_years(years=(2000, 2000))))


def test_leader_years_and_lead() -> None:
    # Archigos 4.1: 1945 in the United States had two leaders (Roosevelt to 12 April, Truman).
    ly = panel.add_lead(panel.leader_years(years=(1945, 1945)))
    usa = ly.filter(pl.col("gwcode") == 2).sort("yrinoffice", descending=True)
    assert usa["leader"].to_list() == ["Roosevelt, F.", "Truman"]
    assert usa["yrinoffice"].to_list() == [13, 1]  # Roosevelt took office in 1933
    assert {"milservice", "combat"} <= set(ly.columns)
    merged = panel.add_capabilities(ly)  # a leader-year is a GW state-year to every merge
    assert merged.height == ly.height and "cinc" in merged.columns
    with pytest.raises(CoverageError, match="outside Archigos' coverage 1840-2015"):
        panel.leader_years(years=(2010, 2020))
    with pytest.raises(ValidationError, match="add_lead needs leader-years"):
        panel.add_lead(panel.state_years(years=(1945, 1945)))


_DISPUTE = st.fixed_dictionaries(
    {
        "ccode2": st.sampled_from([20, 200]),
        "year": st.sampled_from([1900, 1901]),
        "onset": st.integers(0, 1),
        "fatality": st.sampled_from([-9, 0, 1, 2]),
        "hostlev": st.integers(1, 5),
        "mindur": st.integers(1, 400),
        "recip": st.integers(0, 1),
        "stmon": st.integers(1, 12),
    }
)


@settings(max_examples=100, deadline=None)
@given(st.lists(_DISPUTE, min_size=1, max_size=12))
def test_whittle_properties(rows: list[dict[str, int]]) -> None:
    disputes = pl.DataFrame([{"dispnum": i + 1, "ccode1": 2, **r} for i, r in enumerate(rows)])
    for rule in ("peacesciencer", "first", "severe"):
        kept = panel.whittle(disputes, rule)
        # one row per dyad-year, every kept row an input row
        assert kept.select(KEY).n_unique() == kept.height == disputes.select(KEY).n_unique()
        assert kept.join(disputes, on=disputes.columns, how="anti").is_empty()
    ps = panel.whittle(disputes, "peacesciencer").join(
        disputes.group_by(KEY).agg(pl.col("onset").max().alias("any_onset")), on=KEY
    )
    assert (ps["onset"] == ps["any_onset"]).all()  # an onset is kept whenever there is one
    severe = panel.whittle(disputes, "severe").join(
        disputes.group_by(KEY).agg(pl.col("hostlev").max().alias("top")), on=KEY
    )
    assert (severe["hostlev"] == severe["top"]).all()
