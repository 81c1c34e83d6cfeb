"""Regime-based proliferation-risk profiles, the weights file, and networks built from the data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socius.errors import CoverageError, DataError, UnknownNameError, ValidationError
from socius.networks.build import build_network
from socius.networks.risk import (
    CATEGORIES,
    COMPONENTS,
    default_weights,
    explain,
    load_weights,
    risk_profiles,
)

R2006 = risk_profiles(2006, draws=200)
R2002_2007 = risk_profiles((2002, 2007), draws=0)


def _row(abb: str, table: pl.DataFrame = R2006, year: int | None = None) -> dict[str, object]:
    rows = table.filter(pl.col("stateabb") == abb)
    if year is not None:
        rows = rows.filter(pl.col("year") == year)
    return rows.to_dicts()[0]


def test_recognised_nuclear_weapon_state_is_not_scored_as_a_proliferator() -> None:
    """NPT Art. IX(3): the five states that tested before 1 January 1967 are nuclear-weapon
    states; possession is lawful, so it is no risk point and they are not ranked, while North
    Korea and Iran, under UNSC sanctions in 2006 (resolutions 1718 of 2006-10-14 and 1737 of
    2006-12-23), are ranked as proliferators."""
    for abb in ("USA", "RUS", "UKG", "FRN", "CHN"):
        row = _row(abb)
        assert row["category"] == "recognised nuclear-weapon state"
        assert row["rank"] is None and row["latency"] == 0.0
        assert row["nuclear_status"] == 3  # they do possess weapons (Bleek 2017)
    for abb, res in (("PRK", "1718"), ("IRN", "1737")):
        row = _row(abb)
        assert row["category"] == "under UNSC sanctions"
        assert row["sanctions"] == 1.0 and row["sanctions_by"] == res
        assert row["rank"] is not None and row["rank"] <= 2
    assert "not scored as proliferation" in explain(_row("USA"))


def test_north_korea_is_an_npt_party_in_2002_and_withdrawn_in_2004() -> None:
    """Accession 1985-12-12; withdrawal effective 2003-04-10 (np_regimes)."""
    assert _row("PRK", R2002_2007, 2002)["npt_state"] == "party"
    assert _row("PRK", R2002_2007, 2002)["npt"] == 0.0
    for year in (2003, 2004):
        row = _row("PRK", R2002_2007, year)
        assert row["npt_state"] == "withdrawn" and row["npt"] == 1.0
        assert str(row["npt_left"]) == "2003-04-10"
    # Before resolution 1718 (2006-10-14) North Korea was not under UNSC sanctions.
    assert _row("PRK", R2002_2007, 2005)["category"] == "withdrawn from the NPT"
    assert _row("PRK", R2002_2007, 2006)["category"] == "under UNSC sanctions"


def test_outside_the_npt_is_distinct_from_sanctioned_proliferators() -> None:
    for abb in ("IND", "ISR", "PAK"):
        row = _row(abb)
        assert row["category"] == "outside the NPT, not sanctioned"
        assert row["npt_state"] == "never joined" and row["sanctions"] == 0.0
        assert "not under UNSC sanctions" in explain(row)
    assert "under UNSC sanctions (resolutions 1718)" in explain(_row("PRK"))


def test_2006_and_2007_ranking_puts_sanctioned_states_first_and_iran_above_india() -> None:
    for year in (2006, 2007):
        ranked = R2002_2007.filter((pl.col("year") == year) & pl.col("rank").is_not_null())
        assert ranked["stateabb"].head(5).to_list() == ["PRK", "IRN", "PAK", "IND", "ISR"]
    assert _row("IRN", R2002_2007, 2007)["sanctions_by"] == "1737, 1747"


def test_iraq_sanctions_end_with_resolution_1483() -> None:
    """Resolution 687 (1991-04-03) lifted by 1483 on 2003-05-22."""
    table = risk_profiles((2002, 2003), draws=0)
    assert _row("IRQ", table, 2002)["sanctions"] == 1.0
    assert _row("IRQ", table, 2003)["sanctions"] == 0.0


def test_monte_carlo_confidence_is_reported_for_ranked_states() -> None:
    ranked = R2006.filter(pl.col("rank").is_not_null())
    assert ranked["p_top"].is_not_null().all()
    assert _row("PRK")["p_top"] == 1.0 and _row("PRK")["rank_lo"] == 1
    assert ((ranked["rank_lo"] <= ranked["rank"]) & (ranked["rank"] <= ranked["rank_hi"])).all()
    assert R2006.filter(pl.col("rank").is_null())["p_top"].is_null().all()
    again = risk_profiles(2006, draws=200)
    assert again["p_top"].equals(R2006["p_top"])


def test_score_is_the_weighted_mean_of_available_components() -> None:
    w = default_weights().weights
    for r in R2006.head(20).iter_rows(named=True):
        have = [c for c in COMPONENTS if r[c] is not None]
        expected = sum(w[c] * r[c] for c in have) / sum(w[c] for c in have)
        assert r["score"] == pytest.approx(expected, abs=1e-12)
        assert r["n_components"] == len(have)


def test_missing_is_missing_not_zero() -> None:
    assert _row("JPN")["missiles"] is None  # CNS missile data cover four states only
    assert _row("IRN")["missiles"] is not None
    assert _row("CAN")["npt"] is None and _row("CAN")["category"] == "NPT status not coded"
    assert _row("CAN")["rank"] is None
    assert _row("JPN")["psi"] == 0.0 and _row("IND")["psi"] == 1.0
    assert risk_profiles(2001, draws=0).filter(pl.col("stateabb") == "JPN")["psi"][0] is None


def test_components_stay_in_unit_interval_and_ranks_are_ordered() -> None:
    for c in COMPONENTS:
        col = R2006[c].drop_nulls()
        assert col.min() >= 0 and col.max() <= 1, c
    ranked = R2006.filter(pl.col("rank").is_not_null())
    assert (ranked["score"].diff().drop_nulls() <= 1e-12).all()
    assert set(R2006["category"]) <= set(CATEGORIES)


@settings(max_examples=6, deadline=None)
@given(st.dictionaries(st.sampled_from(COMPONENTS), st.floats(0.1, 5.0), min_size=2))
def test_scaling_all_weights_does_not_change_scores(given: dict[str, float]) -> None:
    weights = {**default_weights().weights, **given}
    a = risk_profiles(2006, weights=weights, draws=0)
    b = risk_profiles(2006, weights={k: 3 * v for k, v in weights.items()}, draws=0)
    assert np.allclose(a["score"].fill_null(-1).to_numpy(), b["score"].fill_null(-1).to_numpy())


@settings(max_examples=6, deadline=None)
@given(st.floats(0.0, 10.0))
def test_more_weight_on_sanctions_never_lowers_a_sanctioned_state(extra: float) -> None:
    base = risk_profiles(2006, draws=0)
    heavier = risk_profiles(2006, weights={"sanctions": 3.0 + extra}, draws=0)
    for abb in ("PRK", "IRN"):
        assert _row(abb, heavier)["score"] >= _row(abb, base)["score"] - 1e-12  # type: ignore[operator]


def test_weights_file_round_trip_and_bad_files(tmp_path: Path) -> None:
    path = tmp_path / "w.toml"
    path.write_text(default_weights().to_toml())
    assert load_weights(path).weights == default_weights().weights
    path.write_text("[weights]\nnpt = -1\n")
    with pytest.raises(ValidationError, match=r"weights.npt = -1 is negative; give a weight >= 0"):
        load_weights(path)
    path.write_text("[weights]\njuntas = 1\n")
    with pytest.raises(ValidationError, match=r"weights\.juntas is not a component"):
        load_weights(path)
    path.write_text("[levels.npt]\nwithdrawn = 2\n")
    with pytest.raises(ValidationError, match=r"levels.npt.withdrawn = 2 is not on \[0, 1\]"):
        load_weights(path)
    path.write_text("[monte_carlo]\ndraws = 0\n")
    with pytest.raises(ValidationError, match=r"monte_carlo\.draws = 0 is out of range"):
        load_weights(path)
    path.write_text("[weights\n")
    with pytest.raises(ValidationError, match="not valid TOML"):
        load_weights(path)


def test_risk_bad_input() -> None:
    with pytest.raises(ValidationError, match="run backwards"):
        risk_profiles((2006, 2000))
    with pytest.raises(CoverageError, match="cover 1970-2024"):
        risk_profiles(1960)
    with pytest.raises(ValidationError, match=r"weights\.juntas is not a component"):
        risk_profiles(2006, weights={"juntas": 1.0})
    with pytest.raises(ValidationError, match="draws -3 is out of range"):
        risk_profiles(2006, draws=-3)


def test_build_networks_from_bundled_data() -> None:
    nca = build_network("nuclear", start=1990, end=2003)
    assert not nca.directed and nca.graph.number_of_edges() > 100
    assert "USA" in nca.graph and "RUS" in nca.graph
    atop = build_network("alliances", start=2005, end=2005)
    assert atop.graph.has_edge("USA", "JPN")  # the US-Japan security treaty
    weights = {atop.graph.edges["USA", "JPN"]["weight"], atop.graph.edges["USA", "CAN"]["weight"]}
    assert weights == {3.0}
    khan = build_network("khan")
    assert khan.nodes.height == 28


def test_build_network_bad_input() -> None:
    with pytest.raises(UnknownNameError, match="did you mean: nuclear"):
        build_network("nucleer", start=1990, end=2000)
    with pytest.raises(CoverageError, match="covers 1951-2003"):
        build_network("nuclear", start=2010, end=2012)
    with pytest.raises(DataError, match="socius data import sipri-arms"):
        build_network("arms", start=2001, end=2005)
    with pytest.raises(ValidationError, match="needs a period"):
        build_network("nuclear")


def test_cli_risk_and_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from socius.cli import main

    assert main(["networks", "risk", "--year", "2006", "--top", "5", "--draws", "100"]) == 0
    out_text = capsys.readouterr().out
    assert "North Korea (rank 1" in out_text and "Not ranked as proliferators: USA" in out_text
    out = tmp_path / "risk.csv"
    assert main(["networks", "risk", "--year", "2006", "--draws", "0", "--out", str(out)]) == 0
    assert pl.read_csv(out).height == R2006.height
    assert main(["networks", "risk", "--show-weights"]) == 0
    assert "[weights]" in capsys.readouterr().out
    bad = tmp_path / "bad.toml"
    bad.write_text("[weights]\nnpt = -1\nsanctions = 'a lot'\n")
    assert main(["networks", "risk", "--weights", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "weights.npt = -1 is negative" in err and "sanctions" in err
    assert main(["networks", "build", "nuclear", "--from", "1994", "--to", "2003", "--k", "2"]) == 0
    assert "key players" in capsys.readouterr().out
    assert main(["networks", "build", "arms", "--from", "2001", "--to", "2005"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: the arms network needs SIPRI") and err.count("\n") == 1


def test_state_succession_is_not_withdrawal() -> None:
    """West Germany's regime rows end on 1990-10-02 because the state ended (unified Germany
    continues them); North Korea's NPT row ends because it withdrew."""
    table = risk_profiles(1990, draws=0)
    gfr = _row("GFR", table)
    assert gfr["npt_state"] == "party" and gfr["nsg"] == 0.0 and gfr["mtcr"] == 0.0
    gmy = _row("GMY", table)
    assert gmy["npt_state"] == "party" and gmy["nsg"] == 0.0


def test_khan_ties_count_only_when_known_to_be_active() -> None:
    """Iran's dated ties run 1994-1995 and its undated customer tie is known from the 2004
    exposure; with a 5-year window Iran is a customer in 1994-1999 and 2004-2008 only."""
    table = risk_profiles((1990, 2010), draws=0).filter(pl.col("stateabb") == "IRN")
    years = table.filter(pl.col("network_role") == "customer")["year"].sort().to_list()
    assert years == [*range(1994, 2000), *range(2004, 2009)]
