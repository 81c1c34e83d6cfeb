"""Classify states into tiers under a policy, with Monte Carlo confidence.

For each state and year the indicators are compared with their thresholds, the
criteria combine them (all, any, at least n), and the tier rules map criteria to a
tier. Exclusion rules then cap the tier (never raise it), force a treatment such as
"contain" or forbid roadmap steps. The Monte Carlo redraws every indicator within its
published uncertainty (where the source publishes one, such as UN ideal-point quantiles,
or where the policy sets an explicitly labelled standard deviation) and every threshold
uniformly within its band; a state's confidence is the share of draws that give the
same tier. Draws are processed in fixed-size chunks, so memory stays bounded whatever
the number of draws, and each year has its own random stream (seed, year), so a
state-year gets the same confidence from ``classify`` and from ``history``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from socius.affiliation.indicators import (
    assemble,
    derived_source,
    indicator_spec,
    scale_array,
    suspended_partnerships,
    unknown_start_partners,
)
from socius.affiliation.policy import TIERS, Policy, default_policy, load_policy
from socius.alliances import members
from socius.codes import display_names
from socius.errors import CoverageError
from socius.limits import check_count, check_seed
from socius.provenance import Source, add_provenance

__all__ = [
    "Assessment",
    "TierModel",
    "YearEvidence",
    "assess",
    "classify",
    "classify_years",
    "resolve_policy",
]

#: Tier values of the default policy, highest first (a policy's own: ``Policy.tier_codes()``).
TIER_ORDER = ("member", *TIERS, "none")
_SKIP, _FAIL, _PASS = 0, 1, 2
#: Monte Carlo draws evaluated at once: memory is O(chunk x states x indicators) whatever the
#: number of draws (100,000 draws needed 14.5 GB in one block).
MC_CHUNK = 250


def resolve_policy(policy: Policy | str | Path | None) -> Policy:
    """A Policy from an object, a file path, or None (the shipped default).

    Parameters
    ----------
    policy
        A :class:`Policy` (returned as is), the path of a policy TOML file (read with
        :func:`~socius.affiliation.load_policy`), or None for :func:`default_policy`.

    Returns
    -------
    Policy
        The validated policy.

    Raises
    ------
    ValidationError
        The file does not exist, is not valid TOML, or fails validation (every problem in
        one message).

    Examples
    --------
    >>> pol = resolve_policy(None)
    >>> pol.alliance, pol.tier_order()
    ('NATO', ['active_partner', 'associate'])
    """
    if policy is None:
        return default_policy()
    if isinstance(policy, Policy):
        return policy
    return load_policy(policy)


@dataclass(frozen=True)
class _Layout:
    keys: list[str]
    ids: list[str]
    crit_names: list[str]
    crit_of: np.ndarray  # indicator -> criterion index
    sign: np.ndarray
    threshold: np.ndarray
    band: np.ndarray
    on_missing: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    policy_sd: np.ndarray
    use_published: np.ndarray
    member: np.ndarray  # (K, C) int: indicator k belongs to criterion c


def _layout(policy: Policy) -> _Layout:
    items = policy.indicator_items()
    keys = [ind.column for _, _, ind in items]
    crit_names = list(policy.criteria)
    lo, hi = scale_array(keys)
    return _Layout(
        keys=keys,
        ids=policy.indicator_ids(),
        crit_names=crit_names,
        crit_of=np.array([crit_names.index(c) for c, _, _ in items]),
        sign=np.array([1.0 if ind.passes_if == ">=" else -1.0 for _, _, ind in items]),
        threshold=np.array([ind.threshold for _, _, ind in items], dtype=float),
        band=np.array([ind.band for _, _, ind in items], dtype=float),
        on_missing=np.array(
            [{"skip": _SKIP, "fail": _FAIL, "pass": _PASS}[ind.on_missing] for _, _, ind in items]
        ),
        lo=lo,
        hi=hi,
        policy_sd=np.array(
            [
                ind.uncertainty.sd or 0.0 if ind.uncertainty.kind == "sd" else 0.0
                for _, _, ind in items
            ]
        ),
        use_published=np.array([ind.uncertainty.kind == "published" for _, _, ind in items]),
        member=(
            np.array([crit_names.index(c) for c, _, _ in items])[:, None]
            == np.arange(len(crit_names))[None, :]
        ).astype(np.int16),
    )


def _criteria(
    policy: Policy,
    lay: _Layout,
    values: np.ndarray,
    thresholds: np.ndarray,
    *,
    margins: bool = True,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Evaluate criteria. values: (..., N, K); thresholds broadcastable to it.

    Returns (criterion passes, insufficient evidence, criterion margin), each (..., N, C);
    with ``margins=False`` the margins are left NaN.
    """
    present = ~np.isnan(values)
    diff = lay.sign * (values - thresholds)
    usable = present | (lay.on_missing != _SKIP)
    # a present value passes when diff >= 0; a missing one as on_missing says
    ind_pass = np.where(present, diff >= 0, lay.on_missing == _PASS) & usable
    ok, insufficient = _combine(policy, lay, ind_pass @ lay.member, usable @ lay.member)
    shape = ok.shape
    cmargin = np.full(shape, np.nan)
    if margins:
        margin = np.where(present, diff / (lay.hi - lay.lo), np.nan)
        for c, name in enumerate(lay.crit_names):
            idx = np.flatnonzero(lay.crit_of == c)
            cmargin[..., c] = _criterion_margin(policy.criteria[name], margin[..., idx])
    return ok, insufficient, cmargin


