"""Report section: the two-tier affiliation, flagged states, roadmap and the policy."""

from __future__ import annotations

import polars as pl

from socius.affiliation import assess, resolve_policy
from socius.affiliation.explain import TIER_LABELS
from socius.affiliation.roadmap import roadmap
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
    tiers = table.filter(pl.col("tier").is_in(["active_partner", "associate"])).with_columns(
        pl.concat_str(
            [pl.when(pl.col(c) == "pass").then(pl.lit(c)) for c in crits],
            separator=", ",
            ignore_nulls=True,
        ).alias("criteria passed")
    )
    tier_table = tiers.select(
        "stateabb",
        "statenme",
        "tier",
        "confidence",
        "criteria passed",
        pl.col("trojan_horse").alias("flag"),
    )
    flagged = table.filter(pl.col("trojan_horse").is_not_null()).select(
        "stateabb", "statenme", "tier", "trojan_horse", "v2x_libdem", "idealpoint_divergence"
    )
    plan = roadmap(ctx.year, policy=pol, alliance=ctx.alliance, table=table).select(
        "stateabb",
        pl.col("tier").replace_strict(TIER_LABELS, default=pl.col("tier")),
        "confidence",
        "basis",
        "first_steps",
    )
    low = tiers.filter(pl.col("confidence") < 0.8)
    blocks: list[Block] = [
        Text(
            f"Under '{pol.name}' (version {pol.version}), in {ctx.year}: {counts.get('active_partner', 0)} active partners, "
            f"{counts.get('associate', 0)} associates, {counts.get('none', 0)} states with no affiliation and "
            f"{counts.get('member', 0)} members. Confidence is the share of {result.draws} Monte Carlo draws, with inputs "
            "varied within their published uncertainty and thresholds within their stated bands, that give the same tier."
        ),
        Table(
            tier_table,
            f"Active partners and associates of {ctx.alliance}, {ctx.year}",
            max_rows=120,
        ),
        Figure(
            _figure(table),
            f"States by liberal democracy (V-Dem) and share of world capabilities (CINC, log scale), {ctx.year}, coloured by tier; crosses mark flagged states.",
        ),
    ]
    others = table.filter(pl.col("tier") == "none").select(
        "stateabb", "statenme", "confidence", *[c for c in crits if c in ("values", "significance")]
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
    if low.height:
        blocks.append(
            Note(
                "Classifications with confidence below 80%: "
                + ", ".join(
                    f"{r['stateabb']} ({r['confidence']:.0%})" for r in low.iter_rows(named=True)
                )
                + ". These states sit near a threshold; see `socius affiliation explain STATE`.",
                kind="caveat",
            )
        )
    blocks += [
        Text(
            "Trojan-horse flags: states that pass the values test but whose UN General Assembly positions diverge strongly from "
            "the members' (more than the policy's divergence limit), or that are closely aligned without sharing the values. "
            "Adding them as partners could strain the alliance's unity."
        ),
        Table(flagged, "Flagged states", max_rows=60),
        Text(
            "Roadmap: for each partner, the tier, how sure the classification is, the engagement measures the policy recommends for that tier, and the evidence behind it."
        ),
        Table(plan, f"Partnership roadmap, {ctx.year}", max_rows=120, float_digits=2),
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
        "alliance_membership",
    )
    return Section(
        "affiliation",
        f"Two-tier affiliation of non-members, {ctx.year}",
        tuple(blocks),
        datasets=datasets,
    )


def _figure(table: pl.DataFrame) -> str:
    return to_svg(tiers_figure(table))
