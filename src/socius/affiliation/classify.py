"""Classify states into tiers under a policy, with Monte Carlo confidence.

For each state and year the indicators are compared with their thresholds, the
criteria combine them (all, any, at least n), and the tier rules map criteria to a
tier. The Monte Carlo redraws every indicator within its published uncertainty (where
the source publishes one, such as UN ideal-point quantiles, or where the policy sets
an explicitly labelled standard deviation) and every threshold uniformly within its
band; a state's confidence is the share of draws that give the same tier.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from socius.affiliation.indicators import assemble, indicator_spec, scale_array
from socius.affiliation.policy import TIERS, Policy, default_policy, load_policy
from socius.alliances import members
from socius.errors import CoverageError
from socius.provenance import Source, add_provenance

__all__ = ["Assessment", "assess", "classify", "classify_years", "resolve_policy"]

TIER_ORDER = ("member", *TIERS, "none")
_SKIP, _FAIL, _PASS = 0, 1, 2


def resolve_policy(policy: Policy | str | Path | None) -> Policy:
    """A Policy from an object, a file path, or None (the shipped default)."""
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
    )


def _criteria(
    policy: Policy, lay: _Layout, values: np.ndarray, thresholds: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Evaluate criteria. values: (..., N, K); thresholds broadcastable to it.

    Returns (criterion passes, insufficient evidence, criterion margin), each (..., N, C).
    """
    present = ~np.isnan(values)
    diff = lay.sign * (values - thresholds)
    ind_pass = present & (diff >= 0)
    forced = lay.on_missing != _SKIP
    usable = present | forced
    ind_pass = np.where(present, ind_pass, lay.on_missing == _PASS)
    margin = np.where(present, diff / (lay.hi - lay.lo), np.nan)
    shape = (*values.shape[:-1], len(lay.crit_names))
    ok = np.zeros(shape, dtype=bool)
    insufficient = np.zeros(shape, dtype=bool)
    cmargin = np.full(shape, np.nan)
    for c, name in enumerate(lay.crit_names):
        crit = policy.criteria[name]
        idx = np.flatnonzero(lay.crit_of == c)
        n_use = usable[..., idx].sum(-1)
        n_pass = (ind_pass & usable)[..., idx].sum(-1)
        m = margin[..., idx]
        if crit.combine == "all":
            res = n_pass == n_use
            cm = _nan_reduce(m, np.nanmin)
        elif crit.combine == "any":
            res = n_pass >= 1
            cm = _nan_reduce(m, np.nanmax)
        else:
            k = int(crit.at_least or 1)
            res = n_pass >= k
            filled = np.where(np.isnan(m), -np.inf, m)
            kth = (
                -np.sort(-filled, axis=-1)[..., k - 1]
                if filled.shape[-1] >= k
                else np.full(filled.shape[:-1], -np.inf)
            )
            cm = np.where(np.isfinite(kth), kth, np.nan)
        short = n_use < crit.min_evidence
        res = np.where(short, crit.on_insufficient == "pass", res)
        ok[..., c] = res
        insufficient[..., c] = short
        cmargin[..., c] = cm
    return ok, insufficient, cmargin


def _nan_reduce(m: np.ndarray, fn: object) -> np.ndarray:
    all_nan = np.isnan(m).all(-1)
    safe = np.where(all_nan[..., None], 0.0, m)
    out = fn(np.where(np.isnan(safe), np.nan, safe), axis=-1)  # type: ignore[operator]
    return np.where(all_nan, np.nan, out)


def _tiers(policy: Policy, lay: _Layout, ok: np.ndarray) -> np.ndarray:
    """Tier codes (index into TIER_ORDER, excluding 'member') from criterion results (..., N, C)."""
    tier = np.full(ok.shape[:-1], TIER_ORDER.index("none"), dtype=np.int8)
    for name in reversed(TIERS):  # earlier tiers take precedence
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
        tier = np.where(hit, TIER_ORDER.index(name), tier)
    return tier


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
    keys = [(ind.column, ind.fallback_years) for _, _, ind in policy.indicator_items()]
    if policy.trojan_horse is not None and policy.trojan_horse.alignment not in lay.keys:
        keys.append((policy.trojan_horse.alignment, 1))
    return assemble(keys, years, alliance)


