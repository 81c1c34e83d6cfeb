"""Expected-utility bargaining model: published reference values and properties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from socius.bargaining import (
    engine,
    load_scenario,
    median_position,
    probability_of_success,
    run,
    scenario_from_frame,
    weighted_mean,
)
from socius.errors import ValidationError

# Scholz, Calbert and Smith (2011), Table 1 (from Bueno de Mesquita 1994, p. 78):
# capability, position, salience (%) of the EC emission-standards example.
EU = {
    "Netherlands": (0.08, 4, 80),
    "Belgium": (0.08, 7, 40),
    "Luxembourg": (0.03, 4, 20),
    "Germany": (0.16, 4, 80),
    "France": (0.16, 10, 60),
    "Italy": (0.16, 10, 60),
    "UK": (0.16, 10, 90),
    "Ireland": (0.05, 7, 10),
    "Denmark": (0.05, 4, 100),
    "Greece": (0.08, 7, 70),
}
# Scholz et al. (2011), figure of the weighted mean position over rounds 0-10 for this
# example, read off the published curve (about 0.1 precision).
PUBLISHED_MEAN = [7.4, 7.4, 7.5, 7.6, 7.3, 7.3, 7.4, 7.5, 7.6, 7.3, 7.2]


def _eu_frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "actor": list(EU),
            "capability": [v[0] for v in EU.values()],
            "position": [float(v[1]) for v in EU.values()],
            "salience": [v[2] / 100 for v in EU.values()],
        }
    )


def _random_inputs(
    seed: int, n: int, ties: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 6, n).astype(float) if ties else rng.uniform(0, 100, n)
    if np.ptp(x) == 0:
        x[0] += 1.0
    return x, rng.uniform(0.01, 1.0, n), rng.uniform(0.05, 1.0, n)


# --------------------------------------------------------------------------- reference values


def test_eu_initial_mean_and_median_match_table_1() -> None:
    sc = load_scenario("eu-emissions")
    frame = sc.frame()
    assert frame["actor"].to_list() == list(EU)
    assert_allclose(frame["capability"].to_numpy(), [v[0] for v in EU.values()], rtol=1e-12)
    assert_allclose(frame["salience"].to_numpy(), [v[2] / 100 for v in EU.values()], rtol=1e-12)
    x, c, s = frame["position"], frame["capability"], frame["salience"]
    # Scholz et al. (2011): initial weighted mean 7.389956 and median 7
    assert weighted_mean(x, c, s) == pytest.approx(7.389956, abs=5e-7)
    assert median_position(x, c, s) == pytest.approx(7.0, abs=1e-12)


def test_eu_mean_curve_follows_the_published_run() -> None:
    result = run(load_scenario("eu-emissions"), rounds=10)
    means = result.trajectory["mean"].to_numpy()
    assert result.trajectory["round"].to_list() == list(range(11))
    # every round within 0.15 of the curve in Scholz et al. (2011)
    assert_allclose(means, PUBLISHED_MEAN, atol=0.15, rtol=0)
    assert result.trajectory["median"][0] == pytest.approx(7.0, abs=1e-12)


def test_paper_method_departs_from_the_published_curve() -> None:
    # the equations as printed do not reproduce the published run (ADR 0006)
    means = run(load_scenario("eu-emissions"), method="paper").trajectory["mean"].to_numpy()
    assert np.abs(means - PUBLISHED_MEAN).max() > 0.15
    assert means[0] == pytest.approx(7.389956, abs=5e-7)


def test_frame_input_gives_the_same_run_as_the_shipped_file() -> None:
    a = run(load_scenario("eu-emissions"))
    b = run(_eu_frame())
    c = run(_eu_frame().to_pandas())
    for other in (b, c):
        assert_allclose(
            other.positions["position"].to_numpy(), a.positions["position"].to_numpy(), rtol=1e-12
        )
    assert isinstance(_eu_frame().to_pandas(), pd.DataFrame)


# --------------------------------------------------------------------------- result structure


def test_result_frames_are_consistent() -> None:
    result = run(load_scenario("eu-emissions"), rounds=10)
    n = len(EU)
    assert result.positions.columns == ["round", "actor", "position"]
    assert result.positions.height == 11 * n
    table = result.table()
    assert table.columns == ["round", *EU, "mean", "median"]
    assert result.forecast == table["median"][-1]
    assert result.forecast_mean == pytest.approx(table["mean"][-1])
    assert result.rounds_run == 10
    assert result.converged_round is None
    offers = result.offers
    assert set(offers["offer"].unique().to_list()) <= {
        "confrontation",
        "compromise",
        "capitulation",
    }
    assert (offers["actor"] != offers["partner"]).all()
    joined = offers.join(
        result.positions.rename({"actor": "actor", "position": "recorded"}), on=["round", "actor"]
    )
    assert_allclose(joined["position_after"].to_numpy(), joined["recorded"].to_numpy(), rtol=1e-12)
    assert ((offers["risk_exponent"] >= 0.5) & (offers["risk_exponent"] <= 2.0)).all()


def test_a_large_tolerance_stops_at_a_fixed_point() -> None:
    result = run(load_scenario("eu-emissions"), rounds=10, tol=1.0)
    assert result.converged_round == 0
    assert result.rounds_run == 1
    table = result.table()
    assert_allclose(table.row(0)[1:-2], table.row(1)[1:-2])


def test_convergence_is_reported() -> None:
    frame = pl.DataFrame(
        {
            "actor": ["a", "b", "c"],
            "capability": [1.0, 1.0, 1.0],
            "position": [0.0, 1.0, 2.0],
            "salience": [1.0, 1.0, 1.0],
        }
    )
    result = run(frame, rounds=50, method="paper")
    assert result.converged_round is not None
    assert result.rounds_run == result.converged_round + 1
    assert result.rounds_run < 50


# --------------------------------------------------------------------------- formulas


def _brute_probabilities(x: np.ndarray, w: np.ndarray, normalise: str) -> np.ndarray:
    n = x.size
    span = np.ptp(x)
    votes = np.zeros((n, n, n))
    for k in range(n):
        for i in range(n):
            for j in range(n):
                votes[k, i, j] = w[k] * (abs(x[k] - x[j]) - abs(x[k] - x[i])) / span
    num = np.clip(votes, 0, None).sum(axis=0)
    den = np.abs(votes).sum() if normalise == "global" else np.abs(votes).sum(axis=0)
    return np.divide(num, den, out=np.zeros_like(num), where=np.broadcast_to(den, num.shape) > 0)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(2, 9), ties=st.booleans())
def test_prefix_sum_probabilities_equal_the_vote_definition(seed: int, n: int, ties: bool) -> None:
    x, c, s = _random_inputs(seed, n, ties)
    for method, normalise in (("paper", "dyadic"), ("scholz2011", "global")):
        got = probability_of_success(x, c, s, method=method)
        assert_allclose(got, _brute_probabilities(x, c * s, normalise), atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(2, 24), ties=st.booleans())
def test_both_vote_sums_equal_the_vote_definition(seed: int, n: int, ties: bool) -> None:
    x, c, s = _random_inputs(seed, n, ties)
    y = np.sort(x)[None, :]
    w = (c * s)[None, :]
    grid = engine._Grid.make(1, n)
    for normalise in ("dyadic", "global"):
        want = _brute_probabilities(y[0], w[0], normalise)
        cube = engine._cube_win_probabilities(y, w, normalise)  # type: ignore[arg-type]
        prefix = engine._prefix_win_probabilities(y, w, normalise, grid)  # type: ignore[arg-type]
        assert_allclose(cube[0], want, atol=1e-12)
        assert_allclose(prefix[0], want, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(2, 9), ties=st.booleans())
def test_probabilities_are_bounded_and_complementary(seed: int, n: int, ties: bool) -> None:
    x, c, s = _random_inputs(seed, n, ties)
    p = probability_of_success(x, c, s, method="paper")
    assert ((p >= 0) & (p <= 1)).all()
    assert_allclose(np.diag(p), 0.0)
    distinct = x[:, None] != x[None, :]
    assert_allclose((p + p.T)[distinct], 1.0, atol=1e-12)
    assert_allclose(p[~distinct], 0.0)
    g = probability_of_success(x, c, s, method="scholz2011")
    # positive votes over all ordered pairs are half of all absolute votes
    assert g.sum() == pytest.approx(0.5, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(2, 12), ties=st.booleans())
def test_median_is_the_condorcet_winner(seed: int, n: int, ties: bool) -> None:
    x, c, s = _random_inputs(seed, n, ties)
    w = c * s
    med = median_position(x, c, s)
    assert med in set(x.tolist())
    # no actor position beats the median in a pairwise vote
    margins = [(w * (np.abs(x - xk) - np.abs(x - med))).sum() for xk in x]
    assert min(margins) >= -1e-12


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(2, 10))
def test_risk_exponents_span_half_to_two(seed: int, n: int) -> None:
    x, c, s = _random_inputs(seed, n)
    y = np.sort(x)[None, :]
    span = np.array([np.ptp(x)])
    d = np.abs(y[:, :, None] - y[:, None, :]) / span
    p = engine.win_probabilities(y, (c * s)[None, :], "global")
    r = engine.risk_exponents(d, s[None, :], p, None, 1.0, 1.0)
    assert ((r >= 0.5 - 1e-12) & (r <= 2.0 + 1e-12)).all()
    if np.ptp(r) > 0:
        assert r.min() == pytest.approx(0.5) and r.max() == pytest.approx(2.0)


# --------------------------------------------------------------------------- invariances


def _frame(x: np.ndarray, c: np.ndarray, s: np.ndarray) -> pl.DataFrame:
    return pl.DataFrame(
        {"actor": [f"a{i}" for i in range(x.size)], "capability": c, "position": x, "salience": s}
    )


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(2, 8),
    scale=st.floats(0.1, 50),
    shift=st.floats(-100, 100),
    cap_scale=st.floats(0.01, 100),
    method=st.sampled_from(["scholz2011", "paper"]),
)
def test_affine_rescaling_of_positions_and_capabilities(
    seed: int, n: int, scale: float, shift: float, cap_scale: float, method: str
) -> None:
    x, c, s = _random_inputs(seed, n)
    base = run(_frame(x, c, s), rounds=6, method=method)  # type: ignore[arg-type]
    moved = run(_frame(scale * x + shift, cap_scale * c, s), rounds=6, method=method)  # type: ignore[arg-type]
    assert_allclose(
        moved.positions["position"].to_numpy(),
        scale * base.positions["position"].to_numpy() + shift,
        rtol=1e-7,
        atol=1e-7 * scale * 100,
    )


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(2, 8),
    method=st.sampled_from(["scholz2011", "paper"]),
)
def test_actor_order_does_not_matter(seed: int, n: int, method: str) -> None:
    x, c, s = _random_inputs(seed, n)
    perm = np.random.default_rng(seed + 1).permutation(n)
    a = run(_frame(x, c, s), rounds=6, method=method)  # type: ignore[arg-type]
    b = run(_frame(x, c, s)[perm.tolist()], rounds=6, method=method)  # type: ignore[arg-type]
    key = ["round", "actor"]
    assert_allclose(
        a.positions.sort(key)["position"].to_numpy(),
        b.positions.sort(key)["position"].to_numpy(),
        rtol=1e-12,
    )
    assert_allclose(
        a.trajectory["median"].to_numpy(), b.trajectory["median"].to_numpy(), rtol=1e-12
    )


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(2, 8))
def test_paper_method_is_symmetric_under_reflection(seed: int, n: int) -> None:
    x, c, s = _random_inputs(seed, n)
    a = run(_frame(x, c, s), rounds=6, method="paper")
    b = run(_frame(-x, c, s), rounds=6, method="paper")
    assert_allclose(
        b.positions["position"].to_numpy(), -a.positions["position"].to_numpy(), atol=1e-9
    )


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(2, 10),
    method=st.sampled_from(["scholz2011", "paper"]),
)
def test_positions_stay_within_the_initial_range(seed: int, n: int, method: str) -> None:
    x, c, s = _random_inputs(seed, n, ties=seed % 2 == 0)
    result = run(_frame(x, c, s), rounds=8, method=method)  # type: ignore[arg-type]
    pos = result.positions["position"].to_numpy()
    assert pos.min() >= x.min() - 1e-9 and pos.max() <= x.max() + 1e-9
    traj = result.trajectory
    assert (traj["median"] >= x.min() - 1e-9).all() and (traj["median"] <= x.max() + 1e-9).all()


@pytest.mark.parametrize("method", ["scholz2011", "paper"])
def test_batched_runs_equal_separate_runs(method: str) -> None:
    rng = np.random.default_rng(7)
    x = rng.uniform(0, 100, (6, 7))
    c = rng.uniform(0.01, 0.3, (6, 7))
    s = rng.uniform(0.1, 1.0, (6, 7))
    batch = engine.run_core(x, c, s, rounds=8, method=method, record=False)  # type: ignore[arg-type]
    for d in range(6):
        one = engine.run_core(x[d : d + 1], c[d : d + 1], s[d : d + 1], rounds=8, method=method)  # type: ignore[arg-type]
        assert_allclose(batch.positions[-1, d], one.positions[-1, 0], rtol=1e-12)
        assert batch.medians[-1, d] == pytest.approx(one.medians[-1, 0], rel=1e-12)


def test_two_actors_can_bargain() -> None:
    frame = pl.DataFrame(
        {
            "actor": ["a", "b"],
            "capability": [0.6, 0.4],
            "position": [0.0, 10.0],
            "salience": [0.5, 0.9],
        }
    )
    result = run(frame, rounds=5)
    assert result.positions["position"].is_finite().all()


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("frame", "fragment"),
    [
        (
            {
                "actor": ["a", "b"],
                "capability": [1.0, 1.0],
                "position": [0.0, 1.0],
                "salience": [1.4, 0.5],
            },
            "salience 1.4 is outside [0, 1]",
        ),
        (
            {
                "actor": ["a", "b"],
                "capability": [1.0, 1.0],
                "position": [0.0, 1.0],
                "salience": [-0.1, 0.5],
            },
            "salience -0.1 is outside [0, 1]",
        ),
        (
            {
                "actor": ["a", "b"],
                "capability": [0.0, 1.0],
                "position": [0.0, 1.0],
                "salience": [0.5, 0.5],
            },
            "capability 0 is not positive",
        ),
        (
            {
                "actor": ["a", "b"],
                "capability": [-2.0, 1.0],
                "position": [0.0, 1.0],
                "salience": [0.5, 0.5],
            },
            "capability -2 is not positive",
        ),
        (
            {"actor": ["a"], "capability": [1.0], "position": [0.0], "salience": [0.5]},
            "at least two actors",
        ),
        (
            {
                "actor": ["a", "b", "c"],
                "capability": [1.0, 1.0, 1.0],
                "position": [3.0, 3.0, 3.0],
                "salience": [0.5, 0.5, 0.5],
            },
            "all actors are at position 3",
        ),
        (
            {
                "actor": ["a", "b", "A"],
                "capability": [1.0, 1.0, 1.0],
                "position": [0.0, 1.0, 2.0],
                "salience": [0.5, 0.5, 0.5],
            },
            "actors[2] 'A' duplicates actors[0]",
        ),
    ],
)
def test_bad_inputs_raise_clear_errors(frame: dict[str, list[object]], fragment: str) -> None:
    with pytest.raises(ValidationError, match=None) as info:
        run(pl.DataFrame(frame))
    assert fragment in str(info.value)


def test_all_problems_are_reported_at_once() -> None:
    frame = pl.DataFrame(
        {
            "actor": ["a", "b", "a"],
            "capability": [0.0, 1.0, 1.0],
            "position": [0.0, 1.0, 2.0],
            "salience": [1.5, 0.5, 0.5],
        }
    )
    with pytest.raises(ValidationError) as info:
        scenario_from_frame(frame)
    message = str(info.value)
    assert "3 problems" in message
    assert "duplicates" in message and "not positive" in message and "outside [0, 1]" in message


def test_missing_columns_and_bad_options() -> None:
    with pytest.raises(ValidationError, match="missing column"):
        run(pl.DataFrame({"actor": ["a", "b"], "position": [0.0, 1.0]}))
    eu = load_scenario("eu-emissions")
    with pytest.raises(ValidationError, match="rounds 0"):
        run(eu, rounds=0)
    with pytest.raises(ValidationError, match="method 'scholz'"):
        run(eu, method="scholz")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"q 1\.5 is outside"):
        run(eu, q=1.5)


def test_status_quo_parameters_change_the_run() -> None:
    eu = load_scenario("eu-emissions")
    a = run(eu, q=1.0)
    b = run(eu, q=0.5, t=0.5)
    assert not np.allclose(a.positions["position"].to_numpy(), b.positions["position"].to_numpy())
    assert b.positions["position"].is_finite().all()
