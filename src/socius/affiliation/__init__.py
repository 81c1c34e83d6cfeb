"""The two-tier affiliation system: policy, evidence, classification, explanations.

An alliance sorts every other state into **active partners** (share the alliance's
fundamental values and can join in security-making), **associates** (do not share
them but are significant actors in international or regional security) or **none**.
"""

from __future__ import annotations

from socius.affiliation.classify import Assessment, assess, classify, classify_years, resolve_policy
from socius.affiliation.policy import (
    Policy,
    default_policy,
    default_policy_path,
    default_policy_text,
    load_policy,
)

__all__ = [
    "Assessment",
    "Policy",
    "assess",
    "classify",
    "classify_years",
    "default_policy",
    "default_policy_path",
    "default_policy_text",
    "load_policy",
    "resolve_policy",
]
