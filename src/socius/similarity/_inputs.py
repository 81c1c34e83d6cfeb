"""Reading, checking and reshaping the inputs of the similarity panels.

ATOP dyad-years become one N x N valued alliance matrix per year, UN votes one
N x K matrix of vote codes per year (rows: system members sorted by ccode).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from socius._frames import as_polars
from socius.errors import CoverageError, ValidationError
from socius.provenance import Source, add_provenance, get_provenance
from socius.similarity._checks import FloatArray, concat, raise_all

__all__ = [
    "ATOP_FLAGS",
    "REGIONS",
    "VOTE_CODES",
    "IntArray",
    "YearPositions",
    "as_frame",
    "atop_values",
    "atop_years",
    "bundled",
    "bundled_major_powers",
    "bundled_members",
    "check_years",
    "coverage",
    "cow_region",
    "load_alliance_inputs",
    "lookup",
    "members_by_year",
    "region_index",
    "state_year_keys",
    "vote_years",
    "weights_by_year",
]

IntArray = npt.NDArray[np.int64]

REGIONS: tuple[tuple[int, int, str], ...] = (
    (2, 165, "americas"),
    (200, 399, "europe"),
    (400, 626, "africa"),
    (630, 698, "middle_east"),
    (700, 999, "asia_oceania"),
)

VOTE_CODES = MappingProxyType({"no": 0, "abstain": 1, "yes": 2})  # categories 1, 2, 3

ATOP_FLAGS = ("atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul")


def cow_region(ccode: int) -> str:
    """COW region of a state code: americas, europe, africa, middle_east, asia_oceania.

    Ranges: 2-165 Americas, 200-399 Europe, 400-626 Africa, 630-698 Middle East,
    700-999 Asia and Oceania.

    Parameters
    ----------
    ccode
        A COW state code. Only its range is read, so a code inside a range that names no
        state still gets that range's region.

    Returns
    -------
    str
        "americas", "europe", "africa", "middle_east" or "asia_oceania": the regions
        behind ``partners="regional"`` in the similarity panels.

    Raises
    ------
    ValidationError
        A code outside every range (below 2, 166-199, 627-629, 699, above 999).

    Examples
    --------
    >>> cow_region(2), cow_region(365), cow_region(740)
    ('americas', 'europe', 'asia_oceania')
    >>> cow_region(651), cow_region(475)
    ('middle_east', 'africa')
    """
    return REGIONS[int(region_index(np.array([ccode]))[0])][2]


def region_index(codes: npt.ArrayLike) -> IntArray:
    """Index into REGIONS of each code; codes outside every region raise."""
    arr = np.asarray(codes, dtype=np.int64)
    out = np.full(arr.shape, -1, dtype=np.int64)
    for r, (lo, hi, _) in enumerate(REGIONS):
        out[(arr >= lo) & (arr <= hi)] = r
    if (out < 0).any():
        bad = ", ".join(str(int(c)) for c in np.unique(arr[out < 0])[:5])
        raise ValidationError(
            f"ccode {bad} lies in no COW region (2-165, 200-399, 400-626, 630-698, 700-999); "
            "check the state codes or use partners='global'"
        )
    return out


def as_frame(
    frame: Any, name: str, required: Sequence[str], *, nullable: Sequence[str] = ()
) -> pl.DataFrame:
    """Polars copy of a polars or pandas *frame* with the *required* columns, checked."""
    table = as_polars(frame, what=name)
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise ValidationError(
            f"{name} lacks the column(s) {', '.join(missing)}; it needs {', '.join(required)}"
        )
    nulls = [c for c in required if c not in nullable and table[c].null_count()]
    if nulls:
        raise ValidationError(
            f"{name} has missing values in {', '.join(nulls)}; drop or fill those rows first"
        )
    return table


def state_year_keys(frame: pl.DataFrame) -> pl.DataFrame:
    """Unique (ccode, year) pairs as Int64."""
    return frame.select(pl.col("ccode").cast(pl.Int64), pl.col("year").cast(pl.Int64)).unique()


def bundled(name: str) -> pl.DataFrame:
    """A bundled snapshot (imported here so the module loads without the data package)."""
    from socius.data import load

    return load(name)


def bundled_members() -> pl.DataFrame:
    """COW state-years, open spells running to the system end (socius.panel)."""
    from socius.panel import state_years

    return state_years()


def bundled_major_powers() -> pl.DataFrame:
    """COW major-power state-years; spells open in the coded version run to the system end."""
    from socius.data import info, load

    meta = info("major_powers")
    coded_until = int(meta.coverage.get("coded_until", meta.end or 0))
    system_end = int(meta.end or coded_until)
    spells = load("major_powers")
    last = (
        pl.when(pl.col("end") >= dt.date(coded_until, 12, 31))
        .then(pl.lit(system_end))
        .otherwise(pl.col("end").dt.year())
    )
    years = spells.select(
        "ccode", pl.int_ranges(pl.col("start").dt.year(), last + 1, dtype=pl.Int64).alias("year")
    ).explode("year")
    out = years.unique().sort("ccode", "year")
    return add_provenance(out, [Source("major_powers", meta.version, ("ccode", "year"))])


def check_years(
    years: tuple[int, int] | None, cover: tuple[int, int], what: str
) -> tuple[int, int]:
    """Validate an inclusive (start, end) against the coverage *cover*."""
    if years is None:
        return cover
    start, end = int(years[0]), int(years[1])
    if end < start:
        raise ValidationError(f"years {start}-{end} run backwards; write ({end}, {start})")
    if start < cover[0] or end > cover[1]:
        raise CoverageError(
            f"years {start}-{end} fall outside the {what} coverage {cover[0]}-{cover[1]}; "
            f"choose years within {cover[0]}-{cover[1]}"
        )
    return start, end


def coverage(frame: pl.DataFrame, bundled: str | None, members: pl.DataFrame) -> tuple[int, int]:
    """Years a source covers: the manifest's for bundled data, else the frame's range.

    A source frame without rows (no alliances at all) covers the members' years.
    """
    if bundled is not None:
        from socius.data import info

        meta = info(bundled)
        if meta.start is not None and meta.end is not None:
            return int(meta.start), int(meta.end)
    years = frame["year"] if frame.height else members["year"]
    if years.len() == 0:
        raise ValidationError("the source and members frames have no rows; give some data")
    return int(years.min()), int(years.max())  # type: ignore[arg-type]


@dataclass(frozen=True)
class YearPositions:
    """Positions of the N member states in one year, rows sorted by ccode."""

    year: int
    ccodes: IntArray
    codes: npt.NDArray[np.int16]


def members_by_year(members: pl.DataFrame, span: tuple[int, int]) -> dict[int, IntArray]:
    """Sorted member ccodes of each year within *span*."""
    keys = state_year_keys(members).filter(pl.col("year").is_between(*span)).sort("year", "ccode")
    years, codes = keys["year"].to_numpy(), keys["ccode"].to_numpy()
    cuts = np.flatnonzero(np.diff(years)) + 1
    return {
        int(ys[0]): cs
        for ys, cs in zip(np.split(years, cuts), np.split(codes, cuts), strict=True)
        if ys.size
    }


def atop_values(atop: pl.DataFrame) -> pl.DataFrame:
    """ATOP rows with a positive valued tie (3 defence/offence, 2 neutrality/consultation,
    1 non-aggression); flags must be 0/1."""
    problems = []
    for col in ATOP_FLAGS:
        if not atop[col].is_in([0, 1]).all():
            problems.append(f"atop column {col} must hold 0 or 1 only")
    raise_all(problems)
    value = (
        pl.when((pl.col("atop_defense") == 1) | (pl.col("atop_offense") == 1))
        .then(3)
        .when((pl.col("atop_neutral") == 1) | (pl.col("atop_consul") == 1))
        .then(2)
        .when(pl.col("atop_nonagg") == 1)
        .then(1)
        .otherwise(0)
    )
    return atop.select(
        pl.col("ccode1").cast(pl.Int64),
        pl.col("ccode2").cast(pl.Int64),
        pl.col("year").cast(pl.Int64),
        value.cast(pl.Int8).alias("value"),
    ).filter(pl.col("value") > 0)


def atop_years(
    atop: pl.DataFrame, members: pl.DataFrame, span: tuple[int, int]
) -> list[YearPositions]:
    """One symmetric N x N valued alliance matrix per year (self-ties 3)."""
    ties = atop_values(atop).filter(pl.col("year").is_between(*span))
    by_year = members_by_year(members, span)
    if not by_year:
        return []
    universe = np.unique(
        np.concatenate([*by_year.values(), ties["ccode1"].to_numpy(), ties["ccode2"].to_numpy()])
    )
    first = min(by_year)
    grid = np.zeros((max(by_year) - first + 1, universe.size, universe.size), dtype=np.int8)
    ties = ties.filter(pl.col("year").is_between(first, max(by_year)))
    yi = ties["year"].to_numpy() - first
    g1 = np.searchsorted(universe, ties["ccode1"].to_numpy())
    g2 = np.searchsorted(universe, ties["ccode2"].to_numpy())
    val = ties["value"].to_numpy()
    # an obligation in either direction counts for both states (highest one wins)
    np.maximum.at(grid, (yi, g1, g2), val)
    np.maximum.at(grid, (yi, g2, g1), val)
    out = []
    for year, codes in sorted(by_year.items()):
        idx = np.searchsorted(universe, codes)
        block = grid[year - first][np.ix_(idx, idx)].astype(np.int16)
        np.fill_diagonal(block, 3)
        out.append(YearPositions(year, codes, block))
    return out


def vote_years(
    votes: pl.DataFrame, members: pl.DataFrame, span: tuple[int, int]
) -> list[YearPositions]:
    """One N x K matrix of vote codes (0 no, 1 abstain, 2 yes, -1 absent) per year."""
    text = votes["vote"].cast(pl.String)
    unknown = [v for v in text.unique().to_list() if v not in VOTE_CODES]
    if unknown:
        raise ValidationError(
            f"votes has vote values {', '.join(map(repr, sorted(unknown)[:5]))}; allowed are "
            "'yes', 'abstain' and 'no' (drop absences and non-membership rows)"
        )
    frame = votes.select(
        pl.col("rcid").cast(pl.Int64),
        pl.col("year").cast(pl.Int64),
        pl.col("ccode").cast(pl.Int64),
        text.replace_strict(dict(VOTE_CODES), return_dtype=pl.Int16).alias("code"),
    ).filter(pl.col("year").is_between(*span))
    dup = frame.select("rcid", "ccode").is_duplicated()
    if dup.any():
        first = frame.filter(dup).row(0, named=True)
        raise ValidationError(
            f"votes has {int(dup.sum())} rows that repeat a (rcid, ccode) pair, e.g. roll call "
            f"{first['rcid']} and state {first['ccode']}; keep one vote per state and roll call"
        )
    by_year = members_by_year(members, span)
    index = pl.DataFrame(
        {
            "year": concat([np.full(c.size, y) for y, c in by_year.items()]),
            "ccode": concat(list(by_year.values())),
            "row": concat([np.arange(c.size) for c in by_year.values()]),
        },
        schema={"year": pl.Int64, "ccode": pl.Int64, "row": pl.Int64},
    )
    cast = frame.join(index, on=["year", "ccode"], how="inner").with_columns(
        (pl.col("rcid").rank("dense").over("year") - 1).cast(pl.Int64).alias("col")
    )
    cast = cast.sort("year")
    yrs = cast["year"].to_numpy()
    rows, cols, codes = cast["row"].to_numpy(), cast["col"].to_numpy(), cast["code"].to_numpy()
    out = []
    for year, members_y in sorted(by_year.items()):
        lo, hi = np.searchsorted(yrs, [year, year + 1])
        width = int(cols[lo:hi].max()) + 1 if hi > lo else 1
        block = np.full((members_y.size, width), -1, dtype=np.int16)
        block[rows[lo:hi], cols[lo:hi]] = codes[lo:hi]
        out.append(YearPositions(year, members_y, block))
    return out


def load_alliance_inputs(
    atop: Any, members: Any
) -> tuple[pl.DataFrame, pl.DataFrame, list[dict[str, Any]]]:
    """ATOP and member frames (bundled when None), checked, with their provenance."""
    atop_f = as_frame(
        bundled("atop") if atop is None else atop,
        "atop",
        ("ccode1", "ccode2", "year", *ATOP_FLAGS),
    )
    members_f = as_frame(
        bundled_members() if members is None else members, "members", ("ccode", "year")
    )
    return atop_f, members_f, [*get_provenance(atop_f), *get_provenance(members_f)]


def weights_by_year(frame: pl.DataFrame) -> dict[int, tuple[IntArray, FloatArray]]:
    """Sorted ccodes and CINC scores of each year; null scores are dropped."""
    keys = frame.select(
        pl.col("ccode").cast(pl.Int64),
        pl.col("year").cast(pl.Int64),
        pl.col("cinc").cast(pl.Float64),
    )
    if keys.select("ccode", "year").is_duplicated().any():
        raise ValidationError(
            "weights_frame repeats (ccode, year) pairs; give one cinc per state-year"
        )
    keys = keys.filter(pl.col("cinc").is_not_null()).sort("year", "ccode")
    values = keys["cinc"].to_numpy()
    if (~np.isfinite(values)).any() or (values < 0).any():
        raise ValidationError("weights_frame cinc must be finite and >= 0; fill or drop bad rows")
    years = keys["year"].to_numpy()
    cuts = np.flatnonzero(np.diff(years)) + 1
    out = {}
    for ys, cs, vs in zip(
        np.split(years, cuts),
        np.split(keys["ccode"].to_numpy(), cuts),
        np.split(values, cuts),
        strict=True,
    ):
        if ys.size:
            out[int(ys[0])] = (cs, vs)
    return out


def lookup(table: tuple[IntArray, FloatArray], codes: IntArray) -> FloatArray:
    """Weight of each code in *table*, 0 where the code has no score."""
    known, vals = table
    pos = np.clip(np.searchsorted(known, codes), 0, max(known.size - 1, 0))
    hit = known[pos] == codes if known.size else np.zeros(codes.size, dtype=bool)
    return np.where(hit, vals[pos] if known.size else 0.0, 0.0)
