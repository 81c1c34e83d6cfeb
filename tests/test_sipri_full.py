"""The full SIPRI files (../shared/data/raw/sipri_*), when present: every name maps,
and the indicators reproduce SIPRI's published figures."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from socius import indicators as ind
from socius.data.sipri import import_arms, import_milex

RAW = Path(__file__).resolve().parents[2] / "shared" / "data" / "raw"
WORKBOOK = RAW / "sipri_milex" / "SIPRI-Milex-data-1949-2024_2.xlsx"
TABLES = sorted((RAW / "sipri_arms_transfers" / "trademap-raw").glob("TIV-Export-*.csv"))
FLOWS = RAW / "sipri_arms_transfers" / "sipri-exports-processed.csv"

pytestmark = [
    pytest.mark.sipri_full,
    pytest.mark.skipif(
        not (WORKBOOK.is_file() and len(TABLES) > 100 and FLOWS.is_file()),
        reason=f"the full SIPRI files are not in {RAW} (sipri_milex/, sipri_arms_transfers/); "
        "SIPRI's terms keep them out of the repository",
    ),
]


@pytest.fixture(scope="module")
def full_store(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("sipri-full")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOCIUS_DATA_DIR", str(folder))
        milex = import_milex(WORKBOOK)
        arms = import_arms([*TABLES, FLOWS])
    return {"folder": folder, "milex": milex, "arms": arms}


@pytest.fixture
def full(full_store: dict[str, object], monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    monkeypatch.setenv("SOCIUS_DATA_DIR", str(full_store["folder"]))
    return full_store


def test_every_name_maps_and_nothing_is_dropped_silently(full: dict[str, object]) -> None:
    milex, arms = full["milex"], full["arms"]
    assert milex.unmatched == () and arms.unmatched == ()  # type: ignore[attr-defined]
    assert milex.states >= 160 and milex.years == (1949, 2024)  # type: ignore[attr-defined]
    assert arms.years == (1950, 2021) and arms.rows > 22_000  # type: ignore[attr-defined]
    kinds = dict(arms.non_states)  # type: ignore[attr-defined]
    assert kinds["Hamas (Palestine)*"] == "nonstate"
    assert kinds["African Union**"] == "organisation"
    assert kinds["Unknown recipient(s)"] == "unknown"


def test_world_military_spending_2024_matches_fact_sheet(full: dict[str, object]) -> None:
    """Reference: SIPRI Fact Sheet 'Trends in World Military Expenditure, 2024' (April 2025),
    Table 1, US$ b. at current prices: USA 997, China 314, Russia 149, Germany 88.5,
    India 86.1, United Kingdom 81.8, Saudi Arabia 80.3."""
    top = ind.milex_rank(years=(2024, 2024), measure="current", top=7)
    expected = {
        "USA": 997.0,
        "CHN": 314.0,
        "RUS": 149.0,
        "GMY": 88.5,
        "IND": 86.1,
        "UKG": 81.8,
        "SAU": 80.3,
    }
    assert top["stateabb"].to_list() == list(expected)
    for abb, value in zip(top["stateabb"].to_list(), top["milex"].to_list(), strict=True):
        assert value / 1000 == pytest.approx(expected[abb], abs=0.5)


def test_arms_shares_2017_2021_match_fact_sheet(full: dict[str, object]) -> None:
    """Reference: Wezeman, Kuimova and Wezeman, 'Trends in International Arms Transfers,
    2021', SIPRI Fact Sheet, March 2022, Tables 1 and 2: exporters USA 39%, Russia 19%,
    France 11%, China 4.6%, Germany 4.5%; importers India 11%, Saudi Arabia 11%, Egypt
    5.7%, Australia 5.4%, China 4.8%. Tolerance: the fact sheet's rounding."""
    exporters = ind.arms_rank("exports", years=(2017, 2021), top=5)
    importers = ind.arms_rank("imports", years=(2017, 2021), top=5)
    assert exporters["stateabb"].to_list() == ["USA", "RUS", "FRN", "CHN", "GMY"]
    assert importers["stateabb"].to_list() == ["IND", "SAU", "EGY", "AUL", "CHN"]
    shares = [v * 100 for v in exporters["share_world"].to_list()]
    for got, want, tol in zip(
        shares, (39, 19, 11, 4.6, 4.5), (0.5, 0.5, 0.5, 0.05, 0.05), strict=True
    ):
        assert got == pytest.approx(want, abs=tol)
    shares = [v * 100 for v in importers["share_world"].to_list()]
    for got, want, tol in zip(
        shares, (11, 11, 5.7, 5.4, 4.8), (0.5, 0.5, 0.05, 0.05, 0.05), strict=True
    ):
        assert got == pytest.approx(want, abs=tol)


def test_china_largest_importer_and_russias_main_customer(full: dict[str, object]) -> None:
    assert ind.rank("arms-imports", years=(2001, 2005), top=1)["stateabb"].to_list() == ["CHN"]
    share = ind.supplier_share("RUS", "CHN", years=(2005, 2005)).row(0, named=True)
    assert share["recipient_rank_among_customers"] == 1
    assert share["supplier_rank_among_suppliers"] == 1
    assert 0.5 < share["share_of_supplier_exports"] < 0.7
    assert share["share_of_recipient_imports"] > 0.8


def test_china_constant_price_build_up(full: dict[str, object]) -> None:
    g = ind.milex_growth("CHN", start=1996, end=2006).row(0, named=True)
    assert g["caveat"] is None and g["measure"] == "constant"
    assert g["ratio"] == pytest.approx(g["milex_end"] / g["milex_start"], rel=1e-12)
    assert g["ratio"] > 3
    totals = ind.milex_totals(years=(2024, 2024), by="world", measure="current")
    # SIPRI's world total for 2024 is US$ 2718 b. (Fact Sheet 2025); it includes SIPRI's
    # estimates for states without data, so the sum over reporting states is a little lower
    assert 0.95 * 2718 < totals["milex"][0] / 1000 < 2718


def test_bloc_flows_inside_nato(full: dict[str, object]) -> None:
    agg = ind.bloc_aggregates(["NATO"], years=(2017, 2021))
    assert agg["arms_internal"].drop_nulls().len() == 5
    flows = ind.bloc_flows("NATO", years=(2017, 2021))
    assert flows.height > 0
    assert pl.Series(flows["ccode1"].to_list() + flows["ccode2"].to_list()).is_not_null().all()
