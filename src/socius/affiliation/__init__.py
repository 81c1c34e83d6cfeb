"""Affiliation of non-members: policy, evidence, classification, exclusions, explanations,
history and the roadmap.

An alliance sorts every other state into the tiers of a policy. The default policy has the
article's two: **active partners** (share the alliance's fundamental values and can join in
security-making) and **associates** (do not share them but are significant actors in
international or regional security); other states have **none**. Exclusion rules lower a tier or
give a treatment of its own (a sanctioned proliferator is contained); every value carries its
year and age.
"""

from __future__ import annotations

from socius.affiliation.classify import Assessment, assess, classify, classify_years, resolve_policy
from socius.affiliation.explain import Explanation, explain, history, year_changes
from socius.affiliation.policy import (
    Policy,
    aligned_policy_path,
    default_policy,
    default_policy_path,
    default_policy_text,
    load_policy,
)
from socius.affiliation.roadmap import roadmap, roadmap_steps

__all__ = [
    "Assessment",
    "Explanation",
    "Policy",
    "aligned_policy_path",
    "assess",
    "classify",
    "classify_years",
    "default_policy",
    "default_policy_path",
    "default_policy_text",
    "explain",
    "history",
    "load_policy",
    "resolve_policy",
    "roadmap",
    "roadmap_steps",
    "year_changes",
]
