"""Grids of inputs: a TOML file naming each input and its values; the sweep visits every combination.

The file has one ``[grid]`` table; each key is an input (a policy threshold
``criterion.indicator`` for a policy sweep, a scenario parameter such as
``nato.probability`` for a scenario sweep) and each value a list of numbers or a range
``{ from = A, to = B, num = N }`` (``N`` evenly spaced values, both ends included)::

    [grid]
    "values.v2x_libdem" = [0.4, 0.5, 0.6]
    "significance.cinc" = { from = 0.005, to = 0.02, num = 4 }

Grid points are numbered in row-major order (the last key varies fastest).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from socius.errors import UnknownNameError, ValidationError, suggest
from socius.limits import LIMITS, check_count

__all__ = ["Grid", "example_grid_path", "example_grid_text", "parse_grid", "read_grid"]


@dataclass(frozen=True)
class Grid:
    """Named inputs and the values each takes; the grid is their Cartesian product."""

    keys: tuple[str, ...]
    values: tuple[tuple[float, ...], ...]

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(v) for v in self.values)

    @property
    def size(self) -> int:
        """Number of grid points."""
        return int(np.prod(self.shape, dtype=np.int64)) if self.keys else 0

    def points(self, start: int = 0, stop: int | None = None) -> NDArray[np.float64]:
        """Values of points ``start..stop-1`` as a ``(points, keys)`` array.

        Examples
        --------
        >>> g = Grid(("a", "b"), ((1.0, 2.0), (10.0, 20.0, 30.0)))
        >>> g.points(2, 5).tolist()
        [[1.0, 30.0], [2.0, 10.0], [2.0, 20.0]]
        """
        end = self.size if stop is None else min(stop, self.size)
        idx = np.unravel_index(np.arange(start, end), self.shape)
        return np.column_stack(
            [np.asarray(v, dtype=np.float64)[i] for v, i in zip(self.values, idx, strict=True)]
        ).reshape(end - start, len(self.keys))

    def check_keys(self, allowed: list[str], *, what: str) -> None:
        """Raise one ``UnknownNameError`` naming every key that is not one of *allowed*."""
        bad = [k for k in self.keys if k not in allowed]
        if bad:
            hints = "; ".join(f"'{k}'{suggest(k, allowed)}" for k in bad)
            raise UnknownNameError(
                f"grid key(s) not {what}: {hints}; the keys are: {', '.join(allowed)}"
            )

    def to_dict(self) -> dict[str, list[float]]:
        """Each key's values as a list, in key order."""
        return {k: list(v) for k, v in zip(self.keys, self.values, strict=True)}


def _values(key: str, raw: Any, where: str) -> tuple[float, ...]:
    if isinstance(raw, dict):
        extra = sorted(set(raw) - {"from", "to", "num"})
        if extra or not {"from", "to", "num"} <= set(raw):
            raise ValidationError(
                f"{where}: '{key}' = {raw!r} is not a range; write {{ from = A, to = B, num = N }}"
            )
        num = raw["num"]
        if isinstance(num, bool) or not isinstance(num, int) or num < 1:
            raise ValidationError(f"{where}: '{key}' num = {num!r} must be a whole number >= 1")
        check_count("grid", num, option=f"'{key}' num")
        lo, hi = _number(key, raw["from"], where), _number(key, raw["to"], where)
        return tuple(float(x) for x in np.linspace(lo, hi, num))
    if isinstance(raw, list):
        if not raw:
            raise ValidationError(f"{where}: '{key}' has no values; give at least one number")
        vals = tuple(_number(key, x, where) for x in raw)
        if len(set(vals)) != len(vals):
            raise ValidationError(f"{where}: '{key}' repeats a value; list each value once")
        return vals
    return (_number(key, raw, where),)


def _number(key: str, raw: Any, where: str) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not np.isfinite(raw):
        raise ValidationError(f"{where}: '{key}' value {raw!r} is not a finite number")
    return float(raw)


def parse_grid(text: str, *, where: str = "grid") -> Grid:
    """A :class:`Grid` from TOML text (see the module docstring for the format).

    Parameters
    ----------
    text
        TOML with a single ``[grid]`` table; each key an input, each value a number, a list
        of distinct numbers or a range ``{ from = A, to = B, num = N }``.
    where
        What the text is (a file name), put at the head of every error message.

    Returns
    -------
    Grid
        The keys in file order and their values as floats; the grid is their Cartesian
        product, numbered row-major (the last key varies fastest). Whether the keys are
        inputs of a policy or scenario is checked by the sweep, not here.

    Raises
    ------
    ValidationError
        When the text is not valid TOML, has a table other than ``[grid]`` or an empty
        grid, a value is not a finite number, a list is empty or repeats a value, a range is
        malformed or its ``num`` is not a whole number >= 1, or the grid has more points
        than socius allows (:data:`socius.limits.LIMITS`, ``grid``).

    Examples
    --------
    Three thresholds of liberal democracy times four of capability share:

    >>> grid = parse_grid(
    ...     '[grid]\\n"values.v2x_libdem" = [0.4, 0.5, 0.6]\\n'
    ...     '"significance.cinc" = { from = 0.005, to = 0.02, num = 4 }\\n'
    ... )
    >>> grid.keys, grid.shape, grid.size
    (('values.v2x_libdem', 'significance.cinc'), (3, 4), 12)
    >>> [round(v, 3) for v in grid.values[1]]
    [0.005, 0.01, 0.015, 0.02]
    """
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(f"{where}: not valid TOML ({exc}); fix the syntax") from exc
    table = raw.get("grid")
    other = sorted(set(raw) - {"grid"})
    if other:
        raise ValidationError(
            f"{where}: unexpected table(s) {', '.join(other)}; put every input under [grid]"
        )
    if not isinstance(table, dict) or not table:
        raise ValidationError(
            f'{where}: the grid is empty; list inputs under [grid], e.g. "values.v2x_libdem" = [0.4, 0.5]'
        )
    keys = tuple(str(k) for k in table)
    values = tuple(_values(k, table[k], where) for k in keys)
    grid = Grid(keys, values)
    size = int(np.prod([len(v) for v in values], dtype=np.float64))
    if size > LIMITS["grid"].high:
        check_count("grid", size, option=f"{where}: grid points")
    return grid


def read_grid(path: str | Path) -> Grid:
    """Read a grid TOML file.

    Parameters
    ----------
    path
        The file (UTF-8 TOML with a ``[grid]`` table; see :func:`parse_grid`).
        ``socius sweep example-grid > grid.toml`` writes one to start from.

    Returns
    -------
    Grid
        As :func:`parse_grid` returns it.

    Raises
    ------
    ValidationError
        When the file does not exist, or as :func:`parse_grid` (messages start with the
        file's name).

    Examples
    --------
    The example policy grid shipped with socius:

    >>> grid = read_grid(example_grid_path())
    >>> grid.size == len(grid.points())
    True
    """
    file = Path(path)
    if not file.is_file():
        raise ValidationError(
            f"grid file '{file}' does not exist; start from `socius sweep example-grid > grid.toml`"
        )
    return parse_grid(file.read_text(encoding="utf-8"), where=file.name)


def example_grid_path() -> Path:
    """The example policy grid shipped with socius."""
    return Path(str(resources.files("socius.sweep").joinpath("example_grid.toml")))


def example_grid_text() -> str:
    """The example policy grid's TOML text (what ``socius sweep example-grid`` prints)."""
    return example_grid_path().read_text(encoding="utf-8")
