"""The yearly inputs of the cohesion measures, read once per call.

:func:`load_data` turns the bundled snapshots (or frames the user passes) into one
vote matrix and one alliance-portfolio matrix per year, plus per-year tables of ideal
points, democracy scores and capability scores, with the years each source covers.
Every cohesion function accepts the result as ``data=`` so that a caller computing
several things for the same years (the report, a series and a what-if) reads and
reshapes the data once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from socius.data import info, load
from socius.errors import CoverageError, UnknownNameError, ValidationError, suggest
from socius.similarity._inputs import (
    ATOP_FLAGS,
    YearPositions,
    as_frame,
    atop_years,
    vote_years,
)

__all__ = [
    "MIN_ROLLCALLS",
    "SOURCES",
    "CohesionData",
    "SourceSpec",
    "StateValues",
    "load_data",
]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

MIN_ROLLCALLS = 5
"""A calendar year with fewer recorded roll calls counts as not covered by the UN votes
(in the bundled snapshot only 2020, which holds one January roll call of the 74th session)."""


@dataclass(frozen=True)
class SourceSpec:
    """Where a cohesion input comes from: the snapshot, its column and the keyword of
    :func:`load_data` that replaces it."""

    key: str
    dataset: str
    column: str
    keyword: str
    label: str


SOURCES: Mapping[str, SourceSpec] = MappingProxyType(
    {
        "un": SourceSpec("un", "unvotes", "vote", "votes", "UN General Assembly votes"),
        "atop": SourceSpec("atop", "atop", "atop_defense", "atop", "ATOP alliance portfolios"),
        "idealpoint": SourceSpec(
            "idealpoint", "unga_idealpoints", "idealpoint", "idealpoints", "UN ideal points"
        ),
        "libdem": SourceSpec("libdem", "vdem", "v2x_libdem", "vdem", "V-Dem liberal democracy"),
        "polyarchy": SourceSpec(
            "polyarchy", "democracy", "v2x_polyarchy", "democracy", "V-Dem electoral democracy"
        ),
        "cinc": SourceSpec("cinc", "nmc", "cinc", "nmc", "COW NMC capabilities (CINC)"),
    }
)


@dataclass(frozen=True)
class StateValues:
    """One state-year variable in one year: sorted ccodes and their values."""

    ccodes: IntArray
    values: FloatArray

    def lookup(self, codes: IntArray) -> FloatArray:
        """Value of each code, NaN where the state has none."""
        if self.ccodes.size == 0:
            return np.full(codes.size, np.nan)
        pos = np.clip(np.searchsorted(self.ccodes, codes), 0, self.ccodes.size - 1)
        return np.where(self.ccodes[pos] == codes, self.values[pos], np.nan)


@dataclass(frozen=True)
class CohesionData:
    """Inputs of the cohesion measures for an inclusive span of years.

    Attributes
    ----------
    years
        The inclusive (start, end) loaded.
    covered
        For each source key (see :data:`SOURCES`), the years it covers; outside them
        every measure from that source is null.
    votes, atop
        Per year, the vote codes (0 no, 1 abstain, 2 yes, -1 absent; rows: system
        members, columns: roll calls) and the valued alliance portfolios (0-3; rows and
        columns: system members) of every state in the state system.
    values
        Per value source and year, the states' ideal points, V-Dem scores or CINC.
    system
        Per year, the sorted ccodes of the state system's members.
    names
        ``ccode, stateabb, statenme`` of every state in the system.
    datasets
        Snapshot names read (for citations).
    """

    years: tuple[int, int]
    covered: Mapping[str, frozenset[int]]
    votes: Mapping[int, YearPositions]
    atop: Mapping[int, YearPositions]
    values: Mapping[str, Mapping[int, StateValues]]
    system: Mapping[int, IntArray]
    names: pl.DataFrame
    datasets: tuple[str, ...] = field(default_factory=tuple)

    def require(self, year: int) -> None:
        """Raise if *year* lies outside the loaded span."""
        if not self.years[0] <= year <= self.years[1]:
            raise CoverageError(
                f"year {year} is outside the years loaded in data ({self.years[0]}-"
                f"{self.years[1]}); call load_data with years that include {year}"
            )

    def data_year(self, source: str, year: int, *, latest: bool) -> int | None:
        """The year *source* is read from for *year*: *year* itself when covered; with
        *latest*, otherwise the latest covered year before it; else None."""
        cover = self.covered.get(source, frozenset())
        if year in cover:
            return year
        if latest:
            earlier = [y for y in cover if y < year and y >= self.years[0]]
            if earlier:
                return max(earlier)
        return None

    def state_values(self, source: str, year: int | None) -> StateValues | None:
        """Each state's values from *source* in *year*; None without a year or data for it."""
        if year is None:
            return None
        return self.values.get(source, {}).get(year)