def assess(
    year: int | tuple[int, int],
    *,
    policy: Policy | str | Path | None = None,
    alliance: str | None = None,
    draws: int | None = None,
    seed: int | None = None,
) -> Assessment:
    """Classify every state in *year* (or each year of an inclusive range); see :func:`classify`."""
    pol = resolve_policy(policy)
    ally = alliance or pol.alliance
    lo, hi = (year, year) if isinstance(year, int) else year
    _check_years(ally, lo, hi)
    lay = _layout(pol)
    ev = _evidence_frame(pol, lay, (lo, hi), ally)
    n_draws = pol.monte_carlo.draws if draws is None else int(draws)
    rng = np.random.default_rng(pol.monte_carlo.seed if seed is None else seed)
    tables, longs = [], []
    for y in range(lo, hi + 1):
        part = ev.filter(pl.col("year") == y)
        t, lg = _classify_year(pol, lay, part, y, ally, n_draws, rng)
        tables.append(t)
        longs.append(lg)
    table = pl.concat(tables)
    evidence = pl.concat(longs)
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
) -> tuple[pl.DataFrame, pl.DataFrame]:
    mem = set(members(alliance, year))
    is_member = part["ccode"].is_in(list(mem)).to_numpy()
    V = (
        np.column_stack([part[k].cast(pl.Float64).fill_null(np.nan).to_numpy() for k in lay.keys])
        if lay.keys
        else np.zeros((part.height, 0))
    )
    SD = np.column_stack(
        [part[f"{k}|sd"].cast(pl.Float64).fill_null(0.0).to_numpy() for k in lay.keys]
    )
    SD = np.where(lay.use_published, SD, 0.0) + lay.policy_sd
    ok, insufficient, cmargin = _criteria(pol, lay, V, lay.threshold)
    point = _tiers(pol, lay, ok)
    # Monte Carlo: values within their uncertainty, thresholds within their band.
    noise = rng.standard_normal((n_draws, *V.shape)) * SD
    Vd = np.clip(V + noise, lay.lo, lay.hi)
    Td = lay.threshold + rng.uniform(-1.0, 1.0, (n_draws, 1, V.shape[1])) * lay.band
    okd, _, _ = _criteria(pol, lay, Vd, Td)
    tiers_d = _tiers(pol, lay, okd)
    confidence = (tiers_d == point).mean(axis=0)
    p_crit = okd.mean(axis=0)
    tier_names = np.array(TIER_ORDER, dtype=object)[point]
    tier_names = np.where(is_member, "member", tier_names)
    confidence = np.where(is_member, 1.0, confidence)
    cols: dict[str, object] = {
        "ccode": part["ccode"],
        "stateabb": part["stateabb"],
        "statenme": part["statenme"],
        "year": part["year"],
        "tier": tier_names.astype(str),
        "confidence": confidence,
    }
    cols["trojan_horse"] = _trojan(
        pol, part, ok, lay, is_member | (point == TIER_ORDER.index("none"))
    )
    for c, name in enumerate(lay.crit_names):
        status = np.where(insufficient[:, c], "insufficient", np.where(ok[:, c], "pass", "fail"))
        cols[name] = status.astype(str)
        cols[f"{name}_margin"] = cmargin[:, c]
        cols[f"{name}_p"] = p_crit[:, c]
    for k, (key, ident) in enumerate(zip(lay.keys, lay.ids, strict=True)):
        present = ~np.isnan(V[:, k])
        diff = lay.sign[k] * (V[:, k] - lay.threshold[k])
        missing_as = {
            _SKIP: "missing (skipped)",
            _FAIL: "missing (counts as fail)",
            _PASS: "missing (counts as pass)",
        }[int(lay.on_missing[k])]
        cols[ident] = V[:, k]
        cols[f"{ident}_year"] = part[f"{key}|year"]
        cols[f"{ident}_margin"] = np.where(present, diff, np.nan)
        cols[f"{ident}_status"] = np.where(
            present, np.where(diff >= 0, "pass", "fail"), missing_as
        ).astype(str)
    table = (
        pl.DataFrame(cols)
        .with_columns([pl.col(c).fill_nan(None) for c in _float_cols(cols)])
        .sort(pl.col("tier").replace_strict({t: i for i, t in enumerate(TIER_ORDER)}), "statenme")
    )
    long = _long(pol, lay, part, V, SD)
    return table, long


