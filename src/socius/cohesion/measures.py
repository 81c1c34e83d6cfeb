"""Alliance cohesion: how alike the members are, year by year.

For an alliance in a year the members' pairwise similarity of UN votes and of
alliance portfolios (mean, spread and minimum of Signorino and Ritter's S over member
pairs, mean kappa and pi), the dispersion of their UN ideal points and democracy
scores, and the concentration of capabilities among them. See docs/cohesion.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import numpy.typing as npt
import polars as pl

from socius.alliances import alliance_names, members
from socius.cohesion._data import SOURCES, CohesionData, load_data
from socius.cohesion._stats import concentration_stats, pair_stats, value_stats
from socius.data import info, load
from socius.errors import CoverageError, UnknownNameError, ValidationError, suggest
from socius.panel import system_coverage
from socius.provenance import Source, add_provenance
from socius.similarity import pairwise_similarity
from socius.similarity._inputs import YearPositions

__all__ = [
    "MEASURES",
    "canonical_alliance",
    "cohesion",
    "cohesion_series",
    "compare",
    "data_years",
    "group_measures",
    "member_codes",
    "member_years",
    "union_inputs",
]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
Progress = Callable[[Iterable[int], int], Iterable[int]]

MEASURES: Mapping[str, tuple[str, str | None]] = MappingProxyType(
    {
        "n_members": ("members on 31 December", None),
        "s_un_mean": ("mean S of member pairs, UN votes [-1, 1]", "un"),
        "s_un_sd": ("sd of S over member pairs, UN votes", "un"),
        "s_un_min": ("lowest S of a member pair, UN votes [-1, 1]", "un"),
        "kappa_un_mean": ("mean Cohen's kappa of member pairs, UN votes [-1, 1]", "un"),
        "pi_un_mean": ("mean Scott's pi of member pairs, UN votes [-1, 1]", "un"),
        "n_un": ("members with UN votes", "un"),
        "s_atop_mean": ("mean S of member pairs, alliance portfolios [-1, 1]", "atop"),
        "s_atop_sd": ("sd of S over member pairs, alliance portfolios", "atop"),
        "s_atop_min": ("lowest S of a member pair, alliance portfolios [-1, 1]", "atop"),
        "kappa_atop_mean": ("mean Cohen's kappa, alliance portfolios [-1, 1]", "atop"),
        "pi_atop_mean": ("mean Scott's pi, alliance portfolios [-1, 1]", "atop"),
        "n_atop": ("members in the ATOP state system", "atop"),
        "idealpoint_median": ("median UN ideal point of the members", "idealpoint"),
        "idealpoint_sd": ("sd of the members' UN ideal points", "idealpoint"),
        "idealpoint_mad": ("mean absolute deviation of ideal points from the median", "idealpoint"),
        "n_idealpoint": ("members with an ideal point", "idealpoint"),
        "libdem_mean": ("mean liberal democracy, V-Dem v2x_libdem [0, 1]", "libdem"),
        "libdem_sd": ("sd of liberal democracy, V-Dem v2x_libdem", "libdem"),
        "n_libdem": ("members with a liberal democracy score", "libdem"),
        "polyarchy_mean": ("mean electoral democracy, V-Dem v2x_polyarchy [0, 1]", "polyarchy"),
        "polyarchy_sd": ("sd of electoral democracy, V-Dem v2x_polyarchy", "polyarchy"),
        "n_polyarchy": ("members with an electoral democracy score", "polyarchy"),
        "cinc_hhi": ("Herfindahl index of members' CINC shares [1/n, 1]", "cinc"),
        "cinc_con": ("Ray and Singer's CON of members' CINC shares [0, 1]", "cinc"),
        "cinc_top_share": ("largest member's share of the members' CINC [0, 1]", "cinc"),
        "cinc_top": ("COW code of the largest member by CINC", "cinc"),
        "n_cinc": ("members with a CINC score", "cinc"),
    }
)
"""Cohesion columns: name -> (label [scale], source key or None)."""

_COUNTS = ("n_members", "n_un", "n_atop", "n_idealpoint", "n_libdem", "n_polyarchy", "n_cinc")
_VOTE_SCALE = ((1.0, 2.0, 3.0), 2.0)  # no, abstain, yes; d_max
_ATOP_SCALE = ((0.0, 1.0, 2.0, 3.0), 3.0)


# ---------------------------------------------------------------------------------------------
# Group measures from the bundled data


def canonical_alliance(alliance: str) -> str:
    """The alliance's name as the membership data spells it; raises UnknownNameError."""
    names = alliance_names()
    if not isinstance(alliance, str):
        raise ValidationError(f"alliance must be a name such as 'NATO', got {alliance!r}")
    for name in names:
        if name.lower() == alliance.strip().lower():
            return name
    raise UnknownNameError(
        f"unknown alliance '{alliance}'{suggest(alliance, names)}; choose one of: {', '.join(names)}"
    )


