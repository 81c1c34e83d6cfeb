"""Report section: extended deterrence in the shipped scenarios, with and without each signal."""

from __future__ import annotations

import numpy as np
import polars as pl

from socius.data import info
from socius.deterrence import (
    ASSUMPTION_NOTE,
    DeterrenceResult,
    ResolvedScenario,
    assess,
    read_scenario,
    resolve,
    select_dated,
    shipped_scenarios,
    sweep,
)
from socius.errors import CoverageError
from socius.report.figures import new_figure, to_svg
from socius.report.model import Block, Figure, Note, ReportContext, Section, Table, Text

__all__ = ["section"]

DRAWS = 5_000
SEED = 0
SWEEP_VALUES = np.round(np.arange(0.0, 1.0001, 0.1), 10)
COLOURS = ("#1f4e79", "#d98c1f", "#2e8b57", "#7b3f99")


def _capability_year(year: int) -> tuple[int, str]:
    meta = info("nmc")
    last = int(meta.end or year)
    if year <= last:
        return year, ""
    return last, (
        f"COW NMC v{meta.version} ends in {last}; the scenarios use the capabilities of {last} "
        f"for the report year {year}."
    )


def _nato_party(resolved: ResolvedScenario) -> str | None:
    for party in resolved.game.parties:
        if party.name.lower() == "nato":
            return party.name
    return None


def _party_rows(name: str, resolved: ResolvedScenario, result: DeterrenceResult) -> pl.DataFrame:
    return result.parties.select(
        pl.lit(name).alias("scenario"),
        "party",
        "role",
        "probability",
        "marginal_value",
        pl.col("p_deterrence_with").alias("p_deter_with_signal"),
        pl.col("p_deterrence_without").alias("p_deter_without_signal"),
    )


def section(ctx: ReportContext) -> Section:
    """Each shipped scenario for the report year: the judgements dated closest to and not
    after it, the verdict on NATO's signal, what it would take, each party's signal, and
    the NATO-probability sweep."""
    year, fallback = _capability_year(ctx.year)
    blocks: list[Block] = [
        Text(
            "Would a challenger be deterred if more powers signalled that they might support the "
            "defender? Each scenario weighs the challenger's expected utility of war over the "
            "coalitions that may form against the status quo (Bueno de Mesquita 1981; Huth "
            f"1988). Capabilities are COW CINC scores of {year}, discounted for distance to "
            f"the protégé by the War Trap loss-of-strength gradient; {DRAWS:,} Monte Carlo "
            "draws of the uncertain inputs."
        ),
        Note(ASSUMPTION_NOTE, kind="assumption"),
    ]
    if fallback:
        blocks.append(Note(fallback, kind="caveat"))
    summary_rows = []
    party_tables = []
    assumption_tables = []
    curves: list[tuple[str, pl.DataFrame]] = []
    for name in shipped_scenarios():
        try:
            path, why = select_dated(name, ctx.year)
            resolved = resolve(read_scenario(path), year=year, selection=why)
        except CoverageError as exc:
            blocks.append(Note(f"Scenario {name} cannot run for {ctx.year}: {exc}", kind="missing"))
            continue
        verdict = assess(resolved.game, focus=resolved.spec.focus, draws=DRAWS, seed=SEED)
        result = verdict.result
        summary_rows.append(
            {
                "scenario": name,
                "judgements_dated": resolved.dated,
                "challenger": resolved.game.challenger,
                "protege": resolved.game.protege,
                "p_deterrence": result.p_deterrence,
                "eu_at_means": result.eu_at_means,
                "threshold_patron_probability": result.threshold,
            }
        )
        blocks.append(Text(f"{resolved.spec.title}. {verdict.summary}"))
        blocks.append(Note(f"{resolved.selection} {result.verdict()}", kind="assumption"))
        party_tables.append(_party_rows(name, resolved, result))
        assumption_tables.append(
            resolved.assumptions.select(
                pl.lit(name).alias("scenario"),
                pl.lit(resolved.dated).alias("dated"),
                "input",
                "value",
                "rationale",
            )
        )
        nato = _nato_party(resolved)
        if nato is not None:
            table = sweep(
                resolved.game, f"{nato.lower()}.probability", SWEEP_VALUES, draws=DRAWS, seed=SEED
            )
            curves.append((resolved.spec.title.split(":")[0], table))
    if summary_rows:
        blocks.append(
            Table(
                pl.DataFrame(summary_rows),
                f"Deterrence in the shipped scenarios, capabilities of {year} "
                "(threshold above 1: the patron alone cannot deter)",
            )
        )
        blocks.append(
            Table(
                pl.concat(party_tables, how="vertical"),
                "P(deterrence holds) with and without each party's signal (probability set to 0); "
                "marginal value = fall in the challenger's expected utility due to the signal",
            )
        )
        blocks.append(
            Table(
                pl.concat(assumption_tables, how="vertical"),
                "Judgement inputs of each scenario with their rationale, dated by the year whose "
                "knowledge they use (illustrative assumptions, not estimates)",
            )
        )
    if curves:
        blocks.append(
            Figure(
                _sweep_figure(curves),
                "P(deterrence holds) as NATO's probability of joining (if the patron does) rises "
                "from 0 to 1, other inputs at their distributions; judgment inputs are "
                "illustrative assumptions.",
            )
        )
    return Section(
        id="deterrence",
        title="Extended deterrence: does a wider signal of support deter?",
        blocks=tuple(blocks),
        datasets=("nmc", "capitals", "contiguity", "alliance_membership", "cow_states"),
    )


def _sweep_figure(curves: list[tuple[str, pl.DataFrame]]) -> str:
    fig, ax = new_figure(7.0, 3.8)
    for (label, table), colour in zip(curves, COLOURS, strict=False):
        ax.plot(
            table["value"].to_list(),
            table["p_deterrence"].to_list(),
            marker="o",
            ms=3,
            color=colour,
            label=label,
        )
    ax.set_xlabel("NATO probability of joining, given the patron joins")
    ax.set_ylabel("P(deterrence holds)")
    ax.set_ylim(-0.02, 1.02)
    ax.legend(loc="best", fontsize=8, frameon=False)
    return to_svg(fig)
