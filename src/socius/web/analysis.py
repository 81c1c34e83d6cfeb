"""The library calls behind the views, with caches: a thin adapter, no analysis of its own.

Classifications are cached per (year, policy hash, alliance); the policy hash covers the
effective policy after threshold overrides, so every distinct slider position is computed
once per process and then served from memory.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from socius.affiliation import Assessment, Policy, assess, default_policy
from socius.affiliation.explain import explain, history, tier_changes, tier_words
from socius.affiliation.indicators import indicator_spec
from socius.codes import to_ccode
from socius.errors import SociusError, UnknownNameError, ValidationError

__all__ = [
    "Slider",
    "assessment",
    "changes",
    "effective_policy",
    "map_values",
    "parse_overrides",
    "policy_hash",
    "sliders",
]

ALLIANCE = "NATO"


@dataclass(frozen=True)
class Slider:
    """One threshold the explore view offers as a slider."""

    key: str  # "criterion.index", the URL parameter after "t."
    label: str
    criterion: str
    passes_if: str
    default: float
    value: float
    low: float
    high: float
    step: float


def policy_hash(policy: Policy) -> str:
    """SHA-256 of the effective policy (its validated content, overrides included)."""
    text = policy.model_dump_json(exclude={"source"})
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_overrides(params: Mapping[str, str]) -> dict[str, float]:
    """Threshold overrides from URL parameters ``t.<criterion>.<index>=<value>``."""
    pol = default_policy()
    out: dict[str, float] = {}
    for name, raw in params.items():
        if not name.startswith("t."):
            continue
        key = name[2:]
        crit, _, idx = key.rpartition(".")
        if (
            crit not in pol.criteria
            or not idx.isdigit()
            or int(idx) >= len(pol.criteria[crit].indicators)
        ):
            raise ValidationError(
                f"threshold '{key}' is not in the policy; use criterion.index, e.g. values.0"
            )
        try:
            value = float(raw)
        except ValueError:
            raise ValidationError(f"threshold {key}={raw!r} is not a number") from None
        if not math.isfinite(value):
            raise ValidationError(f"threshold {key}={raw!r} is not a finite number")
        if value != pol.criteria[crit].indicators[int(idx)].threshold:
            out[key] = value
    return dict(sorted(out.items()))


def effective_policy(overrides: Mapping[str, float]) -> Policy:
    """The shipped policy with the given thresholds changed."""
    pol = default_policy()
    for key, value in overrides.items():
        crit, _, idx = key.rpartition(".")
        pol = pol.with_threshold(crit, int(idx), value)
    return pol


@functools.lru_cache(maxsize=1)
def _slider_defs() -> tuple[Slider, ...]:
    pol = default_policy()
    out = []
    for crit, idx, ind in pol.indicator_items():
        spec = indicator_spec(ind.column)
        low, high = (float(spec.scale[0]), float(spec.scale[1]))
        if not (math.isfinite(low) and math.isfinite(high)) or ind.threshold in (low, high):
            continue  # flags (threshold at an end of the scale) are not thresholds one slides
        step = 10 ** math.floor(math.log10((high - low) / 100))
        out.append(
            Slider(
                f"{crit}.{idx}",
                ind.label or spec.label,
                crit,
                ind.passes_if,
                ind.threshold,
                ind.threshold,
                low,
                high,
                step,
            )
        )
    return tuple(out)


def sliders(overrides: Mapping[str, float]) -> list[Slider]:
    """The sliders of the explore view at their current values."""
    return [
        Slider(**{**s.__dict__, "value": overrides.get(s.key, s.default)}) for s in _slider_defs()
    ]


_CACHE_SIZE = 64
_cache: OrderedDict[tuple[int, str], Assessment] = OrderedDict()
_cache_lock = threading.Lock()
_compute_lock = threading.Lock()


def _cached(key: tuple[int, str]) -> Assessment | None:
    with _cache_lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
        return hit


def assessment(year: int, overrides: Mapping[str, float]) -> tuple[Assessment, str]:
    """The classification of *year* under the overridden policy, and the policy hash.

    Results are kept per (year, policy hash), the 64 most recent per process. A
    re-classification runs one at a time per process, so cached views keep answering
    while it runs, and a second request for the same key waits for the first result
    instead of computing it again.
    """
    pol = effective_policy(overrides)
    key = (year, policy_hash(pol))
    hit = _cached(key)
    if hit is not None:
        return hit, key[1]
    with _compute_lock:
        hit = _cached(key)
        if hit is not None:
            return hit, key[1]
        result = assess(year, policy=pol, alliance=ALLIANCE)
        with _cache_lock:
            _cache[key] = result
            while len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
    return result, key[1]


def changes(year: int, overrides: Mapping[str, float]) -> pl.DataFrame:
    """States whose tier differs from the shipped policy's, and the criteria that changed."""
    if not overrides:
        return pl.DataFrame(
            schema={
                "ccode": pl.Int64,
                "stateabb": pl.String,
                "tier_before": pl.String,
                "tier_after": pl.String,
                "why": pl.String,
            }
        )
    base, _ = assessment(year, {})
    now, _ = assessment(year, overrides)
    return tier_changes(base.table, now.table, now.policy)


