"""The one place where the policy sweep touches socius.affiliation.

A policy sweep evaluates the same evidence under thousands of threshold settings. Calling
:func:`socius.affiliation.classify` once per grid point would assemble the evidence again
every time (about a second for a few decades), so this adapter assembles it once per chunk
of years (cached per worker process) and evaluates the tiers for many threshold vectors at
once through the classifier's own vectorised hook, :class:`socius.affiliation.classify.TierModel`:
the same criteria, tier order (``policy.tier_codes()``, custom tiers included), exclusion
caps and evidence-age limits as :func:`~socius.affiliation.classify`. The sweep's tests check
that a grid point gives exactly the tiers that ``classify`` gives for the policy with the
same thresholds (:func:`policy_at`), under the default and the three-tier example policy.
"""

from __future__ import annotations

import functools

import numpy as np
from numpy.typing import NDArray

from socius.affiliation import Policy
from socius.affiliation.classify import TierModel, YearEvidence

__all__ = [
    "TierModel",
    "YearEvidence",
    "policy_at",
    "policy_keys",
    "year_evidence",
]


def policy_keys(policy: Policy) -> list[str]:
    """Grid keys of a policy's thresholds: ``criterion.indicator`` in file order."""
    return TierModel(policy).keys


def policy_at(policy: Policy, keys: tuple[str, ...], values: NDArray[np.float64]) -> Policy:
    """A copy of *policy* with the thresholds named by *keys* set to *values*."""
    where = {k: i for i, k in enumerate(policy_keys(policy))}
    items = policy.indicator_items()
    out = policy
    for key, value in zip(keys, values, strict=True):
        crit, index, _ = items[where[key]]
        out = out.with_threshold(crit, index, float(value))
    return out


@functools.lru_cache(maxsize=8)
def _evidence(policy_json: str, lo: int, hi: int, alliance: str) -> tuple[YearEvidence, ...]:
    return TierModel(Policy.model_validate_json(policy_json)).evidence((lo, hi), alliance)


def year_evidence(
    policy: Policy, years: tuple[int, int], alliance: str
) -> tuple[YearEvidence, ...]:
    """Evidence for each year of *years* (cached per worker process for repeated chunks)."""
    return _evidence(policy.model_dump_json(), int(years[0]), int(years[1]), alliance)