def member_codes(alliance: str, year: int) -> IntArray:
    """Sorted COW codes of the members on 31 December; CoverageError when there are none."""
    codes = np.asarray(members(alliance, int(year)), dtype=np.int64)
    if codes.size == 0:
        raise CoverageError(f"{alliance} has no members in {year}; choose another year")
    return np.sort(codes)


@dataclass(frozen=True)
class UnionInputs:
    """Pair measures and state values for a set of states in one year."""

    codes: IntArray
    sim: Mapping[str, FloatArray]  # "s_un", "kappa_un", ..., U x U
    present: Mapping[str, BoolArray]  # "un": has votes, "atop": in the system
    values: Mapping[str, FloatArray]  # idealpoint, libdem, polyarchy, cinc
    covered: Mapping[str, bool]  # source key -> read from a covered year


def _block_similarity(
    block: YearPositions | None,
    codes: IntArray,
    scale: tuple[tuple[float, ...], float],
    offset: float,
) -> tuple[dict[str, FloatArray], BoolArray]:
    u = codes.size
    out = {m: np.full((u, u), np.nan) for m in ("s", "kappa", "pi")}
    present = np.zeros(u, dtype=bool)
    if block is None or block.ccodes.size == 0:
        return out, present
    pos = np.clip(np.searchsorted(block.ccodes, codes), 0, block.ccodes.size - 1)
    hit = block.ccodes[pos] == codes
    rows = block.codes[pos[hit]]
    valid = rows >= 0
    has = valid.any(axis=1)
    idx = np.flatnonzero(hit)[has]
    if idx.size == 0:
        return out, present
    positions = np.where(valid[has], rows[has] + offset, np.nan)
    res = pairwise_similarity(
        positions, measures=("s", "kappa", "pi"), categories=scale[0], d_max=scale[1]
    )
    for m in out:
        out[m][np.ix_(idx, idx)] = res[m]
    present[idx] = True
    return out, present


def union_inputs(
    data: CohesionData, codes: IntArray, data_years: Mapping[str, int | None]
) -> UnionInputs:
    """Pair measures and values of *codes*, each source read in its data year."""
    sim: dict[str, FloatArray] = {}
    present: dict[str, BoolArray] = {}
    y_un, y_atop = data_years.get("un"), data_years.get("atop")
    un, present["un"] = _block_similarity(
        data.votes.get(y_un) if y_un is not None else None, codes, _VOTE_SCALE, 1.0
    )
    atop, present["atop"] = _block_similarity(
        data.atop.get(y_atop) if y_atop is not None else None, codes, _ATOP_SCALE, 0.0
    )
    sim.update({f"{m}_un": v for m, v in un.items()})
    sim.update({f"{m}_atop": v for m, v in atop.items()})
    values: dict[str, FloatArray] = {}
    for key in ("idealpoint", "libdem", "polyarchy", "cinc"):
        table = data.state_values(key, data_years.get(key))
        values[key] = np.full(codes.size, np.nan) if table is None else table.lookup(codes)
    covered = {key: data_years.get(key) is not None for key in SOURCES}
    return UnionInputs(codes, sim, present, values, covered)


def group_measures(inputs: UnionInputs, groups: BoolArray) -> dict[str, FloatArray]:
    """Every cohesion measure (see :data:`MEASURES`) for each row of *groups* (G x U)."""
    out: dict[str, FloatArray] = {"n_members": groups.sum(axis=1).astype(np.float64)}
    for src in ("un", "atop"):
        s = pair_stats(inputs.sim[f"s_{src}"], groups)
        out[f"s_{src}_mean"], out[f"s_{src}_sd"], out[f"s_{src}_min"] = (
            s["mean"],
            s["sd"],
            s["min"],
        )
        out[f"kappa_{src}_mean"] = pair_stats(inputs.sim[f"kappa_{src}"], groups)["mean"]
        out[f"pi_{src}_mean"] = pair_stats(inputs.sim[f"pi_{src}"], groups)["mean"]
        out[f"n_{src}"] = (groups & inputs.present[src][None, :]).sum(axis=1).astype(np.float64)
    ip = value_stats(inputs.values["idealpoint"], groups)
    out["idealpoint_median"], out["idealpoint_sd"], out["idealpoint_mad"] = (
        ip["median"],
        ip["sd"],
        ip["mad"],
    )
    out["n_idealpoint"] = ip["n"]
    for key in ("libdem", "polyarchy"):
        st = value_stats(inputs.values[key], groups)
        out[f"{key}_mean"], out[f"{key}_sd"], out[f"n_{key}"] = st["mean"], st["sd"], st["n"]
    cc = concentration_stats(inputs.values["cinc"], groups)
    out["cinc_hhi"], out["cinc_con"], out["cinc_top_share"] = cc["hhi"], cc["con"], cc["top_share"]
    top = cc["top"].astype(np.int64)
    out["cinc_top"] = np.where(top >= 0, inputs.codes[np.clip(top, 0, None)], np.nan)
    out["n_cinc"] = cc["n"]
    for key in SOURCES:  # outside a source's coverage its counts are missing, not 0
        if not inputs.covered[key]:
            out[f"n_{key}"] = np.full(groups.shape[0], np.nan)
    return out


