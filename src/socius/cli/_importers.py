"""``socius data import ...``: import the SIPRI files a user has downloaded.

Attached to ``socius data`` by :mod:`socius.cli.data`. Each command validates the
file(s), prints what it read (rows, states, years, non-state and unmatched names)
and stores the snapshot in the user's data folder (``$SOCIUS_DATA_DIR`` or the
platform's user data folder), never inside the package.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn

from socius.cli._common import Progress, console, err_console, print_frame
from socius.data.sipri import ImportSummary, import_arms, import_milex

__all__ = ["import_app"]

import_app = typer.Typer(
    help="Import your own SIPRI downloads (SIPRI's terms do not allow socius to ship them).",
    no_args_is_help=True,
)

SKIP_HELP = (
    "Import even if some names match no state: they are listed in the summary and the manifest notes "
    "instead of stopping the import"
)


def _report(summary: ImportSummary) -> None:
    print_frame(summary.table(), title=f"imported {summary.dataset}", max_rows=100)
    console.print(
        f"load it with socius.data.load('{summary.dataset}'); source: SIPRI ({summary.version})"
    )


def _spinner(text: str) -> Progress:
    return Progress(
        SpinnerColumn(), TextColumn(text), TimeElapsedColumn(), console=err_console, transient=True
    )


@import_app.command("sipri-milex")
def sipri_milex(
    file: Annotated[
        Path, typer.Argument(help="SIPRI Military Expenditure Database workbook (.xlsx)")
    ],
    skip_unmatched: Annotated[bool, typer.Option("--skip-unmatched", help=SKIP_HELP)] = False,
) -> None:
    """Import the SIPRI Military Expenditure Database workbook."""
    with _spinner(f"reading {file.name}"):
        summary = import_milex(file, skip_unmatched=skip_unmatched)
    _report(summary)


@import_app.command("sipri-arms")
def sipri_arms(
    files: Annotated[
        list[Path],
        typer.Argument(help="SIPRI TIV tables (CSV) and/or supplier-recipient-year CSV files"),
    ],
    skip_unmatched: Annotated[bool, typer.Option("--skip-unmatched", help=SKIP_HELP)] = False,
) -> None:
    """Import SIPRI arms-transfer TIV tables (all files of one import form one snapshot)."""
    with _spinner(f"reading {len(files)} file(s)"):
        summary = import_arms(files, skip_unmatched=skip_unmatched)
    _report(summary)
