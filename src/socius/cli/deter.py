"""``socius deter``: extended-deterrence scenarios and the War Trap expected utility."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import polars as pl
import typer

from socius._io import atomic_path, check_output_path
from socius.cli._common import (
    Progress,
    check_out,
    console,
    emit_frame,
    err_console,
    parse_years,
    print_frame,
)
from socius.deterrence import (
    ASSUMPTION_NOTE,
    assess,
    load_scenario,
    parse_sweep,
    plot_parties,
    plot_sweep,
    read_scenario,
    shipped_scenarios,
    sweep,
    war_trap_expected_utility,
)
from socius.deterrence.dyadic import SIMILARITY_METHODS, THIRD_PARTY_RULES, check_eu_years
from socius.deterrence.scenario import shipped_versions
from socius.errors import ValidationError
from socius.limits import check_count

NAME = "deter"
app = typer.Typer(
    help="Extended deterrence: would more signals of support deter a challenger?",
    no_args_is_help=True,
)

FIGURE_FORMATS = (".svg", ".png", ".pdf")

ScenarioArg = Annotated[
    str, typer.Argument(help="A shipped scenario (taiwan-strait, korean-peninsula) or a .toml file")
]
DrawsOpt = Annotated[int, typer.Option(help="Monte Carlo draws of the uncertain inputs")]
YearOpt = Annotated[
    int | None, typer.Option(help="Year of the capability data (default: the scenario's)")
]
SeedOpt = Annotated[int, typer.Option(help="Random seed")]
OutOpt = Annotated[Path | None, typer.Option(help="Write the table (.csv, .parquet or .json)")]
FigureOpt = Annotated[Path | None, typer.Option(help="Write the figure (.svg, .png or .pdf)")]


def _check_figure(path: Path | None) -> Path | None:
    return None if path is None else check_output_path(path, allowed=FIGURE_FORMATS)


def _save(fig: Any, path: Path) -> None:
    import matplotlib.pyplot as plt

    with atomic_path(path) as tmp:
        fig.savefig(tmp, format=path.suffix.lstrip(".").lower(), bbox_inches="tight")
    plt.close(fig)
    err_console.print(f"wrote figure to {path}")


def _check_draws(draws: int) -> None:
    check_count("draws", draws, option="--draws")


@app.command("list")
def list_scenarios() -> None:
    """List the shipped scenarios."""
    rows = []
    for name in shipped_scenarios():
        for dated in sorted(shipped_versions()[name]):
            spec = read_scenario(f"{name}-{dated}")
            rows.append(
                {
                    "scenario": name,
                    "judgements_dated": dated,
                    "year": spec.year,
                    "title": spec.title,
                }
            )
    print_frame(pl.DataFrame(rows), title="Shipped deterrence scenarios")


@app.command()
def run(
    scenario: ScenarioArg,
    draws: DrawsOpt = 10_000,
    year: YearOpt = None,
    seed: SeedOpt = 0,
    out: OutOpt = None,
    figure: FigureOpt = None,
) -> None:
    """Would the challenger attack? P(deterrence holds), the verdict, what it would take."""
    _check_draws(draws)
    target, fig_path = check_out(out), _check_figure(figure)
    resolved = load_scenario(scenario, year=year)
    assessment = assess(resolved.game, focus=resolved.spec.focus, draws=draws, seed=seed)
    result = assessment.result
    console.print(f"[bold]{resolved.spec.title}[/bold]  (capabilities of {resolved.year})")
    if resolved.selection:
        console.print(resolved.selection)
    console.print(f"[yellow]Note:[/yellow] {ASSUMPTION_NOTE}")
    for note in resolved.notes:
        console.print(f"[dim]{note}[/dim]")
    print_frame(
        resolved.capabilities.drop("ccodes"),
        title=f"Capabilities at {resolved.game.protege} (data: CINC discounted for distance)",
    )
    print_frame(
        resolved.assumptions.select("input", "value", "rationale"),
        title="Judgment inputs (illustrative assumptions), each with its rationale",
    )
    print_frame(result.coalitions, title="Coalitions that may form (inputs at their means)")
    print_frame(result.summary(), title=f"Result ({draws:,} draws, seed {seed})")
    console.print(result.verdict())
    console.print(f"[bold]Verdict:[/bold] {assessment.verdict}")
    console.print(assessment.what_it_would_take.sentence)
    parties = result.parties.select(
        "party",
        "role",
        "probability",
        "marginal_value",
        "p_deterrence_with",
        "p_deterrence_without",
    )
    emit_frame(
        parties if target is None else result.parties,
        target,
        title="Each party's signal: marginal deterrent value and P(deterrence) with and without",
    )
    if fig_path is not None:
        _save(plot_parties(result, title=resolved.spec.title), fig_path)


@app.command("sweep")
def sweep_command(
    scenario: ScenarioArg,
    param: Annotated[
        str,
        typer.Option(
            help="NAME=START:STOP:STEP, e.g. nato.probability=0:1:0.05 or stakes=0.5:2:0.25"
        ),
    ],
    draws: DrawsOpt = 10_000,
    year: YearOpt = None,
    seed: SeedOpt = 0,
    out: OutOpt = None,
    figure: FigureOpt = None,
) -> None:
    """Deterrence as one input varies (the others keep their distributions)."""
    _check_draws(draws)
    name, values = parse_sweep(param)
    target, fig_path = check_out(out), _check_figure(figure)
    resolved = load_scenario(scenario, year=year)
    table = sweep(resolved.game, name, values, draws=draws, seed=seed)
    console.print(f"[bold]{resolved.spec.title}[/bold]  (capabilities of {resolved.year})")
    if resolved.selection:
        console.print(resolved.selection)
    console.print(f"[yellow]Note:[/yellow] {ASSUMPTION_NOTE}")
    for note in resolved.notes:
        console.print(f"[dim]{note}[/dim]")
    emit_frame(table, target, title=f"Sweep of {name} ({draws:,} draws, seed {seed})")
    if fig_path is not None:
        _save(plot_sweep(table, title=resolved.spec.title), fig_path)


@app.command("eu")
def expected_utility_command(
    years: Annotated[str, typer.Option(help="Year range, e.g. 1990-2000")] = "2000",
    similarity: Annotated[str, typer.Option(help="tau_b or s")] = "tau_b",
    third_parties: Annotated[
        str, typer.Option("--third-parties", help="region (relevant region) or all")
    ] = "region",
    out: OutOpt = None,
    latest: Annotated[
        bool,
        typer.Option(
            "--latest", help="Clamp the years to the last one with every input (ATOP ends 2018)"
        ),
    ] = False,
) -> None:
    """War Trap expected utility (Bueno de Mesquita 1981) for every directed dyad-year."""
    if similarity not in SIMILARITY_METHODS:
        raise ValidationError(f"--similarity '{similarity}' is not known; use tau_b or s")
    if third_parties not in THIRD_PARTY_RULES:
        raise ValidationError(f"--third-parties '{third_parties}' is not known; use region or all")
    start, end = parse_years(years)
    start, end, note = check_eu_years(start, end, latest=latest)
    span = (start, end)
    target = check_out(out)
    if note is not None:
        err_console.print(f"[yellow]Note:[/yellow] {note}")
    with Progress(console=err_console, transient=True) as prog:
        task = prog.add_task("expected utility", total=span[1] - span[0] + 1)
        table = war_trap_expected_utility(
            span,
            similarity=similarity,  # type: ignore[arg-type]
            third_parties=third_parties,  # type: ignore[arg-type]
            progress=lambda _year: prog.advance(task),
        )
    emit_frame(table, target, title=f"War Trap expected utility, {span[0]}-{span[1]}")