def data_years(data: CohesionData, year: int, *, latest: bool) -> dict[str, int | None]:
    """The year each source is read from for *year* (None: not covered)."""
    return {key: data.data_year(key, year, latest=latest) for key in SOURCES}


def _frame(rows: dict[str, list[float]], alliance: list[str], years: list[int]) -> pl.DataFrame:
    cols: dict[str, pl.Series] = {
        "alliance": pl.Series("alliance", alliance, dtype=pl.String),
        "year": pl.Series("year", years, dtype=pl.Int32),
    }
    for name in MEASURES:
        vals = np.asarray(rows[name], dtype=np.float64)
        if name in _COUNTS or name == "cinc_top":
            series = pl.Series(name, vals, dtype=pl.Float64, nan_to_null=True).cast(pl.Int32)
        else:
            series = pl.Series(name, vals, dtype=pl.Float64, nan_to_null=True)
        cols[name] = series
    return pl.DataFrame(cols)


def _with_provenance(frame: pl.DataFrame, data: CohesionData) -> pl.DataFrame:
    sources = [
        Source(name, str(info(name).version), ())
        for name in (*data.datasets, "alliance_membership")
    ]
    return add_provenance(frame, sources)


def cohesion(alliance: str, year: int, *, data: CohesionData | None = None) -> pl.DataFrame:
    """Cohesion of *alliance* in *year*: one row with every measure in :data:`MEASURES`.

    Parameters
    ----------
    alliance
        "NATO", "SCO" or "CSTO" (members read on 31 December, see
        :func:`socius.alliances.members`).
    year
        The year; a year without members raises :class:`CoverageError`.
    data
        Inputs from :func:`load_data` covering *year*; default: read the bundled
        snapshots for that year.

    Returns
    -------
    polars.DataFrame
        ``alliance, year`` and the columns of :data:`MEASURES`. A measure is null when
        its source does not cover the year or too few members have data.

    Notes
    -----
    Pairwise measures use :func:`socius.similarity.pairwise_similarity`: UN votes yes 3,
    abstain 2, no 1 (d_max 2) over the roll calls both members voted in; ATOP valued
    portfolios 0-3 (d_max 3) toward every member of the state system that year; the
    absolute distance for S, kappa and pi. See
    :func:`socius.cohesion.dispersion` and :func:`socius.cohesion.concentration` for
    the formulas (and :func:`socius.cohesion.group_similarity`).

    Examples
    --------
    >>> row = cohesion("NATO", 2007)
    >>> row["n_members"][0], round(row["s_un_mean"][0], 3) > 0.8
    (26, True)
    """
    name = canonical_alliance(alliance)
    codes = member_codes(name, year)
    data = load_data((int(year), int(year))) if data is None else data
    data.require(int(year))
    inputs = union_inputs(data, codes, data_years(data, int(year), latest=False))
    res = group_measures(inputs, np.ones((1, codes.size), dtype=bool))
    frame = _frame({k: [float(v[0])] for k, v in res.items()}, [name], [int(year)])
    return _with_provenance(frame, data)


def _first_member_year(name: str) -> int:
    table = load("alliance_membership").filter(pl.col("org") == name)
    return int(table["joined"].min().year)  # type: ignore[union-attr]


def _last_covered(data: CohesionData) -> int:
    years = [max(c) for c in data.covered.values() if c]
    return max(years) if years else data.years[1]


def _check_years(years: tuple[int, int]) -> tuple[int, int]:
    try:
        lo, hi = int(years[0]), int(years[1])
    except (TypeError, ValueError, IndexError):
        raise ValidationError(
            f"years {years!r} must be an inclusive (start, end) pair, e.g. (1949, 2023)"
        ) from None
    if hi < lo:
        raise ValidationError(f"years {lo}-{hi} run backwards; write ({hi}, {lo})")
    return lo, hi