def _float_cols(cols: dict[str, object]) -> list[str]:
    return [k for k, v in cols.items() if isinstance(v, np.ndarray) and v.dtype.kind == "f"]


def _trojan(
    pol: Policy, part: pl.DataFrame, ok: np.ndarray, lay: _Layout, skip: np.ndarray
) -> list[str | None]:
    """Flags for partners (active or associate) whose values and UN alignment disagree; *skip*
    marks members and states with no affiliation, which are never flagged."""
    th = pol.trojan_horse
    if th is None:
        return [None] * part.height
    div = part[th.alignment].cast(pl.Float64).fill_null(np.nan).to_numpy()
    values_ok = ok[:, lay.crit_names.index(th.values_criterion)]
    out: list[str | None] = []
    for v_ok, d, m in zip(values_ok, div, skip, strict=True):
        if m or np.isnan(d):
            out.append(None)
        elif v_ok and d > th.divergent_above:
            out.append("shares values, diverges in foreign policy")
        elif (not v_ok) and d < th.aligned_below:
            out.append("aligned in foreign policy, does not share values")
        else:
            out.append(None)
    return out


def _long(
    pol: Policy, lay: _Layout, part: pl.DataFrame, V: np.ndarray, SD: np.ndarray
) -> pl.DataFrame:
    frames = []
    for k, ((crit, _, ind), key) in enumerate(zip(pol.indicator_items(), lay.keys, strict=True)):
        spec = indicator_spec(key)
        frames.append(
            pl.DataFrame(
                {
                    "ccode": part["ccode"],
                    "year": part["year"],
                    "criterion": crit,
                    "indicator": lay.ids[k],
                    "column": key,
                    "label": ind.label or spec.label,
                    "value": V[:, k],
                    "evidence_year": part[f"{key}|year"],
                    "sd": SD[:, k],
                    "source": spec.source,
                    "passes_if": ind.passes_if,
                    "threshold": ind.threshold,
                    "band": ind.band,
                }
            )
        )
    out = pl.concat(frames).with_columns(pl.col("value").fill_nan(None))
    return out


def classify(
    year: int,
    *,
    policy: Policy | str | Path | None = None,
    alliance: str | None = None,
    draws: int | None = None,
    seed: int | None = None,
) -> pl.DataFrame:
    """Sort every state in *year* into member, active partner, associate or none.

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
        One row per state: ``tier``, ``confidence`` (share of Monte Carlo draws giving the
        same tier), ``trojan_horse`` (flag text or null), for each criterion its status
        (pass, fail, insufficient), margin (normalised by the indicator scale; positive =
        passes) and pass probability ``<criterion>_p``, and for each indicator its value,
        the year the value comes from, its margin and status.

    Examples
    --------
    >>> t = classify(2007, draws=200)
    >>> t.filter(t["stateabb"] == "JPN")["tier"][0]
    'active_partner'
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
    """:func:`classify` for every year of an inclusive range, stacked (one row per state-year)."""
    return assess(years, policy=policy, alliance=alliance, draws=draws, seed=seed).table
