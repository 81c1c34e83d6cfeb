"""Indicators that use imported SIPRI data (the fixtures in tests/data/sipri)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from socius import indicators as ind
from socius.data.sipri import import_arms, import_milex
from socius.errors import CoverageError, ValidationError

FIXTURES = Path(__file__).parent / "data" / "sipri"


@pytest.fixture(scope="module")
def sipri_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sipri-store")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOCIUS_DATA_DIR", str(folder))
        import_milex(FIXTURES / "SIPRI-Milex-fixture.xlsx")
        import_arms(sorted(FIXTURES.glob("*.csv")))
    return folder


@pytest.fixture(autouse=True)
def _with_sipri(sipri_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOCIUS_DATA_DIR", str(sipri_store))


def _table(name: str) -> dict[str, dict[int, float]]:
    rows = list(csv.reader(io.StringIO((FIXTURES / name).read_text(encoding="utf-8"))))
    years = [int(y) for y in rows[10][1:-1]]
    out: dict[str, dict[int, float]] = {}
    for r in rows[11:]:
        if r and r[0] not in ("", "Total"):
            out[r[0]] = {y: float(v) for y, v in zip(years, r[1:-1], strict=True) if v != ""}
    return out


def test_sipri_replaces_nmc_once_imported() -> None:
    assert ind.milex_source() == "sipri_milex"
    frame = ind.milex(["CHN", "JPN"], years=(2000, 2010))
    assert frame["caveat"].null_count() == frame.height
    assert frame["unit"][0] == "US$ m, constant 2023 prices"
    assert frame["source"][0].startswith("sipri_milex 1988-2024")
    gdp = ind.milex("JPN", years=(2024, 2024), measure="share_gdp")
    assert 0.01 < gdp["milex"][0] < 0.02
    nmc = ind.milex("JPN", years=(2000, 2000), source="nmc")
    assert nmc["source"][0] == "nmc 7.0"
    with pytest.raises(CoverageError, match="1988-2024"):
        ind.milex("JPN", years=(1980, 1990))


def test_sipri_regions_and_subregions() -> None:
    sub = ind.milex_totals(years=(2020, 2020), by="subregion")
    east = sub.filter(pl.col("group") == "East Asia").row(0, named=True)
    members = ind.milex(["CHN", "JPN", "ROK", "PRK"], years=(2020, 2020))
    assert_allclose(east["milex"], members["milex"].drop_nulls().sum(), rtol=1e-12)


def test_supplier_share_by_hand() -> None:
    rus = _table("TIV-Export-RUS-1950-2021.csv")
    share = ind.supplier_share("RUS", "CHN", years=(2005, 2005)).row(0, named=True)
    exports = sum(v.get(2005, 0.0) for v in rus.values())
    china = _table("TIV-Import-CHN-1950-2021.csv")
    flows = pl.read_csv(FIXTURES / "sipri-flows-fixture.csv")
    imports = (
        sum(v.get(2005, 0.0) for v in china.values())
        + flows.filter(
            (pl.col("recipient") == "China")
            & (pl.col("year") == 2005)
            & (pl.col("supplier") != "France")
        )["value"].sum()
    )
    assert share["tiv"] == rus["China"][2005]
    assert_allclose(share["share_of_supplier_exports"], rus["China"][2005] / exports, rtol=1e-12)
    assert_allclose(share["share_of_recipient_imports"], rus["China"][2005] / imports, rtol=1e-12)
    assert share["recipient_rank_among_customers"] == 1


def test_customer_shares_sum_to_one() -> None:
    c = ind.customer_shares("USA", years=(1990, 2021))
    assert_allclose(c["share_of_exports"].sum(), 1.0, rtol=1e-12)
    assert "NATO**" in c["recipient"].to_list()


def test_arms_imports_fill_true_zeros_inside_coverage() -> None:
    imp = ind.arms_imports(["JPN", "PAK"], years=(2001, 2005))
    assert imp.height == 10
    usa = _table("TIV-Export-USA-1950-2021.csv")["Japan"]
    assert imp.filter(pl.col("ccode") == 740).sort("year")["tiv"].to_list() == [
        usa.get(y, 0.0) for y in range(2001, 2006)
    ]
    with pytest.raises(CoverageError, match="1950-2021"):
        ind.arms_imports("JPN", years=(2020, 2023))


def test_rank_arms_imports_shares_use_all_transfers() -> None:
    r = ind.rank("arms-imports", years=(2001, 2005))
    assert r["stateabb"][0] == "CHN"
    assert r["rank"].to_list() == sorted(r["rank"].to_list())
    # over 1950-2021 the fixture has deliveries to NATO, rebels and unknown recipients
    everything = ind.rank("arms-imports", years=(1950, 2021))
    assert everything["share_world"].sum() < 1.0


@settings(max_examples=25, deadline=None)
@given(start=st.integers(1950, 2021), length=st.integers(0, 20))
def test_imports_over_a_period_add_up(start: int, length: int) -> None:
    end = min(start + length, 2021)
    per_year = ind.arms_imports(years=(start, end))
    ranked = ind.arms_rank("imports", years=(start, end))
    totals = per_year.group_by("ccode").agg(pl.col("tiv").sum()).filter(pl.col("tiv") > 0)
    joined = ranked.join(totals, on="ccode", suffix="_sum")
    assert joined.height == ranked.height == totals.height
    assert_allclose(joined["tiv"].to_numpy(), joined["tiv_sum"].to_numpy(), rtol=1e-12)


def test_bloc_internal_flows_need_both_sides_in_the_bloc() -> None:
    agg = (
        ind.bloc_aggregates(["NATO"], years=(1995, 2005))
        .filter(pl.col("year") == 2000)
        .row(0, named=True)
    )
    usa = _table("TIV-Export-USA-1950-2021.csv")
    assert agg["arms_internal"] == usa["Germany"].get(
        2000, 0.0
    )  # the only NATO pair in the fixture
    flows = ind.bloc_flows("NATO", years=(1995, 2005))
    assert set(flows["recipient"].to_list()) <= {"Germany"}
    quad = ind.bloc("Quad", ["USA", "JPN", "IND", "AUL"])
    q = ind.bloc_aggregates([quad], years=(2010, 2010)).row(0, named=True)
    assert q["arms_internal"] == usa["Japan"].get(2010, 0.0)


def test_profile_with_sipri() -> None:
    p = ind.profile("CHN", years=(2001, 2005))
    assert p["arms_imports"].null_count() == 0 and p["milex_gdp"].null_count() == 0
    s = ind.profile_summary("CHN", years=(2001, 2005))
    assert "main supplier 2001-2005: Russia" in s["detail"].to_list()


def test_dashboard_adds_arms_panels() -> None:
    d = ind.dashboard("korean-peninsula", years=(2005, 2015))
    keys = [k for k, _, _ in d.panels]
    assert "arms imports" in keys and "patron deliveries" in keys
    deliveries = d.panel("patron deliveries")
    assert set(deliveries["ccode1"].to_list()) <= {2, 710}
    assert set(deliveries["ccode2"].to_list()) <= {731, 732}


def test_supplier_share_rejects_same_state() -> None:
    with pytest.raises(ValidationError, match="same state"):
        ind.supplier_share("RUS", "Russia", years=(2005, 2005))
