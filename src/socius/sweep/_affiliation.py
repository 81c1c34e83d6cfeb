"""The one place where the policy sweep touches socius.affiliation.

A policy sweep evaluates the same evidence under thousands of threshold settings. Calling
:func:`socius.affiliation.classify` once per grid point would assemble the evidence again
every time (about a second for a few decades), so this adapter assembles it once per chunk
of years and evaluates the policy's criteria and tier rules for many threshold vectors at
once with the classifier's own vectorised rules (``_layout``, ``_criteria``, ``_tiers`` of
:mod:`socius.affiliation.classify`). The sweep's tests check that a grid point gives
exactly the tiers that :func:`socius.affiliation.classify` gives for the policy with the
same thresholds (built with :meth:`pydantic.BaseModel.model_copy`), so a change of those
internals shows up as a failing test here rather than as silently different results.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import polars as pl
from numpy.typing import NDArray

from socius.affiliation import Policy
from socius.affiliation.classify import (
    TIER_ORDER,
    _criteria,
    _evidence_frame,
    _layout,
    _tiers,
)
from socius.alliances import members

__all__ = [
    "TIER_ORDER",
    "PolicyModel",
    "YearEvidence",
    "policy_at",
    "policy_keys",
    "year_evidence",
]


def policy_keys(policy: Policy) -> list[str]:
    """Grid keys of a policy's thresholds: ``criterion.indicator`` in file order."""
    return [
        f"{crit}.{ident}"
        for (crit, _, _), ident in zip(
            policy.indicator_items(), policy.indicator_ids(), strict=True
        )
    ]


def policy_at(policy: Policy, keys: tuple[str, ...], values: NDArray[np.float64]) -> Policy:
    """A copy of *policy* with the thresholds named by *keys* set to *values*."""
    where = {k: i for i, k in enumerate(policy_keys(policy))}
    items = policy.indicator_items()
    criteria = dict(policy.criteria)
    for key, value in zip(keys, values, strict=True):
        crit, index, _ = items[where[key]]
        inds = list(criteria[crit].indicators)
        inds[index] = inds[index].model_copy(update={"threshold": float(value)})
        criteria[crit] = criteria[crit].model_copy(update={"indicators": tuple(inds)})
    return policy.model_copy(update={"criteria": criteria})


@dataclass(frozen=True)
class YearEvidence:
    """The evidence of one year, one row per state, one column per policy indicator."""

    year: int
    ccode: NDArray[np.int64]
    stateabb: list[str]
    statenme: list[str]
    member: NDArray[np.bool_]
    values: NDArray[np.float64]
    sd: NDArray[np.float64]


class PolicyModel:
    """A policy's rules as arrays: thresholds, bands, scales, and the tier function."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.layout = _layout(policy)
        self.keys = policy_keys(policy)

    @property
    def threshold(self) -> NDArray[np.float64]:
        out: NDArray[np.float64] = self.layout.threshold
        return out

    @property
    def band(self) -> NDArray[np.float64]:
        out: NDArray[np.float64] = self.layout.band
        return out

    @property
    def scale(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        return self.layout.lo, self.layout.hi

    def columns(self, keys: tuple[str, ...]) -> NDArray[np.intp]:
        """Indicator columns of the grid *keys*."""
        return np.array([self.keys.index(k) for k in keys], dtype=np.intp)

    def tiers(
        self, values: NDArray[np.float64], thresholds: NDArray[np.float64]
    ) -> NDArray[np.int8]:
        """Tier codes (index into :data:`TIER_ORDER`) of values ``(..., N, K)`` under
        thresholds broadcastable to them; members are not marked here."""
        ok, _, _ = _criteria(self.policy, self.layout, values, thresholds)
        out: NDArray[np.int8] = _tiers(self.policy, self.layout, ok)
        return out


@functools.lru_cache(maxsize=8)
def _evidence(policy_json: str, lo: int, hi: int, alliance: str) -> tuple[YearEvidence, ...]:
    policy = Policy.model_validate_json(policy_json)
    lay = _layout(policy)
    frame = _evidence_frame(policy, lay, (lo, hi), alliance)
    out = []
    for year in range(lo, hi + 1):
        part = frame.filter(pl.col("year") == year)
        mem = members(alliance, year)
        values = np.column_stack(
            [part[k].cast(pl.Float64).fill_null(np.nan).to_numpy() for k in lay.keys]
        )
        sd = np.column_stack(
            [part[f"{k}|sd"].cast(pl.Float64).fill_null(0.0).to_numpy() for k in lay.keys]
        )
        sd = np.where(lay.use_published, sd, 0.0) + lay.policy_sd
        ccode = part["ccode"].to_numpy().astype(np.int64)
        out.append(
            YearEvidence(
                year=year,
                ccode=ccode,
                stateabb=part["stateabb"].to_list(),
                statenme=part["statenme"].to_list(),
                member=np.isin(ccode, mem),
                values=values,
                sd=sd,
            )
        )
    return tuple(out)


def year_evidence(
    policy: Policy, years: tuple[int, int], alliance: str
) -> tuple[YearEvidence, ...]:
    """Evidence for each year of *years* (cached per worker process for repeated chunks)."""
    return _evidence(policy.model_dump_json(), int(years[0]), int(years[1]), alliance)