def _check_span(years: tuple[int, int], system_span: tuple[int, int]) -> tuple[int, int]:
    try:
        lo, hi = int(years[0]), int(years[1])
    except (TypeError, ValueError, IndexError):
        raise ValidationError(
            f"years {years!r} must be an inclusive (start, end) pair of years, e.g. (1949, 2023)"
        ) from None
    if hi < lo:
        raise ValidationError(f"years {lo}-{hi} run backwards; write ({hi}, {lo})")
    if lo < system_span[0] or hi > system_span[1]:
        raise CoverageError(
            f"years {lo}-{hi} fall outside the state system's coverage "
            f"{system_span[0]}-{system_span[1]}; choose years within it"
        )
    return lo, hi


def _coverage(frame: pl.DataFrame, dataset: str, bundled: bool) -> tuple[int, int] | None:
    if bundled:
        meta = info(dataset)
        if meta.start is not None and meta.end is not None:
            return int(meta.start), int(meta.end)
    if frame.height == 0:
        return None
    return int(frame["year"].min()), int(frame["year"].max())  # type: ignore[arg-type]


def _years_set(cover: tuple[int, int] | None, span: tuple[int, int]) -> frozenset[int]:
    if cover is None:
        return frozenset()
    return frozenset(range(max(cover[0], span[0]), min(cover[1], span[1]) + 1))


def _by_year(frame: pl.DataFrame, column: str, name: str) -> dict[int, StateValues]:
    keys = frame.select(
        pl.col("ccode").cast(pl.Int64),
        pl.col("year").cast(pl.Int64),
        pl.col(column).cast(pl.Float64).fill_nan(None).alias("value"),
    )
    dup = keys.select("ccode", "year").is_duplicated()
    if dup.any():
        row = keys.filter(dup).row(0, named=True)
        raise ValidationError(
            f"{name} repeats (ccode, year) pairs, e.g. state {row['ccode']} in {row['year']}; "
            "give one value per state-year"
        )
    keys = keys.drop_nulls("value").sort("year", "ccode")
    years = keys["year"].to_numpy()
    codes = keys["ccode"].to_numpy()
    values = keys["value"].to_numpy().astype(np.float64)
    if (~np.isfinite(values)).any():
        raise ValidationError(f"{name} column {column} has infinite values; drop those rows")
    cuts = np.flatnonzero(np.diff(years)) + 1
    return {
        int(ys[0]): StateValues(cs, vs)
        for ys, cs, vs in zip(
            np.split(years, cuts), np.split(codes, cuts), np.split(values, cuts), strict=True
        )
        if ys.size
    }


def _system_frame(states: Any, span: tuple[int, int]) -> pl.DataFrame:
    if states is None:
        from socius.panel import state_years

        return state_years(years=span).select("ccode", "year", "stateabb", "statenme")
    frame = as_frame(states, "states", ("ccode", "year"))
    frame = frame.with_columns(
        [pl.lit(None, dtype=pl.String).alias(c) for c in ("stateabb", "statenme") if c not in frame]
    )
    return frame.select(
        pl.col("ccode").cast(pl.Int64),
        pl.col("year").cast(pl.Int64),
        pl.col("stateabb").cast(pl.String),
        pl.col("statenme").cast(pl.String),
    ).filter(pl.col("year").is_between(*span))


def _system_span(states: Any) -> tuple[int, int]:
    if states is None:
        from socius.panel import system_coverage

        return system_coverage()
    frame = as_frame(states, "states", ("ccode", "year"))
    if frame.height == 0:
        raise ValidationError("states has no rows; give the state-years of the system")
    return int(frame["year"].min()), int(frame["year"].max())  # type: ignore[arg-type]


def _check_sources(sources: Sequence[str]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(sources))
    bad = [s for s in chosen if s not in SOURCES]
    if bad:
        raise UnknownNameError(
            f"unknown cohesion source '{bad[0]}'{suggest(bad[0], list(SOURCES))}; choose from: "
            f"{', '.join(SOURCES)}"
        )
    return chosen


