"""UN-vote alignment of every non-member with an alliance, for the affiliation policy.

Two state-year indicators with the signature of the affiliation module's derived
indicators, ``(lo, hi, alliance) -> ccode, year, value``:

* :func:`member_vote_similarity`: the state's mean S with the members on UN votes;
* :func:`vote_divergence`: the vote-based Trojan-horse risk score of
  :func:`socius.cohesion.whatif` (higher = further below the members' own agreement).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from socius.cohesion._data import load_data
from socius.cohesion._stats import alignment_stats
from socius.cohesion.measures import _VOTE_SCALE, canonical_alliance, member_years
from socius.errors import ValidationError
from socius.panel import system_coverage
from socius.similarity import pairwise_similarity

__all__ = ["member_vote_similarity", "vote_alignment", "vote_divergence"]


def _span(lo: int, hi: int) -> tuple[int, int] | None:
    lo, hi = int(lo), int(hi)
    if hi < lo:
        raise ValidationError(f"years {lo}-{hi} run backwards; write {hi}-{lo}")
    first, last = system_coverage()
    lo, hi = max(lo, first), min(hi, last)
    return (lo, hi) if lo <= hi else None


def vote_alignment(lo: int, hi: int, alliance: str) -> pl.DataFrame:
    """Mean UN-vote S with the members and vote divergence of every non-member state-year.

    Parameters
    ----------
    lo, hi
        Inclusive years; clipped to the state system's coverage.
    alliance
        "NATO", "SCO" or "CSTO" (members on 31 December).

    Returns
    -------
    polars.DataFrame
        ``ccode, year, s_members, divergence`` (Float64) for every state-year of the
        COW system in lo..hi that is not a member; null where the alliance has no
        members that year, the UN votes do not cover it (outside 1946-2019) or the
        state shares no roll call with the members.

    Notes
    -----
    One pairwise computation per year for all states (see
    :func:`socius.similarity.pairwise_similarity`; yes 3, abstain 2, no 1, d_max 2,
    absolute distance, common roll calls). The divergence is
    :math:`(\\operatorname{median}_{i \\in M} \\bar S_i - \\bar S_c) / Q_{0.9}(|\\bar S_i
    - \\operatorname{median} \\bar S|)` with :math:`\\bar S` a state's mean S with the
    members (members: with the other members); see :func:`socius.cohesion.whatif`.

    Examples
    --------
    >>> out = vote_alignment(2007, 2007, "NATO")
    >>> round(out.filter(out["ccode"] == 740)["s_members"][0], 2)
    0.72
    """
    name = canonical_alliance(alliance)
    span = _span(lo, hi)
    schema = {
        "ccode": pl.Int32,
        "year": pl.Int32,
        "s_members": pl.Float64,
        "divergence": pl.Float64,
    }
    if span is None:
        return pl.DataFrame(schema=schema)
    data = load_data(span, sources=("un",))
    found = member_years(name, span)
    parts = []
    for year in range(span[0], span[1] + 1):
        states = data.system.get(year, np.zeros(0, dtype=np.int64))
        mem = found.get(year)
        s_mean = np.full(states.size, np.nan)
        div = np.full(states.size, np.nan)
        block = data.votes.get(year)
        if mem is not None and year in data.covered["un"] and block is not None:
            valid = block.codes >= 0
            has = valid.any(axis=1)
            if has.any():
                positions = np.where(valid[has], block.codes[has] + 1.0, np.nan)
                s = pairwise_similarity(
                    positions, measures=("s",), categories=_VOTE_SCALE[0], d_max=_VOTE_SCALE[1]
                )["s"]
                voters = block.ccodes[has]
                m_row, d_row = alignment_stats(s, np.isin(voters, mem))
                pos = np.searchsorted(voters, states)
                pos = np.clip(pos, 0, voters.size - 1)
                hit = voters[pos] == states
                s_mean = np.where(hit, m_row[pos], np.nan)
                div = np.where(hit, d_row[pos], np.nan)
        keep = ~np.isin(states, mem) if mem is not None else np.ones(states.size, dtype=bool)
        parts.append(
            pl.DataFrame(
                {
                    "ccode": states[keep],
                    "year": np.full(int(keep.sum()), year),
                    "s_members": s_mean[keep],
                    "divergence": div[keep],
                },
                schema=schema,
            )
        )
    out = pl.concat(parts) if parts else pl.DataFrame(schema=schema)
    return out.with_columns(pl.col("s_members", "divergence").fill_nan(None)).sort("ccode", "year")


def member_vote_similarity(lo: int, hi: int, alliance: str) -> pl.DataFrame:
    """Each non-member's mean UN-vote S with the alliance's members [-1, 1].

    Returns ``ccode, year, value`` for every non-member state-year in lo..hi (null where
    undefined); see :func:`vote_alignment`.

    Parameters
    ----------
    lo, hi
        Inclusive years; clipped to the state system's coverage (a range wholly outside
        it gives an empty frame).
    alliance
        "NATO", "SCO" or "CSTO" (any case; members on 31 December).

    Returns
    -------
    polars.DataFrame
        ``ccode`` [COW code], ``year``, ``value``: the mean Signorino-Ritter S [-1, 1]
        of the state with each member on the year's common UN General Assembly roll calls
        (yes/abstain/no, d_max 2). Null where the alliance has no members that year, the
        UN votes do not cover it (outside 1946-2019) or the state shares no roll call
        with the members; members have no row.

    Raises
    ------
    ValidationError
        *hi* before *lo*.
    UnknownNameError
        An unknown alliance.

    Notes
    -----
    :math:`\\bar S_c = \\frac{1}{|M|} \\sum_{i \\in M} S(c, i)` over the members
    :math:`M`; an affiliation policy can use it as the derived indicator
    ``derived.member_vote_similarity``.

    References
    ----------
    Signorino, Curtis S., and Jeffrey M. Ritter. 1999. "Tau-b or Not Tau-b: Measuring
    the Similarity of Foreign Policy Positions." International Studies Quarterly
    43(1): 115-144. doi:10.1111/0020-8833.00113

    Examples
    --------
    >>> out = member_vote_similarity(2007, 2007, "NATO")
    >>> out.columns
    ['ccode', 'year', 'value']
    >>> [round(out.filter(out["ccode"] == c)["value"][0], 2) for c in (740, 365, 710)]
    [0.72, 0.43, 0.34]
    """
    frame = vote_alignment(lo, hi, alliance)
    return frame.select("ccode", "year", pl.col("s_members").alias("value"))


def vote_divergence(lo: int, hi: int, alliance: str) -> pl.DataFrame:
    """Each non-member's vote-based Trojan-horse risk score (higher = more divergent).

    1 means the state's mean UN-vote S with the members falls as far below the members'
    median as the member at the 90th percentile of the members' own deviations;
    negative values mean closer than the median member. Returns ``ccode, year, value``
    for every non-member state-year in lo..hi (null where undefined); see
    :func:`vote_alignment`.

    Parameters
    ----------
    lo, hi
        Inclusive years; clipped to the state system's coverage (a range wholly outside
        it gives an empty frame).
    alliance
        "NATO", "SCO" or "CSTO" (any case; members on 31 December).

    Returns
    -------
    polars.DataFrame
        ``ccode`` [COW code], ``year``, ``value``: the divergence [unitless, multiples of
        the members' 90th-percentile deviation]. Null where the alliance has no members
        that year, the UN votes do not cover it (outside 1946-2019) or the state shares
        no roll call with the members; members have no row.

    Raises
    ------
    ValidationError
        *hi* before *lo*.
    UnknownNameError
        An unknown alliance.

    Notes
    -----
    With :math:`\\bar S` a state's mean S with the members (a member's: with the other
    members),

    .. math:: D_c = \\frac{\\operatorname{median}_{i \\in M} \\bar S_i - \\bar S_c}
              {Q_{0.9}(|\\bar S_i - \\operatorname{median}_{j \\in M} \\bar S_j|)}.

    The default affiliation policy's alignment criterion passes a state with
    :math:`D_c \\le 1.5` (derived indicator ``derived.vote_divergence``).

    Examples
    --------
    >>> out = vote_divergence(2007, 2007, "NATO")
    >>> bool(out.filter(out["ccode"] == 365)["value"][0] > 1)
    True
    >>> [round(out.filter(out["ccode"] == c)["value"][0], 2) for c in (740, 710)]
    [1.17, 3.7]
    """
    frame = vote_alignment(lo, hi, alliance)
    return frame.select("ccode", "year", pl.col("divergence").alias("value"))
