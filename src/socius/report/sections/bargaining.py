"""Report section: bargaining forecasts for the six-party talks and cross-Strait relations.

Runs Bueno de Mesquita's expected-utility model (Scholz, Calbert and Smith 2011) on
the shipped illustrative scenarios, with and without NATO as an actor in the
cross-Strait case, and shows positions over rounds, the forecasts and their Monte
Carlo spread. Capabilities come from each scenario's own year unless the scenario
asks to follow the report year.
"""

from __future__ import annotations

import polars as pl

from socius.bargaining import (
    BargainingResult,
    MonteCarloResult,
    Scenario,
    load_scenario,
    run,
    simulate,
)
from socius.report.figures import new_figure, to_svg
from socius.report.model import Block, Figure, Note, ReportContext, Section, Table, Text

__all__ = ["SCENARIOS", "section"]

SCENARIOS = ("six-party", "cross-strait", "cross-strait-nato")
_ROUNDS = 10
_DRAWS = 300
_SEED = 2011


def section(ctx: ReportContext) -> Section:
    runs: list[tuple[Scenario, BargainingResult, MonteCarloResult]] = []
    for name in SCENARIOS:
        sc = load_scenario(name, report_year=ctx.year)
        runs.append(
            (sc, run(sc, rounds=_ROUNDS), simulate(sc, draws=_DRAWS, rounds=_ROUNDS, seed=_SEED))
        )
    blocks: list[Block] = [
        Text(
            "Bueno de Mesquita's expected-utility model, in the formalisation of Scholz, Calbert and "
            "Smith (2011, doi:10.1177/0951629811418142), lets actors with capability, position and "
            "salience challenge one another and accept offers round by round. The forecast is the "
            f"median (Condorcet) position after {_ROUNDS} rounds, or, when the positions cycle, "
            "its mean over the last full cycle; each run says whether it converged, cycled or "
            "did neither. "
            f"The spread comes from {_DRAWS} Monte Carlo draws within each scenario's stated ranges "
            f"(seed {_SEED})."
        ),
        Note(
            "Positions and saliences in these scenarios are illustrative assumptions, not "
            "measurements; only the capabilities (COW NMC v7.0 CINC) are data. Read the forecasts "
            "as what the model implies for these inputs, not as predictions.",
            kind="assumption",
        ),
        Table(
            _forecast_table(runs), "Forecasts by scenario (scale 0-100; see each scenario's scale)"
        ),
    ]
    for sc, result, mc in runs:
        blocks.append(Text(f"{sc.title}. {result.summary} {mc.summary_sentence}"))
        blocks.append(Figure(_figure(sc, result), _caption(sc)))
        blocks.append(Note(f"{sc.title}: {sc.assumption_note}", kind="assumption"))
    by_name = {s.name: (r, mc) for s, r, mc in runs}
    (base, base_mc), (nato, nato_mc) = by_name["cross-strait"], by_name["cross-strait-nato"]
    q_base = base_mc.summary.filter(pl.col("measure") == "forecast").row(0, named=True)
    q_nato = nato_mc.summary.filter(pl.col("measure") == "forecast").row(0, named=True)
    blocks.append(
        Text(
            "Effect of NATO as an additional actor in the cross-Strait scenario: the forecast is "
            f"{base.forecast:.1f} without and {nato.forecast:.1f} with NATO; the weighted mean after "
            f"{_ROUNDS} rounds is {base.forecast_mean:.1f} without and {nato.forecast_mean:.1f} with "
            f"NATO; over the draws the 95th percentile of the forecast moves from {q_base['p95']:.1f} "
            f"to {q_nato['p95']:.1f}."
        )
    )
    bands = [
        mc.outcomes.select(
            pl.lit(sc.title).alias("scenario"), "outcome", "low", "high", "probability"
        )
        for sc, _, mc in runs
        if mc.outcomes is not None and mc.outcomes.height
    ]
    if bands:
        blocks.append(
            Table(
                pl.concat(bands, how="vertical"),
                f"Probability of each outcome band over {_DRAWS} draws (bands and inputs are "
                "illustrative assumptions)",
            )
        )
    return Section(
        "bargaining",
        "Bargaining forecasts: six-party talks and cross-Strait relations",
        tuple(blocks),
        datasets=("nmc", "alliance_membership"),
    )


def _forecast_table(
    runs: list[tuple[Scenario, BargainingResult, MonteCarloResult]],
) -> pl.DataFrame:
    rows = []
    for sc, result, mc in runs:
        summary = mc.summary.filter(pl.col("measure") == "forecast").row(0, named=True)
        rows.append(
            {
                "scenario": sc.title,
                "actors": len(sc.actors),
                "capability_year": sc.year,
                "initial_median": result.start_median,
                "forecast": result.forecast,
                "status": result.status,
                "period": result.period,
                "final_mean": result.forecast_mean,
                "top_weight": f"{result.weights['actor'][0]} {result.weights['share'][0]:.0%}",
                "draws_p05": summary["p05"],
                "draws_p50": summary["p50"],
                "draws_p95": summary["p95"],
                "draws_converged": mc.converged_share,
                "draws_cycling": mc.cycle_share,
                "inputs": sc.status,
            }
        )
    return pl.DataFrame(rows)


def _caption(sc: Scenario) -> str:
    scale = ""
    if sc.low_label and sc.high_label:
        lo = f"{sc.scale_low:g}" if sc.scale_low is not None else "low"
        hi = f"{sc.scale_high:g}" if sc.scale_high is not None else "high"
        scale = f" Scale: {lo} = {sc.low_label}; {hi} = {sc.high_label}."
    return (
        f"{sc.title}: positions over rounds (illustrative assumptions), median dashed, weighted mean "
        f"dotted.{scale}"
    )


def _figure(sc: Scenario, result: BargainingResult) -> str:
    fig, ax = new_figure(7.5, 4.2)
    for name in sc.names:
        sub = result.positions.filter(pl.col("actor") == name)
        ax.plot(
            sub["round"].to_list(), sub["position"].to_list(), marker="o", markersize=3, label=name
        )
    traj = result.trajectory
    ax.plot(traj["round"].to_list(), traj["median"].to_list(), "k--", linewidth=1.6, label="median")
    ax.plot(
        traj["round"].to_list(), traj["mean"].to_list(), "k:", linewidth=1.6, label="weighted mean"
    )
    ax.set_xlabel("round")
    ax.set_ylabel("position")
    if sc.scale_low is not None and sc.scale_high is not None:
        ax.set_ylim(sc.scale_low, sc.scale_high)
    ax.set_title(sc.title, fontsize=10)
    ax.legend(frameon=False, fontsize=7, loc="center left", bbox_to_anchor=(1.0, 0.5))
    return to_svg(fig)
