"""The partnership roadmap: for each active partner and associate, the tier's standing
measures plus first steps derived from the state's own evidence.

The first steps follow fixed, documented rules on the evidence (no judgment inputs):

* no partnership framework yet -> open a formal programme (active partners) or a standing
  dialogue channel (associates); otherwise deepen the framework(s) it already takes part in;
* party to a flashpoint -> consultations on that flashpoint;
* nuclear weapons -> nuclear risk-reduction and arms-control dialogue (associates) or
  consultations on deterrence and non-proliferation (active partners);
* flagged as a possible Trojan horse -> political consultation on the diverging positions before
  deeper integration;
* confidence below 80% -> the classification sits near a threshold: review it each year.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from socius.affiliation.classify import assess, resolve_policy
from socius.affiliation.policy import Policy
from socius.alliances import partners
from socius.data import load

__all__ = ["roadmap"]

PRIORITY = {"active_partner": 0, "associate": 1}


def roadmap(
    year: int,
    *,
    policy: Policy | str | Path | None = None,
    alliance: str | None = None,
    draws: int | None = None,
    table: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """One row per active partner and associate, most significant first: tier, confidence,
    the basis (criteria passed), first steps from the evidence, the tier's standing measures,
    and the key evidence. Pass *table* (a :func:`classify` result) to avoid reclassifying."""
    pol = resolve_policy(policy)
    if table is None:
        table = assess(year, policy=pol, alliance=alliance, draws=draws).table
    alliance_name = alliance or pol.alliance
    t = table.filter(pl.col("tier").is_in(list(PRIORITY)))
    frameworks = _frameworks(year) if alliance_name.upper() == "NATO" else {}
    flashpoints = _flashpoints()
    rows = []
    for r in t.iter_rows(named=True):
        tier = r["tier"]
        steps = []
        own = frameworks.get(r["ccode"], [])
        if own:
            steps.append("deepen cooperation within " + " and ".join(own))
        elif tier == "active_partner":
            steps.append("open a formal partnership programme with the alliance")
        else:
            steps.append("establish a standing dialogue channel with the alliance")
        if r["ccode"] in flashpoints:
            steps.append("consultations on the " + " and ".join(flashpoints[r["ccode"]]))
        if (r.get("nuclear_status") or 0) >= 3:
            steps.append(
                "consultations on deterrence and non-proliferation"
                if tier == "active_partner"
                else "nuclear risk-reduction and arms-control dialogue"
            )
        if r.get("trojan_horse"):
            steps.append(
                "political consultation on diverging UN positions before deeper integration"
            )
        if r["confidence"] < 0.8:
            steps.append(
                f"classification near a threshold ({r['confidence']:.0%} of draws): review each year"
            )
        rows.append(
            {
                "ccode": r["ccode"],
                "stateabb": r["stateabb"],
                "statenme": r["statenme"],
                "tier": tier,
                "confidence": r["confidence"],
                "cinc": r.get("cinc"),
                "basis": ", ".join(c for c in pol.criteria if r[c] == "pass"),
                "first_steps": "; ".join(steps),
                "standing_measures": "; ".join(pol.tiers[tier].measures),
                "flag": r["trojan_horse"],
            }
        )
    schema = {
        "ccode": pl.Int32,
        "stateabb": pl.String,
        "statenme": pl.String,
        "tier": pl.String,
        "confidence": pl.Float64,
        "cinc": pl.Float64,
        "basis": pl.String,
        "first_steps": pl.String,
        "standing_measures": pl.String,
        "flag": pl.String,
    }
    out = pl.DataFrame(rows, schema=schema)
    return out.sort(
        pl.col("tier").replace_strict(PRIORITY, return_dtype=pl.Int8),
        pl.col("cinc"),
        descending=[False, True],
        nulls_last=True,
    )


def _frameworks(year: int) -> dict[int, list[str]]:
    table = partners(year)
    out: dict[int, list[str]] = {}
    for r in table.iter_rows(named=True):
        out.setdefault(int(r["ccode"]), []).append(str(r["framework"]))
    return out


def _flashpoints() -> dict[int, list[str]]:
    fp = load("flashpoints").filter(pl.col("role").is_in(["claimant", "party"]))
    out: dict[int, list[str]] = {}
    for r in fp.iter_rows(named=True):
        out.setdefault(int(r["ccode"]), []).append(str(r["flashpoint"]))
    return out
