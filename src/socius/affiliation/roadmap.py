"""The partnership roadmap: for each active partner, associate and contained state, phased
steps (near, medium and long term) with an owner and the evidence each step rests on.

The steps follow fixed, documented rules on the evidence (no judgment inputs):

* **treatment "contain"** (an exclusion rule such as UN Security Council nonproliferation
  sanctions): enforce the sanctions and coordinate interdiction under the Proliferation
  Security Initiative; no partnership or dialogue-channel step;
* **no partnership framework yet**: open a formal programme (tiers whose ``first_step`` is
  ``formal_programme``) or a standing dialogue channel, unless an exclusion rule forbids it
  (a state most members do not recognise, such as Taiwan, gets practical contacts only);
* **an active framework**: deepen cooperation within it; a **suspended** framework (Russia's
  Partnership for Peace since 2014-04-01) gets no deepening step, only risk-reduction channels;
  a framework with an **unknown start date** (Pakistan) gets a step to confirm its status;
* party to a **flashpoint**: consultations on it; **nuclear weapons**: deterrence and
  non-proliferation consultations (partners) or risk-reduction dialogue (others);
* flagged as a possible **Trojan horse**: political consultation before deeper integration;
* **confidence below 80%**: the classification sits near a threshold; review it each year;
* **a tier resting on stale evidence** (it would differ without values older than the policy's
  ``stale_after``): confirm it with current evidence before committing;
* **Japan**: the joint agenda Ikegami (2007) proposes (Proliferation Security Initiative and
  maritime interdiction, dialogue on the Taiwan Strait and the Korean peninsula, the East
  China Sea, information sharing), each item resting on the bundled evidence.

The tier's standing measures (from the policy) are the medium-term programme.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import polars as pl

from socius.affiliation.classify import assess, resolve_policy
from socius.affiliation.indicators import suspended_partnerships, unknown_start_partners
from socius.affiliation.policy import Policy
from socius.data import load
from socius.sanctions import in_force

__all__ = ["ARTICLE", "PHASES", "roadmap", "roadmap_steps"]

PHASES = ("near term", "medium term", "long term")
ARTICLE = 'Ikegami, "NATO and Japan: Strengthening Asian stability", NATO Review (2007)'
ALLIANCE = "alliance (North Atlantic Council)"
BOTH = "alliance and partner"
PARTNER = "partner"
_JAPAN = 740

_STEP_SCHEMA = {
    "ccode": pl.Int32,
    "name": pl.String,
    "iso3": pl.String,
    "stateabb": pl.String,
    "tier": pl.String,
    "tier_label": pl.String,
    "treatment": pl.String,
    "phase": pl.String,
    "owner": pl.String,
    "step": pl.String,
    "evidence": pl.String,
}


def _engaged(table: pl.DataFrame, pol: Policy) -> pl.DataFrame:
    """Non-members with a tier or a treatment."""
    return table.filter(
        (pl.col("tier").is_in(pol.tier_order())) | pl.col("treatment").is_not_null()
    )


def roadmap_steps(
    year: int,
    *,
    policy: Policy | str | Path | None = None,
    alliance: str | None = None,
    draws: int | None = None,
    table: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The roadmap in long form: one row per state and step, with ``phase`` (near, medium or
    long term), ``owner`` (the alliance body, the partner, or both), ``step`` and ``evidence``
    (the values, dates and sources the step rests on). Pass *table* (a :func:`classify` result
    for *year*) to avoid reclassifying.

    Parameters
    ----------
    year
        The year of the classification; frameworks, sanctions and milestones are read on
        31 December.
    policy
        A :class:`Policy`, a path to a policy TOML file, or None for the shipped default;
        its tier rules give each tier's first step and standing measures.
    alliance
        NATO (default from the policy), SCO or CSTO; partnership-framework steps exist for
        NATO only.
    draws
        Monte Carlo draws [1-100,000] when *table* is None; default: the policy's.
    table
        A :func:`classify` table for *year* under the same policy; None classifies anew.

    Returns
    -------
    polars.DataFrame
        One row per state and step, for every non-member with a policy tier or a treatment
        (tier order, then name, then phase): ``ccode``, ``name``, ``iso3``, ``stateabb``,
        ``tier``, ``tier_label``, ``treatment``, ``phase``, ``owner``, ``step``,
        ``evidence``. The module docstring lists the rules that produce the steps.

    Raises
    ------
    ValidationError
        Draws out of range; a bad policy file.
    CoverageError
        A year outside the alliance's membership data.

    Examples
    --------
    >>> from socius.affiliation import classify
    >>> steps = roadmap_steps(2023, table=classify(2023, draws=20))
    >>> rus = steps.filter(steps["iso3"] == "RUS")["step"].to_list()
    >>> any("deepen cooperation within Partnership for Peace" in s for s in rus)
    False
    """
    pol = resolve_policy(policy)
    if table is None:
        table = assess(year, policy=pol, alliance=alliance, draws=draws).table
    nato = (alliance or pol.alliance).upper() == "NATO"
    frameworks = _frameworks(year) if nato else {}
    suspended = suspended_partnerships(year) if nato else {}
    unknown = unknown_start_partners() if nato else {}
    flashpoints = _flashpoints()
    sanctions = _sanctions(year)
    rows: list[dict[str, object]] = []
    for r in _engaged(table, pol).iter_rows(named=True):
        c = int(r["ccode"])
        base = {k: r.get(k) for k in ("ccode", "name", "iso3", "stateabb", "tier", "tier_label")}
        base["treatment"] = r.get("treatment")

        add = functools.partial(_add, rows, base)

        forbidden = set(str(r.get("forbidden_steps") or "").split(", ")) - {""}
        if r.get("treatment") == "contain":
            res = sanctions.get(c, [])
            ev = (
                f"UN Security Council resolutions in force on 31 December {year}: {', '.join(res)} "
                "(unsc_np_sanctions)"
                if res
                else f"exclusion rule: {r.get('exclusion_reason')}"
            )
            add(
                "near term",
                ALLIANCE,
                "enforce the UN Security Council sanctions and coordinate interdiction of "
                "proliferation cargoes under the Proliferation Security Initiative",
                ev,
            )
            add(
                "medium term",
                BOTH,
                "export-control and maritime-interdiction cooperation with partners in the region",
                f"{r.get('exclusion_reason')} (policy exclusion rule '{r.get('exclusion')}')",
            )
            add(
                "long term",
                ALLIANCE,
                "reassess the treatment only when the sanctions are lifted; no partnership or "
                "dialogue-channel step meanwhile",
                ev,
            )
            continue
        tier = str(r["tier"])
        rule = pol.tiers[tier]
        own = frameworks.get(c, [])
        paused = suspended.get(c, [])
        basis = ", ".join(cn for cn in pol.criteria if r.get(cn) == "pass")
        if own:
            add(
                "near term",
                BOTH,
                "deepen cooperation within " + " and ".join(f for f, _ in own),
                "; ".join(f"{f} since {d} (nato_partnerships)" for f, d in own),
            )
        for fw, day in paused:
            add(
                "near term",
                ALLIANCE,
                f"no cooperation within {fw} while it is suspended; keep military-to-military "
                "communication channels for risk reduction and incident prevention",
                f"{fw} suspended since {day} (nato_partnerships)",
            )
        for fw in unknown.get(c, []):
            add(
                "near term",
                ALLIANCE,
                f"confirm the status of the {fw} relationship before planning further steps",
                f"{fw}: start date unknown in the sources (nato_partnerships): unknown, not absent",
            )
        if not own and not paused and not unknown.get(c):
            if rule.first_step in forbidden:
                add(
                    "near term",
                    BOTH,
                    "practical contacts and dialogue on shared security concerns, without a "
                    "formal partnership programme",
                    f"exclusion rule '{r.get('exclusion')}': {r.get('exclusion_reason')}",
                )
            elif rule.first_step == "formal_programme":
                add(
                    "near term",
                    BOTH,
                    "open a formal partnership programme with the alliance "
                    "(an individual partnership and cooperation programme)",
                    f"no NATO partnership framework on 31 December {year} (nato_partnerships); "
                    f"tier basis: {basis}",
                )
            else:
                add(
                    "near term",
                    ALLIANCE,
                    "establish a standing dialogue channel with the alliance",
                    f"no NATO partnership framework on 31 December {year} (nato_partnerships); "
                    f"tier basis: {basis}",
                )
        if r.get("trojan_horse"):
            add(
                "near term",
                ALLIANCE,
                "political consultation on diverging UN positions before deeper integration",
                f"flag: {r['trojan_horse']} (ideal-point divergence "
                f"{_num(r.get('idealpoint_divergence'))}, unga_idealpoints)",
            )
        if c in flashpoints and c != _JAPAN:
            for fp, src in flashpoints[c]:
                add("medium term", BOTH, f"consultations on the {fp}", f"party to the {fp} ({src})")
        if (r.get("nuclear_status") or 0) >= 3:
            partner_tier = rule.first_step == "formal_programme"
            add(
                "medium term",
                BOTH,
                "consultations on deterrence and non-proliferation"
                if partner_tier
                else "nuclear risk-reduction and arms-control dialogue",
                f"nuclear status 3 in {r.get('nuclear_status_year')} (nuclear_status)",
            )
        if rule.measures:
            add(
                "medium term",
                BOTH,
                "standing measures of the tier: " + "; ".join(rule.measures),
                f"tier {r['tier_label']} (criteria passed: {basis})",
            )
        if c == _JAPAN:
            rows += [{**base, **s} for s in _japan_agenda(year)]
        if float(r["confidence"]) < 0.8:
            add(
                "long term",
                ALLIANCE,
                f"classification near a threshold ({float(r['confidence']):.0%} of "
                f"{int(r['draws']):,} draws): review it each year before committing",
                f"Monte Carlo confidence {float(r['confidence']):.2f}",
            )
        if r.get("rests_on_stale"):
            add(
                "near term",
                ALLIANCE,
                "confirm the tier with current evidence before committing: it rests on values "
                "older than the policy's stale limit, without which it would be "
                + pol.tier_label(str(r["tier_without_stale"])),
                f"stale evidence: {r['stale_evidence']}",
            )
    out = pl.DataFrame(rows, schema=_STEP_SCHEMA)
    order = {p: i for i, p in enumerate(PHASES)}
    tiers = {t: i for i, t in enumerate(pol.tier_codes())}
    return out.sort(
        pl.col("tier").replace_strict(tiers, return_dtype=pl.Int16),
        "name",
        pl.col("phase").replace_strict(order, return_dtype=pl.Int8),
        maintain_order=True,
    )


