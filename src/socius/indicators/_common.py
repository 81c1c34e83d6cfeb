"""Shared helpers for the indicator modules: states, periods, sources and regions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import polars as pl

from socius._frames import as_polars
from socius.codes import to_ccode
from socius.data import info, list_datasets, load
from socius.errors import CoverageError, DataError, ValidationError
from socius.provenance import Source, add_provenance

__all__ = [
    "COW_REGIONS",
    "States",
    "Years",
    "check_period",
    "coverage",
    "finish",
    "has_dataset",
    "resolve_state",
    "resolve_states",
    "source_label",
    "with_abb",
]

States = str | int | Sequence[str | int] | None
Years = tuple[int, int] | None

# Regions by COW code range (the numbering convention of the COW state list), used
# when SIPRI's own regions are not available. Names follow SIPRI's top-level regions.
COW_REGIONS: tuple[tuple[str, int, int], ...] = (
    ("Americas", 2, 165),
    ("Europe", 200, 399),
    ("Africa", 400, 626),
    ("Middle East", 630, 698),
    ("Asia & Oceania", 700, 999),
)

SIPRI_MILEX = "sipri_milex"
SIPRI_ARMS = "sipri_arms"


def has_dataset(name: str) -> bool:
    """True when dataset *name* is bundled or imported."""
    return name in list_datasets()


def source_label(name: str) -> str:
    """``"<dataset> <version>"``, the text of a frame's ``source`` column."""
    return f"{name} {info(name).version}"


def coverage(name: str) -> tuple[int, int]:
    """First and last year of dataset *name* (from its manifest)."""
    meta = info(name)
    if meta.start is None or meta.end is None:
        raise DataError(f"dataset '{name}' has no year coverage in its manifest")
    return meta.start, meta.end


def check_period(years: Years, cover: tuple[int, int], what: str) -> tuple[int, int]:
    """Validate an inclusive ``(start, end)`` period against a coverage; default: the coverage.

    Raises
    ------
    ValidationError
        When the period runs backwards.
    CoverageError
        When a year lies outside *cover*.
    """
    if years is None:
        return cover
    start, end = int(years[0]), int(years[1])
    if end < start:
        raise ValidationError(f"years {start}-{end} run backwards; write {end}-{start}")
    lo, hi = cover
    if start < lo or end > hi:
        raise CoverageError(
            f"years {start}-{end} fall outside the coverage of {what} ({lo}-{hi}); choose years within {lo}-{hi}"
        )
    return start, end


def resolve_state(value: str | int, *, year: int | None = None) -> int:
    """COW code of one state given as COW code, ISO3 or COW abbreviation, or name."""
    return to_ccode(value, year=year)


def resolve_states(states: States, *, year: int | None = None) -> list[int] | None:
    """COW codes of *states* (None means all states)."""
    if states is None:
        return None
    if isinstance(states, str | int):
        states = [states]
    codes = list(dict.fromkeys(to_ccode(s, year=year) for s in states))
    if not codes:
        raise ValidationError(
            "the list of states is empty; give at least one state or None for all"
        )
    return codes


def _abbs() -> pl.DataFrame:
    states = load("cow_states", columns=["ccode", "stateabb", "start"])
    return states.sort("start").unique("ccode", keep="last").select("ccode", "stateabb")


def with_abb(frame: pl.DataFrame, *, code: str = "ccode", out: str = "stateabb") -> pl.DataFrame:
    """Insert the COW abbreviation of *code* right after it."""
    abbs = _abbs().rename({"ccode": code, "stateabb": out})
    joined = frame.join(abbs, on=code, how="left", maintain_order="left")
    cols = list(frame.columns)
    at = cols.index(code) + 1
    return joined.select([*cols[:at], out, *cols[at:]])


def cow_region(code: pl.Expr) -> pl.Expr:
    """Region of a COW code by code range (see :data:`COW_REGIONS`)."""
    expr: pl.Expr = pl.lit(None, dtype=pl.String)
    for name, lo, hi in reversed(COW_REGIONS):
        expr = pl.when(code.is_between(lo, hi)).then(pl.lit(name)).otherwise(expr)
    return expr


def finish(frame: pl.DataFrame, datasets: Iterable[str]) -> pl.DataFrame:
    """Record the datasets (with versions) behind *frame* in its provenance."""
    sources = [Source(name, info(name).version, tuple(frame.columns)) for name in datasets]
    return add_provenance(frame, sources)


def to_polars(frame: Any) -> pl.DataFrame:
    """Accept a polars or pandas frame; return polars."""
    return as_polars(frame)
