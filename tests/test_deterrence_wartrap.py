"""War Trap expected utility: the arithmetic (socius.deterrence.wartrap)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from socius.deterrence.wartrap import (
    adjusted_capability,
    bilateral_eu,
    expected_utility_matrix,
    gradient_exponent,
    miles_per_day,
    third_party_eu,
)
from socius.errors import ValidationError

# Unit check derived from the formulas of Bueno de Mesquita (1981, The War Trap, ch. 3
# pp. 46-92 and ch. 4 pp. 93-126; gradient p. 105) with every capability discounted to the
# battle location, the target j: year 2000 (500 miles a day), CINC i=.2, j=.1, k=.15; miles
# i-j 1000, i-k 3000, j-k 500; U_ij=-0.2, U_ki=0.6, U_kj=-0.4. The capabilities and the
# bilateral term are those of the earlier release; the third-party term is
# a_kj / (a_ij + a_jj + a_kj) * (U_ki - U_kj) = 0.175207 / 0.523233 * 1.0 = 0.334855.
# Values are given to six decimals, hence abs=5e-7.
CINC = np.array([0.2, 0.1, 0.15])
MILES = np.array([[0, 1000, 3000], [1000, 0, 500], [3000, 500, 0]], dtype=float)
U = np.array([[1.0, -0.2, 0.6], [-0.2, 1.0, -0.4], [0.6, -0.4, 1.0]])
SI, SJ, SK = 0, 1, 2


@pytest.fixture
def a() -> np.ndarray:
    return adjusted_capability(CINC[:, None], MILES, year=2000)


def test_unit_check_adjusted_capabilities(a: np.ndarray) -> None:
    expected = {
        (SI, SJ): 0.210696,
        (SI, SI): 0.249646,
        (SJ, SI): 0.107739,
        (SJ, SJ): 0.137330,
        (SK, SJ): 0.175207,
        (SK, SI): 0.118725,
    }
    for (x, y), value in expected.items():
        assert a[x, y] == pytest.approx(value, abs=5e-7)


def test_unit_check_expected_utility(a: np.ndarray) -> None:
    p_i = a[SI, SJ] / (a[SI, SJ] + a[SJ, SJ])
    assert p_i == pytest.approx(0.605403, abs=5e-7)
    terms = expected_utility_matrix(a, U)
    assert terms.bilateral[SI, SJ] == pytest.approx(0.252967, abs=5e-7)
    assert terms.third[SI, SJ] == pytest.approx(0.334855, abs=5e-7)
    assert terms.eu[SI, SJ] == pytest.approx(0.587822, abs=5e-7)


def test_unit_check_scalar_helpers() -> None:
    assert float(bilateral_eu(0.605403, -0.2)) == pytest.approx(0.252967, abs=2e-6)
    term = third_party_eu(0.210696, 0.137330, 0.175207, 0.6, -0.4)
    assert float(term) == pytest.approx(0.334855, abs=2e-6)


def test_gradient_uses_ten_minus_e() -> None:
    # at distance 0 the exponent is log10(10 - e)
    assert float(gradient_exponent(0.0, 2000)) == pytest.approx(math.log10(10 - math.e), rel=1e-12)
    assert float(adjusted_capability(0.2, 1000.0, year=2000)) == pytest.approx(
        0.2 ** math.log10(2 + 10 - math.e), rel=1e-12
    )


@pytest.mark.parametrize(
    ("year", "mpd"), [(1816, 250.0), (1917, 250.0), (1918, 375.0), (1945, 375.0), (1946, 500.0)]
)
def test_miles_per_day_by_era(year: int, mpd: float) -> None:
    assert miles_per_day(year) == mpd


def test_diagonal_is_missing_and_self_excluded(a: np.ndarray) -> None:
    terms = expected_utility_matrix(a, U)
    assert np.isnan(np.diagonal(terms.eu)).all()
    # with only i and j present there is no third party
    two = expected_utility_matrix(a[:2, :2], U[:2, :2])
    assert two.third[0, 1] == pytest.approx(0.0, abs=1e-12)


def _brute_force(a: np.ndarray, u: np.ndarray, third: np.ndarray) -> np.ndarray:
    n = a.shape[0]
    out = np.full((n, n), np.nan)
    for i in range(n):
        for j in range(n):
            if i == j:
                continue
            p = a[i, j] / (a[i, j] + a[j, j])
            eu = p * (1 - u[i, j]) + (1 - p) * (u[i, j] - 1)
            for k in range(n):
                if third[k] and k not in (i, j) and not np.isnan(u[k, i] - u[k, j]):
                    total = a[i, j] + a[j, j] + a[k, j]
                    p_ik = (a[i, j] + a[k, j]) / total
                    p_jk = (a[j, j] + a[k, j]) / total
                    eu += (p_ik + p_jk - 1) * (u[k, i] - u[k, j])
            out[i, j] = eu
    return out


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(min_value=2, max_value=8),
    seed=st.integers(min_value=0, max_value=2**31 - 1),
    block=st.integers(min_value=1, max_value=5),
)
def test_matches_a_plain_loop(n: int, seed: int, block: int) -> None:
    rng = np.random.default_rng(seed)
    cinc = rng.uniform(0.001, 0.3, n)
    miles = rng.uniform(0, 8000, (n, n))
    miles = (miles + miles.T) / 2
    np.fill_diagonal(miles, 0)
    a = adjusted_capability(cinc[:, None], miles, year=int(rng.integers(1816, 2023)))
    u = rng.uniform(-1, 1, (n, n))
    u = (u + u.T) / 2
    np.fill_diagonal(u, 1.0)
    third = rng.random(n) < 0.7
    rows = rng.permutation(n)[: max(1, n // 2)]
    got = expected_utility_matrix(a, u, third_parties=third, initiators=rows, block=block)
    want = _brute_force(a, u, third)[rows]
    assert_allclose(got.eu, want, rtol=1e-10, atol=1e-12)
    assert_allclose(got.bilateral + got.third, got.eu, rtol=1e-12, atol=1e-12)


@settings(max_examples=25, deadline=None)
@given(n=st.integers(min_value=3, max_value=7), seed=st.integers(min_value=0, max_value=10**6))
def test_undefined_third_party_similarities_are_skipped(n: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    a = rng.uniform(0.01, 0.3, (n, n))
    u = rng.uniform(-1, 1, (n, n))
    u = (u + u.T) / 2
    hole = rng.integers(0, n, size=2)
    u[hole[0], hole[1]] = u[hole[1], hole[0]] = np.nan
    np.fill_diagonal(u, 1.0)
    got = expected_utility_matrix(a, u, block=2).eu
    assert_allclose(got, _brute_force(a, u, np.ones(n, dtype=bool)), rtol=1e-10, atol=1e-12)


@settings(max_examples=30, deadline=None)
@given(n=st.integers(min_value=3, max_value=7), seed=st.integers(min_value=0, max_value=10**6))
def test_relabelling_states_permutes_the_result(n: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    a = rng.uniform(0.01, 0.3, (n, n))
    u = rng.uniform(-1, 1, (n, n))
    np.fill_diagonal(u, 1.0)
    perm = rng.permutation(n)
    base = expected_utility_matrix(a, u).eu
    moved = expected_utility_matrix(a[np.ix_(perm, perm)], u[np.ix_(perm, perm)]).eu
    assert_allclose(moved, base[np.ix_(perm, perm)], rtol=1e-10, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(
    cinc=st.floats(min_value=1e-6, max_value=1.0),
    near=st.floats(min_value=0.0, max_value=5000.0),
    extra=st.floats(min_value=0.0, max_value=5000.0),
    year=st.integers(min_value=1816, max_value=2022),
)
def test_capability_bounded_and_falls_with_distance(
    cinc: float, near: float, extra: float, year: int
) -> None:
    close = float(adjusted_capability(cinc, near, year=year))
    far = float(adjusted_capability(cinc, near + extra, year=year))
    assert 0.0 <= far <= close <= 1.0


@settings(max_examples=40, deadline=None)
@given(p=st.floats(min_value=0, max_value=1), u=st.floats(min_value=-1, max_value=1))
def test_bilateral_term_bounds_and_identity(p: float, u: float) -> None:
    value = float(bilateral_eu(p, u))
    assert -2.0 - 1e-12 <= value <= 2.0 + 1e-12
    assert value == pytest.approx((2 * p - 1) * (1 - u), abs=1e-12)
    # identical portfolios (U = 1) make war worthless in the bilateral term
    assert float(bilateral_eu(p, 1.0)) == pytest.approx(0.0, abs=1e-12)


def test_third_party_indifferent_between_sides_adds_nothing(a: np.ndarray) -> None:
    u = U.copy()
    u[SK, SI] = u[SI, SK] = u[SK, SJ] = u[SJ, SK] = 0.3
    terms = expected_utility_matrix(a, u)
    assert terms.third[SI, SJ] == pytest.approx(0.0, abs=1e-12)


def test_undefined_similarity_gives_missing(a: np.ndarray) -> None:
    u = U.copy()
    u[SI, SJ] = u[SJ, SI] = np.nan
    terms = expected_utility_matrix(a, u)
    assert math.isnan(terms.eu[SI, SJ])
    # j is the only third party of (i, k) and its similarity with i is undefined: left out
    assert terms.third[SI, SK] == 0.0
    assert terms.eu[SI, SK] == pytest.approx(terms.bilateral[SI, SK], abs=1e-15)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"cinc": 1.5, "miles": 10.0}, "cinc must lie in"),
        ({"cinc": 0.2, "miles": -1.0}, "miles must be zero or positive"),
    ],
)
def test_bad_capability_inputs(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        adjusted_capability(kwargs["cinc"], kwargs["miles"], year=2000)


def test_bad_matrix_inputs(a: np.ndarray) -> None:
    with pytest.raises(ValidationError, match="square"):
        expected_utility_matrix(a, U[:2])
    with pytest.raises(ValidationError, match="indices"):
        expected_utility_matrix(a, U, targets=[5])
    with pytest.raises(ValidationError, match="block"):
        expected_utility_matrix(a, U, block=0)


def _legacy_third(a: np.ndarray, u: np.ndarray, i: int, j: int, k: int) -> float:
    """The third-party term of the earlier release: j's side computed at i's location and
    ``m_k = max(a_kj, a_ki)``; kept here only to test where the two formulas coincide."""
    m = max(a[k, j], a[k, i])
    p_ik = (a[i, j] + m) / (a[i, j] + m + a[j, j])
    p_jk = (a[j, i] + m) / (a[j, i] + m + a[i, i])
    return float((p_ik + p_jk - 1) * (u[k, i] - u[k, j]))


def _random_inputs(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    cinc = rng.uniform(0.001, 0.3, n)
    miles = rng.uniform(0, 8000, (n, n))
    miles = (miles + miles.T) / 2
    np.fill_diagonal(miles, 0)
    a = adjusted_capability(cinc[:, None], miles, year=2000)
    u = rng.uniform(-1, 1, (n, n))
    u = (u + u.T) / 2
    np.fill_diagonal(u, 1.0)
    return a, u


def test_worked_four_state_example_by_hand() -> None:
    """Four states, capabilities already discounted to the battle location (state 1).

    i = 0 attacks j = 1; third parties k = 2 and l = 3. At j: a_ij = 0.2, a_jj = 0.3,
    a_kj = 0.1, a_lj = 0.4. Similarities: U_ij = 0, U_ki = 0.5, U_kj = -0.5, U_li = 0.2,
    U_lj = 0.8.

    * bilateral: P_i = 0.2 / (0.2 + 0.3) = 0.4, EU_b = (2 * 0.4 - 1)(1 - 0) = -0.2;
    * k: P_ik = (0.2 + 0.1) / 0.6 = 1/2, P_jk = (0.3 + 0.1) / 0.6 = 2/3, weight
      1/2 + 2/3 - 1 = 1/6 (= 0.1 / 0.6, k's share), term 1/6 * (0.5 + 0.5) = 1/6;
    * l: weight 0.4 / 0.9 = 4/9, term 4/9 * (0.2 - 0.8) = -4/15;
    * EU_m = 1/6 - 4/15 = -1/10, EU = -0.2 - 0.1 = -0.3 (exact in rationals, so the
      tolerance is floating-point rounding only, 1e-12).

    Removing l (capability 0 everywhere) leaves EU = -0.2 + 1/6 = -1/30.
    """
    a = np.full((4, 4), 0.05)
    a[0, 1], a[1, 1], a[2, 1], a[3, 1] = 0.2, 0.3, 0.1, 0.4
    u = np.eye(4)
    u[0, 1] = u[1, 0] = 0.0
    u[2, 0] = u[0, 2] = 0.5
    u[2, 1] = u[1, 2] = -0.5
    u[3, 0] = u[0, 3] = 0.2
    u[3, 1] = u[1, 3] = 0.8
    terms = expected_utility_matrix(a, u)
    assert terms.bilateral[0, 1] == pytest.approx(-0.2, abs=1e-12)
    assert terms.third[0, 1] == pytest.approx(-0.1, abs=1e-12)
    assert terms.eu[0, 1] == pytest.approx(-0.3, abs=1e-12)
    a[3, :3] = 0.0  # l brings nothing to any other state
    assert expected_utility_matrix(a, u).eu[0, 1] == pytest.approx(-1 / 30, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(min_value=3, max_value=8),
    seed=st.integers(min_value=0, max_value=10**6),
    scale=st.floats(min_value=1e-12, max_value=1e-3),
)
def test_third_party_without_capability_adds_nothing(n: int, seed: int, scale: float) -> None:
    """As k's capability tends to 0 its term tends to 0: |term| <= a_kj / (a_ij + a_jj)."""
    a, u = _random_inputs(n, seed)
    k = int(np.random.default_rng(seed).integers(0, n))
    without = np.ones(n, dtype=bool)
    without[k] = False
    ref = expected_utility_matrix(a, u, third_parties=without).eu
    small = a.copy()
    small[k, :] *= scale
    got = expected_utility_matrix(small, u).eu
    others = np.arange(n) != k
    cells = np.ix_(others, others)
    bound = 2 * small[k, None, :] / (a + np.diagonal(a)[None, :])
    off = ~np.eye(n - 1, dtype=bool)
    assert (np.abs(got - ref)[cells][off] <= bound[cells][off] + 1e-12).all()
    small[k, :] = 0.0
    exact = expected_utility_matrix(small, u).eu
    assert_allclose(exact[cells], ref[cells], rtol=1e-12, atol=1e-14)


@settings(max_examples=30, deadline=None)
@given(n=st.integers(min_value=2, max_value=7), seed=st.integers(min_value=0, max_value=10**6))
def test_no_third_parties_gives_the_bilateral_term(n: int, seed: int) -> None:
    a, u = _random_inputs(n, seed)
    terms = expected_utility_matrix(a, u, third_parties=np.zeros(n, dtype=bool))
    assert_allclose(terms.third[~np.eye(n, dtype=bool)], 0.0, atol=0)
    assert_allclose(terms.eu, terms.bilateral, rtol=0, atol=0)
    p = a / (a + np.diagonal(a)[None, :])
    assert_allclose(terms.bilateral, (2 * p - 1) * (1 - u) + np.where(np.eye(n) > 0, np.nan, 0))


@settings(max_examples=40, deadline=None)
@given(n=st.integers(min_value=2, max_value=7), seed=st.integers(min_value=0, max_value=10**6))
def test_swapping_symmetric_sides_flips_the_sign(n: int, seed: int) -> None:
    """If i and j share a border (a_ij = a_ii, a_ji = a_jj) and every third party is as
    strong at i as at j (a_ki = a_kj), the war is the same war seen from either side, so
    EU_i(j) = -EU_j(i): i's chance of winning is j's chance of losing, and each third
    party's weight is the same while U_ki - U_kj changes sign."""
    a, u = _random_inputs(n, seed)
    i, j = 0, 1
    a[i, j], a[j, i] = a[i, i], a[j, j]
    a[:, j] = np.where(np.arange(n) > 1, a[:, i], a[:, j])
    eu = expected_utility_matrix(a, u).eu
    assert eu[i, j] == pytest.approx(-eu[j, i], abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(n=st.integers(min_value=3, max_value=7), seed=st.integers(min_value=0, max_value=10**6))
def test_contiguous_dyads_unchanged_where_formulas_coincide(n: int, seed: int) -> None:
    """For land neighbours (a_ij = a_ii, a_ji = a_jj) the old formula already put both
    sides at one location; with third parties at least as strong at j as at i (so the old
    max(a_kj, a_ki) is a_kj) the old and new third-party terms are equal."""
    a, u = _random_inputs(n, seed)
    i, j = 0, 1
    a[i, j], a[j, i] = a[i, i], a[j, j]
    a[2:, j] = np.maximum(a[2:, j], a[2:, i])
    terms = expected_utility_matrix(a, u)
    old = sum(_legacy_third(a, u, i, j, k) for k in range(2, n))
    assert terms.third[i, j] == pytest.approx(old, rel=1e-10, abs=1e-13)


@settings(max_examples=20, deadline=None)
@given(n=st.integers(min_value=2, max_value=6), seed=st.integers(min_value=0, max_value=10**6))
def test_batch_of_capabilities_matches_one_at_a_time(n: int, seed: int) -> None:
    """The (D, N) entry point for sensitivity sweeps gives, per row, the single-set result."""
    from socius.deterrence.wartrap import expected_utility_from_cinc

    rng = np.random.default_rng(seed)
    cinc = rng.uniform(0.001, 0.3, (3, n))
    miles = rng.uniform(0, 8000, (n, n))
    miles = (miles + miles.T) / 2
    np.fill_diagonal(miles, 0)
    u = rng.uniform(-1, 1, (n, n))
    u = (u + u.T) / 2
    np.fill_diagonal(u, 1.0)
    batch = expected_utility_from_cinc(cinc, miles, u, year=1990)
    assert batch.eu.shape == (3, n, n)
    for d in range(3):
        one = expected_utility_from_cinc(cinc[d], miles, u, year=1990)
        a = adjusted_capability(cinc[d][:, None], miles, year=1990)
        assert_allclose(batch.eu[d], one.eu, rtol=0, atol=0, equal_nan=True)
        assert_allclose(one.eu, expected_utility_matrix(a, u).eu, rtol=0, atol=0, equal_nan=True)
    with pytest.raises(ValidationError, match="dimensions"):
        expected_utility_from_cinc(np.zeros((1, 1, n)), miles, u, year=1990)
    with pytest.raises(ValidationError, match="N x N"):
        expected_utility_from_cinc(cinc, miles[:1], u, year=1990)