@functools.lru_cache(maxsize=1)
def _atlas_ids() -> dict[str, int]:
    """world-atlas numeric ids (ISO 3166-1 numeric) -> COW codes, matched by country name."""
    path = Path(__file__).parent / "static" / "vendor" / "countries-110m.json"
    topo = json.loads(path.read_text(encoding="utf-8"))
    out: dict[str, int] = {}
    for geom in topo["objects"]["countries"]["geometries"]:
        ident = geom.get("id")
        name = geom.get("properties", {}).get("name", "")
        if ident is None or not name:
            continue
        try:
            out[str(ident)] = to_ccode(name, year=2016)
        except SociusError:
            continue  # territories and disputed areas that are no COW state
    return out


def map_values(table: pl.DataFrame) -> list[dict[str, Any]]:
    """One record per map shape: numeric id, COW code, state, tier (for Vega-Lite's lookup)."""
    tiers = {int(r["ccode"]): r for r in table.iter_rows(named=True)}
    out = []
    for iso, cc in sorted(_atlas_ids().items()):
        r = tiers.get(cc)
        if r is None:
            continue
        out.append(
            {
                "id": iso,
                "ccode": cc,
                "state": r["stateabb"],
                "name": r["name"] or r["statenme"],
                "tier": tier_words(r["tier"]),
                "confidence": round(float(r["confidence"]), 3),
            }
        )
    return out


def confidence_interval(p: float, n: int) -> tuple[float, float]:
    """Wilson 95 % interval of a Monte Carlo share *p* over *n* draws.

    Examples
    --------
    >>> lo, hi = confidence_interval(0.9, 1000)
    >>> round(lo, 3), round(hi, 3)
    (0.88, 0.917)
    """
    z = 1.959963984540054
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def state_code(state: str, year: int) -> int:
    """COW code of a state given as ISO3, COW abbreviation, code or name."""
    text = state.strip()
    if not text or len(text) > 80:
        raise ValidationError("the state is empty or too long; give ISO3, a COW code or a name")
    return to_ccode(int(text) if text.isdigit() else text, year=year)


@functools.lru_cache(maxsize=256)
def profile(ccode: int, year: int) -> dict[str, Any]:
    """Explain card, tier history with evidence gaps and key indicators of one state.

    The history's ``evidence_gaps`` (indicators with no value within the policy's fallback)
    and ``rests_on_stale`` columns are the library's own.
    """
    card = explain(ccode, year, alliance=ALLIANCE)
    lo = max(1990, year - 15)
    hist = history(ccode, (lo, year), alliance=ALLIANCE, draws=100)
    row = assessment(year, {})[0].table.filter(pl.col("ccode") == ccode)
    return {"card": card, "history": hist, "row": row.to_dicts()[0] if row.height else {}}


def whatif_view(year: int, add: list[str]) -> dict[str, Any]:
    """Cohesion change and risk ranking for candidates, and their deterrence value."""
    return _whatif(year, tuple(add))


@functools.lru_cache(maxsize=128)
def _whatif(year: int, add: tuple[str, ...]) -> dict[str, Any]:
    from socius.cohesion import whatif

    res = whatif(ALLIANCE, year, list(add), latest=True)
    cands = set(res.table["stateabb"].to_list())
    frame, notes = _deterrence_parties(tuple(sorted(cands)), year)
    return {"result": res, "deterrence": frame, "deterrence_notes": notes}


@functools.lru_cache(maxsize=32)
def _deterrence_parties(
    stateabbs: tuple[str, ...], year: int
) -> tuple[pl.DataFrame, tuple[str, ...]]:
    """For each shipped deterrence scenario, the candidates that are parties and their value.

    Each scenario uses its file dated closest to, and not after, *year*; a scenario with no
    file that early is left out, and the notes say so.
    """
    from socius.deterrence import load_scenario, shipped_scenarios, simulate
    from socius.errors import CoverageError

    frames = []
    notes: list[str] = []
    for name in shipped_scenarios():
        try:
            resolved = load_scenario(name, year=year)
        except CoverageError as exc:
            notes.append(str(exc))
            continue
        res = simulate(resolved.game, draws=2000, seed=0)
        rows = res.parties.filter(pl.col("party").is_in(list(stateabbs)))
        if rows.height:
            frames.append(
                rows.select(
                    pl.lit(name).alias("scenario"),
                    pl.lit(resolved.dated, dtype=pl.Int64).alias("dated"),
                    "party",
                    "probability",
                    "marginal_value",
                    "p_deterrence_with",
                    "p_deterrence_without",
                )
            )
    if not frames:
        return pl.DataFrame(), tuple(notes)
    return pl.concat(frames), tuple(notes)


SCENARIO_KINDS = ("deterrence", "bargaining")


