"""What-if partner sets: alliance cohesion with and without candidate states.

For an alliance in a year and a list of candidates, :func:`whatif` reports every
cohesion measure for the members alone and for the members with all candidates, and
for each candidate alone its marginal effect, its similarity with the members and two
Trojan-horse risk scores (its divergence from the alliance's core relative to the
members' own spread), ranked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import numpy.typing as npt
import polars as pl

from socius.codes import to_ccode
from socius.cohesion._data import SOURCES, CohesionData, load_data
from socius.cohesion._stats import alignment_stats, idealpoint_risk
from socius.cohesion.measures import (
    MEASURES,
    canonical_alliance,
    data_years,
    group_measures,
    member_codes,
    union_inputs,
)
from socius.data import info
from socius.errors import UnknownNameError, ValidationError

__all__ = ["CANDIDATE_COLUMNS", "WhatIf", "whatif"]

IntArray = npt.NDArray[np.int64]

SUMMARY_MEASURES = (
    *[m for m in MEASURES if m != "cinc_top" and not m.startswith("n_")],
    "n_members",
)

CANDIDATE_COLUMNS: Mapping[str, str] = MappingProxyType(
    {
        "ccode": "COW code",
        "stateabb": "COW abbreviation",
        "statenme": "state name",
        "rank": "rank by Trojan-horse risk (1 = most divergent)",
        "risk": "ideal-point divergence: |ideal point - members' median| / members' 90th "
        "percentile distance",
        "risk_vote": "vote divergence: (members' median mean S - candidate's mean S with "
        "members) / members' 90th percentile deviation",
        "s_un_members": "mean S with the members, UN votes [-1, 1]",
        "s_atop_members": "mean S with the members, alliance portfolios [-1, 1]",
        "idealpoint": "UN ideal point",
        "idealpoint_distance": "distance of the ideal point from the members' median",
        "d_s_un_mean": "change in mean S of member pairs, UN votes, when added alone",
        "d_s_atop_mean": "change in mean S of member pairs, alliance portfolios",
        "d_idealpoint_sd": "change in the sd of ideal points",
        "d_libdem_sd": "change in the sd of liberal democracy",
        "d_cinc_hhi": "change in the Herfindahl index of CINC shares",
    }
)
"""Columns of :attr:`WhatIf.table`: name -> meaning [scale]."""


@dataclass(frozen=True)
class WhatIf:
    """The result of :func:`whatif`.

    Attributes
    ----------
    alliance, year
        The alliance and year (members read on 31 December).
    members, candidates
        COW codes of the members and of the candidates, as given (resolved).
    summary
        One row per measure: ``measure, label, source_year, members, with_candidates,
        change`` (members plus all candidates minus members alone).
    table
        One row per candidate, ranked by Trojan-horse risk; see
        :data:`CANDIDATE_COLUMNS`.
    data_years
        For each source key the year its data were read from (None: not covered).
    """

    alliance: str
    year: int
    members: tuple[int, ...]
    candidates: tuple[int, ...]
    summary: pl.DataFrame
    table: pl.DataFrame
    data_years: Mapping[str, int | None]


def _resolve(add: Sequence[str | int] | str, year: int) -> tuple[list[str], list[int]]:
    """Labels as given and COW codes of the candidates; unknown names raise together."""
    raw = add.split(",") if isinstance(add, str) else list(add)
    items = [a.strip() if isinstance(a, str) else a for a in raw]
    items = [a for a in items if a != ""]
    if not items:
        raise ValidationError(
            "add is empty; name at least one candidate state, e.g. add=['JPN', 'AUS']"
        )
    codes: list[int] = []
    unknown: list[str] = []
    for item in items:
        try:
            codes.append(to_ccode(item, year=year))
        except (UnknownNameError, ValidationError) as exc:
            unknown.append(str(exc))
    if unknown:
        raise UnknownNameError("; ".join(unknown))
    return [str(a) for a in items], codes


def _check_candidates(
    labels: list[str],
    codes: list[int],
    members: IntArray,
    system: IntArray,
    name: str,
    year: int,
) -> None:
    problems = []
    seen: dict[int, str] = {}
    for label, code in zip(labels, codes, strict=True):
        if code in seen:
            problems.append(f"'{label}' names the same state as '{seen[code]}' (COW {code})")
            continue
        seen[code] = label
        if code in members:
            problems.append(f"'{label}' (COW {code}) is already a member of {name} in {year}")
        elif code not in system:
            problems.append(f"'{label}' (COW {code}) is not a member of the state system in {year}")
    if problems:
        raise ValidationError(
            "add: " + "; ".join(problems) + "; list distinct non-member states of that year"
        )


def _names(data: CohesionData, codes: IntArray) -> pl.DataFrame:
    frame = pl.DataFrame({"ccode": codes}, schema={"ccode": pl.Int64})
    return frame.join(data.names, on="ccode", how="left", maintain_order="left")


def _summary(res: dict[str, np.ndarray], years: Mapping[str, int | None]) -> pl.DataFrame:
    rows = []
    for m in SUMMARY_MEASURES:
        label, src = MEASURES[m]
        base, full = float(res[m][0]), float(res[m][1])
        rows.append(
            {
                "measure": m,
                "label": label,
                "source_year": None if src is None else years.get(src),
                "members": base,
                "with_candidates": full,
                "change": full - base,
            }
        )
    frame = pl.DataFrame(
        rows,
        schema={
            "measure": pl.String,
            "label": pl.String,
            "source_year": pl.Int32,
            "members": pl.Float64,
            "with_candidates": pl.Float64,
            "change": pl.Float64,
        },
    )
    return frame.with_columns(
        pl.col(c).fill_nan(None) for c in ("members", "with_candidates", "change")
    )


def _lookback(year: int, latest: bool) -> int:
    if not latest:
        return year
    ends = [info(spec.dataset).end for spec in SOURCES.values()]
    # one year of margin: the last calendar year of the votes may hold too few roll calls
    return min([year, *[int(e) - 1 for e in ends if e is not None]])


def whatif(
    alliance: str,
    year: int,
    add: Sequence[str | int] | str,
    *,
    latest: bool = False,
    data: CohesionData | None = None,
) -> WhatIf:
    """Alliance cohesion with and without candidate partners, and each one's risk.

    Parameters
    ----------
    alliance
        "NATO", "SCO" or "CSTO"; members are read on 31 December of *year*.
    year
        The year of the member set.
    add
        Candidate states: COW codes, ISO3 or COW abbreviations or names (see
        :func:`socius.codes.to_ccode`; three-letter codes are read as ISO3 first, so
        "KOR" is South Korea and "AUS" Australia), or one comma-separated string.
    latest
        When a source ends before *year* (UN votes in 2019, ATOP in 2018), read it from
        its latest covered year, with the member set of *year*; the years used are in
        :attr:`WhatIf.data_years` and in the summary. When False, such measures are null.
    data
        Inputs from :func:`load_data` (default: read the bundled snapshots).

    Returns
    -------
    WhatIf

    Raises
    ------
    UnknownNameError
        Unknown alliance or state.
    ValidationError
        Empty candidate list, a candidate listed twice, already a member or not in the
        state system that year.
    CoverageError
        A year in which the alliance has no members.

    Notes
    -----
    Trojan-horse risk of candidate c, from UN ideal points (Bailey, Strezhnev and
    Voeten 2017), with core :math:`m = \\operatorname{median}_{i \\in M} x_i` of the
    members' ideal points:

    .. math:: risk_c = |x_c - m| / Q_{0.9}(\\{|x_i - m| : i \\in M\\})

    (1: as far from the core as the member at the 90th percentile of the members' own
    distances; the affiliation indicator ``derived.idealpoint_divergence``). The
    vote-based variant uses each state's mean S with the members,
    :math:`\\bar S_c = |M|^{-1} \\sum_{j \\in M} S_{cj}` (members: the others),

    .. math:: risk^{vote}_c = (\\operatorname{median}_{i} \\bar S_i - \\bar S_c)
              / Q_{0.9}(\\{|\\bar S_i - \\operatorname{median} \\bar S| : i \\in M\\})

    (negative: closer to the members than their median member is). Marginal effects
    are each measure for the members with that candidate alone minus the members' own.
    Candidates are ranked by risk, then risk_vote, highest first; missing scores last.

    References
    ----------
    Bailey, Michael A., Anton Strezhnev, and Erik Voeten. 2017. "Estimating Dynamic
    State Preferences from United Nations Voting Data." Journal of Conflict Resolution
    61(2): 430-456. doi:10.1177/0022002715595700

    Signorino, Curtis S., and Jeffrey M. Ritter. 1999. International Studies Quarterly
    43(1): 115-144. doi:10.1111/0020-8833.00113

    Examples
    --------
    >>> res = whatif("NATO", 2007, add=["JPN", "RUS"])
    >>> res.table["stateabb"].to_list()
    ['RUS', 'JPN']
    """
    name = canonical_alliance(alliance)
    yr = int(year)
    mem = member_codes(name, yr)
    labels, codes = _resolve(add, yr)
    if data is None:
        data = load_data((_lookback(yr, latest), yr))
    data.require(yr)
    _check_candidates(labels, codes, mem, data.system.get(yr, np.zeros(0, np.int64)), name, yr)
    cand = np.asarray(codes, dtype=np.int64)
    years = data_years(data, yr, latest=latest)
    union = np.unique(np.concatenate([mem, cand]))
    inputs = union_inputs(data, union, years)
    is_member = np.isin(union, mem)
    cidx = np.searchsorted(union, cand)
    groups = np.repeat(is_member[None, :], 2 + cand.size, axis=0)
    groups[1, cidx] = True
    groups[2 + np.arange(cand.size), cidx] = True
    res = group_measures(inputs, groups)
    s_un, risk_vote = alignment_stats(inputs.sim["s_un"], is_member)
    s_atop, _ = alignment_stats(inputs.sim["s_atop"], is_member)
    ideal = inputs.values["idealpoint"]
    distance, risk, _ = idealpoint_risk(ideal, is_member)
    table = _names(data, cand).with_columns(
        pl.Series("risk", risk[cidx], nan_to_null=True),
        pl.Series("risk_vote", risk_vote[cidx], nan_to_null=True),
        pl.Series("s_un_members", s_un[cidx], nan_to_null=True),
        pl.Series("s_atop_members", s_atop[cidx], nan_to_null=True),
        pl.Series("idealpoint", ideal[cidx], nan_to_null=True),
        pl.Series("idealpoint_distance", distance[cidx], nan_to_null=True),
        *[
            pl.Series(f"d_{m}", res[m][2:] - res[m][0], nan_to_null=True)
            for m in ("s_un_mean", "s_atop_mean", "idealpoint_sd", "libdem_sd", "cinc_hhi")
        ],
    )
    table = (
        table.sort(["risk", "risk_vote"], descending=True, nulls_last=True)
        .with_row_index("rank", offset=1)
        .with_columns(pl.col("rank").cast(pl.Int32), pl.col("ccode").cast(pl.Int32))
        .select(list(CANDIDATE_COLUMNS))
    )
    return WhatIf(
        alliance=name,
        year=yr,
        members=tuple(int(c) for c in mem),
        candidates=tuple(int(c) for c in cand),
        summary=_summary(res, years),
        table=table,
        data_years=MappingProxyType(dict(years)),
    )