def roadmap(
    year: int,
    *,
    policy: Policy | str | Path | None = None,
    alliance: str | None = None,
    draws: int | None = None,
    table: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """One row per active partner, associate (or other policy tier) and contained state, most
    significant first: tier (code and words), treatment, confidence, the basis (criteria
    passed), the near-term ``first_steps``, the ``medium_term`` and ``long_term`` steps, the
    tier's standing measures and the ``evidence`` the steps rest on (see
    :func:`roadmap_steps` for the long form with owners). Pass *table* (a :func:`classify`
    result) to avoid reclassifying.

    Parameters
    ----------
    year
        The year of the classification; frameworks, sanctions and milestones are read on
        31 December.
    policy
        A :class:`Policy`, a path to a policy TOML file, or None for the shipped default.
    alliance
        NATO (default from the policy), SCO or CSTO.
    draws
        Monte Carlo draws [1-100,000] when *table* is None; default: the policy's.
    table
        A :func:`classify` table for *year* under the same policy; None classifies anew.

    Returns
    -------
    polars.DataFrame
        One row per engaged state, in tier order and by ``cinc`` (share of world material
        capabilities [0-1]) descending within a tier: ``ccode``, ``stateabb``,
        ``statenme``, ``name``, ``iso3``, ``tier``, ``tier_label``, ``treatment``,
        ``confidence`` [0-1], ``cinc``, ``basis`` (criteria passed), ``standing_measures``,
        ``flag`` (Trojan-horse flag), ``first_steps``, ``medium_term``, ``long_term`` (steps
        joined with "; ", null where a phase has none) and ``evidence``.

    Raises
    ------
    ValidationError
        Draws out of range; a bad policy file.
    CoverageError
        A year outside the alliance's membership data.

    Examples
    --------
    >>> r = roadmap(2007, draws=20)
    >>> r.filter(r["iso3"] == "JPN").select("tier", "basis").row(0)
    ('active_partner', 'values, significance, capacity, alignment')
    >>> r.filter(r["iso3"] == "PRK").select("tier", "treatment").row(0)
    ('none', 'contain')
    """
    pol = resolve_policy(policy)
    if table is None:
        table = assess(year, policy=pol, alliance=alliance, draws=draws).table
    steps = roadmap_steps(year, policy=pol, alliance=alliance, table=table)
    by_phase = steps.group_by("ccode", "phase", maintain_order=True).agg(
        pl.col("step").str.join("; "), pl.col("evidence").str.join("; ")
    )
    wide = {
        p: by_phase.filter(pl.col("phase") == p).select(
            "ccode", pl.col("step").alias(col), pl.col("evidence").alias(f"{col}_evidence")
        )
        for p, col in zip(PHASES, ("first_steps", "medium_term", "long_term"), strict=True)
    }
    t = _engaged(table, pol)
    crits = list(pol.criteria)
    out = t.select(
        "ccode",
        "stateabb",
        "statenme",
        "name",
        "iso3",
        "tier",
        "tier_label",
        "treatment",
        "confidence",
        pl.col("cinc") if "cinc" in t.columns else pl.lit(None, dtype=pl.Float64).alias("cinc"),
        pl.concat_str(
            [pl.when(pl.col(c) == "pass").then(pl.lit(c)) for c in crits],
            separator=", ",
            ignore_nulls=True,
        ).alias("basis"),
        pl.col("tier")
        .replace_strict(
            {tn: "; ".join(rule.measures) for tn, rule in pol.tiers.items()},
            default=None,
            return_dtype=pl.String,
        )
        .alias("standing_measures"),
        pl.col("trojan_horse").alias("flag"),
    )
    for frame in wide.values():
        out = out.join(frame, on="ccode", how="left")
    evidence = pl.concat_str(
        [
            pl.col("first_steps_evidence"),
            pl.col("medium_term_evidence"),
            pl.col("long_term_evidence"),
        ],
        separator="; ",
        ignore_nulls=True,
    )
    out = out.with_columns(evidence.alias("evidence")).drop(
        "first_steps_evidence", "medium_term_evidence", "long_term_evidence"
    )
    tiers = {tn: i for i, tn in enumerate(pol.tier_codes())}
    return out.sort(
        pl.col("tier").replace_strict(tiers, return_dtype=pl.Int16),
        pl.col("cinc"),
        descending=[False, True],
        nulls_last=True,
    )


def _add(
    rows: list[dict[str, object]],
    base: dict[str, object],
    phase: str,
    owner: str,
    step: str,
    evidence: str,
) -> None:
    rows.append({**base, "phase": phase, "owner": owner, "step": step, "evidence": evidence})


def _num(v: object) -> str:
    return "missing" if v is None else f"{float(v):.2f}"  # type: ignore[arg-type]


def _frameworks(year: int) -> dict[int, list[tuple[str, str]]]:
    """Active (joined, not left, not suspended) frameworks on 31 December: state -> (name, since)."""
    from socius.affiliation.indicators import _partnerships

    day = dt.date(year, 12, 31)
    table = _partnerships().filter(
        pl.col("joined").is_not_null()
        & (pl.col("joined") <= day)
        & (pl.col("left").is_null() | (pl.col("left") >= day))
        & (pl.col("suspended").is_null() | (pl.col("suspended") > day))
    )
    out: dict[int, list[tuple[str, str]]] = {}
    for r in table.sort("joined").iter_rows(named=True):
        out.setdefault(int(r["ccode"]), []).append((str(r["framework"]), r["joined"].isoformat()))
    return out


def _flashpoints() -> dict[int, list[tuple[str, str]]]:
    fp = load("flashpoints").filter(pl.col("role").is_in(["claimant", "party"]))
    out: dict[int, list[tuple[str, str]]] = {}
    for r in fp.iter_rows(named=True):
        out.setdefault(int(r["ccode"]), []).append(
            (str(r["flashpoint"]), f"{r['role']}; flashpoints: {str(r['source'])[:80]}")
        )
    return out


def _sanctions(year: int) -> dict[int, list[str]]:
    """UNSC resolutions imposing nonproliferation sanctions in force on 31 December: state -> numbers."""
    targets = load("unsc_np_sanctions", columns=["target_ccode"]).drop_nulls().unique()
    rows = targets.select(pl.col("target_ccode").alias("ccode"), pl.lit(year).alias("year"))
    return {int(r["ccode"]): list(r["resolutions"]) for r in in_force(rows).iter_rows(named=True)}


def _japan_agenda(year: int) -> list[dict[str, object]]:
    """The joint NATO-Japan agenda of the article, each item resting on bundled evidence; items
    whose evidence is absent in *year* are left out."""
    day = dt.date(year, 12, 31)
    items: list[dict[str, object]] = []
    psi = load("np_regimes").filter(
        (pl.col("regime") == "PSI") & (pl.col("ccode") == _JAPAN) & pl.col("participant")
    )
    psi_dated = psi.filter(pl.col("joined").is_not_null() & (pl.col("joined") <= day))
    if psi_dated.height:
        cases = load("psi_interdictions").filter(pl.col("date") <= day)
        named = ", ".join(
            f"{r['vessel'].split(' (')[0]} {r['date']}" for r in cases.iter_rows(named=True)
        )
        items.append(
            {
                "phase": "near term",
                "owner": BOTH,
                "step": "cooperation on the Proliferation Security Initiative and maritime "
                "interdiction (joint exercises, information on shipments)",
                "evidence": f"Japan a PSI participant since {psi_dated['joined'][0]} (np_regimes)"
                + (f"; interdictions on record: {named} (psi_interdictions)" if named else "")
                + f"; {ARTICLE}",
            }
        )
    fp = load("flashpoints")
    for flashpoint, step, phase in (
        ("Taiwan Strait", "dialogue on the Taiwan Strait", "medium term"),
        ("Korean peninsula", "dialogue on the Korean peninsula", "medium term"),
        ("East China Sea (Senkaku/Diaoyu)", "consultations on the East China Sea", "medium term"),
    ):
        parties = fp.filter(
            (pl.col("flashpoint") == flashpoint) & pl.col("role").is_in(["claimant", "party"])
        )
        if parties.height:
            who = ", ".join(f"{r['stateabb']} ({r['role']})" for r in parties.iter_rows(named=True))
            items.append(
                {
                    "phase": phase,
                    "owner": BOTH,
                    "step": step,
                    "evidence": f"{flashpoint}: {who} (flashpoints); {ARTICLE}",
                }
            )
    milestones = load("nato_japan_milestones").filter(pl.col("date") <= day).sort("date")
    if milestones.height:
        last = milestones.row(-1, named=True)
        items.append(
            {
                "phase": "long term",
                "owner": BOTH,
                "step": "information sharing and regular high-level consultations",
                "evidence": f"latest NATO-Japan milestone: {str(last['event'])[:90]} ({last['date']}, "
                f"nato_japan_milestones); {ARTICLE}",
            }
        )
    return items
