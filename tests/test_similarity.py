"""Single-dyad similarity measures: published reference values, validation, properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from scipy.stats import kendalltau

from socius.errors import ValidationError
from socius.similarity import cohens_kappa, s_score, scotts_pi, tau_b

# Signorino and Ritter (1999), Table 6: alliance portfolios of Germany and Russia in
# 1914 toward 20 European states, 0-3 scale (3 = defence pact), with capability
# shares. Order: GMY RUS UKG FRN AUH ITA BEL SPN TUR NTH SWD RUM POR SWZ GRC DEN YUG BUL
# NOR ALB.
GMY_1914 = [3, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0]
RUS_1914 = [0, 3, 1, 3, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
SHARES_1914 = [0.25, 0.21, 0.20, 0.08, 0.08, 0.05, 0.03, 0.03, 0.02] + [0.01] * 5 + [0.0] * 6

METRICS = ("nominal", "absolute", "squared")
CHANCE = (cohens_kappa, scotts_pi)


# ---- published reference values ---------------------------------------------------------


def test_s_table6_unweighted_absolute() -> None:
    # Signorino and Ritter 1999, Table 6: S (absolute, unweighted) = .40
    assert s_score(GMY_1914, RUS_1914, d_max=3) == pytest.approx(0.4, abs=1e-12)


def test_s_table6_unweighted_squared() -> None:
    # Signorino and Ritter 1999, Table 6: S (squared distance, unweighted) = .444
    got = s_score(GMY_1914, RUS_1914, d_max=3, metric="squared")
    assert_allclose(got, 0.4444444, rtol=1e-6)


def test_s_table6_weighted_absolute() -> None:
    # Signorino and Ritter 1999, Table 6: S (absolute, capability-weighted) = -.46
    got = s_score(GMY_1914, RUS_1914, d_max=3, weights=SHARES_1914)
    assert got == pytest.approx(-0.46, abs=1e-12)


def test_tau_b_table6() -> None:
    # Signorino and Ritter 1999, Table 6: tau-b = .0303
    assert_allclose(tau_b(GMY_1914, RUS_1914), 0.03031695, rtol=1e-6)


def test_kappa_quadratic_table6() -> None:
    # Germany-Russia 1914 (Signorino and Ritter 1999, Table 6 data): Cohen's kappa with
    # quadratic disagreement weights (Häge 2011) = -0.07758621
    got = cohens_kappa(GMY_1914, RUS_1914, metric="squared", categories=(0, 1, 2, 3))
    assert_allclose(got, -0.07758621, rtol=1e-6)


def test_pi_nominal_table6() -> None:
    # Germany-Russia 1914 (Table 6 data): Scott's pi, nominal (Häge 2011) = -0.04477612
    assert_allclose(scotts_pi(GMY_1914, RUS_1914), -0.04477612, rtol=1e-6)


def test_s_weighted_textbook_example() -> None:
    # Signorino and Ritter 1999: weighted example, range 3, S = .3333
    got = s_score([3, 3, 2, 2], [2, 2, 3, 3], weights=[0.5, 0.3, 0.1, 0.1], d_max=3)
    assert_allclose(got, 1 / 3, rtol=1e-9)


def test_s_un_vote_example() -> None:
    # Signorino and Ritter 1999: UN votes coded 1-3, range 2, S = .75
    assert s_score([3, 3, 1, 2], [3, 3, 1, 3], d_max=2) == pytest.approx(0.75, abs=1e-12)


def test_s_binary_example() -> None:
    # Signorino and Ritter 1999: binary alliance vectors with S = 0
    x = [1, 0, 0, 1, 0, 0, 1, 0, 0, 0]
    y = [0, 1, 1, 0, 0, 0, 1, 1, 0, 0]
    assert s_score(x, y) == pytest.approx(0.0, abs=1e-12)
    assert s_score(x, y, d_max=1) == pytest.approx(0.0, abs=1e-12)


# ---- scale, d_max and undefined cases ------------------------------------------------


def test_d_max_defaults() -> None:
    x, y = [0, 1, 1], [1, 1, 0]
    # observed range 1 by default, the declared scale's range with categories
    assert s_score(x, y) == pytest.approx(1 - 2 * 2 / 3, abs=1e-12)
    assert s_score(x, y, categories=(0, 1, 2, 3)) == pytest.approx(1 - 2 * 2 / 9, abs=1e-12)
    assert s_score([2, 2], [2, 2]) == 1.0


def test_nominal_s_counts_disagreements() -> None:
    assert s_score([3, 1, 2, 2], [3, 2, 2, 0], metric="nominal") == pytest.approx(0.0, abs=1e-12)


def test_undefined_cases_are_nan() -> None:
    # both states take the same single position: no expected disagreement
    assert math.isnan(cohens_kappa([0, 0, 0], [0, 0, 0]))
    assert math.isnan(scotts_pi([0, 0, 0], [0, 0, 0], metric="squared"))
    assert math.isnan(tau_b([1, 2, 3], [2, 2, 2]))
    assert math.isnan(tau_b([1], [2]))
    # constant but different: kappa expects exactly what it observes, pi does not
    assert cohens_kappa([0, 0], [1, 1]) == pytest.approx(0.0, abs=1e-12)
    assert scotts_pi([0, 0], [1, 1]) == pytest.approx(-1.0, abs=1e-12)


def test_unobserved_categories_do_not_change_kappa() -> None:
    a = cohens_kappa(GMY_1914, RUS_1914, metric="absolute")
    b = cohens_kappa(GMY_1914, RUS_1914, metric="absolute", categories=(0, 1, 2, 3, 4))
    assert a == pytest.approx(b, abs=1e-12)


# ---- validation -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"x": [1, 2], "y": [1, 2, 3]}, "x has 2 positions but y has 3"),
        ({"x": [], "y": []}, "empty"),
        ({"x": [1, np.nan], "y": [1, 2]}, r"x has missing or infinite values at positions 1"),
        ({"x": [1, 2], "y": [1, 2], "weights": [1, -1]}, "weights has negative values"),
        ({"x": [1, 2], "y": [1, 2], "weights": [0, 0]}, "weights sum to 0"),
        ({"x": [1, 2], "y": [1, 2], "weights": [1]}, "weights has 1 values but the positions"),
        ({"x": [1, 4], "y": [1, 2], "categories": (1, 2, 3)}, "x has values 4 outside"),
        ({"x": [[1, 2]], "y": [1, 2]}, "one-dimensional"),
        ({"x": ["a", "b"], "y": [1, 2]}, "must hold numbers"),
    ],
)
@pytest.mark.parametrize("func", [s_score, cohens_kappa, scotts_pi])
def test_incompatible_vectors_raise(func: object, kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        func(**kwargs)  # type: ignore[operator]


def test_validation_collects_every_problem() -> None:
    with pytest.raises(ValidationError) as info:
        s_score([1, np.nan], [np.inf, 2])
    assert "x has missing" in str(info.value)
    assert "y has missing" in str(info.value)


def test_bad_metric_and_d_max() -> None:
    with pytest.raises(ValidationError, match="did you mean: squared"):
        s_score([1, 2], [1, 2], metric="squard")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="d_max 1 is smaller than the largest observed"):
        s_score([0, 3], [3, 3], d_max=1)
    with pytest.raises(ValidationError, match="d_max 0 must be a positive number"):
        s_score([0, 3], [3, 3], d_max=0)
    with pytest.raises(ValidationError, match="outside the declared scale"):
        tau_b([0, 5], [1, 2], categories=(0, 1, 2))


# ---- properties -------------------------------------------------------------------------

values = st.integers(min_value=0, max_value=3)


@st.composite
def dyads(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = draw(st.integers(min_value=1, max_value=12))
    x = np.array(draw(st.lists(values, min_size=n, max_size=n)), dtype=float)
    y = np.array(draw(st.lists(values, min_size=n, max_size=n)), dtype=float)
    w = np.array(draw(st.lists(st.floats(0, 1), min_size=n, max_size=n)))
    if w.sum() <= 0:
        w[0] = 1.0
    return x, y, w


def _all(x: np.ndarray, y: np.ndarray, w: np.ndarray | None) -> list[float]:
    out = [tau_b(x, y)]
    for metric in METRICS:
        if metric != "nominal":
            out.append(s_score(x, y, weights=w, d_max=3, metric=metric))  # type: ignore[arg-type]
        out += [f(x, y, weights=w, metric=metric) for f in CHANCE]  # type: ignore[arg-type]
    return out


@settings(max_examples=80, deadline=None)
@given(dyads(), st.booleans())
def test_bounds(d: tuple[np.ndarray, np.ndarray, np.ndarray], weighted: bool) -> None:
    x, y, w = d
    for v in _all(x, y, w if weighted else None):
        assert math.isnan(v) or -1 - 1e-9 <= v <= 1 + 1e-9


@settings(max_examples=60, deadline=None)
@given(dyads())
def test_symmetry(d: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    x, y, w = d
    assert_allclose(_all(x, y, w), _all(y, x, w), rtol=1e-9, atol=1e-12, equal_nan=True)


@settings(max_examples=60, deadline=None)
@given(dyads())
def test_identity(d: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    x, _, w = d
    # kappa and pi are undefined when every partner with positive weight gets one position
    constant = np.unique(x[w > 0]).size == 1
    assert s_score(x, x, weights=w, d_max=3) == 1.0
    for metric in METRICS:
        for f in CHANCE:
            v = f(x, x, weights=w, metric=metric)  # type: ignore[operator]
            assert math.isnan(v) if constant else v == pytest.approx(1.0, abs=1e-12)
    if np.unique(x).size == 1:
        assert math.isnan(tau_b(x, x))
    else:
        assert tau_b(x, x) == pytest.approx(1.0, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(dyads(), st.randoms(use_true_random=False))
def test_partner_order_does_not_matter(d: tuple[np.ndarray, ...], rnd: object) -> None:
    x, y, w = d
    order = np.arange(x.size)
    rnd.shuffle(order)  # type: ignore[attr-defined]
    assert_allclose(
        _all(x, y, w), _all(x[order], y[order], w[order]), rtol=1e-9, atol=1e-12, equal_nan=True
    )


@settings(max_examples=40, deadline=None)
@given(dyads(), st.floats(0.01, 100))
def test_only_relative_weights_matter(d: tuple[np.ndarray, ...], scale: float) -> None:
    x, y, w = d
    assert_allclose(_all(x, y, w), _all(x, y, w * scale), rtol=1e-9, atol=1e-12, equal_nan=True)


@settings(max_examples=60, deadline=None)
@given(dyads(), st.integers(0, 11))
def test_s_rises_when_a_disagreement_is_removed(d: tuple[np.ndarray, ...], k: int) -> None:
    x, y, w = d
    k %= x.size
    closer = y.copy()
    closer[k] = x[k]
    for metric in ("absolute", "squared"):
        before = s_score(x, y, weights=w, d_max=3, metric=metric)  # type: ignore[arg-type]
        after = s_score(x, closer, weights=w, d_max=3, metric=metric)  # type: ignore[arg-type]
        assert after >= before - 1e-12


@settings(max_examples=80, deadline=None)
@given(dyads())
def test_tau_b_matches_scipy(d: tuple[np.ndarray, ...]) -> None:
    x, y, _ = d
    mine = tau_b(x, y)
    if np.unique(x).size == 1 or np.unique(y).size == 1:
        assert math.isnan(mine)
    else:
        assert mine == pytest.approx(kendalltau(x, y).statistic, abs=1e-12)
