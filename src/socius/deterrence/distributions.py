"""Uncertain inputs of a deterrence scenario: fixed values, beta and uniform distributions.

>>> import numpy as np
>>> Beta(6, 4).mean, Uniform(0.0, 0.3).sample(np.random.default_rng(0), 2).shape
(0.6, (2,))
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["NO_COST", "Beta", "Distribution", "Fixed", "Uniform", "distribution_problems"]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Fixed:
    """A known value."""

    value: float

    @property
    def mean(self) -> float:
        """The expected value."""
        return self.value

    def sample(self, rng: np.random.Generator, n: int) -> FloatArray:
        """*n* independent draws from *rng* (every draw equal for a fixed value)."""
        return np.full(n, self.value, dtype=np.float64)

    def describe(self) -> str:
        """The distribution as written in a scenario file, e.g. ``beta(6, 4)``."""
        return f"{self.value:g}"


@dataclass(frozen=True)
class Beta:
    """Beta(a, b) distribution on [0, 1]."""

    a: float
    b: float

    @property
    def mean(self) -> float:
        """The expected value."""
        return self.a / (self.a + self.b)

    def sample(self, rng: np.random.Generator, n: int) -> FloatArray:
        """*n* independent draws from *rng* (every draw equal for a fixed value)."""
        out: FloatArray = rng.beta(self.a, self.b, size=n)
        return out

    def describe(self) -> str:
        """The distribution as written in a scenario file, e.g. ``beta(6, 4)``."""
        return f"beta({self.a:g}, {self.b:g})"


@dataclass(frozen=True)
class Uniform:
    """Uniform distribution on [low, high]."""

    low: float
    high: float

    @property
    def mean(self) -> float:
        """The expected value."""
        return (self.low + self.high) / 2.0

    def sample(self, rng: np.random.Generator, n: int) -> FloatArray:
        """*n* independent draws from *rng* (every draw equal for a fixed value)."""
        out: FloatArray = rng.uniform(self.low, self.high, size=n)
        return out

    def describe(self) -> str:
        """The distribution as written in a scenario file, e.g. ``beta(6, 4)``."""
        return f"uniform({self.low:g}, {self.high:g})"


Distribution = Fixed | Beta | Uniform

#: A party that adds nothing to the challenger's cost of war.
NO_COST = Fixed(0.0)


def distribution_problems(
    value: Distribution, what: str, unit: bool, nonneg: bool = False
) -> list[str]:
    """Problems of one input: outside [0, 1] when *unit*, negative when *nonneg*.

    Stakes and costs are *nonneg*: the model defines the value of winning and the costs
    of war as amounts of at least 0 (a negative cost would be a gain from fighting, which
    belongs in the stakes); only the status quo may be negative.
    """
    problems = []
    lo, hi = (0.0, 1.0) if unit else (-math.inf, math.inf)
    if isinstance(value, Fixed):
        if not math.isfinite(value.value) or not lo <= value.value <= hi:
            allowed = "[0, 1]; give a probability between 0 and 1" if unit else "a finite number"
            problems.append(f"{what} {value.value:g} is outside {allowed}")
    elif isinstance(value, Beta):
        if not (value.a > 0 and value.b > 0 and math.isfinite(value.a + value.b)):
            problems.append(f"{what} beta(a={value.a:g}, b={value.b:g}) needs a > 0 and b > 0")
        if not unit:
            problems.append(f"{what} may not be a beta distribution; use uniform or a number")
    elif isinstance(value, Uniform):
        if not (math.isfinite(value.low) and math.isfinite(value.high)) or value.low > value.high:
            problems.append(
                f"{what} uniform(low={value.low:g}, high={value.high:g}) needs finite low <= high"
            )
        elif value.low < lo or value.high > hi:
            problems.append(
                f"{what} uniform({value.low:g}, {value.high:g}) reaches outside [0, 1]; "
                "keep low and high between 0 and 1"
            )
    if nonneg and not unit and not problems:
        low = value.value if isinstance(value, Fixed) else getattr(value, "low", 0.0)
        if low < 0:
            problems.append(
                f"{what} {value.describe()} is negative; the model defines it as 0 or more "
                "(a gain from fighting belongs in the stakes), so give a value of at least 0"
            )
    return problems
