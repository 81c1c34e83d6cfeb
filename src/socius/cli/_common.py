"""Shared helpers for the command-line adapters (parsing, printing, writing)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal, TypeVar

import polars as pl
import rich.progress
from rich.console import Console
from rich.table import Table as RichTable

from socius._io import TABLE_FORMATS, check_output_path, write_table
from socius.errors import ValidationError

__all__ = [
    "Progress",
    "console",
    "emit_frame",
    "err_console",
    "parse_list",
    "parse_years",
    "print_frame",
    "track",
]

T = TypeVar("T")

console = Console()
err_console = Console(stderr=True)

_YEARS = re.compile(r"^\s*(\d{4})\s*(?:[-:]\s*(\d{4})\s*)?$")


def parse_years(text: str, *, option: str = "--years") -> tuple[int, int]:
    """Parse ``"1950-2020"`` or ``"2007"`` into an inclusive ``(start, end)`` pair."""
    m = _YEARS.match(text)
    if not m:
        raise ValidationError(
            f"{option} '{text}' is not a year range; write it as 1950-2020 or as a single year such as 2007"
        )
    start = int(m.group(1))
    end = int(m.group(2) or m.group(1))
    if end < start:
        raise ValidationError(f"{option} '{text}' runs backwards; write it as {end}-{start}")
    return start, end


def parse_list(text: str | None) -> list[str]:
    """Split a comma-separated option into its non-empty, stripped items."""
    if not text:
        return []
    return [item.strip() for item in text.split(",") if item.strip()]


def print_frame(frame: pl.DataFrame, *, title: str | None = None, max_rows: int = 60) -> None:
    """Print *frame* as a rich table (floats to 3 decimals, missing as an empty cell)."""
    table = RichTable(title=title, show_lines=False, header_style="bold")
    for name in frame.columns:
        justify: Literal["right", "left"] = "right" if frame.schema[name].is_numeric() else "left"
        table.add_column(name, justify=justify, overflow="fold")
    for row in frame.head(max_rows).iter_rows():
        table.add_row(*[_fmt(v) for v in row])
    console.print(table)
    if frame.height > max_rows:
        console.print(
            f"[dim]... {frame.height - max_rows} more rows; use --out FILE for all of them[/dim]"
        )


def _fmt(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def check_out(out: Path | None) -> Path | None:
    """Validate an ``--out`` path before any work starts."""
    return None if out is None else check_output_path(out, allowed=TABLE_FORMATS)


def emit_frame(frame: pl.DataFrame, out: Path | None, *, title: str | None = None) -> None:
    """Write *frame* to *out* (by extension) or print it when *out* is None."""
    if out is None:
        print_frame(frame, title=title)
        return
    path = write_table(frame, out)
    err_console.print(f"wrote {frame.height:,} rows x {frame.width} columns to {path}")


class Progress(rich.progress.Progress):
    """A rich progress display on stderr that stays silent when stderr is not a terminal,
    so that piped output and error messages stay clean."""

    def __init__(self, *columns: Any, **kwargs: Any) -> None:
        console = kwargs.setdefault("console", err_console)
        kwargs.setdefault("disable", not console.is_terminal)
        super().__init__(*columns, **kwargs)


def track(sequence: Iterable[T], **kwargs: Any) -> Iterable[T]:
    """:func:`rich.progress.track` on stderr, silent when stderr is not a terminal."""
    console = kwargs.setdefault("console", err_console)
    kwargs.setdefault("disable", not console.is_terminal)
    return rich.progress.track(sequence, **kwargs)
