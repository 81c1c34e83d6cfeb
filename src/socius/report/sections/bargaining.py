"""Report section: bargaining forecasts for the six-party talks and cross-Strait relations.

Runs Bueno de Mesquita's expected-utility model (Scholz, Calbert and Smith 2011) on
the shipped illustrative scenarios, with and without NATO as an actor in the
cross-Strait case, and shows positions over rounds, the forecasts and their Monte
Carlo spread. Capabilities come from each scenario's own year unless the scenario
asks to follow the report year.
"""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from socius.bargaining import (
    BargainingResult,
    MonteCarloResult,
    Scenario,
    load_scenario,
    run,
    simulate,
)
from socius.report.figures import SERIES_COLOURS, new_figure, source_line, takeaway, to_svg
from socius.report.model import Block, Figure, Note, ReportContext, Section, Table, Text

__all__ = ["SCENARIOS", "dating", "judged_year", "run_scenario", "section"]

SCENARIOS = ("six-party", "cross-strait", "cross-strait-nato")
_ROUNDS = 10
_DRAWS = 300
_SEED = 2011


@lru_cache(maxsize=8)
def run_scenario(name: str, report_year: int) -> tuple[Scenario, BargainingResult]:
    """One shipped scenario for the report year and its run (shared with the answers page,
    so both state the same forecast)."""
    sc = load_scenario(name, report_year=report_year)
    return sc, run(sc, rounds=_ROUNDS)


def judged_year(sc: Scenario) -> int | None:
    """The year whose knowledge the scenario's positions and saliences encode: the file's
    own year (a scenario that follows the report year for its capabilities keeps it)."""
    if sc.capability_year == "report":
        return load_scenario(sc.path or sc.name).year
    return sc.year


def dating(sc: Scenario, report_year: int) -> tuple[str, bool]:
    """A sentence saying which year the scenario's judgements are dated to, and whether
    they postdate *report_year* (then the forecast is not what could be judged then)."""
    dated = judged_year(sc)
    if dated is None:
        return f"{sc.title}: its judgements carry no date.", False
    if dated > report_year:
        return (
            f"{sc.title}: its positions and saliences are judged from {dated}, after the "
            f"report year {report_year}; they use what was known in {dated}, not in "
            f"{report_year}, so this forecast is not a {report_year} judgement (no scenario "
            f"dated {report_year} or earlier is shipped).",
            True,
        )
    when = (
        "the report year"
        if dated == report_year
        else f"{report_year - dated} years before the report year {report_year}"
    )
    return f"{sc.title}: judgements dated {dated}, {when}.", False


def _late_note(late: list[tuple[str, int | None]], year: int) -> str:
    """One caveat for every scenario whose judgements postdate the report year."""
    titles = [t for t, _ in late]
    many = len(titles) > 1
    years = sorted({y for _, y in late if y is not None})
    when = ", ".join(map(str, years))
    who = ", ".join(titles[:-1]) + " and " + titles[-1] if many else titles[0]
    return (
        f"Assumptions dated after {year}: {who} {'are' if many else 'is'} judged from {when}, "
        f"after the report year {year}. {'They use' if many else 'It uses'} what was known in "
        f"{when}, not in {year}, so {'these forecasts are not' if many else 'this forecast is not a'} "
        f"{year} judgement{'s' if many else ''}; no scenario dated {year} or earlier is shipped "
        f"for {'them' if many else 'it'}."
    )


def section(ctx: ReportContext) -> Section:
    runs: list[tuple[Scenario, BargainingResult, MonteCarloResult]] = []
    for name in SCENARIOS:
        sc, result = run_scenario(name, ctx.year)
        runs.append((sc, result, simulate(sc, draws=_DRAWS, rounds=_ROUNDS, seed=_SEED)))
    dated = [dating(sc, ctx.year) for sc, _, _ in runs]
    late = [
        (sc.title, judged_year(sc))
        for (sc, _, _), (_, after) in zip(runs, dated, strict=True)
        if after
    ]
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
    ]
    if late:
        blocks.append(Note(_late_note(late, ctx.year), kind="caveat"))
    blocks.append(
        Table(
            _forecast_table(runs, ctx.year),
            "Forecasts by scenario (scale 0-100; see each scenario's scale); "
            "assumptions_dated: the year whose knowledge the positions and saliences use",
        )
    )
    for (sc, result, mc), (when, after) in zip(runs, dated, strict=True):
        blocks.append(Text(f"{sc.title}. {result.summary} {mc.summary_sentence}"))
        blocks.append(Figure(_figure(sc, result), _caption(sc)))
        blocks.append(
            Note(
                f"{when} {sc.assumption_note}",
                kind="caveat" if after else "assumption",
            )
        )
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
    runs: list[tuple[Scenario, BargainingResult, MonteCarloResult]], report_year: int
) -> pl.DataFrame:
    rows = []
    for sc, result, mc in runs:
        summary = mc.summary.filter(pl.col("measure") == "forecast").row(0, named=True)
        rows.append(
            {
                "scenario": sc.title,
                "actors": len(sc.actors),
                "assumptions_dated": judged_year(sc),
                "after_report_year": (judged_year(sc) or 0) > report_year,
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
    fig, ax = new_figure(7.5, 4.4)
    for name, colour in zip(sc.names, _colours(len(sc.names)), strict=True):
        sub = result.positions.filter(pl.col("actor") == name)
        ax.plot(
            sub["round"].to_list(),
            sub["position"].to_list(),
            marker="o",
            markersize=3,
            color=colour,
            label=name,
        )
    traj = result.trajectory
    ax.plot(traj["round"].to_list(), traj["median"].to_list(), "k--", linewidth=1.6, label="median")
    ax.plot(
        traj["round"].to_list(), traj["mean"].to_list(), "k:", linewidth=1.6, label="weighted mean"
    )
    ax.set_xlabel("round")
    ax.set_ylabel("position on the issue scale")
    if sc.scale_low is not None and sc.scale_high is not None:
        ax.set_ylim(sc.scale_low, sc.scale_high)
    ax.legend(frameon=False, loc="center left", bbox_to_anchor=(1.0, 0.5))
    how = {
        "converged": "the positions converge",
        "cycle": f"the positions cycle every {result.period} rounds",
    }.get(result.status, f"the positions are still moving at round {result.rounds_run}")
    # two lines: a long scenario title on one line would be clipped at the figure's edge
    takeaway(fig, f"{sc.title.split(' (')[0]}:\nforecast {result.forecast:.0f}; {how}")
    source_line(
        fig,
        f"socius bargaining model (Scholz et al. 2011); capabilities COW NMC v7.0 CINC "
        f"{sc.year}; positions and saliences illustrative, judged {judged_year(sc)}",
    )
    return to_svg(fig)


def _colours(n: int) -> list[str]:
    """Actor colours: the series colours except black, which marks the median and mean."""
    pool = [c for c in SERIES_COLOURS if c.upper() != "#000000"]
    return [pool[k % len(pool)] for k in range(n)]
