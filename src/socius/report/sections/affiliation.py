"""Report section: the affiliation tiers, with display names, tiers in words, evidence ages,
evidence gaps, exclusions and their reasons, flagged states, changes since the year before
(evidence gaps labelled as such), the phased roadmap and the policy."""

from __future__ import annotations

import polars as pl

from socius.affiliation import Policy, assess, resolve_policy
from socius.affiliation.explain import tier_words, year_changes
from socius.affiliation.roadmap import roadmap, roadmap_steps
from socius.plots import tiers_figure
from socius.report.figures import to_svg
from socius.report.model import Block, Code, Figure, Note, ReportContext, Section, Table, Text

__all__ = ["section"]


def section(ctx: ReportContext) -> Section:
    pol = resolve_policy(ctx.policy_path)
    result = assess(ctx.year, policy=pol, alliance=ctx.alliance)
    table = result.table
    counts = {r["tier"]: r["len"] for r in table.group_by("tier").len().iter_rows(named=True)}
    crits = list(pol.criteria)
    tiered = table.filter(pl.col("tier").is_in(pol.tier_order())).with_columns(
        pl.concat_str(
            [pl.when(pl.col(c) == "pass").then(pl.lit(c)) for c in crits],
            separator=", ",
            ignore_nulls=True,
        ).alias("criteria passed")
    )
    tier_table = tiered.select(
        pl.col("name").alias("state"),
        "iso3",
        pl.col("tier_label").alias("tier"),
        "confidence",
        "criteria passed",
        pl.col("evidence_age").alias("oldest value (years)"),
        pl.col("evidence_gaps").alias("no evidence"),
        pl.col("trojan_horse").alias("flag"),
    )
    counted = ", ".join(
        f"{counts.get(t, 0)} {tier_words(t)}{'s' if counts.get(t, 0) != 1 else ''}"
        for t in pol.tier_order()
    )
    blocks: list[Block] = [
        Text(
            f"Under '{pol.name}' (version {pol.version}), in {ctx.year}: {counted}, "
            f"{counts.get('none', 0)} states with no affiliation and {counts.get('member', 0)} members. "
            f"Confidence is the share of {result.draws:,} Monte Carlo draws, with inputs varied within their "
            "published uncertainty and thresholds within their stated bands, that give the same tier. "
            f"No value older than {pol.evidence.max_age} years is used; the oldest value behind each tier is shown."
        ),
        Table(
            tier_table,
            f"Tiers of {ctx.alliance}'s non-members, {ctx.year} (names as commonly used that year; ISO3 codes)",
            max_rows=120,
        ),
        Figure(
            _figure(table),
            f"States by liberal democracy (V-Dem) and share of world capabilities (CINC, log scale), {ctx.year}, coloured by tier; crosses mark flagged states.",
        ),
    ]
    excluded = table.filter(pl.col("exclusion").is_not_null()).select(
        pl.col("name").alias("state"),
        "iso3",
        pl.col("tier_before_exclusion")
        .replace_strict({t: tier_words(t) for t in pol.tier_codes()}, default=None)
        .alias("criteria alone give"),
        pl.col("tier").replace_strict({t: tier_words(t) for t in pol.tier_codes()}).alias("tier"),
        "treatment",
        pl.col("exclusion_reason").alias("rule and reason"),
    )
    if excluded.height:
        blocks += [
            Text(
                "Exclusion rules: states whose tier is capped, who get a treatment of their own (such as "
                "'contain' for a state under UN Security Council nonproliferation sanctions) or for whom a "
                "roadmap step is ruled out (no formal programme for a state most members do not recognise)."
            ),
            Table(excluded, f"Exclusions applied, {ctx.year}", max_rows=60),
        ]
    stale = table.filter(pl.col("rests_on_stale")).select(
        pl.col("name").alias("state"),
        "iso3",
        pl.col("tier").replace_strict({t: tier_words(t) for t in pol.tier_codes()}).alias("tier"),
        pl.col("tier_without_stale")
        .replace_strict({t: tier_words(t) for t in pol.tier_codes()})
        .alias("tier on fresh evidence only"),
        pl.col("stale_evidence").alias("stale values"),
    )
    if stale.height:
        blocks.append(
            Note(
                f"{stale.height} tier(s) rest on evidence older than {pol.evidence.stale_after} year(s): without those "
                "values the tier would differ. Confirm them with current evidence before acting on them.",
                kind="caveat",
            )
        )
        blocks.append(Table(stale, f"Tiers resting on stale evidence, {ctx.year}", max_rows=60))
    changes = year_changes(ctx.year, policy=pol, alliance=ctx.alliance, draws=result.draws)
    if changes.height:
        gaps = int((changes["change_kind"] == "evidence gap").sum())
        blocks.append(
            Table(
                changes.select(
                    pl.col("name").alias("state"),
                    "iso3",
                    "tier_before",
                    "tier",
                    pl.col("change_kind").alias("kind"),
                    pl.col("change").alias("why"),
                ),
                f"Tier changes since {ctx.year - 1}"
                + (f" ({gaps} caused by evidence running out, not by events)" if gaps else ""),
                max_rows=60,
            )
        )
    others = table.filter(pl.col("tier") == "none").select(
        pl.col("name").alias("state"),
        "iso3",
        "confidence",
        *[c for c in crits if c in ("values", "significance")],
    )
    blocks.append(
        Table(
            others,
            f"States with no affiliation, {ctx.year}, with the confidence of that classification and the two main criteria",
            max_rows=250,
        )
    )
    nonmembers = table.filter(pl.col("tier") != "member")
    short = [
        c for c in crits if 2 * int((nonmembers[c] == "insufficient").sum()) > nonmembers.height
    ]
    if short:
        blocks.append(
            Note(
                f"Evidence is insufficient for most states in {ctx.year} on: {', '.join(short)}. Under this policy "
                "insufficient evidence counts as failing; the bundled V-Dem subset starts in 1970 and Freedom House "
                "in 1972, so early years need a policy with other indicators (for example democracy.v2x_polyarchy or "
                "democracy.polity2, which reach back to 1816).",
                kind="missing",
            )
        )
    low = tiered.filter(pl.col("confidence") < 0.8)
    if low.height:
        blocks.append(
            Note(
                "Classifications with confidence below 80%: "
                + ", ".join(
                    f"{r['name']} ({r['confidence']:.0%})" for r in low.iter_rows(named=True)
                )
                + ". These states sit near a threshold; see `socius affiliation explain STATE`.",
                kind="caveat",
            )
        )
    flagged = table.filter(pl.col("trojan_horse").is_not_null()).select(
        pl.col("name").alias("state"),
        "iso3",
        pl.col("tier").replace_strict({t: tier_words(t) for t in pol.tier_codes()}).alias("tier"),
        "trojan_horse",
        "v2x_libdem" if "v2x_libdem" in table.columns else pl.lit(None).alias("v2x_libdem"),
        "idealpoint_divergence"
        if "idealpoint_divergence" in table.columns
        else pl.lit(None).alias("idealpoint_divergence"),
    )
    plan = roadmap(ctx.year, policy=pol, alliance=ctx.alliance, table=table).select(
        pl.col("name").alias("state"),
        pl.col("tier").replace_strict({t: tier_words(t) for t in pol.tier_codes()}),
        "treatment",
        "confidence",
        pl.col("first_steps").alias("near term"),
        pl.col("medium_term").alias("medium term"),
        pl.col("long_term").alias("long term"),
    )
    blocks += [
        Text(
            "Trojan-horse flags: states that pass the values test but whose UN General Assembly positions diverge strongly from "
            "the members' (more than the policy's divergence limit), or that are closely aligned without sharing the values. "
            "Adding them as partners could strain the alliance's unity."
        ),
        Table(flagged, "Flagged states", max_rows=60),
        Text(
            "Roadmap: for each partner, associate and contained state, the steps in the near, medium and long term. "
            "Every step rests on evidence (`socius affiliation roadmap --out steps.csv` lists the owner and the evidence "
            "of each step); suspended partnerships get no deepening step, sanctioned proliferators are contained, and "
            "states most members do not recognise get no formal programme."
        ),
        Table(plan, f"Partnership roadmap, {ctx.year}", max_rows=120, float_digits=2),
        *_japan_agenda(ctx, pol, table),
        Note(
            "The tiers follow from the policy's thresholds, which are policy judgments, not findings. The V-Dem subset bundled with "
            "socius carries no measurement-model bounds, so democracy scores vary only through the threshold bands.",
            kind="caveat",
        ),
        Code(
            pol.to_toml(),
            caption="The policy that produced this classification (reproduce with: socius affiliation classify --policy FILE)",
        ),
    ]
    datasets = (
        "vdem",
        "freedom_house",
        "human_rights",
        "nmc",
        "nuclear_status",
        "major_powers",
        "maoz_powers",
        "flashpoints",
        "nato_partnerships",
        "unga_idealpoints",
        "unsc_np_sanctions",
        "np_regimes",
        "psi_interdictions",
        "nato_japan_milestones",
        "alliance_membership",
    )
    return Section(
        "affiliation",
        f"Affiliation of non-members, {ctx.year}",
        tuple(blocks),
        datasets=datasets,
    )


def _japan_agenda(ctx: ReportContext, pol: Policy, table: pl.DataFrame) -> list[Block]:
    """The NATO-Japan steps with their phase, owner and the evidence each rests on (the
    answers page cites them)."""
    steps = roadmap_steps(ctx.year, policy=pol, alliance=ctx.alliance, table=table)
    japan = steps.filter(pl.col("ccode") == 740)
    if japan.is_empty():
        return []
    return [
        Table(
            japan.select("phase", "owner", "step", "evidence"),
            f"{ctx.alliance}-Japan roadmap, {ctx.year}: each step, its owner and the evidence it "
            "rests on (the joint agenda of Ikegami, NATO Review 2007)",
            annex=False,
        )
    ]


def _figure(table: pl.DataFrame) -> str:
    return to_svg(tiers_figure(table))
