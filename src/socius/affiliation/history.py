"""The tier of a state over the years, and the tier changes of one year, each change labelled:
a change of evidence, an evidence gap (a value running out of its allowed age, which is missing
data and not an event), an exclusion rule starting or stopping, or membership."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from socius.affiliation.classify import assess, resolve_policy
from socius.affiliation.policy import Policy
from socius.codes import ccode_name, to_ccode
from socius.errors import CoverageError, UnknownNameError, ValidationError

__all__ = ["history", "year_changes"]


def history(
    state: str | int,
    years: tuple[int, int],
    *,
    policy: Policy | str | Path | None = None,
    alliance: str | None = None,
    draws: int | None = None,
) -> pl.DataFrame:
    """The tier of *state* in each year, the years it changed, and why.

    Each change is labelled in ``change_kind``: ``"change"`` (the evidence changed),
    ``"evidence gap"`` (the tier moved only because an indicator's value ran out of its allowed
    age or came back: missing data, not an event), ``"exclusion"`` (an exclusion rule started or
    stopped applying) or ``"membership"``. ``change`` says which criteria and indicators moved.
    Draws default to the policy's (the same as :func:`classify`, so the same state-year has the
    same confidence in both); the table says how many in ``draws``.

    Parameters
    ----------
    state
        A name, ISO3 code, COW abbreviation or COW code ("Ukraine", "UKR", 369), read as of
        the last year of *years*.
    years
        ``(first, last)``, inclusive.
    policy
        A :class:`Policy`, a path to a policy TOML file, or None for the shipped default.
    alliance
        NATO (default from the policy), SCO or CSTO.
    draws
        Monte Carlo draws per year [1-100,000]; default: the policy's.

    Returns
    -------
    polars.DataFrame
        One row per year in which the state existed, oldest first: ``year``, ``ccode``,
        ``stateabb``, ``name``, ``iso3``, ``tier``, ``tier_label``, ``confidence`` [0-1],
        ``draws``, ``treatment``, ``exclusion``, ``trojan_horse``, ``evidence_age``
        [years], ``stale_evidence``, ``rests_on_stale``, ``evidence_gaps``, one status
        column per criterion (pass, fail, insufficient), then ``change`` (why the tier
        moved; "first year" in the first row, "" where it did not move), ``change_kind``
        and ``changed`` (True where the tier differs from the year before).

    Raises
    ------
    ValidationError
        A range that runs backwards; draws out of range; a bad policy file.
    UnknownNameError
        An unknown state, one that is not a state in the last year, or one with no year
        in the range; an unknown alliance.
    CoverageError
        A year outside the alliance's membership data.

    Examples
    --------
    >>> h = history("Ukraine", (2007, 2009), draws=50)
    >>> h.select("year", "tier", "change_kind").rows()
    [(2007, 'active_partner', 'first year'), (2008, 'none', 'change'), (2009, 'none', '')]
    """
    lo, hi = years
    if hi < lo:
        raise ValidationError(f"years {lo}-{hi} run backwards; write {hi}-{lo}")
    pol = resolve_policy(policy)
    ccode = to_ccode(state, year=hi)
    table = (
        assess((lo, hi), policy=pol, alliance=alliance, draws=draws)
        .table.filter(pl.col("ccode") == ccode)
        .sort("year")
    )
    if table.is_empty():
        raise UnknownNameError(f"{ccode_name(ccode)} (COW {ccode}) was not a state in {lo}-{hi}")
    crits = list(pol.criteria)
    members_of = _indicators_by_criterion(pol)
    prev: dict[str, object] | None = None
    reasons: list[str] = []
    kinds: list[str] = []
    for r in table.iter_rows(named=True):
        if prev is None:
            kinds.append("first year")
            reasons.append("first year")
        elif r["tier"] == prev["tier"]:
            kinds.append("")
            reasons.append("")
        else:
            kind, why = _why_changed(pol, crits, members_of, prev, r)
            kinds.append(kind)
            reasons.append(why)
        prev = r
    return table.select(
        "year",
        "ccode",
        "stateabb",
        "name",
        "iso3",
        "tier",
        "tier_label",
        "confidence",
        "draws",
        "treatment",
        "exclusion",
        "trojan_horse",
        "evidence_age",
        "stale_evidence",
        "rests_on_stale",
        "evidence_gaps",
        *crits,
    ).with_columns(
        pl.Series("change", reasons, dtype=pl.String),
        pl.Series("change_kind", kinds, dtype=pl.String),
        (pl.col("tier") != pl.col("tier").shift(1)).fill_null(False).alias("changed"),
    )


def year_changes(
    year: int,
    *,
    policy: Policy | str | Path | None = None,
    alliance: str | None = None,
    draws: int | None = None,
) -> pl.DataFrame:
    """States whose tier in *year* differs from the year before, each labelled like
    :func:`history` (``change_kind``: change, evidence gap, exclusion or membership) with the
    reason in ``change``. Returns an empty frame (same columns) when *year* is the alliance's
    first year.

    Parameters
    ----------
    year
        The year compared with the year before (both read on 31 December).
    policy
        A :class:`Policy`, a path to a policy TOML file, or None for the shipped default.
    alliance
        NATO (default from the policy), SCO or CSTO.
    draws
        Monte Carlo draws per year [1-100,000]; default: the policy's.

    Returns
    -------
    polars.DataFrame
        One row per state present in both years whose tier changed: ``ccode``, ``name``,
        ``iso3``, ``tier_before``, ``tier``, ``change_kind`` and ``change``. Empty, with
        the same columns, when there is no year before to compare with (the alliance's
        first year).

    Raises
    ------
    ValidationError
        Draws out of range; a bad policy file.
    CoverageError
        *year* itself lies outside the evidence or the alliance's membership data.
    UnknownNameError
        An unknown alliance.

    Examples
    --------
    >>> y = year_changes(2008, draws=50)
    >>> y.select("iso3", "tier_before", "tier", "change_kind").rows()
    [('MNE', 'none', 'active_partner', 'evidence gap'), ('UKR', 'active_partner', 'none', 'change')]
    """
    pol = resolve_policy(policy)
    schema = {
        "ccode": pl.Int32,
        "name": pl.String,
        "iso3": pl.String,
        "tier_before": pl.String,
        "tier": pl.String,
        "change_kind": pl.String,
        "change": pl.String,
    }
    try:
        result = assess((year - 1, year), policy=pol, alliance=alliance, draws=draws)
    except CoverageError:
        # no year before to compare with (the alliance's first year) is an empty answer; a
        # year the evidence does not cover is not "no change", so that error stands
        assess((year, year), policy=pol, alliance=alliance, draws=1)
        return pl.DataFrame(schema=schema)
    table = result.table
    before = table.filter(pl.col("year") == year - 1)
    after = table.filter(pl.col("year") == year)
    moved = after.join(before.select("ccode", pl.col("tier").alias("_prev")), on="ccode").filter(
        pl.col("tier") != pl.col("_prev")
    )
    crits = list(pol.criteria)
    members_of = _indicators_by_criterion(pol)
    prev_rows = {int(r["ccode"]): r for r in before.iter_rows(named=True)}
    rows = []
    for r in moved.iter_rows(named=True):
        kind, why = _why_changed(pol, crits, members_of, prev_rows[int(r["ccode"])], r)
        rows.append(
            {
                "ccode": r["ccode"],
                "name": r["name"],
                "iso3": r["iso3"],
                "tier_before": r["_prev"],
                "tier": r["tier"],
                "change_kind": kind,
                "change": why,
            }
        )
    return pl.DataFrame(rows, schema=schema)


def _indicators_by_criterion(pol: Policy) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for (c, _, _), ident in zip(pol.indicator_items(), pol.indicator_ids(), strict=True):
        out.setdefault(c, []).append(ident)
    return out


def _why_changed(
    pol: Policy,
    crits: list[str],
    members_of: dict[str, list[str]],
    prev: dict[str, object],
    r: dict[str, object],
) -> tuple[str, str]:
    """Classify one change of tier: membership, exclusion, evidence gap or a change of evidence."""
    if "member" in (prev["tier"], r["tier"]):
        return "membership", "membership changed"
    moved = [c for c in crits if r[c] != prev[c]]
    if not moved and prev.get("exclusion") != r.get("exclusion"):
        was = set(str(prev.get("exclusion") or "").split(", ")) - {""}
        now = set(str(r.get("exclusion") or "").split(", ")) - {""}
        bits = [f"exclusion rule '{n}' now applies" for n in sorted(now - was)]
        bits += [f"exclusion rule '{n}' no longer applies" for n in sorted(was - now)]
        return "exclusion", "; ".join(bits)
    gaps: list[str] = []
    real: list[str] = []
    for c in moved:
        for ident in members_of[c]:
            before, after = str(prev[f"{ident}_status"]), str(r[f"{ident}_status"])
            if before == after:
                continue
            if after.startswith("missing") and not before.startswith("missing"):
                gaps.append(
                    f"{ident} has no value within its allowed age (last {prev[f'{ident}_year']})"
                )
            elif before.startswith("missing") and not after.startswith("missing"):
                gaps.append(f"{ident} has a value again ({r[f'{ident}_year']})")
            else:
                real.append(f"{ident}: {before} -> {after}")
    crit_text = "; ".join(f"{c}: {prev[c]} -> {r[c]}" for c in moved)
    if gaps and not real:
        return (
            "evidence gap",
            f"evidence gap, not a change in the state: {'; '.join(gaps)} ({crit_text})",
        )
    if gaps:
        return "change", f"{crit_text} ({'; '.join(real)}; also {'; '.join(gaps)})"
    if not moved:
        return "change", "the Monte Carlo point estimate moved"  # pragma: no cover
    return "change", f"{crit_text} ({'; '.join(real)})" if real else crit_text
