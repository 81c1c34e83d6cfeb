"""The two-tier what-if: alliance cohesion for the members alone, with one named partner,
with all active partners, and with the associates engaged but not admitted.

The two-tier logic (Ikegami 2007) admits no one: active partners work with the alliance,
associates are engaged in dialogue. :func:`tiered_whatif` therefore asks how alike the
alliance's circle of cooperation would be at each step, and for the associates it reports
the wider circle's measures only to show how far engaging them reaches from the core;
their divergence from the core is in ``divergence`` (the Trojan-horse measure of
:func:`socius.cohesion.whatif`, named for what it measures).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from socius.codes import to_ccode
from socius.cohesion._data import CohesionData, load_data
from socius.cohesion._stats import idealpoint_risk
from socius.cohesion.measures import (
    canonical_alliance,
    data_years,
    group_measures,
    member_codes,
    union_inputs,
)
from socius.cohesion.whatif import _lookback
from socius.errors import ValidationError

__all__ = ["STEP_MEASURES", "TieredWhatIf", "tiered_whatif"]

STEP_MEASURES = ("s_un_mean", "idealpoint_sd", "libdem_sd", "cinc_hhi")
"""Measures reported per step (see :data:`socius.cohesion.MEASURES`)."""


@dataclass(frozen=True)
class TieredWhatIf:
    """The result of :func:`tiered_whatif`.

    Attributes
    ----------
    steps
        One row per step: ``step`` (1-4), ``label``, ``n_states``, ``added`` (COW
        abbreviations added at that step), each measure in :data:`STEP_MEASURES` and its
        ``d_*`` change from the members alone.
    divergence
        One row per non-member named in any step: ``stateabb, tier, divergence`` (distance
        of its UN ideal point from the members' median over the members' own 90th-percentile
        distance; above 1: further out than 90 % of members).
    data_years
        For each source the year its data were read from (None: not covered).
    """

    alliance: str
    year: int
    steps: pl.DataFrame
    divergence: pl.DataFrame
    data_years: Mapping[str, int | None]


def tiered_whatif(
    alliance: str,
    year: int,
    tiers: Mapping[int, str],
    *,
    focus: str | int = "JPN",
    latest: bool = True,
    data: CohesionData | None = None,
) -> TieredWhatIf:
    """Cohesion in four steps: members alone; + *focus*; + all active partners; + associates.

    Parameters
    ----------
    alliance, year
        The alliance and the year of its member set (31 December).
    tiers
        COW code -> ``"active_partner"`` or ``"associate"`` (e.g. from
        :func:`socius.affiliation.classify`); other values are ignored.
    focus
        The partner added alone in step 2 (default Japan, the article's case).
    latest
        Read sources that end before *year* from their last covered year (see
        :func:`socius.cohesion.whatif`).
    data
        Inputs from :func:`load_data` (default: read the bundled snapshots).

    Returns
    -------
    TieredWhatIf

    Raises
    ------
    ValidationError
        *focus* is already a member or not in the state system that year.

    Examples
    --------
    >>> res = tiered_whatif("NATO", 2007, {740: "active_partner", 365: "associate"})
    >>> res.steps["label"].to_list()[0]
    'members alone'
    >>> res.steps["n_states"].to_list()
    [26, 27, 27, 28]
    """
    name = canonical_alliance(alliance)
    yr = int(year)
    mem = member_codes(name, yr)
    if data is None:
        data = load_data((_lookback(yr, latest), yr))
    data.require(yr)
    system = data.system.get(yr, np.zeros(0, np.int64))
    fcode = to_ccode(focus, year=yr)
    if fcode in mem or fcode not in system:
        raise ValidationError(
            f"focus '{focus}' (COW {fcode}) is a member of {name} or not a state in {yr}; "
            "name a non-member state of that year, e.g. focus='JPN'"
        )
    ok = [int(c) for c in tiers if int(c) in system and int(c) not in mem]
    partners = sorted(c for c in ok if tiers[c] == "active_partner")
    associates = sorted(c for c in ok if tiers[c] == "associate")
    union = np.unique(np.concatenate([mem, [fcode], partners, associates]).astype(np.int64))
    is_member = np.isin(union, mem)
    step_sets: list[tuple[str, Sequence[int]]] = [
        ("members alone", []),
        (f"+ {_abb(data, fcode)}", [fcode]),
        ("+ all active partners", sorted({fcode, *partners})),
        ("+ associates engaged, not admitted", sorted({fcode, *partners, *associates})),
    ]
    groups = np.repeat(is_member[None, :], len(step_sets), axis=0)
    for i, (_, added) in enumerate(step_sets):
        groups[i, np.searchsorted(union, np.asarray(added, dtype=np.int64))] = True
    years = data_years(data, yr, latest=latest)
    inputs = union_inputs(data, union, years)
    res = group_measures(inputs, groups)
    rows = []
    for i, (label, added) in enumerate(step_sets):
        new = [c for c in added if c not in (step_sets[i - 1][1] if i else [])]
        row: dict[str, object] = {
            "step": i + 1,
            "label": label,
            "n_states": int(groups[i].sum()),
            "added": ", ".join(_abb(data, c) for c in new),
        }
        for m in STEP_MEASURES:
            v, base = float(res[m][i]), float(res[m][0])
            row[m] = v
            row[f"d_{m}"] = v - base
        rows.append(row)
    steps = pl.DataFrame(rows).with_columns(
        pl.col(c).fill_nan(None) for c in [*STEP_MEASURES, *[f"d_{m}" for m in STEP_MEASURES]]
    )
    _, risk, _ = idealpoint_risk(inputs.values["idealpoint"], is_member)
    named = np.searchsorted(union, np.asarray([fcode, *partners, *associates], dtype=np.int64))
    divergence = pl.DataFrame(
        {
            "ccode": union[named].astype(np.int32),
            "stateabb": [_abb(data, int(c)) for c in union[named]],
            "tier": [tiers.get(int(c), "named partner") for c in union[named]],
            "divergence": pl.Series(risk[named], nan_to_null=True),
        }
    ).unique("ccode", keep="first", maintain_order=True)
    return TieredWhatIf(
        name,
        yr,
        steps,
        divergence.sort("divergence", descending=True, nulls_last=True),
        dict(years),
    )


def _abb(data: CohesionData, code: int) -> str:
    hit = data.names.filter(pl.col("ccode") == code)
    return str(hit["stateabb"][0]) if hit.height else str(code)
