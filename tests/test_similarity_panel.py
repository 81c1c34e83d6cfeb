"""All-pairs and dyad-year similarity: agreement with the single-dyad measures, the
coding of ATOP and UN votes, partner sets, missing data and the bundled snapshots."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from socius.errors import CoverageError, ValidationError
from socius.provenance import get_provenance
from socius.similarity import (
    PANEL_MEASURES,
    alliance_portfolios,
    cohens_kappa,
    cow_region,
    dyadic_similarity,
    pairwise_similarity,
    s_score,
    scotts_pi,
    tau_b,
)

FLAGS = ("atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul")
CLOSE = {"rtol": 1e-9, "atol": 1e-12, "equal_nan": True}


def _atop_rows(rows: list[tuple[int, int, int, str]]) -> pl.DataFrame:
    """ATOP-style frame from (ccode1, ccode2, year, flag) tuples."""
    return pl.DataFrame(
        [
            {"ccode1": a, "ccode2": b, "year": y, **{f: int(f == flag) for f in FLAGS}}
            for a, b, y, flag in rows
        ],
        schema={
            "ccode1": pl.Int32,
            "ccode2": pl.Int32,
            "year": pl.Int32,
            **dict.fromkeys(FLAGS, pl.Int8),
        },
    )


def _members(codes: list[int], year: int) -> pl.DataFrame:
    return pl.DataFrame({"ccode": codes, "year": [year] * len(codes)})


def _single(
    x: np.ndarray, y: np.ndarray, w: np.ndarray | None, metric: str, d_max: float
) -> dict[str, float]:
    return {
        "s": s_score(x, y, weights=w, d_max=d_max, metric=metric),  # type: ignore[arg-type]
        "kappa": cohens_kappa(x, y, weights=w, metric=metric),  # type: ignore[arg-type]
        "pi": scotts_pi(x, y, weights=w, metric=metric),  # type: ignore[arg-type]
        "tau_b": tau_b(x, y),
    }


# ---- pairwise_similarity equals the single-dyad functions -----------------------------


@st.composite
def position_matrices(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = draw(st.integers(2, 6))
    k = draw(st.integers(1, 9))
    cells = st.lists(st.integers(0, 3), min_size=n * k, max_size=n * k)
    pos = np.array(draw(cells), dtype=float).reshape(n, k)
    mask = np.array(draw(st.lists(st.booleans(), min_size=n * k, max_size=n * k))).reshape(n, k)
    w = np.array(draw(st.lists(st.floats(0, 1), min_size=k, max_size=k)))
    if w.sum() <= 0:  # all-zero weights are rejected (tested in test_pairwise_validation)
        w[0] = 1.0
    return pos, mask, w


@settings(max_examples=40, deadline=None)
@given(position_matrices(), st.sampled_from(["nominal", "absolute", "squared"]), st.booleans())
def test_pairwise_equals_single_dyad(
    data: tuple[np.ndarray, np.ndarray, np.ndarray], metric: str, weighted: bool
) -> None:
    pos, mask, w = data
    out = pairwise_similarity(
        pos,
        mask=mask,
        weights=w if weighted else None,
        metric=metric,
        categories=(0, 1, 2, 3),
        d_max=3,
    )  # type: ignore[arg-type]
    for i in range(pos.shape[0]):
        for j in range(pos.shape[0]):
            common = mask[i] & mask[j]
            assert out["n"][i, j] == common.sum()
            weight = w[common] if weighted else None
            if not common.any() or (weighted and w[common].sum() == 0):
                assert all(math.isnan(out[m][i, j]) for m in ("s", "kappa", "pi"))
                continue
            want = _single(pos[i, common], pos[j, common], weight, metric, 3.0)
            got = {m: out[m][i, j] for m in want}
            assert_allclose([got[m] for m in want], list(want.values()), **CLOSE)  # type: ignore[arg-type]


def test_pairwise_is_symmetric_and_treats_nan_as_missing() -> None:
    pos = np.array([[3, 3, 1, 2], [3, 3, 1, np.nan], [1, 1, 3, 2]])
    out = pairwise_similarity(pos, d_max=2, categories=(1, 2, 3))
    for key, arr in out.items():
        assert_allclose(arr, arr.T, err_msg=key, **CLOSE)  # type: ignore[arg-type]
    assert out["n"][0, 1] == 3
    assert out["s"][0, 1] == pytest.approx(1.0, abs=1e-12)
    assert out["s"][0, 2] == pytest.approx(s_score([3, 3, 1, 2], [1, 1, 3, 2], d_max=2), abs=1e-12)


def test_pairwise_validation() -> None:
    with pytest.raises(ValidationError, match="N x K matrix"):
        pairwise_similarity([1, 2, 3])
    with pytest.raises(ValidationError, match="mask must be a boolean matrix"):
        pairwise_similarity([[1, 2]], mask=[[1, 0]])
    with pytest.raises(ValidationError, match="did you mean: kappa"):
        pairwise_similarity([[1, 2]], measures=("kapa",))
    with pytest.raises(ValidationError, match="outside the declared scale"):
        pairwise_similarity([[1, 5]], categories=(1, 2, 3))
    with pytest.raises(ValidationError, match="weights has negative values"):
        pairwise_similarity([[1, 2]], weights=[1, -1])
    with pytest.raises(ValidationError, match="weights sum to 0"):
        pairwise_similarity([[1, 2]], weights=[0, 0])


# ---- ATOP coding and the published Table 6 example --------------------------------------


def test_alliance_values_take_the_highest_obligation_in_either_direction() -> None:
    atop = _atop_rows(
        [
            (2, 20, 1950, "atop_nonagg"),
            (20, 2, 1950, "atop_consul"),  # asymmetric: the higher one (2) counts both ways
            (2, 200, 1950, "atop_offense"),
            (200, 220, 1950, "atop_neutral"),
            (220, 255, 1950, "atop_defense"),  # 255 is not a member: ignored
        ]
    )
    port = alliance_portfolios(atop, _members([2, 20, 200, 220], 1950))
    value = {(r["ccode1"], r["ccode2"]): r["alliance_value"] for r in port.iter_rows(named=True)}
    assert port.height == 16
    assert value[2, 2] == value[20, 20] == 3
    assert value[2, 20] == value[20, 2] == 2
    assert value[2, 200] == value[200, 2] == 3
    assert value[200, 220] == value[220, 200] == 2
    assert value[2, 220] == 0


TABLE6_CODES = [
    255,
    365,
    200,
    220,
    300,
    325,
    211,
    230,
    640,
    210,
    380,
    360,
    235,
    225,
    350,
    390,
    345,
    355,
    385,
    339,
]
TABLE6_SHARES = [0.25, 0.21, 0.20, 0.08, 0.08, 0.05, 0.03, 0.03, 0.02] + [0.01] * 5 + [0.0] * 6


def test_panel_reproduces_signorino_ritter_table6() -> None:
    # Signorino and Ritter 1999, Table 6 (Germany and Russia, 1914, 20 European states):
    # Germany allied (3) with AUH, ITA, RUM; Russia allied (3) with FRN and tied (1)
    # to UKG and ITA. Ties enter as ATOP-style flags (3 = defence, 1 = non-aggression).
    atop = _atop_rows(
        [
            (255, 300, 1914, "atop_defense"),
            (255, 325, 1914, "atop_defense"),
            (255, 360, 1914, "atop_defense"),
            (365, 220, 1914, "atop_defense"),
            (365, 200, 1914, "atop_nonagg"),
            (365, 325, 1914, "atop_nonagg"),
        ]
    )
    members = _members(TABLE6_CODES, 1914)
    shares = members.with_columns(pl.Series("cinc", TABLE6_SHARES))
    pick = (pl.col("ccode1") == 255) & (pl.col("ccode2") == 365)
    out = dyadic_similarity(
        "atop", atop=atop, members=members, weights_frame=shares, measures=PANEL_MEASURES
    ).filter(pick)
    assert out["n_atop"].item() == 20
    assert out["s_atop"].item() == pytest.approx(0.4, abs=1e-12)
    assert out["s_atop_wt"].item() == pytest.approx(-0.46, abs=1e-12)
    assert_allclose(out["taub_atop"].item(), 0.03031695, rtol=1e-6)
    sq = dyadic_similarity(
        "atop", atop=atop, members=members, measures=("s", "kappa"), metric="squared"
    )
    assert_allclose(sq.filter(pick)["s_atop"].item(), 0.4444444, rtol=1e-6)
    assert_allclose(sq.filter(pick)["kappa_atop"].item(), -0.07758621, rtol=1e-6)
    nom = dyadic_similarity("atop", atop=atop, members=members, measures=("pi",), metric="nominal")
    assert_allclose(nom.filter(pick)["pi_atop"].item(), -0.04477612, rtol=1e-6)


# ---- ATOP panels equal the single-dyad functions on random inputs -------------------------

POOL = [2, 20, 200, 220, 255, 365, 432, 475, 651, 666, 710, 740, 900]


@st.composite
def atop_inputs(draw: st.DrawFn) -> dict[str, Any]:
    codes = sorted(draw(st.lists(st.sampled_from(POOL), min_size=2, max_size=8, unique=True)))
    pairs = st.tuples(
        st.sampled_from([*codes, 230]), st.sampled_from(codes), st.sampled_from(FLAGS)
    )
    rows = [(a, b, 1990, f) for a, b, f in draw(st.lists(pairs, max_size=12)) if a != b]
    majors = draw(st.lists(st.sampled_from(codes), max_size=2, unique=True))
    cinc = [draw(st.floats(0, 0.3)) for _ in codes]
    keep = [draw(st.booleans()) or i == 0 for i in range(len(codes))]  # some lack a CINC score
    weights = pl.DataFrame(
        {
            "ccode": [c for c, k in zip(codes, keep, strict=True) if k],
            "year": 1990,
            "cinc": [v for v, k in zip(cinc, keep, strict=True) if k],
        }
    )
    return {"codes": codes, "atop": _atop_rows(rows), "majors": majors, "weights": weights}


def _partner_set(a: int, b: int, codes: list[int], majors: list[int], partners: str) -> list[int]:
    if partners == "global" or a in majors or b in majors:
        return codes
    home = {cow_region(a), cow_region(b)}
    return [c for c in codes if cow_region(c) in home]


@settings(max_examples=30, deadline=None)
@given(
    atop_inputs(),
    st.sampled_from(["global", "regional"]),
    st.sampled_from(["absolute", "squared", "nominal"]),
)
def test_atop_panel_equals_single_dyad(data: dict[str, Any], partners: str, metric: str) -> None:
    codes, majors = data["codes"], data["majors"]
    members = _members(codes, 1990)
    port = alliance_portfolios(data["atop"], members)
    value = {(r["ccode1"], r["ccode2"]): r["alliance_value"] for r in port.iter_rows(named=True)}
    cinc = dict(zip(data["weights"]["ccode"], data["weights"]["cinc"], strict=True))
    out = dyadic_similarity(
        "atop",
        atop=data["atop"],
        members=members,
        weights_frame=data["weights"],
        major_powers=_members(majors, 1990),
        measures=PANEL_MEASURES,
        partners=partners,  # type: ignore[arg-type]
        metric=metric,  # type: ignore[arg-type]
    )
    assert out.height == len(codes) * (len(codes) - 1)
    for row in out.iter_rows(named=True):
        a, b = row["ccode1"], row["ccode2"]
        ks = _partner_set(a, b, codes, majors, partners)
        x = np.array([value[a, k] for k in ks], dtype=float)
        y = np.array([value[b, k] for k in ks], dtype=float)
        assert row["n_atop"] == len(ks)
        want = _single(x, y, None, metric, 3.0)
        got = [row["s_atop"], row["kappa_atop"], row["pi_atop"], row["taub_atop"]]
        assert_allclose(got, [want[m] for m in ("s", "kappa", "pi", "tau_b")], **CLOSE)  # type: ignore[arg-type]
        w = np.array([cinc.get(k, 0.0) for k in ks])
        wt = [row["s_atop_wt"], row["kappa_atop_wt"], row["pi_atop_wt"]]
        if w.sum() == 0:
            assert wt == [None, None, None]
        else:
            ww = _single(x, y, w / w.sum(), metric, 3.0)
            assert_allclose(wt, [ww[m] for m in ("s", "kappa", "pi")], **CLOSE)  # type: ignore[arg-type]


# ---- UN votes --------------------------------------------------------------------------

VOTE = {"yes": 3, "abstain": 2, "no": 1}


@st.composite
def vote_inputs(draw: st.DrawFn) -> tuple[pl.DataFrame, pl.DataFrame]:
    codes = sorted(draw(st.lists(st.sampled_from(POOL), min_size=2, max_size=6, unique=True)))
    rows = []
    for year, first in ((2000, 1), (2001, 100)):
        for rc in range(first, first + draw(st.integers(0, 6))):
            for c in [*codes, 369]:  # 369 votes but is no system member: dropped
                v = draw(st.sampled_from([None, "yes", "abstain", "no"]))
                if v is not None:
                    rows.append({"rcid": rc, "year": year, "ccode": c, "vote": v})
    votes = pl.DataFrame(
        rows, schema={"rcid": pl.Int32, "year": pl.Int32, "ccode": pl.Int32, "vote": pl.String}
    )
    members = pl.concat([_members(codes, 2000), _members(codes, 2001)])
    return votes, members


@settings(max_examples=30, deadline=None)
@given(vote_inputs(), st.sampled_from(["absolute", "squared", "nominal"]))
def test_un_panel_equals_single_dyad(data: tuple[pl.DataFrame, pl.DataFrame], metric: str) -> None:
    votes, members = data
    if votes.is_empty():
        return
    out = dyadic_similarity(
        "unvotes",
        votes=votes,
        members=members,
        measures=("s", "kappa", "pi", "tau_b"),
        metric=metric,  # type: ignore[arg-type]
    )
    years = sorted(set(votes["year"]))
    assert out["year"].unique().sort().to_list() == list(range(years[0], years[-1] + 1))
    cast = {(r["rcid"], r["ccode"]): VOTE[r["vote"]] for r in votes.iter_rows(named=True)}
    for row in out.iter_rows(named=True):
        a, b, year = row["ccode1"], row["ccode2"], row["year"]
        rcs = sorted(
            {
                r
                for (r, c) in cast
                if (r, a) in cast and (r, b) in cast and (r < 100) == (year == 2000)
            }
        )
        assert row["n_un"] == len(rcs)
        if not rcs:
            assert [row["s_un"], row["kappa_un"], row["pi_un"], row["taub_un"]] == [None] * 4
            continue
        x = np.array([cast[r, a] for r in rcs], dtype=float)
        y = np.array([cast[r, b] for r in rcs], dtype=float)
        want = _single(x, y, None, metric, 2.0)
        got = [row["s_un"], row["kappa_un"], row["pi_un"], row["taub_un"]]
        assert_allclose(got, [want[m] for m in ("s", "kappa", "pi", "tau_b")], **CLOSE)  # type: ignore[arg-type]


def test_un_missing_stays_missing_and_undirected_halves() -> None:
    votes = pl.DataFrame(
        {
            "rcid": [1, 1, 2, 2, 3],
            "year": [1990] * 5,
            "ccode": [2, 200, 2, 200, 2],
            "vote": ["yes", "yes", "no", "abstain", "yes"],
        }
    )
    members = _members([2, 200, 220], 1990)
    directed = dyadic_similarity("unvotes", votes=votes, members=members)
    undirected = dyadic_similarity("unvotes", votes=votes, members=members, directed=False)
    assert directed.height == 6 and undirected.height == 3
    assert directed.columns == ["ccode1", "ccode2", "year", "s_un", "kappa_un", "pi_un", "n_un"]
    row = undirected.row(0, named=True)
    assert (row["ccode1"], row["ccode2"], row["n_un"]) == (2, 200, 2)
    assert row["s_un"] == pytest.approx(0.5, abs=1e-12)
    no_votes = undirected.filter(pl.col("ccode2") == 220)
    assert no_votes["s_un"].null_count() == 2 and no_votes["n_un"].to_list() == [0, 0]


def test_pandas_input_gives_the_same_result() -> None:
    votes = pl.DataFrame(
        {
            "rcid": [1, 1, 2, 2],
            "year": [1990] * 4,
            "ccode": [2, 200, 2, 200],
            "vote": ["yes", "no", "no", "no"],
        }
    )
    members = _members([2, 200], 1990)
    a = dyadic_similarity("unvotes", votes=votes, members=members)
    b = dyadic_similarity(
        "unvotes", votes=votes.to_pandas(), members=pd.DataFrame(members.to_dict(as_series=False))
    )
    assert a.equals(b)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"source": "atp"}, ValidationError, "did you mean: atop"),
        ({"measures": ("s", "kapa")}, ValidationError, "did you mean: kappa"),
        (
            {"source": "unvotes", "measures": ("s_weighted",)},
            ValidationError,
            "roll calls do not have",
        ),
        (
            {"source": "unvotes", "partners": "regional"},
            ValidationError,
            "alliance portfolios only",
        ),
        ({"partners": "local"}, ValidationError, "partners 'local' is not known"),
        ({"metric": "linear"}, ValidationError, "metric 'linear' is not known"),
        ({"years": (1990, 1980)}, ValidationError, "run backwards"),
        ({"years": (1700, 1800)}, CoverageError, "outside the ATOP coverage 1815-2018"),
        ({"source": "unvotes", "years": (1930, 1950)}, CoverageError, "UN votes coverage 1946"),
    ],
)
def test_bad_arguments(kwargs: dict[str, Any], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        dyadic_similarity(**kwargs)


def test_bad_frames() -> None:
    members = _members([2, 200], 1990)
    bad_vote = pl.DataFrame({"rcid": [1], "year": [1990], "ccode": [2], "vote": ["absent"]})
    with pytest.raises(ValidationError, match="vote values 'absent'"):
        dyadic_similarity("unvotes", votes=bad_vote, members=members)
    twice = pl.DataFrame(
        {"rcid": [1, 1], "year": [1990] * 2, "ccode": [2, 2], "vote": ["yes", "no"]}
    )
    with pytest.raises(ValidationError, match="repeat a \\(rcid, ccode\\) pair"):
        dyadic_similarity("unvotes", votes=twice, members=members)
    with pytest.raises(ValidationError, match="votes lacks the column\\(s\\) vote"):
        dyadic_similarity("unvotes", votes=bad_vote.drop("vote"), members=members)
    flags = _atop_rows([(2, 200, 1990, "atop_defense")]).with_columns(
        pl.lit(2).alias("atop_consul")
    )
    with pytest.raises(ValidationError, match="atop_consul must hold 0 or 1"):
        alliance_portfolios(flags, members)
    with pytest.raises(ValidationError, match="ccode 1 lies in no COW region"):
        dyadic_similarity(
            atop=_atop_rows([(2, 1, 1990, "atop_defense")]),
            members=_members([1, 2], 1990),
            partners="regional",
            major_powers=_members([], 1990),
            measures=("s",),
        )


# ---- bundled snapshots ------------------------------------------------------------------


def test_bundled_atop_1914() -> None:
    out = dyadic_similarity("atop", years=(1914, 1914), partners="regional")
    n = out["ccode1"].n_unique()
    assert out.height == n * (n - 1)
    assert {"atop", "cow_states", "nmc", "major_powers"} <= {
        s["dataset"] for s in get_provenance(out)
    }
    s = out.select(pl.col("s_atop", "s_atop_wt", "kappa_atop", "pi_atop", "taub_atop"))
    assert s.select(pl.all().is_between(-1, 1).all()).row(0) == (True,) * 5
    swapped = out.select(
        pl.col("ccode2").alias("ccode1"), pl.col("ccode1").alias("ccode2"), "year", "s_atop"
    ).sort("ccode1", "ccode2")
    assert_allclose(swapped["s_atop"].to_numpy(), out["s_atop"].to_numpy(), rtol=1e-12)
    # France and Russia, allied since 1894, have more similar portfolios than France and Germany
    fr = out.filter(pl.col("ccode1") == 220)
    s_rus = fr.filter(pl.col("ccode2") == 365)["s_atop"].item()
    s_gmy = fr.filter(pl.col("ccode2") == 255)["s_atop"].item()
    assert s_rus > s_gmy


def test_bundled_un_votes_2000() -> None:
    out = dyadic_similarity("unvotes", years=(2000, 2000))
    usa = out.filter(pl.col("ccode1") == 2)
    # Switzerland (225) joined the UN only in 2002: no common roll calls, so missing
    assert usa.filter(pl.col("ccode2") == 225)["s_un"].item() is None
    assert usa.filter(pl.col("ccode2") == 200)["n_un"].item() > 20
    s_isr = usa.filter(pl.col("ccode2") == 666)["s_un"].item()
    s_cub = usa.filter(pl.col("ccode2") == 40)["s_un"].item()
    assert s_isr > s_cub


def test_pairwise_without_any_valid_position_is_all_missing() -> None:
    out = pairwise_similarity([[np.nan, np.nan], [np.nan, np.nan]])
    assert (out["n"] == 0).all()
    assert all(np.isnan(out[m]).all() for m in ("s", "kappa", "pi", "tau_b"))
