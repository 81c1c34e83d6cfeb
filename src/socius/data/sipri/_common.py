"""Shared pieces of the SIPRI importers: dataset names, result types and message helpers."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from socius.errors import ValidationError

MILEX_DATASET = "sipri_milex"
ARMS_DATASET = "sipri_arms"
_MAX_LISTED = 12


@dataclass(frozen=True)
class ImportSummary:
    """What an import read: rows, states, years, non-state names and unmatched names."""

    dataset: str
    version: str
    files: tuple[str, ...]
    rows: int
    states: int
    years: tuple[int, int]
    non_states: tuple[tuple[str, str], ...] = ()
    region_rows: tuple[str, ...] = ()
    unmatched: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = ()
    path: str = ""

    def table(self) -> pl.DataFrame:
        """The summary as ``item, value`` rows (what the CLI prints)."""
        items: list[tuple[str, str]] = [
            ("dataset", self.dataset),
            ("version", self.version),
            ("files", _short(list(self.files), 6)),
            ("rows", f"{self.rows:,}"),
            ("states (COW codes)", str(self.states)),
            ("years", f"{self.years[0]}-{self.years[1]}"),
        ]
        if self.region_rows:
            items.append(("region header rows", ", ".join(self.region_rows)))
        kinds: dict[str, list[str]] = {}
        for n, k in self.non_states:
            kinds.setdefault(k, []).append(n)
        items.extend((f"not a state: {k}", ", ".join(ns)) for k, ns in sorted(kinds.items()))
        if self.unmatched:
            items.append(("unmatched names", "; ".join(f"{n}{s}" for n, s in self.unmatched)))
        items.extend(("note", n) for n in self.notes)
        if self.path:
            items.append(("stored at", self.path))
        return pl.DataFrame(items, schema={"item": pl.String, "value": pl.String}, orient="row")


@dataclass(frozen=True)
class ParsedImport:
    """A validated SIPRI input: the frame to store, its summary and its manifest fields."""

    frame: pl.DataFrame
    summary: ImportSummary
    entry: dict[str, Any] = field(default_factory=dict)


def _check_file(path: str | os.PathLike[str]) -> Path:
    src = Path(path)
    if not src.is_file():
        raise ValidationError(
            f"file '{src}' does not exist or is not a file; give the path of your SIPRI download"
        )
    return src


def _listing(head: str, items: Sequence[str]) -> str:
    shown = "; ".join(items[:_MAX_LISTED])
    more = f"; and {len(items) - _MAX_LISTED} more" if len(items) > _MAX_LISTED else ""
    return f"{head}: {shown}{more}"


def _short(items: Sequence[str], n: int = 8) -> str:
    return ", ".join(items[:n]) + (f" and {len(items) - n} more" if len(items) > n else "")
