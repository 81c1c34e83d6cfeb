"""Explanations and sensitivity of affiliation decisions (history lives in ``history.py`` and is
re-exported here)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from socius.affiliation.classify import (
    _apply_cap,
    _criteria,
    _layout,
    _tiers,
    assess,
    resolve_policy,
)
from socius.affiliation.history import history, year_changes
from socius.affiliation.policy import Policy
from socius.codes import ccode_name, to_ccode
from socius.errors import UnknownNameError
from socius.limits import check_count

__all__ = [
    "TIER_LABELS",
    "Explanation",
    "explain",
    "history",
    "sensitivity",
    "sensitivity_summary",
    "tier_changes",
    "tier_words",
    "year_changes",
]

#: Short words for the default policy's tiers (a policy's own: :func:`tier_words`).
TIER_LABELS = {
    "member": "member",
    "active_partner": "active partner",
    "associate": "associate",
    "none": "no affiliation",
}


def tier_words(tier: str, policy: Policy | None = None) -> str:
    """A tier in short words: "active partner", "no affiliation", or a custom tier's name with
    spaces ("aligned partner").

    Parameters
    ----------
    tier
        A tier code as in the ``tier`` column of :func:`classify` (``"member"``,
        ``"active_partner"``, ``"associate"``, ``"none"`` or a policy's own tier name).
    policy
        Accepted for symmetry with :meth:`Policy.tier_label` and currently unused: the
        words come from :data:`TIER_LABELS`, else from the code itself. Use
        ``policy.tier_label(tier)`` for the policy's own longer label.

    Returns
    -------
    str
        The short words; an unknown code comes back with underscores as spaces.

    Examples
    --------
    >>> tier_words("none"), tier_words("active_partner"), tier_words("aligned_partner")
    ('no affiliation', 'active partner', 'aligned partner')
    """
    return TIER_LABELS.get(tier, tier.replace("_", " "))


def _cap_of(pol: Policy, applied: object) -> int:
    """The tier cap (a tier code) of the exclusion rules named in *applied* ("a, b"), 0 if none."""
    if not applied:
        return 0
    codes = pol.tier_codes()
    caps = [
        codes.index(rule.cap)
        for name in str(applied).split(", ")
        if (rule := pol.exclusions.get(name)) is not None and rule.cap is not None
    ]
    return max(caps, default=0)


@dataclass(frozen=True)
class Explanation:
    """A readable rationale for one state's tier in one year."""

    ccode: int
    name: str
    year: int
    tier: str
    confidence: float
    text: str
    evidence: pl.DataFrame
    counterfactuals: pl.DataFrame

    def __str__(self) -> str:
        return self.text


def _fmt(v: float | None) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return "missing"
    return f"{v:.3g}" if abs(v) < 1000 else f"{v:,.0f}"


def explain(
    state: str | int,
    year: int,
    *,
    policy: Policy | str | Path | None = None,
    alliance: str | None = None,
    draws: int | None = None,
) -> Explanation:
    """Explain why *state* has its tier in *year*: for each indicator its value, the year the
    value comes from and its age, the threshold and the margin; the exclusion rules that apply;
    evidence gaps; and what would change the decision.

    Parameters
    ----------
    state
        A name, ISO3 code, COW abbreviation or COW code ("Japan", "JPN", 740), read as of
        *year* (see :func:`socius.codes.to_ccode`).
    year
        The year to explain (membership is read on 31 December).
    policy
        A :class:`Policy`, a path to a policy TOML file, or None for the shipped default.
    alliance
        NATO (default from the policy), SCO or CSTO.
    draws
        Monte Carlo draws [1-100,000] behind the confidence; default: the policy's (the
        seed is always the policy's, so the confidence matches :func:`classify`).

    Returns
    -------
    Explanation
        ``ccode``, ``name``, ``year``, ``tier`` (code), ``confidence`` [0-1, share of draws
        giving the same tier; 1.0 for a member], ``text`` (the rationale, also ``str(e)``),
        ``evidence`` (the state's rows of :attr:`Assessment.evidence`) and
        ``counterfactuals``: one row per indicator whose threshold, moved just past the
        state's value with the others fixed, changes the tier (``indicator``,
        ``passes_if``, ``threshold``, ``flip_threshold`` (the state's value),
        ``new_tier``, ``direction`` ("stricter than" or "as lenient as") and
        ``distance`` [share of the indicator's scale]), nearest first; empty for a member.

    Raises
    ------
    UnknownNameError
        An unknown state, one that did not exist in *year*, or an unknown alliance.
    ValidationError
        Draws out of range; a bad policy file.
    CoverageError
        A year outside the alliance's membership data.

    Examples
    --------
    >>> e = explain("Japan", 2007, draws=100)
    >>> e.ccode, e.tier, e.confidence
    (740, 'active_partner', 1.0)
    >>> e.counterfactuals.select("indicator", "flip_threshold", "new_tier").row(0)
    ('armed_forces', 240.0, 'none')
    >>> explain("Poland", 2007, draws=100).text.splitlines()[1]
    'Poland is a member of NATO on 31 December 2007; the tiers apply to non-members.'
    """
    pol = resolve_policy(policy)
    ccode = to_ccode(state, year=year)
    result = assess(year, policy=pol, alliance=alliance, draws=draws)
    row = result.table.filter(pl.col("ccode") == ccode)
    if row.is_empty():
        raise UnknownNameError(
            f"{ccode_name(ccode)} (COW {ccode}) is not a state in {year}; choose a year in which it existed"
        )
    r = row.to_dicts()[0]
    ev = result.evidence.filter(pl.col("ccode") == ccode)
    name = str(r["name"])
    tier = str(r["tier"])
    lines = [
        f"{name} ({r['iso3'] or 'no ISO3'}; COW {ccode} {r['stateabb']}), {year}: "
        f"{pol.tier_label(tier)} of {result.alliance}"
    ]
    if tier == "member":
        lines.append(
            f"{name} is a member of {result.alliance} on 31 December {year}; the tiers apply to non-members."
        )
        return Explanation(ccode, name, year, tier, 1.0, "\n".join(lines), ev, pl.DataFrame())
    lines[0] += f" (confidence {r['confidence']:.0%} of {result.draws:,} Monte Carlo draws)."
    if r.get("treatment"):
        lines.append(f"Treatment: {r['treatment']}.")
    if r.get("trojan_horse"):
        lines.append(
            f"Flag: {r['trojan_horse']} (a possible Trojan horse for the alliance's cohesion)."
        )
    if r.get("notes"):
        lines.append(f"Note: {r['notes']}.")
    lines.append("")
    lines.append("Criteria (value, year of the value and its age, threshold, margin, status):")
    for cname, crit in pol.criteria.items():
        status = r[cname]
        margin = r[f"{cname}_margin"]
        lines.append(
            f"- {cname} ({crit.label}): {status.upper()}"
            + (f", margin {margin:+.3f} of the scale" if margin is not None else "")
            + f"; passes in {r[f'{cname}_p']:.0%} of draws."
        )
        for e in ev.filter(pl.col("criterion") == cname).iter_rows(named=True):
            ident = e["indicator"]
            st = r[f"{ident}_status"]
            when = (
                f" ({e['evidence_year']}, {_age_words(e['age'])})"
                if e["evidence_year"] is not None
                else f" (no value within {_reach(pol, ident)})"
            )
            mg = r[f"{ident}_margin"]
            margin_text = f", margin {_signed(mg)}" if mg is not None else ""
            lines.append(
                f"    {e['label']}: {_fmt(e['value'])}{when} vs threshold {e['passes_if']} {_fmt(e['threshold'])}"
                f"{margin_text} -> {st}  [source: {e['source']}]"
            )
    lines.append("")
    lines.extend(_exclusion_lines(pol, r))
    if r.get("stale_evidence") or r.get("evidence_gaps"):
        lines.append("")
        if r.get("stale_evidence"):
            lines.append(
                f"Stale evidence (older than {pol.evidence.stale_after} year(s); limit {pol.evidence.max_age}): "
                f"{r['stale_evidence']}."
            )
        if r.get("rests_on_stale"):
            lines.append(
                f"The tier rests on stale evidence: without values older than {pol.evidence.stale_after} "
                f"year(s) it would be {tier_words(str(r['tier_without_stale']))}."
            )
        if r.get("evidence_gaps"):
            lines.append(
                f"Evidence gaps (no value within the allowed age): {r['evidence_gaps']}; "
                "a tier that changes because of them reflects missing data, not a change in the state."
            )
    rule = _rule_text(pol, str(r["tier_before_exclusion"]))
    lines.append("")
    lines.append(f"Rule: {rule}")
    cf = _counterfactuals(pol, ccode, year, result)
    if cf.height:
        lines.append("")
        lines.append("What would change the decision (one threshold at a time):")
        for c in cf.iter_rows(named=True):
            lines.append(
                f"- {c['indicator']}: a threshold {c['direction']} {_fmt(c['flip_threshold'])} (the state's value; now "
                f"{c['passes_if']} {_fmt(c['threshold'])}) would make it {tier_words(c['new_tier'])}."
            )
    needs = _needs(pol, r, ev)
    if needs:
        lines.append("")
        lines.extend(needs)
    return Explanation(ccode, name, year, tier, float(r["confidence"]), "\n".join(lines), ev, cf)


def _age_words(age: int | None) -> str:
    if age is None:
        return "age unknown"
    return "current" if age == 0 else f"{age} year{'s' if age != 1 else ''} old"


def _signed(v: float) -> str:
    return f"{v:+.3g}" if abs(v) < 1000 else f"{v:+,.0f}"


def _reach(pol: Policy, ident: str) -> str:
    for (_, _, ind), i in zip(pol.indicator_items(), pol.indicator_ids(), strict=True):
        if i == ident:
            n = pol.effective_fallback(ind)
            return "the year" if n == 0 else f"{n} year{'s' if n != 1 else ''}"
    return "the allowed age"


def _exclusion_lines(pol: Policy, r: dict[str, object]) -> list[str]:
    if not pol.exclusions:
        return ["Exclusion rules: the policy has none."]
    applied = [a for a in str(r.get("exclusion") or "").split(", ") if a]
    untested = (
        [f"No evidence to test exclusion rule(s) {r['exclusion_unknown']}; they do not apply."]
        if r.get("exclusion_unknown")
        else []
    )
    if not applied:
        rules = "; ".join(f"{n}: {rule.label}" for n, rule in pol.exclusions.items())
        return [f"Exclusion rules: none applies ({rules}).", *untested]
    out = []
    before, after = str(r["tier_before_exclusion"]), str(r["tier"])
    for name in applied:
        rule = pol.exclusions[name]
        effects = []
        if rule.cap is not None:
            effects.append(f"caps the tier at {tier_words(rule.cap)}")
        if rule.treatment:
            effects.append(f"treatment '{rule.treatment}'")
        if rule.forbid:
            effects.append("no " + " or ".join(f.replace("_", " ") for f in rule.forbid) + " step")
        out.append(
            f"Exclusion rule '{name}' applies ({rule.label}): {', '.join(effects)}. Reason: {rule.reason}."
        )
    if before != after:
        out.append(
            f"Without the exclusion the criteria would give {tier_words(before)}; the rule lowers it to "
            f"{tier_words(after)}."
        )
    return out + untested


def _ident(pol: Policy, column: str, criterion: str) -> str:
    for (c, _, ind), ident in zip(pol.indicator_items(), pol.indicator_ids(), strict=True):
        if c == criterion and ind.column == column:
            return ident
    raise KeyError(column)


def _rule_text(pol: Policy, tier: str) -> str:
    if tier == "none":
        parts = [f"{tier_words(t)} needs {_rule(pol, t)}" for t in pol.tier_order()]
        return "no tier rule is met: " + "; ".join(parts) + "."
    return f"{tier_words(tier)} = {_rule(pol, tier)}."


def _rule(pol: Policy, tier: str) -> str:
    rule = pol.tiers[tier]
    bits = []
    if rule.all_of:
        bits.append(" and ".join(rule.all_of))
    if rule.any_of:
        bits.append("at least one of (" + ", ".join(rule.any_of) + ")")
    if rule.none_of:
        bits.append("not " + " or ".join(rule.none_of))
    return " and ".join(bits)


def _needs(pol: Policy, r: dict[str, object], ev: pl.DataFrame) -> list[str]:
    """For failed criteria: the smallest value changes that would make them pass."""
    out = []
    for cname, crit in pol.criteria.items():
        if r[cname] == "pass":
            continue
        failing = []
        for (c, _, ind), ident in zip(pol.indicator_items(), pol.indicator_ids(), strict=True):
            if c != cname or r[f"{ident}_status"] != "fail":
                continue
            value = r[ident]
            margin = r[f"{ident}_margin"]
            assert isinstance(value, float) and isinstance(margin, float)
            failing.append(
                (
                    abs(margin),
                    f"{ind.label or ident} from {_fmt(value)} to {ind.passes_if} {_fmt(ind.threshold)}",
                )
            )
        if not failing:
            continue
        passing = sum(
            1
            for (c, _, _), ident in zip(pol.indicator_items(), pol.indicator_ids(), strict=True)
            if c == cname and r[f"{ident}_status"] == "pass"
        )
        need = {
            "all": len(failing),
            "any": 1,
            "at_least": max(0, int(crit.at_least or 1) - passing),
        }[crit.combine]
        if need <= 0:
            continue
        failing.sort()
        chosen = [t for _, t in failing[:need]]
        out.append(
            f"To pass '{cname}', {need} more indicator(s) would have to pass, for example: "
            + "; ".join(chosen)
            + "."
        )
    return out


def _point_tiers(
    pol: Policy, values: np.ndarray, thresholds: np.ndarray, cap: np.ndarray | int = 0
) -> np.ndarray:
    lay = _layout(pol)
    ok, _, _ = _criteria(pol, lay, values, thresholds)
    return _apply_cap(_tiers(pol, lay, ok), np.asarray(cap))


def _matrix(pol: Policy, table: pl.DataFrame) -> np.ndarray:
    ids = pol.indicator_ids()
    return np.column_stack([table[i].cast(pl.Float64).fill_null(np.nan).to_numpy() for i in ids])


def _counterfactuals(pol: Policy, ccode: int, year: int, result: object) -> pl.DataFrame:
    from socius.affiliation.classify import Assessment

    assert isinstance(result, Assessment)
    table = result.table.filter(pl.col("year") == year)
    lay = _layout(pol)
    row = table.filter(pl.col("ccode") == ccode)
    V = _matrix(pol, row)
    cap = _cap_of(pol, row["exclusion"][0])
    base = int(_point_tiers(pol, V, lay.threshold, cap)[0])
    rows = []
    for k, ident in enumerate(pol.indicator_ids()):
        value = V[0, k]
        if np.isnan(value):
            continue
        passing = lay.sign[k] * (value - lay.threshold[k]) >= 0
        # The smallest threshold move that flips this indicator: just beyond the state's value.
        step = 1e-9 * (lay.hi[k] - lay.lo[k])
        flip = value + lay.sign[k] * step if passing else value
        T = lay.threshold.copy()
        T[k] = flip
        new = int(_point_tiers(pol, V, T[None, :], cap)[0])
        if new == base:
            continue
        rows.append(
            {
                "indicator": ident,
                "passes_if": "<=" if lay.sign[k] < 0 else ">=",
                "threshold": float(lay.threshold[k]),
                "flip_threshold": float(value),
                "new_tier": pol.tier_codes()[new],
                "direction": ("stricter than" if passing else "as lenient as"),
                "distance": float(abs(value - lay.threshold[k]) / (lay.hi[k] - lay.lo[k])),
            }
        )
    schema = {
        "indicator": pl.String,
        "passes_if": pl.String,
        "threshold": pl.Float64,
        "flip_threshold": pl.Float64,
        "new_tier": pl.String,
        "direction": pl.String,
        "distance": pl.Float64,
    }
    return pl.DataFrame(rows, schema=schema).sort("distance")


def sensitivity(
    year: int,
    *,
    policy: Policy | str | Path | None = None,
    alliance: str | None = None,
    points: int = 21,
) -> pl.DataFrame:
    """Which states change tier as each threshold moves across its scale (others held fixed).

    The thresholds tried are an even grid of *points* values over the indicator's scale
    plus every value a state actually has (where tiers can change). Returns one row per
    (indicator, threshold) with the number of states whose tier differs from the policy's
    and their ISO3 codes by new tier.

    Parameters
    ----------
    year
        The year whose evidence is scanned.
    policy
        A :class:`Policy`, a path to a policy TOML file, or None for the shipped default.
    alliance
        NATO (default from the policy), SCO or CSTO; its members are left out.
    points
        Evenly spaced thresholds per indicator over its scale [2-1,001], on top of each
        state's own value and a value just past it.

    Returns
    -------
    polars.DataFrame
        One row per (indicator, threshold): ``indicator`` (id), ``column`` (dataset
        column), ``threshold`` [the indicator's scale], ``is_policy`` (the policy's own
        threshold), ``n_changed`` (non-members whose point tier differs from the tier under
        the policy's thresholds; exclusion caps kept, no Monte Carlo) and one column
        ``to_<tier>`` per tier (including ``to_none``) listing the ISO3 codes (COW
        abbreviations where a state has none) of the states moved to that tier, "" if none.

    Raises
    ------
    ValidationError
        *points* out of range; a bad policy file.
    CoverageError
        A year outside the alliance's membership data.

    See Also
    --------
    sensitivity_summary : the nearest tier-changing thresholds on either side.

    Examples
    --------
    >>> s = sensitivity(2007, points=5)
    >>> s.filter(s["is_policy"] & (s["indicator"] == "v2x_libdem")).select(
    ...     "threshold", "n_changed"
    ... ).row(0)
    (0.5, 0)
    """
    pol = resolve_policy(policy)
    check_count("points", points, option="points")
    result = assess(year, policy=pol, alliance=alliance, draws=1)
    table = result.table.filter(pl.col("tier") != "member")
    lay = _layout(pol)
    V = _matrix(pol, table)
    cap = np.array([_cap_of(pol, e) for e in table["exclusion"].to_list()], dtype=np.int8)
    base = _point_tiers(pol, V, lay.threshold, cap)
    # ISO3 codes (COW abbreviations where a state has none): AUS is Australia, as in the inputs
    abbs = np.array(table.select(pl.coalesce("iso3", "stateabb"))["iso3"].to_list(), dtype=object)
    codes = pol.tier_codes()
    rows = []
    for k, ident in enumerate(pol.indicator_ids()):
        col = V[:, k][~np.isnan(V[:, k])]
        step = 1e-9 * (lay.hi[k] - lay.lo[k])
        candidates = np.concatenate(
            [
                np.linspace(lay.lo[k], lay.hi[k], points),
                col,
                col + lay.sign[k] * step,
                [lay.threshold[k]],
            ]
        )
        grid = np.unique(np.clip(candidates, lay.lo[k], lay.hi[k]))
        T = np.repeat(lay.threshold[None, :], len(grid), axis=0)
        T[:, k] = grid
        tiers = _point_tiers(pol, np.broadcast_to(V, (len(grid), *V.shape)), T[:, None, :], cap)
        diff = tiers != base
        for g, t in enumerate(grid):
            d = diff[g]
            row: dict[str, object] = {
                "indicator": ident,
                "column": lay.keys[k],
                "threshold": float(t),
                "is_policy": bool(t == lay.threshold[k]),
                "n_changed": int(d.sum()),
            }
            for code, tname in enumerate(codes):
                if tname != "member":
                    row[f"to_{tname}"] = ", ".join(abbs[d & (tiers[g] == code)])
            rows.append(row)
    return pl.DataFrame(rows)


def sensitivity_summary(
    table: pl.DataFrame, policy: Policy | str | Path | None = None, *, max_states: int = 8
) -> pl.DataFrame:
    """Per indicator: the nearest stricter and the nearest more lenient threshold at which some
    state changes tier, and which states change there (at most *max_states* named).

    Parameters
    ----------
    table
        A :func:`sensitivity` result.
    policy
        The policy *table* was computed under (a :class:`Policy`, a path, or None for the
        shipped default); its thresholds and directions define "stricter".
    max_states
        How many ISO3 codes to name per tier before "and n more".

    Returns
    -------
    polars.DataFrame
        One row per policy indicator: ``indicator``, ``passes_if``, ``policy_threshold``,
        ``stricter_threshold`` and ``changes_if_stricter``, ``lenient_threshold`` and
        ``changes_if_lenient`` (e.g. "1 to associate (IDN)"); thresholds are on the
        indicator's scale; null where no tried threshold on that side changes a tier.

    Raises
    ------
    ValidationError
        A bad policy file.

    Examples
    --------
    >>> s = sensitivity_summary(sensitivity(2007, points=5))
    >>> s.filter(s["indicator"] == "v2x_libdem").select(
    ...     "lenient_threshold", "changes_if_lenient"
    ... ).row(0)
    (0.458, '1 to active_partner (MEX)')
    """
    pol = resolve_policy(policy)
    out = []
    for (_, _, ind), ident in zip(pol.indicator_items(), pol.indicator_ids(), strict=True):
        sign = 1.0 if ind.passes_if == ">=" else -1.0
        part = table.filter((pl.col("indicator") == ident) & (pl.col("n_changed") > 0))
        offset = (pl.col("threshold") - ind.threshold) * sign
        stricter = part.filter(offset > 0).sort(offset).head(1)
        lenient = part.filter(offset < 0).sort(offset, descending=True).head(1)
        out.append(
            {
                "indicator": ident,
                "passes_if": ind.passes_if,
                "policy_threshold": ind.threshold,
                "stricter_threshold": stricter["threshold"][0] if stricter.height else None,
                "changes_if_stricter": _states(stricter, max_states),
                "lenient_threshold": lenient["threshold"][0] if lenient.height else None,
                "changes_if_lenient": _states(lenient, max_states),
            }
        )
    schema = {
        "indicator": pl.String,
        "passes_if": pl.String,
        "policy_threshold": pl.Float64,
        "stricter_threshold": pl.Float64,
        "changes_if_stricter": pl.String,
        "lenient_threshold": pl.Float64,
        "changes_if_lenient": pl.String,
    }
    return pl.DataFrame(out, schema=schema)


def _states(frame: pl.DataFrame, limit: int) -> str | None:
    if frame.is_empty():
        return None
    r = frame.to_dicts()[0]
    parts = []
    for key in [c for c in r if c.startswith("to_")]:
        names = [s for s in str(r[key]).split(", ") if s]
        if names:
            shown = ", ".join(names[:limit]) + (
                f" and {len(names) - limit} more" if len(names) > limit else ""
            )
            parts.append(f"{len(names)} to {key.removeprefix('to_')} ({shown})")
    return "; ".join(parts)


def tier_changes(before: pl.DataFrame, after: pl.DataFrame, policy_after: Policy) -> pl.DataFrame:
    """States whose tier differs between two classifications, with the criteria that changed.

    Parameters
    ----------
    before, after
        Two :func:`classify` tables (for the same year, typically under two policies);
        states are matched on ``ccode`` and only states in both are compared.
    policy_after
        The policy of *after*: its criteria are compared (those present in both tables) and
        its tier rules name the reason when the criteria did not change.

    Returns
    -------
    polars.DataFrame
        One row per state whose tier changed: ``ccode``, ``name``, ``iso3``, ``stateabb``,
        ``tier_before``, ``tier_after`` and ``why`` (the criteria that changed, e.g.
        "values: pass -> fail", or the rule of the new policy that applies).

    Examples
    --------
    >>> from socius.affiliation import aligned_policy_path, classify, load_policy
    >>> aligned = load_policy(aligned_policy_path())
    >>> changes = tier_changes(
    ...     classify(2007, draws=20), classify(2007, policy=aligned, draws=20), aligned
    ... )
    >>> changes.select("iso3", "tier_before", "tier_after").rows()
    [('GEO', 'none', 'aligned_partner'), ('MDA', 'none', 'aligned_partner')]
    """
    crits = [c for c in policy_after.criteria if c in before.columns and c in after.columns]
    joined = (
        before.select("ccode", "name", "iso3", "stateabb", "tier", *crits)
        .join(after.select("ccode", "tier", *crits), on="ccode", suffix="_new")
        .filter(pl.col("tier") != pl.col("tier_new"))
    )
    reasons = []
    for r in joined.iter_rows(named=True):
        moved = "; ".join(f"{c}: {r[c]} -> {r[c + '_new']}" for c in crits if r[c] != r[c + "_new"])
        if not moved:  # same evidence, different rules (a new tier, another order, an exclusion)
            new = str(r["tier_new"])
            moved = (
                f"same criteria; the policy's rule {tier_words(new)} = {_rule(policy_after, new)}"
                if new in policy_after.tiers
                else "same criteria; the policy's tier rules or exclusions differ"
            )
        reasons.append(moved)
    return joined.select(
        "ccode",
        "name",
        "iso3",
        "stateabb",
        pl.col("tier").alias("tier_before"),
        pl.col("tier_new").alias("tier_after"),
    ).with_columns(pl.Series("why", reasons, dtype=pl.String))
