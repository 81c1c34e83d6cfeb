"""Group cohesion measures on plain arrays: agreement with the single-dyad measures,
hand-computed references, invariances and bounds, and input errors."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from socius.cohesion import concentration, dispersion, group_similarity
from socius.cohesion._stats import (
    alignment_stats,
    concentration_stats,
    idealpoint_risk,
    pair_stats,
    value_stats,
)
from socius.errors import ValidationError
from socius.similarity import cohens_kappa, s_score, scotts_pi

VOTES = (1, 2, 3)


@st.composite
def vote_matrices(draw: st.DrawFn, *, missing: bool = True) -> np.ndarray:
    n = draw(st.integers(2, 6))
    k = draw(st.integers(1, 8))
    cells = draw(st.lists(st.sampled_from(VOTES), min_size=n * k, max_size=n * k))
    pos = np.array(cells, dtype=float).reshape(n, k)
    if missing:
        holes = draw(st.lists(st.booleans(), min_size=n * k, max_size=n * k))
        pos[np.array(holes).reshape(n, k)] = np.nan
    return pos


def _pair_reference(pos: np.ndarray) -> dict[str, list[float]]:
    """Single-dyad measures of every pair over its common roll calls (plain loop)."""
    out: dict[str, list[float]] = {"s": [], "kappa": [], "pi": []}
    for i, j in itertools.combinations(range(pos.shape[0]), 2):
        common = np.isfinite(pos[i]) & np.isfinite(pos[j])
        if not common.any():
            continue
        x, y = pos[i, common], pos[j, common]
        out["s"].append(s_score(x, y, d_max=2))
        for name, fn in (("kappa", cohens_kappa), ("pi", scotts_pi)):
            value = fn(x, y, metric="absolute")
            if not math.isnan(value):
                out[name].append(value)
    return out


# ---- group similarity equals the single-dyad functions over member pairs ------------------


@settings(max_examples=50, deadline=None)
@given(vote_matrices())
def test_group_similarity_equals_mean_of_single_dyad_scores(pos: np.ndarray) -> None:
    out = group_similarity(pos, categories=VOTES, d_max=2)
    ref = _pair_reference(pos)
    assert out["pairs"] == len(ref["s"])
    if not ref["s"]:
        assert math.isnan(out["s_mean"]) and math.isnan(out["s_min"])
        return
    assert out["s_mean"] == pytest.approx(np.mean(ref["s"]), abs=1e-12)
    assert out["s_sd"] == pytest.approx(np.std(ref["s"]), abs=1e-12)
    assert out["s_min"] == pytest.approx(min(ref["s"]), abs=1e-12)
    for name in ("kappa", "pi"):
        got = out[f"{name}_mean"]
        if ref[name]:
            assert got == pytest.approx(np.mean(ref[name]), abs=1e-12)
        else:
            assert math.isnan(got)


def test_group_similarity_hand_example() -> None:
    # pairs (0,1): 3 of 4 agree, one 1-step gap -> S = 1 - 2 * (1/4) / 2 = 0.75;
    # (0,2): gaps 2,2,2,0 -> S = 1 - 2 * 1.5 / 2 = -0.5; (1,2): gaps 2,2,2,1 -> -0.75
    votes = [[3, 3, 1, 2], [3, 3, 1, 3], [1, 1, 3, 2]]
    out = group_similarity(votes, categories=VOTES, d_max=2)
    assert_allclose(out["s_mean"], (0.75 - 0.5 - 0.75) / 3, atol=1e-12)
    assert_allclose(out["s_min"], -0.75, atol=1e-12)
    assert out["pairs"] == 3


@settings(max_examples=40, deadline=None)
@given(vote_matrices(), st.randoms(use_true_random=False))
def test_group_similarity_does_not_depend_on_member_order(pos: np.ndarray, rnd: object) -> None:
    order = list(range(pos.shape[0]))
    rnd.shuffle(order)  # type: ignore[attr-defined]
    a = group_similarity(pos, categories=VOTES, d_max=2)
    b = group_similarity(pos[order], categories=VOTES, d_max=2)
    assert_allclose(list(a.values()), list(b.values()), atol=1e-12, equal_nan=True)


@settings(max_examples=40, deadline=None)
@given(vote_matrices(missing=False))
def test_copy_of_the_most_central_member_does_not_lower_mean_s(pos: np.ndarray) -> None:
    """With every pair comparable the group mean is the average of the members' mean S
    with the others, so copying the member with the highest such mean cannot lower it."""
    s = np.array(
        [[s_score(a, b, d_max=2) for b in pos] for a in pos]
    )  # includes S(i, i) = 1 on the diagonal
    own = (s.sum(axis=1) - 1.0) / (pos.shape[0] - 1)
    central = int(np.argmax(own))
    before = group_similarity(pos, categories=VOTES, d_max=2)["s_mean"]
    after = group_similarity(np.vstack([pos, pos[central]]), categories=VOTES, d_max=2)["s_mean"]
    assert after >= before - 1e-12


def test_group_similarity_rejects_bad_input() -> None:
    with pytest.raises(ValidationError, match="at least two members"):
        group_similarity([[3, 1, 2]], d_max=2)
    with pytest.raises(ValidationError, match="N x K matrix"):
        group_similarity([3, 1, 2])
    with pytest.raises(ValidationError, match="mask must be a boolean matrix"):
        group_similarity([[3, 1], [1, 3]], mask=[[True, False, True]])
    with pytest.raises(ValidationError, match="outside the declared scale"):
        group_similarity([[3, 1], [1, 5]], categories=VOTES)
    with pytest.raises(ValidationError, match="numeric"):
        group_similarity([["yes", "no"], ["no", "yes"]])


# ---- dispersion --------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.floats(-5, 5), st.just(float("nan"))), min_size=1, max_size=12))
def test_dispersion_matches_numpy(values: list[float]) -> None:
    arr = np.array(values)
    ok = arr[np.isfinite(arr)]
    out = dispersion(arr)
    assert out["n"] == ok.size
    if ok.size == 0:
        assert all(math.isnan(out[k]) for k in ("mean", "median", "sd", "mad"))
        return
    assert out["mean"] == pytest.approx(np.mean(ok), abs=1e-9)
    assert out["median"] == pytest.approx(np.median(ok), abs=1e-12)
    if ok.size >= 2:
        assert out["sd"] == pytest.approx(np.std(ok), abs=1e-9)
        assert out["mad"] == pytest.approx(np.mean(np.abs(ok - np.median(ok))), abs=1e-9)
    else:
        assert math.isnan(out["sd"]) and math.isnan(out["mad"])


def test_dispersion_hand_example_and_errors() -> None:
    out = dispersion([0.0, 1.0, 2.0, np.nan])
    assert out["n"] == 3
    assert_allclose([out["mean"], out["median"]], [1.0, 1.0], atol=1e-12)
    assert_allclose(out["sd"], math.sqrt(2 / 3), atol=1e-12)
    assert_allclose(out["mad"], 2 / 3, atol=1e-12)
    with pytest.raises(ValidationError, match="one-dimensional"):
        dispersion([[1.0, 2.0]])
    with pytest.raises(ValidationError, match="non-empty"):
        dispersion([])
    with pytest.raises(ValidationError, match="infinite"):
        dispersion([1.0, float("inf")])
    with pytest.raises(ValidationError, match="numbers"):
        dispersion(["a", "b"])


# ---- capability concentration -------------------------------------------------------------


def test_concentration_hand_example() -> None:
    # shares 0.5, 0.3, 0.2: HHI = 0.25 + 0.09 + 0.04 = 0.38;
    # CON = sqrt((0.38 - 1/3) / (1 - 1/3)) = sqrt(0.07)
    out = concentration([0.05, 0.03, 0.02])  # only relative sizes matter
    assert_allclose(out["hhi"], 0.38, atol=1e-12)
    assert_allclose(out["con"], math.sqrt(0.07), atol=1e-12)
    assert_allclose(out["top_share"], 0.5, atol=1e-12)
    assert out["n"] == 3
    one = concentration([0.2, np.nan])
    assert one["hhi"] == pytest.approx(1.0) and math.isnan(one["con"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0, 1), min_size=1, max_size=15), st.floats(0.01, 100))
def test_concentration_bounds_and_scale_invariance(values: list[float], factor: float) -> None:
    arr = np.array(values)
    out = concentration(arr)
    if arr.sum() <= 0:
        assert math.isnan(out["hhi"])
        return
    n = arr.size
    assert 1.0 / n - 1e-12 <= out["hhi"] <= 1.0 + 1e-12
    assert 0.0 <= out["top_share"] <= 1.0 + 1e-12
    if n >= 2:
        assert 0.0 <= out["con"] <= 1.0
    scaled = concentration(arr * factor)
    assert_allclose(list(scaled.values()), list(out.values()), rtol=1e-9, atol=1e-7, equal_nan=True)


def test_concentration_errors() -> None:
    with pytest.raises(ValidationError, match="negative"):
        concentration([0.2, -0.1])
    with pytest.raises(ValidationError, match="non-empty"):
        concentration([])


# ---- vectorised group statistics ----------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(
    st.integers(2, 7).flatmap(
        lambda n: st.tuples(
            st.lists(st.floats(-1, 1), min_size=n * n, max_size=n * n),
            st.lists(st.lists(st.booleans(), min_size=n, max_size=n), min_size=1, max_size=4),
            st.lists(st.one_of(st.floats(0, 1), st.just(float("nan"))), min_size=n, max_size=n),
        )
    )
)
def test_group_rows_equal_one_group_at_a_time(data: tuple) -> None:  # type: ignore[type-arg]
    cells, rows, vals = data
    n = len(vals)
    m = np.array(cells).reshape(n, n)
    m = (m + m.T) / 2
    groups = np.array(rows)
    values = np.array(vals)
    together = [
        pair_stats(m, groups),
        value_stats(values, groups),
        concentration_stats(values, groups),
    ]
    for g in range(groups.shape[0]):
        alone = [
            pair_stats(m, groups[g : g + 1]),
            value_stats(values, groups[g : g + 1]),
            concentration_stats(values, groups[g : g + 1]),
        ]
        for a, b in zip(together, alone, strict=True):
            for key in a:
                assert_allclose(a[key][g], b[key][0], atol=1e-12, equal_nan=True, err_msg=key)


def test_idealpoint_risk_hand_example() -> None:
    # members 0, 1, 2, 4: median 1.5, distances 1.5, 0.5, 0.5, 2.5 -> 90th percentile 2.2
    ideal = np.array([0.0, 1.0, 2.0, 4.0, 6.0, np.nan])
    members = np.array([True, True, True, True, False, False])
    distance, risk, core = idealpoint_risk(ideal, members)
    assert core == pytest.approx(1.5)
    assert_allclose(distance[4], 4.5, atol=1e-12)
    assert_allclose(risk[4], 4.5 / 2.2, atol=1e-12)
    assert math.isnan(risk[5])


def test_alignment_stats_hand_example() -> None:
    # three members and a candidate; S with the other members and the candidate's S with them
    s = np.array(
        [
            [1.0, 0.9, 0.7, 0.4],
            [0.9, 1.0, 0.5, 0.3],
            [0.7, 0.5, 1.0, 0.32],
            [0.4, 0.3, 0.32, 1.0],
        ]
    )
    members = np.array([True, True, True, False])
    mean, divergence = alignment_stats(s, members)
    assert_allclose(mean, [0.8, 0.7, 0.6, 0.34], atol=1e-12)
    # members' own means: 0.8, 0.7, 0.6 -> median 0.7, deviations 0.1, 0, 0.1 -> q90 0.1
    assert_allclose(divergence[3], (0.7 - 0.34) / 0.1, atol=1e-9)
    assert_allclose(divergence[1], 0.0, atol=1e-12)
