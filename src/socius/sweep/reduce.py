"""Mergeable streaming reductions: counts, means and variances, fixed-bin histograms.

A sweep never holds all its draws. Each chunk folds its draws, one at a time, into small
accumulators, and accumulators of different chunks (or of different blocks of draws) merge
into the accumulator of their union. Memory depends on the number of cells (dyad-years,
state-years), never on the number of draws.

* :class:`Moments`: count, mean, sum of squared deviations, minimum and maximum per cell,
  updated draw by draw with Welford's recurrence and merged with Chan et al.'s formula.
* :class:`Histogram`: counts in fixed bins per cell, plus one underflow and one overflow bin;
  quantiles are read off the cumulative counts. Bins are set before the first draw (from
  each cell's deterministic value), so histograms of different chunks line up and merge by
  addition.

Counts of categorical outcomes (tiers) are plain integer arrays and merge by addition, so
their results do not depend on the order of the merge at all.

References
----------
Welford, B. P. 1962. "Note on a Method for Calculating Corrected Sums of Squares and
Products." *Technometrics* 4(3): 419-420. doi:10.1080/00401706.1962.10490022.

Chan, Tony F., Gene H. Golub and Randall J. LeVeque. 1983. "Algorithms for Computing the
Sample Variance: Analysis and Recommendations." *The American Statistician* 37(3): 242-247.
doi:10.1080/00031305.1983.10483115.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from socius.errors import ValidationError

__all__ = ["Histogram", "Moments"]

FloatArray = NDArray[np.float64]


class Moments:
    """Running count, mean, variance, minimum and maximum of every cell of an array.

    NaN draws are not counted, so a cell that is undefined in every draw keeps ``n == 0``
    and a NaN mean.

    Examples
    --------
    >>> m = Moments(2)
    >>> for x in ([1.0, 10.0], [2.0, 10.0], [3.0, 10.0]):
    ...     m.add(x)
    >>> m.mean.tolist(), m.variance().tolist()
    ([2.0, 10.0], [1.0, 0.0])
    """

    __slots__ = ("m2", "maximum", "mean", "minimum", "n")

    def __init__(self, size: int) -> None:
        self.n = np.zeros(size, dtype=np.int64)
        self.mean = np.full(size, np.nan)
        self.m2 = np.zeros(size)
        self.minimum = np.full(size, np.inf)
        self.maximum = np.full(size, -np.inf)

    def add(self, x: ArrayLike) -> None:
        """Fold one draw (one value per cell) in, by Welford's recurrence.

        A cell whose first draw is ``x`` gets mean ``x`` exactly, and a draw equal to the
        running mean leaves the mean unchanged, so constant draws give their value exactly.
        """
        v = np.asarray(x, dtype=np.float64)
        ok = ~np.isnan(v)
        n = self.n + ok
        old = np.where(self.n > 0, self.mean, 0.0)
        delta = np.where(ok, v - old, 0.0)
        safe_n = np.maximum(n, 1)
        new = np.where(self.n > 0, old + delta / safe_n, np.where(ok, v, np.nan))
        self.m2 = self.m2 + np.where(ok, delta * (np.where(ok, v, 0.0) - np.nan_to_num(new)), 0.0)
        self.mean = new
        self.n = n
        self.minimum = np.where(ok, np.fmin(self.minimum, v), self.minimum)
        self.maximum = np.where(ok, np.fmax(self.maximum, v), self.maximum)

    def merge(self, other: Moments) -> Moments:
        """The moments of the union of two sets of draws (Chan, Golub and LeVeque 1983)."""
        if other.n.shape != self.n.shape:
            raise ValidationError(
                f"cannot merge moments of {other.n.size} cells into {self.n.size}; "
                "merge accumulators of the same cells"
            )
        out = Moments(self.n.size)
        n = self.n + other.n
        a = np.where(self.n > 0, self.mean, 0.0)
        b = np.where(other.n > 0, other.mean, 0.0)
        delta = b - a
        safe_n = np.maximum(n, 1)
        mean = a + delta * (other.n / safe_n)
        out.mean = np.where(
            self.n == 0, other.mean, np.where(other.n == 0, self.mean, mean)
        ).astype(np.float64)
        out.m2 = self.m2 + other.m2 + delta**2 * (self.n * other.n / safe_n)
        out.n = n
        out.minimum = np.fmin(self.minimum, other.minimum)
        out.maximum = np.fmax(self.maximum, other.maximum)
        return out

    def variance(self, *, ddof: int = 1) -> FloatArray:
        """Variance per cell (``ddof=1``: the sample variance); NaN with too few draws."""
        with np.errstate(invalid="ignore", divide="ignore"):
            out: FloatArray = np.where(self.n > ddof, self.m2 / (self.n - ddof), np.nan)
        return out

    def sd(self, *, ddof: int = 1) -> FloatArray:
        """Standard deviation per cell."""
        out: FloatArray = np.sqrt(self.variance(ddof=ddof))
        return out


class Histogram:
    """Counts of draws in fixed bins, one column of bins per cell.

    Cell ``c`` has ``bins`` equal bins from ``low[c]`` to ``high[c]`` plus an underflow
    and an overflow bin; the bins are fixed when the histogram is made, so histograms of
    the same cells merge by adding their counts, in any order, exactly. ``counts`` has
    shape ``(bins + 2, cells)``: row 0 is the underflow, row ``bins + 1`` the overflow (bins
    first, so that cumulative counts run over contiguous rows).

    Examples
    --------
    >>> import numpy as np
    >>> h = Histogram(np.array([0.0]), np.array([1.0]), bins=10)
    >>> for x in np.linspace(0.05, 0.95, 10):
    ...     h.add(np.array([x]))
    >>> h.quantile(0.5).round(6).tolist()
    [0.5]
    """

    __slots__ = ("_scale", "bins", "counts", "high", "low")

    def __init__(self, low: ArrayLike, high: ArrayLike, *, bins: int = 400) -> None:
        lo = np.asarray(low, dtype=np.float64)
        hi = np.asarray(high, dtype=np.float64)
        if bins < 1:
            raise ValidationError(f"bins {bins} must be a positive number of histogram bins")
        if lo.shape != hi.shape or lo.ndim != 1:
            raise ValidationError("histogram low and high edges must be 1-d arrays of one shape")
        finite = np.isfinite(hi) & np.isfinite(lo)
        if np.any(hi[finite] <= lo[finite]):
            raise ValidationError("every histogram cell needs high > low")
        self.low = lo
        self.high = hi
        self.bins = int(bins)
        with np.errstate(invalid="ignore", divide="ignore"):
            self._scale = np.where(finite, self.bins / np.where(finite, hi - lo, 1.0), np.nan)
        self.counts = np.zeros((bins + 2, lo.size), dtype=np.uint32)

    def add(self, x: ArrayLike) -> None:
        """Count one draw (one value per cell); NaN draws and cells without edges are skipped."""
        v = np.asarray(x, dtype=np.float64)
        pos = (v - self.low) * self._scale
        cells = np.flatnonzero(~np.isnan(pos))
        k = np.floor(np.clip(pos[cells], -1.0, float(self.bins))).astype(np.int64)
        flat = self.counts.reshape(-1)
        flat[(k + 1) * self.low.size + cells] += np.uint32(1)

    def merge(self, other: Histogram) -> Histogram:
        """The histogram of the union of two sets of draws (same cells and bins)."""
        same = (
            other.bins == self.bins
            and np.array_equal(other.low, self.low, equal_nan=True)
            and np.array_equal(other.high, self.high, equal_nan=True)
        )
        if not same:
            raise ValidationError("cannot merge histograms with different bins; use the same edges")
        out = Histogram(self.low, self.high, bins=self.bins)
        out.counts = self.counts + other.counts
        return out

    def quantile(self, q: float) -> FloatArray:
        """The *q* quantile per cell, interpolated linearly within its bin.

        NaN where a cell has no draws or the quantile falls in the underflow or overflow
        bin (the histogram cannot place it; widen the bins).
        """
        return self.quantiles((q,))[0]

    def quantiles(self, qs: tuple[float, ...]) -> list[FloatArray]:
        """:meth:`quantile` for several *qs*, sharing one pass over the cumulative counts."""
        for q in qs:
            if not 0.0 <= q <= 1.0:
                raise ValidationError(f"quantile {q} must lie in [0, 1]")
        cum = np.cumsum(self.counts, axis=0, dtype=np.uint32)
        total = cum[-1].astype(np.float64)
        cells = np.arange(total.size)
        width = (self.high - self.low) / self.bins
        out = []
        for q in qs:
            rank = q * total
            # first bin whose cumulative count reaches the rank (integer counts: compare with
            # the rank rounded up, which keeps the comparison in uint32)
            need = np.ceil(rank).astype(np.uint32)
            k = np.minimum((cum < need).sum(axis=0), self.bins + 1)
            before = np.where(k > 0, cum[np.maximum(k - 1, 0), cells], 0).astype(np.float64)
            inside = self.counts[k, cells].astype(np.float64)
            with np.errstate(invalid="ignore", divide="ignore"):
                frac = np.where(inside > 0, (rank - before) / inside, 0.0)
            value = self.low + ((k - 1) + frac) * width
            bad = (total == 0) | (k == 0) | (k == self.bins + 1)
            out.append(np.where(bad, np.nan, value))
        return out
