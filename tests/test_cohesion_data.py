"""Cohesion, series, what-if and alignment indicators on the bundled snapshots: agreement
with independent recomputations from the raw rows, coverage, and bad input."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import polars as pl
import pytest
from numpy.testing import assert_allclose

from socius.affiliation.indicators import DERIVED_FUNCS
from socius.alliances import members
from socius.cohesion import (
    MEASURES,
    cohesion,
    cohesion_series,
    compare,
    load_data,
    member_vote_similarity,
    vote_alignment,
    vote_divergence,
    whatif,
)
from socius.data import load
from socius.errors import CoverageError, UnknownNameError, ValidationError
from socius.similarity import alliance_portfolios, cohens_kappa, s_score

VOTE = {"yes": 3.0, "abstain": 2.0, "no": 1.0}
CANDIDATES = ["JPN", "AUS", "KOR", "NZL", "RUS", "CHN"]


@pytest.fixture(scope="module")
def data_2007() -> object:
    return load_data((2007, 2007))


def _votes(year: int, codes: list[int]) -> dict[int, dict[int, float]]:
    rows = load("unvotes").filter((pl.col("year") == year) & pl.col("ccode").is_in(codes))
    out: dict[int, dict[int, float]] = {c: {} for c in codes}
    for rcid, ccode, vote in rows.select("rcid", "ccode", pl.col("vote").cast(pl.String)).rows():
        out[ccode][rcid] = VOTE[vote]
    return out


# ---- one year against independent recomputations ----------------------------------------


def test_vote_cohesion_equals_mean_of_single_dyad_s(data_2007: object) -> None:
    codes = members("NATO", 2007)
    votes = _votes(2007, codes)
    s, kappa = [], []
    for a, b in itertools.combinations(codes, 2):
        common = sorted(set(votes[a]) & set(votes[b]))
        x = [votes[a][r] for r in common]
        y = [votes[b][r] for r in common]
        s.append(s_score(x, y, d_max=2))
        kappa.append(cohens_kappa(x, y, metric="absolute"))
    row = cohesion("NATO", 2007, data=data_2007)  # type: ignore[arg-type]
    assert row["n_members"][0] == len(codes) == 26
    assert_allclose(row["s_un_mean"][0], np.mean(s), rtol=1e-12)
    assert_allclose(row["s_un_sd"][0], np.std(s), rtol=1e-12)
    assert_allclose(row["s_un_min"][0], np.min(s), rtol=1e-12)
    assert_allclose(row["kappa_un_mean"][0], np.mean(kappa), rtol=1e-12)


def test_portfolio_cohesion_equals_mean_of_single_dyad_s(data_2007: object) -> None:
    codes = members("SCO", 2007)
    port = alliance_portfolios(years=(2007, 2007)).sort("ccode1", "ccode2")
    vectors = {
        c: port.filter(pl.col("ccode1") == c)["alliance_value"].to_numpy().astype(float)
        for c in codes
    }
    s = [s_score(vectors[a], vectors[b], d_max=3) for a, b in itertools.combinations(codes, 2)]
    row = cohesion("SCO", 2007, data=data_2007)  # type: ignore[arg-type]
    assert_allclose(row["s_atop_mean"][0], np.mean(s), rtol=1e-12)
    assert_allclose(row["s_atop_min"][0], np.min(s), rtol=1e-12)


def test_dispersion_and_concentration_match_the_bundled_rows(data_2007: object) -> None:
    codes = members("NATO", 2007)
    row = cohesion("NATO", 2007, data=data_2007)  # type: ignore[arg-type]

    def values(name: str, column: str) -> np.ndarray:
        frame = load(name, columns=["ccode", "year", column])
        sub = frame.filter((pl.col("year") == 2007) & pl.col("ccode").is_in(codes))
        return sub[column].drop_nulls().cast(pl.Float64).to_numpy()

    ip = values("unga_idealpoints", "idealpoint")
    assert row["n_idealpoint"][0] == ip.size
    assert_allclose(row["idealpoint_sd"][0], np.std(ip), rtol=1e-9)
    assert_allclose(row["idealpoint_median"][0], np.median(ip), rtol=1e-12)
    assert_allclose(row["idealpoint_mad"][0], np.mean(np.abs(ip - np.median(ip))), rtol=1e-9)
    lib = values("vdem", "v2x_libdem")
    assert_allclose(row["libdem_sd"][0], np.std(lib), rtol=1e-9)
    poly = values("democracy", "v2x_polyarchy")
    assert_allclose(row["polyarchy_mean"][0], np.mean(poly), rtol=1e-9)
    cinc = values("nmc", "cinc")
    share = cinc / cinc.sum()
    assert_allclose(row["cinc_hhi"][0], np.sum(share**2), rtol=1e-9)
    assert_allclose(row["cinc_top_share"][0], share.max(), rtol=1e-9)
    assert row["cinc_top"][0] == 2  # the United States


def test_measures_outside_coverage_are_null_not_zero() -> None:
    late = cohesion("NATO", 2021)
    for col in ("s_un_mean", "kappa_un_mean", "s_atop_mean", "n_un", "n_atop"):
        assert late[col][0] is None, col
    assert late["idealpoint_sd"][0] is not None
    early = cohesion("NATO", 1960)
    assert early["libdem_sd"][0] is None and early["polyarchy_sd"][0] is not None
    # the snapshot's 2020 holds a single January roll call: too few to count as covered
    assert cohesion("NATO", 2020)["s_un_mean"][0] is None
    assert set(late.columns) == {"alliance", "year", *MEASURES}


# ---- series and comparison ----------------------------------------------------------------


def test_series_spans_founding_to_latest_data_and_skips_years_without_members() -> None:
    nato = cohesion_series("NATO", (1945, 1952))
    assert nato["year"].to_list() == list(range(1949, 1953))
    assert nato["n_members"].to_list() == [12, 12, 12, 14]  # Greece and Turkey, 1952
    full = compare(["NATO", "SCO"], (1949, 2022))
    sco = full.filter(pl.col("alliance") == "SCO")
    assert sco["year"].min() == 2001 and sco["year"].max() == 2022
    assert full.filter(pl.col("alliance") == "NATO")["year"].min() == 1949
    one = full.filter((pl.col("alliance") == "NATO") & (pl.col("year") == 2007))
    assert_allclose(one["s_un_mean"][0], cohesion("NATO", 2007)["s_un_mean"][0], rtol=1e-12)


def test_series_errors() -> None:
    with pytest.raises(CoverageError, match="no members in 1900-1940"):
        cohesion_series("NATO", (1900, 1940))
    with pytest.raises(ValidationError, match="run backwards"):
        cohesion_series("NATO", (2000, 1990))
    with pytest.raises(UnknownNameError, match="did you mean: NATO"):
        cohesion_series("NATOO")
    with pytest.raises(UnknownNameError, match="'WARSAW'"):
        compare(["NATO", "WARSAW"], (2001, 2002))
    with pytest.raises(ValidationError, match="alliances is empty"):
        compare([], (2001, 2002))
    with pytest.raises(CoverageError, match="no members in 1948"):
        cohesion("NATO", 1948)
    with pytest.raises(CoverageError, match="no members in 1995"):
        cohesion("SCO", 1995)


# ---- what-if ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def nato_2007(data_2007: object) -> object:
    return whatif("NATO", 2007, add=CANDIDATES, data=data_2007)  # type: ignore[arg-type]


def test_whatif_members_column_equals_the_members_only_run(
    nato_2007: object, data_2007: object
) -> None:
    res = nato_2007
    base = cohesion("NATO", 2007, data=data_2007)  # type: ignore[arg-type]
    for m, value in res.summary.select("measure", "members").rows():  # type: ignore[attr-defined]
        assert_allclose(value, float(base[m][0]), rtol=1e-12, err_msg=m)
    assert res.candidates == (740, 900, 732, 920, 365, 710)  # type: ignore[attr-defined]


def test_whatif_marginal_effect_equals_cohesion_of_the_enlarged_group(
    nato_2007: object, data_2007: object
) -> None:
    from socius.cohesion.measures import group_measures, union_inputs

    codes = np.array(sorted([*members("NATO", 2007), 740]), dtype=np.int64)
    years = {k: 2007 for k in ("un", "atop", "idealpoint", "libdem", "polyarchy", "cinc")}
    enlarged = group_measures(
        union_inputs(data_2007, codes, years),  # type: ignore[arg-type]
        np.ones((1, codes.size), dtype=bool),
    )
    base = cohesion("NATO", 2007, data=data_2007)  # type: ignore[arg-type]
    japan = nato_2007.table.filter(pl.col("ccode") == 740)  # type: ignore[attr-defined]
    for m in ("s_un_mean", "s_atop_mean", "idealpoint_sd", "libdem_sd", "cinc_hhi"):
        assert_allclose(japan[f"d_{m}"][0], enlarged[m][0] - base[m][0], atol=1e-12, err_msg=m)


def test_whatif_risk_agrees_with_the_affiliation_and_alignment_indicators(
    nato_2007: object,
) -> None:
    table = nato_2007.table  # type: ignore[attr-defined]
    ideal = DERIVED_FUNCS["idealpoint_divergence"](2007, 2007, "NATO")
    votes = vote_alignment(2007, 2007, "NATO")
    joined = table.join(ideal.select("ccode", "value"), on="ccode").join(
        votes.select("ccode", "s_members", "divergence"), on="ccode"
    )
    assert joined.height == 6
    assert_allclose(joined["risk"], joined["value"], rtol=1e-6)
    assert_allclose(joined["risk_vote"], joined["divergence"], rtol=1e-12)
    assert_allclose(joined["s_un_members"], joined["s_members"], rtol=1e-12)
    # ranked by risk, most divergent first; China and Russia lead
    assert table["rank"].to_list() == [1, 2, 3, 4, 5, 6]
    assert table["risk"].to_list() == sorted(table["risk"].to_list(), reverse=True)
    assert table["stateabb"].to_list()[:2] == ["CHN", "RUS"]


def test_whatif_latest_reads_sources_from_their_last_year() -> None:
    res = whatif("NATO", 2022, add="JPN,UKR", latest=True)
    assert res.data_years["un"] == 2019 and res.data_years["atop"] == 2018
    assert res.data_years["idealpoint"] == 2022
    summary = dict(res.summary.select("measure", "members").rows())
    assert summary["s_un_mean"] is not None and summary["n_members"] == 30
    years = dict(res.summary.select("measure", "source_year").rows())
    assert years["s_un_mean"] == 2019 and years["libdem_sd"] == 2022
    strict = whatif("NATO", 2022, add=["JPN"])
    assert strict.data_years["un"] is None
    assert dict(strict.summary.select("measure", "members").rows())["s_un_mean"] is None


def test_whatif_errors(data_2007: object) -> None:
    kw = {"data": data_2007}
    with pytest.raises(ValidationError, match="add is empty"):
        whatif("NATO", 2007, add=[], **kw)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="add is empty"):
        whatif("NATO", 2007, add=" , ", **kw)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="add is empty"):
        whatif("NATO", 2007, add=["", " "], **kw)  # type: ignore[arg-type]
    with pytest.raises(UnknownNameError, match="unknown country 'Atlantis'"):
        whatif("NATO", 2007, add=["JPN", "Atlantis"], **kw)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"'USA' \(COW 2\) is already a member"):
        whatif("NATO", 2007, add=["USA", "JPN"], **kw)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="names the same state"):
        whatif("NATO", 2007, add=["JPN", "Japan"], **kw)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="not a member of the state system in 2007"):
        whatif("NATO", 2007, add=[265], **kw)  # type: ignore[arg-type]
    with pytest.raises(UnknownNameError, match="unknown alliance"):
        whatif("OTAN", 2007, add=["JPN"], **kw)  # type: ignore[arg-type]
    with pytest.raises(CoverageError, match="no members in 1948"):
        whatif("NATO", 1948, add=["JPN"])
    with pytest.raises(CoverageError, match="outside the years loaded"):
        whatif("NATO", 2008, add=["JPN"], **kw)  # type: ignore[arg-type]


# ---- alignment indicators for the affiliation policy ----------------------------------------


def test_alignment_indicators_cover_every_non_member_state_year() -> None:
    sim = member_vote_similarity(2006, 2008, "NATO")
    div = vote_divergence(2006, 2008, "NATO")
    assert sim.columns == div.columns == ["ccode", "year", "value"]
    assert sim.schema["value"] == pl.Float64
    from socius.panel import state_years

    system = state_years(years=(2006, 2008))
    for y in (2006, 2007, 2008):
        want = set(system.filter(pl.col("year") == y)["ccode"]) - set(members("NATO", y))
        assert set(sim.filter(pl.col("year") == y)["ccode"]) == want
    japan = sim.filter((pl.col("ccode") == 740) & (pl.col("year") == 2007))["value"][0]
    assert 0.6 < japan < 0.9
    russia = div.filter((pl.col("ccode") == 365) & (pl.col("year") == 2007))["value"][0]
    assert russia > 1.5


def test_alignment_indicators_are_null_outside_coverage_and_before_the_alliance() -> None:
    late = member_vote_similarity(2021, 2022, "NATO")
    assert late.height > 0 and late["value"].null_count() == late.height
    early = vote_divergence(1946, 1948, "NATO")
    assert early.height > 0 and early["value"].null_count() == early.height
    assert member_vote_similarity(2030, 2031, "NATO").height == 0
    with pytest.raises(ValidationError, match="run backwards"):
        member_vote_similarity(2008, 2007, "NATO")
    with pytest.raises(UnknownNameError, match="unknown alliance"):
        vote_divergence(2007, 2007, "ANZUS")


# ---- user frames and loading errors --------------------------------------------------------


def test_load_data_accepts_pandas_frames_and_reads_their_coverage() -> None:
    votes = pd.DataFrame(
        {
            "rcid": [r for r in range(1, 7) for _ in range(3)],
            "year": [1990] * 18,
            "ccode": [2, 200, 365] * 6,
            "vote": ["yes", "yes", "no"] * 5 + ["no", "no", "yes"],
        }
    )
    data = load_data((1990, 1990), sources=("un",), votes=votes)
    assert data.covered["un"] == frozenset({1990})
    assert data.covered["atop"] == frozenset()
    assert data.datasets == ("cow_states",)


def test_load_data_errors() -> None:
    with pytest.raises(UnknownNameError, match="unknown cohesion source 'votes'"):
        load_data((2000, 2000), sources=("votes",))
    with pytest.raises(ValidationError, match="lacks the column"):
        load_data((2000, 2000), sources=("cinc",), nmc=pl.DataFrame({"ccode": [2], "year": [2000]}))
    dup = pl.DataFrame({"ccode": [2, 2], "year": [2000, 2000], "idealpoint": [1.0, 1.1]})
    with pytest.raises(ValidationError, match="repeats"):
        load_data((2000, 2000), sources=("idealpoint",), idealpoints=dup)
    with pytest.raises(CoverageError, match="state system's coverage"):
        load_data((1700, 1720))
    with pytest.raises(ValidationError, match="run backwards"):
        load_data((2001, 2000))
