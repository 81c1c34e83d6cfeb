"""Dyad-year similarity panels from ATOP alliance portfolios and UN General Assembly votes.

Each year is one matrix computation (see :mod:`socius.similarity.matrix`); the only
Python loop runs over years.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import MappingProxyType
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import polars as pl

from socius.errors import ValidationError, suggest
from socius.provenance import add_provenance, get_provenance
from socius.similarity._checks import FloatArray, Metric, check_metric, concat, raise_all
from socius.similarity._inputs import (
    REGIONS,
    IntArray,
    YearPositions,
    as_frame,
    atop_years,
    bundled,
    bundled_major_powers,
    bundled_members,
    check_years,
    coverage,
    cow_region,
    load_alliance_inputs,
    lookup,
    region_index,
    state_year_keys,
    vote_years,
    weights_by_year,
)
from socius.similarity.matrix import joint_counts, measures_from_counts

__all__ = [
    "PANEL_MEASURES",
    "REGIONS",
    "alliance_portfolios",
    "cow_region",
    "dyadic_similarity",
]

Source_ = Literal["atop", "unvotes"]

Partners = Literal["global", "regional"]

PANEL_MEASURES: tuple[str, ...] = (
    "s",
    "s_weighted",
    "kappa",
    "kappa_weighted",
    "pi",
    "pi_weighted",
    "tau_b",
)

_DEFAULTS = MappingProxyType(
    {"atop": ("s", "s_weighted", "kappa", "pi", "tau_b"), "unvotes": ("s", "kappa", "pi")}
)

_SUFFIX = MappingProxyType({"atop": "atop", "unvotes": "un"})

_COLUMN = MappingProxyType(
    {
        "s": "s_{}",
        "s_weighted": "s_{}_wt",
        "kappa": "kappa_{}",
        "kappa_weighted": "kappa_{}_wt",
        "pi": "pi_{}",
        "pi_weighted": "pi_{}_wt",
        "tau_b": "taub_{}",
    }
)

_ATOP_VALUES = np.array([0.0, 1.0, 2.0, 3.0])

_VOTE_VALUES = np.array([1.0, 2.0, 3.0])


def alliance_portfolios(
    atop: Any = None,
    members: Any = None,
    *,
    years: tuple[int, int] | None = None,
) -> pl.DataFrame:
    """Valued alliance portfolios: each member state's tie to every member, by year.

    Parameters
    ----------
    atop
        ATOP dyad-years with ``ccode1, ccode2, year, atop_defense, atop_offense,
        atop_neutral, atop_nonagg, atop_consul`` (0/1). Default: the bundled ATOP 5.1
        snapshot.
    members
        State-years of the system (``ccode, year``). Default: the bundled COW state
        system, open spells running to the system's last year.
    years
        Inclusive ``(start, end)``; default the whole coverage of *atop*.

    Returns
    -------
    polars.DataFrame
        ``ccode1, ccode2, year, alliance_value`` for every ordered pair of members,
        self-pairs included, with ``alliance_value`` [0-3]: 3 defence or offence pact,
        2 neutrality or consultation pact, 1 non-aggression pact, 0 none (the highest
        obligation in either direction); a state's tie to itself is 3.

    References
    ----------
    Leeds, Brett Ashley, Jeffrey M. Ritter, Sara McLaughlin Mitchell, and Andrew G.
    Long. 2002. "Alliance Treaty Obligations and Provisions, 1815-1944."
    International Interactions 28(3): 237-260. doi:10.1080/03050620213653

    Examples
    --------
    >>> import polars as pl
    >>> atop = pl.DataFrame({"ccode1": [2, 20], "ccode2": [20, 2], "year": [1950, 1950],
    ...     "atop_defense": [1, 1], "atop_offense": [0, 0], "atop_neutral": [0, 0],
    ...     "atop_nonagg": [0, 0], "atop_consul": [1, 1]})
    >>> members = pl.DataFrame({"ccode": [2, 20, 200], "year": [1950] * 3})
    >>> alliance_portfolios(atop, members)["alliance_value"].to_list()
    [3, 3, 0, 3, 3, 0, 0, 0, 3]
    """
    atop_f, members_f, sources = load_alliance_inputs(atop, members)
    cover = coverage(atop_f, "atop" if atop is None else None, members_f)
    span = check_years(years, cover, "ATOP")
    parts = atop_years(atop_f, members_f, span)
    n = [p.ccodes.size for p in parts]
    out = pl.DataFrame(
        {
            "ccode1": concat([np.repeat(p.ccodes, p.ccodes.size) for p in parts]),
            "ccode2": concat([np.tile(p.ccodes, p.ccodes.size) for p in parts]),
            "year": concat([np.full(k * k, p.year) for p, k in zip(parts, n, strict=True)]),
            "alliance_value": concat([p.codes.ravel() for p in parts]),
        },
        schema={
            "ccode1": pl.Int32,
            "ccode2": pl.Int32,
            "year": pl.Int32,
            "alliance_value": pl.Int8,
        },
    ).sort("ccode1", "ccode2", "year")
    return add_provenance(out, sources)


def _resolve_measures(
    source: str, measures: Sequence[str] | None, partners: str
) -> tuple[str, ...]:
    if source not in _SUFFIX:
        raise ValidationError(
            f"source {source!r} is not known; choose 'atop' or 'unvotes'"
            f"{suggest(str(source), _SUFFIX)}"
        )
    if partners not in ("global", "regional"):
        raise ValidationError(
            f"partners {partners!r} is not known; choose 'global' (all system members) or "
            "'regional' (the two states' home regions)"
        )
    chosen = tuple(_DEFAULTS[source] if measures is None else measures)
    problems = []
    for m in chosen:
        if m not in PANEL_MEASURES:
            problems.append(
                f"measure {m!r} is not known; choose from: {', '.join(PANEL_MEASURES)}"
                f"{suggest(str(m), PANEL_MEASURES)}"
            )
        elif source == "unvotes" and m.endswith("_weighted"):
            problems.append(
                f"measure {m!r} needs partner weights, which roll calls do not have; "
                "use it with source='atop'"
            )
    if not chosen:
        problems.append("measures is empty; name at least one measure")
    if source == "unvotes" and partners == "regional":
        problems.append("partners='regional' applies to alliance portfolios only; use 'global'")
    raise_all(problems)
    return tuple(dict.fromkeys(chosen))


def _regional_counts(
    codes: npt.NDArray[np.int16],
    n_cat: int,
    weights: FloatArray | None,
    regions: IntArray,
    major: npt.NDArray[np.bool_],
) -> FloatArray:
    """Joint counts over each pair's regional partner set.

    Rows are sorted by ccode, so each COW region is a contiguous block of rows; the
    pairs of regions a and b are counted over the partners in a and b only, and pairs
    with a major power over all partners.
    """
    n = codes.shape[0]
    assert not np.any(np.diff(regions) < 0), "rows must be sorted by ccode (regions contiguous)"
    out = np.empty((n_cat, n_cat, n, n))
    present = np.unique(regions)
    starts = np.searchsorted(regions, present)
    ends = np.searchsorted(regions, present, side="right")
    for ia, a in enumerate(present):
        rows_a = slice(starts[ia], ends[ia])
        for ib in range(ia, present.size):
            rows_b = slice(starts[ib], ends[ib])
            cols = (regions == a) | (regions == present[ib])
            w = None if weights is None else weights[cols]
            block = joint_counts(codes[rows_a][:, cols], n_cat, w, other=codes[rows_b][:, cols])
            out[:, :, rows_a, rows_b] = block
            out[:, :, rows_b, rows_a] = block.transpose(1, 0, 3, 2)
    if major.any():
        big = np.flatnonzero(major)
        block = joint_counts(codes[big], n_cat, weights, other=codes)
        out[:, :, big, :] = block
        out[:, :, :, big] = block.transpose(1, 0, 3, 2)
    return out


def _year_measures(
    block: YearPositions,
    *,
    values: FloatArray,
    measures: tuple[str, ...],
    metric: str,
    weights: FloatArray | None,
    regions: IntArray | None,
    major: npt.NDArray[np.bool_] | None,
) -> dict[str, FloatArray]:
    n_cat = values.size
    weighted = [m.removesuffix("_weighted") for m in measures if m.endswith("_weighted")]
    plain = [m for m in measures if not m.endswith("_weighted")]
    if regions is None:
        counts = joint_counts(block.codes, n_cat)
        wcounts = joint_counts(block.codes, n_cat, weights) if weighted else None
    else:
        assert major is not None
        counts = _regional_counts(block.codes, n_cat, None, regions, major)
        wcounts = (
            _regional_counts(block.codes, n_cat, weights, regions, major) if weighted else None
        )
    span = float(values[-1] - values[0])
    out = measures_from_counts(counts, values, measures=plain, metric=metric, span=span)
    out["n"] = counts.sum(axis=(0, 1))
    if wcounts is not None:
        wt = measures_from_counts(wcounts, values, measures=weighted, metric=metric, span=span)
        out.update({f"{m}_weighted": wt[m] for m in weighted})
        out["w"] = wcounts.sum(axis=(0, 1))
    return out


def dyadic_similarity(
    source: Source_ = "atop",
    *,
    atop: Any = None,
    votes: Any = None,
    members: Any = None,
    major_powers: Any = None,
    weights_frame: Any = None,
    years: tuple[int, int] | None = None,
    measures: Sequence[str] | None = None,
    directed: bool = True,
    partners: Partners = "global",
    metric: Metric = "absolute",
) -> pl.DataFrame:
    """Foreign-policy similarity of every dyad-year, from alliances or UN votes.

    Parameters
    ----------
    source
        "atop": valued alliance portfolios (0-3, see :func:`alliance_portfolios`);
        "unvotes": UN General Assembly votes, yes = 3, abstain = 2, no = 1.
    atop, votes, members, major_powers, weights_frame
        Input frames (polars or pandas). Any frame left as None is read from the
        bundled snapshots: ATOP 5.1 (``atop``: ccode1, ccode2, year and the five 0/1
        obligation flags), UN votes (``votes``: rcid, year, ccode, vote), the COW state
        system (``members``: ccode, year), COW major powers (``major_powers``: ccode,
        year; only read for ``partners="regional"``; pass an empty frame to drop the
        major-power rule) and NMC 7.0 CINC scores (``weights_frame``: ccode, year,
        cinc; only read for weighted measures).
    years
        Inclusive ``(start, end)``; default the source's whole coverage.
    measures
        Any of "s", "s_weighted", "kappa", "kappa_weighted", "pi", "pi_weighted",
        "tau_b". Default: s, s_weighted, kappa, pi, tau_b for ATOP; s, kappa, pi for
        UN votes (weighted measures need partners, so they apply to ATOP only).
    directed
        Both (a, b) and (b, a) when True (the values are symmetric); a < b only when
        False.
    partners
        "global": all system members that year. "regional" (ATOP only): members of
        the two states' home COW regions (see :func:`cow_region`), or all members when
        either state is a major power that year.
    metric
        Distance for S and disagreement weights for kappa and pi: "absolute"
        (default), "squared" or "nominal".

    Returns
    -------
    polars.DataFrame
        ``ccode1, ccode2, year``, one Float64 column per measure and a count, sorted
        by ccode1, ccode2, year:

        ============  ==========================================================
        column        meaning [scale]
        ============  ==========================================================
        s_atop        S, ATOP portfolios, d_max = 3 [-1, 1]
        s_atop_wt     S weighted by partners' CINC shares [-1, 1]
        kappa_atop    Cohen's kappa (Häge) [-1, 1]; ``kappa_atop_wt`` weighted
        pi_atop       Scott's pi (Häge) [-1, 1]; ``pi_atop_wt`` weighted
        taub_atop     Kendall's tau-b [-1, 1]
        n_atop        partners compared [count]
        s_un          S, UN votes over common roll calls, d_max = 2 [-1, 1]
        kappa_un      Cohen's kappa [-1, 1]
        pi_un         Scott's pi [-1, 1]
        taub_un       Kendall's tau-b [-1, 1]
        n_un          roll calls both states voted in [count]
        ============  ==========================================================

        Null where there is nothing to compare (no common roll call; no partner with
        a CINC score for weighted measures); NaN where a measure is undefined (kappa
        and pi with zero expected disagreement, tau-b with a constant vector).

    Notes
    -----
    See :func:`s_score`, :func:`cohens_kappa`, :func:`scotts_pi` and :func:`tau_b`
    for the formulas. Capability weights are each partner's CINC share of the partner
    set's total; a partner without a CINC score gets weight 0. Votes of states that
    are not system members that year are dropped.

    References
    ----------
    Signorino, Curtis S., and Jeffrey M. Ritter. 1999. International Studies
    Quarterly 43(1): 115-144. doi:10.1111/0020-8833.00113

    Häge, Frank M. 2011. Political Analysis 19(3): 287-305. doi:10.1093/pan/mpr023

    Voeten, Erik, Anton Strezhnev, and Michael Bailey. 2009. "United Nations General
    Assembly Voting Data." Harvard Dataverse. doi:10.7910/DVN/LEJUQZ

    Examples
    --------
    >>> import polars as pl
    >>> votes = pl.DataFrame({"rcid": [1, 1, 2, 2, 3], "year": [1990] * 5,
    ...     "ccode": [2, 200, 2, 200, 2], "vote": ["yes", "yes", "no", "abstain", "yes"]})
    >>> members = pl.DataFrame({"ccode": [2, 200, 220], "year": [1990] * 3})
    >>> out = dyadic_similarity("unvotes", votes=votes, members=members, directed=False)
    >>> out.select("ccode1", "ccode2", "s_un", "n_un").rows()
    [(2, 200, 0.5, 2), (2, 220, None, 0), (200, 220, None, 0)]
    """
    chosen = _resolve_measures(source, measures, partners)
    check_metric(metric)
    sources: list[dict[str, Any]] = []
    weighted = any(m.endswith("_weighted") for m in chosen)
    if source == "atop":
        frame, members_f, sources = load_alliance_inputs(atop, members)
        cover = coverage(frame, "atop" if atop is None else None, members_f)
        span = check_years(years, cover, "ATOP")
        blocks = atop_years(frame, members_f, span)
        values = _ATOP_VALUES
    else:
        frame = as_frame(
            bundled("unvotes") if votes is None else votes,
            "votes",
            ("rcid", "year", "ccode", "vote"),
        )
        members_f = as_frame(
            bundled_members() if members is None else members, "members", ("ccode", "year")
        )
        sources = [*get_provenance(frame), *get_provenance(members_f)]
        cover = coverage(frame, "unvotes" if votes is None else None, members_f)
        span = check_years(years, cover, "UN votes")
        blocks = vote_years(frame, members_f, span)
        values = _VOTE_VALUES
    cinc = majors = None
    if weighted:
        wf = as_frame(
            bundled("nmc") if weights_frame is None else weights_frame,
            "weights_frame",
            ("ccode", "year", "cinc"),
            nullable=("cinc",),
        )
        cinc = weights_by_year(wf)
        sources += get_provenance(wf)
    if partners == "regional":
        mp = bundled_major_powers() if major_powers is None else major_powers
        mp = as_frame(mp, "major_powers", ("ccode", "year"))
        majors = state_year_keys(mp)
        sources += get_provenance(mp)
    parts = []
    for block in blocks:
        w = None
        if cinc is not None:
            table = cinc.get(block.year)
            w = np.zeros(block.ccodes.size) if table is None else lookup(table, block.ccodes)
        regions = major = None
        if majors is not None:
            regions = region_index(block.ccodes)
            major = np.isin(
                block.ccodes, majors.filter(pl.col("year") == block.year)["ccode"].to_numpy()
            )
        res = _year_measures(
            block,
            values=values,
            measures=chosen,
            metric=metric,
            weights=w,
            regions=regions,
            major=major,
        )
        parts.append(_pairs(block, res, directed))
    out = _assemble(parts, chosen, _SUFFIX[source])
    return add_provenance(out, sources)


def _pairs(
    block: YearPositions, res: dict[str, FloatArray], directed: bool
) -> dict[str, npt.NDArray[Any]]:
    n = block.ccodes.size
    if directed:
        ii, jj = np.nonzero(~np.eye(n, dtype=bool))
    else:
        ii, jj = np.triu_indices(n, 1)
    out: dict[str, npt.NDArray[Any]] = {
        "ccode1": block.ccodes[ii],
        "ccode2": block.ccodes[jj],
        "year": np.full(ii.size, block.year),
    }
    out.update({key: arr[ii, jj] for key, arr in res.items()})
    return out


def _assemble(
    parts: list[dict[str, npt.NDArray[Any]]], chosen: tuple[str, ...], suffix: str
) -> pl.DataFrame:
    def column(key: str) -> npt.NDArray[Any]:
        return concat([p[key] for p in parts])

    data: dict[str, Any] = {
        "ccode1": pl.Series("ccode1", column("ccode1"), dtype=pl.Int32),
        "ccode2": pl.Series("ccode2", column("ccode2"), dtype=pl.Int32),
        "year": pl.Series("year", column("year"), dtype=pl.Int32),
    }
    n = column("n")
    for m in chosen:
        name = _COLUMN[m].format(suffix)
        vals = pl.Series(name, column(m), dtype=pl.Float64)
        empty = column("w" if m.endswith("_weighted") else "n") <= 0
        data[name] = pl.select(
            pl.when(pl.Series(empty)).then(None).otherwise(vals).alias(name)
        ).to_series()
    data[f"n_{suffix}"] = pl.Series(f"n_{suffix}", np.rint(n), dtype=pl.Int32)
    return pl.DataFrame(data).sort("ccode1", "ccode2", "year")
