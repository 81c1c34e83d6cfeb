"""``socius flashpoints``: the flashpoint registry and a dashboard per flashpoint."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import polars as pl
import typer

from socius import indicators as ind
from socius.cli._common import console, print_frame
from socius.cli.indicators import period, show_frame, sources_line
from socius.errors import ValidationError
from socius.provenance import copy_provenance

NAME = "flashpoints"
app = typer.Typer(
    help="East Asian flashpoints: parties, patrons and a dashboard of their indicators.",
    no_args_is_help=True,
)


@app.command("list")
def list_flashpoints() -> None:
    """List the flashpoints with their parties and patrons."""
    frame = ind.flashpoints()
    print_frame(frame.drop("source"), title="flashpoints")
    console.print(sources_line(frame), highlight=False, markup=False)


@app.command("show")
def show(
    name: Annotated[str, typer.Argument(help="Flashpoint, e.g. taiwan-strait, korean-peninsula")],
    start: Annotated[
        int | None,
        typer.Option("--from", help="First year (default: 15 years to the last NMC year)"),
    ] = None,
    end: Annotated[int | None, typer.Option("--to", help="Last year")] = None,
    source: Annotated[
        str, typer.Option(help="Military expenditure source: auto, sipri or nmc")
    ] = "auto",
    out_dir: Annotated[
        Path | None,
        typer.Option("--out-dir", help="Write each panel as CSV into this existing folder"),
    ] = None,
) -> None:
    """Dashboard of a flashpoint: spending, CINC, nuclear forces, missile tests, scrambles, arms."""
    if out_dir is not None and not out_dir.is_dir():
        raise ValidationError(
            f"--out-dir '{out_dir}' is not an existing folder; create it first (mkdir -p {out_dir})"
        )
    board = ind.dashboard(name, years=period(start, end), source=source)
    console.print(f"[bold]{board.name}[/bold], {board.years[0]}-{board.years[1]}")
    print_frame(board.parties.select("ccode", "stateabb", "role"), title="parties and patrons")
    for key, title, frame in board.panels:
        target = None if out_dir is None else out_dir / f"{board.slug}-{key.replace(' ', '-')}.csv"
        show_frame(_compact(key, frame), target, title=title)
    for note in board.notes:
        console.print(f"note: {note}", highlight=False, markup=False)
    breaks = ind.milex_breaks(board.parties["ccode"].to_list(), years=board.years, source=source)
    if breaks.height:
        where = ", ".join(f"{a} {y}" for a, y in breaks.select("stateabb", "year").iter_rows())
        console.print(
            f"note: the military expenditure series breaks ({where}; {breaks['source'][0]}): "
            "values before and after a break are not comparable; import SIPRI for an unbroken "
            "constant-price series (socius data import sipri-milex FILE)",
            highlight=False,
            markup=False,
        )


def _compact(key: str, frame: pl.DataFrame) -> pl.DataFrame:
    """Wide year-by-state views for the per-year panels (easier to read in a terminal)."""
    views = {
        "military expenditure": ("year", "stateabb", "milex"),
        "cinc": ("year", "stateabb", "cinc"),
        "arms imports": ("year", "stateabb", "tiv"),
        "missile tests": ("year", "stateabb", "tests"),
        "scrambles": ("fiscal_year", "origin", "scrambles"),
    }
    if key == "patron deliveries":
        return copy_provenance(frame, frame.select("year", "supplier", "recipient", "tiv"))
    if key not in views:
        drop = [
            c for c in ("source", "caveat", "reference", "measure", "unit") if c in frame.columns
        ]
        return copy_provenance(frame, frame.drop(drop))
    index, on, values = views[key]
    wide = frame.pivot(on=on, index=index, values=values, aggregate_function="first").sort(index)
    return copy_provenance(frame, wide)