def scenario_names(kind: str) -> list[str]:
    """The shipped scenarios of *kind*."""
    if kind == "deterrence":
        from socius.deterrence import shipped_scenarios

        return list(shipped_scenarios())
    from socius.bargaining import list_scenarios

    return [str(n) for n in list_scenarios()["name"].to_list()]


def _check_kind(kind: str) -> None:
    if kind not in SCENARIO_KINDS:
        raise ValidationError(
            f"scenario kind '{kind}' is not known; choose deterrence or bargaining"
        )


def scenario_file(kind: str, name: str, year: int | None = None) -> tuple[str, str]:
    """The text of a shipped scenario (the form's starting point) and which file it is.

    A deterrence scenario is shipped as files dated by the year of their judgements; the
    one dated closest to, and not after, *year* is used (the latest without *year*), and
    the second value is the library's sentence saying which. Bargaining scenarios are not
    dated (the sentence names the file).
    """
    _check_kind(kind)
    names = scenario_names(kind)
    if name not in names:
        raise UnknownNameError(
            f"{kind} scenario '{name}' is not shipped; choose one of: {', '.join(names)}"
        )
    if kind == "deterrence":
        from socius.deterrence import select_dated

        path, why = select_dated(name, year)
    else:
        from socius.bargaining.files import _shipped

        path = Path(str(_shipped()[name]))
        why = f"Shipped file {path.name} (bargaining scenarios are not dated)."
    return path.read_text(encoding="utf-8"), why


def scenario_text(kind: str, name: str, year: int | None = None) -> str:
    """The file text of a shipped scenario (see :func:`scenario_file`)."""
    return scenario_file(kind, name, year)[0]


MAX_SCENARIO_TEXT = 10_000  # the text travels in the URL (shareable state)


def run_scenario(kind: str, text: str, *, draws: int, year: int | None = None) -> dict[str, Any]:
    """Run an edited scenario file: verdict, distribution and (bargaining) convergence.

    For deterrence, *year* sets the capability data (default: the file's own ``year``).
    """
    _check_kind(kind)
    if len(text) > MAX_SCENARIO_TEXT:
        raise ValidationError(
            f"the scenario text has {len(text)} characters; keep it under {MAX_SCENARIO_TEXT}"
        )
    with tempfile.TemporaryDirectory(prefix="socius-serve-") as tmp:
        path = Path(tmp) / "scenario.toml"
        path.write_text(text, encoding="utf-8")
        if kind == "deterrence":
            return _run_deterrence(path, draws, year)
        return _run_bargaining(path, draws)


def _run_deterrence(path: Path, draws: int, year: int | None) -> dict[str, Any]:
    from socius.deterrence import ASSUMPTION_NOTE, assess, load_scenario

    resolved = load_scenario(path, year=year)
    judged = assess(resolved.game, focus=resolved.spec.focus, draws=draws, seed=0)
    res = judged.result
    counts, edges = np.histogram(res.eu, bins=30)
    dist = [
        {"low": float(a), "high": float(b), "count": int(c)}
        for a, b, c in zip(edges[:-1], edges[1:], counts, strict=True)
    ]
    return {
        "title": resolved.spec.title,
        "verdict": res.verdict(),
        "assessment": judged.verdict,
        "what_it_takes": judged.what_it_would_take.sentence,
        "dated": resolved.dated,
        "data_year": resolved.year,
        "note": ASSUMPTION_NOTE,
        "assumptions": resolved.assumptions.select("input", "value", "rationale"),
        "summary": res.summary(),
        "parties": res.parties,
        "distribution": dist,
        "x_label": "challenger's expected utility of attacking minus the status quo",
        "convergence": None,
    }


def _run_bargaining(path: Path, draws: int) -> dict[str, Any]:
    from socius.bargaining import load_scenario, run, simulate

    sc = load_scenario(path)
    base = run(sc, rounds=10)
    mc = simulate(sc, draws=draws, rounds=10, seed=0)
    dist = [
        {"low": float(r["bin_low"]), "high": float(r["bin_high"]), "count": int(r["count"])}
        for r in mc.histogram.iter_rows(named=True)
    ]
    actors = sc.frame()
    verdict = f"Forecast settlement after {base.rounds_run} rounds: {base.forecast:.3g}; " + (
        f"weighted mean {base.forecast_mean:.3g}. {base.convergence}"
    )
    if base.dominance:
        verdict += f" {base.dominance}"
    return {
        "title": sc.title,
        "verdict": verdict,
        "assessment": None,
        "what_it_takes": None,
        "dated": None,
        "data_year": None,
        "note": "Positions, saliences and capabilities in the file are the scenario author's "
        "judgments unless the file cites a source; treat them as illustrative assumptions.",
        "assumptions": actors,
        "summary": mc.summary,
        "mc_sentence": mc.summary_sentence,
        "parties": base.table(),
        "distribution": dist,
        "x_label": "forecast (median position at the final round)",
        "convergence": base.status,
        "convergence_sentence": base.convergence,
    }