def _combine(
    policy: Policy, lay: _Layout, n_pass: np.ndarray, n_use: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Criterion results from the counts of passing and usable indicators per criterion (..., C)."""
    ok = np.zeros(n_pass.shape, dtype=bool)
    insufficient = np.zeros(n_pass.shape, dtype=bool)
    for c, name in enumerate(lay.crit_names):
        crit = policy.criteria[name]
        p, u = n_pass[..., c], n_use[..., c]
        if crit.combine == "all":
            res = p == u
        elif crit.combine == "any":
            res = p >= 1
        else:
            res = p >= int(crit.at_least or 1)
        short = u < crit.min_evidence
        ok[..., c] = np.where(short, crit.on_insufficient == "pass", res)
        insufficient[..., c] = short
    return ok, insufficient


def _criterion_margin(crit: object, m: np.ndarray) -> np.ndarray:
    """The criterion's margin from its indicators' margins: the weakest for 'all', the strongest
    for 'any', the k-th strongest for 'at_least'."""
    from socius.affiliation.policy import Criterion

    assert isinstance(crit, Criterion)
    if crit.combine == "all":
        return _nan_reduce(m, np.nanmin)
    if crit.combine == "any":
        return _nan_reduce(m, np.nanmax)
    k = int(crit.at_least or 1)
    filled = np.where(np.isnan(m), -np.inf, m)
    kth = (
        -np.sort(-filled, axis=-1)[..., k - 1]
        if filled.shape[-1] >= k
        else np.full(filled.shape[:-1], -np.inf)
    )
    out: np.ndarray = np.where(np.isfinite(kth), kth, np.nan)
    return out


def _nan_reduce(m: np.ndarray, fn: object) -> np.ndarray:
    all_nan = np.isnan(m).all(-1)
    safe = np.where(all_nan[..., None], 0.0, m)
    out = fn(np.where(np.isnan(safe), np.nan, safe), axis=-1)  # type: ignore[operator]
    return np.where(all_nan, np.nan, out)


def _tiers(policy: Policy, lay: _Layout, ok: np.ndarray) -> np.ndarray:
    """Tier codes (index into ``policy.tier_codes()``, never 'member') from criterion results
    (..., N, C); higher tiers take precedence."""
    codes = policy.tier_codes()
    tier = np.full(ok.shape[:-1], codes.index("none"), dtype=np.int8)
    for name in reversed(policy.tier_order()):
        rule = policy.tiers[name]
        hit = np.ones(ok.shape[:-1], dtype=bool)
        for ref in rule.all_of:
            hit &= ok[..., lay.crit_names.index(ref)]
        if rule.any_of:
            any_hit = np.zeros(ok.shape[:-1], dtype=bool)
            for ref in rule.any_of:
                any_hit |= ok[..., lay.crit_names.index(ref)]
            hit &= any_hit
        for ref in rule.none_of:
            hit &= ~ok[..., lay.crit_names.index(ref)]
        tier = np.where(hit, codes.index(name), tier)
    return tier


@dataclass(frozen=True)
class _Exclusions:
    """Which exclusion rules apply to each state (point evidence; conditions have no band)."""

    applies: dict[str, np.ndarray]  # rule -> (N,) bool
    cap: np.ndarray  # (N,) lowest allowed tier code (0 = no cap)
    unknown: dict[str, np.ndarray]  # rule -> (N,) bool: a condition had no evidence


def _exclusions(pol: Policy, part: pl.DataFrame, skip: np.ndarray) -> _Exclusions:
    codes = pol.tier_codes()
    n = part.height
    cap = np.zeros(n, dtype=np.int8)
    applies: dict[str, np.ndarray] = {}
    unknown: dict[str, np.ndarray] = {}
    for name, rule in pol.exclusions.items():
        tests = []
        missing = np.zeros(n, dtype=bool)
        for cond in rule.when:
            v = part[cond.column].cast(pl.Float64).fill_null(np.nan).to_numpy()
            sign = 1.0 if cond.applies_if == ">=" else -1.0
            missing |= np.isnan(v)
            tests.append(~np.isnan(v) & (sign * (v - cond.threshold) >= 0))
        hit = np.logical_and.reduce(tests) if rule.combine == "all" else np.logical_or.reduce(tests)
        hit &= ~skip
        applies[name] = hit
        unknown[name] = missing & ~hit & ~skip
        if rule.cap is not None:
            cap = np.where(hit, np.maximum(cap, codes.index(rule.cap)), cap)
    return _Exclusions(applies, cap.astype(np.int8), unknown)


def _apply_cap(tier: np.ndarray, cap: np.ndarray) -> np.ndarray:
    """Lower each tier to its cap (a larger code is a lower tier); never raises a tier."""
    out: np.ndarray = np.maximum(tier, cap)
    return out


@dataclass(frozen=True)
class Assessment:
    """The full result of classifying one or more years: the table and the long evidence."""

    policy: Policy
    alliance: str
    table: pl.DataFrame
    evidence: pl.DataFrame
    draws: int


def _evidence_frame(
    policy: Policy, lay: _Layout, years: tuple[int, int], alliance: str
) -> pl.DataFrame:
    keys = [(ind.column, policy.effective_fallback(ind)) for _, _, ind in policy.indicator_items()]
    if policy.trojan_horse is not None and policy.trojan_horse.alignment not in lay.keys:
        keys.append((policy.trojan_horse.alignment, min(1, policy.evidence.max_age)))
    for rule in policy.exclusions.values():
        for cond in rule.when:
            if cond.column not in lay.keys:
                keys.append((cond.column, min(cond.fallback_years, policy.evidence.max_age)))
    return assemble(keys, years, alliance)


def assess(
    year: int | tuple[int, int],
    *,
    policy: Policy | str | Path | None = None,
    alliance: str | None = None,
    draws: int | None = None,
    seed: int | None = None,
) -> Assessment:
    """Classify every state in *year* (or each year of an inclusive range); see :func:`classify`.

    Parameters
    ----------
    year
        One year, or ``(first, last)`` inclusive; membership is read on 31 December.
    policy
        A :class:`Policy`, a path to a policy TOML file, or None for the shipped default.
    alliance
        Alliance name (NATO, SCO, CSTO; any case); default: the policy's ``alliance``.
    draws
        Monte Carlo draws per year [1-100,000]; default: the policy's ``monte_carlo.draws``.
    seed
        Random seed [0 to 2^63-1]; default: the policy's. Each year draws from its own
        stream (seed, year), so a state-year gets the same confidence in every range.

    Returns
    -------
    Assessment
        ``table`` (the :func:`classify` table, one row per state-year, with provenance),
        ``evidence`` (long form, one row per state-year and indicator: ``ccode``, ``name``,
        ``iso3``, ``year``, ``criterion``, ``indicator``, ``column``, ``label``, ``value``
        (null where missing), ``evidence_year``, ``age`` [years], ``sd`` (the Monte Carlo
        standard deviation), ``source``, ``passes_if``, ``threshold``, ``band``), and the
        ``policy``, ``alliance`` and ``draws`` used.

    Raises
    ------
    ValidationError
        Draws or seed out of range; a bad policy file.
    CoverageError
        A range that runs backwards, or a year outside the alliance's membership data
        (from its founding to 2024).
    UnknownNameError
        An unknown alliance.

    Examples
    --------
    >>> a = assess(2007, draws=50)
    >>> a.alliance, a.draws, a.table.filter(a.table["iso3"] == "JPN")["tier"].item()
    ('NATO', 50, 'active_partner')
    >>> a.evidence.filter(a.evidence["iso3"] == "JPN").select("indicator", "value").row(0)
    ('v2x_libdem', 0.776)
    """
    pol = resolve_policy(policy)
    ally = alliance or pol.alliance
    lo, hi = (year, year) if isinstance(year, int) else year
    _check_years(ally, lo, hi)
    n_draws = check_count(
        "draws", pol.monte_carlo.draws if draws is None else draws, option="draws"
    )
    base_seed = check_seed(pol.monte_carlo.seed if seed is None else seed)
    assert base_seed is not None
    lay = _layout(pol)
    ev = _evidence_frame(pol, lay, (lo, hi), ally)
    ev = display_names(ev)
    tables = []
    notes = _PartnershipNotes.build(ally)
    for y in range(lo, hi + 1):
        part = ev.filter(pl.col("year") == y)
        rng = np.random.default_rng([base_seed, y])
        tables.append(_classify_year(pol, lay, part, y, ally, n_draws, rng, notes))
    table = pl.concat(tables, how="diagonal_relaxed")
    evidence = _long(pol, lay, ev)
    sources = [
        Source(indicator_spec(k).source.split()[0], "", (k,))
        for k in lay.keys
        if not k.startswith("derived.")
    ]
    table = add_provenance(table, sources)
    return Assessment(pol, ally, table, evidence, n_draws)


def _check_years(alliance: str, lo: int, hi: int) -> None:
    if hi < lo:
        raise CoverageError(f"years {lo}-{hi} run backwards; write {hi}-{lo}")
    members(alliance, lo)  # raises for unknown alliances and years before it existed
    members(alliance, hi)


def _classify_year(
    pol: Policy,
    lay: _Layout,
    part: pl.DataFrame,
    year: int,
    alliance: str,
    n_draws: int,
    rng: np.random.Generator,
    notes: _PartnershipNotes,
) -> pl.DataFrame:
    mem = set(members(alliance, year))
    is_member = part["ccode"].is_in(list(mem)).to_numpy()
    codes = pol.tier_codes()
    V, SD = _value_arrays(lay, part)
    ok, insufficient, cmargin = _criteria(pol, lay, V, lay.threshold)
    excl = _exclusions(pol, part, is_member)
    uncapped = _tiers(pol, lay, ok)
    point = _apply_cap(uncapped, excl.cap)
    same, p_crit = _monte_carlo(pol, lay, V, SD, point, excl.cap, n_draws, rng)
    confidence = same / n_draws
    tier_names = np.array(codes, dtype=object)[point]
    tier_names = np.where(is_member, "member", tier_names)
    confidence = np.where(is_member, 1.0, confidence)
    cols: dict[str, object] = {
        "ccode": part["ccode"],
        "stateabb": part["stateabb"],
        "statenme": part["statenme"],
        "name": part["name"],
        "iso3": part["iso3"],
        "year": part["year"],
        "tier": tier_names.astype(str),
        "tier_label": pl.Series([pol.tier_label(t) for t in tier_names], dtype=pl.String),
        "confidence": confidence,
        "draws": np.full(part.height, n_draws, dtype=np.int64),
    }
    cols["trojan_horse"] = pl.Series(
        _trojan(pol, part, ok, lay, is_member | (point == codes.index("none"))).tolist(),
        dtype=pl.String,
    )
    cols.update(_exclusion_columns(pol, excl, uncapped, point))
    for c, name in enumerate(lay.crit_names):
        status = np.where(insufficient[:, c], "insufficient", np.where(ok[:, c], "pass", "fail"))
        cols[name] = status.astype(str)
        cols[f"{name}_margin"] = cmargin[:, c]
        cols[f"{name}_p"] = p_crit[:, c]
    ages = []
    for k, (key, ident) in enumerate(zip(lay.keys, lay.ids, strict=True)):
        present = ~np.isnan(V[:, k])
        diff = lay.sign[k] * (V[:, k] - lay.threshold[k])
        missing_as = {
            _SKIP: "missing (skipped)",
            _FAIL: "missing (counts as fail)",
            _PASS: "missing (counts as pass)",
        }[int(lay.on_missing[k])]
        vyear = part[f"{key}|year"].cast(pl.Int64).fill_null(-1).to_numpy()
        age = np.where(vyear >= 0, year - vyear, -1)
        ages.append(age)
        cols[ident] = V[:, k]
        cols[f"{ident}_year"] = part[f"{key}|year"]
        cols[f"{ident}_age"] = pl.Series([int(a) if a >= 0 else None for a in age], dtype=pl.Int32)
        cols[f"{ident}_margin"] = np.where(present, diff, np.nan)
        cols[f"{ident}_status"] = np.where(
            present, np.where(diff >= 0, "pass", "fail"), missing_as
        ).astype(str)
    age_m = np.column_stack(ages) if ages else np.zeros((part.height, 0), dtype=np.int64)
    cols.update(_evidence_columns(pol, lay, age_m if ages else None, is_member))
    # The tier the fresh evidence alone gives (values older than evidence.stale_after dropped):
    # where it differs, the tier rests on stale evidence and the output says so.
    fresh = np.where(age_m > pol.evidence.stale_after, np.nan, V)
    ok_fresh, _, _ = _criteria(pol, lay, fresh, lay.threshold)
    fresh_tier = np.array(codes, dtype=object)[_apply_cap(_tiers(pol, lay, ok_fresh), excl.cap)]
    fresh_tier = np.where(is_member, "member", fresh_tier)
    cols["tier_without_stale"] = fresh_tier.astype(str)
    cols["rests_on_stale"] = fresh_tier != tier_names
    cols["notes"] = notes.for_year(part["ccode"].to_list(), year)
    table = (
        pl.DataFrame(cols)
        .with_columns([pl.col(c).fill_nan(None) for c in _float_cols(cols)])
        .sort(pl.col("tier").replace_strict({t: i for i, t in enumerate(codes)}), "name")
    )
    return table


def _value_arrays(lay: _Layout, part: pl.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Indicator values (NaN where missing) and the Monte Carlo sd of each, (N, K)."""
    if not lay.keys:
        return np.zeros((part.height, 0)), np.zeros((part.height, 0))
    V = np.column_stack([part[k].cast(pl.Float64).fill_null(np.nan).to_numpy() for k in lay.keys])
    SD = np.column_stack(
        [part[f"{k}|sd"].cast(pl.Float64).fill_null(0.0).to_numpy() for k in lay.keys]
    )
    return V, np.where(lay.use_published, SD, 0.0) + lay.policy_sd


def _monte_carlo(
    pol: Policy,
    lay: _Layout,
    V: np.ndarray,
    SD: np.ndarray,
    point: np.ndarray,
    cap: np.ndarray,
    n_draws: int,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Count the draws that give the point tier, and each criterion's pass share, processing at
    most :data:`MC_CHUNK` draws at a time.

    Only indicators with an uncertainty (a published or policy sd) or a threshold band vary
    between draws; the others pass or fail as in the point estimate, so they are evaluated once.
    Whether an indicator is usable never varies (noise is added to present values only).
    """
    n = V.shape[0]
    noisy = np.flatnonzero((SD > 0).any(axis=0))
    banded = np.flatnonzero(lay.band > 0)
    vary = np.union1d(noisy, banded).astype(int)
    present = ~np.isnan(V)
    usable = present | (lay.on_missing != _SKIP)
    base_pass = (
        np.where(present, lay.sign * (V - lay.threshold) >= 0, lay.on_missing == _PASS) & usable
    )
    n_use = usable @ lay.member  # (N, C), the same in every draw
    fixed_pass = base_pass.copy()
    fixed_pass[:, vary] = False
    fixed_count = fixed_pass @ lay.member  # (N, C)
    member_v = lay.member[vary]
    sd_v = SD[:, vary]
    noisy_v = np.isin(vary, noisy)
    banded_v = np.isin(vary, banded)
    same = np.zeros(n, dtype=np.int64)
    passes = np.zeros((n, len(lay.crit_names)), dtype=np.int64)
    done = 0
    while done < n_draws:
        m = min(MC_CHUNK, n_draws - done)
        Vd = np.broadcast_to(V[:, vary], (m, n, vary.size)).copy()
        if noisy_v.any():
            cols = np.flatnonzero(noisy_v)
            noise = rng.standard_normal((m, n, cols.size)) * sd_v[:, cols]
            Vd[..., cols] = np.clip(Vd[..., cols] + noise, lay.lo[vary][cols], lay.hi[vary][cols])
        Td = np.broadcast_to(lay.threshold[vary], (m, 1, vary.size)).copy()
        if banded_v.any():
            cols = np.flatnonzero(banded_v)
            Td[..., cols] += rng.uniform(-1.0, 1.0, (m, 1, cols.size)) * lay.band[vary][cols]
        pv = (
            np.where(
                present[:, vary], lay.sign[vary] * (Vd - Td) >= 0, lay.on_missing[vary] == _PASS
            )
            & usable[:, vary]
        )
        n_pass = fixed_count + pv.astype(np.int16) @ member_v
        okd, _ = _combine(pol, lay, n_pass, n_use)
        tiers_d = _apply_cap(_tiers(pol, lay, okd), cap)
        same += (tiers_d == point).sum(axis=0)
        passes += okd.sum(axis=0)
        done += m
    return same, passes / n_draws


def _exclusion_columns(
    pol: Policy, excl: _Exclusions, uncapped: np.ndarray, point: np.ndarray
) -> dict[str, object]:
    """``exclusion`` (rule names that apply), ``exclusion_reason``, ``treatment``, ``forbidden_steps``
    ``tier_before_exclusion`` (the tier the criteria alone give) and ``exclusion_unknown`` (rules
    that could not be tested for lack of evidence: they do not apply, and the output says so)."""
    codes = pol.tier_codes()
    n = len(point)
    names: list[list[str]] = [[] for _ in range(n)]
    reasons: list[list[str]] = [[] for _ in range(n)]
    treatment: list[str | None] = [None] * n
    forbid: list[list[str]] = [[] for _ in range(n)]
    unknown: list[list[str]] = [[] for _ in range(n)]
    for name in pol.exclusions:
        for i in np.flatnonzero(excl.unknown[name]):
            unknown[i].append(name)
    for name, rule in pol.exclusions.items():
        for i in np.flatnonzero(excl.applies[name]):
            names[i].append(name)
            reasons[i].append(f"{rule.label}: {rule.reason}")
            if rule.treatment is not None and treatment[i] is None:
                treatment[i] = rule.treatment
            forbid[i] += [f for f in rule.forbid if f not in forbid[i]]
    return {
        "exclusion": [", ".join(x) or None for x in names],
        "exclusion_reason": ["; ".join(x) or None for x in reasons],
        "treatment": treatment,
        "forbidden_steps": [", ".join(x) or None for x in forbid],
        "tier_before_exclusion": np.array(codes, dtype=object)[uncapped].astype(str),
        "exclusion_unknown": [", ".join(x) or None for x in unknown],
    }


def _evidence_columns(
    pol: Policy, lay: _Layout, ages: np.ndarray | None, is_member: np.ndarray
) -> dict[str, object]:
    """``evidence_age`` (the oldest value used, years), ``stale_evidence`` (values older than
    ``evidence.stale_after``) and ``evidence_gaps`` (indicators with no value within reach)."""
    n = len(is_member)
    if ages is None:
        return {
            "evidence_age": [None] * n,
            "stale_evidence": [None] * n,
            "evidence_gaps": [None] * n,
        }
    ids = np.array(lay.ids, dtype=object)
    oldest: list[int | None] = []
    stale: list[str | None] = []
    gaps: list[str | None] = []
    limit = pol.evidence.stale_after
    for i in range(n):
        a = ages[i]
        have = a >= 0
        oldest.append(int(a[have].max()) if have.any() else None)
        old = [f"{ids[k]} ({int(a[k])} years old)" for k in np.flatnonzero(have & (a > limit))]
        stale.append(", ".join(old) or None)
        gaps.append(", ".join(ids[~have]) or None)
    return {"evidence_age": oldest, "stale_evidence": stale, "evidence_gaps": gaps}


def _float_cols(cols: dict[str, object]) -> list[str]:
    return [k for k, v in cols.items() if isinstance(v, np.ndarray) and v.dtype.kind == "f"]


@dataclass(frozen=True)
class _PartnershipNotes:
    """Partnership facts the tier alone does not show (suspended and unknown-start partnerships),
    read once per classification."""

    unknown: dict[int, list[str]]
    suspended: pl.DataFrame  # ccode, framework, suspended (date), text

    @classmethod
    def build(cls, alliance: str) -> _PartnershipNotes:
        if alliance.upper() != "NATO":
            return cls({}, pl.DataFrame())
        return cls(unknown_start_partners(), suspended_partnerships(9999, frame=True))

    def for_year(self, ccodes: list[int], year: int) -> list[str | None]:
        suspended: dict[int, list[str]] = {}
        if self.suspended.height:
            day = dt.date(year, 12, 31)
            for r in self.suspended.filter(pl.col("suspended") <= day).iter_rows(named=True):
                suspended.setdefault(int(r["ccode"]), []).append(
                    f"{r['framework']} suspended since {r['text']} (inactive)"
                )
        out: list[str | None] = []
        for c in ccodes:
            bits = suspended.get(int(c), []) + [
                f"{fw}: start date unknown (relationship unknown, not absent)"
                for fw in self.unknown.get(int(c), [])
            ]
            out.append("; ".join(bits) or None)
        return out


def _trojan(
    pol: Policy, part: pl.DataFrame, ok: np.ndarray, lay: _Layout, skip: np.ndarray
) -> np.ndarray:
    """Flags for tiered states whose values and UN alignment disagree; *skip* marks members and
    states with no affiliation, which are never flagged."""
    th = pol.trojan_horse
    if th is None:
        return np.full(part.height, None, dtype=object)
    div = part[th.alignment].cast(pl.Float64).fill_null(np.nan).to_numpy()
    values_ok = ok[:, lay.crit_names.index(th.values_criterion)]
    known = ~skip & ~np.isnan(div)
    out = np.full(part.height, None, dtype=object)
    out[known & values_ok & (div > th.divergent_above)] = (
        "shares values, diverges in foreign policy"
    )
    out[known & ~values_ok & (div < th.aligned_below)] = (
        "aligned in foreign policy, does not share values"
    )
    return out


def _long(pol: Policy, lay: _Layout, ev: pl.DataFrame) -> pl.DataFrame:
    """The evidence in long form for every state-year of *ev*, built once for the whole range:
    value, the year it comes from and its age, the sd used in the Monte Carlo, source, rule."""
    frames = []
    for k, ((crit, _, ind), key) in enumerate(zip(pol.indicator_items(), lay.keys, strict=True)):
        spec = indicator_spec(key)
        published = pl.col(f"{key}|sd").cast(pl.Float64).fill_null(0.0)
        sd = (published if bool(lay.use_published[k]) else pl.lit(0.0)) + float(lay.policy_sd[k])
        frames.append(
            ev.select(
                pl.col("ccode").cast(pl.Int32),
                "name",
                "iso3",
                pl.col("year").cast(pl.Int32),
                pl.lit(crit).alias("criterion"),
                pl.lit(lay.ids[k]).alias("indicator"),
                pl.lit(key).alias("column"),
                pl.lit(ind.label or spec.label).alias("label"),
                pl.col(key).cast(pl.Float64).fill_nan(None).alias("value"),
                pl.col(f"{key}|year").cast(pl.Int32).alias("evidence_year"),
                (pl.col("year") - pl.col(f"{key}|year")).cast(pl.Int32).alias("age"),
                sd.alias("sd"),
                pl.lit(derived_source(key) if key.startswith("derived.") else spec.source).alias(
                    "source"
                ),
                pl.lit(ind.passes_if).alias("passes_if"),
                pl.lit(float(ind.threshold)).alias("threshold"),
                pl.lit(float(ind.band)).alias("band"),
            )
        )
    return pl.concat(frames)


def classify(
    year: int,
    *,
    policy: Policy | str | Path | None = None,
    alliance: str | None = None,
    draws: int | None = None,
    seed: int | None = None,
) -> pl.DataFrame:
    """Sort every state in *year* into member, the policy's tiers (default: active partner,
    associate) or none, apply the policy's exclusion rules, and say how sure and how fresh.

    Parameters
    ----------
    year
        The year to classify (membership is read on 31 December).
    policy
        A :class:`Policy`, a path to a policy TOML file, or None for the shipped default.
    alliance
        NATO (default from the policy), SCO or CSTO.
    draws, seed
        Monte Carlo draws and seed (default from the policy).

    Returns
    -------
    polars.DataFrame
        One row per state: ``name`` (today's common English name for the year) and ``iso3``
        beside the COW ``ccode``; ``tier`` and ``tier_label`` (in words), ``confidence`` (share
        of the ``draws`` Monte Carlo draws giving the same tier), ``treatment``, ``exclusion``,
        ``exclusion_reason``, ``forbidden_steps``, ``tier_before_exclusion``,
        ``exclusion_unknown``, ``trojan_horse`` (flag text or null), ``notes``; for each
        criterion its status (pass, fail, insufficient), margin (normalised by the indicator
        scale; positive = passes) and pass probability ``<criterion>_p``; for each indicator
        its value, the year the value comes from, its ``_age``, margin and status; and
        ``evidence_age``, ``stale_evidence``, ``evidence_gaps``, ``tier_without_stale`` and
        ``rests_on_stale``.

    Raises
    ------
    ValidationError
        Draws outside 1-100,000 or a negative seed (``socius.limits``); a bad policy file.
    CoverageError
        A year before the alliance existed.

    Examples
    --------
    >>> t = classify(2007, draws=200)
    >>> t.filter(t["iso3"] == "JPN").select("name", "tier", "draws").row(0)
    ('Japan', 'active_partner', 200)
    >>> t.filter(t["iso3"] == "PRK").select("tier", "treatment").row(0)
    ('none', 'contain')
    """
    return assess(year, policy=policy, alliance=alliance, draws=draws, seed=seed).table


def classify_years(
    years: tuple[int, int],
    *,
    policy: Policy | str | Path | None = None,
    alliance: str | None = None,
    draws: int | None = None,
    seed: int | None = None,
) -> pl.DataFrame:
    """:func:`classify` for every year of an inclusive range, stacked (one row per state-year).

    Parameters
    ----------
    years
        ``(first, last)``, inclusive; membership is read on 31 December of each year.
    policy
        A :class:`Policy`, a path to a policy TOML file, or None for the shipped default.
    alliance
        NATO (default from the policy), SCO or CSTO.
    draws, seed
        Monte Carlo draws per year [1-100,000] and seed (default from the policy); each
        year has its own random stream, so a year gets the same result as ``classify(year)``.

    Returns
    -------
    polars.DataFrame
        The columns of :func:`classify`, one row per state and year (states that did not
        exist in a year have no row for it).

    Raises
    ------
    ValidationError
        Draws or seed out of range; a bad policy file.
    CoverageError
        A range that runs backwards or leaves the alliance's membership data.

    Examples
    --------
    >>> t = classify_years((2006, 2007), draws=50)
    >>> t.filter(t["iso3"] == "JPN").sort("year").select("year", "tier").rows()
    [(2006, 'active_partner'), (2007, 'active_partner')]
    """
    return assess(years, policy=policy, alliance=alliance, draws=draws, seed=seed).table


@dataclass(frozen=True)
class YearEvidence:
    """The evidence of one year as arrays, as :func:`classify` sees it.

    One row per state (``ccode``, names, ``member`` on 31 December), one column per policy
    indicator in :attr:`TierModel.keys` order: ``values`` (NaN where no value lies within the
    indicator's fallback, capped by ``evidence.max_age``), ``sd`` (the Monte Carlo standard
    deviation), ``age`` (years since the value's own year, -1 where missing) and ``cap`` (the
    lowest tier code the policy's exclusion rules allow, 0 where no rule caps; conditions are
    point evidence, so a cap does not vary with thresholds or draws).
    """

    year: int
    ccode: np.ndarray
    stateabb: list[str]
    statenme: list[str]
    name: list[str]
    iso3: list[str | None]
    member: np.ndarray
    values: np.ndarray
    sd: np.ndarray
    age: np.ndarray
    cap: np.ndarray


class TierModel:
    """A policy's tier rules as arrays, evaluated for many threshold vectors at once.

    The stable hook for callers that classify the same evidence under many policies (the
    policy sweep of :mod:`socius.sweep`): :meth:`evidence` assembles each year once, and
    :meth:`tiers` gives exactly the tier codes of :func:`classify` (criteria, tier order,
    exclusion caps) for values ``(..., N, K)`` and thresholds broadcastable to them, without
    building a policy per threshold vector. Codes index :attr:`codes` (``policy.tier_codes()``:
    member, the policy's tiers highest first, none); members are not marked by :meth:`tiers`
    (use ``YearEvidence.member``).

    Examples
    --------
    >>> from socius.affiliation import default_policy
    >>> model = TierModel(default_policy())
    >>> (ev,) = model.evidence((2007, 2007))
    >>> grid = np.tile(model.threshold, (2, 1))  # two policies: the default, a strict one
    >>> grid[:, model.columns(("values.v2x_libdem", "values.hr_protection"))] = [
    ...     [0.5, 0.0],
    ...     [0.95, 4.0],
    ... ]
    >>> t = model.tiers(ev.values, grid[:, None, :], ev.cap)  # (2 policies, states)
    >>> jpn, prk = ev.ccode.tolist().index(740), ev.ccode.tolist().index(731)
    >>> [model.codes[c] for c in t[:, jpn]]
    ['active_partner', 'associate']
    >>> [model.codes[c] for c in model.tiers(ev.values, grid[:, None, :])[:, prk]]  # no caps
    ['associate', 'associate']
    >>> [model.codes[c] for c in t[:, prk]]  # capped: UN nonproliferation sanctions
    ['none', 'none']
    """

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self._lay = _layout(policy)
        #: Tier values, highest first: ``policy.tier_codes()``.
        self.codes: tuple[str, ...] = policy.tier_codes()
        #: ``criterion.indicator`` of each threshold column, in file order.
        self.keys: list[str] = [
            f"{crit}.{ident}"
            for (crit, _, _), ident in zip(
                policy.indicator_items(), policy.indicator_ids(), strict=True
            )
        ]

    @property
    def threshold(self) -> np.ndarray:
        """The policy's thresholds (K,), a copy."""
        return np.array(self._lay.threshold, dtype=float)

    @property
    def band(self) -> np.ndarray:
        """Half-widths of the threshold bands (K,), a copy."""
        return np.array(self._lay.band, dtype=float)

    @property
    def scale(self) -> tuple[np.ndarray, np.ndarray]:
        """Lower and upper ends of each indicator's scale (draws are clipped to them)."""
        return self._lay.lo, self._lay.hi

    def columns(self, keys: tuple[str, ...] | list[str]) -> np.ndarray:
        """Threshold columns of *keys* (``criterion.indicator``)."""
        return np.array([self.keys.index(k) for k in keys], dtype=np.intp)

    def tiers(
        self, values: np.ndarray, thresholds: np.ndarray, cap: np.ndarray | None = None
    ) -> np.ndarray:
        """Tier codes (int8, index into :attr:`codes`) of *values* ``(..., N, K)`` under
        *thresholds* broadcastable to them, each lowered to its exclusion *cap* ``(N,)``."""
        ok, _, _ = _criteria(self.policy, self._lay, values, thresholds, margins=False)
        tier = _tiers(self.policy, self._lay, ok)
        out: np.ndarray = tier if cap is None else _apply_cap(tier, cap)
        return out

    def evidence(
        self, years: tuple[int, int], alliance: str | None = None
    ) -> tuple[YearEvidence, ...]:
        """The evidence of each year of the inclusive range *years*, assembled once."""
        pol, lay = self.policy, self._lay
        ally = alliance or pol.alliance
        lo, hi = int(years[0]), int(years[1])
        _check_years(ally, lo, hi)
        frame = display_names(_evidence_frame(pol, lay, (lo, hi), ally))
        out = []
        for y in range(lo, hi + 1):
            part = frame.filter(pl.col("year") == y)
            ccode = part["ccode"].to_numpy().astype(np.int64)
            member = np.isin(ccode, list(members(ally, y)))
            V, SD = _value_arrays(lay, part)
            vyear = (
                np.column_stack(
                    [part[f"{k}|year"].cast(pl.Int64).fill_null(-1).to_numpy() for k in lay.keys]
                )
                if lay.keys
                else np.zeros((part.height, 0), dtype=np.int64)
            )
            out.append(
                YearEvidence(
                    year=y,
                    ccode=ccode,
                    stateabb=part["stateabb"].to_list(),
                    statenme=part["statenme"].to_list(),
                    name=part["name"].to_list(),
                    iso3=part["iso3"].to_list(),
                    member=member,
                    values=V,
                    sd=SD,
                    age=np.where(vyear >= 0, y - vyear, -1),
                    cap=_exclusions(pol, part, member).cap,
                )
            )
        return tuple(out)
