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
    """Mean and 5th/95th percentiles of 20,000 N(2, 3^2) draws folded in four merged blocks:
    the mean lies within 4 standard errors of 2; the percentiles within 4 standard errors
    of the normal quantiles (sd of a sample quantile: sqrt(q(1-q)/n)/f(x_q)) plus one bin."""
    rng = np.random.default_rng(11)
    n, mu, sd = 20_000, 2.0, 3.0
    blocks = []
    hists = []
    for part in np.array_split(rng.normal(mu, sd, n), 4):
        m = Moments(1)
        h = Histogram(np.array([mu - 20]), np.array([mu + 20]), bins=4000)
        for x in part:
            m.add([x])
            h.add(np.array([x]))
        blocks.append(m)
        hists.append(h)
    m, h = blocks[0], hists[0]
    for b, hh in zip(blocks[1:], hists[1:], strict=True):
        m, h = m.merge(b), h.merge(hh)
    assert abs(m.mean[0] - mu) < 4 * sd / np.sqrt(n)
    assert abs(m.sd()[0] - sd) < 4 * sd / np.sqrt(2 * n)
    for q in (0.05, 0.95):
        xq = stats.norm.ppf(q, mu, sd)
        se = np.sqrt(q * (1 - q) / n) / stats.norm.pdf(xq, mu, sd)
        assert abs(h.quantile(q)[0] - xq) < 4 * se + 40 / 4000


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
    assert (whole.counts.sum(axis=1) == draws.shape[0]).all()
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
