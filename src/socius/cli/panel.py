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
CONVENTIONS_HELP = (
    "socius (documented defaults) or peacesciencer (the R package's choices for contiguity "
    "and capital distance)"
)
MRY_HELP = "Carry the state system to the last full calendar year (peacesciencer's mry)"
#: Merges that take the conventions option.
WITH_CONVENTIONS = {"contiguity", "distance"}


def _run(
    frame_builder: str,
    system: str,
    directed: bool,
    years: str | None,
    merges: str | None,
    out: Path | None,
    *,
    conventions: str = "socius",
    mry: bool = False,
    prd: bool = False,
    peace_years: bool = False,
) -> None:
    if system not in ("cow", "gw"):
        raise ValidationError(f"--system '{system}' is not known; use cow or gw")
    if conventions not in P.CONVENTIONS:
        raise ValidationError(
            f"--conventions '{conventions}' is not known; use {' or '.join(P.CONVENTIONS)}"
        )
    names = parse_list(merges)
    bad = [n for n in names if n not in P.MERGES]
    if bad:
        raise UnknownNameError(
            f"--with '{bad[0]}' is not a merge{suggest(bad[0], list(P.MERGES))}; choose from: {', '.join(P.MERGES)}"
        )
    if prd and not {"contiguity", "majors"} <= set(names):
        raise ValidationError(
            "--prd needs contiguity and majors in --with, e.g. --with contiguity,majors"
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
        if frame_builder == "leader":
            frame = P.leader_years(years=span)
        elif frame_builder == "state":
            frame = P.state_years(system, years=span, mry=mry)  # type: ignore[arg-type]
        else:
            frame = P.dyad_years(system, directed=directed, years=span, mry=mry)  # type: ignore[arg-type]
        prog.advance(task)
        for name in names:
            prog.update(task, description=f"merging {name}")
            kwargs = {"conventions": conventions} if name in WITH_CONVENTIONS else {}
            frame = P.MERGES[name](frame, **kwargs)
            prog.advance(task)
        if prd:
            frame = P.filter_prd(frame)
        if peace_years:
            frame = P.add_peace_years(frame)
    emit_frame(frame, target, title=f"{frame.height:,} rows")


@app.command("state-years")
def state_years(
    system: Annotated[str, typer.Option(help="cow or gw")] = "cow",
    years: Annotated[str | None, typer.Option(help="Year range, e.g. 1950-2020")] = None,
    with_: Annotated[str | None, typer.Option("--with", help=WITH_HELP)] = None,
    conventions: Annotated[str, typer.Option(help=CONVENTIONS_HELP)] = "socius",
    mry: Annotated[bool, typer.Option("--mry", help=MRY_HELP)] = False,
    peace_years: Annotated[
        bool, typer.Option("--peace-years", help="Add peace years for the event columns merged")
    ] = False,
    out: Annotated[
        Path | None, typer.Option(help="Output file (.parquet, .csv or .json); prints when omitted")
    ] = None,
) -> None:
    """State-year panel of the COW or Gleditsch-Ward system."""
    _run(
        "state",
        system,
        True,
        years,
        with_,
        out,
        conventions=conventions,
        mry=mry,
        peace_years=peace_years,
    )


@app.command("dyad-years")
def dyad_years(
    system: Annotated[str, typer.Option(help="cow or gw")] = "cow",
    directed: Annotated[
        bool,
        typer.Option("--directed/--undirected", help="Directed (a,b and b,a) or undirected (a<b)"),
    ] = True,
    years: Annotated[str | None, typer.Option(help="Year range, e.g. 1816-2010")] = None,
    with_: Annotated[str | None, typer.Option("--with", help=WITH_HELP)] = None,
    conventions: Annotated[str, typer.Option(help=CONVENTIONS_HELP)] = "socius",
    mry: Annotated[bool, typer.Option("--mry", help=MRY_HELP)] = False,
    prd: Annotated[
        bool,
        typer.Option(
            "--prd", help="Keep politically relevant dyads (needs --with contiguity,majors)"
        ),
    ] = False,
    peace_years: Annotated[
        bool,
        typer.Option("--peace-years", help="Add peace years for the dispute or war columns merged"),
    ] = False,
    out: Annotated[
        Path | None, typer.Option(help="Output file (.parquet, .csv or .json); prints when omitted")
    ] = None,
) -> None:
    """Dyad-year panel of the COW or Gleditsch-Ward system."""
    _run(
        "dyad",
        system,
        directed,
        years,
        with_,
        out,
        conventions=conventions,
        mry=mry,
        prd=prd,
        peace_years=peace_years,
    )


@app.command("leader-years")
def leader_years(
    years: Annotated[str | None, typer.Option(help="Year range within 1840-2015")] = None,
    with_: Annotated[
        str | None, typer.Option("--with", help=WITH_HELP + " (lead: LEAD leader attributes)")
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="Output file (.parquet, .csv or .json); prints when omitted")
    ] = None,
) -> None:
    """Leader-year panel (Archigos 4.1): one row per leader in office during the year."""
    _run("leader", "gw", True, years, with_, out)
