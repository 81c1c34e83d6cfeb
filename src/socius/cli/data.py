"""``socius data``: list, verify and cite the bundled datasets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import polars as pl
import typer

import socius.data as sd
from socius.cli._common import console, parse_list, print_frame
from socius.errors import DataError, ValidationError

NAME = "data"
app = typer.Typer(
    help="List, verify and cite the bundled datasets; import your own SIPRI downloads.",
    no_args_is_help=True,
)


@app.command("list")
def list_datasets() -> None:
    """List every dataset with its version, coverage and licence."""
    table = sd.versions().select("name", "version", "start", "end", "unit", "rows", "origin")
    print_frame(table, title="socius datasets", max_rows=200)


@app.command("info")
def info(name: Annotated[str, typer.Argument(help="Dataset name, e.g. nmc")]) -> None:
    """Show a dataset's manifest entry: source, version, citation, licence and columns."""
    entry = sd.info(name).entry
    console.print(f"[bold]{name}[/bold]: {entry.get('title', '')}")
    for key in (
        "upstream",
        "version",
        "publisher",
        "licence",
        "retrieved",
        "unit",
        "code_system",
        "coverage",
        "notes",
    ):
        console.print(f"  {key}: {entry.get(key, '')}")
    described = sd.info(name).columns
    cols = pl.DataFrame(
        {
            "column": list(described),
            "type": [str(_field(v, "type")) for v in described.values()],
            "description": [str(_field(v, "description")) for v in described.values()],
        },
        schema={"column": pl.String, "type": pl.String, "description": pl.String},
    )
    print_frame(cols, title="columns", max_rows=200)


def _field(value: object, key: str) -> object:
    return value.get(key, "") if isinstance(value, dict) else ""


@app.command("verify")
def verify() -> None:
    """Check every snapshot against the manifest's sha256 (exit code 2 if any fails)."""
    report = sd.verify()
    bad = report.filter(pl.col("status") != "ok")
    print_frame(report.select("name", "status", "sha256"), title="snapshot integrity", max_rows=200)
    if bad.height:
        raise DataError(f"{bad.height} snapshot(s) failed: {'; '.join(bad['message'].to_list())}")
    console.print(f"all {report.height} snapshots match the manifest")


@app.command("cite")
def cite(
    names: Annotated[
        str | None, typer.Argument(help="Comma-separated dataset names (default: all)")
    ] = None,
    style: Annotated[str, typer.Option(help="bibtex or text")] = "bibtex",
    from_file: Annotated[
        Path | None,
        typer.Option("--from", help="Cite the datasets recorded in a Parquet file socius wrote"),
    ] = None,
) -> None:
    """Print citations for datasets, or for the columns of a panel file written by socius."""
    chosen = parse_list(names) or None
    if from_file is not None:
        chosen = _datasets_in(from_file)
    typer.echo(sd.cite(chosen, style=style), nl=False)


def _datasets_in(path: Path) -> list[str]:
    if not path.is_file():
        raise ValidationError(
            f"--from file '{path}' does not exist; give a Parquet file written by socius"
        )
    import pyarrow.parquet as pq

    try:
        meta = pq.read_schema(path).metadata or {}
    except Exception as exc:
        raise ValidationError(
            f"--from file '{path}' is not a readable Parquet file ({exc})"
        ) from exc
    raw = meta.get(b"socius")
    if not raw:
        raise ValidationError(
            f"'{path}' carries no socius provenance; it was not written by socius panel ... --out FILE.parquet"
        )
    try:
        entries = json.loads(raw)
        return [str(entry["dataset"]) for entry in entries]
    except (ValueError, TypeError, KeyError) as exc:
        raise ValidationError(
            f"'{path}' has damaged socius provenance ({type(exc).__name__}); write the file again "
            "with socius (socius panel ... --out FILE.parquet)"
        ) from None


def _attach_importers() -> None:
    """``socius data import ...`` lives in socius.cli._importers (SIPRI importers)."""
    import importlib

    try:
        module = importlib.import_module("socius.cli._importers")
    except ModuleNotFoundError as exc:
        if exc.name != "socius.cli._importers":
            raise
        return
    app.add_typer(module.import_app, name="import")


_attach_importers()
