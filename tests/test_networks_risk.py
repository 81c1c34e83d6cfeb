"""State risk profiles and networks built from the bundled data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socius.errors import CoverageError, DataError, UnknownNameError, ValidationError
from socius.networks.build import build_network
from socius.networks.risk import COMPONENTS, risk_profiles

R2006 = risk_profiles(2006)


def _row(abb: str, table: pl.DataFrame = R2006) -> dict[str, object]:
    return table.filter(pl.col("stateabb") == abb).to_dicts()[0]


def test_north_korea_and_myanmar_top_the_mid_2000s() -> None:
    top3 = set(R2006.head(3)["stateabb"].to_list())
    assert {"PRK", "MYA"} <= top3
    mya = _row("MYA")
    assert mya["capital_relocation"] == 1.0  # Rangoon to Naypyidaw, 6 November 2005
    assert mya["military_rule"] == pytest.approx(0.886)  # V-Dem v14 v2x_ex_military
    prk = _row("PRK")
    assert prk["nuclear"] == 1.0 and prk["missiles"] is not None


def test_score_is_the_weighted_mean_of_available_components() -> None:
    for r in R2006.head(25).iter_rows(named=True):
        vals = [r[c] for c in COMPONENTS if r[c] is not None]
        assert r["score"] == pytest.approx(float(np.mean(vals)))
        assert r["n_components"] == len(vals)


def test_missiles_are_missing_not_zero_outside_the_cns_coverage() -> None:
    assert _row("JPN")["missiles"] is None
    assert _row("IRN")["missiles"] is not None


def test_components_stay_in_unit_interval_and_ranks_are_ordered() -> None:
    for c in COMPONENTS:
        col = R2006[c].drop_nulls()
        assert col.min() >= 0 and col.max() <= 1, c
    ranked = R2006.filter(pl.col("rank").is_not_null())
    assert (ranked["score"].diff().drop_nulls() <= 1e-12).all()


@settings(max_examples=15)
@given(st.dictionaries(st.sampled_from(COMPONENTS), st.floats(0.1, 5.0), min_size=2))
def test_scaling_all_weights_does_not_change_scores(weights: dict[str, float]) -> None:
    a = risk_profiles(2006, weights=weights)
    b = risk_profiles(2006, weights={k: 3 * v for k, v in weights.items()})
    assert np.allclose(a["score"].fill_null(-1).to_numpy(), b["score"].fill_null(-1).to_numpy())


def test_risk_bad_input() -> None:
    with pytest.raises(ValidationError, match="run backwards"):
        risk_profiles((2006, 2000))
    with pytest.raises(CoverageError, match="cover 1946-2024"):
        risk_profiles(1900)
    with pytest.raises(ValidationError, match="weights"):
        risk_profiles(2006, weights={"juntas": 1.0})


def test_build_networks_from_bundled_data() -> None:
    nca = build_network("nuclear", start=1990, end=2003)
    assert not nca.directed and nca.graph.number_of_edges() > 100
    assert "USA" in nca.graph and "RUS" in nca.graph
    atop = build_network("alliances", start=2005, end=2005)
    assert atop.graph.has_edge("USA", "JPN")  # the US-Japan security treaty
    weights = {atop.graph.edges["USA", "JPN"]["weight"], atop.graph.edges["USA", "CAN"]["weight"]}
    assert weights == {3.0}


def test_build_network_bad_input() -> None:
    with pytest.raises(UnknownNameError, match="did you mean: nuclear"):
        build_network("nucleer", start=1990, end=2000)
    with pytest.raises(CoverageError, match="covers 1951-2003"):
        build_network("nuclear", start=2010, end=2012)
    with pytest.raises(DataError, match="socius data import sipri-arms"):
        build_network("arms", start=2001, end=2005)


def test_cli_risk_and_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from socius.cli import main

    assert main(["networks", "risk", "--year", "2006", "--top", "5"]) == 0
    assert "MYA" in capsys.readouterr().out
    out = tmp_path / "risk.csv"
    assert main(["networks", "risk", "--year", "2006", "--out", str(out)]) == 0
    assert pl.read_csv(out).height == R2006.height
    assert main(["networks", "build", "nuclear", "--from", "1994", "--to", "2003", "--k", "2"]) == 0
    assert "key players" in capsys.readouterr().out
    assert main(["networks", "build", "arms", "--from", "2001", "--to", "2005"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: the arms network needs SIPRI") and err.count("\n") == 1
