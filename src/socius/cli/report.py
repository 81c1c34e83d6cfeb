"""``socius report``: write the HTML report for a year."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn

from socius._io import check_output_path
from socius.cli._common import Progress, err_console
from socius.report import build_report, check_request, write_report


def report(
    year: Annotated[
        int | None, typer.Option(help="Year to report on (default: the latest year with data)")
    ] = None,
    alliance: Annotated[str, typer.Option(help="Alliance: NATO, SCO or CSTO")] = "NATO",
    policy: Annotated[
        Path | None,
        typer.Option(help="Affiliation policy file (TOML); default: the shipped policy"),
    ] = None,
    out: Annotated[Path, typer.Option(help="Output HTML file")] = Path("socius-report.html"),
    focus: Annotated[
        str,
        typer.Option(help="States to add explain cards for, comma-separated (e.g. JPN,KOR)"),
    ] = "",
) -> None:
    """Write one self-contained HTML report (works offline) on the bundled data."""
    check_output_path(out, allowed=(".html", ".htm"))
    t0 = time.perf_counter()
    states = [f for f in focus.split(",") if f.strip()]
    yr = check_request(
        year, alliance=alliance, policy_path=str(policy) if policy else None, focus=states
    )
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as prog:
        task = prog.add_task(f"report {alliance} {yr}", total=None)
        built = build_report(
            yr,
            alliance=alliance,
            policy_path=str(policy) if policy else None,
            focus=states,
            progress=lambda name: prog.update(task, description=f"section: {name}"),
        )
        prog.update(task, description="rendering")
        path = write_report(out, built)
    err_console.print(
        f"wrote {path} ({Path(path).stat().st_size / 1024:,.0f} KiB, {len(built.sections)} sections) in {time.perf_counter() - t0:.1f} s"
    )


def register(root: typer.Typer) -> None:
    root.command("report")(report)
