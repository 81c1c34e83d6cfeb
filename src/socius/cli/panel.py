"""``socius panel``: build state-year and dyad-year panels with merges."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn

from socius import panel as P
from socius.cli._common import Progress, check_out, emit_frame, err_console, parse_list, parse_years
from socius.errors import UnknownNameError, ValidationError, suggest

NAME = "panel"
app = typer.Typer(
    help="Build state-year and dyad-year panels with data merged in.", no_args_is_help=True
)

WITH_HELP = f"Comma-separated merges: {', '.join(P.MERGES)}"


def _run(
    frame_builder: str,
    system: str,
    directed: bool,
    years: str | None,
    merges: str | None,
    out: Path | None,
) -> None:
    if system not in ("cow", "gw"):
        raise ValidationError(f"--system '{system}' is not known; use cow or gw")
    names = parse_list(merges)
    bad = [n for n in names if n not in P.MERGES]
    if bad:
        raise UnknownNameError(
            f"--with '{bad[0]}' is not a merge{suggest(bad[0], list(P.MERGES))}; choose from: {', '.join(P.MERGES)}"
        )
    span = parse_years(years) if years else None
    target = check_out(out)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as prog:
        task = prog.add_task("building panel", total=len(names) + 1)
        if frame_builder == "state":
            frame = P.state_years(system, years=span)  # type: ignore[arg-type]
        else:
            frame = P.dyad_years(system, directed=directed, years=span)  # type: ignore[arg-type]
        prog.advance(task)
        for name in names:
            prog.update(task, description=f"merging {name}")
            frame = P.MERGES[name](frame)
            prog.advance(task)
    emit_frame(frame, target, title=f"{frame.height:,} rows")


@app.command("state-years")
def state_years(
    system: Annotated[str, typer.Option(help="cow or gw")] = "cow",
    years: Annotated[str | None, typer.Option(help="Year range, e.g. 1950-2020")] = None,
    with_: Annotated[str | None, typer.Option("--with", help=WITH_HELP)] = None,
    out: Annotated[
        Path | None, typer.Option(help="Output file (.parquet, .csv or .json); prints when omitted")
    ] = None,
) -> None:
    """State-year panel of the COW or Gleditsch-Ward system."""
    _run("state", system, True, years, with_, out)


@app.command("dyad-years")
def dyad_years(
    system: Annotated[str, typer.Option(help="cow or gw")] = "cow",
    directed: Annotated[
        bool,
        typer.Option("--directed/--undirected", help="Directed (a,b and b,a) or undirected (a<b)"),
    ] = True,
    years: Annotated[str | None, typer.Option(help="Year range, e.g. 1816-2010")] = None,
    with_: Annotated[str | None, typer.Option("--with", help=WITH_HELP)] = None,
    out: Annotated[
        Path | None, typer.Option(help="Output file (.parquet, .csv or .json); prints when omitted")
    ] = None,
) -> None:
    """Dyad-year panel of the COW or Gleditsch-Ward system."""
    _run("dyad", system, directed, years, with_, out)
