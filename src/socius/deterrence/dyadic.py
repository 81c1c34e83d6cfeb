"""War Trap expected utility for COW directed dyad-years, from the bundled data.

For every year the capabilities (COW NMC v7.0 CINC), the capitals and land borders, and
the alliance portfolios (ATOP v5.1) of all system members are put into ``N x N`` arrays
and :func:`socius.deterrence.wartrap.expected_utility_matrix` does the rest.

Examples
--------
>>> eu = war_trap_expected_utility(years=(1900, 1900))
>>> eu.columns[:4]
['ccode1', 'ccode2', 'year', 'eu_ij']
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import polars as pl
from numpy.typing import NDArray

from socius._frames import as_polars
from socius.data import info, load
from socius.deterrence.geography import major_power_years, miles_matrix, region_codes
from socius.deterrence.wartrap import adjusted_capability, expected_utility_matrix
from socius.errors import CoverageError, ValidationError, suggest
from socius.panel import dyad_years, state_years
from socius.provenance import Source, add_provenance, get_provenance
from socius.similarity import dyadic_similarity

__all__ = [
    "EU_COLUMNS",
    "SIMILARITY_METHODS",
    "THIRD_PARTY_RULES",
    "YearArrays",
    "add_expected_utility",
    "eu_coverage",
    "relevant_third_parties",
    "war_trap_expected_utility",
    "war_trap_year",
    "year_arrays",
]

SimilarityMethod = Literal["tau_b", "s"]
ThirdPartyRule = Literal["region", "all"]
SIMILARITY_METHODS: tuple[str, ...] = ("tau_b", "s")
THIRD_PARTY_RULES: tuple[str, ...] = ("region", "all")

#: Columns added by :func:`add_expected_utility`.
EU_COLUMNS: tuple[str, ...] = (
    "eu_ij",
    "eu_ji",
    "eu_ij_bilateral",
    "eu_ij_third",
    "eu_ji_bilateral",
    "eu_ji_third",
)


@dataclass(frozen=True)
class YearArrays:
    """Inputs of the War Trap calculation for one year, one row per state.

    ``similarity`` (``N x N`` alliance-portfolio similarity, diagonal 1) is None outside
    ATOP's coverage.
    """

    year: int
    ccodes: NDArray[np.int64]
    cinc: NDArray[np.float64]
    miles: NDArray[np.float64]
    region: NDArray[np.intp]
    major: NDArray[np.bool_]
    similarity: NDArray[np.float64] | None


class _Tables:
    """The bundled tables the calculation reads, split by year once."""

    def __init__(self, years: Sequence[int], similarity: str, third_parties: str) -> None:
        lo, hi = min(years), max(years)
        states = state_years(years=(lo, hi)).select("ccode", "year")
        nmc = load("nmc", columns=["ccode", "year", "cinc"]).filter(pl.col("cinc").is_not_null())
        states = states.join(nmc, on=["ccode", "year"], how="inner").sort("year", "ccode")
        self.states = states.partition_by("year", as_dict=True)
        self.majors = major_power_years().filter(pl.col("year").is_between(lo, hi))
        atop = info("atop")
        covered = [y for y in sorted(set(years)) if int(atop.start or 0) <= y <= int(atop.end or 0)]
        self.similarity: dict[Any, pl.DataFrame] = {}
        self.sources: list[dict[str, Any]] = []
        column = {"tau_b": "taub_atop", "s": "s_atop"}[similarity]
        for run in _runs(covered):
            table = dyadic_similarity(
                "atop",
                years=(run[0], run[-1]),
                measures=(similarity,),
                partners="regional" if third_parties == "region" else "global",
            )
            self.sources = get_provenance(table)
            table = table.select("ccode1", "ccode2", "year", pl.col(column).alias("u"))
            self.similarity.update(table.partition_by("year", as_dict=True))

    def year(self, year: int) -> YearArrays:
        rows = self.states.get((year,))
        if rows is None or rows.is_empty():
            return YearArrays(
                year,
                np.zeros(0, dtype=np.int64),
                np.zeros(0),
                np.zeros((0, 0)),
                np.zeros(0, dtype=np.intp),
                np.zeros(0, dtype=bool),
                None,
            )
        codes = rows["ccode"].to_numpy().astype(np.int64)
        miles = miles_matrix(codes, year)
        keep = ~np.isnan(miles).any(axis=1)  # a state needs a capital to be placed
        codes, miles = codes[keep], miles[np.ix_(keep, keep)]
        cinc = rows["cinc"].to_numpy().astype(np.float64)[keep]
        majors = self.majors.filter(pl.col("year") == year)["ccode"].to_numpy()
        major = np.isin(codes, majors)
        pairs = self.similarity.get((year,))
        u = None if pairs is None else _square(codes, pairs)
        return YearArrays(year, codes, cinc, miles, region_codes(codes), major, u)


def _runs(years: Sequence[int]) -> list[list[int]]:
    """Split sorted *years* into runs of consecutive years."""
    out: list[list[int]] = []
    for y in years:
        if out and y == out[-1][-1] + 1:
            out[-1].append(y)
        else:
            out.append([y])
    return out


def _square(codes: NDArray[np.int64], pairs: pl.DataFrame) -> NDArray[np.float64]:
    """Scatter a long (ccode1, ccode2, u) table into an N x N array over *codes* (diagonal 1)."""
    n = codes.size
    out = np.full((n, n), np.nan)
    c1 = pairs["ccode1"].to_numpy().astype(np.int64)
    c2 = pairs["ccode2"].to_numpy().astype(np.int64)
    i1 = np.clip(np.searchsorted(codes, c1), 0, n - 1)
    i2 = np.clip(np.searchsorted(codes, c2), 0, n - 1)
    ok = (codes[i1] == c1) & (codes[i2] == c2)
    out[i1[ok], i2[ok]] = pairs["u"].fill_null(np.nan).to_numpy()[ok]
    np.fill_diagonal(out, 1.0)
    return out


def year_arrays(
    year: int, *, similarity: SimilarityMethod = "tau_b", third_parties: ThirdPartyRule = "region"
) -> YearArrays:
    """The ``N x N`` inputs for one year (capabilities, miles, regions, similarities).

    The states are the COW system members of *year* with a CINC score (COW NMC v7.0) and
    a capital, in ascending COW code. Perturb a field with ``dataclasses.replace`` and
    pass the result to :func:`war_trap_year` to recompute the War Trap expected utility
    (Bueno de Mesquita 1981) for that year.

    Parameters
    ----------
    year
        Calendar year within the COW state system (1816-2024); 2023-2024, after COW NMC
        v7.0, give empty arrays.
    similarity
        ``"tau_b"`` (default; Kendall's tau-b, as in The War Trap) or ``"s"`` (Signorino
        and Ritter's S), over ATOP v5.1 alliance portfolios.
    third_parties
        ``"region"`` (default): portfolios compared over the two states' home regions
        (``partners="regional"`` in :func:`socius.similarity.dyadic_similarity`);
        ``"all"``: over all system members.

    Returns
    -------
    YearArrays
        ``year``; ``ccodes`` ``(N,)`` [COW code]; ``cinc`` ``(N,)`` [0, 1]; ``miles``
        ``(N, N)`` between capitals, 0 for land neighbours (:func:`miles_matrix`);
        ``region`` ``(N,)`` index into :data:`socius.deterrence.geography.REGIONS`;
        ``major`` ``(N,)`` COW major power that year; ``similarity`` ``(N, N)`` [-1, 1],
        diagonal 1, NaN where undefined, and ``None`` outside ATOP (after 2018).

    Raises
    ------
    ValidationError
        *similarity* or *third_parties* is not known.
    CoverageError
        *year* lies outside the COW state system.

    Examples
    --------
    >>> y = year_arrays(2007)
    >>> y.ccodes.size, y.miles.shape, y.similarity.shape
    (193, (193, 193), (193, 193))
    """
    _check_options(similarity, third_parties)
    return _Tables([year], similarity, third_parties).year(year)


def _check_options(similarity: str, third_parties: str) -> None:
    problems = []
    if similarity not in SIMILARITY_METHODS:
        problems.append(
            f"similarity '{similarity}' is not known{suggest(similarity, SIMILARITY_METHODS)}; "
            "choose 'tau_b' (Kendall's tau-b, as in The War Trap) or 's' (Signorino and Ritter)"
        )
    if third_parties not in THIRD_PARTY_RULES:
        problems.append(
            f"third_parties '{third_parties}' is not known{suggest(third_parties, THIRD_PARTY_RULES)}; "
            "choose 'region' (states in the dyad's relevant region) or 'all'"
        )
    if problems:
        raise ValidationError("; ".join(problems))


def relevant_third_parties(
    region: NDArray[np.intp], major: NDArray[np.bool_], i: int, j: int
) -> NDArray[np.bool_]:
    """Mask of the states that count as third parties for the dyad ``(i, j)`` (indices).

    The relevant region of a dyad is the home regions of both states plus the major
    powers, or the whole system when either state is a major power; ``i`` and ``j``
    themselves are left out.

    This is the rule of ``third_parties="region"`` in :func:`add_expected_utility`,
    following the War Trap's relevant region (Bueno de Mesquita 1981; ADR 0008 says
    where socius's rule may differ from EUGene's).

    Parameters
    ----------
    region
        ``(N,)`` home-region index of each state (``YearArrays.region``,
        :func:`socius.deterrence.geography.region_codes`).
    major
        ``(N,)`` True for the COW major powers of the year (``YearArrays.major``).
    i, j
        Row indices (not COW codes) of the initiator and the target.

    Returns
    -------
    numpy.ndarray
        ``(N,)`` booleans, True for the third parties; ``i`` and ``j`` are False.

    References
    ----------
    Bueno de Mesquita, Bruce. 1981. *The War Trap*. New Haven: Yale University Press.

    Examples
    --------
    South Korea and North Korea in 2007: Asia and Oceania plus the five major powers
    outside it:

    >>> import numpy as np
    >>> y = year_arrays(2007)
    >>> i, j = (int(np.flatnonzero(y.ccodes == c)[0]) for c in (732, 731))
    >>> mask = relevant_third_parties(y.region, y.major, i, j)
    >>> sorted(y.ccodes[mask & (y.region != y.region[i])].tolist())
    [2, 200, 220, 255, 365]
    """
    if major[i] or major[j]:
        mask = np.ones(region.size, dtype=bool)
    else:
        mask = (region == region[i]) | (region == region[j]) | major
    mask[[i, j]] = False
    return mask


def war_trap_year(
    arrays: YearArrays, *, third_parties: ThirdPartyRule = "region"
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """``(eu, bilateral, third)``, each ``(N, N)`` over ``arrays.ccodes`` (NaN where undefined).

    With ``third_parties="region"`` the third parties of dyad ``(i, j)`` are the states of
    its relevant region (see :func:`relevant_third_parties`); with ``"all"`` every system
    member with capability data. The similarities in *arrays* should have been computed
    over the same partners (``partners="regional"`` or ``"global"`` in
    :func:`socius.similarity.dyadic_similarity`).
    """
    _check_options("tau_b", third_parties)
    n = arrays.ccodes.size
    nan = np.full((n, n), np.nan)
    if n < 2 or arrays.similarity is None:
        return nan, nan.copy(), nan.copy()
    a = adjusted_capability(arrays.cinc[:, None], arrays.miles, year=arrays.year)
    u = arrays.similarity
    if third_parties == "all":
        return expected_utility_matrix(a, u)
    eu, bil, thr = nan.copy(), nan.copy(), nan.copy()
    majors = np.flatnonzero(arrays.major)
    minor = ~arrays.major
    if majors.size:  # dyads with a major power: the whole system is relevant
        cells = np.ix_(majors, np.arange(n))
        eu[cells], bil[cells], thr[cells] = expected_utility_matrix(a, u, initiators=majors)
        cells = np.ix_(np.arange(n), majors)
        eu[cells], bil[cells], thr[cells] = expected_utility_matrix(a, u, targets=majors)
    present = np.unique(arrays.region)
    for ri in present:
        rows = np.flatnonzero(minor & (arrays.region == ri))
        for rj in present:
            cols = np.flatnonzero(minor & (arrays.region == rj))
            if rows.size == 0 or cols.size == 0:
                continue
            third = (arrays.region == ri) | (arrays.region == rj) | arrays.major
            cells = np.ix_(rows, cols)
            eu[cells], bil[cells], thr[cells] = expected_utility_matrix(
                a, u, third_parties=third, initiators=rows, targets=cols
            )
    return eu, bil, thr


def _year_frame(arrays: YearArrays, **options: Any) -> pl.DataFrame:
    eu, bil, thr = war_trap_year(arrays, third_parties=options["third_parties"])
    n = arrays.ccodes.size
    i, j = np.nonzero(~np.eye(n, dtype=bool))
    data: dict[str, Any] = {
        "ccode1": arrays.ccodes[i].astype(np.int32),
        "ccode2": arrays.ccodes[j].astype(np.int32),
        "year": np.full(i.size, arrays.year, dtype=np.int32),
        "eu_ij": eu[i, j],
        "eu_ji": eu[j, i],
        "eu_ij_bilateral": bil[i, j],
        "eu_ij_third": thr[i, j],
        "eu_ji_bilateral": bil[j, i],
        "eu_ji_third": thr[j, i],
    }
    return pl.DataFrame(data).with_columns(pl.col(c).fill_nan(None) for c in EU_COLUMNS)


@functools.lru_cache(maxsize=1)
def _nmc_span() -> tuple[int, int]:
    meta = info("nmc")
    return int(meta.start or 0), int(meta.end or 0)


def eu_coverage() -> tuple[int, int, str]:
    """``(first, last, ending)``: the years in which every War Trap input has data.

    *ending* names the input whose coverage ends first (the alliance portfolios of ATOP
    v5.1 end in 2018, while COW NMC v7.0 capabilities run to 2022), so that a request
    for later years can say why its values would be null.

    >>> eu_coverage()
    (1816, 2018, 'ATOP v5.1 (alliance portfolios)')
    """
    lo, hi = _nmc_span()
    atop = info("atop")
    a_lo, a_hi = int(atop.start or lo), int(atop.end or hi)
    if a_hi < hi:
        ending = f"ATOP v{atop.version} (alliance portfolios)"
    else:
        ending = f"COW NMC v{info('nmc').version} (capabilities)"
    return max(lo, a_lo), min(hi, a_hi), ending


def check_eu_years(start: int, end: int, *, latest: bool = False) -> tuple[int, int, str | None]:
    """Check a year span for the War Trap, clamping it to :func:`eu_coverage` if *latest*.

    Returns ``(start, end, note)``; *note* says what was clamped (None if nothing). Raises
    :class:`~socius.errors.CoverageError` when every value in the span would be null.

    >>> check_eu_years(2019, 2019, latest=True)
    (2018, 2018, 'ATOP v5.1 (alliance portfolios) ends in 2018: using 2018-2018 instead of 2019-2019')
    """
    first, last, ending = eu_coverage()
    if start > last:
        if latest:
            note = f"{ending} ends in {last}: using {last}-{last} instead of {start}-{end}"
            return last, last, note
        raise CoverageError(
            f"years {start}-{end} lie after the end of {ending} in {last}, so every expected "
            f"utility would be null; pass --latest to use {last}, or choose years up to {last}"
        )
    if end < first:
        raise CoverageError(
            f"years {start}-{end} lie before {first}, where every expected utility would be "
            f"null; choose years from {first}"
        )
    if latest and end > last:
        return (
            start,
            last,
            f"{ending} ends in {last}: using {start}-{last} instead of {start}-{end}",
        )
    return start, end, None


def war_trap_expected_utility(
    years: tuple[int, int] | None = None,
    *,
    similarity: SimilarityMethod = "tau_b",
    third_parties: ThirdPartyRule = "region",
    progress: Callable[[int], None] | None = None,
) -> pl.DataFrame:
    """War Trap expected utility for every COW directed dyad-year.

    Parameters
    ----------
    years
        Inclusive ``(start, end)``, within COW NMC v7.0 (1816-2022); default all of it.
    similarity
        ``"tau_b"`` (Kendall's tau-b, Bueno de Mesquita 1981) or ``"s"`` (Signorino and
        Ritter 1999) over ATOP v5.1 alliance portfolios.
    third_parties
        ``"region"``: the states of the dyad's relevant region, the home regions of both
        states plus the major powers, or every state when either is a major power; alliance
        portfolios are compared over the same home regions (``partners="regional"`` in
        :func:`socius.similarity.dyadic_similarity`). ``"all"``: every system member, and
        portfolios over all members.
    progress
        Called with each year once it is done (for progress bars).

    Returns
    -------
    polars.DataFrame
        ``ccode1, ccode2, year`` and :data:`EU_COLUMNS` for every COW directed dyad-year
        (:func:`socius.panel.dyad_years`) whose states have capability data. Missing (null) where a state lacks a CINC score or a
        capital, where a similarity is undefined (tau-b of a portfolio without variation),
        and after 2018, the end of ATOP v5.1 (2019-2022 have capabilities but no portfolios).

    Notes
    -----
    See :func:`socius.deterrence.wartrap.expected_utility_matrix` for the formulas.

    References
    ----------
    Bueno de Mesquita, Bruce. 1981. *The War Trap*. New Haven: Yale University Press.

    Signorino, Curtis S. and Jeffrey M. Ritter. 1999. "Tau-b or Not Tau-b: Measuring the
    Similarity of Foreign Policy Positions." *International Studies Quarterly* 43(1): 115-144.
    doi:10.1111/0020-8833.00113.
    """
    _check_options(similarity, third_parties)
    lo, hi = _nmc_span()
    start, end = (lo, hi) if years is None else (int(years[0]), int(years[1]))
    if end < start:
        raise ValidationError(f"years {start}-{end} run backwards; write {end}-{start}")
    if start < lo or end > hi:
        raise CoverageError(
            f"years {start}-{end} fall outside the capability data (COW NMC v7.0, {lo}-{hi}); "
            f"choose years within {lo}-{hi}"
        )
    return _compute(range(start, end + 1), similarity, third_parties, progress)


def _compute(
    years: Iterable[int],
    similarity: str,
    third_parties: str,
    progress: Callable[[int], None] | None = None,
) -> pl.DataFrame:
    wanted = sorted(set(years))
    tables = _Tables(wanted, similarity, third_parties)
    frames = []
    for year in wanted:
        frames.append(_year_frame(tables.year(year), third_parties=third_parties))
        if progress is not None:
            progress(year)
    out = pl.concat(frames, how="vertical")
    # keep the COW dyad-years only: both states members on a common day of the year
    dyads = dyad_years(years=(wanted[0], wanted[-1])).select("ccode1", "ccode2", "year")
    out = out.join(dyads, on=["ccode1", "ccode2", "year"], how="semi", maintain_order="left")
    sources = [
        Source("nmc", info("nmc").version, ("cinc",)),
        Source("capitals", info("capitals").version, ("lat", "lon")),
        Source("contiguity", info("contiguity").version, ("conttype",)),
        Source("major_powers", info("major_powers").version, ("ccode",)),
        Source("cow_states", info("cow_states").version, ("ccode", "year")),
    ]
    return add_provenance(add_provenance(out, sources), tables.sources)


def _as_polars(frame: Any) -> pl.DataFrame:
    return as_polars(frame, what="the panel", hint="build a panel with socius.panel.dyad_years()")


def add_expected_utility(
    panel: Any,
    *,
    similarity: SimilarityMethod = "tau_b",
    third_parties: ThirdPartyRule = "region",
) -> pl.DataFrame:
    """Add War Trap expected utilities to a COW directed dyad-year panel.

    Parameters
    ----------
    panel
        polars or pandas frame with ``ccode1, ccode2, year``.
    similarity, third_parties
        See :func:`war_trap_expected_utility`.

    Returns
    -------
    polars.DataFrame
        *panel* with :data:`EU_COLUMNS` added (``eu_ij`` = ``EU_ccode1(ccode2)``), the same rows
        in the same order. Years outside COW NMC v7.0 and dyads outside coverage are null,
        never 0.

    Examples
    --------
    >>> import polars as pl
    >>> p = pl.DataFrame({"ccode1": [2, 200, 2], "ccode2": [200, 2, 200], "year": [1950, 1950, 2030]})
    >>> out = add_expected_utility(p)
    >>> out.height, out["eu_ij"].null_count()
    (3, 1)
    """
    df = _as_polars(panel)
    missing = [c for c in ("ccode1", "ccode2", "year") if c not in df.columns]
    if missing:
        raise ValidationError(
            f"panel lacks column(s) {', '.join(missing)}; add_expected_utility needs a COW "
            "directed dyad-year panel (ccode1, ccode2, year), e.g. socius.panel.dyad_years()"
        )
    clash = [c for c in EU_COLUMNS if c in df.columns]
    if clash:
        raise ValidationError(f"panel already has column(s) {', '.join(clash)}; drop them first")
    _check_options(similarity, third_parties)
    lo, hi = _nmc_span()
    years = df["year"].drop_nulls().unique()
    inside = years.filter(years.is_between(lo, hi))
    keys = df.select(
        pl.col("ccode1").cast(pl.Int32),
        pl.col("ccode2").cast(pl.Int32),
        pl.col("year").cast(pl.Int32),
    )
    if inside.len():
        table = _compute([int(y) for y in inside.to_list()], similarity, third_parties)
        sources = get_provenance(table)
        added = keys.join(table, on=["ccode1", "ccode2", "year"], how="left", maintain_order="left")
    else:
        sources = []
        added = keys.with_columns(pl.lit(None, dtype=pl.Float64).alias(c) for c in EU_COLUMNS)
    out = df.with_columns(added.select(EU_COLUMNS).get_columns())
    add_provenance(out, get_provenance(df))
    return add_provenance(out, sources)
