"""``socius affiliation``: classify states into tiers, explain, history, sensitivity, roadmap."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import polars as pl
import typer

from socius.affiliation import assess, default_policy, default_policy_text, load_policy
from socius.affiliation.explain import explain as explain_state
from socius.affiliation.explain import history as state_history
from socius.affiliation.explain import sensitivity as threshold_sensitivity
from socius.affiliation.explain import sensitivity_summary, tier_changes
from socius.affiliation.policy import aligned_policy_path
from socius.affiliation.roadmap import roadmap_steps
from socius.cli._common import check_out, console, emit_frame, err_console, parse_years, print_frame
from socius.report import default_year

NAME = "affiliation"
app = typer.Typer(
    help="Two-tier affiliation: classify states, explain decisions, trace history, test thresholds.",
    no_args_is_help=True,
)

PolicyOpt = Annotated[
    Path | None, typer.Option(help="Policy file (TOML); default: the shipped policy")
]
AllianceOpt = Annotated[str | None, typer.Option(help="Alliance (default: the policy's, NATO)")]
DrawsOpt = Annotated[
    int | None,
    typer.Option(help="Monte Carlo draws (default: the policy's, 1,000 in the default policy)"),
]


@app.command()
def classify(
    year: Annotated[
        int | None, typer.Option(help="Year (default: the latest year with data)")
    ] = None,
    policy: PolicyOpt = None,
    alliance: AllianceOpt = None,
    draws: DrawsOpt = None,
    all_states: Annotated[
        bool, typer.Option("--all", help="Also list members and states with no affiliation")
    ] = False,
    out: Annotated[
        Path | None, typer.Option(help="Write the full table (.csv, .parquet or .json)")
    ] = None,
) -> None:
    """Sort every state into member, active partner, associate or none, with confidence."""
    target = check_out(out)
    yr = year if year is not None else default_year()
    pol = load_policy(policy) if policy is not None else default_policy()
    result = assess(yr, policy=pol, alliance=alliance, draws=draws)
    table = result.table
    if target is not None:
        emit_frame(table, target)
    else:
        shown = (
            table
            if all_states
            else table.filter(
                pl.col("tier").is_in(pol.tier_order()) | pl.col("treatment").is_not_null()
            )
        )
        print_frame(
            shown.select(
                "name",
                "iso3",
                "ccode",
                "tier",
                "confidence",
                "treatment",
                pl.col("trojan_horse").alias("flag"),
                *pol.criteria,
                "evidence_age",
                "evidence_gaps",
            ),
            title=f"{result.alliance} affiliation tiers, {yr} ({pol.name} {pol.version}; {result.draws} draws)",
            max_rows=250,
        )
        counts = table.group_by("tier").len().sort("tier")
        console.print("  ".join(f"{r['tier']}: {r['len']}" for r in counts.iter_rows(named=True)))
    if policy is not None:
        base = assess(yr, policy=default_policy(), alliance=alliance, draws=1).table
        changed = tier_changes(base, assess(yr, policy=pol, alliance=alliance, draws=1).table, pol)
        if changed.height:
            print_frame(
                changed,
                title=f"{changed.height} state(s) change tier compared with the default policy",
                max_rows=250,
            )
        else:
            err_console.print("no state changes tier compared with the default policy")


@app.command()
def explain(
    state: Annotated[
        str, typer.Argument(help="State: ISO3 or COW abbreviation, COW code or name (e.g. JPN)")
    ],
    year: Annotated[
        int | None, typer.Option(help="Year (default: the latest year with data)")
    ] = None,
    policy: PolicyOpt = None,
    alliance: AllianceOpt = None,
    draws: DrawsOpt = None,
) -> None:
    """A readable rationale: the tier, each value with its year, age, threshold and margin, the
    exclusion rules, evidence gaps, and what would change the decision."""
    yr = year if year is not None else default_year()
    typer.echo(explain_state(state, yr, policy=policy, alliance=alliance, draws=draws).text)


@app.command()
def history(
    state: Annotated[str, typer.Argument(help="State, e.g. CHN")],
    years: Annotated[str, typer.Option(help="Year range, e.g. 1990-2023")] = "1990-2022",
    policy: PolicyOpt = None,
    alliance: AllianceOpt = None,
    draws: DrawsOpt = None,
    out: Annotated[
        Path | None, typer.Option(help="Write the table (.csv, .parquet or .json)")
    ] = None,
) -> None:
    """The tier per year, with the years it changed and why (evidence gaps labelled as such)."""
    target = check_out(out)
    span = parse_years(years)
    table = state_history(state, span, policy=policy, alliance=alliance, draws=draws)
    pol = load_policy(policy) if policy is not None else default_policy()
    shown = (
        table
        if target is not None
        else table.select(
            "year", "tier", "confidence", "treatment", "change_kind", *pol.criteria, "evidence_age"
        )
    )
    emit_frame(
        shown,
        target,
        title=f"{table['name'][-1]} ({table['iso3'][-1] or table['stateabb'][-1]}) {span[0]}-{span[1]}; "
        f"{int(table['draws'][0]):,} draws per year",
    )
    changes = table.filter(pl.col("changed"))
    if target is None:
        if changes.height:
            for r in changes.iter_rows(named=True):
                console.print(
                    f"{r['year']}: became {r['tier']} [{r['change_kind']}] ({r['change']})",
                    markup=False,
                )
        else:
            console.print(f"no change of tier in {span[0]}-{span[1]}")


@app.command()
def sensitivity(
    year: Annotated[
        int | None, typer.Option(help="Year (default: the latest year with data)")
    ] = None,
    policy: PolicyOpt = None,
    alliance: AllianceOpt = None,
    points: Annotated[int, typer.Option(help="Threshold values per indicator")] = 21,
    out: Annotated[
        Path | None, typer.Option(help="Write the full table (.csv, .parquet or .json)")
    ] = None,
) -> None:
    """Which states change tier as each threshold moves across its scale."""
    target = check_out(out)
    yr = year if year is not None else default_year()
    table = threshold_sensitivity(yr, policy=policy, alliance=alliance, points=points)
    if target is not None:
        emit_frame(table, target)
        return
    summary = sensitivity_summary(table, policy)
    print_frame(
        summary,
        title=f"Threshold sensitivity, {yr}: the nearest threshold changes that move a state (others fixed)",
    )
    console.print("Use --out FILE for every threshold value and the states that change.")


@app.command()
def roadmap(
    year: Annotated[
        int | None, typer.Option(help="Year (default: the latest year with data)")
    ] = None,
    policy: PolicyOpt = None,
    alliance: AllianceOpt = None,
    draws: DrawsOpt = None,
    state: Annotated[
        str | None, typer.Option(help="Only this state (ISO3, COW abbreviation, code or name)")
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="Write the steps (.csv, .parquet or .json)")
    ] = None,
) -> None:
    """Phased steps (near, medium, long term) per partner, associate and contained state, with
    owners and the evidence each step rests on."""
    from socius.codes import to_ccode

    target = check_out(out)
    yr = year if year is not None else default_year()
    steps = roadmap_steps(yr, policy=policy, alliance=alliance, draws=draws)
    if state is not None:
        steps = steps.filter(pl.col("ccode") == to_ccode(state, year=yr))
    shown = steps.select("name", "iso3", "tier", "treatment", "phase", "owner", "step", "evidence")
    if target is not None:
        emit_frame(shown, target)
        return
    console.print(f"Partnership roadmap, {yr} ({steps['ccode'].n_unique()} states)", markup=False)
    current = None
    for r in shown.iter_rows(named=True):
        head = f"{r['name']} ({r['iso3']}): {r['treatment'] or r['tier']}"
        if head != current:
            console.print("\n" + head, markup=False)
            current = head
        console.print(f"  {r['phase']} [{r['owner']}]: {r['step']}", markup=False)
        console.print(f"      evidence: {r['evidence']}", markup=False)


@app.command("policy")
def show_policy(
    example: Annotated[
        bool,
        typer.Option(
            "--aligned",
            help="Print the example policy with a third tier for aligned partners instead",
        ),
    ] = False,
) -> None:
    """Print the shipped default policy (copy it to edit: socius affiliation policy > my.toml)."""
    text = aligned_policy_path().read_text(encoding="utf-8") if example else default_policy_text()
    typer.echo(text, nl=False)