def load_data(
    years: tuple[int, int],
    *,
    sources: Sequence[str] = tuple(SOURCES),
    votes: Any = None,
    atop: Any = None,
    idealpoints: Any = None,
    vdem: Any = None,
    democracy: Any = None,
    nmc: Any = None,
    states: Any = None,
) -> CohesionData:
    """Read and reshape the inputs of the cohesion measures for *years*.

    Parameters
    ----------
    years
        Inclusive ``(start, end)``, within the state system's coverage.
    sources
        Which inputs to load (keys of :data:`SOURCES`): "un", "atop", "idealpoint",
        "libdem", "polyarchy", "cinc". Measures of sources not loaded are null.
    votes, atop, idealpoints, vdem, democracy, nmc, states
        Frames (polars or pandas) replacing the bundled snapshots: UN votes (``rcid,
        year, ccode, vote``), ATOP dyad-years (``ccode1, ccode2, year`` and the five
        0/1 obligation flags), UN ideal points (``ccode, year, idealpoint``), V-Dem
        (``ccode, year, v2x_libdem``), the democracy panel (``ccode, year,
        v2x_polyarchy``), NMC (``ccode, year, cinc``) and the state system (``ccode,
        year``, optionally ``stateabb, statenme``). A source's coverage is the
        manifest's for a bundled snapshot and the frame's year range otherwise.

    Returns
    -------
    CohesionData

    Notes
    -----
    UN votes cover a year only when the snapshot holds at least
    :data:`MIN_ROLLCALLS` roll calls in it.

    Examples
    --------
    >>> data = load_data((2007, 2007), sources=("idealpoint",))
    >>> sorted(data.covered["idealpoint"]), sorted(data.covered["un"])
    ([2007], [])
    """
    chosen = _check_sources(sources)
    span = _check_span(years, _system_span(states))
    system_f = _system_frame(states, span)
    by_year = {
        int(y): np.sort(np.asarray(c, dtype=np.int64))
        for y, c in system_f.group_by("year").agg("ccode").iter_rows()
    }
    system = {y: by_year.get(y, np.zeros(0, dtype=np.int64)) for y in range(span[0], span[1] + 1)}
    names = (
        system_f.sort("year", descending=True)
        .unique("ccode", keep="first")
        .select("ccode", "stateabb", "statenme")
        .sort("ccode")
    )
    members_f = system_f.select("ccode", "year")
    given: dict[str, Any] = {
        "un": votes,
        "atop": atop,
        "idealpoint": idealpoints,
        "libdem": vdem,
        "polyarchy": democracy,
        "cinc": nmc,
    }
    covered: dict[str, frozenset[int]] = {key: frozenset() for key in SOURCES}
    vote_blocks: dict[int, YearPositions] = {}
    atop_blocks: dict[int, YearPositions] = {}
    values: dict[str, dict[int, StateValues]] = {}
    datasets: list[str] = ["cow_states"] if states is None else []
    for key in chosen:
        spec = SOURCES[key]
        bundled = given[key] is None
        if bundled:
            datasets.append(spec.dataset)
        if key == "un":
            frame = as_frame(
                load(spec.dataset) if bundled else given[key],
                spec.keyword,
                ("rcid", "year", "ccode", "vote"),
            )
            cover = _years_set(_coverage(frame, spec.dataset, bundled), span)
            counts = (
                frame.filter(pl.col("year").is_between(*span))
                .group_by("year")
                .agg(pl.col("rcid").n_unique().alias("k"))
            )
            enough = {int(y) for y, k in counts.iter_rows() if k >= MIN_ROLLCALLS}
            covered[key] = frozenset(cover & enough)
            vote_blocks = {b.year: b for b in vote_years(frame, members_f, span)}
        elif key == "atop":
            frame = as_frame(
                load(spec.dataset) if bundled else given[key],
                spec.keyword,
                ("ccode1", "ccode2", "year", *ATOP_FLAGS),
            )
            covered[key] = _years_set(_coverage(frame, spec.dataset, bundled), span)
            atop_blocks = {b.year: b for b in atop_years(frame, members_f, span)}
        else:
            frame = as_frame(
                load(spec.dataset, columns=["ccode", "year", spec.column])
                if bundled
                else given[key],
                spec.keyword,
                ("ccode", "year", spec.column),
                nullable=(spec.column,),
            )
            covered[key] = _years_set(_coverage(frame, spec.dataset, bundled), span)
            subset = frame.filter(pl.col("year").is_between(*span))
            values[key] = _by_year(subset, spec.column, spec.keyword)
    return CohesionData(
        years=span,
        covered=MappingProxyType(covered),
        votes=MappingProxyType(vote_blocks),
        atop=MappingProxyType(atop_blocks),
        values=MappingProxyType({k: MappingProxyType(v) for k, v in values.items()}),
        system=MappingProxyType(system),
        names=names,
        datasets=tuple(dict.fromkeys(datasets)),
    )