def member_years(name: str, span: tuple[int, int]) -> dict[int, IntArray]:
    """Members of *name* on 31 December of each year of *span* that has any.

    Reads the membership table once (the rule of :func:`socius.alliances.members`);
    years after the state system's last year are left out.
    """
    table = load("alliance_membership").filter(pl.col("org") == name)
    last = min(span[1], system_coverage()[1])
    years = pl.DataFrame({"year": list(range(span[0], last + 1))}, schema={"year": pl.Int32})
    day = pl.date(pl.col("year"), 12, 31)
    active = (
        years.join(table.select("ccode", "joined", "left"), how="cross")
        .filter((pl.col("joined") <= day) & (pl.col("left").is_null() | (pl.col("left") >= day)))
        .group_by("year")
        .agg(pl.col("ccode").unique().sort())
        .sort("year")
    )
    return {int(y): np.asarray(c, dtype=np.int64) for y, c in active.iter_rows() if len(c)}


def cohesion_series(
    alliance: str,
    years: tuple[int, int] | None = None,
    *,
    data: CohesionData | None = None,
    progress: Progress | None = None,
) -> pl.DataFrame:
    """Cohesion of *alliance* in every year of *years*, one row per year with members.

    Parameters
    ----------
    alliance
        "NATO", "SCO" or "CSTO".
    years
        Inclusive ``(start, end)``. Default: from the alliance's founding year (NATO
        1949, SCO 2001) to the last year any source covers (within *data*'s years when
        given). Years without members (before the founding) are left out; a span with
        no member year at all raises :class:`CoverageError`.
    data
        Inputs from :func:`load_data` covering *years*; default: read them.
    progress
        Optional wrapper ``progress(iterable, total)`` around the loop over years (the
        CLI passes a progress bar).

    Returns
    -------
    polars.DataFrame
        One row per year, columns as :func:`cohesion`.

    Examples
    --------
    >>> nato = cohesion_series("NATO", (1949, 1955))
    >>> nato["year"].to_list()[:3], nato["n_members"].to_list()[:3]
    ([1949, 1950, 1951], [12, 12, 12])
    """
    name = canonical_alliance(alliance)
    if years is None:
        lo, hi = _first_member_year(name), system_coverage()[1]
        if data is not None:
            lo, hi = max(lo, data.years[0]), data.years[1]
    else:
        lo, hi = _check_years(years)
    found = member_years(name, (lo, hi))
    if not found:
        raise CoverageError(
            f"{name} has no members in {lo}-{hi}; it has members from "
            f"{_first_member_year(name)}; choose years from then on"
        )
    span = (min(found), max(found))
    if data is None:
        data = load_data(span)
    else:
        data.require(span[0])
        data.require(span[1])
    if years is None:
        last = _last_covered(data)
        found = {y: c for y, c in found.items() if y <= last}
    rows: dict[str, list[float]] = {k: [] for k in MEASURES}
    loop: Iterable[int] = list(found)
    if progress is not None:
        loop = progress(loop, len(found))
    for y in loop:
        codes = found[y]
        inputs = union_inputs(data, codes, data_years(data, y, latest=False))
        res = group_measures(inputs, np.ones((1, codes.size), dtype=bool))
        for k in MEASURES:
            rows[k].append(float(res[k][0]))
    got = list(found)
    return _with_provenance(_frame(rows, [name] * len(got), got), data)


def compare(
    alliances: Sequence[str],
    years: tuple[int, int] | None = None,
    *,
    data: CohesionData | None = None,
    progress: Progress | None = None,
) -> pl.DataFrame:
    """Cohesion series of several alliances stacked, for side-by-side comparison.

    Parameters
    ----------
    alliances
        Names such as ``["NATO", "SCO"]``.
    years
        Inclusive ``(start, end)`` shared by all; default each alliance's own span
        (see :func:`cohesion_series`). Each alliance contributes the years it has
        members; an alliance with none in *years* raises :class:`CoverageError`.
    data, progress
        As in :func:`cohesion_series`; the inputs are read once for all alliances.

    Returns
    -------
    polars.DataFrame
        The stacked series, sorted by alliance (in the order given) and year.

    Examples
    --------
    >>> both = compare(["NATO", "SCO"], (2001, 2003))
    >>> both.select("alliance", "year").rows()[-1]
    ('SCO', 2003)
    """
    if isinstance(alliances, str):
        alliances = [a for a in alliances.split(",") if a.strip()]
    if not alliances:
        raise ValidationError("alliances is empty; name at least one, e.g. ['NATO', 'SCO']")
    problems = []
    names: list[str] = []
    for a in alliances:
        try:
            names.append(canonical_alliance(a))
        except UnknownNameError as exc:
            problems.append(str(exc))
    if problems:
        raise UnknownNameError("; ".join(problems))
    names = list(dict.fromkeys(names))
    if data is None:
        if years is None:
            span = (min(_first_member_year(n) for n in names), system_coverage()[1])
        else:
            span = _check_years(years)
        data = load_data(span)
    frames = [cohesion_series(n, years, data=data, progress=progress) for n in names]
    return _with_provenance(pl.concat(frames), data)
