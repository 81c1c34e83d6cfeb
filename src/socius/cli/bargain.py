"""``socius bargain``: stakeholder bargaining forecasts (expected-utility model)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated, Any

import polars as pl
import typer
from rich import box
from rich.table import Table as RichTable

from socius.bargaining import METHODS, list_scenarios, load_scenario, run, simulate
from socius.cli._common import check_out, console, emit_frame, err_console, print_frame, track
from socius.errors import UnknownNameError, suggest
from socius.limits import check_count

NAME = "bargain"
app = typer.Typer(
    help="Forecast multi-party bargaining with Bueno de Mesquita's expected-utility model "
    "(Scholz, Calbert and Smith 2011).",
    no_args_is_help=True,
)


def _progress(items: Iterator[Any], total: int) -> Iterable[Any]:
    return track(items, total=total, description="simulating", console=err_console, transient=True)


@app.command("run")
def run_cmd(
    scenario: Annotated[
        str,
        typer.Argument(
            help="Scenario file (.toml or .csv) or a shipped name (socius bargain list)"
        ),
    ],
    rounds: Annotated[int, typer.Option(help="Bargaining rounds")] = 10,
    draws: Annotated[int, typer.Option(help="Monte Carlo draws (0: none; at most 100,000)")] = 0,
    seed: Annotated[int | None, typer.Option(help="Seed for the Monte Carlo draws")] = None,
    method: Annotated[
        str, typer.Option(help=f"Model variant: {', '.join(METHODS)}")
    ] = "scholz2011",
    out: Annotated[
        Path | None,
        typer.Option(help="Write the positions by round and actor (.parquet, .csv or .json)"),
    ] = None,
) -> None:
    """Run a scenario: positions by round, mean and median, forecast, and uncertainty."""
    check_count("rounds", rounds, option="--rounds")
    if draws != 0:
        check_count("draws", draws, option="--draws")
    if method not in METHODS:
        raise UnknownNameError(
            f"--method '{method}' is not known{suggest(method, METHODS)}; choose one of: {', '.join(METHODS)}"
        )
    target = check_out(out)
    sc = load_scenario(scenario)
    result = run(sc, rounds=rounds, method=method)  # type: ignore[arg-type]
    console.print(f"[bold]{sc.title}[/bold]")
    if sc.issue:
        console.print(sc.issue)
    if sc.low_label or sc.high_label:
        lo = f"{sc.scale_low:g} = " if sc.scale_low is not None else "low = "
        hi = f"{sc.scale_high:g} = " if sc.scale_high is not None else "high = "
        console.print(f"Scale: {lo}{sc.low_label}; {hi}{sc.high_label}")
    actors = sc.frame().drop("rationale")
    if actors["code"].null_count() == actors.height:
        actors = actors.drop("code")
    print_frame(actors, title="Actors")
    _print_by_round(result.table(), title=f"Positions by round, actors x rounds ({method})")
    if result.offers.height:
        offers = result.offers.rename(
            {"position_before": "from", "position_after": "to", "risk_exponent": "risk r"}
        )
        print_frame(offers, title="Accepted offers: who moved toward whom", max_rows=40)
    print_frame(
        result.weights.with_columns(pl.col("share").round(3)),
        title="Weight of each actor (capability x salience) and its share",
    )
    label = {
        "converged": "settled",
        "cycle": f"mean over the last {result.period}-round cycle",
        "neither": f"median at round {result.rounds_run}, not settled",
    }[result.status]
    console.print(
        f"[bold]Forecast[/bold] ({label}): {result.forecast:.3f}; weighted mean "
        f"{result.forecast_mean:.3f}."
    )
    console.print(result.convergence)
    if result.dominance:
        console.print(result.dominance)
    if draws:
        mc = simulate(sc, draws=draws, rounds=rounds, seed=seed, method=method, progress=_progress)  # type: ignore[arg-type]
        print_frame(mc.summary, title=f"Forecast over {draws} draws (seed {seed})")
        if mc.status is not None:
            print_frame(mc.status, title="How the draws ended")
        if mc.outcomes is not None and mc.outcomes.height:
            print_frame(mc.outcomes, title="Probability of each outcome band")
        console.print(mc.summary_sentence)
        if mc.drivers.height:
            print_frame(
                mc.drivers,
                title="Drivers: Spearman correlation of perturbed inputs with the forecast",
                max_rows=15,
            )
        else:
            console.print("No uncertainty ranges in the scenario: every draw is the same run.")
    console.print(f"Note: {sc.assumption_note}")
    if target is not None:
        emit_frame(result.positions, target)


def _short(value: float) -> str:
    """Four significant figures in at most five characters for |value| < 1000."""
    size = abs(value)
    digits = 2 if size < 10 else 1 if size < 100 else 0
    return f"{value:.{digits}f}"


def _print_by_round(table: pl.DataFrame, *, title: str) -> None:
    """Actors (then mean and median) as rows and rounds as columns, compactly (``--out`` has all digits)."""
    labels = [c for c in table.columns if c != "round"]
    values = table.select(labels).to_numpy()
    grid = RichTable(title=title, box=box.SIMPLE, padding=0, pad_edge=False, header_style="bold")
    grid.add_column("actor", no_wrap=True)
    for r in table["round"].to_list():
        grid.add_column(str(r), justify="right", no_wrap=True)
    for k, label in enumerate(labels):
        style = "bold" if label in ("mean", "median") else None
        grid.add_row(label, *[_short(v) for v in values[:, k]], style=style)
    console.print(grid)


@app.command("list")
def list_cmd() -> None:
    """List the shipped example scenarios."""
    frame: pl.DataFrame = list_scenarios()
    print_frame(frame, title="Shipped bargaining scenarios (socius bargain run NAME)")
