"""Mergeable reductions, grids and per-chunk seeds of socius.sweep."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from numpy.testing import assert_allclose
from scipy import stats

from socius.errors import UnknownNameError, ValidationError
from socius.sweep import Grid, Histogram, Moments, chunk_seed, parse_grid

finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


def _fold(draws: np.ndarray) -> Moments:
    m = Moments(draws.shape[1])
    for row in draws:
        m.add(row)
    return m


@given(
    arrays(np.float64, st.tuples(st.integers(2, 40), st.integers(1, 4)), elements=finite), st.data()
)
def test_welford_and_chan_merge_agree_with_numpy(draws: np.ndarray, data: st.DataObject) -> None:
    """Sequential (Welford) and split-then-merged (Chan et al. 1983) moments equal numpy's
    two-pass mean and variance to 1e-9 relative (the reduction order differs)."""
    cut = data.draw(st.integers(0, draws.shape[0]))
    whole = _fold(draws)
    merged = _fold(draws[:cut]).merge(_fold(draws[cut:]))
    scale = 1.0 + np.abs(draws).max()
    for m in (whole, merged):
        assert_allclose(m.mean, draws.mean(axis=0), rtol=1e-9, atol=1e-12 * scale)
        assert_allclose(m.variance(), draws.var(axis=0, ddof=1), rtol=1e-8, atol=1e-9 * scale**2)
        assert (m.minimum == draws.min(axis=0)).all()
        assert (m.maximum == draws.max(axis=0)).all()
        assert (m.n == draws.shape[0]).all()


@given(finite, st.integers(1, 200))
def test_constant_draws_give_their_value_exactly(value: float, n: int) -> None:
    m = Moments(1)
    for _ in range(n):
        m.add([value])
    assert m.mean[0] == value
    assert m.m2[0] == 0.0
    both = _fold(np.full((n, 1), value)).merge(_fold(np.full((3, 1), value)))
    assert both.mean[0] == value


def test_nan_draws_are_not_counted() -> None:
    m = Moments(2)
    for row in ([1.0, np.nan], [3.0, np.nan]):
        m.add(row)
    assert m.n.tolist() == [2, 0]
    assert m.mean[0] == 2.0
    assert np.isnan(m.mean[1])
    assert np.isnan(m.variance()[1])


def test_known_distribution_mean_within_sampling_error() -> None:
    """50 cells, each 400 N(2, 3^2) draws folded draw by draw in four blocks that are then
    merged: every cell's mean lies within 4.5 standard errors (3 / sqrt(400)) of 2, its sd
    within 4.5 standard errors (3 / sqrt(800)) of 3, and its 5th and 95th percentiles within
    4.5 standard errors of the normal quantiles (sd of a sample quantile:
    sqrt(q(1-q)/n) / f(x_q)) plus one bin. With 50 cells the chance that a correct
    implementation fails is below 1e-3."""
    rng = np.random.default_rng(11)
    cells, n, mu, sd = 50, 400, 2.0, 3.0
    draws = rng.normal(mu, sd, (n, cells))
    lo, hi = np.full(cells, mu - 20), np.full(cells, mu + 20)
    merged_m, merged_h = None, None
    for block in np.array_split(draws, 4):
        m = Moments(cells)
        h = Histogram(lo, hi, bins=4000)
        for row in block:
            m.add(row)
            h.add(row)
        merged_m = m if merged_m is None else merged_m.merge(m)
        merged_h = h if merged_h is None else merged_h.merge(h)
    assert merged_m is not None and merged_h is not None
    assert (np.abs(merged_m.mean - mu) < 4.5 * sd / np.sqrt(n)).all()
    assert (np.abs(merged_m.sd() - sd) < 4.5 * sd / np.sqrt(2 * n)).all()
    for q in (0.05, 0.95):
        xq = stats.norm.ppf(q, mu, sd)
        se = np.sqrt(q * (1 - q) / n) / stats.norm.pdf(xq, mu, sd)
        assert (np.abs(merged_h.quantile(q) - xq) < 4.5 * se + 40 / 4000).all()


@given(
    arrays(np.float64, st.tuples(st.integers(1, 30), st.just(3)), elements=st.floats(-3, 3)),
    st.data(),
)
def test_histogram_merge_is_exact_and_order_free(draws: np.ndarray, data: st.DataObject) -> None:
    cut = data.draw(st.integers(0, draws.shape[0]))
    lo, hi = np.full(3, -2.0), np.full(3, 2.0)

    def hist(rows: np.ndarray) -> Histogram:
        h = Histogram(lo, hi, bins=16)
        for r in rows:
            h.add(r)
        return h

    a, b = hist(draws[:cut]), hist(draws[cut:])
    whole = hist(draws)
    assert (a.merge(b).counts == whole.counts).all()
    assert (b.merge(a).counts == whole.counts).all()
    assert (whole.counts.sum(axis=0) == draws.shape[0]).all()
    q = [whole.quantile(p) for p in (0.1, 0.5, 0.9)]
    ok = ~np.isnan(q[0]) & ~np.isnan(q[2])
    assert (q[0][ok] <= q[1][ok] + 1e-12).all()
    assert (q[1][ok] <= q[2][ok] + 1e-12).all()


def test_histogram_rejects_mismatched_merge_and_bad_input() -> None:
    a = Histogram(np.zeros(2), np.ones(2), bins=4)
    with pytest.raises(ValidationError, match="different bins"):
        a.merge(Histogram(np.zeros(2), np.ones(2), bins=5))
    with pytest.raises(ValidationError, match="high > low"):
        Histogram(np.ones(1), np.zeros(1))
    with pytest.raises(ValidationError, match="quantile"):
        a.quantile(1.5)


def test_chunk_seed_is_the_chunk_indexs_child() -> None:
    children = np.random.SeedSequence(42).spawn(5)
    for i, child in enumerate(children):
        assert (chunk_seed(42, i).generate_state(4) == child.generate_state(4)).all()
    assert not (chunk_seed(42, 0).generate_state(4) == chunk_seed(42, 1).generate_state(4)).all()


@given(st.lists(st.integers(1, 5), min_size=1, max_size=4))
def test_grid_points_are_the_row_major_product(shape: list[int]) -> None:
    grid = Grid(
        tuple(f"k{i}" for i in range(len(shape))),
        tuple(tuple(float(10 * i + v) for v in range(n)) for i, n in enumerate(shape)),
    )
    pts = grid.points()
    assert pts.shape == (int(np.prod(shape)), len(shape))
    assert len({tuple(p) for p in pts}) == pts.shape[0]
    assert (grid.points(1, 3) == pts[1:3]).all()
    assert (pts[:, -1][: shape[-1]] == np.array(grid.values[-1])).all()


def test_grid_file_ranges_and_errors() -> None:
    grid = parse_grid("[grid]\na = [1, 2]\nb = { from = 0.0, to = 1.0, num = 3 }\n")
    assert grid.keys == ("a", "b")
    assert grid.values[1] == (0.0, 0.5, 1.0)
    assert grid.size == 6
    with pytest.raises(ValidationError, match="grid is empty"):
        parse_grid("[grid]\n")
    with pytest.raises(ValidationError, match="grid is empty"):
        parse_grid("")
    with pytest.raises(ValidationError, match="not a range"):
        parse_grid("[grid]\na = { from = 0, num = 2 }\n")
    with pytest.raises(ValidationError, match="no values"):
        parse_grid("[grid]\na = []\n")
    with pytest.raises(ValidationError, match="not a finite number"):
        parse_grid('[grid]\na = ["x"]\n')
    with pytest.raises(ValidationError, match="100,000"):
        parse_grid(
            "[grid]\na = { from = 0, to = 1, num = 1000 }\nb = { from = 0, to = 1, num = 1000 }\n"
        )
    with pytest.raises(UnknownNameError, match="did you mean: alpha"):
        Grid(("alpah",), ((1.0,),)).check_keys(["alpha", "beta"], what="inputs")
