"""Bounds on every count a user can set (draws, points, rounds, seeds, grid sizes).

One table, so that the library, the CLI and the docs state the same limits. A value
outside its bound raises :class:`socius.errors.ValidationError` naming the option, the
value, the allowed range and what to do instead. The README's "Limits" section lists
this table; a test keeps the two in step.

Examples
--------
>>> check_count("draws", 1000)
1000
>>> check_count("draws", 0)
Traceback (most recent call last):
...
socius.errors.ValidationError: draws 0 is out of range; use a whole number from 1 to 100,000 (Monte Carlo draws; more than 100,000 changes no reported digit)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from socius.errors import ValidationError

__all__ = ["LIMITS", "Limit", "check_count", "check_memory", "check_seed", "markdown_table"]


@dataclass(frozen=True)
class Limit:
    """Inclusive bounds of one count, with the reason for the upper bound."""

    name: str
    low: int
    high: int
    why: str


LIMITS: Final[dict[str, Limit]] = {
    lim.name: lim
    for lim in (
        Limit(
            "draws", 1, 100_000, "Monte Carlo draws; more than 100,000 changes no reported digit"
        ),
        Limit("points", 2, 1_001, "threshold values per indicator in a sensitivity scan"),
        Limit(
            "rounds", 1, 1_000, "bargaining rounds; a run that has not settled by 1,000 will not"
        ),
        Limit("k", 1, 50, "key players in one set"),
        Limit("restarts", 1, 1_000, "random starts of a key-player search"),
        Limit("window", 1, 100, "years in a moving window"),
        Limit("grid", 1, 100_000, "grid points in one sweep"),
        Limit("chunks", 1, 1_000_000, "chunks in one sweep"),
        Limit("workers", 1, 1_024, "Dask workers"),
        Limit("seed", 0, 2**63 - 1, "random seed (a non-negative 64-bit integer)"),
        Limit("top", 1, 100_000, "rows shown in a ranking; write every row with --out"),
        Limit("years_per_chunk", 1, 100, "years in one chunk of a sweep"),
        Limit("points_per_chunk", 1, 100_000, "grid points in one chunk of a sweep"),
    )
}


def check_count(name: str, value: int, *, option: str | None = None) -> int:
    """Return *value* if it lies within ``LIMITS[name]``, else raise ``ValidationError``.

    Parameters
    ----------
    name
        Key of :data:`LIMITS` (``"draws"``, ``"points"``, ...).
    value
        The count to check.
    option
        How the user spelled the setting (``"--draws"``); defaults to *name*.
    """
    lim = LIMITS[name]
    label = option or name
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(
            f"{label} {value!r} is not a whole number; use {lim.low:,} to {lim.high:,}"
        )
    if not lim.low <= value <= lim.high:
        raise ValidationError(
            f"{label} {value:,} is out of range; use a whole number from {lim.low:,} to "
            f"{lim.high:,} ({lim.why})"
        )
    return value


def check_seed(value: int | None, *, option: str = "seed") -> int | None:
    """Return *value* (or ``None``) if it is a valid seed, else raise ``ValidationError``.

    Parameters
    ----------
    value
        A random seed: a whole number from 0 to 2^63 - 1 (a non-negative 64-bit
        integer), or None (the caller then uses its own default).
    option
        How the user spelled the setting (``"--seed"``), used in the message.

    Returns
    -------
    int or None
        *value*, unchanged.

    Raises
    ------
    ValidationError
        A negative or too large seed, or one that is not an int (a float or a bool).

    Examples
    --------
    >>> check_seed(2007), check_seed(None)
    (2007, None)
    >>> check_seed(-1, option="--seed")
    Traceback (most recent call last):
    ...
    socius.errors.ValidationError: --seed -1 is out of range; use a whole number from 0 to 9,223,372,036,854,775,807 (random seed (a non-negative 64-bit integer))
    """
    if value is None:
        return None
    return check_count("seed", value, option=option)


def markdown_table() -> str:
    """The README's table of limits, generated from :data:`LIMITS` (a test compares them).

    Examples
    --------
    >>> markdown_table().splitlines()[0]
    '| setting | smallest | largest | what it counts |'
    """
    rows = ["| setting | smallest | largest | what it counts |", "|---|---:|---:|---|"]
    rows += [
        f"| `--{lim.name.replace('_', '-')}` | {lim.low:,} | {lim.high:,} | {lim.why} |"
        for lim in LIMITS.values()
    ]
    return "\n".join(rows) + "\n"


#: Share of the machine's physical memory one run may plan to use.
MEMORY_SHARE = 0.5


def physical_memory() -> int | None:
    """Bytes of physical memory of this machine, or ``None`` where it cannot be read."""
    import os

    try:
        return int(os.sysconf("SC_PAGE_SIZE")) * int(os.sysconf("SC_PHYS_PAGES"))
    except (ValueError, OSError, AttributeError):
        return None


def check_memory(needed: int, *, what: str, reduce: str, available: int | None = None) -> int:
    """Refuse, before it starts, work whose estimated memory exceeds half the machine's.

    Parameters
    ----------
    needed
        Estimated bytes (for example draws x states x indicators x 8).
    what
        The work, in the user's words ("classify with 100,000 draws for 190 states").
    reduce
        The option that reduces it ("--draws").
    available
        Physical memory in bytes (default: this machine's).

    Examples
    --------
    >>> check_memory(10 * 2**30, what="classify", reduce="--draws", available=8 * 2**30)
    Traceback (most recent call last):
    ...
    socius.errors.ValidationError: classify needs about 10.0 GiB of memory, more than half of this machine's 8.0 GiB; reduce --draws
    """
    total = physical_memory() if available is None else available
    if total is not None and needed > MEMORY_SHARE * total:
        raise ValidationError(
            f"{what} needs about {needed / 2**30:,.1f} GiB of memory, more than half of this "
            f"machine's {total / 2**30:,.1f} GiB; reduce {reduce}"
        )
    return needed
